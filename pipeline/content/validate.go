package content

import (
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"path"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/config"
	"github.com/kominfotik-lampung/warta/pipeline/photo"
	"github.com/kominfotik-lampung/warta/pipeline/wib"
)

type validator struct {
	file  string
	at    article.Positions
	cfg   *config.Config
	fsys  fs.FS
	probs []article.Problem
}

func (v *validator) errf(key, code, hint, format string, args ...any) {
	v.probs = append(v.probs, article.Errorf(v.at.At(key), code, hint, format, args...))
}

func (v *validator) warnf(key, code, hint, format string, args ...any) {
	v.probs = append(v.probs, article.Warnf(v.at.At(key), code, hint, format, args...))
}

// required reports an empty required key at the key, or at the top of the
// front matter when the key is absent.
func (v *validator) required(key, val, hint string) {
	if strings.TrimSpace(val) != "" {
		return
	}
	if _, ok := v.at[key]; ok {
		v.errf(key, "wajib-diisi", hint, "`%s` kosong", key)
		return
	}
	pos := v.at.At("")
	pos.Col = 0
	v.probs = append(v.probs, article.Errorf(pos, "wajib-diisi", hint, "kunci wajib `%s` tidak ada", key))
}

var loginRe = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9]|-[A-Za-z0-9]){0,38}$`)

func (v *validator) news(a *article.Article, fm *frontMatter, folderDate string) {
	v.required("title", fm.Title, "isi judul berita, misalnya `title: \"Gubernur Resmikan Jembatan Way Sekampung\"`")
	v.required("summary", fm.Summary, "isi ringkasan satu-dua kalimat; dipakai di daftar berita, mesin pencari dan media sosial")
	v.required("activity", fm.Activity, "isi kegiatan yang diberitakan (catatan SOP \"Informasi Kegiatan\"), misalnya `activity: Peresmian jembatan`")
	v.required("location", fm.Location, "isi lokasi kegiatan (catatan SOP \"Lokasi Kegiatan\"), misalnya `location: Kabupaten Lampung Timur`")
	v.date(a, fm)
	if !a.Date.IsZero() {
		layout := "2006-01-02"[:len(folderDate)]
		if d := a.Date.In(v.cfg.Location).Format(layout); d != folderDate {
			v.warnf("date", "tanggal-folder", "samakan tanggal folder dengan `date`, atau biarkan bila disengaja (alamat berita mengikuti nama folder)",
				"tanggal pada nama folder (%s) berbeda dengan `date` (%s)", folderDate, d)
		}
	}
	if len(fm.Images) == 0 {
		v.required("images", "", "tambahkan minimal satu foto:\n      images:\n        - src: foto.jpg\n          alt: \"Deskripsi foto untuk pembaca tunanetra\"")
	}
	v.images(a)
	for i, t := range fm.Tags {
		if strings.TrimSpace(t) == "" {
			v.errf(fmt.Sprintf("tags[%d]", i), "tag-kosong", "hapus baris tag yang kosong", "tag kosong")
		}
	}
	for i, u := range fm.Author {
		if !loginRe.MatchString(strings.TrimPrefix(u, "@")) {
			v.errf(fmt.Sprintf("author[%d]", i), "penulis-salah", "tulis login GitHub penulis, misalnya `author: [budi-staf]`",
				"`%s` bukan login GitHub yang sah", u)
		}
	}
	seen := map[string]bool{}
	for i, p := range fm.Platforms {
		key := fmt.Sprintf("platforms[%d]", i)
		switch p {
		case article.Facebook, article.Instagram, article.X:
			if seen[p] {
				v.errf(key, "platform-ganda", "hapus yang ganda", "platform `%s` ditulis dua kali", p)
			}
			seen[p] = true
			if !v.cfg.Social.Enabled(p) {
				v.warnf(key, "platform-nonaktif", "aktifkan di site/config.yaml bila ingin memosting ke sana",
					"platform `%s` dinonaktifkan di konfigurasi; berita ini tidak akan diposting ke sana", p)
			}
		default:
			v.errf(key, "platform-tidak-dikenal", "gunakan facebook, instagram atau x", "platform `%s` tidak dikenal", p)
		}
	}
	if fm.Platforms != nil && len(fm.Platforms) == 0 {
		a.Platforms = []string{} // "platforms: []" opts out of every platform
	}
	for k := range fm.Social {
		switch k {
		case article.Facebook, article.Instagram, article.X:
		default:
			v.errf("social."+k, "platform-tidak-dikenal", "gunakan kunci facebook, instagram atau x", "teks media sosial untuk platform `%s` yang tidak dikenal", k)
		}
	}
	if fm.Assignment < 0 {
		v.errf("assignment", "penugasan-salah", "tulis nomor issue penugasan, misalnya `assignment: 12`", "nomor penugasan tidak boleh negatif")
	}
	v.aliases(fm)
	v.term("location", fm.Location, "lokasi")
	for i, t := range fm.Tags {
		v.term(fmt.Sprintf("tags[%d]", i), t, "tag")
	}
	if !article.HasErrors(v.probs) {
		v.social(a)
	}
}

func (v *validator) page(a *article.Article, fm *frontMatter) {
	v.required("title", fm.Title, "isi judul halaman")
	if fm.Date != "" {
		v.date(a, fm)
	}
	if fm.Images != nil {
		v.images(a)
	}
	v.aliases(fm)
	for _, key := range []string{"activity", "location", "platforms", "social", "assignment"} {
		if _, ok := v.at[key]; ok {
			v.warnf(key, "kunci-halaman", "hapus kunci ini dari halaman statis", "`%s` tidak berlaku untuk halaman statis", key)
		}
	}
}

// MaxAliasBytes is the longest alias path; each of its folders is a
// folder of the built site, and a file system names one in 255 bytes.
const MaxAliasBytes = 200

// aliases checks that each alias is a plain path of this site: it starts
// with `/`, holds no characters that break an HTML attribute, a URL or a
// file name (quotes, `<`, `>`, spaces, control characters, `\`, `?`, `#`,
// `%`), no `..`, and fits MaxAliasBytes. Collisions are Load's.
func (v *validator) aliases(fm *frontMatter) {
	const hint = "tulis jalur lama yang diawali `/`, tanpa spasi, tanda kutip, `<`, `>`, `?`, `#` atau `%`, misalnya `/berita/2026/11/25-judul-lama/`"
	for i, al := range fm.Aliases {
		key := fmt.Sprintf("aliases[%d]", i)
		bad := strings.IndexFunc(al, func(r rune) bool {
			return r <= ' ' || r == 0x7f || unicode.IsControl(r) || unicode.IsSpace(r) || strings.ContainsRune("\"'<>\\?#%`{}|^", r)
		})
		u, err := url.Parse(al)
		switch {
		case err == nil && (u.IsAbs() || u.Host != ""):
			v.errf(key, "alias-salah", hint, "alias `%s` bukan jalur di situs ini", al)
		case !strings.HasPrefix(al, "/"):
			v.errf(key, "alias-salah", hint, "alias `%s` harus diawali `/`", al)
		case bad >= 0:
			r, _ := utf8.DecodeRuneInString(al[bad:])
			v.errf(key, "alias-salah", hint, "alias %q memuat karakter %q yang tidak diizinkan", al, r)
		case err != nil || u.IsAbs() || u.Host != "" || strings.Contains(al, ".."):
			v.errf(key, "alias-salah", hint, "alias `%s` bukan jalur di situs ini", al)
		case len(al) > MaxAliasBytes:
			v.errf(key, "alias-salah", fmt.Sprintf("persingkat alias menjadi paling banyak %d byte", MaxAliasBytes),
				"alias sepanjang %d byte, batasnya %d", len(al), MaxAliasBytes)
		}
	}
}

// term checks a tag or location name: each gets a page named after it.
func (v *validator) term(key, name, what string) {
	if n := len(strings.TrimSpace(name)); n > article.MaxTermBytes {
		v.errf(key, what+"-terlalu-panjang", fmt.Sprintf("persingkat %s menjadi paling banyak %d byte (setiap %s punya halaman sendiri yang dinamai menurut namanya)", what, article.MaxTermBytes, what),
			"%s sepanjang %d byte, batasnya %d", what, n, article.MaxTermBytes)
	}
}

func (v *validator) date(a *article.Article, fm *frontMatter) {
	if strings.TrimSpace(fm.Date) == "" {
		v.required("date", "", "isi waktu terbit, misalnya `date: 2026-11-25T09:00:00+07:00` atau `date: 2026-11-25 09:00` (WIB)")
		return
	}
	t, ok := wib.ParseDate(strings.TrimSpace(fm.Date), v.cfg.Location)
	if !ok {
		v.errf("date", "tanggal-salah", "tulis seperti `2026-11-25T09:00:00+07:00`, `2026-11-25 09:00` (WIB) atau `2026-11-25`",
			"tanggal `%s` tidak dapat dibaca", fm.Date)
		return
	}
	a.Date = t
}

// Limits on an article's photos (issue 11, item 5): each photo is decoded
// whole by build, so their number and pixels bound its memory and time.
const (
	// MaxImages is the most photos one article may list.
	MaxImages = 20
	// MaxPhotoName is the longest photo file name, in bytes: build names
	// derivatives after it ("<name>-1200w.jpg"), and a file system takes
	// 255 bytes at most.
	MaxPhotoName = 200
)

func (v *validator) images(a *article.Article) {
	maxBytes := int64(v.cfg.Build.MaxImageMB) << 20
	maxMP := v.cfg.Build.MaxImageMegapixels
	if len(a.Images) > MaxImages {
		v.errf(fmt.Sprintf("images[%d]", MaxImages), "foto-terlalu-banyak",
			fmt.Sprintf("pilih paling banyak %d foto terbaik; foto lain dapat dimuat di berita lain", MaxImages),
			"berita memuat %d foto, batasnya %d; foto ke-%d dan seterusnya diabaikan", len(a.Images), MaxImages, MaxImages+1)
	}
	seen := map[string]int{} // cleaned src → first images index
	for i := range a.Images {
		img := &a.Images[i]
		key := fmt.Sprintf("images[%d]", i)
		img.Pos = v.at.At(key)
		if i >= MaxImages {
			continue // never read; dropInvalidImages leaves it out
		}
		if strings.TrimSpace(img.Alt) == "" {
			if _, ok := v.at[key+".alt"]; ok {
				v.errf(key+".alt", "alt-kosong", fmt.Sprintf("isi `alt: \"…\"` pada %s: jelaskan isi foto untuk pembaca tunanetra", key), "alt foto wajib diisi")
			} else {
				v.errf(key, "alt-kosong", fmt.Sprintf("tambahkan `alt: \"…\"` pada %s: jelaskan isi foto untuk pembaca tunanetra", key), "alt foto wajib diisi")
			}
		}
		src := strings.TrimSpace(img.Src)
		if src == "" {
			v.required(key+".src", "", "isi nama berkas foto di folder berita, misalnya `src: foto-utama.jpg`")
			continue
		}
		if u, err := url.Parse(src); err == nil && (u.Scheme != "" || u.Host != "") {
			v.errf(key+".src", "foto-luar", "simpan foto di folder berita ini dan tulis nama berkasnya saja", "foto `%s` bukan berkas di folder berita", src)
			continue
		}
		if !fs.ValidPath(src) || path.IsAbs(src) || strings.Contains(src, "\\") {
			v.errf(key+".src", "foto-di-luar-folder", "simpan foto di folder berita ini dan tulis nama berkasnya saja, tanpa `..` atau `/` di awal",
				"foto `%s` berada di luar folder berita", src)
			continue
		}
		if j, ok := seen[path.Clean(src)]; ok {
			// Listed twice, the photo would be shown and decoded twice.
			v.warnf(key+".src", "src-ganda", fmt.Sprintf("hapus entri ganda ini (foto yang sama sudah ada di images[%d])", j),
				"foto `%s` sudah tercantum di images[%d]; entri ini diabaikan", src, j)
			continue
		}
		seen[path.Clean(src)] = i
		if n := len(path.Base(src)); n > MaxPhotoName {
			v.errf(key+".src", "nama-foto-terlalu-panjang", fmt.Sprintf("ganti nama berkas foto menjadi paling banyak %d byte, misalnya `foto-utama.jpg`", MaxPhotoName),
				"nama berkas foto %d byte, batasnya %d", n, MaxPhotoName)
			continue
		}
		full := path.Join(path.Dir(v.file), src)
		if link := v.symlinkIn(path.Dir(v.file), src); link != "" {
			v.errf(key+".src", "tautan-simbolik", "ganti tautan simbolik dengan berkas foto yang sebenarnya (salin fotonya ke folder berita)",
				"tautan simbolik tidak diizinkan: `%s`", link)
			continue
		}
		st, err := fs.Lstat(v.fsys, full)
		if err != nil || !st.Mode().IsRegular() {
			v.errf(key+".src", "foto-tidak-ada", "unggah foto ke folder "+path.Dir(v.file)+" atau perbaiki nama berkasnya (huruf besar/kecil berpengaruh)",
				"foto `%s` tidak ditemukan", src)
			continue
		}
		if st.Size() > maxBytes {
			v.errf(key+".src", "foto-terlalu-besar", fmt.Sprintf("perkecil foto menjadi di bawah %d MB (misalnya lebar 2000 piksel)", v.cfg.Build.MaxImageMB),
				"foto `%s` berukuran %.1f MB", src, float64(st.Size())/(1<<20))
			continue
		}
		// The upright size: a phone photo tagged to turn is shown turned.
		info, err := photo.ReadFile(v.fsys, full)
		cfg, format := info, info.Format
		if err != nil || (format != "jpeg" && format != "png" && format != "webp") {
			v.errf(key+".src", "foto-rusak", "simpan ulang foto sebagai JPEG, PNG atau WebP", "foto `%s` bukan JPEG/PNG/WebP yang dapat dibaca", src)
			continue
		}
		if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > 12000 || cfg.Height > 12000 {
			v.errf(key+".src", "foto-ukuran", "gunakan foto dengan lebar dan tinggi antara 1 dan 12000 piksel", "ukuran foto `%s` (%dx%d) tidak wajar", src, cfg.Width, cfg.Height)
			continue
		}
		if px := int64(cfg.Width) * int64(cfg.Height); px > int64(maxMP)*1_000_000 {
			w, h := exampleSize(maxMP)
			v.errf(key+".src", "foto-terlalu-banyak-piksel",
				fmt.Sprintf("perkecil foto ke paling besar %d megapiksel (misalnya %d×%d piksel; untuk situs, lebar 2000 piksel sudah cukup)", maxMP, w, h),
				"foto `%s` berukuran %d×%d piksel (%.1f megapiksel), batasnya %d megapiksel", src, cfg.Width, cfg.Height, float64(px)/1e6, maxMP)
			continue
		}
		img.Width, img.Height, img.Format = cfg.Width, cfg.Height, format
	}
}

// exampleSize is a 3:2 photo size, in round hundreds, within mp megapixels.
func exampleSize(mp int) (w, h int) {
	w = int(math.Sqrt(float64(mp)*1e6*1.5)) / 100 * 100
	return w, w * 2 / 3 / 100 * 100
}

// symlinkIn returns the first path of dir/rel, below dir, that is a
// symbolic link ("" if none): a photo must be a file of the bundle, never
// a link out of it.
func (v *validator) symlinkIn(dir, rel string) string {
	p := dir
	for _, part := range strings.Split(rel, "/") {
		p = path.Join(p, part)
		st, err := fs.Lstat(v.fsys, p)
		if err != nil {
			return ""
		}
		if st.Mode()&fs.ModeSymlink != 0 {
			return strings.TrimPrefix(p, dir+"/")
		}
	}
	return ""
}

// dropInvalidImages keeps only the photos that decoded, so a build of an
// article with a broken photo shows the rest.
func (v *validator) dropInvalidImages(a *article.Article) {
	ok := a.Images[:0:0]
	for _, img := range a.Images {
		if img.Width > 0 {
			ok = append(ok, img)
		}
	}
	a.Images = ok
}

// social checks that the text each platform would receive fits its limits.
func (v *validator) social(a *article.Article) {
	url := v.cfg.ArticleURL(a.URLPath())
	opts := v.cfg.Social.Options()
	for _, p := range article.Platforms {
		if !a.WantsPlatform(p, v.cfg.Social.Enabled(p)) {
			continue
		}
		text := article.SocialText(a, p, url, opts)
		key := "social." + p
		if _, ok := v.at[key]; !ok {
			key = "summary"
		}
		switch p {
		case article.X:
			if n := article.XWeightedLength(text); n > article.XMaxWeighted {
				v.errf(key, "teks-x-terlalu-panjang", "persingkat `social.x` (tautan dihitung 23 karakter, huruf non-Latin dan emoji 2)",
					"teks untuk X %d karakter berbobot, batasnya %d", n, article.XMaxWeighted)
			}
		case article.Instagram:
			if n := article.RuneLen(text); n > article.InstagramMaxCaption {
				v.errf(key, "teks-instagram-terlalu-panjang", "persingkat ringkasan atau `social.instagram`",
					"keterangan Instagram %d karakter, batasnya %d", n, article.InstagramMaxCaption)
			}
			if n := article.CountHashtags(text); n > article.InstagramMaxHashtags {
				v.errf(key, "tagar-instagram-terlalu-banyak", "kurangi tag atau tagar",
					"keterangan Instagram memuat %d tagar, batasnya %d", n, article.InstagramMaxHashtags)
			}
		case article.Facebook:
			if n := article.RuneLen(text); n > article.FacebookMaxMessage {
				v.errf(key, "teks-facebook-terlalu-panjang", "persingkat `social.facebook`",
					"teks Facebook %d karakter, batasnya %d", n, article.FacebookMaxMessage)
			}
		}
	}
}
