package xapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/internal/retry"
	"github.com/kominfotik-lampung/warta/pipeline/publish"
)

// APIError is an X API answer that retrying will not fix, with X's problem
// fields (title, detail, type) and any per-field messages.
type APIError struct {
	Method   string
	Path     string
	Status   int
	Title    string
	Detail   string
	Type     string
	Messages []string
}

func (e *APIError) Error() string {
	s := fmt.Sprintf("x: %s %s: HTTP %d", e.Method, e.Path, e.Status)
	if e.Title != "" {
		s += " " + e.Title
	}
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	if len(e.Messages) > 0 {
		s += " (" + strings.Join(e.Messages, "; ") + ")"
	}
	return s
}

// Is matches ErrDuplicate for X's 403 on duplicate content.
func (e *APIError) Is(target error) bool {
	return target == ErrDuplicate && e.Status == http.StatusForbidden &&
		strings.Contains(strings.ToLower(e.Detail), "duplicate content")
}

// apiProblem is one entry of "errors": v2 problems carry title/detail,
// v1.1-style ones code/message.
type apiProblem struct {
	Title   string `json:"title"`
	Detail  string `json:"detail"`
	Message string `json:"message"`
	Code    int    `json:"code"`
}

func (p apiProblem) text() string {
	switch {
	case p.Message != "":
		return p.Message
	case p.Detail != "":
		return p.Detail
	}
	return p.Title
}

func (p *Publisher) classify(method, path string, resp *http.Response, body []byte) error {
	var prob struct {
		Title  string       `json:"title"`
		Detail string       `json:"detail"`
		Type   string       `json:"type"`
		Errors []apiProblem `json:"errors"`
	}
	_ = json.Unmarshal(body, &prob) // a non-JSON body still has its status
	e := &APIError{Method: method, Path: path, Status: resp.StatusCode, Title: prob.Title, Detail: prob.Detail, Type: prob.Type}
	if e.Title == "" {
		e.Title = http.StatusText(resp.StatusCode)
	}
	for _, pe := range prob.Errors {
		if t := pe.text(); t != "" {
			e.Messages = append(e.Messages, t)
		}
	}
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return &publish.AuthError{Platform: article.X, Err: e}
	case resp.StatusCode == http.StatusTooManyRequests, resp.StatusCode >= 500:
		return &publish.RetryableError{After: p.after(resp.StatusCode, resp.Header), Err: e}
	}
	return e
}

// after is the wait X asked for: on a 429 until x-rate-limit-reset (epoch
// seconds; X sends it on every answer, so it says nothing about a 5xx),
// else Retry-After; 0 when neither applies.
func (p *Publisher) after(status int, h http.Header) time.Duration {
	now := p.now()
	if status == http.StatusTooManyRequests {
		if d, ok := retry.UntilReset(h.Get("x-rate-limit-reset"), now); ok {
			return d
		}
	}
	d, _ := retry.RetryAfter(h.Get("Retry-After"), now)
	return d
}
