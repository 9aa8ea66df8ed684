package publish

import (
	"context"
	"fmt"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/ledger"
)

// DueReason says why a publish run is needed.
type DueReason string

// Reasons of a Due.
const (
	// DueNew: the pair was never tried.
	DueNew DueReason = "new"
	// DueRetry: the pair failed before; the run tries again.
	DueRetry DueReason = "retry"
	// DueReconcile: an intent of a run that has ended is waiting to be
	// checked against the platform.
	DueReconcile DueReason = "reconcile"
	// DueEmbargo: the article's date passed since the last successful
	// publish run, so the site must be built with it (Platform is "").
	DueEmbargo DueReason = "embargo"
)

// Due is one reason to run publish.
type Due struct {
	Article  *article.Article
	Platform string
	Reason   DueReason
}

// DueOnly decides, without touching any platform and without writing the
// ledger, what a full publish run would have to do at opt.Now: every pair
// Plan lists for platforms that is not held by an intent in flight, and,
// when since is not zero, every news article whose date passed after since
// (the start of the last successful publish run: the site has to be built
// again). Verification is not repeated here; the full run does it.
func DueOnly(ctx context.Context, opt Options, platforms []string, since time.Time) ([]Due, error) {
	r := newRunner(opt)
	entries, err := r.Ledger.Read(ctx)
	if err != nil {
		return nil, fmt.Errorf("publish: read ledger: %w", err)
	}
	now := r.Now()
	var due []Due
	if !since.IsZero() {
		for i := len(r.Articles) - 1; i >= 0; i-- {
			a := r.Articles[i]
			if a.Kind == article.News && !a.Draft && a.Date.After(since) && !a.Date.After(now) {
				due = append(due, Due{Article: a, Reason: DueEmbargo})
			}
		}
	}
	for _, j := range Plan(r.Articles, r.Config, platforms, now, ledger.Fold(entries)) {
		d := Due{Article: j.Post.Article, Platform: j.Platform, Reason: DueNew}
		switch {
		case j.Status.Pending && r.inFlight(ctx, j.Status.Last):
			continue
		case j.Status.Pending:
			d.Reason = DueReconcile
		case j.Known:
			d.Reason = DueRetry
		}
		due = append(due, d)
	}
	return due, nil
}
