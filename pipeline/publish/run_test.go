package publish_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/config"
	"github.com/kominfotik-lampung/warta/pipeline/ledger"
	"github.com/kominfotik-lampung/warta/pipeline/publish"
)

var now = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

// world is the platforms' side: every post that exists, shared by all fake
// publishers of a test (and by the two racing runs).
type world struct {
	mu    sync.Mutex
	posts map[string][]fakePost // by platform
	calls map[string]int        // "platform publish" → count
	// fail decides the answer of the n-th (1-based) Publish call of a platform.
	fail func(platform string, n int) error
	// onPost runs after a post was made (a crash right after posting).
	onPost func(platform string)
}

type fakePost struct{ ID, URL, Text, Image string }

func newWorld() *world { return &world{posts: map[string][]fakePost{}, calls: map[string]int{}} }

func (w *world) count(platform, url string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for _, p := range w.posts[platform] {
		if strings.HasSuffix(p.URL, url) {
			n++
		}
	}
	return n
}

func (w *world) total() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for _, ps := range w.posts {
		n += len(ps)
	}
	return n
}

// fakePub is a Publisher keeping its posts in a world.
type fakePub struct {
	w        *world
	platform string
}

var _ publish.Publisher = (*fakePub)(nil)

func (f *fakePub) Platform() string { return f.platform }

func (f *fakePub) Publish(ctx context.Context, p publish.Post) (publish.Receipt, error) {
	f.w.mu.Lock()
	f.w.calls[f.platform+" publish"]++
	n := f.w.calls[f.platform+" publish"]
	fail := f.w.fail
	f.w.mu.Unlock()
	if fail != nil {
		if err := fail(f.platform, n); err != nil {
			return publish.Receipt{}, err
		}
	}
	f.w.mu.Lock()
	id := fmt.Sprintf("%s-%d", f.platform, len(f.w.posts[f.platform])+1)
	f.w.posts[f.platform] = append(f.w.posts[f.platform], fakePost{ID: id, URL: p.URL, Text: p.Text, Image: p.ImageURL})
	on := f.w.onPost
	f.w.mu.Unlock()
	if on != nil {
		on(f.platform)
	}
	return publish.Receipt{ID: id, URL: "https://social.example/" + id}, nil
}

func (f *fakePub) Find(ctx context.Context, p publish.Post) (publish.Receipt, bool, error) {
	f.w.mu.Lock()
	defer f.w.mu.Unlock()
	f.w.calls[f.platform+" find"]++
	for _, q := range f.w.posts[f.platform] {
		if q.URL == p.URL {
			return publish.Receipt{ID: q.ID, URL: "https://social.example/" + q.ID}, true, nil
		}
	}
	return publish.Receipt{}, false, nil
}

// fakeIG adds Instagram's container step.
type fakeIG struct {
	fakePub
	containers []string
}

func (f *fakeIG) Prepare(ctx context.Context, p publish.Post) (string, error) {
	if p.Resume != "" {
		return p.Resume, nil
	}
	f.containers = append(f.containers, fmt.Sprintf("container-%d", len(f.containers)+1))
	return f.containers[len(f.containers)-1], nil
}

// verifier refuses the changes it names: an article ID (its latest
// change), "ID#ralat-N" (the change adding correction N), "ID#cabut" (the
// change adding its retraction).
type verifier map[string]bool

func (v verifier) Verify(ctx context.Context, a *article.Article) (bool, string, error) {
	return v.answer(a.ID)
}

func (v verifier) VerifyCorrection(ctx context.Context, a *article.Article, n int) (bool, string, error) {
	return v.answer(fmt.Sprintf("%s#ralat-%d", a.ID, n))
}

func (v verifier) VerifyRetraction(ctx context.Context, a *article.Article) (bool, string, error) {
	return v.answer(a.ID + "#cabut")
}

func (v verifier) answer(change string) (bool, string, error) {
	if v[change] {
		return false, "menunggu persetujuan Kabid", nil
	}
	return true, "", nil
}

func testConfig(base string) *config.Config {
	c := config.Default()
	c.Site.Title = "Berita"
	c.Site.BaseURL = base
	c.Social.Facebook.Enabled = true
	c.Social.Instagram.Enabled = true
	c.Social.X.Enabled = true
	return c
}

func news(id string, date time.Time) *article.Article {
	return &article.Article{Kind: article.News, ID: id, File: "content/" + id + "/index.md", Title: "Judul " + id,
		Date: date, Summary: "Ringkasan.", Activity: "Rapat", Location: "Bandar Lampung", Tags: []string{"Lampung"},
		Images: []article.Image{{Src: "a.jpg", Alt: "foto"}}}
}

// fixture articles, newest first as content.Load returns them.
func fixture() []*article.Article {
	draft := news("berita/2026/11/24-draf", now.Add(-time.Hour))
	draft.Draft = true
	optOut := news("berita/2026/11/24-hanya-fb", now.Add(-2*time.Hour))
	optOut.Platforms = []string{article.Facebook}
	return []*article.Article{
		news("berita/2026/11/26-embargo", now.Add(24*time.Hour)),
		draft,
		news("berita/2026/11/24-belum-disetujui", now.Add(-90*time.Minute)),
		optOut,
		news("berita/2026/11/23-lama", now.Add(-48*time.Hour)),
	}
}

type env struct {
	t      *testing.T
	site   *httptest.Server // the deployed site: every Instagram image is live
	origin string
	w      *world
	sleeps []time.Duration
	mu     sync.Mutex
}

func newEnv(t *testing.T) *env {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "origin.git")
	if _, err := git.PlainInit(dir, true); err != nil {
		t.Fatal(err)
	}
	l, err := ledger.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Init(t.Context()); err != nil {
		t.Fatal(err)
	}
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/"+article.InstagramImage) {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "image/jpeg")
	}))
	t.Cleanup(site.Close)
	return &env{t: t, site: site, origin: dir, w: newWorld()}
}

func (e *env) ledger() *ledger.Ledger {
	l, err := ledger.New(e.origin, ledger.WithClock(func() time.Time { return now }))
	if err != nil {
		e.t.Fatal(err)
	}
	return l
}

func (e *env) options(run string) publish.Options {
	return publish.Options{
		Articles:   fixture(),
		Config:     testConfig(e.site.URL + "/"),
		HTTPClient: e.site.Client(),
		Publishers: []publish.Publisher{
			&fakePub{e.w, article.Facebook}, &fakePub{e.w, article.Instagram}, &fakePub{e.w, article.X},
		},
		Ledger:   e.ledger(),
		Verifier: verifier{"berita/2026/11/24-belum-disetujui": true},
		Commit:   "abc123",
		Run:      run,
		Now:      func() time.Time { return now },
		Sleep: func(ctx context.Context, d time.Duration) error {
			e.mu.Lock()
			defer e.mu.Unlock()
			e.sleeps = append(e.sleeps, d)
			return ctx.Err()
		},
	}
}

func (e *env) run(ctx context.Context, opt publish.Options) *publish.Result {
	e.t.Helper()
	res, err := publish.Run(ctx, opt)
	if err != nil {
		e.t.Fatal(err)
	}
	return res
}

func (e *env) entries() []ledger.Entry {
	e.t.Helper()
	es, err := e.ledger().Read(e.t.Context())
	if err != nil {
		e.t.Fatal(err)
	}
	return es
}

func outcomes(res *publish.Result) []string {
	var out []string
	for _, it := range res.Items {
		out = append(out, fmt.Sprintf("%s %s %s", it.Article.ID, it.Platform, it.Outcome))
	}
	return out
}

const (
	lama   = "/berita/2026/11/23-lama/"
	hanya  = "/berita/2026/11/24-hanya-fb/"
	belum  = "/berita/2026/11/24-belum-disetujui/"
	draf   = "/berita/2026/11/24-draf/"
	embarg = "/berita/2026/11/26-embargo/"
)

func TestRunPostsEachDuePairOnce(t *testing.T) {
	e := newEnv(t)
	res := e.run(t.Context(), e.options("1"))
	want := []string{
		"berita/2026/11/23-lama facebook posted",
		"berita/2026/11/23-lama instagram posted",
		"berita/2026/11/23-lama x posted",
		"berita/2026/11/24-hanya-fb facebook posted",
		"berita/2026/11/24-belum-disetujui facebook refused",
		"berita/2026/11/24-belum-disetujui instagram refused",
		"berita/2026/11/24-belum-disetujui x refused",
	}
	if got := outcomes(res); !slices.Equal(got, want) {
		t.Errorf("outcomes:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if res.Problems() != 3 {
		t.Errorf("Problems() = %d, want 3 (the unverified article)", res.Problems())
	}
	for _, p := range article.Platforms {
		if n := e.w.count(p, lama); n != 1 {
			t.Errorf("%s: %d posts of the due article, want 1", p, n)
		}
		for _, url := range []string{belum, draf, embarg} {
			if n := e.w.count(p, url); n != 0 {
				t.Errorf("%s: %s posted %d times, want never", p, url, n)
			}
		}
	}
	if e.w.count(article.X, hanya) != 0 || e.w.count(article.Instagram, hanya) != 0 {
		t.Error("an article that opted out of x and instagram was posted there")
	}
	var states []string
	for _, en := range e.entries() {
		states = append(states, en.Platform+" "+en.State)
		if en.Commit != "abc123" || en.Run != "1" {
			t.Errorf("entry %+v lacks commit/run", en)
		}
	}
	wantStates := []string{"facebook intent", "facebook done", "instagram intent", "instagram done", "x intent", "x done",
		"facebook intent", "facebook done"}
	if !slices.Equal(states, wantStates) {
		t.Errorf("ledger states %v, want %v", states, wantStates)
	}

	// A rerun finds nothing to post; the embargoed article comes due later.
	before := e.w.total()
	res = e.run(t.Context(), e.options("2"))
	if e.w.total() != before {
		t.Errorf("rerun posted %d more", e.w.total()-before)
	}
	if res.Problems() != 3 {
		t.Errorf("rerun: the unverified article must stay refused, got %v", outcomes(res))
	}
	later := e.options("3")
	later.Now = func() time.Time { return now.Add(25 * time.Hour) }
	e.run(t.Context(), later)
	if e.w.count(article.X, embarg) != 1 || e.w.total() != before+3 {
		t.Errorf("after the embargo: %d posts of it on x, %d new in all; want 1 and 3", e.w.count(article.X, embarg), e.w.total()-before)
	}
}

func retryable(after time.Duration, status int) error {
	return &publish.RetryableError{After: after, Err: fmt.Errorf("HTTP %d", status)}
}

func TestRunRetries(t *testing.T) {
	tests := []struct {
		name   string
		fail   func(n int) error
		sleeps []time.Duration
		posts  int
		out    publish.Outcome
	}{
		{"503 twice then success", func(n int) error {
			if n <= 2 {
				return retryable(0, 503)
			}
			return nil
		}, []time.Duration{2 * time.Second, 4 * time.Second}, 1, publish.Posted},
		{"429 honours Retry-After", func(n int) error {
			if n == 1 {
				return retryable(37*time.Second, 429)
			}
			return nil
		}, []time.Duration{37 * time.Second}, 1, publish.Posted},
		{"400 is not retried", func(n int) error { return errors.New("HTTP 400: bad request") }, nil, 0, publish.Failed},
		{"wait beyond the budget ends retries", func(n int) error { return retryable(time.Hour, 429) }, nil, 0, publish.Failed},
		{"attempts are bounded", func(n int) error { return retryable(0, 503) },
			[]time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second}, 0, publish.Failed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.w.fail = func(platform string, n int) error {
				if platform != article.X {
					return nil
				}
				return tt.fail(n)
			}
			opt := e.options("1")
			opt.Articles = []*article.Article{news("berita/2026/11/23-lama", now.Add(-time.Hour))}
			opt.Publishers = []publish.Publisher{&fakePub{e.w, article.X}}
			res := e.run(t.Context(), opt)
			if !slices.Equal(e.sleeps, tt.sleeps) {
				t.Errorf("sleeps %v, want %v", e.sleeps, tt.sleeps)
			}
			if n := e.w.count(article.X, lama); n != tt.posts {
				t.Errorf("%d posts, want %d", n, tt.posts)
			}
			if len(res.Items) != 1 || res.Items[0].Outcome != tt.out {
				t.Fatalf("outcomes %v, want %s", outcomes(res), tt.out)
			}
			last := e.entries()[len(e.entries())-1]
			if tt.out == publish.Failed && (last.State != ledger.Failed || last.Error == "") {
				t.Errorf("last ledger line %+v, want failed with the platform's message", last)
			}
		})
	}
}

func TestRunOnePlatformDown(t *testing.T) {
	e := newEnv(t)
	down := true
	e.w.fail = func(platform string, n int) error {
		if platform == article.Instagram && down {
			return &publish.AuthError{Platform: platform, Err: errors.New("code 190")}
		}
		return nil
	}
	opt := e.options("1")
	opt.Verifier = verifier{}
	res := e.run(t.Context(), opt)
	if res.Problems() != 2 {
		t.Fatalf("Problems() = %d, want 2: %v", res.Problems(), outcomes(res))
	}
	for _, it := range res.Items {
		if it.Platform != article.Instagram && it.Outcome != publish.Posted {
			t.Errorf("%s on %s: %s; one platform down must not stop the others", it.Article.ID, it.Platform, it.Outcome)
		}
	}
	posted := e.w.total()
	down = false
	opt = e.options("2")
	opt.Verifier = verifier{}
	res = e.run(t.Context(), opt)
	// Only the two missing Instagram posts (the fb-only article has none).
	var got []string
	for _, it := range res.Items {
		if it.Outcome == publish.Posted || it.Outcome == publish.Reconciled {
			got = append(got, it.Article.ID+" "+it.Platform+" "+string(it.Outcome))
		}
	}
	want := []string{"berita/2026/11/23-lama instagram posted", "berita/2026/11/24-belum-disetujui instagram posted"}
	if !slices.Equal(got, want) {
		t.Errorf("second run: %v, want %v", got, want)
	}
	if e.w.total() != posted+2 {
		t.Errorf("second run made %d posts, want 2", e.w.total()-posted)
	}
	// Each failure was checked against the platform (did the post happen
	// anyway?), each failed intent reconciled before posting again, and the
	// old article (48 h) looked for once before its first post.
	if e.w.calls["instagram find"] != 5 {
		t.Errorf("instagram Find called %d times, want 5", e.w.calls["instagram find"])
	}
}

// failingDone wraps a ledger and refuses to record done lines: the process
// "dies" after posting and before recording.
type failingDone struct{ publish.Ledger }

func (f failingDone) Update(ctx context.Context, decide func([]ledger.Entry) []ledger.Entry) ([]ledger.Entry, error) {
	var add []ledger.Entry
	_, err := f.Ledger.Update(ctx, func(cur []ledger.Entry) []ledger.Entry {
		add = decide(cur)
		for _, e := range add {
			if e.State == ledger.Done {
				return nil
			}
		}
		return add
	})
	if err == nil && len(add) > 0 && add[0].State == ledger.Done {
		return nil, errors.New("connection reset")
	}
	return add, err
}

func TestRunCrashAfterPostingReconciles(t *testing.T) {
	e := newEnv(t)
	opt := e.options("1")
	opt.Ledger = failingDone{e.ledger()}
	res := e.run(t.Context(), opt)
	if res.Problems() != 3+4 {
		t.Errorf("Problems() = %d, want 7 (3 refused, 4 unrecorded posts): %v", res.Problems(), outcomes(res))
	}
	posted := e.w.total()
	if posted != 4 {
		t.Fatalf("first run made %d posts, want 4", posted)
	}
	// The rerun (another run, 15 minutes later) finds each post and records it.
	again := e.options("2")
	again.Now = func() time.Time { return now.Add(15 * time.Minute) }
	res = e.run(t.Context(), again)
	if e.w.total() != posted {
		t.Errorf("rerun posted %d again", e.w.total()-posted)
	}
	n := 0
	for _, it := range res.Items {
		if it.Outcome == publish.Reconciled {
			n++
			if it.Receipt.ID == "" {
				t.Errorf("reconciled %s without the post id", it.Platform)
			}
		}
	}
	if n != 4 {
		t.Errorf("%d reconciled, want 4: %v", n, outcomes(res))
	}
	// And a third run has nothing left to do.
	e.run(t.Context(), e.options("3"))
	if e.w.total() != posted {
		t.Error("third run posted")
	}
}

func TestRunCancelledLeavesIntent(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithCancel(t.Context())
	// The platform got the request, then the run is stopped before the
	// answer arrives.
	e.w.onPost = func(string) { cancel() }
	opt := e.options("1")
	opt.Publishers = []publish.Publisher{&ctxPub{fakePub{e.w, article.X}}}
	res, err := publish.Run(ctx, opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range res.Items {
		if it.Outcome == publish.Failed {
			t.Errorf("%s on %s failed; a cancelled run is not a failure", it.Article.ID, it.Platform)
		}
	}
	es := e.entries()
	if len(es) != 1 || es[0].State != ledger.Intent {
		t.Fatalf("ledger %+v, want the intent alone", es)
	}
	e.w.onPost = nil
	// A re-run of the same workflow run (same GITHUB_RUN_ID) reconciles at once.
	res = e.run(t.Context(), e.options("1"))
	if n := e.w.count(article.X, lama); n != 1 {
		t.Errorf("%d posts on x, want 1", n)
	}
	if res.Items[2].Outcome != publish.Reconciled {
		t.Errorf("outcomes %v; want x reconciled", outcomes(res))
	}
}

// ctxPub answers like a client whose context ended mid-request.
type ctxPub struct{ fakePub }

func (c *ctxPub) Publish(ctx context.Context, p publish.Post) (publish.Receipt, error) {
	r, err := c.fakePub.Publish(ctx, p)
	if err == nil && ctx.Err() != nil {
		return publish.Receipt{}, ctx.Err()
	}
	return r, err
}

func TestRunIntentOfAnotherLiveRunIsLeftAlone(t *testing.T) {
	e := newEnv(t)
	if err := e.ledger().Append(t.Context(), ledger.Entry{Article: "berita/2026/11/23-lama", Platform: article.X,
		State: ledger.Intent, Time: now.Add(-time.Minute), Run: "9"}); err != nil {
		t.Fatal(err)
	}
	opt := e.options("1")
	opt.Publishers = []publish.Publisher{&fakePub{e.w, article.X}}
	res := e.run(t.Context(), opt)
	if res.Items[0].Outcome != publish.Busy || e.w.total() != 0 || e.w.calls["x find"] != 0 {
		t.Errorf("outcomes %v, %d posts; want busy and untouched", outcomes(res), e.w.total())
	}
}

func TestRunRacingRuns(t *testing.T) {
	e := newEnv(t)
	var wg sync.WaitGroup
	results := make([]*publish.Result, 2)
	for i := range results {
		opt := e.options(fmt.Sprint(i + 1))
		opt.Verifier = verifier{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := publish.Run(context.Background(), opt)
			if err != nil {
				t.Error(err)
				return
			}
			results[i] = res
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	for _, p := range article.Platforms {
		if n := e.w.count(p, lama); n != 1 {
			t.Errorf("%s: %d posts of the article, want exactly 1", p, n)
		}
		if n := e.w.count(p, belum); n != 1 {
			t.Errorf("%s: %d posts of the second article, want exactly 1", p, n)
		}
	}
	if n := e.w.count(article.Facebook, hanya); n != 1 {
		t.Errorf("facebook: %d posts, want 1", n)
	}
	done := map[string]int{}
	for _, en := range e.entries() {
		if en.State == ledger.Done {
			done[en.Article+" "+en.Platform]++
		}
	}
	if len(done) != 7 {
		t.Errorf("done lines for %d pairs, want 7 (a lost ledger line): %v", len(done), done)
	}
	for k, n := range done {
		if n != 1 {
			t.Errorf("%s recorded done %d times", k, n)
		}
	}
}

func TestRunInstagramContainerAndImageWait(t *testing.T) {
	e := newEnv(t)
	hits := 0
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/berita/2026/11/23-lama/instagram.jpg" {
			http.NotFound(w, r)
			return
		}
		hits++
		if hits < 3 { // not deployed yet
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "image/jpeg")
	}))
	t.Cleanup(site.Close)
	ig := &fakeIG{fakePub: fakePub{e.w, article.Instagram}}
	opt := e.options("1")
	opt.Config = testConfig(site.URL + "/")
	opt.HTTPClient = site.Client()
	opt.Articles = []*article.Article{news("berita/2026/11/23-lama", now.Add(-time.Hour))}
	opt.Publishers = []publish.Publisher{ig}
	res := e.run(t.Context(), opt)
	if res.Items[0].Outcome != publish.Posted {
		t.Fatalf("outcomes %v", outcomes(res))
	}
	if !slices.Equal(e.sleeps, []time.Duration{10 * time.Second, 10 * time.Second}) {
		t.Errorf("image wait slept %v, want two polls of 10s", e.sleeps)
	}
	es := e.entries()
	if es[0].State != ledger.Intent || es[0].PostID != "container-1" {
		t.Errorf("intent %+v, want the container id in it", es[0])
	}
	if p := e.w.posts[article.Instagram][0]; p.Image != site.URL+"/berita/2026/11/23-lama/instagram.jpg" {
		t.Errorf("image URL %q", p.Image)
	}

	// The image never appears: bounded wait, then failed.
	e2 := newEnv(t)
	opt2 := e2.options("1")
	opt2.Config = testConfig(site.URL + "/missing/")
	opt2.HTTPClient = site.Client()
	opt2.ImageWait = 30 * time.Second
	opt2.Articles = opt.Articles
	opt2.Publishers = []publish.Publisher{&fakeIG{fakePub: fakePub{e2.w, article.Instagram}}}
	res = e2.run(t.Context(), opt2)
	if res.Items[0].Outcome != publish.Failed || !errors.Is(res.Items[0].Err, publish.ErrImageNotLive) {
		t.Errorf("outcome %v err %v, want failed with ErrImageNotLive", res.Items[0].Outcome, res.Items[0].Err)
	}
	if len(e2.sleeps) != 3 {
		t.Errorf("slept %v, want 3 polls within 30s", e2.sleeps)
	}
}

func TestRunDuplicateRejectionIsReconciled(t *testing.T) {
	// X refuses duplicate text with 403 and no id: the post exists (the
	// ledger line was lost), so Find records it instead of failing.
	e := newEnv(t)
	e.w.posts[article.X] = []fakePost{{ID: "x-1", URL: e.site.URL + lama}}
	e.w.fail = func(platform string, n int) error {
		return errors.New("x: duplicate content (403)")
	}
	opt := e.options("1")
	opt.Articles = []*article.Article{news("berita/2026/11/23-lama", now.Add(-time.Hour))}
	opt.Publishers = []publish.Publisher{&fakePub{e.w, article.X}}
	res := e.run(t.Context(), opt)
	if len(res.Items) != 1 || res.Items[0].Outcome != publish.Reconciled || res.Items[0].Receipt.ID != "x-1" || res.Problems() != 0 {
		t.Fatalf("items %+v", res.Items)
	}
	if s, _ := ledger.Fold(e.entries()).Lookup("berita/2026/11/23-lama", article.X); !s.Posted() {
		t.Errorf("not recorded done: %+v", s)
	}
}

// TestRunRefusesArticleWithErrors: build shows an article with content
// errors (without its broken parts), but publish never posts it.
func TestRunRefusesArticleWithErrors(t *testing.T) {
	e := newEnv(t)
	opt := e.options("1")
	bad := news("berita/2026/11/23-lama", now.Add(-time.Hour))
	bad.Errors = 2
	opt.Articles = []*article.Article{bad}
	res := e.run(t.Context(), opt)
	if e.w.total() != 0 {
		t.Fatalf("an article with errors was posted %d times", e.w.total())
	}
	if got := outcomes(res); len(got) != 3 || !strings.HasSuffix(got[0], "refused") || res.Problems() != 3 {
		t.Errorf("outcomes %v problems %d", got, res.Problems())
	}
	if n := len(e.entries()); n != 0 {
		t.Errorf("ledger got %d lines for a refused article", n)
	}
}

// runs answers Runs.Running from a map (absent: err).
type runs map[string]bool

func (r runs) Running(ctx context.Context, id string) (bool, error) {
	running, ok := r[id]
	if !ok {
		return false, errors.New("HTTP 503")
	}
	return running, nil
}

// TestRunInFlightRule: an intent of another run holds its pair only while
// that run may still post: 0 ≤ age < InFlight, or, when GitHub can say,
// while the run is queued or in progress. A future-dated intent and the
// intent of a run that ended are reconciled at once; a pair held for more
// than an hour is reported.
func TestRunInFlightRule(t *testing.T) {
	tests := []struct {
		name     string
		age      time.Duration // now - intent time
		runs     runs          // nil: no GitHub to ask
		outcome  publish.Outcome
		warnings int
	}{
		{"fresh intent, no GitHub", time.Minute, nil, publish.Busy, 0},
		{"old intent, no GitHub", 11 * time.Minute, nil, publish.Reconciled, 0},
		{"intent dated in the future", -time.Hour, nil, publish.Reconciled, 0},
		{"future intent of a run GitHub says is running", -time.Hour, runs{"9": true}, publish.Reconciled, 0},
		{"fresh intent of a run that ended", time.Minute, runs{"9": false}, publish.Reconciled, 0},
		{"intent of a run still running", 2 * time.Hour, runs{"9": true}, publish.Busy, 1},
		{"GitHub cannot tell: the window decides", time.Minute, runs{}, publish.Busy, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			// Run 9 posted, then crashed before recording done.
			e.w.posts[article.X] = []fakePost{{ID: "x-1", URL: e.site.URL + lama}}
			if err := e.ledger().Append(t.Context(), ledger.Entry{Article: "berita/2026/11/23-lama", Platform: article.X,
				State: ledger.Intent, Time: now.Add(-tt.age), Run: "9"}); err != nil {
				t.Fatal(err)
			}
			opt := e.options("10")
			opt.Articles = []*article.Article{news("berita/2026/11/23-lama", now.Add(-48*time.Hour))}
			opt.Publishers = []publish.Publisher{&fakePub{e.w, article.X}}
			if tt.runs != nil {
				opt.Runs = tt.runs
			}
			res := e.run(t.Context(), opt)
			if len(res.Items) != 1 || res.Items[0].Outcome != tt.outcome {
				t.Fatalf("outcomes %v, want %s", outcomes(res), tt.outcome)
			}
			if e.w.total() != 1 {
				t.Errorf("%d posts, want the one run 9 made", e.w.total())
			}
			if len(res.Warnings) != tt.warnings {
				t.Errorf("warnings %+v, want %d", res.Warnings, tt.warnings)
			}
			if tt.warnings > 0 && (res.Warnings[0].Kind != publish.StaleIntent || res.Warnings[0].Line != 1 || res.Warnings[0].Entry.Run != "9") {
				t.Errorf("warning %+v, want the stale intent of run 9 at line 1", res.Warnings[0])
			}
		})
	}
}

// TestRunWarnsDoneWithoutIntent: a done line nobody ran (no intent before
// it) still stops the post, and is reported with its line.
func TestRunWarnsDoneWithoutIntent(t *testing.T) {
	e := newEnv(t)
	if err := e.ledger().Append(t.Context(),
		ledger.Entry{Article: "berita/2026/11/23-lama", Platform: article.Facebook, State: ledger.Intent, Time: now.Add(-time.Hour), Run: "5"},
		ledger.Entry{Article: "berita/2026/11/23-lama", Platform: article.Facebook, State: ledger.Done, PostID: "fb-1", Time: now.Add(-time.Hour), Run: "5"},
		ledger.Entry{Article: "berita/2026/11/23-lama", Platform: article.X, State: ledger.Done, PostID: "123", Time: now.Add(-time.Hour)},
	); err != nil {
		t.Fatal(err)
	}
	opt := e.options("6")
	opt.Articles = []*article.Article{news("berita/2026/11/23-lama", now.Add(-time.Hour))}
	res := e.run(t.Context(), opt)
	if got := outcomes(res); !slices.Equal(got, []string{"berita/2026/11/23-lama instagram posted"}) {
		t.Errorf("outcomes %v, want only instagram posted", got)
	}
	if len(res.Warnings) != 1 || res.Warnings[0].Kind != publish.DoneWithoutIntent || res.Warnings[0].Line != 3 ||
		res.Warnings[0].Entry.Platform != article.X {
		t.Errorf("warnings %+v, want the x done line (line 3)", res.Warnings)
	}
	if res.Problems() != 0 {
		t.Errorf("a warning must not fail the run: %d problems", res.Problems())
	}
	// warta's own reconciliation (done found on the platform) writes an
	// intent with it, so it is never reported.
	e2 := newEnv(t)
	e2.w.posts[article.X] = []fakePost{{ID: "x-1", URL: e2.site.URL + lama}}
	opt = e2.options("1")
	opt.Articles = []*article.Article{news("berita/2026/11/23-lama", now.Add(-48*time.Hour))}
	opt.Publishers = []publish.Publisher{&fakePub{e2.w, article.X}}
	if res := e2.run(t.Context(), opt); res.Items[0].Outcome != publish.Reconciled {
		t.Fatalf("outcomes %v", outcomes(res))
	}
	if res := e2.run(t.Context(), e2.options("2")); len(res.Warnings) != 0 {
		t.Errorf("warnings after warta's own reconciliation: %+v", res.Warnings)
	}
}

// TestRunHoldsRenamedArticle: a posted article whose folder was renamed
// without an alias gets a new ID and URL, so neither the ledger nor the
// platform (searched by the new URL) knows it; the same title under an ID
// that no longer exists holds it back. With the alias it is simply done.
func TestRunHoldsRenamedArticle(t *testing.T) {
	e := newEnv(t)
	old := news("berita/2026/11/23-lama", now.Add(-48*time.Hour))
	opt := e.options("1")
	opt.Articles = []*article.Article{old}
	e.run(t.Context(), opt)
	if e.w.total() != 3 {
		t.Fatalf("first run made %d posts, want 3", e.w.total())
	}
	renamed := news("berita/2026/11/23-lama-baru", old.Date)
	renamed.Title = " judul  BERITA/2026/11/23-lama" // the same title, spaced and cased differently
	opt = e.options("2")
	opt.Articles = []*article.Article{renamed}
	res := e.run(t.Context(), opt)
	if e.w.total() != 3 {
		t.Errorf("the renamed article was posted again (%d posts)", e.w.total())
	}
	if len(res.Items) != 3 || res.Problems() != 3 {
		t.Fatalf("outcomes %v, want the three pairs held (problems)", outcomes(res))
	}
	for _, it := range res.Items {
		if it.Outcome != publish.Held || it.Alias != old.ID {
			t.Errorf("%s on %s: %s alias %q, want held naming %s", it.Article.ID, it.Platform, it.Outcome, it.Alias, old.ID)
		}
	}
	renamed.Aliases = []string{"/berita/2026/11/23-lama/"}
	if res := e.run(t.Context(), e.optionsWith("3", renamed)); len(res.Items) != 0 || e.w.total() != 3 {
		t.Errorf("with the alias: %v, %d posts", outcomes(res), e.w.total())
	}
	// Another article with another title is not held.
	other := news("berita/2026/11/23-lain", old.Date)
	if res := e.run(t.Context(), e.optionsWith("4", other)); len(res.Items) != 3 || res.Items[0].Outcome != publish.Posted {
		t.Errorf("an unrelated article: %v", outcomes(res))
	}
}

func (e *env) optionsWith(run string, articles ...*article.Article) publish.Options {
	opt := e.options(run)
	opt.Articles = articles
	return opt
}
