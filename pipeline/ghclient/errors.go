package ghclient

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/kominfotik-lampung/warta/pipeline/internal/retry"
	"github.com/kominfotik-lampung/warta/pipeline/wib"
)

// Kind sorts API failures by what fixes them.
type Kind string

// The kinds of APIError.
const (
	// Unauthorized: the token is missing, expired or revoked (401).
	Unauthorized Kind = "unauthorized"
	// Forbidden: the token lacks a permission (403 without rate limit).
	Forbidden Kind = "forbidden"
	// NotFound: no such thing, or the token may not see it (404).
	NotFound Kind = "not-found"
	// RateLimited: a primary or secondary rate limit (403/429).
	RateLimited Kind = "rate-limited"
	// Invalid: GitHub refused the request's content (422 and other 4xx).
	Invalid Kind = "invalid"
	// ServerError: GitHub answered 5xx, after the transport's retries.
	ServerError Kind = "server-error"
	// Unreachable: no answer: timeout, DNS, refused connection.
	Unreachable Kind = "unreachable"
	// Canceled: the run was cancelled or its deadline passed.
	Canceled Kind = "canceled"
	// Other: anything else.
	Other Kind = "other"
)

// APIError is a classified GitHub API failure.
type APIError struct {
	Kind   Kind
	Status int    // HTTP status; 0 without an answer
	Method string // of the failed request, when known
	Path   string // URL path of the failed request, when known
	// Permission is what the token needs for this request, e.g.
	// "statuses: write", from GitHub's X-Accepted-GitHub-Permissions header
	// or else from the endpoint.
	Permission string
	// Reset is when a rate limit ends (zero when unknown).
	Reset time.Time
	// Message is GitHub's own message, if any.
	Message string
	Err     error
}

// Error implements error (English, for logs).
func (e *APIError) Error() string {
	s := "github api: " + string(e.Kind)
	if e.Status != 0 {
		s += " (" + strconv.Itoa(e.Status) + ")"
	}
	if e.Method != "" {
		s += " " + e.Method + " " + e.Path
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the go-github or transport error.
func (e *APIError) Unwrap() error { return e.Err }

// IsNotFound reports whether err is a GitHub 404.
func IsNotFound(err error) bool {
	a := Classify(err)
	return a != nil && a.Kind == NotFound
}

// Classify turns err (from a go-github call, possibly wrapped) into an
// APIError; it returns nil for a nil err and an APIError of Kind Other for
// errors that did not come from the API.
func Classify(err error) *APIError {
	if err == nil {
		return nil
	}
	var a *APIError
	if errors.As(err, &a) {
		return a
	}
	a = &APIError{Kind: Other, Err: err}
	var (
		rl    *github.RateLimitError
		abuse *github.AbuseRateLimitError
		er    *github.ErrorResponse
		tfa   *github.TwoFactorAuthError
		ne    net.Error
	)
	switch {
	case errors.As(err, &rl):
		a.Kind, a.Message, a.Reset = RateLimited, rl.Message, rl.Rate.Reset.Time
		a.fromResponse(rl.Response)
	case errors.As(err, &abuse):
		a.Kind, a.Message = RateLimited, abuse.Message
		a.fromResponse(abuse.Response)
	case errors.As(err, &tfa):
		a.Kind, a.Message = Unauthorized, tfa.Message
		a.fromResponse(tfa.Response)
	case errors.As(err, &er):
		a.Message = er.Message
		a.fromResponse(er.Response)
		switch {
		case a.Status == http.StatusUnauthorized:
			a.Kind = Unauthorized
		case a.Status == http.StatusTooManyRequests,
			a.Status == http.StatusForbidden && strings.Contains(strings.ToLower(er.Message), "rate limit"):
			a.Kind = RateLimited
		case a.Status == http.StatusForbidden:
			a.Kind = Forbidden
		case a.Status == http.StatusNotFound:
			a.Kind = NotFound
		case a.Status >= 500:
			a.Kind = ServerError
		case a.Status >= 400:
			a.Kind = Invalid
		}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		a.Kind = Canceled
	case errors.As(err, &ne):
		a.Kind = Unreachable
	}
	return a
}

func (a *APIError) fromResponse(r *http.Response) {
	if r == nil {
		return
	}
	a.Status = r.StatusCode
	if r.Request != nil && r.Request.URL != nil {
		a.Method, a.Path = r.Request.Method, r.Request.URL.Path
	}
	if a.Reset.IsZero() {
		if t, ok := retry.ResetTime(r.Header.Get("X-RateLimit-Reset")); ok {
			a.Reset = t
		}
	}
	// Secondary limits (403/429) say Retry-After; anchor it on the answer's
	// Date rather than on this machine's clock.
	if a.Reset.IsZero() && (a.Status == http.StatusTooManyRequests || a.Status == http.StatusForbidden) {
		at := answeredAt(r.Header)
		if d, ok := retry.RetryAfter(r.Header.Get("Retry-After"), at); ok && d > 0 {
			a.Reset = at.Add(d)
		}
	}
	if p := strings.TrimSpace(r.Header.Get("X-Accepted-GitHub-Permissions")); p != "" {
		a.Permission = strings.ReplaceAll(strings.ReplaceAll(p, "=", ": "), ";", ",")
	} else if s := strings.TrimSpace(r.Header.Get("X-Accepted-OAuth-Scopes")); s != "" {
		a.Permission = "scope " + s
	} else {
		a.Permission = Permission(a.Method, a.Path)
	}
}

// Permission names the GitHub Actions token permission (or App permission)
// that a REST request needs, from its method and path; "" when unknown.
func Permission(method, path string) string {
	write := method != "" && method != http.MethodGet && method != http.MethodHead
	level := func(name string) string {
		if write {
			return name + ": write"
		}
		return name + ": read"
	}
	segs := strings.Split(strings.Trim(path, "/"), "/")
	has := func(s string) bool {
		for _, x := range segs {
			if x == s {
				return true
			}
		}
		return false
	}
	switch {
	case has("orgs") && (has("teams") || has("members") || has("memberships")):
		return "members: read (GitHub App) atau read:org (PAT)"
	case has("statuses") || has("status"):
		return level("statuses")
	case has("requested_reviewers") || has("reviews") || has("pulls"):
		return level("pull-requests")
	case has("issues") && has("comments"):
		if write {
			return "pull-requests: write"
		}
		return "pull-requests: read"
	case has("actions") || has("artifacts"):
		return level("actions")
	case has("contents") || has("git") || has("commits") || has("compare"):
		return level("contents")
	case has("issues"):
		return level("issues")
	}
	return ""
}

// Describe explains err in Bahasa Indonesia for staff and admins: what went
// wrong and what to do. It is meant for stderr and the PR comment; it never
// contains the token.
func Describe(err error) string {
	a := Classify(err)
	if a == nil {
		return ""
	}
	where := ""
	if a.Method != "" {
		where = " (" + a.Method + " " + a.Path + ")"
	}
	switch a.Kind {
	case Unauthorized:
		return "token GitHub ditolak (401)" + where + ": token kosong, kedaluwarsa atau dicabut; periksa GITHUB_TOKEN"
	case Forbidden:
		need := a.Permission
		if need == "" {
			need = "izin yang sesuai"
		}
		return fmt.Sprintf("token GitHub tidak punya izin (403)%s: butuh %s; tambahkan di `permissions:` workflow atau pada GitHub App/PAT", where, need)
	case NotFound:
		if a.Permission != "" && strings.HasPrefix(a.Permission, "members") {
			return "tim organisasi tidak ditemukan (404)" + where + ": periksa nama tim di site/config.yaml, atau token tidak dapat membaca tim (butuh " + a.Permission + ")"
		}
		return "tidak ditemukan di GitHub (404)" + where + ": periksa GITHUB_REPOSITORY dan nomor PR, atau token tidak punya akses ke repositori"
	case RateLimited:
		if a.Reset.IsZero() {
			return "batas permintaan API GitHub tercapai" + where + "; tunggu beberapa menit lalu jalankan ulang"
		}
		return fmt.Sprintf("batas permintaan API GitHub tercapai%s; pulih pukul %s (%s), jalankan ulang setelahnya",
			where, a.Reset.In(wib.Location()).Format("15:04 MST")+", "+wib.Date(a.Reset, wib.Location()), a.Reset.UTC().Format("15:04 UTC"))
	case Invalid:
		msg := a.Message
		if msg == "" {
			msg = http.StatusText(a.Status)
		}
		return fmt.Sprintf("GitHub menolak permintaan (%d)%s: %s", a.Status, where, msg)
	case ServerError:
		return fmt.Sprintf("GitHub sedang bermasalah (%d)%s meski sudah dicoba ulang; jalankan ulang workflow beberapa saat lagi", a.Status, where)
	case Unreachable:
		return "GitHub tidak dapat dihubungi (waktu habis atau koneksi gagal) meski sudah dicoba ulang; periksa GITHUB_API_URL dan jaringan, lalu jalankan ulang"
	case Canceled:
		return "proses dibatalkan atau waktunya habis sebelum GitHub menjawab"
	}
	return "kesalahan internal saat menghubungi GitHub: " + err.Error()
}
