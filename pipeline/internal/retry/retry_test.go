package retry_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/internal/retry"
)

var now = time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)

func TestRetryAfter(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want time.Duration
		ok   bool
	}{
		{"seconds", "7", 7 * time.Second, true},
		{"zero", "0", 0, true},
		{"spaces around", " 120 ", 2 * time.Minute, true},
		{"HTTP-date in the future", now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{"HTTP-date in the past", now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"RFC 850 date", "Wednesday, 25-Nov-26 03:00:30 GMT", 30 * time.Second, true},
		{"asctime date", "Wed Nov 25 03:01:00 2026", time.Minute, true},
		{"huge seconds capped", "100000000", retry.MaxAfter, true},
		{"beyond int64 capped", "99999999999999999999999", retry.MaxAfter, true},
		{"far date capped", "Fri, 31 Dec 9999 23:59:59 GMT", retry.MaxAfter, true},
		{"empty", "", 0, false},
		{"negative", "-5", 0, false},
		{"plus sign", "+5", 0, false},
		{"fraction", "1.5", 0, false},
		{"garbage", "soon", 0, false},
		{"date without zone", "2026-11-25 03:00:30", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := retry.RetryAfter(tt.in, now)
			if got != tt.want || ok != tt.ok {
				t.Errorf("RetryAfter(%q) = %s, %v; want %s, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestReset(t *testing.T) {
	epoch := func(d time.Duration) string { return strconv.FormatInt(now.Add(d).Unix(), 10) }
	tests := []struct {
		name string
		in   string
		want time.Duration
		ok   bool
	}{
		{"ahead", epoch(40 * time.Second), 40 * time.Second, true},
		{"passed", epoch(-time.Minute), 0, true},
		{"far ahead capped", epoch(72 * time.Hour), retry.MaxAfter, true},
		{"beyond int64 capped", "99999999999999999999999", retry.MaxAfter, true},
		{"zero", "0", 0, false},
		{"negative", "-1795662240", 0, false},
		{"milliseconds are not seconds but still parse", "1795662240000", retry.MaxAfter, true},
		{"garbage", "tomorrow", 0, false},
		{"empty", "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := retry.UntilReset(tt.in, now)
			if got != tt.want || ok != tt.ok {
				t.Errorf("UntilReset(%q) = %s, %v; want %s, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
	// GitHub's documented example: X-RateLimit-Reset 1795662240.
	if at, ok := retry.ResetTime("1795662240"); !ok || !at.Equal(time.Date(2026, 11, 26, 3, 4, 0, 0, time.UTC)) {
		t.Errorf("ResetTime = %v, %v", at, ok)
	}
}

func TestBackoffAndWait(t *testing.T) {
	p := retry.Policy{Attempts: 4, Base: 2 * time.Second}
	var got []time.Duration
	waited := time.Duration(0)
	for n := 1; ; n++ {
		d, ok := p.Wait(n, 0, waited)
		if !ok {
			break
		}
		got = append(got, d)
		waited += d
	}
	if want := []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second}; !equal(got, want) {
		t.Errorf("waits %v, want %v", got, want)
	}

	tests := []struct {
		name   string
		p      retry.Policy
		n      int
		after  time.Duration
		waited time.Duration
		want   time.Duration
		ok     bool
	}{
		{"server asks longer", retry.Policy{Attempts: 4, Base: 2 * time.Second}, 1, 37 * time.Second, 0, 37 * time.Second, true},
		{"backoff longer than server", retry.Policy{Attempts: 4, Base: 2 * time.Second}, 3, time.Second, 0, 8 * time.Second, true},
		{"cap includes the server's wait", retry.Policy{Attempts: 4, Base: time.Second, MaxDelay: 20 * time.Second}, 1, time.Hour, 0, 20 * time.Second, true},
		{"backoff capped", retry.Policy{Attempts: 100, Base: time.Second, MaxDelay: 20 * time.Second}, 90, 0, 0, 20 * time.Second, true},
		{"no overflow without cap", retry.Policy{Attempts: 1000, Base: time.Second}, 999, 0, 0, 1<<63 - 1, true},
		{"budget ends retries", retry.Policy{Attempts: 4, Base: 2 * time.Second, Budget: 5 * time.Minute}, 1, time.Hour, 0, 0, false},
		{"budget counts earlier waits", retry.Policy{Attempts: 4, Base: 2 * time.Second, Budget: 5 * time.Second}, 2, 0, 2 * time.Second, 0, false},
		{"last try", retry.Policy{Attempts: 3}, 3, 0, 0, 0, false},
		{"zero attempts is one try", retry.Policy{}, 1, 0, 0, 0, false},
		{"jitter applied to backoff", retry.Policy{Attempts: 4, Base: 8 * time.Second, Jitter: half}, 1, 0, 0, 4 * time.Second, true},
		{"jitter not below the server's wait", retry.Policy{Attempts: 4, Base: 8 * time.Second, Jitter: half}, 1, 6 * time.Second, 0, 6 * time.Second, true},
		{"negative jitter is zero", retry.Policy{Attempts: 4, Base: time.Second, Jitter: func(time.Duration) time.Duration { return -time.Second }}, 1, 0, 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := tt.p.Wait(tt.n, tt.after, tt.waited)
			if d != tt.want || ok != tt.ok {
				t.Errorf("Wait(%d, %s, %s) = %s, %v; want %s, %v", tt.n, tt.after, tt.waited, d, ok, tt.want, tt.ok)
			}
		})
	}
}

func half(d time.Duration) time.Duration { return d / 2 }

func equal(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestFullJitter(t *testing.T) {
	if retry.FullJitter(0) != 0 || retry.FullJitter(-time.Second) != 0 {
		t.Error("FullJitter of a non-positive wait is not 0")
	}
	seen := map[time.Duration]bool{}
	for range 200 {
		d := retry.FullJitter(time.Second)
		if d < 0 || d >= time.Second {
			t.Fatalf("FullJitter(1s) = %s, outside [0, 1s)", d)
		}
		seen[d] = true
	}
	if len(seen) < 2 {
		t.Error("FullJitter does not vary")
	}
}

func TestSleep(t *testing.T) {
	if err := retry.Sleep(t.Context(), time.Millisecond); err != nil {
		t.Errorf("full wait: %v", err)
	}
	if err := retry.Sleep(t.Context(), 0); err != nil {
		t.Errorf("zero wait: %v", err)
	}

	// Cancelled during a long wait: returns promptly with ctx.Err().
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- retry.Sleep(ctx, time.Hour) }()
	time.AfterFunc(20*time.Millisecond, cancel)
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled sleep returned %v, want context.Canceled", err)
		}
		if el := time.Since(start); el > 5*time.Second {
			t.Errorf("cancelled sleep took %s", el)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Sleep did not return after its context was cancelled")
	}

	// Already cancelled: no wait, even of a tiny one.
	if err := retry.Sleep(ctx, time.Nanosecond); !errors.Is(err, context.Canceled) {
		t.Errorf("sleep on a cancelled ctx returned %v", err)
	}
	if err := retry.Sleep(ctx, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("zero sleep on a cancelled ctx returned %v", err)
	}

	// A deadline gives DeadlineExceeded.
	dctx, dcancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
	defer dcancel()
	if err := retry.Sleep(dctx, time.Hour); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("deadline: %v", err)
	}
}

func FuzzRetryAfter(f *testing.F) {
	for _, s := range []string{"7", "0", "-1", "+3", "1.5", "", " 60 ", "99999999999999999999",
		"Wed, 25 Nov 2026 03:01:00 GMT", "Wednesday, 25-Nov-26 03:00:30 GMT", "Wed Nov 25 03:01:00 2026",
		"Fri, 31 Dec 9999 23:59:59 GMT", "Mon, 01 Jan 0001 00:00:00 GMT", "soon"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		d, ok := retry.RetryAfter(v, now)
		if d < 0 || d > retry.MaxAfter {
			t.Fatalf("RetryAfter(%q) = %s, outside [0, MaxAfter]", v, d)
		}
		if !ok && d != 0 {
			t.Fatalf("RetryAfter(%q) = %s with ok false", v, d)
		}
		if ok && strings.TrimSpace(v) == "" {
			t.Fatalf("RetryAfter(%q) accepted a blank value", v)
		}
		if strings.HasPrefix(strings.TrimSpace(v), "-") && ok {
			t.Fatalf("RetryAfter(%q) accepted a negative value", v)
		}
		// Parsing does not depend on anything but its inputs.
		if d2, ok2 := retry.RetryAfter(v, now); d2 != d || ok2 != ok {
			t.Fatalf("RetryAfter(%q) not deterministic", v)
		}
		if w, wok := retry.UntilReset(v, now); w < 0 || w > retry.MaxAfter || !wok && w != 0 {
			t.Fatalf("UntilReset(%q) = %s, %v", v, w, wok)
		}
	})
}
