package site

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"sort"
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

// Watch calls rebuild with the changed paths after files below dirs
// change, once things have been quiet for debounce. It is NewWatcher and
// Watcher.Run; it returns nil when ctx ends.
func Watch(ctx context.Context, dirs []string, debounce time.Duration, rebuild func(changed []string)) error {
	w, err := NewWatcher(dirs)
	if err != nil {
		return err
	}
	defer w.Close()
	return w.Run(ctx, debounce, rebuild)
}

// A Watcher reports changes below folders. Changes made after NewWatcher
// returns are reported, so a build that starts after it misses none.
type Watcher struct {
	fw    *fsnotify.Watcher
	roots []watchRoot
}

// watchRoot is a watched folder as given and as resolved: a folder that
// is a symlink is watched where it points, and its paths are reported
// below the name given.
type watchRoot struct{ given, real string }

// NewWatcher watches dirs and every folder below them, except hidden
// ones; folders that do not exist are skipped.
func NewWatcher(dirs []string) (*Watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{fw: fw}
	for _, d := range dirs {
		r := watchRoot{given: filepath.Clean(d), real: filepath.Clean(d)}
		if real, err := filepath.EvalSymlinks(d); err == nil {
			r.real = real
		}
		w.roots = append(w.roots, r)
		if err := watchTree(fw, r.real); err != nil && !errors.Is(err, fs.ErrNotExist) {
			fw.Close()
			return nil, err
		}
	}
	return w, nil
}

// Close stops watching.
func (w *Watcher) Close() error { return w.fw.Close() }

// Run calls rebuild after files change, once things have been quiet for
// debounce, with the paths that changed meanwhile (below the folders as
// given, sorted; a folder made or removed is one path), or with nil when
// the system lost track of changes. New folders are watched as they
// appear; hidden files and folders and backup files ("~") are ignored.
// It returns nil when ctx ends.
func (w *Watcher) Run(ctx context.Context, debounce time.Duration, rebuild func(changed []string)) error {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	changed := map[string]bool{}
	lost := false
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil
		case ev, ok := <-w.fw.Events:
			if !ok {
				return nil
			}
			base := filepath.Base(ev.Name)
			if strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					_ = watchTree(w.fw, ev.Name)
				}
			}
			changed[w.given(ev.Name)] = true
			timer.Reset(debounce)
		case err, ok := <-w.fw.Errors:
			if !ok {
				return nil
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				lost = true
				timer.Reset(debounce)
				continue
			}
			return err
		case <-timer.C:
			var paths []string
			if !lost {
				paths = make([]string, 0, len(changed))
				for p := range changed {
					paths = append(paths, p)
				}
				sort.Strings(paths)
			}
			changed, lost = map[string]bool{}, false
			rebuild(paths)
		}
	}
}

// given turns a path below a resolved root back into one below the root
// as given.
func (w *Watcher) given(name string) string {
	for _, r := range w.roots {
		if r.real == r.given {
			continue
		}
		if name == r.real {
			return r.given
		}
		if rest, ok := strings.CutPrefix(name, r.real+string(filepath.Separator)); ok {
			return filepath.Join(r.given, rest)
		}
	}
	return name
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
