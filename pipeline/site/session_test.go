package site

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestSessionMatchesClean drives a Session as `warta serve` does: change
// the input, tell it which paths changed, rebuild. After each step every
// file of its out dir must be byte-identical to a clean build of the same
// input, the problems the same, and the quick path taken exactly when
// only article bodies (or what lists do not show) changed. Without a
// cache dir every full build encodes the photos again, which takes long
// under -race, so that variant runs a few of the steps (marked memory),
// and of those the full builds after the first only with -long.
func TestSessionMatchesClean(t *testing.T) {
	for _, withCache := range []bool{true, false} {
		name := "memory"
		if withCache {
			name = "cache-dir"
		}
		t.Run(name, func(t *testing.T) { testSession(t, withCache) })
	}
}

func testSession(t *testing.T, withCache bool) {
	repo := fixture(t)
	for _, dir := range []string{TemplatesDir, StaticDir} {
		_ = os.RemoveAll(filepath.Join(repo, dir)) // the fixture's own logo; the real folder has it too
		if err := os.CopyFS(filepath.Join(repo, dir), os.DirFS(filepath.Join("..", "..", dir))); err != nil {
			t.Fatal(err)
		}
	}
	now := fixedNow
	var logs bytes.Buffer
	opts := func(cache string) Options {
		o := testOptions()
		o.Templates, o.Static = nil, nil // site/ of the repo, as serve has it
		o.Now = func() time.Time { return now }
		o.CacheDir = cache
		return o
	}
	cache := ""
	if withCache {
		cache = photoCache(t)
	}
	// Clean builds take photos from an image cache of their own (its
	// build cache removed before each): encoding them for every step
	// took minutes under -race.
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
	sess := NewSession(os.DirFS(repo), out)
	const (
		stunting = "content/berita/2026/11/20-sosialisasi-stunting/index.md"
		jembatan = "content/berita/2026/11/25-peresmian-jembatan/index.md"
		pasar    = "content/berita/2026/10/15-pasar-murah/index.md"
		tentang  = "content/halaman/tentang.md"
		lomba    = "content/berita/2026/11/22-lomba-baru"
		dicabut  = "content/berita/2026/11/18-bantuan-dicabut/index.md"
	)
	file := func(p string) string { return filepath.Join(repo, filepath.FromSlash(p)) }
	edit := func(t *testing.T, p, old, new string) {
		t.Helper()
		data, err := os.ReadFile(file(p))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte(old)) {
			t.Fatalf("%s has no %q", p, old)
		}
		if err := os.WriteFile(file(p), bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	appendTo := func(t *testing.T, p, text string) {
		t.Helper()
		appendFile(t, file(p), text)
	}
	write := func(t *testing.T, p, text string) {
		t.Helper()
		if err := os.WriteFile(file(p), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var saved []byte // a file's bytes before the step that breaks it
	steps := []struct {
		name    string
		change  func(t *testing.T)
		changed []string // nil: not known
		quick   bool
		written int  // files written by a quick rebuild
		memory  bool // run without cache dir too
	}{
		{"first build", func(*testing.T) {}, nil, false, 0, true},
		{"body of one article", func(t *testing.T) {
			appendTo(t, pasar, "\nParagraf tambahan untuk uji serve.\n")
		}, []string{pasar}, true, 1, true},
		{"touched, same bytes", func(t *testing.T) {
			later := time.Now().Add(time.Hour)
			if err := os.Chtimes(file(stunting), later, later); err != nil {
				t.Fatal(err)
			}
		}, []string{stunting}, true, 0, true},
		{"author, which lists do not show", func(t *testing.T) {
			edit(t, jembatan, "author: [budi-staf]", "author: [budi-staf, sari-staf]")
		}, []string{jembatan}, true, 1, true},
		{"two bodies and an editor's probe file", func(t *testing.T) {
			appendTo(t, stunting, "\nKader juga dilatih.\n")
			appendTo(t, jembatan, "\nWarga bersyukur.\n")
			probe := filepath.Join(filepath.Dir(file(jembatan)), "4913")
			write(t, "content/berita/2026/11/25-peresmian-jembatan/4913", "")
			if err := os.Remove(probe); err != nil {
				t.Fatal(err)
			}
		}, []string{stunting, jembatan, "content/berita/2026/11/25-peresmian-jembatan/4913"}, true, 2, true},
		{"static page body", func(t *testing.T) {
			appendTo(t, tentang, "\nKalimat baru.\n")
		}, []string{tentang}, true, 1, true},
		{"title, which lists show", func(t *testing.T) {
			edit(t, stunting, "title: Sosialisasi", "title: Ulang Sosialisasi")
		}, []string{stunting}, false, 0, true},
		{"body after a full build", func(t *testing.T) {
			appendTo(t, stunting, "\nSatu kalimat lagi.\n")
		}, []string{stunting}, true, 1, true},
		{"correction added", func(t *testing.T) {
			edit(t, jembatan, "aliases:", "corrections:\n  - date: \"2026-11-25 12:00\"\n"+
				"    kind: pembaruan\n    note: \"Panjang jembatan diperbarui menjadi 125 meter.\"\naliases:")
		}, []string{jembatan}, false, 0, true},
		{"body of a corrected article", func(t *testing.T) {
			appendTo(t, jembatan, "\nJembatan dicat ulang.\n")
		}, []string{jembatan}, true, 1, true},
		{"correction note edited", func(t *testing.T) {
			edit(t, jembatan, "125 meter", "126 meter")
		}, []string{jembatan}, false, 0, false},
		{"body of the retracted article", func(t *testing.T) {
			appendTo(t, dicabut, "\nKalimat yang tidak tampil.\n")
		}, []string{dicabut}, true, 0, true},
		{"retraction reason edited", func(t *testing.T) {
			edit(t, dicabut, "reason: \"Data penerima", "reason: \"Data jumlah penerima")
		}, []string{dicabut}, false, 0, false},
		{"article retracted", func(t *testing.T) {
			edit(t, stunting, "images:", "retraction: {date: \"2026-11-25 18:00\", reason: \"Narasumber mencabut keterangannya.\"}\nimages:")
		}, []string{stunting}, false, 0, false},
		{"retraction lifted", func(t *testing.T) {
			edit(t, stunting, "retraction: {date: \"2026-11-25 18:00\", reason: \"Narasumber mencabut keterangannya.\"}\n", "")
		}, []string{stunting}, false, 0, false},
		{"new article", func(t *testing.T) {
			dir := file(lomba)
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			writePhoto(t, filepath.Join(dir, "lomba.jpg"), 900, 600)
			write(t, lomba+"/index.md", "---\ntitle: Lomba Baru di Metro\ndate: 2026-11-22T09:00:00+07:00\nsummary: Lomba baru digelar.\n"+
				"activity: Lomba\nlocation: Kota Metro\ntags: [Lomba, Pemuda]\naliases: [/lama/lomba/]\n"+
				"images:\n  - src: lomba.jpg\n    alt: Peserta lomba\n---\n\nIsi berita lomba.\n")
		}, []string{lomba}, false, 0, false},
		{"photo no article names yet", func(t *testing.T) {
			writePhoto(t, filepath.Join(file(lomba), "cadangan.jpg"), 300, 200)
		}, []string{lomba + "/cadangan.jpg"}, true, 0, false},
		{"photo replaced", func(t *testing.T) {
			writePhoto(t, filepath.Join(file(lomba), "lomba.jpg"), 700, 700)
		}, []string{lomba + "/lomba.jpg"}, false, 0, false},
		{"new problem outside lists", func(t *testing.T) {
			edit(t, lomba+"/index.md", "tags:", "platforms: [myspace]\ntags:")
		}, []string{lomba + "/index.md"}, false, 0, false},
		{"front matter broken", func(t *testing.T) {
			data, err := os.ReadFile(file(pasar))
			if err != nil {
				t.Fatal(err)
			}
			saved = data
			write(t, pasar, strings.Replace(string(data), "\n---\n", "\n", 1))
		}, []string{pasar}, false, 0, false},
		{"front matter fixed", func(t *testing.T) { write(t, pasar, string(saved)) }, []string{pasar}, false, 0, false},
		{"static file takes an article's address", func(t *testing.T) {
			if err := os.MkdirAll(file(StaticDir+"/berita/2026/10/15-pasar-murah"), 0o755); err != nil {
				t.Fatal(err)
			}
			write(t, StaticDir+"/berita/2026/10/15-pasar-murah/index.html", "<p>statis</p>\n")
		}, []string{StaticDir + "/berita"}, false, 0, false},
		{"body of the article under it", func(t *testing.T) {
			appendTo(t, pasar, "\nTertutup berkas statis.\n")
		}, []string{pasar}, false, 0, false},
		{"static file removed", func(t *testing.T) {
			if err := os.RemoveAll(file(StaticDir + "/berita")); err != nil {
				t.Fatal(err)
			}
		}, []string{StaticDir + "/berita"}, false, 0, false},
		{"misplaced Markdown added", func(t *testing.T) {
			if err := os.MkdirAll(file("content/catatan"), 0o755); err != nil {
				t.Fatal(err)
			}
			write(t, "content/catatan/rapat.md", "catatan\n")
		}, []string{"content/catatan"}, false, 0, false},
		{"misplaced Markdown removed with its folder", func(t *testing.T) {
			if err := os.RemoveAll(file("content/catatan")); err != nil {
				t.Fatal(err)
			}
		}, []string{"content/catatan"}, false, 0, false},
		{"made a draft", func(t *testing.T) {
			edit(t, jembatan, "tags:", "draft: true\ntags:")
		}, []string{jembatan}, false, 0, false},
		{"article deleted", func(t *testing.T) {
			if err := os.RemoveAll(filepath.Dir(file(pasar))); err != nil {
				t.Fatal(err)
			}
		}, []string{filepath.ToSlash(filepath.Dir(pasar))}, false, 0, false},
		{"template changed", func(t *testing.T) {
			edit(t, TemplatesDir+"/base.html", `<a class="skip"`, `<a class="skip" data-v="2"`)
		}, []string{TemplatesDir + "/base.html"}, false, 0, false},
		{"template changed, only a body reported", func(t *testing.T) {
			edit(t, TemplatesDir+"/base.html", `data-v="2"`, `data-v="3"`)
			appendTo(t, stunting, "\nLagi.\n")
		}, []string{stunting}, false, 0, false},
		{"config changed", func(t *testing.T) {
			edit(t, "site/config.yaml", "title: Berita Uji Kominfotik", "title: Berita Uji Kominfotik Baru")
		}, []string{"site/config.yaml"}, false, 0, false},
		{"embargo lifted", func(t *testing.T) {
			now = fixedNow.Add(10 * 24 * time.Hour)
			appendTo(t, stunting, "\nSetelah embargo.\n")
		}, []string{stunting}, false, 0, false},
		{"changes not known", func(t *testing.T) {
			appendTo(t, stunting, "\nTanpa daftar.\n")
		}, nil, false, 0, true},
		{"body once more", func(t *testing.T) {
			appendTo(t, lomba+"/index.md", "\nPenutup.\n")
		}, []string{lomba + "/index.md"}, true, 1, false},
	}
	for _, s := range steps {
		if !withCache && (!s.memory || !*long && !s.quick && s.name != "first build") {
			continue
		}
		t.Run(strings.ReplaceAll(s.name, " ", "_"), func(t *testing.T) {
			s.change(t)
			logs.Reset()
			o := opts(cache)
			o.Log = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			inc, err := sess.Build(t.Context(), o, s.changed)
			if err != nil {
				t.Fatalf("Session.Build: %v", err)
			}
			quick := strings.Contains(logs.String(), "site rebuilt quickly")
			if quick != s.quick {
				t.Errorf("quick rebuild: %v, want %v\n%s", quick, s.quick, logs.String())
			}
			if quick && inc.Written != s.written {
				t.Errorf("quick rebuild wrote %d files, want %d", inc.Written, s.written)
			}
			want, dir := clean(t)
			sameSite(t, inc, want, out, dir)
		})
	}
	if !withCache {
		return
	}
	// The build cache saved on Close vouches for every page: a build
	// after serve renders nothing.
	if err := sess.Close(); err != nil {
		t.Fatal(err)
	}
	res := build(t, repo, out, opts(cache))
	static := len(readTree(t, filepath.Join(repo, StaticDir)))
	if res.Written != 0 || res.Files-res.Reused-static != 0 {
		t.Errorf("build after Close wrote %d and rendered %d files, want none", res.Written, res.Files-res.Reused-static)
	}
	want, dir := clean(t)
	sameSite(t, res, want, out, dir)
}

// sameSite compares a build into out with a clean one into clean:
// counts, problems and every file.
func sameSite(t *testing.T, got, want *Result, out, clean string) {
	t.Helper()
	if got.Files != want.Files || got.Articles != want.Articles {
		t.Errorf("got %d files, %d articles; clean: %d, %d", got.Files, got.Articles, want.Files, want.Articles)
	}
	if !reflect.DeepEqual(got.Problems, want.Problems) {
		t.Errorf("problems differ:\ngot   %v\nclean %v", got.Problems, want.Problems)
	}
	g, exp := readTree(t, out), readTree(t, clean)
	for name, data := range exp {
		if d, ok := g[name]; !ok {
			t.Errorf("%s missing", name)
		} else if !bytes.Equal(d, data) {
			t.Errorf("%s differs from the clean build", name)
		}
	}
	for name := range g {
		if _, ok := exp[name]; !ok {
			t.Errorf("%s left over", name)
		}
	}
}

// TestOutputUpdate: a quick rebuild's write keeps the manifest what a
// build would write, also when a size gains a digit.
func TestOutputUpdate(t *testing.T) {
	dir := t.TempDir()
	o, err := openOutput(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct{ rel, data string }{{"a/index.html", "aaaa"}, {"b/index.html", "123456789"}, {"c.css", "c"}} {
		if err := o.put(f.rel, []byte(f.data)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := o.finish(); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		data    string
		written int
	}{{"1234567890", 1}, {"1234567890", 0}, {"x", 1}} {
		n, err := o.update(map[string][]byte{"b/index.html": []byte(step.data)})
		if err != nil || n != step.written {
			t.Fatalf("update(%q) = %d, %v; want %d", step.data, n, err, step.written)
		}
		if got := string(mustRead(t, filepath.Join(dir, "b", "index.html"))); got != step.data {
			t.Errorf("b/index.html = %q, want %q", got, step.data)
		}
		var want []byte // the manifest made afresh
		for _, rel := range o.order {
			want = o.manifestLine(want, rel)
		}
		got := mustRead(t, filepath.Join(dir, ManifestFile))
		if !bytes.Equal(got, want) {
			t.Errorf("manifest after update(%q):\n%s\nwant\n%s", step.data, got, want)
		}
		if got := parseManifest(got)["b/index.html"].size; got != int64(len(step.data)) {
			t.Errorf("manifest size of b/index.html = %d, want %d", got, len(step.data))
		}
	}
	if _, err := o.update(map[string][]byte{"d.html": []byte("d")}); err == nil {
		t.Errorf("update of a file the build did not make succeeded")
	}
}
