package retry

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// MaxAfter caps every wait parsed here: a server that asks for more than a
// day is wrong, or means "not today", and no run should sleep that long.
const MaxAfter = 24 * time.Hour

// RetryAfter parses a Retry-After value (RFC 9110 §10.2.3): delay-seconds,
// or an HTTP-date that is turned into a wait relative to now (a date in the
// past is a wait of 0). The result is capped at MaxAfter. ok is false for
// an empty, negative or malformed value.
func RetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, ok := digits(v); ok {
		if n > int64(MaxAfter/time.Second) {
			return MaxAfter, true
		}
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return until(t, now), true
}

// ResetTime parses a rate-limit reset given as Unix epoch seconds, as X's
// x-rate-limit-reset and GitHub's X-RateLimit-Reset are. ok is false for an
// empty, zero, negative or malformed value.
func ResetTime(v string) (time.Time, bool) {
	n, ok := digits(strings.TrimSpace(v))
	if !ok || n == 0 {
		return time.Time{}, false
	}
	// Beyond year 9999 time.Unix overflows; such a reset means "never soon".
	const lastEpoch = 253402300799 // 9999-12-31T23:59:59Z
	return time.Unix(min(n, lastEpoch), 0), true
}

// UntilReset is the wait from now until the reset v (see ResetTime): 0 when
// it has passed, at most MaxAfter.
func UntilReset(v string, now time.Time) (time.Duration, bool) {
	t, ok := ResetTime(v)
	if !ok {
		return 0, false
	}
	return until(t, now), true
}

// until is t − now within [0, MaxAfter], safe for instants centuries apart.
func until(t, now time.Time) time.Duration {
	if !t.After(now) {
		return 0
	}
	if t.After(now.Add(MaxAfter)) {
		return MaxAfter
	}
	return t.Sub(now)
}

// digits parses 1*DIGIT; a value too large for int64 saturates, since it
// is capped anyway.
func digits(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		// Only a range error is possible for plain digits.
		return 1<<63 - 1, true
	}
	return n, true
}
