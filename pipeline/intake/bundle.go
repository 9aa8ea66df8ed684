package intake

import (
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/wib"
)

// DefaultCredit is the photo credit a new article starts with.
const DefaultCredit = "Dokumentasi Diskominfotik Lampung"

// BundleDir is the folder of a news bundle dated t (in the site's zone)
// with slug, as `warta new` and intake lay it out:
// content/berita/YYYY/MM/DD-slug.
func BundleDir(t time.Time, slug string) string {
	return fmt.Sprintf("content/berita/%s/%s-%s", t.Format("2006/01"), t.Format("02"), slug)
}

// Defect is one problem with the form answers, for the writer: the field
// (by id; its label is what the comment shows), what is wrong and how to
// fix it, in Bahasa Indonesia.
type Defect struct {
	Field string
	Msg   string
	Fix   string
}

// Photo is one photo of the draft: the form field number (1…4), the
// attachment URL, and, once fetched, its file name and bytes.
type Photo struct {
	N       int
	URL     string
	Alt     string
	Caption string
	Name    string // foto-N.jpg; set with Data once fetched
	Data    []byte
}

// Draft is an article built from the form answers.
type Draft struct {
	Issue      int
	Title      string
	Slug       string
	Date       time.Time
	Summary    string
	Activity   string
	Location   string
	Body       string
	Tags       []string
	Assignment int
	Author     string
	Photos     []Photo
}

// Dir is the bundle folder of the draft.
func (d *Draft) Dir() string { return BundleDir(d.Date, d.Slug) }

// Branch is the branch the draft is committed on: naskah/<N>-<slug>.
func (d *Draft) Branch() string { return "naskah/" + strconv.Itoa(d.Issue) + "-" + d.Slug }

// BuildOptions are what Build needs besides the answers.
type BuildOptions struct {
	Issue   int
	Author  string         // GitHub login of the issue's author
	Created time.Time      // when the issue was opened: the date when waktu is empty
	Loc     *time.Location // the site's zone (WIB)
}

// Build checks the answers and lays out the draft with the rules of
// `warta new`: the date from waktu (or the issue's creation time), the
// slug from the title. Defects come in form order; with any defect the
// draft is nil.
func Build(a Answers, opt BuildOptions) (*Draft, []Defect) {
	var defects []Defect
	add := func(field, msg, fix string) { defects = append(defects, Defect{field, msg, fix}) }
	d := &Draft{Issue: opt.Issue, Author: opt.Author}

	d.Title = strings.Join(strings.Fields(a["judul"]), " ")
	d.Slug = article.Slug(d.Title)
	switch {
	case d.Title == "":
		add("judul", "judul berita kosong", "tulis judul berita, misalnya \"Gubernur Resmikan Jembatan Way Sekampung\"")
	case d.Slug == "":
		add("judul", "judul tidak memuat huruf atau angka latin", "tulis judul dengan huruf latin; alamat berita dibentuk dari judul")
	}
	d.Summary = strings.Join(strings.Fields(a["ringkasan"]), " ")
	if d.Summary == "" {
		add("ringkasan", "ringkasan kosong", "tulis 1–2 kalimat inti berita; ringkasan tampil di daftar berita dan media sosial")
	}
	d.Activity = strings.Join(strings.Fields(a["kegiatan"]), " ")
	if d.Activity == "" {
		add("kegiatan", "kegiatan kosong (catatan SOP \"Informasi Kegiatan\")", "tulis kegiatan yang diberitakan, misalnya \"Peresmian jembatan oleh Gubernur Lampung\"")
	}
	d.Location = strings.Join(strings.Fields(a["lokasi"]), " ")
	if d.Location == "" {
		add("lokasi", "lokasi kegiatan kosong (catatan SOP \"Lokasi Kegiatan\")", "tulis tempat kegiatan, misalnya \"Kecamatan Pagelaran, Kabupaten Pringsewu\"")
	}
	d.Date = opt.Created.In(opt.Loc).Truncate(time.Minute)
	if w := strings.TrimSpace(a["waktu"]); w != "" {
		t, ok := parseWaktu(w, opt.Loc)
		if !ok {
			add("waktu", fmt.Sprintf("waktu %q tidak dapat dibaca", w), "tulis tanggal dan jam WIB seperti 2026-11-25 09:00, atau kosongkan agar dipakai waktu pengiriman")
		} else {
			d.Date = t
		}
	}
	d.Body = strings.TrimSpace(a["isi"])
	if d.Body == "" {
		add("isi", "isi berita kosong", "tulis isi berita dalam paragraf biasa: apa, siapa, di mana, kapan, mengapa dan bagaimana")
	}
	for i := 1; i <= MaxPhotos; i++ {
		n := strconv.Itoa(i)
		raw := a["foto_"+n]
		alt := strings.Join(strings.Fields(a["alt_"+n]), " ")
		caption := strings.Join(strings.Fields(a["keterangan_"+n]), " ")
		urls := PhotoURLs(raw)
		switch {
		case raw == "" && i == 1:
			add("foto_1", "foto utama belum dilampirkan", "ketuk kolom Foto 1 lalu lampirkan satu foto JPEG dari galeri atau kamera")
			continue
		case raw == "":
			if alt != "" || caption != "" {
				add("foto_"+n, "isi atau keterangan foto "+n+" diisi tetapi fotonya tidak ada", "lampirkan fotonya di kolom Foto "+n+", atau kosongkan Isi foto "+n+" dan Keterangan foto "+n)
			}
			continue
		case len(urls) == 0:
			add("foto_"+n, "kolom ini tidak memuat foto terlampir", "hapus teksnya lalu lampirkan satu foto (ketuk kolom, pilih lampirkan berkas)")
			continue
		case len(urls) > 1:
			add("foto_"+n, fmt.Sprintf("ada %d foto dalam satu kolom", len(urls)), "lampirkan satu foto per kolom; pakai Foto 2 sampai Foto 4 untuk foto lainnya")
			continue
		}
		if alt == "" {
			add("alt_"+n, "isi foto "+n+" belum dijelaskan", "jelaskan apa yang tampak di foto untuk pembaca tunanetra, misalnya \"Gubernur menggunting pita di ujung jembatan\"")
		}
		d.Photos = append(d.Photos, Photo{N: i, URL: urls[0], Alt: alt, Caption: caption})
	}
	for _, t := range strings.Split(a["tag"], ",") {
		if t = strings.Join(strings.Fields(t), " "); t != "" {
			d.Tags = append(d.Tags, t)
		}
	}
	if p := strings.TrimSpace(a["penugasan"]); p != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(p, "#"))
		if err != nil || n <= 0 {
			add("penugasan", fmt.Sprintf("nomor penugasan %q bukan nomor isu", p), "tulis nomor isu penugasan saja, misalnya 12, atau kosongkan")
		} else {
			d.Assignment = n
		}
	}
	if len(defects) > 0 {
		return nil, defects
	}
	return d, nil
}

// parseWaktu reads the form's time: what front matter accepts (wib.ParseDate),
// also with "WIB" after it and a dot between hour and minute, as people in
// Indonesia write it ("2026-11-25 09.00 WIB").
func parseWaktu(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 3 && strings.EqualFold(s[len(s)-3:], "WIB") {
		s = strings.TrimSpace(s[:len(s)-3])
	}
	if date, clock, ok := strings.Cut(s, " "); ok {
		s = date + " " + strings.Replace(strings.TrimSpace(clock), ".", ":", 1)
	}
	return wib.ParseDate(s, loc)
}

// frontMatter is index.md's front matter in the order warta new writes it.
type frontMatter struct {
	Title      string    `yaml:"title"`
	Date       string    `yaml:"date"`
	Summary    string    `yaml:"summary"`
	Activity   string    `yaml:"activity"`
	Location   string    `yaml:"location"`
	Images     []fmImage `yaml:"images"`
	Author     []string  `yaml:"author,omitempty"`
	Tags       []string  `yaml:"tags,omitempty"`
	Assignment int       `yaml:"assignment,omitempty"`
}

type fmImage struct {
	Src     string `yaml:"src"`
	Alt     string `yaml:"alt"`
	Caption string `yaml:"caption,omitempty"`
	Credit  string `yaml:"credit"`
}

// IndexMD is the draft's index.md. The photos must have their Name. Text
// from the form goes through the YAML encoder, so no answer can add a key.
func (d *Draft) IndexMD() ([]byte, error) {
	fm := frontMatter{
		Title: d.Title, Date: d.Date.Format(wib.FrontMatterLayout), Summary: d.Summary,
		Activity: d.Activity, Location: d.Location, Tags: d.Tags, Assignment: d.Assignment,
	}
	if d.Author != "" {
		fm.Author = []string{d.Author}
	}
	for _, p := range d.Photos {
		fm.Images = append(fm.Images, fmImage{Src: p.Name, Alt: p.Alt, Caption: p.Caption, Credit: DefaultCredit})
	}
	y, err := yaml.Marshal(fm)
	if err != nil {
		return nil, fmt.Errorf("intake: encode front matter: %w", err)
	}
	var b strings.Builder
	b.WriteString("---\n")
	b.Write(y)
	b.WriteString("---\n\n")
	b.WriteString(strings.ReplaceAll(d.Body, "\r\n", "\n"))
	b.WriteString("\n")
	return []byte(b.String()), nil
}

// Files are the bundle's files by repository path: index.md and the photos.
func (d *Draft) Files() (map[string][]byte, error) {
	md, err := d.IndexMD()
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{path.Join(d.Dir(), "index.md"): md}
	for _, p := range d.Photos {
		out[path.Join(d.Dir(), p.Name)] = p.Data
	}
	return out, nil
}
