package publish

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/ledger"
)

// remove deletes the post of a retracted article and records deleted.
// Deleting is idempotent (a post found gone counts as deleted), so it
// needs no intent: a crash before the deleted line only means the next run
// deletes again, finds the post gone and records it then. A platform that
// refuses gives a Manual item naming the post; nothing is recorded, so
// every run says it again until the post is gone.
func (r *runner) remove(ctx context.Context, j Job, d Deleter) Item {
	it := j.item()
	it.Receipt = Receipt{ID: j.Target.ID, URL: j.Target.URL}
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
