package graphapi_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/publish"
	"github.com/kominfotik-lampung/warta/pipeline/publish/graphapi"
	"github.com/kominfotik-lampung/warta/pipeline/publish/internal/fakegraph"
	"github.com/kominfotik-lampung/warta/pipeline/secret"
)

const token = "EAAG-page-token-s3cr3t"

var now = time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)

func newClient(t *testing.T, srv *fakegraph.Server, tok string, logs *bytes.Buffer) *graphapi.Client {
	t.Helper()
	return graphapi.New("facebook", secret.Secret(tok),
		graphapi.WithBaseURL(srv.URL),
		graphapi.WithVersion("v21.0"),
		graphapi.WithHTTPClient(srv.Client()),
		graphapi.WithClock(func() time.Time { return now }),
		graphapi.WithLogger(slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
}

func TestTokenTravelsInHeaderOnly(t *testing.T) {
	srv := fakegraph.New(t, fakegraph.Config{Token: token})
	var logs bytes.Buffer
	c := newClient(t, srv, token, &logs)
	if _, err := c.Post(t.Context(), "/1234/feed", graphapi.Params{"message": "halo", "link": "https://example.go.id/a/"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get(t.Context(), "/1234/feed", graphapi.Params{"fields": "id"}); err != nil {
		t.Fatal(err)
	}
	for _, r := range srv.Requests() {
		if r.Query.Has("access_token") {
			t.Errorf("%s %s: access_token in the URL", r.Method, r.Path)
		}
		if r.Auth != "Bearer REDACTED" {
			t.Errorf("%s %s: Authorization = %q, want the page token as Bearer", r.Method, r.Path, r.Auth)
		}
		if _, ok := r.Form["access_token"]; ok {
			t.Errorf("%s %s: access_token in the form", r.Method, r.Path)
		}
	}
	if strings.Contains(logs.String(), token) {
		t.Errorf("token in logs: %s", logs.String())
	}
}

func TestClassify(t *testing.T) {
	httpDate := now.Add(90 * time.Second).Format(http.TimeFormat)
	tests := []struct {
		name      string
		fail      fakegraph.Failure
		token     string // "" = the right one
		retryable bool
		after     time.Duration
		auth      bool
		msg       string // substring of err.Error()
	}{
		{name: "503", fail: fakegraph.Unavailable(), retryable: true, msg: "Service temporarily unavailable"},
		{name: "502 html", fail: fakegraph.Failure{Status: 502, Body: "<html>Bad Gateway</html>"}, retryable: true, msg: "HTTP 502"},
		{name: "429 retry-after 7", fail: fakegraph.TooManyRequests(7), retryable: true, after: 7 * time.Second},
		{name: "429 retry-after date", fail: fakegraph.Failure{Status: 429, Code: 4, Type: "OAuthException",
			Message: "(#4) Application request limit reached", Header: http.Header{"Retry-After": {httpDate}}},
			retryable: true, after: 90 * time.Second},
		{name: "code 4", fail: fakegraph.Throttled(4, 0), retryable: true, msg: "(#4)"},
		{name: "code 17", fail: fakegraph.Throttled(17, 0), retryable: true, msg: "(#17)"},
		{name: "code 32 with BUC usage", fail: fakegraph.Throttled(32, 5), retryable: true, after: 5 * time.Minute},
		{name: "code 613", fail: fakegraph.Throttled(613, 0), retryable: true, msg: "(#613)"},
		{name: "code 4 with app usage", fail: fakegraph.Failure{Status: 403, Code: 4, Type: "OAuthException",
			Message: "(#4) Application request limit reached",
			Header:  http.Header{"X-App-Usage": {`{"call_count":100,"total_cputime":20,"total_time":30,"estimated_time_to_regain_access":3}`}}},
			retryable: true, after: 3 * time.Minute},
		{name: "scripted 190", fail: fakegraph.BadToken(), auth: true, msg: "code 190"},
		{name: "wrong token", token: "EAAG-someone-else", auth: true, msg: "Invalid OAuth access token"},
		{name: "400 other", fail: fakegraph.Failure{Status: 400, Code: 100, Type: "OAuthException",
			Message: "(#100) Invalid parameter"}, msg: "(#100) Invalid parameter"},
		{name: "code 506 duplicate", fail: fakegraph.Failure{Status: 400, Code: 506, Type: "OAuthException",
			Message: "(#506) Duplicate status message"}, msg: "Duplicate status message"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fakegraph.New(t, fakegraph.Config{Token: token})
			if tt.fail.Status != 0 {
				srv.FailNext(1, tt.fail)
			}
			tok := token
			if tt.token != "" {
				tok = tt.token
			}
			var logs bytes.Buffer
			c := newClient(t, srv, tok, &logs)
			_, err := c.Post(t.Context(), "/1234/feed", graphapi.Params{"message": "halo", "link": "https://example.go.id/a/"})
			if err == nil {
				t.Fatal("no error")
			}
			var re *publish.RetryableError
			if got := errors.As(err, &re); got != tt.retryable {
				t.Fatalf("retryable = %v, want %v (%v)", got, tt.retryable, err)
			}
			if re != nil && re.After != tt.after {
				t.Errorf("After = %s, want %s", re.After, tt.after)
			}
			var ae *publish.AuthError
			if got := errors.As(err, &ae); got != tt.auth {
				t.Fatalf("auth error = %v, want %v (%v)", got, tt.auth, err)
			}
			if ae != nil && !strings.Contains(ae.UserMessage(), "FACEBOOK_PAGE_TOKEN") {
				t.Errorf("UserMessage %q does not name the secret", ae.UserMessage())
			}
			if !tt.retryable && !tt.auth {
				var ge *graphapi.Error
				if !errors.As(err, &ge) {
					t.Fatalf("%T is not a *graphapi.Error", err)
				}
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q lacks %q", err, tt.msg)
			}
			for _, out := range []string{err.Error(), logs.String()} {
				if strings.Contains(out, tok) {
					t.Errorf("token leaked: %s", out)
				}
			}
			if n := len(srv.Posts()); n != 0 {
				t.Errorf("%d posts created by a failed call", n)
			}
		})
	}
}

func TestCancelledContext(t *testing.T) {
	srv := fakegraph.New(t, fakegraph.Config{Token: token})
	var logs bytes.Buffer
	c := newClient(t, srv, token, &logs)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := c.Get(ctx, "/1234/feed", nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	srv.Expect() // a cancelled call never reaches the server
}

// Find follows the after cursor page by page, returns the first item the
// match accepts, and reads no more than four pages of 25 when none does.
func TestFind(t *testing.T) {
	srv := fakegraph.New(t, fakegraph.Config{Token: token, PageID: "1234"})
	var ids []string
	for i := range 130 {
		ids = append(ids, srv.AddPost(fmt.Sprintf("kabar %d", i), ""))
	}
	c := newClient(t, srv, token, &bytes.Buffer{})
	type post struct {
		ID      string `json:"id"`
		Message string `json:"message"`
	}
	find := func(message string) (post, bool, error) {
		return graphapi.Find(t.Context(), c, "/1234/published_posts", graphapi.Params{"fields": "id,message"},
			func(p post) bool { return p.Message == message })
	}
	// Newest first: "kabar 69" is the 61st item, on the third page.
	before := len(srv.Requests())
	p, ok, err := find("kabar 69")
	if err != nil || !ok || p.ID != ids[69] {
		t.Fatalf("Find(kabar 69) = %+v, %v, %v; want %s", p, ok, err, ids[69])
	}
	if n := len(srv.Requests()) - before; n != 3 {
		t.Errorf("found on the third page after %d reads", n)
	}
	before = len(srv.Requests())
	if p, ok, err := find("kabar 0"); err != nil || ok {
		t.Errorf("Find(kabar 0), beyond four pages = %+v, %v, %v; want not found", p, ok, err)
	}
	if n := len(srv.Requests()) - before; n != 4 {
		t.Errorf("gave up after %d reads, want 4", n)
	}
}
