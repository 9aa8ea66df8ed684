package retry

import (
	"context"
	"time"
)

// Sleep waits d, or less when ctx ends first. It returns ctx.Err() when ctx
// ended (before or during the wait) and nil after a full wait; a d ≤ 0
// does not wait.
func Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil || d <= 0 {
		return err
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
