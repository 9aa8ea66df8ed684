package site

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestIncrementalMatchesClean changes the input step by step and, after
// each step, compares an incremental build (same out dir, same build
// cache) with a clean build of the same input into an empty folder
// without build cache: every file must be byte-identical, and the
// problems reported the same.
func TestIncrementalMatchesClean(t *testing.T) {
	repo := fixture(t)
	tpl := filepath.Join(t.TempDir(), "templates")
	if err := os.CopyFS(tpl, os.DirFS(filepath.Join("..", "..", TemplatesDir))); err != nil {
		t.Fatal(err)
	}
	now := fixedNow
	opts := func(cache string) Options {
		o := testOptions()
		o.Templates = os.DirFS(tpl)
		o.Now = func() time.Time { return now }
		o.CacheDir = cache
		return o
	}
	cache := photoCache(t)
	// Clean builds take photos from an image cache of their own, its
	// build cache removed before each: encoding them for every step is
	// most of the time of this test under -race.
	photos := photoCache(t)
	clean := func(t *testing.T) (*Result, string) {
		t.Helper()
		if err := os.Remove(filepath.Join(photos, BuildCacheFile)); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		dir := t.TempDir()
		return build(t, repo, dir, opts(photos)), dir
	}
	out := t.TempDir()
	static := len(readTree(t, filepath.Join("..", "..", StaticDir)))
	art := func(id string) string {
		return filepath.Join(repo, "content/berita", filepath.FromSlash(id), "index.md")
	}
	edit := func(t *testing.T, file, old, new string) {
		t.Helper()
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte(old)) {
			t.Fatalf("%s has no %q", file, old)
		}
		if err := os.WriteFile(file, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	appendTo := appendFile
	steps := []struct {
		name   string
		change func(t *testing.T)
		// written bounds how many files the incremental build may
		// write, and (apart from site/static, always copied) render;
		// -1: no bound.
		written int
	}{
		{"first build", func(*testing.T) {}, -1},
		{"nothing changed", func(*testing.T) {}, 0},
		{"touched, same bytes", func(t *testing.T) {
			later := time.Now().Add(time.Hour)
			if err := os.Chtimes(art("2026/11/20-sosialisasi-stunting"), later, later); err != nil {
				t.Fatal(err)
			}
		}, 0},
		{"body of one article", func(t *testing.T) {
			appendTo(t, art("2026/10/15-pasar-murah"), "\nParagraf tambahan untuk uji pembangunan ulang.\n")
		}, 1},
		{"title of one article", func(t *testing.T) {
			edit(t, art("2026/11/20-sosialisasi-stunting"), "title: ", "title: Diubah: ")
		}, -1},
		{"new article", func(t *testing.T) {
			dir := filepath.Join(repo, "content/berita/2026/11/22-lomba-baru")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			writePhoto(t, filepath.Join(dir, "lomba.jpg"), 900, 600)
			md := "---\ntitle: Lomba Baru di Metro\ndate: 2026-11-22T09:00:00+07:00\nsummary: Lomba baru digelar.\n" +
				"activity: Lomba\nlocation: Kota Metro\ntags: [Lomba, Pemuda]\naliases: [/lama/lomba/]\n" +
				"images:\n  - src: lomba.jpg\n    alt: Peserta lomba\n---\n\nIsi berita lomba.\n"
			if err := os.WriteFile(filepath.Join(dir, "index.md"), []byte(md), 0o644); err != nil {
				t.Fatal(err)
			}
		}, -1},
		{"tag changed", func(t *testing.T) {
			edit(t, art("2026/11/22-lomba-baru"), "tags: [Lomba, Pemuda]", "tags: [Lomba, Olahraga]")
		}, -1},
		{"photo replaced", func(t *testing.T) {
			writePhoto(t, filepath.Join(repo, "content/berita/2026/11/22-lomba-baru/lomba.jpg"), 700, 700)
		}, -1},
		{"photo removed", func(t *testing.T) {
			if err := os.Remove(filepath.Join(repo, "content/berita/2026/11/22-lomba-baru/lomba.jpg")); err != nil {
				t.Fatal(err)
			}
		}, -1},
		{"correction added", func(t *testing.T) {
			edit(t, art("2026/11/25-peresmian-jembatan"), "aliases:", "corrections:\n  - date: \"2026-11-25 12:00\"\n"+
				"    kind: pembaruan\n    note: \"Panjang jembatan diperbarui menjadi 125 meter.\"\naliases:")
		}, -1},
		{"correction note edited", func(t *testing.T) {
			edit(t, art("2026/11/20-sosialisasi-stunting"), "yang benar 300 kader", "yang benar 310 kader")
		}, -1},
		{"article retracted", func(t *testing.T) {
			edit(t, art("2026/10/15-pasar-murah"), "tags: [Ekonomi]", "tags: [Ekonomi]\n"+
				"retraction: {date: \"2026-11-25 08:00\", reason: \"Harga yang dimuat keliru.\"}")
		}, -1},
		{"body of the retracted article", func(t *testing.T) {
			appendTo(t, art("2026/10/15-pasar-murah"), "\nKalimat yang tidak tampil.\n")
		}, 1},
		{"retraction lifted", func(t *testing.T) {
			edit(t, art("2026/10/15-pasar-murah"), "\nretraction: {date: \"2026-11-25 08:00\", reason: \"Harga yang dimuat keliru.\"}", "")
		}, -1},
		{"article deleted", func(t *testing.T) {
			if err := os.RemoveAll(filepath.Dir(art("2026/10/15-pasar-murah"))); err != nil {
				t.Fatal(err)
			}
		}, -1},
		{"static page changed", func(t *testing.T) {
			appendTo(t, filepath.Join(repo, "content/halaman/tentang.md"), "\nKalimat baru.\n")
		}, -1},
		{"template changed", func(t *testing.T) {
			edit(t, filepath.Join(tpl, "base.html"), `<a class="skip"`, `<a class="skip" data-v="2"`)
		}, -1},
		{"embargo lifted", func(*testing.T) { now = fixedNow.Add(10 * 24 * time.Hour) }, -1},
		{"year turned", func(*testing.T) { now = time.Date(2027, 1, 2, 0, 0, 0, 0, time.UTC) }, -1},
	}
	for _, s := range steps {
		t.Run(strings.ReplaceAll(s.name, " ", "_"), func(t *testing.T) {
			s.change(t)
			inc := build(t, repo, out, opts(cache))
			want, dir := clean(t)
			if s.written >= 0 && inc.Written > s.written {
				t.Errorf("incremental build wrote %d files, want at most %d", inc.Written, s.written)
			}
			if rendered := inc.Files - inc.Reused - static; s.written >= 0 && rendered > s.written {
				t.Errorf("incremental build rendered %d files, want at most %d", rendered, s.written)
			}
			sameSite(t, inc, want, out, dir)
		})
	}
}

// TestBuildCacheSurvivesCorruption: a damaged cache file is ignored.
func TestBuildCacheSurvivesCorruption(t *testing.T) {
	repo := fixture(t)
	opt := testOptions()
	opt.CacheDir = photoCache(t)
	build(t, repo, t.TempDir(), opt)
	name := filepath.Join(opt.CacheDir, BuildCacheFile)
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]byte{nil, data[:len(data)/2], append(append([]byte{}, data...), 0x7f), []byte("warta-build-cache-1\xff\xff\xff")} {
		if err := os.WriteFile(name, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		out := t.TempDir()
		res := build(t, repo, out, opt)
		if res.Written != res.Files {
			t.Errorf("build over a corrupt cache wrote %d of %d files", res.Written, res.Files)
		}
	}
}

// appendFile appends text to the file name.
func appendFile(t *testing.T, name, text string) {
	t.Helper()
	f, err := os.OpenFile(name, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
