package site

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const (
	correctedPage = "berita/2026/11/20-sosialisasi-stunting/index.html"
	retractedDir  = "berita/2026/11/18-bantuan-dicabut"
	retractedPage = retractedDir + "/index.html"
)

var ldRe = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// TestCorrectedArticleJSONLD: the JSON-LD of a corrected article parses
// and carries dateModified (its latest correction) and one
// CorrectionComment per correction, oldest first.
func TestCorrectedArticleJSONLD(t *testing.T) {
	repo := fixture(t)
	out := t.TempDir()
	build(t, repo, out, fixtureOptions(t))
	page := mustRead(t, filepath.Join(out, correctedPage))
	m := ldRe.FindSubmatch(page)
	if m == nil {
		t.Fatal("no JSON-LD on the corrected article")
	}
	var ld struct {
		Type          string `json:"@type"`
		DatePublished string `json:"datePublished"`
		DateModified  string `json:"dateModified"`
		Correction    []struct {
			Type          string `json:"@type"`
			DatePublished string `json:"datePublished"`
			Text          string `json:"text"`
		} `json:"correction"`
	}
	if err := json.Unmarshal(m[1], &ld); err != nil {
		t.Fatalf("JSON-LD does not parse: %v\n%s", err, m[1])
	}
	if ld.Type != "NewsArticle" || ld.DatePublished != "2026-11-20T13:30:00+07:00" || ld.DateModified != "2026-11-25T14:30:00+07:00" {
		t.Errorf("@type %q, datePublished %q, dateModified %q; want NewsArticle, 2026-11-20T13:30:00+07:00, 2026-11-25T14:30:00+07:00",
			ld.Type, ld.DatePublished, ld.DateModified)
	}
	if len(ld.Correction) != 2 {
		t.Fatalf("%d corrections in JSON-LD, want 2: %s", len(ld.Correction), m[1])
	}
	for i, want := range []struct{ date, text string }{
		{"2026-11-21T10:00:00+07:00", "Ralat: Sebelumnya tertulis 200 kader; yang benar 300 kader."},
		{"2026-11-25T14:30:00+07:00", "Hak jawab: Dinas Kesehatan & Puskesmas menyampaikan bahwa sosialisasi berlangsung dua hari, bukan satu."},
	} {
		c := ld.Correction[i]
		if c.Type != "CorrectionComment" || c.DatePublished != want.date || c.Text != want.text {
			t.Errorf("correction[%d] = %+v, want CorrectionComment %s %q", i, c, want.date, want.text)
		}
	}
	// An article without corrections was modified when it was published.
	plain := ldRe.FindSubmatch(mustRead(t, filepath.Join(out, "berita/2026/11/25-peresmian-jembatan/index.html")))
	if plain == nil || bytes.Contains(plain[1], []byte(`"correction"`)) ||
		!bytes.Contains(plain[1], []byte(`"dateModified":"2026-11-25T09:00:00+07:00"`)) {
		t.Errorf("JSON-LD of an uncorrected article: %s", plain)
	}
}

// TestRetractedArticle: the retracted article keeps its URL with a
// notice (title, dates, reason), shows nothing of its body or photos, is
// noindex, and is on no list, index, feed or sitemap; its alias leads to
// the notice.
func TestRetractedArticle(t *testing.T) {
	repo := fixture(t)
	out := t.TempDir()
	res := build(t, repo, out, fixtureOptions(t))
	if res.Articles != 4 {
		t.Errorf("Articles = %d, want 4 (the retracted one is not counted)", res.Articles)
	}
	files := readTree(t, out)
	page := string(files[retractedPage])
	for _, want := range []string{
		`<meta name="robots" content="noindex">`,
		"<h1>Penyaluran Bantuan Pangan di Way Kanan</h1>",
		`<time datetime="2026-11-18T10:00:00&#43;07:00">Rabu, 18 November 2026, 10.00 WIB</time>`,
		`<time datetime="2026-11-24T16:00:00&#43;07:00">Selasa, 24 November 2026, 16.00 WIB</time>`,
		"Data penerima belum diverifikasi dinas sosial; berita dicabut sampai data resmi terbit.",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("retracted page lacks %s", want)
		}
	}
	// The header's logo and the footer's accounts are the site's; the
	// article itself (inside <main>) shows no photo and no post.
	main := page
	if i, j := strings.Index(page, "<main"), strings.Index(page, "</main>"); i >= 0 && j > i {
		main = page[i:j]
	}
	for _, bad := range []string{"ISI-YANG-DICABUT", "RINGKASAN-YANG-DICABUT", "<img", "bantuan.jpg", "w.jpg", "instagram", "ld+json", "Warga menerima paket"} {
		if strings.Contains(main, bad) || bad != "<img" && bad != "instagram" && strings.Contains(page, bad) {
			t.Errorf("retracted page shows %q", bad)
		}
	}
	for name := range files {
		if strings.HasPrefix(name, retractedDir+"/") && name != retractedPage {
			t.Errorf("%s written for the retracted article", name)
		}
	}
	// Lists, indexes, feed and sitemap: only /ralat/, the alias and the
	// page itself may name it.
	for name, data := range files {
		if name == retractedPage || name == "ralat/index.html" || name == "berita/bantuan-lama/index.html" || name == ManifestFile {
			continue
		}
		for _, bad := range []string{"18-bantuan-dicabut", "Penyaluran Bantuan Pangan", "Way Kanan", "Bantuan Sosial"} {
			if bytes.Contains(data, []byte(bad)) {
				t.Errorf("%s mentions the retracted article (%q)", name, bad)
			}
		}
	}
	for _, gone := range []string{"lokasi/kabupaten-way-kanan/index.html", "tag/bantuan-sosial/index.html"} {
		if _, ok := files[gone]; ok {
			t.Errorf("%s exists: it holds only the retracted article", gone)
		}
	}
	alias := string(files["berita/bantuan-lama/index.html"])
	if !strings.Contains(alias, `content="0; url=/berita/2026/11/18-bantuan-dicabut/"`) {
		t.Errorf("alias does not lead to the notice:\n%s", alias)
	}
	ralat := string(files["ralat/index.html"])
	if !strings.Contains(ralat, `<a href="/berita/2026/11/18-bantuan-dicabut/">`) || !strings.Contains(ralat, "Pencabutan") {
		t.Errorf("/ralat/ does not list the retraction")
	}
}

// TestRalatLinkedFromEveryPage: the footer of every HTML page links to
// /ralat/, which exists even when nothing was corrected.
func TestRalatLinkedFromEveryPage(t *testing.T) {
	repo := fixture(t)
	out := t.TempDir()
	build(t, repo, out, fixtureOptions(t))
	n := 0
	for name, data := range readTree(t, out) {
		if !strings.HasSuffix(name, ".html") || bytes.Contains(data, []byte(`http-equiv="refresh"`)) {
			continue // aliases are redirects, not pages
		}
		n++
		if !bytes.Contains(data, []byte(`<li><a href="/ralat/">Ralat</a></li>`)) {
			t.Errorf("%s has no link to /ralat/", name)
		}
	}
	if n < 10 {
		t.Errorf("only %d pages checked", n)
	}

	// No corrections at all: /ralat/ says so.
	for _, f := range []string{"content/berita/2026/11/18-bantuan-dicabut/index.md", "content/berita/2026/11/20-sosialisasi-stunting/index.md"} {
		p := filepath.Join(repo, filepath.FromSlash(f))
		data := dropKeys(mustRead(t, p), "corrections:", "retraction:")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out = t.TempDir()
	build(t, repo, out, fixtureOptions(t))
	ralat := string(mustRead(t, filepath.Join(out, "ralat/index.html")))
	if !strings.Contains(ralat, "<p>Belum ada ralat atau pencabutan.</p>") {
		t.Errorf("empty /ralat/:\n%s", ralat)
	}
	if _, err := os.Stat(filepath.Join(out, retractedDir, "bantuan-480w.jpg")); err != nil {
		t.Errorf("no longer retracted, its photo is not made: %v", err)
	}
	if bytes.Contains(mustRead(t, filepath.Join(out, correctedPage)), []byte("Diperbarui")) {
		t.Error("an article without corrections says Diperbarui")
	}
}

// dropKeys removes the front-matter keys starting with the given prefixes
// and the indented lines under them.
func dropKeys(data []byte, keys ...string) []byte {
	var out []string
	skip := false
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if !strings.HasPrefix(line, " ") {
			skip = false
			for _, k := range keys {
				skip = skip || strings.HasPrefix(line, k)
			}
		}
		if !skip {
			out = append(out, line)
		}
	}
	return []byte(strings.Join(out, ""))
}
