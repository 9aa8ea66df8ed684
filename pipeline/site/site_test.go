package site

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/internal/golden"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// long runs the long variants of the equivalence tests; .ci/run sets it.
var long = flag.Bool("long", false, "also run the long variants of the equivalence tests")

// fixedNow is the build clock of every test: after the fixture's due
// articles, before its embargoed one.
var fixedNow = time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)

// fixturePhotos are generated into a copy of testdata/repo, so the fixture
// stays text only.
var fixturePhotos = []struct {
	path string
	w, h int
}{
	{"content/berita/2026/11/25-peresmian-jembatan/utama.jpg", 1600, 1000},
	{"content/berita/2026/11/25-peresmian-jembatan/warga.png", 600, 900},
	{"content/berita/2026/11/20-sosialisasi-stunting/kader.jpg", 400, 1000},
	{"content/berita/2026/10/15-pasar-murah/pasar.jpg", 3000, 1000},
	{"content/berita/2026/10/30-rapat-draf/rapat.jpg", 800, 600},
	{"content/berita/2026/12/01-embargo-festival/festival.jpg", 800, 600},
	{"content/berita/2026/11/10-tanpa-lokasi/foto.jpg", 100, 100},
	{"content/berita/2026/11/18-bantuan-dicabut/bantuan.jpg", 900, 600},
}

// fixture copies testdata/repo into a temp dir and writes its photos.
func fixture(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "repo")
	if err := writeFixture(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

func writeFixture(dir string) error {
	if err := os.CopyFS(dir, os.DirFS("testdata/repo")); err != nil {
		return err
	}
	photos, err := fixturePhotoFiles()
	if err != nil {
		return err
	}
	for _, p := range fixturePhotos {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(p.path)), photos[p.path], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// fixturePhotoFiles are the bytes of fixturePhotos by path, made once per
// test binary: drawing and encoding them again for every fixture was most
// of the time of a test under -race. Made once, they never change.
var fixturePhotoFiles = sync.OnceValues(func() (map[string][]byte, error) {
	files := map[string][]byte{}
	for _, p := range fixturePhotos {
		data, err := photoBytes(p.path, p.w, p.h)
		if err != nil {
			return nil, err
		}
		files[p.path] = data
	}
	return files, nil
})

// fixtureDerivatives are the files of an image cache that a build of the
// fixture filled (the derivatives of its photos; not the build cache), by
// slash-separated path, made once per test binary: encoding them is most
// of the time of a build under -race. Made once, they never change.
var fixtureDerivatives = sync.OnceValues(func() (map[string][]byte, error) {
	dir, err := os.MkdirTemp("", "warta-site-test-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	repo, cache := filepath.Join(dir, "repo"), filepath.Join(dir, "cache")
	if err := writeFixture(repo); err != nil {
		return nil, err
	}
	opt := testOptions()
	opt.Drafts = true                                               // the draft's photo too
	opt.Now = func() time.Time { return fixedNow.AddDate(0, 1, 0) } // and the embargoed one's
	opt.CacheDir = cache
	// No test's context: the result outlives the test that asks first.
	if _, err := Build(context.Background(), os.DirFS(repo), filepath.Join(dir, "out"), opt); err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	err = filepath.WalkDir(cache, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == BuildCacheFile {
			return err
		}
		data, err := os.ReadFile(p)
		r, _ := filepath.Rel(cache, p)
		files[filepath.ToSlash(r)] = data
		return err
	})
	if err == nil && len(files) == 0 {
		err = errors.New("the fixture build cached no photos")
	}
	return files, err
})

// photoCache returns a new cache dir holding the derivatives of the
// fixture's photos and no build cache: a build with it renders every page,
// as a build without cache does, but takes the photos from there. Tests
// that are not about making photos use it.
func photoCache(t testing.TB) string {
	t.Helper()
	files, err := fixtureDerivatives()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// fixtureOptions are testOptions with a photoCache.
func fixtureOptions(t testing.TB) Options {
	opt := testOptions()
	opt.CacheDir = photoCache(t)
	return opt
}

func writePhoto(t testing.TB, name string, w, h int) {
	t.Helper()
	data, err := photoBytes(name, w, h)
	if err == nil {
		err = os.WriteFile(name, data, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// photoBytes draws a w×h gradient, in PNG when name ends in .png, else
// in JPEG.
func photoBytes(name string, w, h int) ([]byte, error) {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetNRGBA(x, y, color.NRGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x + y) % 256), 255})
		}
	}
	var b bytes.Buffer
	var err error
	if strings.HasSuffix(name, ".png") {
		err = png.Encode(&b, img)
	} else {
		err = jpeg.Encode(&b, img, &jpeg.Options{Quality: 80})
	}
	return b.Bytes(), err
}

// testOptions use the real templates and static files of the repository.
func testOptions() Options {
	return Options{
		Now:       func() time.Time { return fixedNow },
		Templates: os.DirFS(filepath.Join("..", "..", TemplatesDir)),
		Static:    os.DirFS(filepath.Join("..", "..", StaticDir)),
	}
}

func build(t testing.TB, repo, out string, opt Options) *Result {
	t.Helper()
	res, err := Build(t.Context(), os.DirFS(repo), out, opt)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return res
}

func TestBuildGolden(t *testing.T) {
	repo := fixture(t)
	out := t.TempDir()
	res := build(t, repo, out, fixtureOptions(t))
	if res.Articles != 4 {
		t.Errorf("Articles = %d, want 4", res.Articles)
	}
	for _, c := range []struct{ file, golden string }{
		{"index.html", "home.golden"},
		{"page/2/index.html", "home-page2.golden"},
		{"berita/2026/11/25-peresmian-jembatan/index.html", "article.golden"},
		{"berita/2026/11/20-sosialisasi-stunting/index.html", "article-corrected.golden"},
		{"berita/2026/11/18-bantuan-dicabut/index.html", "article-retracted.golden"},
		{"ralat/index.html", "ralat.golden"},
		{"tag/infrastruktur/index.html", "tag.golden"},
		{"lokasi/index.html", "lokasi-index.golden"},
		{"arsip/index.html", "arsip.golden"},
		{"berita/jembatan-lama/index.html", "alias.golden"},
		{"index.xml", "feed.golden"},
		{"sitemap.xml", "sitemap.golden"},
		{"robots.txt", "robots.golden"},
		{"cari/index.json", "search-index.golden"},
	} {
		t.Run(c.golden, func(t *testing.T) {
			golden.Check(t, filepath.Join(out, filepath.FromSlash(c.file)), filepath.Join("testdata", c.golden), *update)
		})
	}
}

func TestBuildReportsProblemsAndSkips(t *testing.T) {
	repo := fixture(t)
	out := t.TempDir()
	res := build(t, repo, out, fixtureOptions(t))
	if !article.HasErrors(res.Problems) {
		t.Fatalf("no error for the article without location; problems: %v", res.Problems)
	}
	found := false
	for _, p := range res.Problems {
		if p.Pos.File == "content/berita/2026/11/10-tanpa-lokasi/index.md" && p.Pos.Line > 0 && p.Severity == article.Error {
			found = true
		}
	}
	if !found {
		t.Errorf("problem with file:line for 10-tanpa-lokasi missing: %v", res.Problems)
	}
	// Content's contract: an article with errors stays on the site (it is
	// never posted); it must render without a broken location link.
	page, err := os.ReadFile(filepath.Join(out, "berita/2026/11/10-tanpa-lokasi/index.html"))
	if err != nil {
		t.Fatalf("article with errors not built: %v", err)
	}
	if bytes.Contains(page, []byte("/lokasi/t-")) || bytes.Contains(page, []byte("contentLocation")) {
		t.Error("article without location links to a location")
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	repo := fixture(t)
	a, b := t.TempDir(), t.TempDir()
	optA := testOptions()
	optB := testOptions()
	optB.Workers = 1
	optB.CacheDir = photoCache(t) // its photos made apart from optA's
	build(t, repo, a, optA)
	build(t, repo, b, optB)
	// A third build from the warm cache must not change a byte either.
	c := t.TempDir()
	build(t, repo, c, optB)
	fa, fb, fc := readTree(t, a), readTree(t, b), readTree(t, c)
	for _, other := range []map[string][]byte{fb, fc} {
		if len(fa) != len(other) {
			t.Errorf("file counts differ: %d vs %d", len(fa), len(other))
		}
		for name, data := range fa {
			if !bytes.Equal(data, other[name]) {
				t.Errorf("%s differs between builds", name)
			}
		}
	}
	for name, data := range fa {
		if bytes.Contains(data, []byte(repo)) || bytes.Contains(data, []byte(a)) {
			t.Errorf("%s contains an absolute path", name)
		}
	}
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		r, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(r)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestDraftsAndEmbargo(t *testing.T) {
	repo := fixture(t)
	const draft = "berita/2026/10/30-rapat-draf/index.html"
	const future = "berita/2026/12/01-embargo-festival/index.html"
	for _, tt := range []struct {
		drafts    bool
		wantDraft bool
	}{{false, false}, {true, true}} {
		out := t.TempDir()
		opt := fixtureOptions(t)
		opt.Drafts = tt.drafts
		build(t, repo, out, opt)
		files := readTree(t, out)
		if _, ok := files[draft]; ok != tt.wantDraft {
			t.Errorf("Drafts=%v: draft page present=%v, want %v", tt.drafts, ok, tt.wantDraft)
		}
		if _, ok := files[future]; ok {
			t.Errorf("Drafts=%v: embargoed article built", tt.drafts)
		}
		for name, data := range files {
			if bytes.Contains(data, []byte("Festival Krakatau")) || bytes.Contains(data, []byte("embargo-festival")) {
				t.Errorf("Drafts=%v: %s mentions the embargoed article", tt.drafts, name)
			}
			if !tt.wantDraft && bytes.Contains(data, []byte("rapat-draf")) {
				t.Errorf("%s mentions the draft", name)
			}
		}
		if tt.wantDraft && !bytes.Contains(files[draft], []byte(`<meta name="robots" content="noindex">`)) {
			t.Error("draft page is indexable")
		}
	}
}

func TestNoRawHTMLOrScriptLinks(t *testing.T) {
	repo := fixture(t)
	out := t.TempDir()
	build(t, repo, out, fixtureOptions(t))
	page, err := os.ReadFile(filepath.Join(out, "berita/2026/11/20-sosialisasi-stunting/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{`alert("xss")`, "<script>alert", "onclick", "steal()", "javascript:", "javascript&colon;", "<div onclick"} {
		if bytes.Contains(page, []byte(bad)) {
			t.Errorf("output contains %q", bad)
		}
	}
	if !bytes.Contains(page, []byte("Sosialisasi diikuti 300 kader.")) {
		t.Error("body text missing")
	}
}

func TestInstagramDerivative(t *testing.T) {
	repo := fixture(t)
	out := t.TempDir()
	build(t, repo, out, fixtureOptions(t))
	for _, id := range []string{"2026/11/25-peresmian-jembatan", "2026/11/20-sosialisasi-stunting", "2026/10/15-pasar-murah"} {
		t.Run(id, func(t *testing.T) {
			f, err := os.Open(filepath.Join(out, "berita", id, article.InstagramImage))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			cfg, format, err := image.DecodeConfig(f)
			if err != nil || format != "jpeg" {
				t.Fatalf("format %q, err %v", format, err)
			}
			r := float64(cfg.Width) / float64(cfg.Height)
			if r < InstagramMinRatio || r > InstagramMaxRatio || cfg.Width > InstagramMaxWidth {
				t.Errorf("%dx%d: ratio %.3f or width out of range", cfg.Width, cfg.Height, r)
			}
		})
	}
}

func TestResponsiveImages(t *testing.T) {
	repo := fixture(t)
	out := t.TempDir()
	build(t, repo, out, fixtureOptions(t))
	page, _ := os.ReadFile(filepath.Join(out, "berita/2026/11/25-peresmian-jembatan/index.html"))
	s := string(page)
	s = s[strings.Index(s, `<article class="article">`):strings.Index(s, "</article>")] // not the related ones
	if n := strings.Count(s, "<img "); n != 2 {
		t.Fatalf("%d images, want 2", n)
	}
	first := s[strings.Index(s, "<img "):]
	first = first[:strings.Index(first, ">")]
	if strings.Contains(first, `loading="lazy"`) {
		t.Error("first image is lazy")
	}
	if !strings.Contains(first, "480w") || !strings.Contains(first, "800w") || !strings.Contains(first, "1200w") || !strings.Contains(first, `width="1200" height="750"`) {
		t.Errorf("first image lacks srcset widths or size: %s", first)
	}
	// warga.png is 600 wide: 480 and 600, never upscaled.
	second := s[strings.LastIndex(s, "<img "):]
	if !strings.Contains(second, "warga-600w.jpg 600w") || strings.Contains(second, "800w") || !strings.Contains(second, `loading="lazy"`) {
		t.Errorf("second image: %s", second[:strings.Index(second, ">")])
	}
	f, err := os.Open(filepath.Join(out, "berita/2026/11/25-peresmian-jembatan/utama-800w.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if cfg, format, err := image.DecodeConfig(f); err != nil || format != "jpeg" || cfg.Width != 800 || cfg.Height != 500 {
		t.Errorf("utama-800w.jpg: %v %s %v", cfg, format, err)
	}
}

func TestIncrementalRebuild(t *testing.T) {
	repo := fixture(t)
	out := t.TempDir()
	opt := testOptions()
	opt.CacheDir = t.TempDir()
	first := build(t, repo, out, opt)
	if first.Encoded == 0 || first.Written != first.Files {
		t.Fatalf("first build: %+v", first)
	}
	page := filepath.Join(out, "index.html")
	old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := os.Chtimes(page, old, old); err != nil {
		t.Fatal(err)
	}
	second := build(t, repo, out, opt)
	if second.Written != 0 || second.Encoded != 0 || second.Removed != 0 {
		t.Errorf("unchanged rebuild wrote %d, encoded %d, removed %d", second.Written, second.Encoded, second.Removed)
	}
	if st, _ := os.Stat(page); !st.ModTime().Equal(old) {
		t.Error("unchanged file was rewritten")
	}
	// Deleting an article removes its pages and photos.
	if err := os.RemoveAll(filepath.Join(repo, "content/berita/2026/10/15-pasar-murah")); err != nil {
		t.Fatal(err)
	}
	third := build(t, repo, out, opt)
	if third.Removed == 0 {
		t.Error("nothing removed after deleting an article")
	}
	if _, err := os.Stat(filepath.Join(out, "berita/2026/10/15-pasar-murah")); !os.IsNotExist(err) {
		t.Errorf("deleted article's folder still there: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "tag/ekonomi")); !os.IsNotExist(err) {
		t.Errorf("tag page of deleted article still there: %v", err)
	}
	if third.Encoded != 0 {
		t.Errorf("encoded %d photos, want all from cache", third.Encoded)
	}
}

func TestOutputPathsStayInside(t *testing.T) {
	for _, rel := range []string{"../x.html", "/etc/passwd", "a/../../x", "", ".", ManifestFile, `a\..\..\x`} {
		if err := checkRel(rel); err == nil && !strings.Contains(rel, `\`) {
			t.Errorf("checkRel(%q) = nil", rel)
		}
	}
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	o, err := openOutput(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := o.put("../escape.html", []byte("x")); err == nil {
		t.Error("put outside the out dir succeeded")
	}
	if _, err := o.finish(); err != nil {
		t.Fatal(err)
	}
	// A full build writes nothing beside the out dir.
	repo := fixture(t)
	build(t, repo, out, fixtureOptions(t))
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 || entries[0].Name() != "public" {
		t.Errorf("files beside the out dir: %v", entries)
	}
	for name := range readTree(t, out) {
		if !filepath.IsLocal(name) {
			t.Errorf("output %s is not local", name)
		}
	}
}

func TestSitemapSchema(t *testing.T) {
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint not installed")
	}
	schema := filepath.Join("..", "..", "..", "shared", "schemas", "sitemap-0.9.xsd")
	if _, err := os.Stat(schema); err != nil {
		t.Skip("../shared/schemas not present")
	}
	repo := fixture(t)
	out := t.TempDir()
	build(t, repo, out, fixtureOptions(t))
	cmd := exec.CommandContext(t.Context(), xmllint, "--noout", "--nonet", "--schema", schema, filepath.Join(out, "sitemap.xml"))
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("sitemap invalid: %v\n%s", err, msg)
	}
	data, _ := os.ReadFile(filepath.Join(out, "sitemap.xml"))
	for _, line := range strings.Split(string(data), "\n") {
		if strings.Contains(line, "<loc>") && !strings.Contains(line, "<loc>https://berita.example.go.id/") {
			t.Errorf("loc not absolute on the site origin: %s", line)
		}
	}
}

func TestEmptyContent(t *testing.T) {
	repo := t.TempDir()
	if err := os.CopyFS(repo, os.DirFS("testdata/repo/site")); err != nil {
		t.Fatal(err)
	}
	// Only the config: site/config.yaml, no content/ at all.
	if err := os.MkdirAll(filepath.Join(repo, "site"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"config.yaml", "static"} {
		if err := os.Rename(filepath.Join(repo, f), filepath.Join(repo, "site", f)); err != nil {
			t.Fatal(err)
		}
	}
	out := t.TempDir()
	res := build(t, repo, out, testOptions())
	if res.Articles != 0 || len(res.Problems) != 0 {
		t.Errorf("empty site: %+v", res)
	}
	for _, f := range []string{"index.html", "404.html", "index.xml", "sitemap.xml", "cari/index.json", "tag/index.html"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("%s missing: %v", f, err)
		}
	}
}

// TestBodyImageShowsDerivative: "![…](warga.png)" in a body names a photo of
// the bundle; originals are not copied, so the page must point at one of
// its derivatives that the build wrote.
func TestBodyImageShowsDerivative(t *testing.T) {
	repo := fixture(t)
	idx := filepath.Join(repo, "content/berita/2026/11/25-peresmian-jembatan/index.md")
	src, err := os.ReadFile(idx)
	if err != nil {
		t.Fatal(err)
	}
	src = append(src, "\n![Warga menyeberang](warga.png) ![Luar](https://contoh.test/a.jpg)\n"...)
	if err := os.WriteFile(idx, src, 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	build(t, repo, out, fixtureOptions(t))
	page, err := os.ReadFile(filepath.Join(out, "berita/2026/11/25-peresmian-jembatan/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	want := `<img src="/berita/2026/11/25-peresmian-jembatan/warga-600w.jpg" alt="Warga menyeberang">`
	if !bytes.Contains(page, []byte(want)) {
		t.Fatalf("body image not resolved; page lacks %s", want)
	}
	if _, err := os.Stat(filepath.Join(out, "berita/2026/11/25-peresmian-jembatan/warga-600w.jpg")); err != nil {
		t.Errorf("the derivative the body points at was not written: %v", err)
	}
	if !bytes.Contains(page, []byte(`src="https://contoh.test/a.jpg"`)) {
		t.Error("an absolute image URL must stay as written")
	}
}
