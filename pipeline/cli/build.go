package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/config"
	"github.com/kominfotik-lampung/warta/pipeline/site"
)

type buildOptions struct {
	out    string // OS path; "" = public/ under the root
	cache  string // OS path; "" = .cache/warta/images under the root; "-" = none
	drafts bool
}

func parseBuild(e *Env, args []string) (buildOptions, int, bool) {
	o := buildOptions{}
	fs := e.newFlags("build", "[--out DIR] [--drafts] [--cache DIR]",
		"Membangun situs dari content/ dan site/ ke folder keluaran (bawaan: public/).\nMasalah naskah dicetak dengan berkas:baris; naskah bermasalah yang dapat dibaca tetap\ndibangun tanpa foto yang salah, tetapi tidak akan diposting. Naskah yang tidak dapat\ndibaca, draf, dan naskah bertanggal di masa depan (embargo) tidak dibangun; yang\nberembargo disebutkan beserta waktu terbitnya.\nKode keluar: 0 berhasil, 1 ada naskah dengan kesalahan, 2 konfigurasi/penggunaan salah.")
	fs.StringVar(&o.out, "out", "", "folder keluaran (bawaan: public/ di folder repositori)")
	fs.BoolVar(&o.drafts, "drafts", false, "ikut membangun naskah draf (jangan dipakai untuk situs publik)")
	fs.StringVar(&o.cache, "cache", "", "folder singgahan turunan foto (bawaan: .cache/warta/images; \"-\" untuk tanpa singgahan)")
	if code, done := parseFlags(fs, args); done {
		return o, code, true
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.Err, "warta build: argumen tidak dikenal: %s\n", strings.Join(fs.Args(), " "))
		return o, ExitUsage, true
	}
	return o, 0, false
}

func runBuild(ctx context.Context, e *Env, args []string) int {
	o, code, done := parseBuild(e, args)
	if done {
		return code
	}
	out := e.outDir(o.out, "public")
	res, code := e.buildSite(ctx, "build", o, nil, func(opt site.Options) (*site.Result, error) {
		return site.Build(ctx, os.DirFS(e.Root), out, opt)
	})
	if res == nil {
		return code
	}
	rel := out
	if r, err := filepath.Rel(e.Root, out); err == nil && filepath.IsLocal(r) {
		rel = r
	}
	fmt.Fprintf(e.Out, "warta build: %d berita, %d berkas di %s (%d berubah, %d dihapus, %d foto diolah)\n",
		res.Articles, res.Files, rel, res.Written, res.Removed, res.Encoded)
	e.printHeld("build", res)
	return code
}

// printHeld says which articles an embargo keeps off the site, and until when.
func (e *Env) printHeld(cmd string, res *site.Result) {
	if len(res.Held) == 0 {
		return
	}
	fmt.Fprintf(e.Out, "warta %s: %d naskah ditahan sampai waktu terbitnya (embargo), belum ada di situs:\n", cmd, len(res.Held))
	for _, h := range res.Held {
		fmt.Fprintf(e.Out, "    %s — terbit %s: %s\n", h.File, h.When, h.Title)
	}
}

// outDir resolves an --out value: relative to the current directory when
// given, else def below the repository root.
func (e *Env) outDir(flagVal, def string) string {
	if flagVal == "" {
		return e.path(def)
	}
	if abs, err := filepath.Abs(flagVal); err == nil {
		return abs
	}
	return flagVal
}

// buildSite runs one build with run (site.Build, or a serve session's)
// and prints its problems; res is nil when the build could not run, and
// code is the exit code either way. shown, when not nil (serve), holds
// the problems printed last: the same problems again are not printed
// again (a big site can have thousands; printing them took longer than
// rebuilding after an edit), only counted.
func (e *Env) buildSite(ctx context.Context, cmd string, o buildOptions, shown *[]article.Problem, run func(site.Options) (*site.Result, error)) (*site.Result, int) {
	fsys := os.DirFS(e.Root)
	cfg, probs, err := config.Load(fsys)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(e.Err, "warta %s: %s tidak ditemukan di %s\n    saran: jalankan warta dari akar repositori atau beri --root FOLDER\n", cmd, config.Path, e.Root)
		} else {
			fmt.Fprintf(e.Err, "warta %s: %s tidak dapat dibaca: %v\n", cmd, config.Path, err)
		}
		return nil, ExitUsage
	}
	if article.HasErrors(probs) {
		for _, p := range probs {
			fmt.Fprintln(e.Err, p.String())
		}
		fmt.Fprintf(e.Err, "warta %s: perbaiki %s terlebih dahulu\n", cmd, config.Path)
		return nil, ExitUsage
	}
	cache := o.cache
	switch cache {
	case "":
		cache = e.path(site.CacheDir)
	case "-":
		cache = ""
	default:
		if abs, err := filepath.Abs(cache); err == nil {
			cache = abs
		}
	}
	res, err := run(site.Options{Config: cfg, Drafts: o.drafts, Now: e.Now, CacheDir: cache, Log: e.Log})
	if err != nil {
		var te *site.TemplateError
		switch {
		case errors.As(err, &te):
			fmt.Fprintf(e.Err, "warta %s: templat di %s salah: %v\n    saran: perbaiki templat; nama kolom harus sama dengan yang disediakan warta\n", cmd, site.TemplatesDir, te.Err)
		case ctx.Err() != nil:
			fmt.Fprintf(e.Err, "warta %s: dibatalkan\n", cmd)
		default:
			fmt.Fprintf(e.Err, "warta %s: kesalahan internal: %v\n", cmd, err)
		}
		return nil, ExitUsage
	}
	code := ExitOK
	if article.HasErrors(res.Problems) {
		code = ExitProblems
	}
	if shown != nil && len(res.Problems) > 0 && slices.Equal(res.Problems, *shown) {
		fmt.Fprintf(e.Err, "warta %s: %d masalah naskah masih sama seperti sebelumnya; tidak dicetak ulang\n", cmd, len(res.Problems))
		return res, code
	}
	if shown != nil {
		*shown = res.Problems
	}
	// Few writes for all problems: a large corpus can have thousands.
	w := bufio.NewWriterSize(e.Err, 64<<10)
	var line []byte
	for _, p := range res.Problems {
		line = append(p.Append(line[:0]), '\n')
		w.Write(line)
	}
	_ = w.Flush()
	if code == ExitProblems {
		e.printErrorFiles(cmd, res)
	}
	return res, code
}

// printErrorFiles says what became of the articles with errors: built
// (without the wrong photos) but not posted, or not on the site at all.
func (e *Env) printErrorFiles(cmd string, res *site.Result) {
	unbuilt := map[string]bool{}
	for _, f := range res.Unbuilt {
		unbuilt[f] = true
	}
	built := map[string]bool{}
	for _, p := range res.Problems {
		if p.Severity == article.Error && strings.HasPrefix(p.Pos.File, "content/") && !unbuilt[p.Pos.File] {
			built[p.Pos.File] = true
		}
	}
	if len(built) > 0 {
		fmt.Fprintf(e.Err, "warta %s: %d naskah dengan kesalahan tetap dibangun (tanpa foto yang salah) tetapi tidak akan diposting sebelum diperbaiki\n", cmd, len(built))
	}
	if n := len(res.Unbuilt); n > 0 {
		const show = 10
		list := strings.Join(res.Unbuilt[:min(n, show)], ", ")
		if n > show {
			list += fmt.Sprintf(" dan %d lainnya", n-show)
		}
		fmt.Fprintf(e.Err, "warta %s: %d naskah dengan kesalahan tidak dibangun (tidak ada di situs): %s\n", cmd, n, list)
	}
	if len(built) == 0 && len(res.Unbuilt) == 0 {
		fmt.Fprintf(e.Err, "warta %s: ada kesalahan; perbaiki sebelum naskah diposting\n", cmd)
	}
}
