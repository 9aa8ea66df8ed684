package fakex

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/publish/internal/reqlog"
)

// Request is one request the fake received; the Authorization header is
// never kept.
type Request struct {
	Method string
	Path   string
	Query  url.Values
	// Body is a JSON body re-indented with sorted keys, else verbatim.
	Body string
	// Signed tells whether the OAuth 1.0a signature verified.
	Signed bool
}

func (s *Server) record(r *http.Request, body []byte, signed bool) {
	req := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Signed: signed, Body: string(body)}
	var v any
	if len(body) > 0 && json.Unmarshal(body, &v) == nil {
		if b, err := json.MarshalIndent(v, "", "  "); err == nil {
			req.Body = string(b)
		}
	}
	s.reqs.Add(req)
}

// Requests returns every request received so far.
func (s *Server) Requests() []Request {
	return s.reqs.All()
}

// Dump renders every request received so far canonically, for a golden file.
func (s *Server) Dump() string {
	return s.reqs.Dump()
}

// Dump renders one request: method and path, the Authorization header as
// "OAuth REDACTED" (or INVALID when it did not verify), sorted query
// parameters and the indented JSON body.
func (r Request) Dump() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n", r.Method, r.Path)
	auth := "OAuth REDACTED"
	if !r.Signed {
		auth = "OAuth INVALID"
	}
	fmt.Fprintf(&b, "  authorization: %s\n", auth)
	reqlog.WriteValues(&b, "query", r.Query)
	if r.Body != "" {
		for _, line := range strings.Split(r.Body, "\n") {
			fmt.Fprintf(&b, "  | %s\n", line)
		}
	}
	return b.String()
}

// Failure is a scripted error answer, sent after the signature verified.
type Failure struct {
	Method string // "" matches any
	Path   string // exact path; "" matches any
	Status int
	Header http.Header
	Body   any // JSON-encoded
}

type scripted struct {
	f    Failure
	left int
}

// FailNext makes the next n requests matching f fail as f says.
func (s *Server) FailNext(n int, f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fails = append(s.fails, scripted{f: f, left: n})
}

func (s *Server) takeFailure(r *http.Request) (Failure, bool) {
	for i := range s.fails {
		sc := &s.fails[i]
		if sc.left <= 0 || sc.f.Method != "" && sc.f.Method != r.Method || sc.f.Path != "" && sc.f.Path != r.URL.Path {
			continue
		}
		sc.left--
		return sc.f, true
	}
	return Failure{}, false
}

func (f Failure) write(w http.ResponseWriter) {
	for k, vs := range f.Header {
		w.Header()[http.CanonicalHeaderKey(k)] = nil
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	var buf bytes.Buffer
	_ = json.NewEncoder(&buf).Encode(f.Body)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(f.Status)
	_, _ = w.Write(buf.Bytes())
}

// RateLimited is X's 429: x-rate-limit-remaining 0 and the window's reset
// as epoch seconds.
func RateLimited(reset time.Time) Failure {
	return Failure{Status: http.StatusTooManyRequests,
		Header: http.Header{
			"x-rate-limit-limit":     {"100"},
			"x-rate-limit-remaining": {"0"},
			"x-rate-limit-reset":     {strconv.FormatInt(reset.Unix(), 10)},
		},
		Body: problem{Title: "Too Many Requests", Detail: "Too Many Requests", Type: "about:blank", Status: http.StatusTooManyRequests}}
}

// Unavailable is a 503 Service Unavailable.
func Unavailable() Failure {
	return Failure{Status: http.StatusServiceUnavailable,
		Body: problem{Title: "Service Unavailable", Detail: "Service Unavailable", Type: "about:blank", Status: http.StatusServiceUnavailable}}
}

// Unauthorized is the 401 of revoked or wrong credentials.
func Unauthorized() Failure {
	return Failure{Status: http.StatusUnauthorized,
		Body: problem{Title: "Unauthorized", Type: "about:blank", Status: http.StatusUnauthorized, Detail: "Unauthorized"}}
}
