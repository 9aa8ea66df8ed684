package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/config"
	"github.com/kominfotik-lampung/warta/pipeline/site"
)

type serveOptions struct {
	build buildOptions
	addr  string
}

func parseServe(e *Env, args []string) (serveOptions, int, bool) {
	o := serveOptions{}
	fs := e.newFlags("serve", "[--addr 127.0.0.1:1313] [--drafts] [--out DIR]",
		"Membangun situs, menyajikannya di komputer ini dan membangun ulang setiap kali\ncontent/ atau site/ berubah. Hentikan dengan Ctrl+C.")
	fs.StringVar(&o.addr, "addr", "127.0.0.1:1313", "alamat dan port server")
	fs.BoolVar(&o.build.drafts, "drafts", false, "ikut menampilkan naskah draf")
	fs.StringVar(&o.build.out, "out", "", "folder keluaran (bawaan: .cache/warta/serve, agar public/ tidak berisi draf)")
	fs.StringVar(&o.build.cache, "cache", "", "folder singgahan turunan foto (bawaan: .cache/warta/images)")
	if code, done := parseFlags(fs, args); done {
		return o, code, true
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.Err, "warta serve: argumen tidak dikenal: %s\n", strings.Join(fs.Args(), " "))
		return o, ExitUsage, true
	}
	return o, 0, false
}

func runServe(ctx context.Context, e *Env, args []string) int {
	o, code, done := parseServe(e, args)
	if done {
		return code
	}
	out := e.outDir(o.build.out, ".cache/warta/serve")
	// Watch before the first build, so that no change after it goes
	// unnoticed: rebuilds after an edit render only what it changed.
	w, err := site.NewWatcher([]string{e.path("content"), e.path("site")})
	if err != nil {
		fmt.Fprintf(e.Err, "warta serve: tidak dapat memantau perubahan: %v\n", err)
		return ExitUsage
	}
	defer w.Close()
	sess := site.NewSession(os.DirFS(e.Root), out)
	defer func() {
		if err := sess.Close(); err != nil {
			e.Log.Warn("build cache not saved", "err", err)
		}
	}()
	var shown []article.Problem
	build := func(ctx context.Context, changed []string) (*site.Result, int) {
		return e.buildSite(ctx, "serve", o.build, &shown, func(opt site.Options) (*site.Result, error) {
			return sess.Build(ctx, opt, changed)
		})
	}
	res, code := build(ctx, nil)
	if res == nil {
		return code
	}
	fmt.Fprintf(e.Out, "warta serve: %d berita dibangun\n", res.Articles)
	e.printHeld("serve", res)

	basePath := "/"
	if cfg, _, err := config.Load(os.DirFS(e.Root)); err == nil {
		basePath = site.BasePath(cfg.Site.BaseURL)
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		fmt.Fprintf(e.Err, "warta serve: tidak dapat mendengarkan di %s: %v\n    saran: pilih port lain, misalnya --addr 127.0.0.1:1314\n", o.addr, err)
		return ExitUsage
	}
	// Pages served here reload themselves after each rebuild; the
	// script is added on the way out, never written to the out dir.
	reload := site.NewReloader()
	srv := &http.Server{Handler: reload.Handler(site.Handler(out, basePath)), ReadHeaderTimeout: 10 * time.Second}
	srv.RegisterOnShutdown(reload.Close)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(e.Out, "Situs tersedia di http://%s%s — tekan Ctrl+C untuk berhenti.\n", ln.Addr(), basePath)

	// The watcher gets its own context so that every way out below stops
	// it and waits until a rebuild in progress has finished writing.
	wctx, stopWatch := context.WithCancel(ctx)
	watchErr := make(chan error, 1)
	go func() {
		watchErr <- w.Run(wctx, 300*time.Millisecond, func(changed []string) {
			start := e.Now()
			res, _ := build(wctx, e.relPaths(changed))
			if res != nil {
				fmt.Fprintf(e.Out, "warta serve: dibangun ulang: %d berita, %d berkas berubah (%s)\n",
					res.Articles, res.Written, e.Now().Sub(start).Round(time.Millisecond))
				reload.Reload()
			}
		})
	}()

	waitWatcher := func() {
		stopWatch()
		<-watchErr
	}
	select {
	case <-ctx.Done():
		waitWatcher()
	case err := <-served:
		waitWatcher()
		if !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(e.Err, "warta serve: server berhenti: %v\n", err)
			return ExitUsage
		}
	case err := <-watchErr:
		stopWatch()
		if err != nil {
			fmt.Fprintf(e.Err, "warta serve: tidak dapat memantau perubahan: %v\n", err)
			_ = srv.Close()
			return ExitUsage
		}
	}
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(shutCtx)
	fmt.Fprintln(e.Out, "warta serve: berhenti")
	return ExitOK
}

// relPaths turns the OS paths a watcher reports into slash paths relative
// to the repository root, as a site.Session takes them; nil (changes not
// known) stays nil.
func (e *Env) relPaths(paths []string) []string {
	if paths == nil {
		return nil
	}
	out := make([]string, 0, len(paths))
	for _, p := range paths {
		if r, err := filepath.Rel(e.Root, p); err == nil && filepath.IsLocal(r) {
			p = filepath.ToSlash(r)
		}
		out = append(out, p)
	}
	return out
}
