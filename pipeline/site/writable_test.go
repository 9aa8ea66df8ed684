package site

import (
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kominfotik-lampung/warta/pipeline/article"
)

// TestBuildDropsUnwritableContent (issue 11 item 7): aliases on files the
// build writes are left out with an error at their line; the build itself
// goes on and writes the rest. A tag or location far longer than a file
// name gets a page under its shortened slug (article.MaxSlugLen).
func TestBuildDropsUnwritableContent(t *testing.T) {
	jpg, err := photoBytes("foto.jpg", 600, 400)
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("panjang", 40)
	a := "content/berita/2026/11/20-alias/"
	// Each name fits, the whole path (over 4096 bytes) does not.
	deep := "/" + strings.Repeat(strings.Repeat("d", 250)+"/", 20)
	b := "content/berita/2026/11/20-tag/"
	md := func(extra string) []byte {
		return []byte("---\ntitle: Uji\ndate: 2026-11-20T09:00:00+07:00\nsummary: Ringkasan.\nactivity: Uji\n" + extra +
			"images:\n  - {src: foto.jpg, alt: foto}\n---\n\nIsi.\n")
	}
	repo := miniRepo(t, map[string][]byte{
		a + "index.md": md("location: Bandar Lampung\naliases: [/js/cari.js, /index.xml, /robots.txt, /berita/2026/11/20-tag/foto-480w.jpg, /berita/lama/, " + deep + "]\n"),
		a + "foto.jpg": jpg,
		b + "index.md": md("location: \"" + long + "\"\ntags: [Jalan, \"" + long + "\"]\n"),
		b + "foto.jpg": jpg,
	})
	out := t.TempDir()
	res, err := Build(t.Context(), os.DirFS(repo), out, testOptions())
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	want := map[string]int{ // "file:line code" → count
		a + "index.md:7 alias-bentrok": 4,
	}
	got := map[string]int{}
	for _, p := range res.Problems {
		if p.Severity != article.Error || p.Hint == "" {
			t.Errorf("not an error with a fix: %v", p)
		}
		got[p.Pos.File+":"+itoa(p.Pos.Line)+" "+p.Code]++
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: %d problems, want %d; all: %v", k, got[k], n, res.Problems)
		}
	}
	for _, f := range []string{"js/cari.js", "index.xml", "robots.txt", "berita/2026/11/20-tag/foto-480w.jpg",
		"berita/lama/index.html", "berita/2026/11/20-alias/index.html", "berita/2026/11/20-tag/index.html", "tag/jalan/index.html"} {
		st, err := os.Stat(filepath.Join(out, filepath.FromSlash(f)))
		if err != nil || !st.Mode().IsRegular() {
			t.Errorf("%s not written as a file: %v", f, err)
		}
	}
	for _, kind := range []string{"tag", "lokasi"} {
		pages, _ := filepath.Glob(filepath.Join(out, kind, "panjang*", "index.html"))
		if len(pages) != 1 {
			t.Errorf("%s pages of the long name: %v", kind, pages)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestReservedCoversTheBuild: every file a build of the fixture writes
// outside content's folders and site/static is a path that check reserves
// (article.ReservedURL), so no alias or page can take it.
func TestReservedCoversTheBuild(t *testing.T) {
	out := t.TempDir()
	build(t, fixture(t), out, fixtureOptions(t))
	static := os.DirFS(filepath.Join("..", "..", StaticDir))
	for rel := range readTree(t, out) {
		if strings.HasPrefix(rel, "berita/") || rel == ManifestFile {
			continue
		}
		if _, err := fs.Stat(static, rel); err == nil {
			continue
		}
		// An alias or a page takes a folder: /x/y/ is written x/y/index.html.
		p := "/" + rel + "/"
		if rel == "index.html" {
			p = "/"
		} else if dir, ok := strings.CutSuffix(rel, "/index.html"); ok {
			p = "/" + dir + "/"
		}
		if article.ReservedURL(p, true) == "" {
			t.Errorf("%s is written but article.ReservedURL(%q) leaves it free", rel, p)
		}
	}
}
