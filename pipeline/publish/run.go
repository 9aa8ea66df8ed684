package publish

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/config"
	"github.com/kominfotik-lampung/warta/pipeline/internal/retry"
	"github.com/kominfotik-lampung/warta/pipeline/ledger"
)

// Verifier re-checks, right before posting, that an article passed both SOP
// approvals (cli passes one backed by the gate). reason is a Bahasa
// Indonesia explanation when ok is false; err means it could not tell.
type Verifier interface {
	// Verify checks the article's latest change, before its post.
	Verify(ctx context.Context, a *article.Article) (ok bool, reason string, err error)
	// VerifyCorrection checks the change that added correction n
	// (1-based) of a, before the correction goes to the platforms.
	VerifyCorrection(ctx context.Context, a *article.Article, n int) (ok bool, reason string, err error)
	// VerifyRetraction checks the change that added a's retraction,
	// before its posts are deleted.
	VerifyRetraction(ctx context.Context, a *article.Article) (ok bool, reason string, err error)
}

// Runs tells whether a GitHub Actions run is still going (queued or in
// progress), for intents of other runs: an intent whose run has ended is
// reconciled at once instead of waiting for Options.InFlight. cli passes
// one backed by the GitHub API; err means it could not tell.
type Runs interface {
	Running(ctx context.Context, runID string) (bool, error)
}

// Ledger is the record Run reads and appends; *ledger.Ledger implements it.
type Ledger interface {
	Read(ctx context.Context) ([]ledger.Entry, error)
	Update(ctx context.Context, decide func(current []ledger.Entry) []ledger.Entry) ([]ledger.Entry, error)
}

var _ Ledger = (*ledger.Ledger)(nil)

// Options configure Run.
type Options struct {
	// Articles are the loaded news articles (content.Set.Articles).
	Articles []*article.Article
	Config   *config.Config
	// Publishers are the platforms to post to, one each.
	Publishers []Publisher
	Ledger     Ledger
	Verifier   Verifier
	// Commit and Run are written into ledger lines (GITHUB_SHA, GITHUB_RUN_ID).
	Commit, Run string

	// Now is the clock (default time.Now).
	Now func() time.Time
	// Sleep waits d unless ctx ends first (default retry.Sleep); tests
	// record the waits instead.
	Sleep func(ctx context.Context, d time.Duration) error
	// Retry bounds the retries of one platform call; zero fields take the
	// defaults: 4 attempts, backoff from 2s, at most 5 minutes of waiting
	// in all (a wait the platform asks for that would pass it ends the
	// retries).
	Retry retry.Policy
	// HTTPClient checks that the Instagram image is live (default
	// http.DefaultClient).
	HTTPClient *http.Client
	// ImageWait bounds the wait for the Instagram image to answer 200 on
	// the deployed site (default 5 minutes); ImagePoll is the pause between
	// checks (default 10s).
	ImageWait, ImagePoll time.Duration
	// Runs, when set, is asked whether the run of another run's intent is
	// still going; its answer replaces the InFlight window.
	Runs Runs
	// InFlight is how long an intent of another run counts as that run
	// still posting (default 10 minutes) when Runs is nil or cannot tell:
	// within it (0 ≤ age < InFlight) the pair is left alone, after it the
	// intent is reconciled with the platform. An intent dated in the
	// future is never in flight (a forged or skewed line would otherwise
	// hold the pair for ever), nor is one of the same run (a re-run keeps
	// GITHUB_RUN_ID).
	InFlight time.Duration
	// Log is for maintainers (default: discard).
	Log *slog.Logger
}

// CheckBeforeFirstPost is the age after which an article is looked for on
// the platform (Publisher.Find, by its URL) before its first post there
// when the ledger knows nothing of the pair: a ledger branch that was
// deleted or rewritten, or a post made by hand, must not post it again.
// A fresh article skips the lookup: nobody can have posted it yet.
const CheckBeforeFirstPost = 6 * time.Hour

// Outcome is what happened to one (article, platform) pair.
type Outcome string

// Outcomes of an Item.
const (
	// Posted: posted now and recorded done.
	Posted Outcome = "posted"
	// Reconciled: an earlier post, never recorded, was found and recorded.
	Reconciled Outcome = "reconciled"
	// Failed: the platform refused or stayed unavailable; Err says why.
	Failed Outcome = "failed"
	// Refused: the article is not (or could not be) verified; never posted.
	Refused Outcome = "refused"
	// Busy: another run holds a fresh intent for the pair, or won the race
	// to write one; it posts, this run does not.
	Busy Outcome = "busy"
	// Cancelled: the run was stopped; the intent stays for reconciliation.
	Cancelled Outcome = "cancelled"
	// Deleted: the post of a retracted article was removed (or found gone)
	// and recorded deleted.
	Deleted Outcome = "deleted"
	// Manual: the platform refused to delete the post of a retracted
	// article (Err is a *DeleteRefusedError): staff must remove it by
	// hand; the next run checks again.
	Manual Outcome = "manual"
	// Held: not posted because a posted article with the same title is
	// in the ledger under an ID that no longer exists (Item.Alias): most
	// likely this article's folder was renamed without adding the old
	// path to `aliases`, and posting would double it. Found by URL it
	// cannot be: the URL changed with the folder.
	Held Outcome = "held"
)

// Item is the result of one Job.
type Item struct {
	Article  *article.Article
	Platform string
	// Kind is the job's kind; Correction its 1-based correction index
	// (JobCorrection), else 0.
	Kind       JobKind
	Correction int
	Post       Post
	Outcome    Outcome
	Receipt    Receipt
	// Reason is the verifier's explanation of a refusal (Bahasa Indonesia).
	Reason string
	// Alias is, for a Held item, the ID the same title was posted under.
	Alias string
	// Err is why a pair failed, or a post that could not be recorded.
	Err error
}

// Problem reports whether the item makes the run exit 1.
func (it Item) Problem() bool {
	return it.Outcome == Failed || it.Outcome == Refused || it.Outcome == Held || it.Outcome == Manual || it.Err != nil
}

// StaleAfter is the age from which an intent still held in flight is
// reported (Warning StaleIntent): no publish run should take that long.
const StaleAfter = time.Hour

// WarningKind names what a Warning is about.
type WarningKind string

// Kinds of Warning.
const (
	// StaleIntent: a pair was left alone (busy) for an intent older than
	// StaleAfter.
	StaleIntent WarningKind = "stale-intent"
	// DoneWithoutIntent: a done line with no intent of its pair before
	// it: warta writes an intent before every done, so the line was
	// written by hand or forged, and the pair is never posted.
	DoneWithoutIntent WarningKind = "done-without-intent"
)

// Warning is something in the ledger a maintainer should look at; it does
// not make the run fail.
type Warning struct {
	Kind WarningKind
	// Entry is the ledger line it is about; Line its 1-based position
	// among the lines of ledger.jsonl.
	Entry ledger.Entry
	Line  int
}

// Result is every pair Run handled, in the order handled, and the
// warnings about the ledger.
type Result struct {
	Items    []Item
	Warnings []Warning
}

// Problems counts the items that make the run exit 1.
func (r *Result) Problems() int {
	n := 0
	for _, it := range r.Items {
		if it.Problem() {
			n++
		}
	}
	return n
}

// Run posts every due, verified, not yet posted (article, platform) pair
// once, recording an intent before and done (or failed) after each post.
// The error is for a run that could not start (the ledger unreadable, or
// its branch missing: ledger.ErrNoBranch); everything else is in the
// Result.
func Run(ctx context.Context, opt Options) (*Result, error) {
	r := newRunner(opt)
	entries, err := r.Ledger.Read(ctx)
	if err != nil {
		return nil, fmt.Errorf("publish: read ledger: %w", err)
	}
	pubs := map[string]Publisher{}
	var platforms []string
	for _, p := range r.Publishers {
		pubs[p.Platform()] = p
		platforms = append(platforms, p.Platform())
	}
	st := ledger.Fold(entries)
	jobs := Plan(r.Articles, r.Config, platforms, r.Now(), st)
	res := &Result{Warnings: unmatchedDone(entries)}
	renamed := orphans(st, r.Articles)
	type change struct {
		a    *article.Article
		kind JobKind
		n    int
	}
	verdicts := map[change]Item{}
	for _, j := range jobs {
		a := j.Post.Article
		base := j.item()
		if ctx.Err() != nil {
			base.Outcome = Cancelled
			res.Items = append(res.Items, base)
			continue
		}
		if old, ok := renamed[titleKey(j.Platform, a.Title)]; ok && !j.Known && j.Kind == JobPost {
			base.Outcome, base.Alias = Held, old
			res.Items = append(res.Items, base)
			continue
		}
		ch := change{a, j.Kind, j.Correction}
		v, seen := verdicts[ch]
		if !seen {
			v = r.verify(ctx, a, j.Kind, j.Correction)
			verdicts[ch] = v
		}
		if v.Outcome != "" {
			v.Platform, v.Kind, v.Correction, v.Post = j.Platform, j.Kind, j.Correction, j.Post
			res.Items = append(res.Items, v)
			continue
		}
		it := r.carry(ctx, j, pubs[j.Platform])
		r.Log.Info("publish", "article", a.ID, "platform", j.Platform, "kind", j.Kind, "correction", j.Correction,
			"outcome", it.Outcome, "err", it.Err)
		res.Items = append(res.Items, it)
		if it.Outcome == Busy && j.Status.Pending && r.Now().Sub(j.Status.Last.Time) >= StaleAfter {
			res.Warnings = append(res.Warnings, Warning{Kind: StaleIntent, Entry: j.Status.Last, Line: lineOf(entries, j.Status.Last)})
		}
	}
	return res, nil
}

// orphans maps (platform, title) to the ID of a posted article that no
// longer exists under that ID nor as an alias of one: the old folder of a
// renamed article whose aliases were not updated.
func orphans(st ledger.State, articles []*article.Article) map[string]string {
	current := map[string]bool{}
	for _, a := range articles {
		current[a.ID] = true
		for _, id := range aliasIDs(a) {
			current[id] = true
		}
	}
	out := map[string]string{}
	for k, s := range st {
		if k.Correction == 0 && s.Posted() && s.Title != "" && !current[k.Article] {
			out[titleKey(k.Platform, s.Title)] = k.Article
		}
	}
	return out
}

func titleKey(platform, title string) string {
	return platform + "\x00" + strings.ToLower(strings.Join(strings.Fields(title), " "))
}

// unmatchedDone lists the done lines not preceded by an intent of their
// key (article, platform, correction).
func unmatchedDone(entries []ledger.Entry) []Warning {
	var ws []Warning
	intents := map[ledger.Key]bool{}
	for i, e := range entries {
		k := keyOf(e)
		switch e.State {
		case ledger.Intent:
			intents[k] = true
		case ledger.Done:
			if !intents[k] {
				ws = append(ws, Warning{Kind: DoneWithoutIntent, Entry: e, Line: i + 1})
			}
		}
	}
	return ws
}

func lineOf(entries []ledger.Entry, e ledger.Entry) int {
	for i := len(entries) - 1; i >= 0; i-- {
		if sameEntry(entries[i], e) {
			return i + 1
		}
	}
	return 0
}

// inFlight reports whether intent, the pair's latest line, belongs to
// another run that may still be posting.
func (r *runner) inFlight(ctx context.Context, intent ledger.Entry) bool {
	age := r.Now().Sub(intent.Time)
	if intent.State != ledger.Intent || intent.Run == r.Run || age < 0 {
		return false
	}
	if r.Runs != nil && intent.Run != "" {
		running, known := r.running[intent.Run]
		if !known {
			var err error
			running, err = r.Runs.Running(ctx, intent.Run)
			if err == nil {
				r.running[intent.Run] = running
				known = true
			} else {
				r.Log.Warn("could not ask whether a run is still going; using the in-flight window",
					"article", intent.Article, "platform", intent.Platform, "run", intent.Run, "err", err)
			}
		}
		if known {
			return running
		}
	}
	return age < r.InFlight
}

type runner struct {
	Options
	// running caches the answers of Runs, by run id.
	running map[string]bool
}

func newRunner(o Options) *runner {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = retry.Sleep
	}
	if o.Retry.Attempts <= 0 {
		o.Retry.Attempts = 4
	}
	if o.Retry.Base <= 0 {
		o.Retry.Base = 2 * time.Second
	}
	if o.Retry.Budget <= 0 {
		o.Retry.Budget = 5 * time.Minute
	}
	if o.HTTPClient == nil {
		o.HTTPClient = http.DefaultClient
	}
	if o.ImageWait <= 0 {
		o.ImageWait = 5 * time.Minute
	}
	if o.ImagePoll <= 0 {
		o.ImagePoll = 10 * time.Second
	}
	if o.InFlight <= 0 {
		o.InFlight = 10 * time.Minute
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return &runner{Options: o, running: map[string]bool{}}
}

// verify returns a zero Item when the change a job of kind (with correction
// n) carries to the platforms is verified, else the refusal: the article's
// latest change for a post, the change that added correction n for a
// correction, the change that added the retraction for a deletion.
func (r *runner) verify(ctx context.Context, a *article.Article, kind JobKind, n int) Item {
	if a.Errors > 0 {
		// Build shows such an article with what is valid; social posts
		// would carry the defect to every follower, so they wait.
		return Item{Article: a, Outcome: Refused, Reason: fmt.Sprintf("naskah memuat %d kesalahan; jalankan `warta check` dan perbaiki", a.Errors)}
	}
	if r.Verifier == nil {
		return Item{Article: a, Outcome: Refused, Reason: "tidak ada pemeriksa persetujuan"}
	}
	var ok bool
	var reason string
	var err error
	switch kind {
	case JobCorrection:
		ok, reason, err = r.Verifier.VerifyCorrection(ctx, a, n)
	case JobDelete:
		ok, reason, err = r.Verifier.VerifyRetraction(ctx, a)
	default:
		ok, reason, err = r.Verifier.Verify(ctx, a)
	}
	switch {
	case err != nil && ctx.Err() != nil:
		return Item{Article: a, Outcome: Cancelled}
	case err != nil:
		return Item{Article: a, Outcome: Refused, Err: fmt.Errorf("publish: verify %s: %w", a.ID, err)}
	case !ok:
		return Item{Article: a, Outcome: Refused, Reason: reason}
	}
	return Item{}
}

// carry hands j to its platform: a deletion to remove, a post or a
// correction, with the platform calls its kind takes, to send.
func (r *runner) carry(ctx context.Context, j Job, pub Publisher) Item {
	unable := func(err error) Item {
		it := j.item()
		it.Outcome, it.Err = Failed, err
		return it
	}
	switch j.Kind {
	case JobDelete:
		if d, ok := pub.(Deleter); ok {
			return r.remove(ctx, j, d)
		}
		return unable(fmt.Errorf("publish: %s cannot delete posts", j.Platform))
	case JobCorrection:
		if cm, ok := pub.(Commenter); ok {
			return r.send(ctx, j, commentCalls(cm))
		}
		return unable(fmt.Errorf("publish: %s cannot carry corrections", j.Platform))
	}
	return r.send(ctx, j, postCalls(j, pub))
}

// calls are the platform calls that carry a job of one kind through send.
type calls struct {
	// find looks for the job's post or comment made earlier (reconciliation).
	find func(ctx context.Context, j Job) (Receipt, bool, error)
	// send makes it: one attempt.
	send func(ctx context.Context, j Job) (Receipt, error)
	// prepare, when set, makes what send resumes (Preparer) before the
	// intent is written, which records it.
	prepare func(ctx context.Context, j Job) (string, error)
	// image, when set, must be live on the site before anything is sent
	// (Instagram fetches it itself).
	image string
}

// postCalls carry a JobPost: Find and Publish, Prepare where pub has it.
func postCalls(j Job, pub Publisher) calls {
	c := calls{
		find:  func(ctx context.Context, j Job) (Receipt, bool, error) { return pub.Find(ctx, j.Post) },
		send:  func(ctx context.Context, j Job) (Receipt, error) { return pub.Publish(ctx, j.Post) },
		image: j.Post.ImageURL,
	}
	if p, ok := pub.(Preparer); ok {
		c.prepare = func(ctx context.Context, j Job) (string, error) { return p.Prepare(ctx, j.Post) }
	}
	return c
}

// commentCalls carry a JobCorrection: FindComment and Comment.
func commentCalls(cm Commenter) calls {
	return calls{
		find: func(ctx context.Context, j Job) (Receipt, bool, error) { return cm.FindComment(ctx, j.Comment) },
		send: func(ctx context.Context, j Job) (Receipt, error) { return cm.Comment(ctx, j.Comment) },
	}
}

// send carries a post or a correction through the intent → platform → done
// loop: look for an old article on the platform before its first post,
// reconcile a pending intent, write the intent (compare-and-swap), call the
// platform, record done.
func (r *runner) send(ctx context.Context, j Job, c calls) Item {
	it := j.item()
	key := j.Key()
	if j.Kind == JobPost && !j.Known && r.Now().Sub(j.Post.Article.Date) >= CheckBeforeFirstPost {
		// Old and unknown to the ledger: it may be on the platform already.
		rec, found, err := r.find(ctx, j, c)
		if err != nil {
			return r.fail(ctx, it, fmt.Errorf("publish: look for %s on %s before its first post: %w", key.Article, key.Platform, err), false)
		}
		if found {
			return r.adopt(ctx, it, j, rec)
		}
	}
	if j.Status.Pending {
		if r.inFlight(ctx, j.Status.Last) {
			it.Outcome = Busy
			return it
		}
		j.Post.Resume = j.Status.Resume
		rec, found, err := r.find(ctx, j, c)
		if err != nil {
			return r.fail(ctx, it, fmt.Errorf("publish: reconcile %s on %s: %w", subject(key), key.Platform, err), false)
		}
		if found {
			return r.done(ctx, it, j, Reconciled, rec)
		}
	}
	if c.image != "" {
		if err := r.waitImage(ctx, c.image); err != nil {
			return r.fail(ctx, it, err, j.Known)
		}
	}
	intent := r.entry(j.Post.Article, key, ledger.Intent, "", "", "")
	if c.prepare != nil {
		id, err := retried(ctx, r, j, c.prepare)
		if err != nil {
			return r.fail(ctx, it, fmt.Errorf("publish: prepare %s on %s: %w", key.Article, key.Platform, err), j.Known)
		}
		j.Post.Resume, intent.PostID = id, id
	}
	if claimed, out := r.claim(ctx, key, j.Status.Last, j.Known, intent); !claimed {
		it.Outcome, it.Err = out.Outcome, out.Err
		return it
	}
	rec, err := retried(ctx, r, j, c.send)
	if err != nil {
		// It may exist all the same: a 5xx after the platform stored it, or
		// X's 403 for duplicate text, which names no id. Ask once.
		if ctx.Err() == nil {
			if found, ok, ferr := c.find(ctx, j); ferr == nil && ok {
				r.Log.Warn("sending failed but it exists; recording it", "article", key.Article, "platform", key.Platform,
					"kind", j.Kind, "correction", key.Correction, "err", err)
				return r.done(ctx, it, j, Reconciled, found)
			}
		}
		return r.fail(ctx, it, err, true)
	}
	return r.done(ctx, it, j, Posted, rec)
}

// find calls c.find through r.retry.
func (r *runner) find(ctx context.Context, j Job, c calls) (Receipt, bool, error) {
	var rec Receipt
	var found bool
	err := r.retry(ctx, j, func() error {
		var err error
		rec, found, err = c.find(ctx, j)
		return err
	})
	return rec, found, err
}

// retried calls f through r.retry and returns its value.
func retried[T any](ctx context.Context, r *runner, j Job, f func(context.Context, Job) (T, error)) (T, error) {
	var v T
	err := r.retry(ctx, j, func() error {
		var err error
		v, err = f(ctx, j)
		return err
	})
	return v, err
}

// done records rec as j's done line and returns it with outcome o.
func (r *runner) done(ctx context.Context, it Item, j Job, o Outcome, rec Receipt) Item {
	it.Outcome, it.Receipt = o, rec
	it.Err = r.record(ctx, r.entry(j.Post.Article, j.Key(), ledger.Done, rec.ID, rec.URL, ""))
	return it
}

// adopt records rec, an old article's post found on the platform before
// its first post, only if the ledger still knows nothing of the pair: a
// racing run that wrote an intent meanwhile made this post and records it
// itself.
func (r *runner) adopt(ctx context.Context, it Item, j Job, rec Receipt) Item {
	key := j.Key()
	r.Log.Warn("old article found on the platform without a ledger line; recording it", "article", key.Article, "platform", key.Platform)
	done := r.entry(j.Post.Article, key, ledger.Done, rec.ID, rec.URL, "")
	intent := done
	intent.State, intent.PostID, intent.PostURL = ledger.Intent, "", ""
	wrote, err := r.Ledger.Update(ctx, func(cur []ledger.Entry) []ledger.Entry {
		if _, known := ledger.Fold(cur)[key]; known {
			return nil
		}
		return []ledger.Entry{intent, done}
	})
	switch {
	case err != nil && ctx.Err() != nil:
		it.Outcome = Cancelled
	case err != nil:
		it.Outcome, it.Err = Failed, fmt.Errorf("publish: record %s on %s found on the platform: %w", key.Article, key.Platform, err)
	case len(wrote) == 0:
		it.Outcome = Busy
	default:
		it.Outcome, it.Receipt = Reconciled, rec
	}
	return it
}

// subject names what a key's lines are about, in errors: the article, or
// correction n of it.
func subject(k ledger.Key) string {
	if k.Correction > 0 {
		return fmt.Sprintf("correction %d of %s", k.Correction, k.Article)
	}
	return k.Article
}

// claim writes intent for key as a compare-and-swap: only if the key's
// latest line is still base (known: baseKnown), the one this run planned
// on; else another run took it, and the Item says Busy (or why the intent
// could not be written).
func (r *runner) claim(ctx context.Context, key ledger.Key, base ledger.Entry, baseKnown bool, intent ledger.Entry) (bool, Item) {
	wrote, err := r.Ledger.Update(ctx, func(cur []ledger.Entry) []ledger.Entry {
		s, known := ledger.Fold(cur)[key]
		if known != baseKnown || known && !sameEntry(s.Last, base) {
			return nil
		}
		return []ledger.Entry{intent}
	})
	switch {
	case err != nil && ctx.Err() != nil:
		return false, Item{Outcome: Cancelled}
	case err != nil:
		return false, Item{Outcome: Failed, Err: fmt.Errorf("publish: write intent: %w", err)}
	case len(wrote) == 0:
		return false, Item{Outcome: Busy}
	}
	return true, Item{}
}

// fail turns err into a Failed item and records it in the ledger when the
// pair has lines already (a failed line alone would add nothing to know);
// a cancelled run is not a failure: the intent stays for reconciliation.
func (r *runner) fail(ctx context.Context, it Item, err error, write bool) Item {
	if ctx.Err() != nil {
		it.Outcome = Cancelled
		return it
	}
	it.Outcome, it.Err = Failed, err
	if write {
		key := ledger.Key{Article: it.Article.ID, Platform: it.Platform, Correction: it.Correction}
		if rerr := r.record(ctx, r.entry(it.Article, key, ledger.Failed, "", "", err.Error())); rerr != nil {
			r.Log.Warn("could not record failure", "article", key.Article, "platform", key.Platform, "err", rerr)
		}
	}
	return it
}

// record appends e; a post that happened is recorded even when the run is
// being stopped, within a short grace period. A done line goes after an
// intent of its pair: when the ledger has none (a post found on the
// platform, or under an alias), this run writes one with it, so that a
// done without any intent marks a line nobody ran (written by hand).
func (r *runner) record(ctx context.Context, e ledger.Entry) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	_, err := r.Ledger.Update(ctx, func(cur []ledger.Entry) []ledger.Entry {
		if e.State != ledger.Done || hasIntent(cur, keyOf(e)) {
			return []ledger.Entry{e}
		}
		intent := e
		intent.State, intent.PostID, intent.PostURL = ledger.Intent, "", ""
		return []ledger.Entry{intent, e}
	})
	if err != nil {
		return fmt.Errorf("publish: record %s of %s on %s: %w", e.State, e.Article, e.Platform, err)
	}
	return nil
}

func (r *runner) entry(a *article.Article, k ledger.Key, state, id, url, msg string) ledger.Entry {
	return ledger.Entry{Article: k.Article, Platform: k.Platform, Correction: k.Correction, State: state, PostID: id, PostURL: url,
		Time: r.Now().UTC(), Commit: r.Commit, Run: r.Run, Error: msg, Title: a.Title}
}

func keyOf(e ledger.Entry) ledger.Key {
	return ledger.Key{Article: e.Article, Platform: e.Platform, Correction: e.Correction}
}

func hasIntent(es []ledger.Entry, k ledger.Key) bool {
	for _, e := range es {
		if e.State == ledger.Intent && keyOf(e) == k {
			return true
		}
	}
	return false
}

func sameEntry(a, b ledger.Entry) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}

// retry calls f until it succeeds, fails for good, or the policy ends:
// only a *RetryableError is retried, after the longer of the wait the
// platform asked for (RetryableError.After) and the policy's backoff.
func (r *runner) retry(ctx context.Context, j Job, f func() error) error {
	var waited time.Duration
	for attempt := 1; ; attempt++ {
		err := f()
		var re *RetryableError
		if err == nil || !errors.As(err, &re) || ctx.Err() != nil {
			return err
		}
		wait, ok := r.Retry.Wait(attempt, re.After, waited)
		if !ok {
			return err
		}
		r.Log.Warn("platform busy; retrying", "article", j.Post.Article.ID, "platform", j.Platform,
			"attempt", attempt, "wait", wait, "err", err)
		if err := r.Sleep(ctx, wait); err != nil {
			return err
		}
		waited += wait
	}
}

// ErrImageNotLive reports an Instagram image the deployed site did not
// serve within Options.ImageWait.
var ErrImageNotLive = errors.New("publish: instagram image not live on the site")

// waitImage polls url until it answers 200: Instagram fetches the image
// itself when the container is created, so it must be deployed first.
func (r *runner) waitImage(ctx context.Context, url string) error {
	var waited time.Duration
	for {
		status, err := r.head(ctx, url)
		if err == nil && status == http.StatusOK {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if waited+r.ImagePoll > r.ImageWait {
			if err == nil {
				err = fmt.Errorf("HTTP %d", status)
			}
			return fmt.Errorf("%w: %s: %v", ErrImageNotLive, url, err)
		}
		if err := r.Sleep(ctx, r.ImagePoll); err != nil {
			return err
		}
		waited += r.ImagePoll
	}
}

func (r *runner) head(ctx context.Context, url string) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := r.HTTPClient.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}
