package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

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
	res, code := e.buildSite(ctx, "serve", out, o.build)
	if res == nil {
		return code
	}
	fmt.Fprintf(e.Out, "warta serve: %d berita dibangun\n", res.Articles)

	basePath := "/"
	if cfg, _, err := config.Load(os.DirFS(e.Root)); err == nil {
		basePath = site.BasePath(cfg.Site.BaseURL)
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		fmt.Fprintf(e.Err, "warta serve: tidak dapat mendengarkan di %s: %v\n    saran: pilih port lain, misalnya --addr 127.0.0.1:1314\n", o.addr, err)
		return ExitUsage
	}
	srv := &http.Server{Handler: site.Handler(out, basePath), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(e.Out, "Situs tersedia di http://%s%s — tekan Ctrl+C untuk berhenti.\n", ln.Addr(), basePath)

	// The watcher gets its own context so that every way out below stops
	// it and waits until a rebuild in progress has finished writing.
	wctx, stopWatch := context.WithCancel(ctx)
	watchErr := make(chan error, 1)
	go func() {
		watchErr <- site.Watch(wctx, []string{e.path("content"), e.path("site")}, 300*time.Millisecond, func() {
			start := e.Now()
			res, _ := e.buildSite(wctx, "serve", out, o.build)
			if res != nil {
				fmt.Fprintf(e.Out, "warta serve: dibangun ulang: %d berita, %d berkas berubah (%s)\n",
					res.Articles, res.Written, e.Now().Sub(start).Round(time.Millisecond))
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
