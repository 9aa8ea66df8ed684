package content

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/config"
)

const testConfig = `site:
  title: Berita Uji
  base_url: https://berita.example.go.id/
  language: id
  timezone: Asia/Jakarta
roles:
  kasi:  {title: Kepala Seksi PIP,  team: kasi-pip,   users: []}
  kabid: {title: Kepala Bidang PLIP, team: kabid-plip, users: []}
social:
  facebook:  {enabled: true}
  instagram: {enabled: true}
  x:         {enabled: true}
sop:
  {assign: 2, direct: 5, produce: 7, forward: 2, verify: 2, handback: 1}
`

func jpegBytes(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func pngBytes(t testing.TB, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// goodArticle is a valid article; tests replace one line to break one rule.
const goodArticle = `---
title: "Gubernur Resmikan Jembatan"
date: 2026-11-25T09:00:00+07:00
summary: Jembatan baru menghubungkan dua kecamatan.
activity: Peresmian jembatan
location: Kabupaten Lampung Timur
images:
  - src: foto.jpg
    alt: Jembatan baru di atas sungai
    caption: Jembatan setelah diresmikan
    credit: Dokumentasi
tags: [infrastruktur, jembatan]
---

Isi berita.
`

const goodDir = "content/berita/2026/11/25-jembatan/"

func testFS(t testing.TB, files map[string]string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{
		"site/config.yaml":      {Data: []byte(testConfig)},
		goodDir + "foto.jpg":    {Data: jpegBytes(t, 64, 48)},
		"content/halaman/x.txt": {Data: []byte("ignored")},
	}
	for name, data := range files {
		if data == "" {
			delete(fsys, name)
			continue
		}
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

func load(t testing.TB, fsys fstest.MapFS) (*Set, []article.Problem) {
	t.Helper()
	cfg, cprobs, err := config.Load(fsys)
	if err != nil || len(cprobs) > 0 {
		t.Fatalf("config: %v %v", err, cprobs)
	}
	set, probs, err := Load(context.Background(), fsys, cfg, Options{Inspect: true})
	if err != nil {
		t.Fatal(err)
	}
	return set, probs
}

func TestLoadValid(t *testing.T) {
	set, probs := load(t, testFS(t, map[string]string{goodDir + "index.md": goodArticle}))
	if len(probs) != 0 {
		t.Fatalf("unexpected problems: %v", probs)
	}
	if len(set.Articles) != 1 {
		t.Fatalf("articles = %d, want 1", len(set.Articles))
	}
	a := set.Articles[0]
	if a.ID != "berita/2026/11/25-jembatan" || a.URLPath() != "/berita/2026/11/25-jembatan/" {
		t.Errorf("ID %q URL %q", a.ID, a.URLPath())
	}
	if a.Images[0].Width != 64 || a.Images[0].Height != 48 || a.Images[0].Format != "jpeg" {
		t.Errorf("image info %+v", a.Images[0])
	}
	if a.BodyLine != 14 || string(a.Body) != "\nIsi berita.\n" {
		t.Errorf("body line %d body %q", a.BodyLine, a.Body)
	}
}

func TestZonelessDateIsWIB(t *testing.T) {
	src := strings.Replace(goodArticle, "date: 2026-11-25T09:00:00+07:00", "date: 2026-11-25 09:00", 1)
	set, probs := load(t, testFS(t, map[string]string{goodDir + "index.md": src}))
	if len(probs) != 0 {
		t.Fatal(probs)
	}
	if got := set.Articles[0].Date.UTC().Format("2006-01-02T15:04"); got != "2026-11-25T02:00" {
		t.Errorf("09:00 WIB = %s UTC, want 02:00", got)
	}
}

// TestCheckRules is one row per content rule of `warta check`: the article
// is goodArticle with one edit, and the test asserts code, file, line and
// message of the single problem it causes.
func TestCheckRules(t *testing.T) {
	idx := goodDir + "index.md"
	replace := func(old, new string) map[string]string {
		if !strings.Contains(goodArticle, old) {
			t.Fatalf("fixture lacks %q", old)
		}
		return map[string]string{idx: strings.Replace(goodArticle, old, new, 1)}
	}
	tests := []struct {
		name  string
		files map[string]string
		code  string
		file  string
		line  int
		msg   string
		warn  bool
	}{
		{"title missing", replace("title: \"Gubernur Resmikan Jembatan\"\n", ""), "wajib-diisi", idx, 2, "kunci wajib `title` tidak ada", false},
		{"title empty", replace("title: \"Gubernur Resmikan Jembatan\"", "title: \"\""), "wajib-diisi", idx, 2, "`title` kosong", false},
		{"summary missing", replace("summary: Jembatan baru menghubungkan dua kecamatan.\n", ""), "wajib-diisi", idx, 2, "kunci wajib `summary` tidak ada", false},
		{"activity missing", replace("activity: Peresmian jembatan\n", ""), "wajib-diisi", idx, 2, "kunci wajib `activity` tidak ada", false},
		{"location empty", replace("location: Kabupaten Lampung Timur", "location:"), "wajib-diisi", idx, 6, "`location` kosong", false},
		{"date missing", replace("date: 2026-11-25T09:00:00+07:00\n", ""), "wajib-diisi", idx, 2, "kunci wajib `date` tidak ada", false},
		{"date unreadable", replace("date: 2026-11-25T09:00:00+07:00", "date: 25 November 2026"), "tanggal-salah", idx, 3, "tanggal `25 November 2026` tidak dapat dibaca", false},
		{"date differs from folder", replace("date: 2026-11-25T09:00:00+07:00", "date: 2026-11-24T09:00:00+07:00"), "tanggal-folder", idx, 3, "tanggal pada nama folder (2026-11-25) berbeda dengan `date` (2026-11-24)", true},
		{"no images", replace("images:\n  - src: foto.jpg\n    alt: Jembatan baru di atas sungai\n    caption: Jembatan setelah diresmikan\n    credit: Dokumentasi\n", ""), "wajib-diisi", idx, 2, "kunci wajib `images` tidak ada", false},
		{"alt empty", replace("alt: Jembatan baru di atas sungai", "alt: \"\""), "alt-kosong", idx, 9, "alt foto wajib diisi", false},
		{"alt missing", replace("    alt: Jembatan baru di atas sungai\n", ""), "alt-kosong", idx, 8, "alt foto wajib diisi", false},
		{"photo missing", replace("src: foto.jpg", "src: tidak-ada.jpg"), "foto-tidak-ada", idx, 8, "foto `tidak-ada.jpg` tidak ditemukan", false},
		{"photo escapes bundle", replace("src: foto.jpg", "src: ../lain/foto.jpg"), "foto-di-luar-folder", idx, 8, "foto `../lain/foto.jpg` berada di luar folder berita", false},
		{"photo absolute", replace("src: foto.jpg", "src: /etc/passwd"), "foto-di-luar-folder", idx, 8, "foto `/etc/passwd` berada di luar folder berita", false},
		{"photo remote", replace("src: foto.jpg", "src: https://contoh.test/a.jpg"), "foto-luar", idx, 8, "foto `https://contoh.test/a.jpg` bukan berkas di folder berita", false},
		{"photo not an image", func() map[string]string {
			m := replace("src: foto.jpg", "src: foto.gif")
			m[goodDir+"foto.gif"] = "GIF89a not really"
			return m
		}(), "foto-rusak", idx, 8, "foto `foto.gif` bukan JPEG/PNG/WebP yang dapat dibaca", false},
		{"photo too big", func() map[string]string {
			m := replace("src: foto.jpg", "src: besar.png")
			m[goodDir+"besar.png"] = string(pngBytes(t, 10, 10)) + strings.Repeat("\x00", 11<<20)
			return m
		}(), "foto-terlalu-besar", idx, 8, "foto `besar.png` berukuran 11.0 MB", false},
		{"unknown key", replace("tags:", "tagz: [a]\ntags:"), "kunci-tidak-dikenal", idx, 12, "kunci `tagz` tidak dikenal", false},
		{"duplicate key", replace("tags:", "title: lagi\ntags:"), "kunci-ganda", idx, 12, "kunci `title` ditulis dua kali", false},
		{"wrong type", replace("tags: [infrastruktur, jembatan]", "tags: {a: b}"), "tipe-salah", idx, 12, "nilai `tags` harus berupa daftar (`- nilai` per baris, atau `[a, b]`), bukan daftar kunci (map)", false},
		{"malformed yaml", replace("summary: Jembatan baru menghubungkan dua kecamatan.", "summary: \"tidak ditutup"), "yaml-rusak", idx, 4, "tanda kutip atau kurung yang dibuka di baris ini tidak ditutup", false},
		{"no front matter", map[string]string{idx: "Hanya teks.\n"}, "front-matter-hilang", idx, 1, "front matter tidak ditemukan atau tidak ditutup dengan `---`", false},
		{"misplaced file", map[string]string{idx: goodArticle, "content/berita/2026/jembatan.md": goodArticle}, "letak-salah", "content/berita/2026/jembatan.md", 0, "berkas Markdown di luar tata letak konten", false},
		{"unknown platform", replace("tags:", "platforms: [facebook, tiktok]\ntags:"), "platform-tidak-dikenal", idx, 12, "platform `tiktok` tidak dikenal", false},
		{"bad author", replace("tags:", "author: [\"bukan login!\"]\ntags:"), "penulis-salah", idx, 12, "`bukan login!` bukan login GitHub yang sah", false},
		{"x override too long", replace("tags:", "social:\n  x: \""+strings.Repeat("kata ", 60)+"\"\ntags:"), "teks-x-terlalu-panjang", idx, 13, "teks untuk X 323 karakter berbobot, batasnya 280", false},
		{"x override fits only without the URL", replace("tags:", "social:\n  x: \""+strings.Repeat("kata ", 52)+"\"\ntags:"), "teks-x-terlalu-panjang", idx, 13, "teks untuk X 283 karakter berbobot, batasnya 280", false},
		{"x weighs CJK double", replace("tags:", "social:\n  x: \""+strings.Repeat("日", 141)+"\"\ntags:"), "teks-x-terlalu-panjang", idx, 13, "teks untuk X 306 karakter berbobot, batasnya 280", false},
		{"instagram too long", replace("summary: Jembatan baru menghubungkan dua kecamatan.", "summary: "+strings.Repeat("panjang ", 280)), "teks-instagram-terlalu-panjang", idx, 4, "keterangan Instagram 2365 karakter, batasnya 2200", false},
		{"too many hashtags", replace("tags: [infrastruktur, jembatan]", "tags: [t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15, t16, t17, t18, t19, t20, t21, t22, t23, t24, t25, t26, t27, t28, t29, t30, t31]"), "tagar-instagram-terlalu-banyak", idx, 4, "keterangan Instagram memuat 31 tagar, batasnya 30", false},
		{"raw html", replace("Isi berita.", "Isi <b>berita</b>."), "html-mentah", idx, 15, "HTML mentah akan dibuang saat situs dibangun", true},
		{"body image not listed", replace("Isi berita.", "![Lain](lain.jpg) ![Utama](foto.jpg)"), "foto-badan", idx, 15, "foto `lain.jpg` di isi berita tidak terdaftar di `images`", false},
		{"javascript link", replace("Isi berita.", "[klik](javascript:alert(1))"), "tautan-berbahaya", idx, 15, "tautan dengan skema tidak aman (misalnya javascript: atau data:) dinonaktifkan", true},
		{"duplicate URL via alias", map[string]string{idx: goodArticle,
			"content/halaman/tentang.md": "---\ntitle: Tentang\naliases: [/berita/2026/11/25-jembatan/]\n---\nTeks\n"},
			"url-ganda", "content/halaman/tentang.md", 3, "alamat /berita/2026/11/25-jembatan/ sudah dipakai oleh content/berita/2026/11/25-jembatan/index.md", false},
		{"page takes a site path", map[string]string{idx: goodArticle, "content/halaman/arsip.md": "---\ntitle: Arsip\n---\nTeks\n"},
			"url-ganda", "content/halaman/arsip.md", 1, "alamat /arsip/ sudah dipakai oleh situs (halaman arsip)", false},
		{"bad alias", replace("tags:", "aliases: [\"https://lain.test/x\"]\ntags:"), "alias-salah", idx, 12, "alias `https://lain.test/x` bukan jalur di situs ini", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := load(t, testFS(t, tt.files))
			if len(probs) != 1 {
				t.Fatalf("want exactly one problem, got %d:\n%v", len(probs), probs)
			}
			p := probs[0]
			if p.Code != tt.code || p.Pos.File != tt.file || p.Pos.Line != tt.line || p.Msg != tt.msg || (p.Severity == article.Warning) != tt.warn {
				t.Errorf("got  %s (%s) severity %s\nwant %s:%d: %s [%s] warning=%v", p, p.Code, p.Severity, tt.file, tt.line, tt.msg, tt.code, tt.warn)
			}
			if p.Hint == "" {
				t.Errorf("problem %s has no fix hint", p.Code)
			}
		})
	}
}

// TestManyDefectsAllReported loads a fixture with defects in several files
// and keys, and expects every one in a single run.
func TestManyDefectsAllReported(t *testing.T) {
	bad := `---
title: ""
date: kemarin
summary:
lokasi: Metro
images:
  - src: ../x.jpg
  - src: hilang.png
    alt: ada
tags: [ok, ""]
platforms: [myspace]
---
Teks <script>alert(1)</script>
`
	fsys := testFS(t, map[string]string{
		goodDir + "index.md":                          goodArticle,
		"content/berita/2026/11/20-rusak/index.md":    bad,
		"content/berita/2026/11/21-tanpa-fm/index.md": "tanpa front matter",
		"content/berita/2026/11/22-yaml/index.md":     "---\ntitle: [\n---\n",
		"content/berita/Salah Nama/index.md":          goodArticle,
	})
	set, probs := load(t, fsys)
	var got []string
	for _, p := range probs {
		got = append(got, p.Pos.String()+" "+p.Code)
	}
	want := []string{
		"content/berita/2026/11/20-rusak/index.md:2 wajib-diisi",     // activity missing
		"content/berita/2026/11/20-rusak/index.md:2 wajib-diisi",     // location missing
		"content/berita/2026/11/20-rusak/index.md:2:8 wajib-diisi",   // title empty
		"content/berita/2026/11/20-rusak/index.md:3:7 tanggal-salah", // date
		"content/berita/2026/11/20-rusak/index.md:4:9 wajib-diisi",   // summary empty
		"content/berita/2026/11/20-rusak/index.md:5:1 kunci-tidak-dikenal",
		"content/berita/2026/11/20-rusak/index.md:7:5 alt-kosong",
		"content/berita/2026/11/20-rusak/index.md:7:10 foto-di-luar-folder",
		"content/berita/2026/11/20-rusak/index.md:8:10 foto-tidak-ada",
		"content/berita/2026/11/20-rusak/index.md:10:12 tag-kosong",
		"content/berita/2026/11/20-rusak/index.md:11:13 platform-tidak-dikenal",
		"content/berita/2026/11/20-rusak/index.md:13 html-mentah",
		"content/berita/2026/11/21-tanpa-fm/index.md:1 front-matter-hilang",
		"content/berita/2026/11/22-yaml/index.md:2 yaml-rusak",
		"content/berita/Salah Nama/index.md letak-salah",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\n\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(set.Articles) != 1 || set.Articles[0].ID != "berita/2026/11/25-jembatan" || set.Articles[0].Errors != 0 {
		t.Errorf("the valid article must still load: %+v", set.Articles)
	}

	if strings.Join(set.Rejected, " ") != "content/berita/2026/11/20-rusak/index.md content/berita/2026/11/21-tanpa-fm/index.md content/berita/2026/11/22-yaml/index.md" {
		t.Errorf("rejected = %v", set.Rejected)
	}
}

// TestArticleWithErrorsStaysRenderable: an article that has a title and a
// date is kept (counted errors, broken photos left out) so build can still
// show it, while publish refuses it.
func TestArticleWithErrorsStaysRenderable(t *testing.T) {
	src := strings.Replace(goodArticle, "images:\n", "images:\n  - src: hilang.jpg\n    alt: Foto yang belum diunggah\n", 1)
	set, probs := load(t, testFS(t, map[string]string{goodDir + "index.md": src}))
	if len(probs) != 1 || probs[0].Code != "foto-tidak-ada" {
		t.Fatalf("problems: %v", probs)
	}
	if len(set.Articles) != 1 {
		t.Fatalf("article dropped")
	}
	a := set.Articles[0]
	if a.Errors != 1 || len(a.Images) != 1 || a.Images[0].Src != "foto.jpg" {
		t.Errorf("errors %d images %+v", a.Errors, a.Images)
	}
}

func TestFolderWithoutDay(t *testing.T) {
	set, probs := load(t, testFS(t, map[string]string{
		"content/berita/2026/11/jembatan/index.md": goodArticle,
		"content/berita/2026/11/jembatan/foto.jpg": string(jpegBytes(t, 8, 8)),
	}))
	if len(probs) != 1 || probs[0].Code != "folder-tanpa-tanggal" || probs[0].Severity != article.Warning {
		t.Fatalf("problems: %v", probs)
	}
	if len(set.Articles) != 1 || set.Articles[0].URLPath() != "/berita/2026/11/jembatan/" {
		t.Errorf("articles: %+v", set.Articles)
	}
}

// TestLoadFileAsLoad: LoadFile gives what Load gives for that file, tells
// the hash of the bytes it read, and teaches the cache.
func TestLoadFileAsLoad(t *testing.T) {
	src := strings.Replace(goodArticle, "images:\n", "images:\n  - src: hilang.jpg\n    alt: Foto yang belum diunggah\n", 1)
	fsys := testFS(t, map[string]string{goodDir + "index.md": src})
	set, probs := load(t, fsys)
	cfg, _, err := config.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	cache := NewCache("k")
	a, fprobs, hash, err := LoadFile(fsys, goodDir+"index.md", cfg, Options{Inspect: true, Cache: cache})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, set.Articles[0]) || !reflect.DeepEqual(fprobs, probs) {
		t.Errorf("LoadFile: %+v %v\nLoad: %+v %v", a, fprobs, set.Articles[0], probs)
	}
	if hash != sha256.Sum256([]byte(src)) {
		t.Errorf("hash is not the file's")
	}
	if h, ok := cache.Hash(goodDir + "index.md"); !ok || h != hash {
		t.Errorf("cache did not learn the file")
	}
	for _, file := range []string{"content/halaman/x.txt", goodDir + "hilang.md", "content/halaman/tidak-ada.md"} {
		if _, _, _, err := LoadFile(fsys, file, cfg, Options{}); err == nil {
			t.Errorf("LoadFile(%s) succeeded", file)
		}
	}
}

// TestLoadOrderAndCancel loads many files in parallel: the result is the
// same on every run, a cancelled ctx stops Load with its error, and a
// folder that cannot be read fails the walk.
func TestLoadOrderAndCancel(t *testing.T) {
	files := map[string]string{}
	for d := 1; d <= 28; d++ {
		dir := fmt.Sprintf("content/berita/2026/11/%02d-berita-%d/", d, d)
		files[dir+"index.md"] = strings.Replace(goodArticle, "2026-11-25T09:00", fmt.Sprintf("2026-11-%02dT09:00", d%3+1), 1)
		files[dir+"foto.jpg"] = "bukan jpeg"
	}
	fsys := testFS(t, files)
	first, firstProbs := load(t, fsys)
	if len(first.Articles) != 28 || len(firstProbs) < 28 {
		t.Fatalf("loaded %d articles, %d problems", len(first.Articles), len(firstProbs))
	}
	for range 5 {
		set, probs := load(t, fsys)
		if !reflect.DeepEqual(set, first) || !reflect.DeepEqual(probs, firstProbs) {
			t.Fatal("two loads of the same content differ")
		}
	}

	cfg, _, err := config.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, _, err := Load(ctx, fsys, cfg, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled Load: err = %v, want context.Canceled", err)
	}

	broken := failOpen{fsys, "content/berita/2026/11/07-berita-7"}
	if _, _, err := Load(t.Context(), broken, cfg, Options{}); !errors.Is(err, errUnreadable) || !strings.HasPrefix(err.Error(), "content: walk") {
		t.Errorf("unreadable folder: err = %v", err)
	}
}

var errUnreadable = errors.New("unreadable")

// failOpen is fsys where the file or folder name cannot be opened.
type failOpen struct {
	fsys fs.FS
	name string
}

func (f failOpen) Open(name string) (fs.File, error) {
	if name == f.name {
		return nil, errUnreadable
	}
	return f.fsys.Open(name)
}
