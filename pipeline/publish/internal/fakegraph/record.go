package fakegraph

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/kominfotik-lampung/warta/pipeline/publish/internal/reqlog"
)

// Request is one request the fake received, secrets already replaced by
// REDACTED.
type Request struct {
	Method string
	Path   string
	Query  url.Values
	Form   url.Values // POST body
	// Auth is the Authorization header: "Bearer REDACTED" for the right
	// token, "Bearer WRONG" for another, "" when absent.
	Auth string
	// TokenInURL is true when an access_token travelled in the query string.
	TokenInURL bool
}

func (s *Server) record(r *http.Request) Request {
	req := Request{Method: r.Method, Path: r.URL.Path, Query: redact(r.URL.Query()), Form: redact(r.PostForm)}
	req.TokenInURL = r.URL.Query().Has("access_token")
	if a := r.Header.Get("Authorization"); a != "" {
		tok, _ := strings.CutPrefix(a, "Bearer ")
		req.Auth = "Bearer WRONG"
		if tok == s.cfg.Token {
			req.Auth = "Bearer REDACTED"
		}
	}
	s.reqs.Add(req)
	return req
}

func redact(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		if k == "access_token" || k == "appsecret_proof" {
			vs = []string{"REDACTED"}
		}
		out[k] = slices.Clone(vs)
	}
	return out
}

// Requests returns every request received so far.
func (s *Server) Requests() []Request {
	return s.reqs.All()
}

// Dump renders every request received so far canonically, for a golden
// file: method and path, the Authorization header, then sorted query and
// form parameters with quoted values.
func (s *Server) Dump() string {
	return s.reqs.Dump()
}

// Dump renders one request canonically.
func (r Request) Dump() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n", r.Method, r.Path)
	if r.Auth != "" {
		fmt.Fprintf(&b, "  authorization: %s\n", r.Auth)
	}
	reqlog.WriteValues(&b, "query", r.Query)
	reqlog.WriteValues(&b, "form", r.Form)
	return b.String()
}

// Failure is a scripted error answer.
type Failure struct {
	Method string // "" matches any method
	// PathSuffix matches the end of the request path ("/feed",
	// "/media_publish"); "" matches any path.
	PathSuffix string
	Status     int
	Header     http.Header
	// Code, Subcode, Type and Message make the Graph error body; when Body
	// is set it is sent verbatim instead (an HTML 503 page, say).
	Code      int
	Subcode   int
	Type      string
	Message   string
	Transient bool
	Body      string
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

func (s *Server) takeFailure(r Request) (Failure, bool) {
	for i := range s.fails {
		sc := &s.fails[i]
		if sc.left <= 0 {
			continue
		}
		if sc.f.Method != "" && sc.f.Method != r.Method {
			continue
		}
		if sc.f.PathSuffix != "" && !strings.HasSuffix(r.Path, sc.f.PathSuffix) {
			continue
		}
		sc.left--
		return sc.f, true
	}
	return Failure{}, false
}

func (f Failure) write(w http.ResponseWriter, s *Server) {
	for k, vs := range f.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	if f.Body != "" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(f.Status)
		_, _ = w.Write([]byte(f.Body))
		return
	}
	s.writeError(w, f.Status, graphError{Message: f.Message, Type: f.Type, Code: f.Code, Subcode: f.Subcode,
		IsTransient: f.Transient})
}

// Unavailable is Graph's transient outage: HTTP 503, code 2.
func Unavailable() Failure {
	return Failure{Status: http.StatusServiceUnavailable, Code: 2, Type: "OAuthException",
		Message: "(#2) Service temporarily unavailable", Transient: true}
}

// TooManyRequests is an HTTP 429 asking to wait retryAfter seconds.
func TooManyRequests(retryAfter int) Failure {
	return Failure{Status: http.StatusTooManyRequests,
		Header: http.Header{"Retry-After": {fmt.Sprint(retryAfter)}},
		Code:   4, Type: "OAuthException", Message: "(#4) Application request limit reached"}
}

// Throttled is a Graph rate-limit error with one of the documented codes:
// 4 (application), 17 (user), 32 (page), 613 (custom rate limit). A
// positive regainMinutes adds X-Business-Use-Case-Usage with that
// estimated_time_to_regain_access.
func Throttled(code, regainMinutes int) Failure {
	msgs := map[int]string{
		4:   "(#4) Application request limit reached",
		17:  "(#17) User request limit reached",
		32:  "(#32) Page request limit reached",
		613: "(#613) Calls to this api have exceeded the rate limit.",
	}
	f := Failure{Status: http.StatusForbidden, Code: code, Type: "OAuthException", Message: msgs[code]}
	if code == 613 {
		f.Status = http.StatusBadRequest
	}
	if regainMinutes > 0 {
		f.Header = http.Header{"X-Business-Use-Case-Usage": {fmt.Sprintf(
			`{"1234":[{"type":"pages","call_count":100,"total_cputime":12,"total_time":40,"estimated_time_to_regain_access":%d}]}`,
			regainMinutes)}}
	}
	return f
}

// BadToken is the answer to an expired or invalid token: HTTP 400, code 190.
func BadToken() Failure {
	b := badToken()
	return Failure{Status: http.StatusBadRequest, Code: b.Code, Type: b.Type, Message: b.Message}
}
