package fakex

import (
	"net/http"
	"strconv"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/publish/internal/fakeapi"
)

// Failure is a scripted answer (FailNext), sent to a request whose
// signature verified; Body is X's problem object.
type Failure = fakeapi.Failure

// RateLimited is X's 429: x-rate-limit-remaining 0 and the window's reset
// as epoch seconds.
func RateLimited(reset time.Time) Failure {
	return Failure{Status: http.StatusTooManyRequests,
		Header: http.Header{
			"x-rate-limit-limit":     {"100"},
			"x-rate-limit-remaining": {"0"},
			"x-rate-limit-reset":     {strconv.FormatInt(reset.Unix(), 10)},
		},
		Body: problem{Title: "Too Many Requests", Detail: "Too Many Requests", Type: "about:blank", Status: http.StatusTooManyRequests}}
}

// Unavailable is a 503 Service Unavailable.
func Unavailable() Failure {
	return Failure{Status: http.StatusServiceUnavailable,
		Body: problem{Title: "Service Unavailable", Detail: "Service Unavailable", Type: "about:blank", Status: http.StatusServiceUnavailable}}
}

// Unauthorized is the 401 of revoked or wrong credentials.
func Unauthorized() Failure {
	return Failure{Status: http.StatusUnauthorized, Body: unauthorized()}
}

func unauthorized() problem {
	return problem{Title: "Unauthorized", Type: "about:blank", Status: http.StatusUnauthorized, Detail: "Unauthorized"}
}
