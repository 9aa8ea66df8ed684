package graphapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	fb "github.com/huandu/facebook/v2"

	"github.com/kominfotik-lampung/warta/pipeline/internal/retry"
	"github.com/kominfotik-lampung/warta/pipeline/publish"
)

// Error is a Graph API failure that retrying will not fix: the body's
// {"error":{"message","type","code","error_subcode","fbtrace_id"}} plus the
// call and HTTP status it came with. It never holds the token.
type Error struct {
	Method    string
	Path      string
	Status    int // HTTP status; 0 when no response arrived
	Code      int
	Subcode   int
	Type      string
	Message   string
	UserTitle string // error_user_title, when Graph sent one
	UserMsg   string // error_user_msg, when Graph sent one
	TraceID   string
}

func (e *Error) Error() string {
	s := fmt.Sprintf("graph: %s %s: HTTP %d: %s", e.Method, e.Path, e.Status, e.Message)
	if e.Code != 0 {
		s += fmt.Sprintf(" (type %s, code %d, subcode %d, fbtrace_id %s)", e.Type, e.Code, e.Subcode, e.TraceID)
	}
	if e.UserMsg != "" {
		s += ": " + e.UserMsg
	}
	return s
}

// Graph error codes that mean "slow down and try again" (error-handling
// guide: 4 app, 17 user, 32 page, 613 custom rate limit) or a transient
// outage (1 unknown, 2 service).
func retryableCode(code int) bool {
	switch code {
	case 1, 2, 4, 17, 32, 613:
		return true
	}
	return false
}

// authCode reports whether a code means the token itself is bad: 190
// (expired, revoked or invalid; Graph answers it with HTTP 400, not 401) and
// 102 (API session).
func authCode(code int) bool { return code == 190 || code == 102 }

func (c *Client) classify(ctx context.Context, method, path string, rec *recorder, err error) error {
	var fe *fb.Error
	if errors.As(err, &fe) {
		ge := &Error{
			Method: method, Path: path, Status: rec.status,
			Code: fe.Code, Subcode: fe.ErrorSubcode, Type: fe.Type, Message: fe.Message,
			UserTitle: fe.UserTitle, UserMsg: fe.UserMessage, TraceID: fe.TraceID,
		}
		switch {
		case authCode(fe.Code):
			return &publish.AuthError{Platform: c.platform, Err: ge}
		case retryableCode(fe.Code), fe.IsTransient, retryableStatus(rec.status):
			return &publish.RetryableError{After: c.after(rec.header), Err: ge}
		}
		return ge
	}
	if rec.status == 0 {
		// No response: the network or ctx failed. Not marked retryable: a
		// POST may have reached Graph, so publish.Run reconciles first.
		if ctx.Err() != nil {
			return fmt.Errorf("graph: %s %s: %w", method, path, ctx.Err())
		}
		return fmt.Errorf("graph: %s %s: %w", method, path, err)
	}
	ge := &Error{Method: method, Path: path, Status: rec.status,
		Message: "unexpected response: " + http.StatusText(rec.status)}
	if retryableStatus(rec.status) {
		return &publish.RetryableError{After: c.after(rec.header), Err: ge}
	}
	return ge
}

func retryableStatus(status int) bool {
	return status == http.StatusTooManyRequests || status >= 500
}

// usage is one entry of X-App-Usage, X-Page-Usage or X-Business-Use-Case-Usage.
type usage struct {
	EstimatedTimeToRegainAccess int `json:"estimated_time_to_regain_access"` // minutes
}

// after is the wait Graph asked for: Retry-After (seconds or HTTP-date),
// else the largest estimated_time_to_regain_access (minutes) of the usage
// headers; 0 when none names one.
func (c *Client) after(h http.Header) time.Duration {
	if h == nil {
		return 0
	}
	if d, ok := retry.RetryAfter(h.Get("Retry-After"), c.now()); ok {
		return d
	}
	var minutes int
	if v := h.Get("X-Business-Use-Case-Usage"); v != "" {
		var buc map[string][]usage
		if json.Unmarshal([]byte(v), &buc) == nil {
			for _, list := range buc {
				for _, u := range list {
					minutes = max(minutes, u.EstimatedTimeToRegainAccess)
				}
			}
		}
	}
	for _, name := range []string{"X-App-Usage", "X-Page-Usage"} {
		if v := h.Get(name); v != "" {
			var u usage
			if json.Unmarshal([]byte(v), &u) == nil {
				minutes = max(minutes, u.EstimatedTimeToRegainAccess)
			}
		}
	}
	return time.Duration(minutes) * time.Minute
}

// Gone reports whether err says the object does not exist (code 100, as
// GraphMethodException "Unsupported … request. Object with ID … does not
// exist", subcode 33): a deleted post, media object or comment. A
// throttled or unauthorised call is no proof of that.
func Gone(err error) bool {
	var re *publish.RetryableError
	var ae *publish.AuthError
	var ge *Error
	if errors.As(err, &re) || errors.As(err, &ae) {
		return false
	}
	return errors.As(err, &ge) && ge.Code == 100
}

// Denied reports whether err is a permission error: code 10 (the app lacks
// the permission) or 200–299 (a permission the token was not granted).
func Denied(err error) bool {
	var ge *Error
	return errors.As(err, &ge) && (ge.Code == 10 || ge.Code >= 200 && ge.Code <= 299)
}
