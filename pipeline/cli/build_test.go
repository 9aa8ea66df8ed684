package cli

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/site"
)

// siteRepo lays out a repository with the real site/ (config, templates,
// static) and the given content files.
func siteRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	if err := os.CopyFS(filepath.Join(root, "site"), os.DirFS("../../site")); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, root, files)
	return root
}

const siteArticle = `---
title: Gubernur Resmikan Jembatan
date: 2026-11-25T09:00:00+07:00
summary: Jembatan baru diresmikan.
activity: Peresmian jembatan
location: Kabupaten Lampung Timur
images:
  - src: foto.jpg
    alt: Jembatan baru
---

Isi berita.
`

func runSite(t *testing.T, root string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runCLI(t, root, nil, args...)
}

func TestParseBuild(t *testing.T) {
	tests := []struct {
		args []string
		want buildOptions
		code int
		done bool
	}{
		{nil, buildOptions{}, 0, false},
		{[]string{"--out", "x", "--drafts"}, buildOptions{out: "x", drafts: true}, 0, false},
		{[]string{"--cache", "-"}, buildOptions{cache: "-"}, 0, false},
		{[]string{"--help"}, buildOptions{}, ExitOK, true},
		{[]string{"--nope"}, buildOptions{}, ExitUsage, true},
		{[]string{"extra"}, buildOptions{}, ExitUsage, true},
	}
	for _, tt := range tests {
		e := &Env{Stdio: Stdio{Out: io.Discard, Err: io.Discard}}
		got, code, done := parseBuild(e, tt.args)
		if done != tt.done || (done && code != tt.code) || (!done && got != tt.want) {
			t.Errorf("parseBuild(%q) = %+v, %d, %v", tt.args, got, code, done)
		}
	}
}

func TestRunBuild(t *testing.T) {
	photo := tinyJPEG(t)
	good := map[string]string{
		"content/berita/2026/11/25-jembatan/index.md": siteArticle,
		"content/berita/2026/11/25-jembatan/foto.jpg": photo,
	}
	broken := map[string]string{
		"content/berita/2026/11/24-rusak/index.md": strings.Replace(siteArticle, "location: Kabupaten Lampung Timur\n", "", 1),
		"content/berita/2026/11/24-rusak/foto.jpg": photo,
	}
	for k, v := range good {
		broken[k] = v
	}
	tests := []struct {
		name    string
		files   map[string]string
		args    []string
		code    int
		outHas  string
		errHas  string
		mustGet []string
	}{
		{"empty content", nil, nil, ExitOK, "0 berita", "", []string{"index.html", "404.html", "sitemap.xml"}},
		{"one article", good, nil, ExitOK, "1 berita", "", []string{"berita/2026/11/25-jembatan/index.html", "berita/2026/11/25-jembatan/instagram.jpg"}},
		{"problems exit 1", broken, nil, ExitProblems, "2 berita",
			"content/berita/2026/11/24-rusak/index.md:2: kunci wajib `location` tidak ada", []string{"berita/2026/11/25-jembatan/index.html"}},
		{"bad config", map[string]string{"site/config.yaml": "site: {title: x}\nbogus: 1\n"}, nil, ExitUsage, "", "site/config.yaml:", nil},
		{"bad template", map[string]string{"site/templates/home.html": "{{define \"main\"}}{{.Nope}}{{end}}"}, nil, ExitUsage, "", "templat", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := siteRepo(t, tt.files)
			stdout, stderr, code := runSite(t, root, append([]string{"build", "--cache", "-"}, tt.args...)...)
			if code != tt.code || !strings.Contains(stdout, tt.outHas) || !strings.Contains(stderr, tt.errHas) {
				t.Fatalf("code %d (want %d)\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
			for _, f := range tt.mustGet {
				if _, err := os.Stat(filepath.Join(root, "public", filepath.FromSlash(f))); err != nil {
					t.Errorf("%s missing: %v", f, err)
				}
			}
		})
	}
}

// TestBuildSaysWhatItLeftOut: an embargoed article is named with the time
// it goes out (WIB); an article with errors that could not be read is
// said to be left out, never "tetap dibangun"; one that was built is.
func TestBuildSaysWhatItLeftOut(t *testing.T) {
	photo := tinyJPEG(t)
	const (
		embargo = "content/berita/2026/12/01-festival/index.md"
		later   = "content/berita/2026/12/24-natal/index.md"
		noFM    = "content/berita/2026/11/23-tanpa-kepala/index.md"
		noLoc   = "content/berita/2026/11/24-rusak/index.md"
	)
	files := map[string]string{
		"content/berita/2026/11/25-jembatan/index.md": siteArticle,
		"content/berita/2026/11/25-jembatan/foto.jpg": photo,
		embargo: strings.Replace(strings.Replace(siteArticle, "date: 2026-11-25T09:00:00+07:00", "date: 2026-12-01 08:00", 1),
			"Gubernur Resmikan Jembatan", "Festival Krakatau Dibuka", 1),
		"content/berita/2026/12/01-festival/foto.jpg": photo,
		later: strings.Replace(siteArticle, "date: 2026-11-25T09:00:00+07:00", "date: 2026-12-24T02:30:00Z", 1),
		"content/berita/2026/12/24-natal/foto.jpg": photo,
		noFM: "Hanya teks tanpa front matter.\n",
	}
	tests := []struct {
		name           string
		extra          map[string]string
		code           int
		errHas, errNot []string
		outHas         []string
	}{
		{"embargo and unreadable", nil, ExitProblems,
			[]string{noFM + ":1: front matter", "1 naskah dengan kesalahan tidak dibangun (tidak ada di situs): " + noFM},
			[]string{"tetap dibangun"},
			[]string{"warta build: 2 naskah ditahan sampai waktu terbitnya (embargo), belum ada di situs:",
				"    " + embargo + " — terbit Selasa, 1 Desember 2026, 08.00 WIB: Festival Krakatau Dibuka\n" +
					"    " + later + " — terbit Kamis, 24 Desember 2026, 09.30 WIB: Gubernur Resmikan Jembatan\n"}},
		{"built with errors", map[string]string{
			noLoc: strings.Replace(siteArticle, "location: Kabupaten Lampung Timur\n", "", 1),
			"content/berita/2026/11/24-rusak/foto.jpg": photo,
		}, ExitProblems,
			[]string{"1 naskah dengan kesalahan tetap dibangun (tanpa foto yang salah)", "1 naskah dengan kesalahan tidak dibangun (tidak ada di situs): " + noFM},
			[]string{noLoc + ", "},
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := map[string]string{}
			for k, v := range files {
				fs[k] = v
			}
			for k, v := range tt.extra {
				fs[k] = v
			}
			root := siteRepo(t, fs)
			stdout, stderr, code := runSite(t, root, "build", "--cache", "-")
			if code != tt.code {
				t.Fatalf("code %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
			for _, w := range tt.errHas {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			for _, w := range tt.errNot {
				if strings.Contains(stderr, w) {
					t.Errorf("stderr has %q:\n%s", w, stderr)
				}
			}
			for _, w := range tt.outHas {
				if !strings.Contains(stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, stdout)
				}
			}
			if _, err := os.Stat(filepath.Join(root, "public/berita/2026/12/01-festival/index.html")); err == nil {
				t.Error("the embargoed article was built")
			}
		})
	}
}

func TestRunBuildOutAndCache(t *testing.T) {
	root := siteRepo(t, map[string]string{
		"content/berita/2026/11/25-jembatan/index.md": siteArticle,
		"content/berita/2026/11/25-jembatan/foto.jpg": tinyJPEG(t),
	})
	out := filepath.Join(t.TempDir(), "situs")
	cache := filepath.Join(t.TempDir(), "cache")
	stdout, stderr, code := runSite(t, root, "build", "--out", out, "--cache", cache)
	if code != ExitOK || !strings.Contains(stdout, "foto diolah") {
		t.Fatalf("code %d\n%s\n%s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Error(err)
	}
	if entries, _ := os.ReadDir(cache); len(entries) == 0 {
		t.Error("image cache empty")
	}
	stdout, _, _ = runSite(t, root, "build", "--out", out, "--cache", cache)
	if !strings.Contains(stdout, "(0 berubah, 0 dihapus, 0 foto diolah)") {
		t.Errorf("rebuild changed files: %s", stdout)
	}
}

func TestParseServe(t *testing.T) {
	e := &Env{Stdio: Stdio{Out: io.Discard, Err: io.Discard}}
	o, _, done := parseServe(e, []string{"--addr", "127.0.0.1:0", "--drafts"})
	if done || o.addr != "127.0.0.1:0" || !o.build.drafts {
		t.Errorf("parseServe = %+v, %v", o, done)
	}
	if o, _, _ := parseServe(e, nil); o.addr != "127.0.0.1:1313" {
		t.Errorf("default addr %q", o.addr)
	}
	if _, code, done := parseServe(e, []string{"x"}); !done || code != ExitUsage {
		t.Errorf("extra argument accepted")
	}
}

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRunServe(t *testing.T) {
	root := siteRepo(t, map[string]string{
		"content/berita/2026/11/25-jembatan/index.md": siteArticle,
		"content/berita/2026/11/25-jembatan/foto.jpg": tinyJPEG(t),
	})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var out, errb syncBuffer
	e := &Env{Stdio: Stdio{In: strings.NewReader(""), Out: &out, Err: &errb},
		Now: func() time.Time { return time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC) }}
	done := make(chan int, 1)
	go func() { done <- e.Run(ctx, []string{"--root", root, "serve", "--addr", "127.0.0.1:0", "--cache", "-"}) }()

	urlRe := regexp.MustCompile(`Situs tersedia di (http://\S+)`)
	var base string
	for base == "" {
		select {
		case code := <-done:
			t.Fatalf("serve ended with %d\n%s\n%s", code, out.String(), errb.String())
		case <-time.After(20 * time.Millisecond):
		}
		sc := bufio.NewScanner(strings.NewReader(out.String()))
		for sc.Scan() {
			if m := urlRe.FindStringSubmatch(sc.Text()); m != nil {
				base = m[1]
			}
		}
	}
	get := func(p string) (int, string) {
		resp, err := http.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	if code, body := get("berita/2026/11/25-jembatan/"); code != 200 || !strings.Contains(body, "Gubernur Resmikan Jembatan") ||
		!strings.Contains(body, `<script src="/_warta/reload.js"></script>`) {
		t.Errorf("article: %d, or no reload script", code)
	}
	if code, body := get("tidak-ada/"); code != 404 || !strings.Contains(body, "Halaman tidak ditemukan") {
		t.Errorf("missing page: %d", code)
	}
	// A new article appears after the watcher's rebuild.
	dir := filepath.Join(root, "content/berita/2026/11/26-baru")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "foto.jpg"), []byte(tinyJPEG(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "index.md"), []byte(strings.Replace(siteArticle, "Gubernur Resmikan Jembatan", "Berita Baru Muncul", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		if code, _ := get("berita/2026/11/26-baru/"); code == 200 {
			break
		}
		if i > 500 {
			t.Fatalf("new article never served\n%s\n%s", out.String(), errb.String())
		}
		time.Sleep(20 * time.Millisecond)
		if i%50 == 49 { // the watcher may have missed the folder's first file
			_ = os.Chtimes(filepath.Join(dir, "index.md"), time.Now(), time.Now())
			_ = os.WriteFile(filepath.Join(dir, "index.md"), []byte(strings.Replace(siteArticle, "Gubernur Resmikan Jembatan", "Berita Baru Muncul", 1)), 0o644)
		}
	}
	// An edited body shows after a quick rebuild of that page.
	f, err := os.OpenFile(filepath.Join(root, "content/berita/2026/11/25-jembatan/index.md"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("\nParagraf susulan dari penyunting.\n"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for i := 0; ; i++ {
		if _, body := get("berita/2026/11/25-jembatan/"); strings.Contains(body, "Paragraf susulan dari penyunting.") {
			break
		}
		if i > 500 {
			t.Fatalf("edited article never served\n%s\n%s", out.String(), errb.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if code := <-done; code != ExitOK {
		t.Errorf("serve exit %d", code)
	}
	if !strings.Contains(out.String(), "berhenti") {
		t.Errorf("no stop message: %s", out.String())
	}
}

func TestRelPaths(t *testing.T) {
	e := &Env{Root: filepath.FromSlash("/repo")}
	got := e.relPaths([]string{filepath.FromSlash("/repo/content/berita/a/index.md"), filepath.FromSlash("/repo/site"), filepath.FromSlash("/lain/x.md")})
	want := []string{"content/berita/a/index.md", "site", filepath.FromSlash("/lain/x.md")}
	if !slices.Equal(got, want) {
		t.Errorf("relPaths = %q, want %q", got, want)
	}
	if e.relPaths(nil) != nil {
		t.Errorf("relPaths(nil) is not nil: changes not known must stay so")
	}
}

// TestServeCountsSameProblems: serve prints a build's problems, and the
// same problems after a rebuild only as a count.
func TestServeCountsSameProblems(t *testing.T) {
	root := siteRepo(t, nil)
	var errb bytes.Buffer
	e := &Env{Stdio: Stdio{Out: io.Discard, Err: &errb}, Root: root, Now: time.Now, Log: slog.New(slog.DiscardHandler)}
	probs := []article.Problem{article.Errorf(article.Pos{File: "content/berita/2026/11/25-a/index.md", Line: 3}, "alt-kosong", "isi alt", "alt foto wajib diisi")}
	var shown []article.Problem
	for i, want := range []string{"alt foto wajib diisi", "1 masalah naskah masih sama", "alt foto wajib diisi"} {
		if i == 2 {
			probs = append(probs, article.Warnf(article.Pos{File: "content/halaman/b.md"}, "x", "", "baru"))
		}
		errb.Reset()
		res, code := e.buildSite(t.Context(), "serve", buildOptions{cache: "-"}, &shown, func(site.Options) (*site.Result, error) {
			return &site.Result{Problems: slices.Clone(probs)}, nil
		})
		if res == nil || code != ExitProblems {
			t.Fatalf("build %d: code %d", i, code)
		}
		if !strings.Contains(errb.String(), want) {
			t.Errorf("build %d printed %q, want %q", i, errb.String(), want)
		}
	}
}
