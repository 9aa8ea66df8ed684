package publish_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/ledger"
	"github.com/kominfotik-lampung/warta/pipeline/publish"
	"github.com/kominfotik-lampung/warta/pipeline/publish/facebook"
	"github.com/kominfotik-lampung/warta/pipeline/publish/graphapi"
	"github.com/kominfotik-lampung/warta/pipeline/publish/instagram"
	"github.com/kominfotik-lampung/warta/pipeline/publish/internal/fakegraph"
	"github.com/kominfotik-lampung/warta/pipeline/publish/internal/fakex"
	"github.com/kominfotik-lampung/warta/pipeline/publish/xapi"
	"github.com/kominfotik-lampung/warta/pipeline/secret"
)

const (
	graphToken  = "EAAGtesttokenrahasia"
	xKey        = "xkeyrahasia"
	xSecret     = "xsecretrahasia"
	xToken      = "1580-xaccessrahasia"
	xTokenSecrt = "xtokensecretrahasia"
)

// platforms is the three real publishers aimed at the fakes.
type platforms struct {
	graph *fakegraph.Server
	x     *fakex.Server
	logs  bytes.Buffer
}

func newPlatforms(t *testing.T) *platforms {
	t.Helper()
	return &platforms{
		graph: fakegraph.New(t, fakegraph.Config{Token: graphToken, PageID: "1001", IGUserID: "1789"}),
		x: fakex.New(t, fakex.Config{ConsumerKey: xKey, ConsumerSecret: xSecret, AccessToken: xToken,
			AccessTokenSecret: xTokenSecrt, Now: func() time.Time { return now }}),
	}
}

func (p *platforms) publishers(e *env) []publish.Publisher {
	log := slog.New(slog.NewJSONHandler(&p.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	noSleep := func(ctx context.Context, d time.Duration) error { return ctx.Err() }
	graph := []graphapi.Option{graphapi.WithBaseURL(p.graph.URL), graphapi.WithVersion("v21.0"),
		graphapi.WithHTTPClient(p.graph.Client()), graphapi.WithLogger(log)}
	return []publish.Publisher{
		facebook.New(graphapi.New(article.Facebook, secret.Secret(graphToken), graph...), "1001"),
		instagram.New(graphapi.New(article.Instagram, secret.Secret(graphToken), graph...), "1789", instagram.WithSleep(noSleep)),
		xapi.New(xapi.Credentials{APIKey: xKey, APISecret: xSecret, AccessToken: xToken, AccessTokenSecret: xTokenSecrt},
			xapi.WithBaseURL(p.x.URL), xapi.WithHTTPClient(p.x.Client()), xapi.WithLogger(log),
			xapi.WithClock(func() time.Time { return now })),
	}
}

func (p *platforms) options(e *env, run string) publish.Options {
	opt := e.options(run)
	opt.Publishers = p.publishers(e)
	opt.Verifier = verifier{}
	opt.Log = slog.New(slog.NewJSONHandler(&p.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	return opt
}

// counts is how many posts each platform holds of the article at path.
func (p *platforms) counts(path string) [3]int {
	var c [3]int
	for _, post := range p.graph.Posts() {
		if strings.HasSuffix(post.Link, path) {
			c[0]++
		}
	}
	for _, m := range p.graph.MediaList() {
		if strings.Contains(m.Caption, path) {
			c[1]++
		}
	}
	for _, tw := range p.x.Tweets() {
		if strings.Contains(tw.Text, path) {
			c[2]++
		}
	}
	return c
}

func (p *platforms) total() int {
	return len(p.graph.Posts()) + len(p.graph.MediaList()) + len(p.x.Tweets())
}

func TestEndToEndThroughPlatforms(t *testing.T) {
	e := newEnv(t)
	p := newPlatforms(t)
	// X answers 503 twice, then takes the post; one post results.
	p.x.FailNext(2, fakex.Failure{Method: http.MethodPost, PathSuffix: "/2/tweets", Status: http.StatusServiceUnavailable,
		Body: map[string]any{"title": "Service Unavailable", "detail": "Service Unavailable", "type": "about:blank", "status": 503}})
	res := e.run(t.Context(), p.options(e, "1"))
	if res.Problems() != 0 {
		t.Fatalf("problems: %v %v", outcomes(res), res.Items)
	}
	for path, want := range map[string][3]int{lama: {1, 1, 1}, belum: {1, 1, 1}, hanya: {1, 0, 0}, draf: {}, embarg: {}} {
		if got := p.counts(path); got != want {
			t.Errorf("%s: facebook/instagram/x posts %v, want %v", path, got, want)
		}
	}
	if !slices.Equal(e.sleeps, []time.Duration{2 * time.Second, 4 * time.Second}) {
		t.Errorf("backoff %v, want 2s then 4s", e.sleeps)
	}
	// Instagram's intent carries the container id.
	for _, en := range e.entries() {
		if en.Platform == article.Instagram && en.State == ledger.Intent && en.PostID == "" {
			t.Errorf("instagram intent without container id: %+v", en)
		}
		if en.State == ledger.Done && (en.PostID == "" || en.PostURL == "") {
			t.Errorf("done without post id/url: %+v", en)
		}
	}

	// A rerun posts nothing.
	before := p.total()
	res = e.run(t.Context(), p.options(e, "2"))
	if p.total() != before || len(res.Items) != 0 {
		t.Errorf("rerun: %d new posts, items %v", p.total()-before, outcomes(res))
	}
	assertClean(t, e, p)
}

func TestEndToEndRateLimitAndOutage(t *testing.T) {
	e := newEnv(t)
	p := newPlatforms(t)
	// X: 429 with x-rate-limit-reset 40s ahead, honoured.
	p.x.FailNext(1, fakex.Failure{Method: http.MethodPost, PathSuffix: "/2/tweets", Status: http.StatusTooManyRequests,
		Header: http.Header{"x-rate-limit-reset": {strconv.FormatInt(now.Add(40*time.Second).Unix(), 10)}},
		Body:   map[string]any{"title": "Too Many Requests", "detail": "Too Many Requests", "type": "about:blank", "status": 429}})
	// Facebook: the Page token was revoked (HTTP 400, code 190) for every call.
	p.graph.FailNext(100, fakegraph.Failure{PathSuffix: "/feed", Status: http.StatusBadRequest, Code: 190,
		Type: "OAuthException", Message: "Error validating access token: The session has been invalidated."})
	opt := p.options(e, "1")
	opt.Articles = fixture()[3:] // hanya-fb and lama
	res := e.run(t.Context(), opt)
	if len(e.sleeps) == 0 || e.sleeps[0] < 39*time.Second || e.sleeps[0] > 41*time.Second {
		t.Errorf("sleeps %v, want about 40s first (x-rate-limit-reset)", e.sleeps)
	}
	if res.Problems() != 2 {
		t.Errorf("problems %d, want the two facebook posts: %v", res.Problems(), outcomes(res))
	}
	if got := p.counts(lama); got != [3]int{0, 1, 1} {
		t.Errorf("with facebook down: %v, want instagram and x posted", got)
	}
	var authErr *publish.AuthError
	for _, it := range res.Items {
		if it.Platform == article.Facebook && !errorsAs(it.Err, &authErr) {
			t.Errorf("facebook error %v, want an AuthError", it.Err)
		}
	}

	// Facebook is back: the next run posts only what is missing.
	// (a fresh fake Graph holding the Instagram post stands for "back up")
	p2 := &platforms{graph: fakegraph.New(t, fakegraph.Config{Token: graphToken, PageID: "1001", IGUserID: "1789"}), x: p.x}
	for _, m := range p.graph.MediaList() {
		p2.graph.AddMedia(m.Caption)
	}
	opt = p2.options(e, "2")
	opt.Articles = fixture()[3:]
	res = e.run(t.Context(), opt)
	var posted []string
	for _, it := range res.Items {
		posted = append(posted, it.Article.ID+" "+it.Platform+" "+string(it.Outcome))
	}
	want := []string{"berita/2026/11/23-lama facebook posted", "berita/2026/11/24-hanya-fb facebook posted"}
	if !slices.Equal(posted, want) {
		t.Errorf("second run %v, want %v", posted, want)
	}
	if len(p2.graph.MediaList()) != 1 || len(p.x.Tweets()) != 1 {
		t.Errorf("second run reposted: %d media, %d tweets", len(p2.graph.MediaList()), len(p.x.Tweets()))
	}
	assertClean(t, e, p)
}

func TestEndToEndCrashAfterPosting(t *testing.T) {
	e := newEnv(t)
	p := newPlatforms(t)
	opt := p.options(e, "1")
	opt.Ledger = failingDone{e.ledger()}
	e.run(t.Context(), opt)
	posted := p.total()
	if posted != 7 {
		t.Fatalf("first run made %d posts, want 7", posted)
	}
	later := p.options(e, "2")
	later.Now = func() time.Time { return now.Add(20 * time.Minute) }
	res := e.run(t.Context(), later)
	if p.total() != posted {
		t.Errorf("the rerun posted %d twice", p.total()-posted)
	}
	for _, it := range res.Items {
		if it.Outcome != publish.Reconciled {
			t.Errorf("%s on %s: %s, want reconciled (%v)", it.Article.ID, it.Platform, it.Outcome, it.Err)
		}
	}
	st := ledger.Fold(e.entries())
	for _, it := range res.Items {
		s := st[ledger.Key{Article: it.Article.ID, Platform: it.Platform}]
		if !s.Posted() || s.Done.PostID == "" {
			t.Errorf("%s on %s not recorded done: %+v", it.Article.ID, it.Platform, s)
		}
	}
	assertClean(t, e, p)
}

func errorsAs(err error, target **publish.AuthError) bool {
	for err != nil {
		if a, ok := err.(*publish.AuthError); ok {
			*target = a
			return true
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		err = u.Unwrap()
	}
	return false
}

// assertClean scans the ledger branch (whole history), the logs and the
// fakes' request dumps for any credential.
func assertClean(t *testing.T, e *env, p *platforms) {
	t.Helper()
	hist, err := exec.Command("git", "-C", e.origin, "log", "-p", ledger.Branch).CombinedOutput()
	if err != nil {
		t.Fatalf("git log: %v\n%s", err, hist)
	}
	for where, text := range map[string]string{"ledger": string(hist), "logs": p.logs.String(),
		"graph requests": p.graph.Dump(), "x requests": p.x.Dump()} {
		for _, s := range []string{graphToken, xKey, xSecret, xToken, xTokenSecrt} {
			if strings.Contains(text, s) {
				t.Errorf("%s contains a credential (%.6s…)", where, s)
			}
		}
	}
	if !strings.Contains(string(hist), `"state":"done"`) {
		t.Errorf("ledger history has no done line:\n%s", hist)
	}
}

// TestEndToEndLedgerBranchLost: with the ledger branch deleted, publish
// refuses to start (nothing is posted); once the ledger is started again,
// the old articles already on Facebook, Instagram and X are found by their
// URL and recorded done, never posted a second time.
func TestEndToEndLedgerBranchLost(t *testing.T) {
	e := newEnv(t)
	p := newPlatforms(t)
	e.run(t.Context(), p.options(e, "1"))
	posted := p.total()
	if posted != 7 {
		t.Fatalf("first run made %d posts, want 7", posted)
	}
	if out, err := exec.Command("git", "-C", e.origin, "branch", "-D", ledger.Branch).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	later := func(run string) publish.Options {
		opt := p.options(e, run)
		opt.Now = func() time.Time { return now.Add(7 * time.Hour) }
		return opt
	}
	res, err := publish.Run(t.Context(), later("2"))
	if !errors.Is(err, ledger.ErrNoBranch) || res != nil {
		t.Fatalf("Run without the ledger branch = %v, %v; want ErrNoBranch", res, err)
	}
	if p.total() != posted {
		t.Fatalf("%d posts made without a ledger", p.total()-posted)
	}

	// Started again (warta publish --init-ledger): everything is older than
	// CheckBeforeFirstPost now, so each pair is looked for first.
	if err := e.ledger().Init(t.Context()); err != nil {
		t.Fatal(err)
	}
	res = e.run(t.Context(), later("3"))
	if p.total() != posted {
		t.Errorf("the restarted ledger re-posted %d", p.total()-posted)
	}
	if len(res.Items) != 7 || res.Problems() != 0 {
		t.Fatalf("items %v, want the 7 pairs reconciled", outcomes(res))
	}
	st := ledger.Fold(e.entries())
	for _, it := range res.Items {
		if it.Outcome != publish.Reconciled || it.Receipt.ID == "" {
			t.Errorf("%s on %s: %s %+v, want reconciled with the post id", it.Article.ID, it.Platform, it.Outcome, it.Receipt)
		}
		if s := st[ledger.Key{Article: it.Article.ID, Platform: it.Platform}]; !s.Posted() {
			t.Errorf("%s on %s not recorded done", it.Article.ID, it.Platform)
		}
	}
	// A further run has nothing to do.
	if res := e.run(t.Context(), later("4")); len(res.Items) != 0 || p.total() != posted {
		t.Errorf("third run: %v, %d new posts", outcomes(res), p.total()-posted)
	}
	assertClean(t, e, p)
}
