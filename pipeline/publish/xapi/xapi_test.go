package xapi_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/internal/golden"
	"github.com/kominfotik-lampung/warta/pipeline/publish"
	"github.com/kominfotik-lampung/warta/pipeline/publish/internal/fakex"
	"github.com/kominfotik-lampung/warta/pipeline/publish/xapi"
	"github.com/kominfotik-lampung/warta/pipeline/secret"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

const article = "https://example.lampungprov.go.id/berita/2026/11/25-peresmian-jembatan/"

var now = time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)

var cfg = fakex.Config{
	ConsumerKey:       "ck-key-public",
	ConsumerSecret:    "cs-SECRET-consumer",
	AccessToken:       "1580000000000000001-tokenpublic",
	AccessTokenSecret: "ts-SECRET-token",
}

func creds() xapi.Credentials {
	return xapi.Credentials{
		APIKey:            secret.Secret(cfg.ConsumerKey),
		APISecret:         secret.Secret(cfg.ConsumerSecret),
		AccessToken:       secret.Secret(cfg.AccessToken),
		AccessTokenSecret: secret.Secret(cfg.AccessTokenSecret),
	}
}

var secrets = []string{cfg.ConsumerSecret, cfg.AccessTokenSecret}

func newPublisher(t *testing.T, srv *fakex.Server, c xapi.Credentials, hc *http.Client, logs *bytes.Buffer) *xapi.Publisher {
	t.Helper()
	if hc == nil {
		hc = srv.Client()
	}
	return xapi.New(c,
		xapi.WithBaseURL(srv.URL),
		xapi.WithHTTPClient(hc),
		xapi.WithClock(func() time.Time { return now }),
		xapi.WithLogger(slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
}

func post() publish.Post {
	return publish.Post{URL: article, Text: "Peresmian Jembatan Way Sekampung " + article + " #Lampung"}
}

func noLeak(t *testing.T, outs ...string) {
	t.Helper()
	for _, o := range outs {
		for _, s := range secrets {
			if strings.Contains(o, s) {
				t.Errorf("secret leaked: %s", o)
			}
		}
	}
}

func TestPublish(t *testing.T) {
	srv := fakex.New(t, cfg)
	var logs bytes.Buffer
	p := newPublisher(t, srv, creds(), nil, &logs)
	if p.Platform() != "x" {
		t.Errorf("Platform() = %q", p.Platform())
	}
	r, err := p.Publish(t.Context(), post())
	if err != nil {
		t.Fatal(err)
	}
	tweets := srv.Tweets()
	if len(tweets) != 1 || tweets[0].Text != post().Text {
		t.Fatalf("account holds %+v", tweets)
	}
	if want := (publish.Receipt{ID: tweets[0].ID, URL: "https://x.com/i/web/status/" + tweets[0].ID}); r != want {
		t.Errorf("receipt %+v, want %+v", r, want)
	}
	golden.CheckBytes(t, []byte(srv.Dump()), "testdata/publish.request.golden", *update)
	noLeak(t, logs.String(), srv.Dump())
}

func TestPublishErrors(t *testing.T) {
	tests := []struct {
		name      string
		seed      string // an earlier post's text
		text      string
		fail      *fakex.Failure
		creds     func(c xapi.Credentials) xapi.Credentials
		retryable bool
		after     time.Duration
		auth      bool
		duplicate bool
		msg       string
	}{
		{name: "duplicate", seed: post().Text, duplicate: true, msg: "duplicate content"},
		{name: "too long", text: strings.Repeat("kata ", 60), msg: "too long"},
		{name: "429 until reset", fail: ptr(fakex.RateLimited(now.Add(90 * time.Second))), retryable: true, after: 90 * time.Second},
		{name: "429 reset passed", fail: ptr(fakex.RateLimited(now.Add(-time.Minute))), retryable: true, after: 0},
		{name: "503", fail: ptr(fakex.Unavailable()), retryable: true, msg: "Service Unavailable"},
		{name: "503 retry-after", fail: func() *fakex.Failure {
			f := fakex.Unavailable()
			f.Header = http.Header{"Retry-After": {"7"}}
			return &f
		}(), retryable: true, after: 7 * time.Second},
		{name: "401 revoked", fail: ptr(fakex.Unauthorized()), auth: true, msg: "Unauthorized"},
		{name: "wrong consumer secret", auth: true, creds: func(c xapi.Credentials) xapi.Credentials {
			c.APISecret = "cs-other"
			return c
		}},
		{name: "wrong token secret", auth: true, creds: func(c xapi.Credentials) xapi.Credentials {
			c.AccessTokenSecret = "ts-other"
			return c
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fakex.New(t, cfg)
			if tt.seed != "" {
				srv.AddTweet(tt.seed)
			}
			if tt.fail != nil {
				srv.FailNext(1, *tt.fail)
			}
			srv.Expect("POST /2/tweets") // one attempt: publish.Run decides about retries
			c := creds()
			if tt.creds != nil {
				c = tt.creds(c)
			}
			var logs bytes.Buffer
			pp := post()
			if tt.text != "" {
				pp.Text = tt.text
			}
			before := len(srv.Tweets())
			_, err := newPublisher(t, srv, c, nil, &logs).Publish(t.Context(), pp)
			if err == nil {
				t.Fatal("no error")
			}
			var re *publish.RetryableError
			if errors.As(err, &re) != tt.retryable {
				t.Fatalf("retryable = %v, want %v: %v", re != nil, tt.retryable, err)
			}
			if re != nil && re.After != tt.after {
				t.Errorf("After = %s, want %s", re.After, tt.after)
			}
			var ae *publish.AuthError
			if errors.As(err, &ae) != tt.auth {
				t.Fatalf("auth = %v, want %v: %v", ae != nil, tt.auth, err)
			}
			if ae != nil && !strings.Contains(ae.UserMessage(), "X_ACCESS_TOKEN_SECRET") {
				t.Errorf("UserMessage %q", ae.UserMessage())
			}
			if errors.Is(err, xapi.ErrDuplicate) != tt.duplicate {
				t.Errorf("errors.Is(ErrDuplicate) = %v, want %v", !tt.duplicate, tt.duplicate)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q lacks %q", err, tt.msg)
			}
			if !tt.retryable && !tt.auth {
				var ae *xapi.APIError
				if !errors.As(err, &ae) {
					t.Errorf("%T is not *xapi.APIError", err)
				}
			}
			if n := len(srv.Tweets()); n != before {
				t.Errorf("failed call changed the timeline (%d → %d)", before, n)
			}
			noLeak(t, err.Error(), logs.String())
		})
	}
}

func ptr[T any](v T) *T { return &v }

var sigRe = regexp.MustCompile(`oauth_signature="[^"]*"`)

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestFakeRejectsTampering proves the fake checks signatures: a request
// changed after signing, or replayed, is refused with X's 401 body.
func TestFakeRejectsTampering(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(base http.RoundTripper) http.RoundTripper
	}{
		{name: "query added after signing", tamper: func(base http.RoundTripper) http.RoundTripper {
			return roundTripFunc(func(r *http.Request) (*http.Response, error) {
				r.URL.RawQuery = "dry_run=true"
				return base.RoundTrip(r)
			})
		}},
		{name: "path changed after signing", tamper: func(base http.RoundTripper) http.RoundTripper {
			return roundTripFunc(func(r *http.Request) (*http.Response, error) {
				r.URL.Path = "/2/tweets/"
				return base.RoundTrip(r)
			})
		}},
		{name: "signature replaced", tamper: func(base http.RoundTripper) http.RoundTripper {
			return roundTripFunc(func(r *http.Request) (*http.Response, error) {
				h := sigRe.ReplaceAllString(r.Header.Get("Authorization"), `oauth_signature="AAAAAAAAAAAAAAAAAAAAAAAAAAA%3D"`)
				if h == r.Header.Get("Authorization") {
					t.Fatal("no signature to replace")
				}
				r.Header.Set("Authorization", h)
				return base.RoundTrip(r)
			})
		}},
		{name: "replayed", tamper: func(base http.RoundTripper) http.RoundTripper {
			return roundTripFunc(func(r *http.Request) (*http.Response, error) {
				first := r.Clone(r.Context())
				first.Body, _ = r.GetBody()
				resp, err := base.RoundTrip(first)
				if err != nil {
					return nil, err
				}
				resp.Body.Close()
				return base.RoundTrip(r) // same nonce and signature again
			})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fakex.New(t, cfg)
			base := srv.Client()
			hc := &http.Client{Transport: tt.tamper(base.Transport)}
			var logs bytes.Buffer
			_, err := newPublisher(t, srv, creds(), hc, &logs).Publish(t.Context(), post())
			var ae *publish.AuthError
			if !errors.As(err, &ae) {
				t.Fatalf("err = %v, want a 401 auth error", err)
			}
			reqs := srv.Requests()
			if last := reqs[len(reqs)-1]; last.Auth != "OAuth INVALID" {
				t.Errorf("fake accepted %s %s", last.Method, last.Path)
			}
		})
	}
}

func TestFind(t *testing.T) {
	srv := fakex.New(t, cfg)
	target := srv.AddTweet(post().Text)
	srv.AddTweet("Tahap dua " + strings.TrimSuffix(article, "/") + "-tahap-2/ #Lampung")
	for i := range 30 {
		srv.AddTweet(fmt.Sprintf("Berita %d https://example.lampungprov.go.id/berita/2026/10/%02d-lain/ & lainnya", i, i))
	}
	var logs bytes.Buffer
	p := newPublisher(t, srv, creds(), nil, &logs)
	r, ok, err := p.Find(t.Context(), post())
	if err != nil || !ok || r.ID != target {
		t.Fatalf("Find = %+v, %v, %v; want %s", r, ok, err, target)
	}
	golden.CheckBytes(t, []byte(srv.Dump()), "testdata/find.request.golden", *update)

	absent := post()
	absent.URL = "https://example.lampungprov.go.id/berita/2026/11/26-belum/"
	absent.Text = "Belum diposting " + absent.URL
	if _, ok, err := p.Find(t.Context(), absent); ok || err != nil {
		t.Errorf("Find(absent) = %v, %v", ok, err)
	}
}

func TestFindWithoutLink(t *testing.T) {
	// social.x.link: false — the post has no URL, so its text identifies it.
	srv := fakex.New(t, cfg)
	text := "Gubernur & Wagub resmikan <Jembatan> Way Sekampung #Lampung"
	id := srv.AddTweet(text)
	srv.AddTweet("Berita lain https://example.lampungprov.go.id/berita/2026/10/01-lain/")
	var logs bytes.Buffer
	r, ok, err := newPublisher(t, srv, creds(), nil, &logs).Find(t.Context(), publish.Post{URL: article, Text: text})
	if err != nil || !ok || r.ID != id {
		t.Fatalf("Find = %+v, %v, %v; want %s", r, ok, err, id)
	}
}

func TestFindErrors(t *testing.T) {
	srv := fakex.New(t, cfg)
	srv.FailNext(1, fakex.RateLimited(now.Add(time.Minute)))
	var logs bytes.Buffer
	_, ok, err := newPublisher(t, srv, creds(), nil, &logs).Find(t.Context(), post())
	var re *publish.RetryableError
	if ok || !errors.As(err, &re) || re.After != time.Minute {
		t.Fatalf("Find = %v, %v; want retryable after 1m", ok, err)
	}
}

// TestCorrectionCalls (issue 14): a correction is a reply to the post
// (reply.in_reply_to_tweet_id), found again in the account's timeline by
// referenced_tweets and its text; a reply to a deleted post is X's 403;
// a retraction deletes the post, and a post gone already is no error.
func TestCorrectionCalls(t *testing.T) {
	srv := fakex.New(t, cfg)
	var logs bytes.Buffer
	p := newPublisher(t, srv, creds(), nil, &logs)
	parent := srv.AddTweet(post().Text)
	c := publish.Comment{Index: 1, URL: article, Parent: publish.Receipt{ID: parent},
		Text: "Ralat: Panjang jembatan 120 meter, bukan 100 meter. " + article}
	r, err := p.Comment(t.Context(), c)
	if err != nil {
		t.Fatal(err)
	}
	tw := srv.Tweets()
	if len(tw) != 2 || tw[1].InReplyTo != parent || tw[1].Text != c.Text || r.ID != tw[1].ID {
		t.Fatalf("tweets %+v, receipt %+v", tw, r)
	}
	golden.CheckBytes(t, []byte(srv.Dump()), "testdata/reply.request.golden", *update)
	n := len(srv.Requests())
	if found, ok, err := p.FindComment(t.Context(), c); err != nil || !ok || found.ID != r.ID {
		t.Errorf("FindComment = %+v %v %v, want %s", found, ok, err, r.ID)
	}
	checkDump(t, srv, n, "testdata/find-reply.request.golden")
	// The same text replying to another post is not this correction.
	other := c
	other.Parent.ID = srv.AddTweet("lain")
	if _, ok, err := p.FindComment(t.Context(), other); err != nil || ok {
		t.Errorf("FindComment under another post = %v %v, want not found", ok, err)
	}

	n = len(srv.Requests())
	if err := p.Delete(t.Context(), publish.Target{ID: parent}); err != nil {
		t.Fatal(err)
	}
	checkDump(t, srv, n, "testdata/delete.request.golden")
	if err := p.Delete(t.Context(), publish.Target{ID: parent}); err != nil {
		t.Errorf("deleting a post gone already = %v, want nil", err)
	}
	_, err = p.Comment(t.Context(), publish.Comment{Parent: publish.Receipt{ID: parent}, Text: "Ralat: lagi"})
	var api *xapi.APIError
	if !errors.As(err, &api) || api.Status != 403 || !strings.Contains(api.Detail, "deleted or not visible") {
		t.Errorf("reply to a deleted post = %v, want X's 403", err)
	}
	noLeak(t, logs.String(), srv.Dump())
}

func checkDump(t *testing.T, srv *fakex.Server, from int, file string) {
	t.Helper()
	var b strings.Builder
	for _, r := range srv.Requests()[from:] {
		b.WriteString(r.Dump())
	}
	golden.CheckBytes(t, []byte(b.String()), file, *update)
}
