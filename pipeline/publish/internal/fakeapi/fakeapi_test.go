package fakeapi_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/kominfotik-lampung/warta/pipeline/publish/internal/fakeapi"
)

const token = "s3cr3t-token"

// newFake is a tiny API: Bearer token auth, an X-Calls header on every
// answer, and a handler that echoes the body it can read again.
func newFake(t *testing.T) *fakeapi.Server {
	calls := 0
	return fakeapi.New(t, fakeapi.Options{
		Secrets: []string{"access_token"},
		Authenticate: func(r *http.Request, body []byte) (string, *fakeapi.Failure) {
			switch r.Header.Get("Authorization") {
			case "":
				return "", nil
			case "Bearer " + token:
				return "Bearer REDACTED", nil
			}
			return "Bearer WRONG", &fakeapi.Failure{Status: http.StatusUnauthorized, Body: map[string]string{"error": "bad token"}}
		},
		Header: func(h http.Header) {
			calls++
			h.Set("X-Calls", strings.Repeat("i", calls))
			h.Set("X-Limit", "100")
		},
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			fakeapi.WriteJSON(w, http.StatusOK, map[string]string{"echo": string(b)})
		}),
	})
}

type answer struct {
	status int
	header http.Header
	body   string
}

func do(t *testing.T, s *fakeapi.Server, method, path, ctype, body, auth string) answer {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, resp.Header, strings.TrimSpace(string(b))}
}

func TestRecordsCanonically(t *testing.T) {
	s := newFake(t)
	do(t, s, "GET", "/v1/feed?z=1&access_token="+token+"&a=x+y&a=2", "", "", "Bearer "+token)
	do(t, s, "POST", "/v1/feed", "application/x-www-form-urlencoded", "message=halo&access_token="+token, "")
	a := do(t, s, "POST", "/v1/tweets", "application/json", `{"text":"halo","b":[1,2]}`, "Bearer "+token)
	do(t, s, "POST", "/v1/raw", "text/plain", "not json", "Bearer nope")
	want := `GET /v1/feed
  authorization: Bearer REDACTED
  query a="x y"
  query a="2"
  query access_token="REDACTED"
  query z="1"
POST /v1/feed
  form access_token="REDACTED"
  form message="halo"
POST /v1/tweets
  authorization: Bearer REDACTED
  | {
  |   "b": [
  |     1,
  |     2
  |   ],
  |   "text": "halo"
  | }
POST /v1/raw
  authorization: Bearer WRONG
  | not json
`
	if got := s.Dump(); got != want {
		t.Errorf("Dump:\n%s\nwant:\n%s", got, want)
	}
	if strings.Contains(s.Dump(), token) {
		t.Error("secret recorded")
	}
	if a.status != 200 || a.body != `{"echo":"{\"text\":\"halo\",\"b\":[1,2]}"}` {
		t.Errorf("handler did not get the body again: %d %s", a.status, a.body)
	}
	reqs := s.Requests()
	if len(reqs) != 4 || reqs[1].Form.Get("message") != "halo" || reqs[0].Call() != "GET /v1/feed" {
		t.Errorf("requests %+v", reqs)
	}
}

func TestRefusedBeforeScriptedFailure(t *testing.T) {
	s := newFake(t)
	s.FailNext(1, fakeapi.Failure{Status: http.StatusServiceUnavailable, Body: map[string]string{"error": "down"}})
	if a := do(t, s, "GET", "/v1/feed", "", "", "Bearer nope"); a.status != 401 {
		t.Errorf("bad token: %d %s", a.status, a.body)
	}
	// The refusal did not use up the failure.
	if a := do(t, s, "GET", "/v1/feed", "", "", "Bearer "+token); a.status != 503 {
		t.Errorf("scripted failure: %d %s", a.status, a.body)
	}
}

func TestFailNext(t *testing.T) {
	s := newFake(t)
	s.FailNext(2, fakeapi.Failure{Method: "POST", PathSuffix: "/tweets", Status: http.StatusTooManyRequests,
		Header: http.Header{"x-limit": {"0"}, "Retry-After": {"7"}},
		Body:   map[string]any{"title": "Too Many Requests"}})
	s.FailNext(1, fakeapi.Failure{PathSuffix: "/feed", Status: http.StatusBadGateway, Body: fakeapi.HTML("<html>Bad Gateway</html>")})

	if a := do(t, s, "GET", "/v1/tweets", "", "", ""); a.status != 200 {
		t.Errorf("GET matched a POST failure: %d", a.status)
	}
	for i := range 2 {
		a := do(t, s, "POST", "/v1/tweets", "application/json", `{}`, "")
		if a.status != 429 || a.header.Get("Retry-After") != "7" || a.header.Get("X-Limit") != "0" ||
			a.header.Get("X-Calls") == "" || a.body != `{"title":"Too Many Requests"}` ||
			!strings.HasPrefix(a.header.Get("Content-Type"), "application/json") {
			t.Errorf("failure %d: %d %v %s", i, a.status, a.header, a.body)
		}
	}
	if a := do(t, s, "POST", "/v1/tweets", "application/json", `{}`, ""); a.status != 200 || a.header.Get("X-Limit") != "100" {
		t.Errorf("third POST: %d %v, want the API's answer", a.status, a.header)
	}
	a := do(t, s, "GET", "/v1/feed", "", "", "")
	if a.status != 502 || a.body != "<html>Bad Gateway</html>" || !strings.HasPrefix(a.header.Get("Content-Type"), "text/html") {
		t.Errorf("HTML failure: %d %v %q", a.status, a.header, a.body)
	}
	if a := do(t, s, "GET", "/v1/feed", "", "", ""); a.status != 200 {
		t.Errorf("failure used more than once: %d", a.status)
	}
}

func TestVerify(t *testing.T) {
	s := newFake(t)
	if err := s.Verify(); err != nil {
		t.Errorf("nothing expected: %v", err)
	}
	s.Expect("GET /v1/feed", "POST /v1/feed", "POST /v1/feed")
	do(t, s, "POST", "/v1/feed", "", "", "")
	do(t, s, "DELETE", "/v1/feed", "", "", "")
	err := s.Verify()
	if err == nil || !strings.Contains(err.Error(), "missing: GET /v1/feed") ||
		!strings.Contains(err.Error(), "missing: POST /v1/feed") || !strings.Contains(err.Error(), "extra:   DELETE /v1/feed") {
		t.Errorf("Verify = %v", err)
	}
	do(t, s, "GET", "/v1/feed", "", "", "")
	do(t, s, "POST", "/v1/feed", "", "", "")
	s.Expect("DELETE /v1/feed")
	if err := s.Verify(); err != nil {
		t.Errorf("all calls made: %v", err)
	}

	// Expect() with no calls: none may come.
	none := newFake(t)
	none.Expect()
	if err := none.Verify(); err != nil {
		t.Errorf("no calls, none expected: %v", err)
	}
	do(t, none, "GET", "/v1/feed", "", "", "")
	if err := none.Verify(); err == nil {
		t.Error("a call made when none was expected passed")
	}
	none.Expect("GET /v1/feed") // satisfy the end-of-test check
}

func TestVerifyAtEndOfTest(t *testing.T) {
	inner := &fakeTB{TB: t}
	inner.run(func() {
		s := fakeapi.New(inner, fakeapi.Options{})
		s.Expect("GET /v1/feed")
	})
	if !inner.failed || !strings.Contains(inner.msg, "missing: GET /v1/feed") {
		t.Errorf("missing call not reported at cleanup: %v %q", inner.failed, inner.msg)
	}
}

// fakeTB runs its own cleanups and records errors instead of failing.
type fakeTB struct {
	testing.TB
	mu       sync.Mutex
	cleanups []func()
	failed   bool
	msg      string
}

func (f *fakeTB) Helper()           {}
func (f *fakeTB) Cleanup(fn func()) { f.cleanups = append(f.cleanups, fn) }
func (f *fakeTB) Error(args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failed = true
	for _, a := range args {
		if e, ok := a.(error); ok {
			f.msg += e.Error()
		}
	}
}

func (f *fakeTB) run(body func()) {
	body()
	for i := len(f.cleanups) - 1; i >= 0; i-- {
		f.cleanups[i]()
	}
}

func TestConcurrentRequests(t *testing.T) {
	s := newFake(t)
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("GET", s.URL+"/v1/feed?"+url.Values{"n": {"1"}}.Encode(), nil)
			resp, err := s.Client().Do(req)
			if err == nil {
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
	if n := len(s.Requests()); n != 20 || strings.Count(s.Dump(), "GET /v1/feed\n") != 20 {
		t.Errorf("%d requests recorded", n)
	}
}
