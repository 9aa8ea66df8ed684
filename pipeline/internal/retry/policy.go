package retry

import (
	"math"
	"math/rand/v2"
	"time"
)

// Policy bounds the retries of one operation: how many tries, how long each
// wait and all of them together may be.
type Policy struct {
	// Attempts is the most tries, the first included; below 1 means 1.
	Attempts int
	// Base is the backoff after the first failed try; it doubles after
	// each further one.
	Base time.Duration
	// MaxDelay caps one wait, a server's Retry-After included; 0 = no cap.
	MaxDelay time.Duration
	// Budget bounds the sum of all waits: a wait that would pass it ends
	// the retries instead; 0 = no bound.
	Budget time.Duration
	// Jitter spreads a backoff so that clients that failed together do not
	// retry together (FullJitter, or a fixed function in tests); nil keeps
	// the backoff as it is. A wait a server asked for is never jittered.
	Jitter func(time.Duration) time.Duration
}

// Backoff is the wait after the n-th failed try (n ≥ 1): Base·2^(n-1),
// capped at MaxDelay, then passed through Jitter (and capped again).
func (p Policy) Backoff(n int) time.Duration {
	d := max(p.Base, 0)
	for i := 1; i < n && d > 0; i++ {
		if p.MaxDelay > 0 && d >= p.MaxDelay {
			break
		}
		if d > math.MaxInt64/2 {
			d = math.MaxInt64
			break
		}
		d *= 2
	}
	d = p.cap(d)
	if p.Jitter != nil {
		d = p.cap(max(p.Jitter(d), 0))
	}
	return d
}

func (p Policy) cap(d time.Duration) time.Duration {
	if p.MaxDelay > 0 {
		return min(d, p.MaxDelay)
	}
	return d
}

// Wait says how long to wait after the n-th failed try (n ≥ 1) when the
// server asked for after (0 when it named no wait) and waited has already
// been spent waiting: the longer of Backoff(n) and after, capped at
// MaxDelay. ok is false when no try is left or the wait would pass Budget;
// the caller then gives up with the last error.
func (p Policy) Wait(n int, after, waited time.Duration) (d time.Duration, ok bool) {
	if n >= max(p.Attempts, 1) {
		return 0, false
	}
	d = p.cap(max(p.Backoff(n), after))
	if p.Budget > 0 && waited+d > p.Budget {
		return 0, false
	}
	return d, true
}

// FullJitter is a uniformly random wait in [0, d) ("full jitter"), for
// many writers that collide on the same resource.
func FullJitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return rand.N(d)
}
