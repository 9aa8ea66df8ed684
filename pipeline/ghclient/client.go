package ghclient

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/google/go-github/v60/github"

	"github.com/kominfotik-lampung/warta/pipeline/secret"
)

// DefaultBaseURL is the REST API of github.com.
const DefaultBaseURL = "https://api.github.com/"

// Option tunes New.
type Option func(*options)

type options struct {
	retry RetryPolicy
}

// WithRetry replaces the default RetryPolicy (tests use a zero delay).
func WithRetry(p RetryPolicy) Option { return func(o *options) { o.retry = p } }

// New returns a go-github client for baseURL (GITHUB_API_URL; "" means
// github.com) authenticating with token (none when empty) over hc (nil means
// a fresh client). A base other than github.com gets GitHub Enterprise
// semantics: "/api/v3/" is appended unless the URL already ends with it, so
// both "https://ghes.example" and "https://ghes.example/api/v3" work, and
// the upload URL becomes ".../api/uploads/". Server errors and timeouts are
// retried by the transport (see RetryPolicy).
func New(baseURL string, token secret.Secret, hc *http.Client, opts ...Option) (*github.Client, error) {
	o := options{retry: DefaultRetryPolicy()}
	for _, f := range opts {
		f(&o)
	}
	var c http.Client
	if hc != nil {
		c = *hc
	}
	c.Transport = &Transport{Base: c.Transport, Policy: o.retry}
	gh := github.NewClient(&c)
	if !token.Empty() {
		gh = gh.WithAuthToken(token.Reveal())
	}
	base := strings.TrimSpace(baseURL)
	if base == "" || isDotCom(base) {
		return gh, nil
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("ghclient: base URL %q is not an absolute http(s) URL", baseURL)
	}
	upload := *u
	upload.Path = strings.TrimSuffix(strings.TrimSuffix(u.Path, "/"), "/api/v3") + "/api/uploads/"
	gh, err = gh.WithEnterpriseURLs(u.String(), upload.String())
	if err != nil {
		return nil, fmt.Errorf("ghclient: base URL %q: %w", baseURL, err)
	}
	return gh, nil
}

func isDotCom(base string) bool {
	return strings.TrimSuffix(base, "/") == strings.TrimSuffix(DefaultBaseURL, "/")
}

// ErrBadRepo reports a GITHUB_REPOSITORY that is not "owner/name".
var ErrBadRepo = errors.New("repository is not owner/name")

// SplitRepo splits GITHUB_REPOSITORY ("owner/name") into its two parts.
func SplitRepo(s string) (owner, repo string, err error) {
	owner, repo, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok || owner == "" || repo == "" || strings.Contains(repo, "/") {
		return "", "", fmt.Errorf("ghclient: %q: %w", s, ErrBadRepo)
	}
	return owner, repo, nil
}

// RunURL is the web address of a workflow run, GITHUB_SERVER_URL/
// GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID, or "" when a part is missing.
func RunURL(serverURL, repository, runID string) string {
	if serverURL == "" || repository == "" || runID == "" {
		return ""
	}
	return strings.TrimSuffix(serverURL, "/") + "/" + repository + "/actions/runs/" + runID
}
