package ghclient

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/internal/retry"
)

// RetryPolicy bounds the retries of Transport; the waits are those of
// retry.Policy.
type RetryPolicy struct {
	// Attempts is the total number of tries, the first included (≥ 1).
	Attempts int
	// Delay is the wait before the second try; it doubles each time.
	Delay time.Duration
	// MaxDelay caps one wait, Retry-After included.
	MaxDelay time.Duration
	// AttemptTimeout bounds one try, response headers included; 0 = none.
	AttemptTimeout time.Duration
}

func (p RetryPolicy) waits() retry.Policy {
	return retry.Policy{Attempts: p.Attempts, Base: p.Delay, MaxDelay: p.MaxDelay}
}

// DefaultRetryPolicy tries 4 times, waiting 1s, 2s, 4s, each try at most 30s.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{Attempts: 4, Delay: time.Second, MaxDelay: 20 * time.Second, AttemptTimeout: 30 * time.Second}
}

// Transport retries requests that failed for reasons that may pass: a 5xx
// answer (500, 502, 503, 504) or a timeout or dropped connection. A POST is
// retried after a transport error only when the connection was never made,
// since GitHub may have acted on it. Retries stop when the request's context
// ends; the last answer or error is returned as it came.
type Transport struct {
	// Base does the requests; nil means http.DefaultTransport.
	Base http.RoundTripper
	// Policy bounds the retries; a zero Attempts means one try.
	Policy RetryPolicy
}

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	policy := t.Policy.waits()
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		policy.Attempts = 1 // the body cannot be sent again
	}
	for try := 1; ; try++ {
		r := req
		if try > 1 && req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, fmt.Errorf("ghclient: rewind request body: %w", err)
			}
			r = req.Clone(req.Context())
			r.Body = body
		}
		resp, err := t.once(base, r)
		var after time.Duration
		switch {
		case err != nil:
			if !retryableErr(req, err) {
				return nil, err
			}
		case retryableStatus(resp.StatusCode):
			after, _ = retry.RetryAfter(resp.Header.Get("Retry-After"), answeredAt(resp.Header))
		default:
			return resp, nil
		}
		wait, ok := policy.Wait(try, after, 0)
		if !ok || req.Context().Err() != nil {
			return resp, err
		}
		if resp != nil {
			io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			resp.Body.Close()
		}
		if err := retry.Sleep(req.Context(), wait); err != nil {
			return nil, err
		}
	}
}

// once does one try under the per-attempt timeout; the timeout's context
// ends when the caller closes the body.
func (t *Transport) once(base http.RoundTripper, req *http.Request) (*http.Response, error) {
	if t.Policy.AttemptTimeout <= 0 {
		return base.RoundTrip(req)
	}
	ctx, cancel := context.WithTimeoutCause(req.Context(), t.Policy.AttemptTimeout, errAttemptTimeout)
	resp, err := base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		if errors.Is(context.Cause(ctx), errAttemptTimeout) && req.Context().Err() == nil {
			return nil, &timeoutError{err: err}
		}
		return nil, err
	}
	resp.Body = &cancelBody{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

var errAttemptTimeout = errors.New("ghclient: attempt timed out")

// timeoutError is one try that ran out of time; it is a net.Error whose
// Timeout is true, so callers (and Classify) see a timeout.
type timeoutError struct{ err error }

func (e *timeoutError) Error() string   { return "ghclient: request timed out: " + e.err.Error() }
func (e *timeoutError) Unwrap() error   { return e.err }
func (e *timeoutError) Timeout() bool   { return true }
func (e *timeoutError) Temporary() bool { return true }

var _ net.Error = (*timeoutError)(nil)

type cancelBody struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

func retryableStatus(code int) bool {
	switch code {
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// retryableErr: any transport failure of an idempotent request, and for
// POST only a connection that was never established.
func retryableErr(req *http.Request, err error) bool {
	if req.Context().Err() != nil {
		return false
	}
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions, http.MethodPatch:
		return true
	}
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// answeredAt is the server's clock at the answer (its Date header), the
// reference of an HTTP-date Retry-After; this machine's clock without one.
func answeredAt(h http.Header) time.Time {
	if t, err := http.ParseTime(h.Get("Date")); err == nil {
		return t
	}
	return time.Now()
}
