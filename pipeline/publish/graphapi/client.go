package graphapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	fb "github.com/huandu/facebook/v2"

	"github.com/kominfotik-lampung/warta/pipeline/secret"
)

// Defaults for GRAPH_API_URL and GRAPH_API_VERSION.
const (
	DefaultBaseURL = "https://graph.facebook.com"
	DefaultVersion = "v21.0"
)

// Params are the query (GET) or form (POST) parameters of a call.
type Params = fb.Params

// Result is a decoded Graph response.
type Result = fb.Result

// Client calls the Graph API with one Page access token.
type Client struct {
	platform string
	token    secret.Secret
	baseURL  string
	version  string
	http     *http.Client
	log      *slog.Logger
	now      func() time.Time
}

// Option configures a Client.
type Option func(*Client)

// WithBaseURL points the client at another Graph host (GRAPH_API_URL), such
// as a test server. A trailing slash is optional.
func WithBaseURL(u string) Option {
	return func(c *Client) {
		if u != "" {
			c.baseURL = u
		}
	}
}

// WithVersion sets the Graph API version path segment (GRAPH_API_VERSION),
// e.g. "v21.0".
func WithVersion(v string) Option {
	return func(c *Client) {
		if v != "" {
			c.version = v
		}
	}
}

// WithHTTPClient sets the HTTP client used for every call.
func WithHTTPClient(h *http.Client) Option {
	return func(c *Client) {
		if h != nil {
			c.http = h
		}
	}
}

// WithLogger sets the logger for maintainers' debug lines (no secrets).
func WithLogger(l *slog.Logger) Option {
	return func(c *Client) {
		if l != nil {
			c.log = l
		}
	}
}

// WithClock sets the clock used to turn an HTTP-date Retry-After into a wait.
func WithClock(now func() time.Time) Option {
	return func(c *Client) {
		if now != nil {
			c.now = now
		}
	}
}

// New returns a client that acts for platform ("facebook" or "instagram",
// named in errors and logs) with the given access token.
func New(platform string, token secret.Secret, opts ...Option) *Client {
	c := &Client{
		platform: platform,
		token:    token,
		baseURL:  DefaultBaseURL,
		version:  DefaultVersion,
		http:     http.DefaultClient,
		log:      slog.New(slog.DiscardHandler),
		now:      time.Now,
	}
	for _, o := range opts {
		o(c)
	}
	if !strings.HasSuffix(c.baseURL, "/") {
		c.baseURL += "/" // huandu requires the trailing slash
	}
	return c
}

// Platform is the platform name the client was created for.
func (c *Client) Platform() string { return c.platform }

// Get reads path (e.g. "/1234/feed") with params as the query string.
func (c *Client) Get(ctx context.Context, path string, params Params) (Result, error) {
	return c.call(ctx, fb.GET, path, params)
}

// Post writes to path with params as a form body.
func (c *Client) Post(ctx context.Context, path string, params Params) (Result, error) {
	return c.call(ctx, fb.POST, path, params)
}

// Delete removes the node at path (e.g. "/1234_5678"). huandu sends it as
// a POST with method=DELETE, which Graph accepts for every DELETE.
func (c *Client) Delete(ctx context.Context, path string) (Result, error) {
	return c.call(ctx, fb.DELETE, path, Params{})
}

func (c *Client) call(ctx context.Context, method fb.Method, path string, params Params) (Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rec := &recorder{client: c.http}
	s := &fb.Session{
		HttpClient: rec,
		Version:    c.version,
		BaseURL:    c.baseURL,
	}
	s.SetAccessToken(c.token.Reveal())
	s.UseAuthorizationHeader()
	s = s.WithContext(ctx)

	res, err := s.Api(path, method, params)
	c.log.DebugContext(ctx, "graph call", "platform", c.platform, "method", string(method),
		"path", path, "status", rec.status)
	if err == nil {
		return res, nil
	}
	return nil, c.classify(ctx, string(method), path, rec, err)
}

// StringField reads one string field of a Graph node (GET /{id}?fields=…),
// such as a post's permalink_url or a media object's permalink.
//
// Graph API docs: https://developers.facebook.com/docs/graph-api/using-graph-api#fields
func (c *Client) StringField(ctx context.Context, id, field string) (string, error) {
	res, err := c.Get(ctx, "/"+id, Params{"fields": field})
	if err != nil {
		return "", err
	}
	var node map[string]any
	if err := Decode(res, &node); err != nil {
		return "", err
	}
	v, _ := node[field].(string)
	return v, nil
}

// Decode copies a Result into v through encoding/json, so v's struct tags
// are the Graph field names.
func Decode(res Result, v any) error {
	b, err := json.Marshal(res)
	if err != nil {
		return fmt.Errorf("graph: re-encode result: %w", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("graph: decode result: %w", err)
	}
	return nil
}

// recorder is the HttpClient huandu calls; it keeps the last response's
// status and headers, which huandu does not return, for classification.
type recorder struct {
	client *http.Client
	status int
	header http.Header
}

func (r *recorder) Do(req *http.Request) (*http.Response, error) {
	resp, err := r.client.Do(req)
	if resp != nil {
		r.status = resp.StatusCode
		r.header = resp.Header.Clone()
	}
	return resp, err
}

func (r *recorder) Get(url string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	return r.Do(req)
}

func (r *recorder) Post(url, bodyType string, body io.Reader) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodPost, url, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", bodyType)
	return r.Do(req)
}
