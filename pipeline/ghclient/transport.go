package ghclient

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"
)

// RetryPolicy bounds the retries of Transport.
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
	attempts := max(t.Policy.Attempts, 1)
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		attempts = 1 // the body cannot be sent again
	}
	delay := t.Policy.Delay
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
		last := try >= attempts || req.Context().Err() != nil
		wait := delay
		switch {
		case err != nil:
			if last || !retryableErr(req, err) {
				return nil, err
			}
		case retryableStatus(resp.StatusCode):
			if last {
				return resp, nil
			}
			if ra := retryAfter(resp.Header); ra > wait {
				wait = ra
			}
			io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			resp.Body.Close()
		default:
			return resp, nil
		}
		if t.Policy.MaxDelay > 0 && wait > t.Policy.MaxDelay {
			wait = t.Policy.MaxDelay
		}
		if err := sleep(req, wait); err != nil {
			return nil, err
		}
		delay *= 2
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

// retryAfter reads Retry-After in seconds (GitHub sends seconds).
func retryAfter(h http.Header) time.Duration {
	if v := h.Get("Retry-After"); v != "" {
		if s, err := strconv.Atoi(v); err == nil && s > 0 {
			return time.Duration(s) * time.Second
		}
	}
	return 0
}
