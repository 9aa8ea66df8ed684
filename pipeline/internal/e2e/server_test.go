package e2e

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"strings"
)

// newStaticHandler serves the built site the way GitHub Pages does: a folder
// answers with its index.html, a folder without its trailing slash redirects,
// a miss answers 404 with 404.html, text is gzipped for clients that accept
// it, and everything may be cached for ten minutes.
func newStaticHandler(dir string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		root, err := os.OpenRoot(dir)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer root.Close()
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if name == "" {
			name = "."
		}
		fi, err := root.Stat(name)
		if err == nil && fi.IsDir() {
			if !strings.HasSuffix(r.URL.Path, "/") {
				http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
				return
			}
			name = path.Join(name, "index.html")
			fi, err = root.Stat(name)
		}
		status := http.StatusOK
		if err != nil || fi.IsDir() {
			name, status = "404.html", http.StatusNotFound
		}
		data, err := root.ReadFile(name)
		if errors.Is(err, fs.ErrNotExist) {
			http.Error(w, "404 page not found", http.StatusNotFound)
			return
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		ctype := mime.TypeByExtension(path.Ext(name))
		if ctype == "" {
			ctype = http.DetectContentType(data)
		}
		h := w.Header()
		h.Set("Content-Type", ctype)
		h.Set("Cache-Control", "max-age=600")
		h.Set("X-Content-Type-Options", "nosniff")
		if compressible(ctype) && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			var buf bytes.Buffer
			zw := gzip.NewWriter(&buf)
			if _, err := zw.Write(data); err == nil && zw.Close() == nil {
				data = buf.Bytes()
				h.Set("Content-Encoding", "gzip")
				h.Add("Vary", "Accept-Encoding")
			}
		}
		w.WriteHeader(status)
		if r.Method == http.MethodGet {
			_, _ = io.Copy(w, bytes.NewReader(data))
		}
	})
}

// compressible reports whether a response of this type is text worth
// gzipping.
func compressible(ctype string) bool {
	for _, p := range []string{"text/", "application/json", "application/xml", "application/javascript", "application/rss+xml", "image/svg+xml"} {
		if strings.HasPrefix(ctype, p) {
			return true
		}
	}
	return false
}
