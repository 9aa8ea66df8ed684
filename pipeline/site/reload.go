package site

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// Paths of the live reload that only `warta serve` answers; nothing of it
// is ever written to the out dir.
const (
	ReloadEvents = "/_warta/reload"
	ReloadScript = "/_warta/reload.js"
)

// reloadJS reloads the page when the server says the site was rebuilt.
// EventSource reconnects by itself after the server restarts.
const reloadJS = `// warta serve: reload after each rebuild (never part of the built site).
(function () {
  "use strict";
  if (!window.EventSource) { return; }
  new EventSource("` + ReloadEvents + `").addEventListener("reload", function () {
    window.location.reload();
  });
})();
`

// A Reloader tells the pages open in browsers to reload: its Handler
// serves the event stream and script, and adds the script to every HTML
// page it passes through. Reload notifies every connected page once.
type Reloader struct {
	mu      sync.Mutex
	clients map[chan struct{}]bool
	closed  chan struct{}
	once    sync.Once
}

// NewReloader returns a Reloader with no pages connected.
func NewReloader() *Reloader {
	return &Reloader{clients: map[chan struct{}]bool{}, closed: make(chan struct{})}
}

// Reload sends one reload event to each connected page.
func (r *Reloader) Reload() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for c := range r.clients {
		select {
		case c <- struct{}{}:
		default: // one is pending already: the page reloads once
		}
	}
}

// Close ends every event stream, so that a server can shut down.
func (r *Reloader) Close() { r.once.Do(func() { close(r.closed) }) }

// Clients is the number of pages connected.
func (r *Reloader) Clients() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.clients)
}

// Handler serves the reload endpoints and passes everything else to
// site, adding the reload script to its HTML pages.
func (r *Reloader) Handler(site http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+ReloadEvents, r.events)
	mux.HandleFunc("GET "+ReloadScript, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write([]byte(reloadJS))
	})
	mux.Handle("/", injectReload(site))
	return mux
}

// events is the server-sent event stream of one page.
func (r *Reloader) events(w http.ResponseWriter, req *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c := make(chan struct{}, 1)
	r.mu.Lock()
	r.clients[c] = true
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		delete(r.clients, c)
		r.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = fmt.Fprint(w, ": warta serve\n\n")
	fl.Flush()
	for {
		select {
		case <-req.Context().Done():
			return
		case <-r.closed:
			return
		case <-c:
			if _, err := fmt.Fprint(w, "event: reload\ndata: 1\n\n"); err != nil {
				return
			}
			fl.Flush()
		}
	}
}

// injectReload adds the reload script before </body> of HTML responses.
func injectReload(next http.Handler) http.Handler {
	tag := []byte(`<script src="` + ReloadScript + `"></script>`)
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		// Whole pages only: the script changes them, so a range of the
		// file or a "not modified" would not match.
		req = req.Clone(req.Context())
		for _, h := range []string{"Range", "If-Range", "If-Modified-Since", "If-None-Match"} {
			req.Header.Del(h)
		}
		rec := &bufferedResponse{header: http.Header{}, status: http.StatusOK}
		next.ServeHTTP(rec, req)
		body := rec.body.Bytes()
		if strings.HasPrefix(rec.header.Get("Content-Type"), "text/html") && req.Method != http.MethodHead {
			if i := bytes.LastIndex(body, []byte("</body>")); i >= 0 {
				body = append(append(append([]byte{}, body[:i]...), tag...), body[i:]...)
			}
			rec.header.Del("Last-Modified") // the page differs from the file
			rec.header.Del("ETag")
			rec.header.Set("Cache-Control", "no-store")
		}
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		if rec.header.Get("Content-Length") != "" {
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		}
		w.WriteHeader(rec.status)
		_, _ = w.Write(body)
	})
}

// bufferedResponse keeps a response to change it before it is sent.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
	wrote  bool
}

func (b *bufferedResponse) Header() http.Header { return b.header }

func (b *bufferedResponse) WriteHeader(code int) {
	if !b.wrote {
		b.status, b.wrote = code, true
	}
}

func (b *bufferedResponse) Write(p []byte) (int, error) {
	b.WriteHeader(http.StatusOK)
	return b.body.Write(p)
}
