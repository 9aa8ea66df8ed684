package site

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/kominfotik-lampung/warta/pipeline/config"
	"github.com/kominfotik-lampung/warta/pipeline/content"
)

func BenchmarkRenderArticle(b *testing.B) {
	repo := fixture(b)
	fsys := os.DirFS(repo)
	cfg, _, err := config.Load(fsys)
	if err != nil {
		b.Fatal(err)
	}
	set, _, err := content.Load(b.Context(), fsys, cfg, content.Options{})
	if err != nil {
		b.Fatal(err)
	}
	opt := testOptions()
	tpl, err := parseTemplates(opt.Templates)
	if err != nil {
		b.Fatal(err)
	}
	bl := newBuilder(cfg, tpl, opt, set)
	sv := bl.siteView()
	if err := bl.renderChrome(sv); err != nil {
		b.Fatal(err)
	}
	var e *entry
	for _, x := range bl.articles {
		if x.a.ID == "berita/2026/11/25-peresmian-jembatan" {
			e = x
		}
	}
	var w bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		w.Reset()
		if err := bl.renderArticle(&w, sv, e); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuild1k builds the shared benchmark corpus (../shared/bench
// beside the repository): 1,000 articles with one 1600×1067 photo each.
// cold: empty out dir and image cache; warm: empty out dir, cache filled;
// noop: rebuild over the previous output; text: the corpus without photos.
func BenchmarkBuild1k(b *testing.B) {
	bench, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "bench"))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(bench, "gencorpus")); err != nil {
		b.Skip("../shared/bench not present")
	}
	corpus := func(b *testing.B, images bool) string {
		dir := b.TempDir()
		args := []string{"run", "./gencorpus", "-n", "1000", "-out", dir}
		if images {
			args = append(args, "-images")
		}
		cmd := exec.CommandContext(b.Context(), "go", args...)
		cmd.Dir = bench
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("gencorpus: %v\n%s", err, out)
		}
		cfg, err := os.ReadFile(filepath.Join("..", "..", config.Path))
		if err != nil {
			b.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(dir, "site"), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, config.Path), cfg, 0o644); err != nil {
			b.Fatal(err)
		}
		return dir
	}
	// Output goes to tmpfs when there is one: the disk here is slow to
	// create files, which would measure the disk, not the build.
	outDir := func(b *testing.B) string {
		d, err := os.MkdirTemp("/dev/shm", "warta-bench-")
		if err != nil {
			return b.TempDir()
		}
		b.Cleanup(func() { os.RemoveAll(d) })
		return d
	}
	run := func(b *testing.B, repo, out string, opt Options) {
		res, err := Build(b.Context(), os.DirFS(repo), out, opt)
		if err != nil {
			b.Fatal(err)
		}
		if res.Articles != 1000 {
			b.Fatalf("built %d articles, want 1000", res.Articles)
		}
		b.ReportMetric(float64(res.Files), "files")
		b.ReportMetric(float64(res.Encoded), "encoded")
	}
	b.Run("text", func(b *testing.B) {
		repo := corpus(b, false)
		b.ReportAllocs()
		for b.Loop() {
			run(b, repo, outDir(b), testOptions())
		}
	})
	// The photo corpus is made once, on the parent benchmark, so it
	// outlives each sub-benchmark.
	var repo, cache string
	parent := b
	photos := func(*testing.B) string {
		if repo == "" {
			repo = corpus(parent, true)
			cache = parent.TempDir()
		}
		return repo
	}
	b.Run("cold", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			opt := testOptions()
			opt.CacheDir = filepath.Join(b.TempDir(), "cache")
			run(b, photos(b), outDir(b), opt)
		}
	})
	warm := func(b *testing.B) Options {
		opt := testOptions()
		photos(b)
		opt.CacheDir = cache
		if _, err := Build(b.Context(), os.DirFS(repo), outDir(b), opt); err != nil {
			b.Fatal(err)
		}
		return opt
	}
	b.Run("warm", func(b *testing.B) {
		opt := warm(b)
		b.ReportAllocs()
		for b.Loop() {
			run(b, repo, outDir(b), opt)
		}
	})
	b.Run("noop", func(b *testing.B) {
		opt := warm(b)
		out := outDir(b)
		run(b, repo, out, opt)
		b.ReportAllocs()
		for b.Loop() {
			run(b, repo, out, opt)
		}
	})
}
