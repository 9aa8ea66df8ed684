package publish_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/ledger"
	"github.com/kominfotik-lampung/warta/pipeline/publish"
	"github.com/kominfotik-lampung/warta/pipeline/publish/internal/fakegraph"
)

const (
	note1 = "Sebelumnya tertulis panjang jembatan 100 meter; yang benar 120 meter."
	note2 = "Tanggapan kontraktor atas keterlambatan pekerjaan."
)

// lamaArticle is the fixture's old article, alone, as content loads it.
func lamaArticle() *article.Article { return fixture()[4] }

func at(d time.Duration) func() time.Time { return func() time.Time { return now.Add(d) } }

// counting is what the platforms hold: comments under Page posts, under
// Instagram media, and replies on X.
func (p *platforms) corrections() (fb, ig, x []string) {
	for _, c := range p.graph.Comments() {
		if strings.Contains(c.ID, "_") {
			fb = append(fb, c.Message)
		} else {
			ig = append(ig, c.Message)
		}
	}
	for _, t := range p.x.Tweets() {
		if t.InReplyTo != "" {
			x = append(x, t.Text)
		}
	}
	return fb, ig, x
}

// TestEndToEndCorrectionsAndRetraction (issue 14): on a bare origin with
// the Graph and X fakes, an article is posted; a correction becomes exactly
// one Page comment, one Instagram comment and one X reply, each naming the
// note (a 503 of the comment endpoint retried); a rerun adds nothing; a
// run killed after commenting and before done is reconciled by the next
// one without a second comment; a retraction deletes the three posts once
// and records deleted.
func TestEndToEndCorrectionsAndRetraction(t *testing.T) {
	e := newEnv(t)
	p := newPlatforms(t)
	a := lamaArticle()
	opt := func(run string, d time.Duration, arts ...*article.Article) publish.Options {
		o := p.options(e, run)
		o.Articles, o.Now = arts, at(d)
		return o
	}
	if res := e.run(t.Context(), opt("1", 0, a)); res.Problems() != 0 || p.total() != 3 {
		t.Fatalf("first run: %v, %d posts", outcomes(res), p.total())
	}

	// A correction is merged a day later.
	corrected := lamaArticle()
	corrected.Corrections = []article.Correction{{Date: now.Add(24 * time.Hour), Kind: article.Ralat, Note: note1}}
	p.graph.FailNext(1, fakegraph.Failure{Method: http.MethodPost, PathSuffix: "/comments", Status: http.StatusServiceUnavailable,
		Code: 2, Type: "OAuthException", Message: "(#2) Service temporarily unavailable", Transient: true})
	sleeps := len(e.sleeps)
	res := e.run(t.Context(), opt("2", 25*time.Hour, corrected))
	if res.Problems() != 0 || len(res.Items) != 3 {
		t.Fatalf("correction run: %v %v", outcomes(res), res.Items)
	}
	for _, it := range res.Items {
		if it.Kind != publish.JobCorrection || it.Correction != 1 || it.Outcome != publish.Posted || it.Receipt.ID == "" {
			t.Errorf("%s: %s #%d %s %+v, want correction 1 posted", it.Platform, it.Kind, it.Correction, it.Outcome, it.Receipt)
		}
	}
	if len(e.sleeps) != sleeps+1 {
		t.Errorf("the 503 of the comment endpoint was not retried once: waits %v", e.sleeps[sleeps:])
	}
	fb, ig, x := p.corrections()
	if len(fb) != 1 || len(ig) != 1 || len(x) != 1 {
		t.Fatalf("comments fb %q ig %q replies x %q; want one each", fb, ig, x)
	}
	for _, text := range []string{fb[0], ig[0], x[0]} {
		if !strings.HasPrefix(text, "Ralat: "+note1) || !strings.Contains(text, lama) {
			t.Errorf("correction text %q lacks the kind, the note or the URL", text)
		}
	}
	posts := ledger.Fold(e.entries())
	for _, pl := range article.Platforms {
		post, _ := posts.Lookup(a.ID, pl)
		c, _ := posts.LookupKey(ledger.Key{Article: a.ID, Platform: pl, Correction: 1})
		if c.Done == nil || c.Done.Correction != 1 || c.Done.PostID == "" || post.Done == nil || post.Pending {
			t.Errorf("%s: ledger post %+v correction %+v", pl, post, c)
		}
	}
	if got := len(p.x.Tweets()); got != 2 || p.x.Tweets()[1].InReplyTo != p.x.Tweets()[0].ID {
		t.Errorf("x reply does not answer the post: %+v", p.x.Tweets())
	}

	// A rerun does nothing.
	before := len(p.graph.Comments()) + len(p.x.Tweets())
	if res := e.run(t.Context(), opt("3", 26*time.Hour, corrected)); len(res.Items) != 0 {
		t.Errorf("rerun: %v", outcomes(res))
	}

	// A second correction; the run is killed after commenting, before done.
	twice := lamaArticle()
	twice.Corrections = append(corrected.Corrections, article.Correction{Date: now.Add(48 * time.Hour), Kind: article.HakJawab, Note: note2})
	crash := opt("4", 49*time.Hour, twice)
	crash.Ledger = failingDone{e.ledger()}
	e.run(t.Context(), crash)
	if n := len(p.graph.Comments()) + len(p.x.Tweets()); n != before+3 {
		t.Fatalf("crashed run made %d comments and replies, want 3", n-before)
	}
	res = e.run(t.Context(), opt("5", 50*time.Hour, twice))
	if n := len(p.graph.Comments()) + len(p.x.Tweets()); n != before+3 {
		t.Errorf("the rerun commented %d times again", n-before-3)
	}
	if len(res.Items) != 3 {
		t.Errorf("rerun after the crash: %v", outcomes(res))
	}
	st := ledger.Fold(e.entries())
	for _, it := range res.Items {
		s := st[ledger.Key{Article: a.ID, Platform: it.Platform, Correction: 2}]
		if it.Outcome != publish.Reconciled || it.Correction != 2 || s.Done == nil || s.Done.PostID != it.Receipt.ID {
			t.Errorf("%s: %s %+v, ledger %+v; want correction 2 reconciled and done", it.Platform, it.Outcome, it.Receipt, s)
		}
	}

	// The article is retracted: the three posts are deleted once.
	retracted := lamaArticle()
	retracted.Corrections = twice.Corrections
	retracted.Retraction = &article.Retraction{Date: now.Add(72 * time.Hour), Reason: "Dicabut atas permintaan narasumber."}
	res = e.run(t.Context(), opt("6", 73*time.Hour, retracted))
	if res.Problems() != 0 || len(res.Items) != 3 {
		t.Fatalf("retraction run: %v %v", outcomes(res), res.Items)
	}
	for _, it := range res.Items {
		if it.Kind != publish.JobDelete || it.Outcome != publish.Deleted {
			t.Errorf("%s: %s %s, want delete deleted", it.Platform, it.Kind, it.Outcome)
		}
	}
	if len(p.graph.Posts()) != 0 || len(p.graph.MediaList()) != 0 || len(p.x.Tweets()) != 2 /* the two replies */ {
		t.Errorf("after the retraction: %d posts, %d media, tweets %+v", len(p.graph.Posts()), len(p.graph.MediaList()), p.x.Tweets())
	}
	st = ledger.Fold(e.entries())
	for _, pl := range article.Platforms {
		if s, _ := st.Lookup(a.ID, pl); !s.Deleted || s.Last.State != ledger.Deleted || s.Last.PostID == "" {
			t.Errorf("%s: ledger %+v, want deleted with the post id", pl, s)
		}
	}
	// Nothing more: no deletion again, no post, no comment.
	deletes := countCalls(p, "DELETE")
	if res := e.run(t.Context(), opt("7", 74*time.Hour, retracted)); len(res.Items) != 0 {
		t.Errorf("run after the retraction: %v", outcomes(res))
	}
	if countCalls(p, "DELETE") != deletes || deletes != 3 {
		t.Errorf("%d deletions in all, want 3, none by the last run", countCalls(p, "DELETE"))
	}
	assertClean(t, e, p)
}

// countCalls counts the deletions the fakes received (Graph takes them as
// POST with method=DELETE).
func countCalls(p *platforms, method string) int {
	n := 0
	for _, r := range p.graph.Requests() {
		if r.Form.Get("method") == method {
			n++
		}
	}
	for _, r := range p.x.Requests() {
		if r.Method == method {
			n++
		}
	}
	return n
}

// TestEndToEndRetractionRefusedByInstagram (issue 14): without
// instagram_manage_contents, Facebook and X are deleted, Instagram's media
// is reported for deletion by hand (Manual, a problem: exit 1), and every
// run says it again until the media is gone; then it is recorded deleted.
func TestEndToEndRetractionRefusedByInstagram(t *testing.T) {
	e := newEnv(t)
	p := newPlatforms(t)
	p.graph = fakegraph.New(t, fakegraph.Config{Token: graphToken, PageID: "1001", IGUserID: "1789", NoInstagramManageContents: true})
	a := lamaArticle()
	first := p.options(e, "1")
	first.Articles = []*article.Article{a}
	e.run(t.Context(), first)
	media := p.graph.MediaList()
	if len(media) != 1 {
		t.Fatalf("media %+v", media)
	}
	retracted := lamaArticle()
	retracted.Retraction = &article.Retraction{Date: now.Add(time.Hour), Reason: "Dicabut."}
	for run, want := range []string{"2", "3"} {
		o := p.options(e, want)
		o.Articles, o.Now = []*article.Article{retracted}, at(time.Duration(2+run)*time.Hour)
		res := e.run(t.Context(), o)
		var manual []publish.Item
		for _, it := range res.Items {
			if it.Outcome == publish.Manual {
				manual = append(manual, it)
			}
		}
		var refused *publish.DeleteRefusedError
		if len(manual) != 1 || manual[0].Platform != article.Instagram || !errors.As(manual[0].Err, &refused) ||
			refused.ID != media[0].ID || refused.URL != media[0].Permalink || res.Problems() != 1 {
			t.Fatalf("run %s: %v %+v, want instagram manual naming %s %s", want, outcomes(res), manual, media[0].ID, media[0].Permalink)
		}
		if run == 0 && len(res.Items) != 3 || run == 1 && len(res.Items) != 1 {
			t.Errorf("run %s: %v, want facebook and x deleted once", want, outcomes(res))
		}
	}
	if len(p.graph.MediaList()) != 1 || len(p.graph.Posts()) != 0 || len(p.x.Tweets()) != 0 {
		t.Errorf("platforms after refusals: %d media, %d posts, %d tweets", len(p.graph.MediaList()), len(p.graph.Posts()), len(p.x.Tweets()))
	}
	if s, _ := ledger.Fold(e.entries()).Lookup(a.ID, article.Instagram); s.Deleted {
		t.Error("instagram recorded deleted while the media is still there")
	}
	// Staff delete it in the app; the next run sees it gone and records it.
	p.graph.DeleteByHand(media[0].ID)
	o := p.options(e, "4")
	o.Articles, o.Now = []*article.Article{retracted}, at(5*time.Hour)
	res := e.run(t.Context(), o)
	if len(res.Items) != 1 || res.Items[0].Outcome != publish.Deleted || res.Problems() != 0 {
		t.Errorf("after deletion by hand: %v", outcomes(res))
	}
	if s, _ := ledger.Fold(e.entries()).Lookup(a.ID, article.Instagram); !s.Deleted {
		t.Error("instagram not recorded deleted")
	}
	// A retracted article gets no new post and no correction comment.
	retracted.Corrections = []article.Correction{{Date: now.Add(30 * time.Minute), Kind: article.Ralat, Note: note1}}
	o = p.options(e, "5")
	o.Articles, o.Now = []*article.Article{retracted, news("berita/2026/11/24-lain", now)}, at(6*time.Hour)
	o.Articles[1].Retraction = &article.Retraction{Date: now, Reason: "Dicabut."}
	if res := e.run(t.Context(), o); len(res.Items) != 0 {
		t.Errorf("retracted articles: %v, want nothing", outcomes(res))
	}
}
