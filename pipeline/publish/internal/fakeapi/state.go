package fakeapi

import (
	"slices"
	"time"
)

// Clock is now, or when now is nil a clock stopped at the instant every
// fake stamps by default (2026-11-25T03:00:00Z), so answers are byte-stable.
func Clock(now func() time.Time) func() time.Time {
	if now != nil {
		return now
	}
	fixed := time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)
	return func() time.Time { return fixed }
}

// Copies returns the values ps point to: what a fake's accessors hand a
// test is a snapshot, not the fake's own records.
func Copies[T any](ps []*T) []T {
	out := make([]T, len(ps))
	for i, p := range ps {
		out[i] = *p
	}
	return out
}

// First returns the first of a fake's records that match accepts, nil when
// none does.
func First[T any](records []*T, match func(*T) bool) *T {
	if i := slices.IndexFunc(records, match); i >= 0 {
		return records[i]
	}
	return nil
}
