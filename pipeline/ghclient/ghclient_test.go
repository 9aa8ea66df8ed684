package ghclient_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/kominfotik-lampung/warta/pipeline/ghclient"
	"github.com/kominfotik-lampung/warta/pipeline/secret"
)

var fast = ghclient.WithRetry(ghclient.RetryPolicy{Attempts: 3})

// apiError writes a GitHub REST error body.
func apiError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]string{"message": msg, "documentation_url": "https://docs.github.com/rest"})
}

func TestNewEnterpriseBase(t *testing.T) {
	for _, base := range []string{"", "/api/v3", "/api/v3/"} {
		var gotPath, gotAuth string
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			gotPath, gotAuth = r.URL.Path, r.Header.Get("Authorization")
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"login":"octocat"}`))
		}))
		c, err := ghclient.New(srv.URL+base, secret.Secret("tkn"), srv.Client(), fast)
		if err != nil {
			t.Fatal(err)
		}
		u, _, err := c.Users.Get(t.Context(), "octocat")
		srv.Close()
		if err != nil {
			t.Fatalf("base %q: %v", base, err)
		}
		if gotPath != "/api/v3/users/octocat" || gotAuth != "Bearer tkn" || u.GetLogin() != "octocat" {
			t.Errorf("base %q: path %q auth %q login %q", base, gotPath, gotAuth, u.GetLogin())
		}
		if got := c.UploadURL.String(); got != srv.URL+"/api/uploads/" {
			t.Errorf("upload URL %q", got)
		}
	}
	c, err := ghclient.New("", "", nil)
	if err != nil || c.BaseURL.String() != ghclient.DefaultBaseURL {
		t.Errorf("default base: %v %v", c.BaseURL, err)
	}
	if _, err := ghclient.New("ftp//x", "", nil); err == nil {
		t.Error("bad base URL accepted")
	}
}

func TestRetry(t *testing.T) {
	tests := []struct {
		name   string
		method string
		codes  []int // answers in order; the last repeats
		calls  int
		ok     bool
	}{
		{"502 then ok", "GET", []int{502, 200}, 2, true},
		{"503 twice then ok", "GET", []int{503, 503, 200}, 3, true},
		{"always 500 gives up", "GET", []int{500}, 3, false},
		{"404 not retried", "GET", []int{404}, 1, false},
		{"403 not retried", "GET", []int{403}, 1, false},
		{"POST 502 retried", "POST", []int{502, 201}, 2, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			n := 0
			var bodies []string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				code := tt.codes[min(n, len(tt.codes)-1)]
				n++
				var b struct{ Body string }
				json.NewDecoder(r.Body).Decode(&b)
				bodies = append(bodies, b.Body)
				mu.Unlock()
				if code >= 300 {
					apiError(w, code, http.StatusText(code))
					return
				}
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(code)
				w.Write([]byte(`{"id":1,"body":"x"}`))
			}))
			t.Cleanup(srv.Close)
			c, err := ghclient.New(srv.URL, "t", srv.Client(), fast)
			if err != nil {
				t.Fatal(err)
			}
			if tt.method == "GET" {
				_, _, err = c.Issues.GetComment(t.Context(), "o", "r", 1)
			} else {
				_, _, err = c.Issues.CreateComment(t.Context(), "o", "r", 1, &github.IssueComment{Body: github.String("halo")})
			}
			if (err == nil) != tt.ok || n != tt.calls {
				t.Errorf("err %v after %d calls; want ok=%v after %d", err, n, tt.ok, tt.calls)
			}
			for _, b := range bodies {
				if tt.method == "POST" && b != "halo" {
					t.Errorf("retried body %q", b)
				}
			}
		})
	}
}

// A 503's Retry-After is honoured up to MaxDelay: an hour asked for, as
// seconds or as an HTTP-date relative to the answer's Date, waits MaxDelay.
func TestRetryAfterCapped(t *testing.T) {
	for _, ra := range []string{"3600", "Thu, 26 Nov 2026 04:03:00 GMT"} {
		srv, calls := failFirst(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Date", "Thu, 26 Nov 2026 03:03:00 GMT")
			w.Header().Set("Retry-After", ra)
			apiError(w, 503, "Service Unavailable")
		})
		c, _ := ghclient.New(srv.URL, "t", srv.Client(),
			ghclient.WithRetry(ghclient.RetryPolicy{Attempts: 2, MaxDelay: 30 * time.Millisecond}))
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		start := time.Now()
		_, _, err := c.Users.Get(ctx, "a")
		cancel()
		srv.Close()
		if n := calls(); err != nil || n != 2 {
			t.Errorf("Retry-After %q: %v after %d calls", ra, err, n)
		}
		if el := time.Since(start); el < 30*time.Millisecond {
			t.Errorf("Retry-After %q: retried after %s, before MaxDelay", ra, el)
		}
	}
}

// failFirst starts a server that answers its first request with first and
// every other with a user; calls counts the requests so far.
func failFirst(first http.HandlerFunc) (srv *httptest.Server, calls func() int) {
	var n atomic.Int32
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			first(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"login":"a"}`))
	}))
	return srv, func() int { return int(n.Load()) }
}

func TestRetryTimeoutAndCancel(t *testing.T) {
	release := make(chan struct{})
	srv, calls := failFirst(func(w http.ResponseWriter, r *http.Request) {
		select { // hang until the client gives up on this try
		case <-r.Context().Done():
		case <-release:
		}
	})
	t.Cleanup(func() { close(release); srv.Close() })
	c, _ := ghclient.New(srv.URL, "t", srv.Client(),
		ghclient.WithRetry(ghclient.RetryPolicy{Attempts: 2, AttemptTimeout: 50 * time.Millisecond}))
	if _, _, err := c.Users.Get(t.Context(), "a"); err != nil || calls() != 2 {
		t.Fatalf("timed-out try not retried: %v, %d calls", err, calls())
	}

	// A cancelled context stops the retries at once.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, _, err := c.Users.Get(ctx, "a")
	if a := ghclient.Classify(err); a.Kind != ghclient.Canceled {
		t.Errorf("cancelled: kind %v (%v)", a.Kind, err)
	}
}

func TestDescribe(t *testing.T) {
	reset := time.Date(2026, 11, 26, 3, 4, 0, 0, time.UTC)
	tests := []struct {
		name   string
		handle http.HandlerFunc
		call   func(ctx context.Context, c *github.Client) error
		kind   ghclient.Kind
		want   []string
	}{
		{"401", func(w http.ResponseWriter, r *http.Request) { apiError(w, 401, "Bad credentials") },
			getPR, ghclient.Unauthorized, []string{"401", "GITHUB_TOKEN"}},
		{"403 status without permission, header", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Accepted-GitHub-Permissions", "statuses=write")
			apiError(w, 403, "Resource not accessible by integration")
		}, setStatus, ghclient.Forbidden, []string{"403", "statuses: write"}},
		{"403 status without permission, from path", func(w http.ResponseWriter, r *http.Request) {
			apiError(w, 403, "Resource not accessible by integration")
		}, setStatus, ghclient.Forbidden, []string{"statuses: write"}},
		{"403 review request", func(w http.ResponseWriter, r *http.Request) {
			apiError(w, 403, "Resource not accessible by integration")
		}, func(ctx context.Context, c *github.Client) error {
			_, _, err := c.PullRequests.RequestReviewers(ctx, "o", "r", 1, github.ReviewersRequest{Reviewers: []string{"b"}})
			return err
		}, ghclient.Forbidden, []string{"pull-requests: write"}},
		{"403 team read", func(w http.ResponseWriter, r *http.Request) {
			apiError(w, 403, "Resource not accessible by integration")
		}, func(ctx context.Context, c *github.Client) error {
			_, _, err := c.Teams.GetTeamMembershipBySlug(ctx, "o", "kasi-pip", "a")
			return err
		}, ghclient.Forbidden, []string{"read:org", "members: read"}},
		{"404", func(w http.ResponseWriter, r *http.Request) { apiError(w, 404, "Not Found") },
			getPR, ghclient.NotFound, []string{"404", "GITHUB_REPOSITORY"}},
		{"primary rate limit", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-RateLimit-Limit", "1000")
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-Reset", "1795662240") // 2026-11-26T03:04:00Z
			apiError(w, 403, "API rate limit exceeded for installation ID 1.")
		}, getPR, ghclient.RateLimited, []string{"10:04 WIB, 26 November 2026", "03:04 UTC"}},
		{"429 rate limit", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-Reset", "1795662240")
			apiError(w, 429, "API rate limit exceeded")
		}, getPR, ghclient.RateLimited, []string{"10:04 WIB"}},
		{"secondary rate limit", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "60")
			w.Header().Set("Date", "Thu, 26 Nov 2026 03:03:00 GMT")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(403)
			w.Write([]byte(`{"message":"You have exceeded a secondary rate limit.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}`))
		}, getPR, ghclient.RateLimited, []string{"10:04 WIB"}},
		{"5xx after retries", func(w http.ResponseWriter, r *http.Request) { apiError(w, 502, "Server Error") },
			getPR, ghclient.ServerError, []string{"502", "jalankan ulang"}},
		{"422", func(w http.ResponseWriter, r *http.Request) { apiError(w, 422, "Validation Failed") },
			setStatus, ghclient.Invalid, []string{"422", "Validation Failed"}},
	}
	if reset.Unix() != 1795662240 {
		t.Fatalf("fixture reset is %d", reset.Unix())
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handle)
			t.Cleanup(srv.Close)
			c, _ := ghclient.New(srv.URL, "secret-token", srv.Client(), fast)
			err := tt.call(t.Context(), c)
			if err == nil {
				t.Fatal("no error")
			}
			if k := ghclient.Classify(fmtWrap(err)).Kind; k != tt.kind {
				t.Errorf("kind %v, want %v (%v)", k, tt.kind, err)
			}
			msg := ghclient.Describe(fmtWrap(err))
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("Describe = %q; want it to contain %q", msg, w)
				}
			}
			if strings.Contains(msg, "secret-token") {
				t.Error("token leaked")
			}
		})
	}
}

// The time a rate limit ends is told in Indonesian, in WIB: months whose
// English names differ ("Aug") are not left in English.
func TestDescribeResetInIndonesian(t *testing.T) {
	err := &ghclient.APIError{Kind: ghclient.RateLimited, Reset: time.Date(2026, 8, 17, 3, 4, 0, 0, time.UTC)}
	msg := ghclient.Describe(err)
	if !strings.Contains(msg, "10:04 WIB, 17 Agustus 2026") || !strings.Contains(msg, "03:04 UTC") || strings.Contains(msg, "Aug ") {
		t.Errorf("Describe = %q; want the reset as 10:04 WIB, 17 Agustus 2026 (03:04 UTC)", msg)
	}
}

func fmtWrap(err error) error { return errors.Join(errors.New("gate: read pr"), err) }

func getPR(ctx context.Context, c *github.Client) error {
	_, _, err := c.PullRequests.Get(ctx, "o", "r", 1)
	return err
}

func setStatus(ctx context.Context, c *github.Client) error {
	_, _, err := c.Repositories.CreateStatus(ctx, "o", "r", "abc", &github.RepoStatus{State: github.String("success")})
	return err
}

func TestSplitRepo(t *testing.T) {
	for _, tt := range []struct {
		in, owner, repo string
		ok              bool
	}{
		{"kominfotik-lampung/warta", "kominfotik-lampung", "warta", true},
		{"warta", "", "", false},
		{"/warta", "", "", false},
		{"a/b/c", "", "", false},
		{"", "", "", false},
	} {
		o, r, err := ghclient.SplitRepo(tt.in)
		if o != tt.owner || r != tt.repo || (err == nil) != tt.ok {
			t.Errorf("SplitRepo(%q) = %q, %q, %v", tt.in, o, r, err)
		}
		if err != nil && !errors.Is(err, ghclient.ErrBadRepo) {
			t.Errorf("error %v is not ErrBadRepo", err)
		}
	}
	if got := ghclient.RunURL("https://github.com/", "o/r", "42"); got != "https://github.com/o/r/actions/runs/42" {
		t.Errorf("RunURL = %q", got)
	}
}
