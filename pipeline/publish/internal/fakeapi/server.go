package fakeapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
)

// Options are what a fake adds to the skeleton.
type Options struct {
	// Secrets are the query and form parameters whose values are recorded
	// as REDACTED (e.g. access_token).
	Secrets []string
	// Authenticate judges a request's credentials before anything else:
	// auth is how its Authorization header is recorded (never a secret; ""
	// when absent) and refuse, when not nil, the answer that ends the
	// request. nil accepts every request and records no authorization.
	Authenticate func(r *http.Request, body []byte) (auth string, refuse *Failure)
	// Header, when not nil, sets the headers every answer carries, such as
	// rate-limit headers; a Failure's own headers replace them.
	Header func(h http.Header)
	// Handler answers an accepted request no failure was scripted for; it
	// can read the body again.
	Handler http.Handler
}

// Server is a running fake: the skeleton around one API's Handler. It
// serves one request at a time, so the record is in the order answered.
type Server struct {
	// URL is the base URL to give a client, without a trailing slash.
	URL string

	opt   Options
	srv   *httptest.Server
	serve sync.Mutex // one request at a time

	mu        sync.Mutex // guards what follows
	reqs      []Request
	fails     []scripted
	expecting bool
	expected  []string
}

// New starts a fake on 127.0.0.1. When tb's test ends it verifies the
// expected calls (see Expect) and closes the server.
func New(tb testing.TB, opt Options) *Server {
	tb.Helper()
	s := &Server{opt: opt}
	s.srv = httptest.NewServer(http.HandlerFunc(s.handle))
	s.URL = s.srv.URL
	tb.Cleanup(s.srv.Close)
	tb.Cleanup(func() {
		if err := s.Verify(); err != nil {
			tb.Error(err)
		}
	})
	return s
}

// Client is an HTTP client for the fake.
func (s *Server) Client() *http.Client { return s.srv.Client() }

func (s *Server) handle(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "fakeapi: read body: "+err.Error(), http.StatusBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	s.serve.Lock()
	defer s.serve.Unlock()
	if s.opt.Header != nil {
		s.opt.Header(w.Header())
	}
	req := canonical(r, body, s.opt.Secrets)
	var refuse *Failure
	if s.opt.Authenticate != nil {
		req.Auth, refuse = s.opt.Authenticate(r, body)
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	s.mu.Lock()
	s.reqs = append(s.reqs, req)
	var f Failure
	scripted := false
	if refuse == nil {
		f, scripted = s.takeFailure(req)
	}
	s.mu.Unlock()
	switch {
	case refuse != nil:
		refuse.write(w)
	case scripted:
		f.write(w)
	case s.opt.Handler != nil:
		s.opt.Handler.ServeHTTP(w, r)
	default:
		http.NotFound(w, r)
	}
}

// Requests returns every request received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.reqs)
}

// Dump renders every request received so far (Request.Dump), in order,
// for a golden file.
func (s *Server) Dump() string {
	var b strings.Builder
	for _, r := range s.Requests() {
		b.WriteString(r.Dump())
	}
	return b.String()
}

// Expect declares calls ("METHOD /path") the test expects, in any order;
// a call expected twice must come twice. Once Expect has been called (even
// with no calls: none expected), the end of the test fails it for every
// expected call missing and every call made beyond them.
func (s *Server) Expect(calls ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expecting = true
	s.expected = append(s.expected, calls...)
}

// Verify compares the calls made with those expected (see Expect); nil
// when they match or nothing was expected.
func (s *Server) Verify() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.expecting {
		return nil
	}
	missing := slices.Clone(s.expected)
	var extra []string
	for _, r := range s.reqs {
		if i := slices.Index(missing, r.Call()); i >= 0 {
			missing = slices.Delete(missing, i, i+1)
			continue
		}
		extra = append(extra, r.Call())
	}
	if len(missing) == 0 && len(extra) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString("fakeapi: calls differ from those expected")
	for _, c := range missing {
		b.WriteString("\n  missing: " + c)
	}
	for _, c := range extra {
		b.WriteString("\n  extra:   " + c)
	}
	return errors.New(b.String())
}

// Failure is a scripted answer.
type Failure struct {
	Method string // "" matches any method
	// PathSuffix matches the end of the request path ("/feed",
	// "/2/tweets"); "" matches any path.
	PathSuffix string
	Status     int
	// Header replaces the answer's headers of the same names.
	Header http.Header
	// Body is sent JSON-encoded, or as it is when it is an HTML page.
	Body any
}

// HTML is a Failure body sent verbatim as text/html, as proxies and load
// balancers answer.
type HTML string

type scripted struct {
	f    Failure
	left int
}

// FailNext makes the next n accepted requests matching f get f's answer
// instead of the API's.
func (s *Server) FailNext(n int, f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fails = append(s.fails, scripted{f: f, left: n})
}

func (s *Server) takeFailure(r Request) (Failure, bool) {
	for i := range s.fails {
		sc := &s.fails[i]
		if sc.left <= 0 || sc.f.Method != "" && sc.f.Method != r.Method ||
			sc.f.PathSuffix != "" && !strings.HasSuffix(r.Path, sc.f.PathSuffix) {
			continue
		}
		sc.left--
		return sc.f, true
	}
	return Failure{}, false
}

func (f Failure) write(w http.ResponseWriter) {
	for k, vs := range f.Header {
		w.Header()[http.CanonicalHeaderKey(k)] = slices.Clone(vs)
	}
	if page, ok := f.Body.(HTML); ok {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(f.Status)
		_, _ = io.WriteString(w, string(page))
		return
	}
	WriteJSON(w, f.Status, f.Body)
}

// WriteJSON answers status with v JSON-encoded, as application/json unless
// a Content-Type is set already.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
