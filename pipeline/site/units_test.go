package site

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestTermSlug(t *testing.T) {
	if got := termSlug("Pūrṇa, Bandar Lampung"); got != "purna-bandar-lampung" {
		t.Errorf("termSlug = %q, want article.Slug's purna-bandar-lampung", got)
	}
	if a, b := termSlug("日本"), termSlug("中国"); !strings.HasPrefix(a, "t-") || a == b {
		t.Errorf("non-Latin slugs %q %q", a, b)
	}
}

func TestDerivativeWidths(t *testing.T) {
	cfg := []int{800, 480, 1200}
	tests := []struct {
		w    int
		want string
	}{
		{4000, "480 800 1200"},
		{1200, "480 800 1200"},
		{1000, "480 800 1000"},
		{600, "480 600"},
		{480, "480"},
		{300, "300"},
	}
	for _, tt := range tests {
		var parts []string
		for _, w := range derivativeWidths(tt.w, cfg) {
			parts = append(parts, strconv.Itoa(w))
		}
		if got := strings.Join(parts, " "); got != tt.want {
			t.Errorf("derivativeWidths(%d) = %s, want %s", tt.w, got, tt.want)
		}
	}
}

func TestInstagramCrop(t *testing.T) {
	for _, sz := range [][2]int{{1600, 1000}, {400, 1000}, {3000, 1000}, {1080, 1350}, {1, 1}, {2, 9}, {9, 1}, {5000, 6250}, {1441, 754}, {12000, 100}, {100, 12000}} {
		crop, w, h := instagramCrop(sz[0], sz[1])
		r := float64(w) / float64(h)
		if r < InstagramMinRatio || r > InstagramMaxRatio || w > InstagramMaxWidth || w < 1 || h < 1 {
			t.Errorf("%v → %dx%d ratio %.4f", sz, w, h, r)
		}
		if crop.Min.X < 0 || crop.Min.Y < 0 || crop.Max.X > sz[0] || crop.Max.Y > sz[1] || crop.Empty() {
			t.Errorf("%v → crop %v outside the photo", sz, crop)
		}
		if w > crop.Dx() {
			t.Errorf("%v → upscaled to %d from %d", sz, w, crop.Dx())
		}
	}
}

func TestHandler(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"index.html": "beranda", "404.html": "tidak ada", "berita/a/index.html": "berita a", ManifestFile: "rahasia",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "kosong"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		base, path string
		code       int
		body       string
	}{
		{"/", "/", 200, "beranda"},
		{"/", "/berita/a/", 200, "berita a"},
		{"/", "/tidak/ada/", 404, "tidak ada"},
		{"/", "/kosong/", 404, "tidak ada"},
		{"/", "/" + ManifestFile, 404, "tidak ada"},
		{"/", "/../../etc/passwd", 404, "tidak ada"},
		{"/warta/", "/warta/berita/a/", 200, "berita a"},
		{"/warta/", "/berita/a/", 404, "tidak ada"},
	}
	for _, tt := range tests {
		srv := httptest.NewServer(Handler(dir, tt.base))
		resp, err := srv.Client().Get(srv.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		srv.Close()
		if resp.StatusCode != tt.code || string(body) != tt.body {
			t.Errorf("base %s GET %s = %d %q, want %d %q", tt.base, tt.path, resp.StatusCode, body, tt.code, tt.body)
		}
	}
}

func TestWatchRebuildsOnNewFolders(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	rebuilt := make(chan []string, 16)
	done := make(chan error, 1)
	ready := make(chan struct{})
	go func() {
		close(ready)
		done <- Watch(ctx, []string{dir}, 20*time.Millisecond, func(changed []string) { rebuilt <- changed })
	}()
	<-ready
	// The watcher may not be registered yet: keep touching until it reacts.
	wait := func(step func(i int)) []string {
		t.Helper()
		for i := 0; ; i++ {
			step(i)
			select {
			case changed := <-rebuilt:
				return changed
			case <-time.After(200 * time.Millisecond):
			case <-t.Context().Done():
				t.Fatal("no rebuild")
			}
			if i > 100 {
				t.Fatal("no rebuild after a change")
			}
		}
	}
	sub := filepath.Join(dir, "berita", "2026")
	wait(func(i int) {
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		_ = os.WriteFile(filepath.Join(dir, "pemicu.md"), []byte(strconv.Itoa(i+1)), 0o644)
	})
	// Drain, then change a file inside the new folder only, and a hidden
	// one, which is not reported.
	time.Sleep(50 * time.Millisecond)
	for len(rebuilt) > 0 {
		<-rebuilt
	}
	index := filepath.Join(sub, "index.md")
	for n := 0; ; n++ {
		changed := wait(func(i int) {
			_ = os.WriteFile(filepath.Join(sub, ".index.md.swp"), []byte(strconv.Itoa(i+1)), 0o644)
			_ = os.WriteFile(index, []byte(strconv.Itoa(i+1)), 0o644)
		})
		if slices.ContainsFunc(changed, func(p string) bool { return strings.Contains(p, ".swp") }) {
			t.Errorf("hidden file reported: %q", changed)
		}
		if slices.Contains(changed, index) {
			break
		}
		if n > 10 { // a late event of the first step may come first
			t.Fatalf("changed %q, want %s", changed, index)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Watch: %v", err)
	}
}

// TestWatcherFollowsSymlinkedFolder: a watched folder that is a symlink
// (as content/ and site/ are in .ci/bench) is watched where it points,
// and paths are reported below the name given.
func TestWatcherFollowsSymlinkedFolder(t *testing.T) {
	target := filepath.Join(t.TempDir(), "corpus")
	if err := os.MkdirAll(filepath.Join(target, "berita"), 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "content")
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symlinks:", err)
	}
	w, err := NewWatcher([]string{link})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	// Registered once NewWatcher returns: one write is enough.
	if err := os.WriteFile(filepath.Join(target, "berita", "index.md"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	var changed []string
	if err := w.Run(ctx, 20*time.Millisecond, func(c []string) { changed = c; cancel() }); err != nil {
		t.Fatal(err)
	}
	if want := []string{filepath.Join(link, "berita", "index.md")}; !slices.Equal(changed, want) {
		t.Errorf("changed %q, want %q", changed, want)
	}
}

func TestBuildConfigErrors(t *testing.T) {
	repo := fixture(t)
	cfg := filepath.Join(repo, "site", "config.yaml")
	if err := os.WriteFile(cfg, []byte("site:\n  title: x\n  base_url: nope\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Build(t.Context(), os.DirFS(repo), t.TempDir(), testOptions())
	var ce *ConfigError
	if !errors.As(err, &ce) || len(ce.Problems) == 0 {
		t.Fatalf("err = %v, want *ConfigError", err)
	}
	opt := testOptions()
	opt.Templates = os.DirFS(t.TempDir())
	if err := os.WriteFile(cfg, mustRead(t, "testdata/repo/site/config.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Build(t.Context(), os.DirFS(repo), t.TempDir(), opt)
	var te *TemplateError
	if !errors.As(err, &te) {
		t.Fatalf("err = %v, want *TemplateError", err)
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestBasePath(t *testing.T) {
	for in, want := range map[string]string{
		"https://berita.example.go.id/": "/",
		"https://berita.example.go.id":  "/",
		"https://org.github.io/warta/":  "/warta/",
		"https://org.github.io/a/b":     "/a/b/",
		"://bad":                        "/",
	} {
		if got := BasePath(in); got != want {
			t.Errorf("BasePath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBuildUnderSubPath(t *testing.T) {
	repo := fixture(t)
	cfgFile := filepath.Join(repo, "site", "config.yaml")
	cfg := strings.Replace(string(mustRead(t, cfgFile)), "https://berita.example.go.id/", "https://org.github.io/warta/", 1)
	if err := os.WriteFile(cfgFile, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if _, err := Build(t.Context(), os.DirFS(repo), out, fixtureOptions(t)); err != nil {
		t.Fatal(err)
	}
	page := string(mustRead(t, filepath.Join(out, "berita/2026/11/25-peresmian-jembatan/index.html")))
	for _, want := range []string{
		`<link rel="canonical" href="https://org.github.io/warta/berita/2026/11/25-peresmian-jembatan/">`,
		`<link rel="stylesheet" href="/warta/css/warta.css">`,
		`<a href="/warta/tag/jembatan/" rel="tag">`,
		`<meta property="og:image" content="https://org.github.io/warta/berita/2026/11/25-peresmian-jembatan/utama-1200w.jpg">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(page, `href="/berita/`) {
		t.Error("a link ignores the base path")
	}
}

func TestParallelCallsEachIndexOnce(t *testing.T) {
	for _, workers := range []int{0, 1, 3, 100} {
		var mu sync.Mutex
		seen := map[int]int{}
		parallel(10, workers, func(i int) {
			mu.Lock()
			seen[i]++
			mu.Unlock()
		})
		for i := range 10 {
			if seen[i] != 1 {
				t.Errorf("workers %d: fn(%d) called %d times", workers, i, seen[i])
			}
		}
	}
}

// keyer.time adds what keyer.str of the formatted time adds: keys made
// either way agree.
func TestKeyerTime(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	for _, tm := range []time.Time{
		{},
		time.Date(2026, 11, 25, 9, 30, 0, 0, wib),
		time.Date(2026, 11, 25, 2, 30, 0, 123456789, time.UTC),
		time.Date(-42, 1, 1, 0, 0, 0, 1, time.FixedZone("", -(12*3600+34*60))),
		time.Date(12345, 12, 31, 23, 59, 59, 999999999, wib),
	} {
		a := newKeyer([32]byte{1}, "x").time(tm).str("after")
		b := newKeyer([32]byte{1}, "x").str(tm.Format(time.RFC3339Nano), "after")
		if !bytes.Equal(a.b, b.b) {
			t.Errorf("%v: time adds %q, str of its format %q", tm, a.b, b.b)
		}
	}
}
