package publish

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/ledger"
)

// correct carries one correction under the article's post, as job posts
// an article: reconcile a pending intent (FindComment), write the intent
// (compare-and-swap), comment, record done with the correction index.
func (r *runner) correct(ctx context.Context, j Job, c Commenter) Item {
	it := Item{Article: j.Post.Article, Platform: j.Platform, Kind: j.Kind, Correction: j.Correction, Post: j.Post}
	key := j.Key()
	find := func() (Receipt, bool, error) {
		var rec Receipt
		var found bool
		err := r.retry(ctx, j, func() error {
			var err error
			rec, found, err = c.FindComment(ctx, j.Comment)
			return err
		})
		return rec, found, err
	}
	if j.Status.Pending {
		if r.inFlight(ctx, j.Status.Last) {
			it.Outcome = Busy
			return it
		}
		rec, found, err := find()
		if err != nil {
			return r.fail(ctx, it, fmt.Errorf("publish: reconcile correction %d of %s on %s: %w", key.Correction, key.Article, key.Platform, err), false)
		}
		if found {
			it.Outcome, it.Receipt = Reconciled, rec
			it.Err = r.record(ctx, r.entry(j.Post.Article, key, ledger.Done, rec.ID, rec.URL, ""))
			return it
		}
	}
	intent := r.entry(j.Post.Article, key, ledger.Intent, "", "", "")
	if claimed, out := r.claim(ctx, key, j.Status.Last, j.Known, intent); !claimed {
		it.Outcome, it.Err = out.Outcome, out.Err
		return it
	}
	var rec Receipt
	err := r.retry(ctx, j, func() error {
		var err error
		rec, err = c.Comment(ctx, j.Comment)
		return err
	})
	if err != nil {
		// As for a post: a 5xx may come after the platform stored it.
		if ctx.Err() == nil {
			if found, ok, ferr := c.FindComment(ctx, j.Comment); ferr == nil && ok {
				r.Log.Warn("comment failed but exists; recording it", "article", key.Article, "platform", key.Platform,
					"correction", key.Correction, "err", err)
				it.Outcome, it.Receipt = Reconciled, found
				it.Err = r.record(ctx, r.entry(j.Post.Article, key, ledger.Done, found.ID, found.URL, ""))
				return it
			}
		}
		return r.fail(ctx, it, err, true)
	}
	it.Outcome, it.Receipt = Posted, rec
	it.Err = r.record(ctx, r.entry(j.Post.Article, key, ledger.Done, rec.ID, rec.URL, ""))
	return it
}

// remove deletes the post of a retracted article and records deleted.
// Deleting is idempotent (a post found gone counts as deleted), so it
// needs no intent: a crash before the deleted line only means the next run
// deletes again, finds the post gone and records it then. A platform that
// refuses gives a Manual item naming the post; nothing is recorded, so
// every run says it again until the post is gone.
func (r *runner) remove(ctx context.Context, j Job, d Deleter) Item {
	it := Item{Article: j.Post.Article, Platform: j.Platform, Kind: j.Kind, Post: j.Post,
		Receipt: Receipt{ID: j.Target.ID, URL: j.Target.URL}}
	key := j.Key()
	err := r.retry(ctx, j, func() error { return d.Delete(ctx, j.Target) })
	var refused *DeleteRefusedError
	switch {
	case errors.As(err, &refused):
		it.Outcome, it.Err = Manual, err
		return it
	case err != nil:
		return r.fail(ctx, it, fmt.Errorf("publish: delete %s of %s on %s: %w", j.Target.ID, key.Article, key.Platform, err), false)
	}
	it.Outcome = Deleted
	deleted := r.entry(j.Post.Article, key, ledger.Deleted, j.Target.ID, j.Target.URL, "")
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	_, err = r.Ledger.Update(rctx, func(cur []ledger.Entry) []ledger.Entry {
		if s, ok := ledger.Fold(cur)[key]; ok && s.Deleted {
			return nil // a racing run recorded it
		}
		return []ledger.Entry{deleted}
	})
	if err != nil {
		it.Err = fmt.Errorf("publish: record deleted %s of %s on %s: %w", j.Target.ID, key.Article, key.Platform, err)
	}
	return it
}
