package site

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Handler serves a built site from the OS folder dir, as a static host
// would: index.html for folders, /404.html with status 404 for anything
// missing. basePath is the path of base_url ("/" or "/sub/"); requests
// outside it are redirected to it.
func Handler(dir, basePath string) http.Handler {
	fsys := os.DirFS(dir)
	files := http.FileServerFS(fsys)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if name == "" {
			name = "."
		}
		st, err := fs.Stat(fsys, name)
		if err == nil && st.IsDir() {
			_, err = fs.Stat(fsys, path.Join(name, "index.html"))
		}
		if err != nil || name == ManifestFile || strings.HasSuffix(name, ".warta-tmp") {
			notFound(w, fsys)
			return
		}
		files.ServeHTTP(w, r)
	})
	if basePath == "" || basePath == "/" {
		return h
	}
	mux := http.NewServeMux()
	mux.Handle(basePath, http.StripPrefix(strings.TrimSuffix(basePath, "/"), h))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			http.Redirect(w, r, basePath, http.StatusFound)
			return
		}
		notFound(w, fsys)
	})
	return mux
}

func notFound(w http.ResponseWriter, fsys fs.FS) {
	page, err := fs.ReadFile(fsys, "404.html")
	if err != nil {
		http.NotFound(w, nil)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write(page)
}

// Watch calls rebuild after files below dirs change, once things have been
// quiet for debounce. New folders are watched as they appear; hidden files
// and folders are ignored. It returns nil when ctx ends.
func Watch(ctx context.Context, dirs []string, debounce time.Duration, rebuild func()) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	for _, d := range dirs {
		if err := watchTree(w, d); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			base := filepath.Base(ev.Name)
			if strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					_ = watchTree(w, ev.Name)
				}
			}
			timer.Reset(debounce)
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				timer.Reset(debounce)
				continue
			}
			return err
		case <-timer.C:
			rebuild()
		}
	}
}

// watchTree adds dir and every folder below it, except hidden ones.
func watchTree(w *fsnotify.Watcher, dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		return w.Add(p)
	})
}
