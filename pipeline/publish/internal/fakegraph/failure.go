package fakegraph

import (
	"fmt"
	"net/http"

	"github.com/kominfotik-lampung/warta/pipeline/publish/internal/fakeapi"
)

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

// FailNext makes the next n requests matching f that carry a valid token
// fail as f says.
func (s *Server) FailNext(n int, f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := fakeapi.Failure{Method: f.Method, PathSuffix: f.PathSuffix, Status: f.Status, Header: f.Header}
	if f.Body != "" {
		a.Body = fakeapi.HTML(f.Body)
	} else {
		a = s.answer(f.Status, graphError{Message: f.Message, Type: f.Type, Code: f.Code, Subcode: f.Subcode,
			IsTransient: f.Transient}, a)
	}
	s.Server.FailNext(n, a)
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
