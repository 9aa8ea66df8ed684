package content

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/config"
)

// Regression tests of issue 11, items 5 to 10: hostile or careless content
// that check must refuse with a Bahasa message, a line and a fix, without
// spending more than normal content costs.

const hostileIdx = goodDir + "index.md"

// pngHeader is the start of a PNG of w×h 16-bit RGBA pixels: signature and
// IHDR, all image.DecodeConfig reads. A check that decoded the pixels
// would fail on it.
func pngHeader(w, h uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32([]byte("IHDR"), w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 16, 6, 0, 0, 0)
	b := []byte("\x89PNG\r\n\x1a\n")
	b = binary.BigEndian.AppendUint32(b, 13)
	b = append(b, ihdr...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(ihdr))
}

// withImages replaces the images of goodArticle.
func withImages(list string) string {
	return strings.Replace(goodArticle, `images:
  - src: foto.jpg
    alt: Jembatan baru di atas sungai
    caption: Jembatan setelah diresmikan
    credit: Dokumentasi
`, "images:\n"+list, 1)
}

// findProblem returns the first problem with code, failing the test when
// there is none.
func findProblem(t *testing.T, probs []article.Problem, code string) article.Problem {
	t.Helper()
	for _, p := range probs {
		if p.Code == code {
			if p.Hint == "" {
				t.Errorf("problem %s has no fix", p)
			}
			return p
		}
	}
	t.Fatalf("no %s problem among:\n%v", code, probs)
	return article.Problem{}
}

// Item 5: photos cost memory by pixels; check reads only their headers.
func TestCheckPhotoBudget(t *testing.T) {
	t.Run("pixel budget", func(t *testing.T) {
		fsys := testFS(t, map[string]string{hostileIdx: withImages("  - {src: besar.png, alt: Besar}\n")})
		fsys[goodDir+"besar.png"] = &fstest.MapFile{Data: pngHeader(12000, 12000)}
		set, probs := load(t, fsys)
		p := findProblem(t, probs, "foto-terlalu-banyak-piksel")
		if p.Pos.Line != 8 || p.Msg != "foto `besar.png` berukuran 12000×12000 piksel (144.0 megapiksel), batasnya 40 megapiksel" ||
			!strings.Contains(p.Hint, "perkecil foto ke paling besar 40 megapiksel") {
			t.Errorf("got %s", p)
		}
		if len(set.Articles) != 1 || len(set.Articles[0].Images) != 0 {
			t.Errorf("the photo over budget must be left out of the build")
		}
	})
	t.Run("configured budget", func(t *testing.T) {
		fsys := testFS(t, map[string]string{hostileIdx: goodArticle, "site/config.yaml": testConfig + "build: {max_image_megapixels: 1}\n"})
		fsys[goodDir+"foto.jpg"] = &fstest.MapFile{Data: pngHeader(1001, 1000)}
		_, probs := load(t, fsys)
		if p := findProblem(t, probs, "foto-terlalu-banyak-piksel"); !strings.Contains(p.Msg, "batasnya 1 megapiksel") {
			t.Errorf("got %s", p)
		}
	})
	t.Run("too many photos", func(t *testing.T) {
		var list strings.Builder
		fsys := testFS(t, nil)
		for i := range 25 {
			fmt.Fprintf(&list, "  - {src: f%d.jpg, alt: Foto %d}\n", i, i)
			fsys[fmt.Sprintf("%sf%d.jpg", goodDir, i)] = &fstest.MapFile{Data: jpegBytes(t, 8, 8)}
		}
		fsys[hostileIdx] = &fstest.MapFile{Data: []byte(withImages(list.String()))}
		set, probs := load(t, fsys)
		p := findProblem(t, probs, "foto-terlalu-banyak")
		if p.Pos.Line != 28 || p.Msg != "berita memuat 25 foto, batasnya 20; foto ke-21 dan seterusnya diabaikan" {
			t.Errorf("got %s", p)
		}
		if n := len(set.Articles[0].Images); n != MaxImages {
			t.Errorf("%d photos kept, want %d", n, MaxImages)
		}
	})
	t.Run("same src twice", func(t *testing.T) {
		set, probs := load(t, testFS(t, map[string]string{hostileIdx: withImages(
			"  - {src: foto.jpg, alt: Satu}\n  - {src: foto.jpg, alt: Dua}\n")}))
		p := findProblem(t, probs, "src-ganda")
		if p.Severity != article.Warning || p.Pos.Line != 9 || p.Msg != "foto `foto.jpg` sudah tercantum di images[0]; entri ini diabaikan" {
			t.Errorf("got %s", p)
		}
		if n := len(set.Articles[0].Images); n != 1 {
			t.Errorf("%d photos kept, want the first only", n)
		}
	})
}

// noReadFS fails the test when file is opened: a file too large must be
// refused by its size alone.
type noReadFS struct {
	fstest.MapFS
	t    *testing.T
	file string
}

func (f noReadFS) Open(name string) (fs.File, error) {
	if name == f.file {
		f.t.Errorf("%s was opened", name)
	}
	return f.MapFS.Open(name)
}

func (f noReadFS) ReadFile(name string) ([]byte, error) {
	if name == f.file {
		f.t.Errorf("%s was read", name)
	}
	return f.MapFS.ReadFile(name)
}

// Item 6: YAML and Markdown that cost far more than they weigh.
func TestCheckYAMLAndMarkdownSize(t *testing.T) {
	cfg, _, err := config.Parse([]byte(testConfig), config.Path)
	if err != nil {
		t.Fatal(err)
	}
	run := func(t *testing.T, fsys fs.FS) (*Set, []article.Problem) {
		t.Helper()
		start := time.Now()
		set, probs, err := Load(context.Background(), fsys, cfg, Options{Inspect: true})
		if err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("load took %v", d)
		}
		return set, probs
	}
	t.Run("anchors and aliases", func(t *testing.T) {
		src := strings.Replace(goodArticle, "tags: [infrastruktur, jembatan]", "x: &a [\"ha\"]\ntags: *a", 1)
		_, probs := run(t, testFS(t, map[string]string{hostileIdx: src}))
		if len(probs) != 2 {
			t.Fatalf("want the anchor and the alias, got %v", probs)
		}
		for i, line := range []int{12, 13} {
			if p := probs[i]; p.Code != "yaml-jangkar" || p.Pos.Line != line || p.Msg != "jangkar/alias YAML (&, *) tidak diizinkan" {
				t.Errorf("got %s, want line %d", p, line)
			}
		}
	})
	t.Run("alias amplification in images", func(t *testing.T) {
		var b strings.Builder
		b.WriteString(strings.Replace(goodArticle, "images:\n  - src: foto.jpg", "images:\n  - &i src: foto.jpg", 1))
		b.Reset()
		b.WriteString("---\ntitle: A\ndate: 2026-11-25\nsummary: s\nactivity: a\nlocation: l\nimg: &i {src: foto.jpg, alt: x}\nl1: &l1 [*i, *i, *i, *i, *i, *i, *i, *i]\nimages: [")
		for range 20000 {
			b.WriteString("*i,")
		}
		b.WriteString("*i]\n---\nIsi.\n")
		set, probs := run(t, testFS(t, map[string]string{hostileIdx: b.String()}))
		findProblem(t, probs, "yaml-jangkar")
		if len(set.Articles) != 0 {
			t.Errorf("front matter with aliases was used")
		}
	})
	t.Run("long value", func(t *testing.T) {
		src := strings.Replace(goodArticle, "activity: Peresmian jembatan", "activity: "+strings.Repeat("a", article.MaxYAMLScalar+1), 1)
		_, probs := run(t, testFS(t, map[string]string{hostileIdx: src}))
		if p := findProblem(t, probs, "yaml-terlalu-panjang"); p.Pos.Line != 5 || p.Msg != "nilai sepanjang 10001 byte, batasnya 10000" {
			t.Errorf("got %s", p)
		}
	})
	t.Run("long list", func(t *testing.T) {
		src := strings.Replace(goodArticle, "[infrastruktur, jembatan]", "["+strings.Repeat("t, ", article.MaxYAMLItems)+"t]", 1)
		_, probs := run(t, testFS(t, map[string]string{hostileIdx: src}))
		if p := findProblem(t, probs, "yaml-terlalu-banyak"); p.Pos.Line != 12 || p.Msg != "daftar berisi 101 entri, batasnya 100" {
			t.Errorf("got %s", p)
		}
	})
	t.Run("deep front matter", func(t *testing.T) {
		src := strings.Replace(goodArticle, "[infrastruktur, jembatan]", strings.Repeat("[", 50)+strings.Repeat("]", 50), 1)
		_, probs := run(t, testFS(t, map[string]string{hostileIdx: src}))
		if p := findProblem(t, probs, "yaml-terlalu-dalam"); p.Msg != "daftar bersarang lebih dari 10 tingkat" {
			t.Errorf("got %s", p)
		}
	})
	t.Run("big front matter", func(t *testing.T) {
		src := strings.Replace(goodArticle, "tags:", strings.Repeat("# komentar panjang sekali\n", 3000)+"tags:", 1)
		_, probs := run(t, testFS(t, map[string]string{hostileIdx: src}))
		if p := findProblem(t, probs, "front-matter-terlalu-besar"); p.Msg != "front matter berukuran 77 KB, batasnya 64 KB" {
			t.Errorf("got %s", p)
		}
	})
	t.Run("file over 1 MB is never read", func(t *testing.T) {
		big := goodArticle + strings.Repeat("Paragraf panjang. ", 60000)
		fsys := noReadFS{testFS(t, map[string]string{hostileIdx: big}), t, hostileIdx}
		set, probs := run(t, fsys)
		p := findProblem(t, probs, "berkas-terlalu-besar")
		if p.Msg != "berkas berukuran 1,0 MB, batasnya 1024 KB; berkas ini tidak dibaca" {
			t.Errorf("got %s", p)
		}
		if len(set.Articles) != 0 {
			t.Errorf("an article over the limit was loaded")
		}
		if _, err := ReadBody(fsys, hostileIdx); err == nil {
			t.Errorf("ReadBody read a file over the limit")
		}
	})
	for name, body := range map[string]string{
		"list nested 3000 deep on one line": strings.Repeat("- ", 3000) + "x\n",
		"quote nested 3000 deep":            strings.Repeat("> ", 3000) + "x\n",
		"list nested 400 deep by indentation": func() string {
			var b strings.Builder
			for i := range 400 {
				b.WriteString(strings.Repeat("  ", i) + "- x\n")
			}
			return b.String()
		}(),
	} {
		t.Run(name, func(t *testing.T) {
			src := strings.Replace(goodArticle, "Isi berita.\n", "Baris pertama.\n\n"+body, 1)
			set, probs := run(t, testFS(t, map[string]string{hostileIdx: src}))
			p := findProblem(t, probs, "isi-terlalu-dalam")
			if p.Pos.Line < 17 || !strings.HasSuffix(p.Msg, "batasnya 16") {
				t.Errorf("got %s", p)
			}
			if len(set.Articles) != 0 {
				t.Errorf("an article with a body too deep was loaded (build would parse it)")
			}
		})
	}
	t.Run("normal nesting passes", func(t *testing.T) {
		body := "- a\n  - b\n    - c\n\n> kutipan\n> - d\n\n* * * * * * * * * * * * * * * * * * * *\n\n    kode dengan indentasi\n                                                    dalam\n"
		_, probs := run(t, testFS(t, map[string]string{hostileIdx: strings.Replace(goodArticle, "Isi berita.\n", body, 1)}))
		if len(probs) != 0 {
			t.Errorf("unexpected problems: %v", probs)
		}
	})
}

// Items 7 and 9: paths the build writes, and aliases that cannot be one.
func TestCheckReservedPathsAndAliases(t *testing.T) {
	const other = "content/berita/2026/11/26-lain/index.md"
	otherSrc := strings.Replace(goodArticle, "2026-11-25T09:00", "2026-11-26T09:00", 1)
	for _, tt := range []struct {
		name, alias, code, msg string
	}{
		{"static file", "/js/cari.js", "url-ganda", "alamat /js/cari.js/ sudah dipakai oleh situs (berkas statis /js/cari.js dari site/static)"},
		{"below a static file", "/css/warta.css/x/", "url-ganda", "alamat /css/warta.css/x/ sudah dipakai oleh situs (berkas statis /css/warta.css dari site/static)"},
		{"feed", "/index.xml", "url-ganda", "alamat /index.xml/ sudah dipakai oleh situs (berkas /index.xml)"},
		{"robots", "/robots.txt", "url-ganda", "alamat /robots.txt/ sudah dipakai oleh situs (berkas /robots.txt)"},
		{"sitemap", "/sitemap.xml", "url-ganda", "alamat /sitemap.xml/ sudah dipakai oleh situs (berkas /sitemap.xml)"},
		{"not found page", "/404.html", "url-ganda", "alamat /404.html/ sudah dipakai oleh situs (berkas /404.html)"},
		{"tag page", "/tag/jalan/", "url-ganda", "alamat /tag/jalan/ sudah dipakai oleh situs (halaman tag)"},
		{"location page", "/Lokasi/metro/", "url-ganda", "alamat /Lokasi/metro/ sudah dipakai oleh situs (halaman lokasi)"},
		{"search", "/cari/", "url-ganda", "alamat /cari/ sudah dipakai oleh situs (halaman pencarian)"},
		{"home page 2", "/page/2/", "url-ganda", "alamat /page/2/ sudah dipakai oleh situs (halaman 2, 3, … beranda)"},
		{"fallback page", "/tentang/", "url-ganda", "alamat /tentang/ sudah dipakai oleh situs (halaman bawaan situs)"},
		{"photo derivative", "/berita/2026/11/26-lain/instagram.jpg", "url-ganda",
			"alias /berita/2026/11/26-lain/instagram.jpg/ berada di dalam alamat /berita/2026/11/26-lain/ milik " + other},
		{"own folder", "/berita/2026/11/25-jembatan/foto-480w.jpg", "url-ganda",
			"alias /berita/2026/11/25-jembatan/foto-480w.jpg/ berada di dalam alamat /berita/2026/11/25-jembatan/ milik " + hostileIdx},
		{"other article differing in case", "/Berita/2026/11/26-LAIN/", "url-ganda", "alamat /Berita/2026/11/26-LAIN/ sudah dipakai oleh " + other},
		{"quote", `/lama/"x`, "alias-salah", `alias "/lama/\"x" memuat karakter '"' yang tidak diizinkan`},
		{"angle bracket", "/lama/<b>", "alias-salah", `alias "/lama/<b>" memuat karakter '<' yang tidak diizinkan`},
		{"space", "/lama/a b/", "alias-salah", `alias "/lama/a b/" memuat karakter ' ' yang tidak diizinkan`},
		{"control character", "/lama/a\tb/", "alias-salah", `alias "/lama/a\tb/" memuat karakter '\t' yang tidak diizinkan`},
		{"relative", "lama/x/", "alias-salah", "alias `lama/x/` harus diawali `/`"},
		{"too long", "/" + strings.Repeat("a", 200) + "/", "alias-salah", "alias sepanjang 202 byte, batasnya 200"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(goodArticle, "tags:", fmt.Sprintf("aliases: [%q]\ntags:", tt.alias), 1)
			fsys := testFS(t, map[string]string{hostileIdx: src, other: otherSrc,
				"site/static/js/cari.js": "// cari", "site/static/css/warta.css": "body{}"})
			fsys[strings.Replace(other, "index.md", "foto.jpg", 1)] = &fstest.MapFile{Data: jpegBytes(t, 8, 8)}
			_, probs := load(t, fsys)
			if len(probs) != 1 {
				t.Fatalf("want one problem, got %v", probs)
			}
			// Every problem sits on the alias's own line, those found
			// across files too (Article.AliasPos, kept by the build cache).
			line := 12
			if p := probs[0]; p.Code != tt.code || p.Msg != tt.msg || p.Pos != (article.Pos{File: hostileIdx, Line: line, Col: p.Pos.Col}) || p.Hint == "" {
				t.Errorf("got  %s\nwant %s:%d: %s [%s]", p, hostileIdx, line, tt.msg, tt.code)
			}
		})
	}
	t.Run("aliases differing in case", func(t *testing.T) {
		src := strings.Replace(goodArticle, "tags:", "aliases: [/lama/Jembatan/, /lama/jembatan/]\ntags:", 1)
		_, probs := load(t, testFS(t, map[string]string{hostileIdx: src}))
		if p := findProblem(t, probs, "url-ganda"); p.Msg != "alamat /lama/jembatan/ sudah dipakai oleh "+hostileIdx {
			t.Errorf("got %s", p)
		}
	})
	t.Run("page named like a site folder", func(t *testing.T) {
		_, probs := load(t, testFS(t, map[string]string{hostileIdx: goodArticle, "content/halaman/page.md": "---\ntitle: P\n---\n",
			"content/halaman/css.md": "---\ntitle: C\n---\n", "site/static/css/index.html": "<p>statis</p>"}))
		if len(probs) != 2 || probs[0].Msg != "alamat /css/ sudah dipakai oleh situs (berkas statis /css/index.html dari site/static)" ||
			probs[1].Msg != "alamat /page/ sudah dipakai oleh situs (halaman 2, 3, … beranda)" {
			t.Errorf("got %v", probs)
		}
	})
	t.Run("tag and location too long", func(t *testing.T) {
		long := strings.Repeat("panjang", 40)
		src := strings.Replace(goodArticle, "[infrastruktur, jembatan]", "[ok, "+long+"]", 1)
		src = strings.Replace(src, "location: Kabupaten Lampung Timur", "location: "+long, 1)
		_, probs := load(t, testFS(t, map[string]string{hostileIdx: src}))
		if p := findProblem(t, probs, "tag-terlalu-panjang"); p.Pos.Line != 12 || p.Msg != "tag sepanjang 280 byte, batasnya 100" {
			t.Errorf("got %s", p)
		}
		if p := findProblem(t, probs, "lokasi-terlalu-panjang"); p.Pos.Line != 6 || p.Msg != "lokasi sepanjang 280 byte, batasnya 100" {
			t.Errorf("got %s", p)
		}
	})
}

// Item 8: symbolic links never bring files from outside into the site.
func TestCheckSymlinks(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "rahasia.md")
	writeFile(t, secret, strings.Replace(goodArticle, "Gubernur Resmikan Jembatan", "RAHASIA", 1))
	writeFile(t, filepath.Join(outside, "foto.jpg"), string(jpegBytes(t, 8, 8)))
	writeFile(t, filepath.Join(outside, "bundle/index.md"), strings.Replace(goodArticle, "Gubernur Resmikan Jembatan", "RAHASIA", 1))

	// The content folder itself is a link (as .ci/bench makes it): that
	// one is followed.
	real := t.TempDir()
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "site/config.yaml"), testConfig)
	must(t, os.Symlink(filepath.Join(real, "content"), filepath.Join(root, "content")))
	bundle := filepath.Join(real, "content/berita/2026/11")
	writeFile(t, filepath.Join(bundle, "25-jembatan/index.md"), withImages("  - {src: foto.jpg, alt: Asli}\n  - {src: luar.jpg, alt: Luar}\n  - {src: sub/x.jpg, alt: Sub}\n"))
	writeFile(t, filepath.Join(bundle, "25-jembatan/foto.jpg"), string(jpegBytes(t, 8, 8)))
	must(t, os.Symlink(filepath.Join(outside, "foto.jpg"), filepath.Join(bundle, "25-jembatan/luar.jpg")))
	must(t, os.Symlink(outside, filepath.Join(bundle, "25-jembatan/sub")))
	must(t, os.MkdirAll(filepath.Join(bundle, "26-tautan"), 0o755))
	must(t, os.Symlink(secret, filepath.Join(bundle, "26-tautan/index.md")))
	must(t, os.Symlink(filepath.Join(outside, "bundle"), filepath.Join(bundle, "27-folder")))

	fsys := os.DirFS(root)
	cfg, _, err := config.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	set, probs, err := Load(context.Background(), fsys, cfg, Options{Inspect: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range probs {
		got = append(got, fmt.Sprintf("%s:%d %s %s", p.Pos.File, p.Pos.Line, p.Code, p.Msg))
	}
	want := []string{
		"content/berita/2026/11/25-jembatan/index.md:9 tautan-simbolik tautan simbolik tidak diizinkan: `luar.jpg`",
		"content/berita/2026/11/25-jembatan/index.md:10 tautan-simbolik tautan simbolik tidak diizinkan: `sub`",
		"content/berita/2026/11/25-jembatan/sub:0 tautan-simbolik tautan simbolik tidak diizinkan",
		"content/berita/2026/11/26-tautan/index.md:0 tautan-simbolik tautan simbolik tidak diizinkan",
		"content/berita/2026/11/27-folder:0 tautan-simbolik tautan simbolik tidak diizinkan",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(set.Articles) != 1 || set.Articles[0].Title != "Gubernur Resmikan Jembatan" || len(set.Articles[0].Images) != 1 {
		t.Fatalf("articles: %+v", set.Articles)
	}
	if _, err := ReadBody(fsys, "content/berita/2026/11/26-tautan/index.md"); err == nil {
		t.Errorf("ReadBody followed a symbolic link")
	}
	if _, probs, _, err := LoadFile(fsys, "content/berita/2026/11/26-tautan/index.md", cfg, Options{}); err != nil || len(probs) != 1 || probs[0].Code != "tautan-simbolik" {
		t.Errorf("LoadFile of a link: %v %v", probs, err)
	}
}

func writeFile(t *testing.T, name, data string) {
	t.Helper()
	must(t, os.MkdirAll(filepath.Dir(name), 0o755))
	must(t, os.WriteFile(name, []byte(data), 0o644))
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Item 10: what a new writer meets first.
func TestCheckWriterMistakes(t *testing.T) {
	t.Run("hash cuts a title", func(t *testing.T) {
		src := strings.Replace(goodArticle, `title: "Gubernur Resmikan Jembatan"`, "title: Bupati Resmikan Pasar Rakyat #WayKananHebat di Baradatu", 1)
		src = strings.Replace(src, "    caption: Jembatan setelah diresmikan", "    caption: Setelah diresmikan #Lampung", 1)
		set, probs := load(t, testFS(t, map[string]string{hostileIdx: src}))
		if len(probs) != 2 {
			t.Fatalf("want two warnings, got %v", probs)
		}
		p := probs[0]
		if p.Severity != article.Warning || p.Pos.Line != 2 || p.Code != "teks-terpotong-komentar" ||
			p.Msg != "teks setelah ` #` dianggap komentar YAML dan terbuang: `title` terbaca \"Bupati Resmikan Pasar Rakyat\"" ||
			p.Hint != "apit seluruh nilai dengan tanda kutip: `title: \"Bupati Resmikan Pasar Rakyat #WayKananHebat di Baradatu\"`" {
			t.Errorf("got %s", p)
		}
		if p := probs[1]; p.Pos.Line != 10 || !strings.Contains(p.Msg, "`images[0].caption` terbaca \"Setelah diresmikan\"") {
			t.Errorf("got %s", p)
		}
		if set.Articles[0].Title != "Bupati Resmikan Pasar Rakyat" {
			t.Errorf("title %q", set.Articles[0].Title)
		}
	})
	for _, tt := range []struct {
		name, old, new string
		want           []string // line: message
	}{
		{"colon in a value", "summary: Jembatan baru menghubungkan dua kecamatan.", "summary: Hasil rapat: jembatan dibuka",
			[]string{"4: titik dua (`:`) yang tidak semestinya, atau indentasi baris ini tidak sejajar"}},
		{"tab indentation", "    alt: Jembatan baru di atas sungai", "\talt: Jembatan baru di atas sungai",
			[]string{"9: ada karakter tab di awal baris"}},
		{"text after a quoted value", `title: "Gubernur Resmikan Jembatan"`, `title: "Gubernur" Resmikan Jembatan`,
			[]string{"2: ada teks tersisa setelah nilai bertanda kutip, atau indentasi tidak sejajar"}},
		{"unclosed quote", `title: "Gubernur Resmikan Jembatan"`, `title: "Gubernur Resmikan Jembatan`,
			[]string{"2: tanda kutip atau kurung yang dibuka di baris ini tidak ditutup"}},
		{"key without colon", "activity: Peresmian jembatan", "activity Peresmian jembatan",
			[]string{"5: baris ini bukan `kunci: nilai`"}},
		{"at sign", "activity: Peresmian jembatan", "activity: @gubernur meresmikan",
			[]string{"5: nilai diawali karakter khusus (misalnya @, `, % atau tab)"}},
		{"misaligned list entry", "    alt: Jembatan baru di atas sungai", "   alt: Jembatan baru di atas sungai",
			[]string{"9: indentasi daftar tidak sejajar"}},
		{"two mistakes at once", "summary: Jembatan baru menghubungkan dua kecamatan.\nactivity: Peresmian jembatan",
			"summary: Hasil rapat: jembatan dibuka\nactivity: @gubernur",
			[]string{"4: titik dua (`:`) yang tidak semestinya, atau indentasi baris ini tidak sejajar",
				"5: nilai diawali karakter khusus (misalnya @, `, % atau tab)"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(goodArticle, tt.old, tt.new, 1)
			if src == goodArticle {
				t.Fatal("fixture unchanged")
			}
			_, probs := load(t, testFS(t, map[string]string{hostileIdx: src}))
			var got []string
			for _, p := range probs {
				if p.Code != "yaml-rusak" || p.Hint == "" || p.Pos.File != hostileIdx {
					t.Errorf("unexpected %s", p)
				}
				got = append(got, fmt.Sprintf("%d: %s", p.Pos.Line, p.Msg))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
	t.Run("body warnings on their own line", func(t *testing.T) {
		body := "Paragraf satu.\n\nParagraf dua dengan [tautan](javascript:alert(1)).\n\n![Lain](lain.jpg)\n\n<b>tebal</b>\n"
		_, probs := load(t, testFS(t, map[string]string{hostileIdx: strings.Replace(goodArticle, "Isi berita.\n", body, 1)}))
		var got []string
		for _, p := range probs {
			got = append(got, fmt.Sprintf("%d %s", p.Pos.Line, p.Code))
		}
		if want := "17 tautan-berbahaya\n19 foto-badan\n21 html-mentah"; strings.Join(got, "\n") != want {
			t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), want)
		}
	})
}

// TestBodyDepth holds the pre-scan to the nesting goldmark would build.
func TestBodyDepth(t *testing.T) {
	for _, tt := range []struct {
		body        string
		depth, line int
	}{
		{"teks\n", 0, 0},
		{"- a\n  - b\n    - c\n", 3, 3},
		{"- a\n- b\n- c\n", 1, 1},
		{"> > - 1. x\n", 4, 1},
		{"a\n\n- - - x\n", 3, 3},
		{"---\n* * * * *\n", 0, 0},
		{"- a\n\n      kode\n  - b\n", 2, 4},
		{"        kode dalam\n", 0, 0},
		{"1) a\n   2) b\n", 2, 2},
		{"-\ttab\n\t- b\n", 2, 2},
	} {
		d, l := bodyDepth([]byte(tt.body))
		if d != tt.depth || l != tt.line {
			t.Errorf("bodyDepth(%q) = %d, %d; want %d, %d", tt.body, d, l, tt.depth, tt.line)
		}
	}
	_ = bytes.MinRead
}
