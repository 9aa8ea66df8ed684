// Package xapi publishes articles to X through API v2 (POST /2/tweets),
// signed with OAuth 1.0a user context by github.com/dghubble/oauth1, and
// finds earlier posts in the account's timeline by the article URL, which X
// keeps in entities.urls[].expanded_url while the text carries t.co links.
package xapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/dghubble/oauth1"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/publish"
	"github.com/kominfotik-lampung/warta/pipeline/secret"
)

// DefaultBaseURL is X_API_URL's default.
const DefaultBaseURL = "https://api.x.com"

// Find reads at most findPages pages of findResults posts (X accepts 5–100
// and bills reads).
const (
	findResults = 20
	findPages   = 5
)

// ErrDuplicate is matched (errors.Is) by the 403 X gives a post whose text
// equals a recent one. X does not say which post that was: reconcile with Find.
var ErrDuplicate = errors.New("x: duplicate content")

// Credentials are the app's consumer key pair and the account's access
// token pair (X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN, X_ACCESS_TOKEN_SECRET).
type Credentials struct {
	APIKey            secret.Secret
	APISecret         secret.Secret
	AccessToken       secret.Secret
	AccessTokenSecret secret.Secret
}

// Publisher posts to one X account.
type Publisher struct {
	base string
	http *http.Client // signs every request
	log  *slog.Logger
	now  func() time.Time
}

var (
	_ publish.Publisher = (*Publisher)(nil)
	_ publish.Commenter = (*Publisher)(nil)
	_ publish.Deleter   = (*Publisher)(nil)
)

type options struct {
	base string
	http *http.Client
	log  *slog.Logger
	now  func() time.Time
}

// Option configures a Publisher.
type Option func(*options)

// WithBaseURL sets the API host (X_API_URL).
func WithBaseURL(u string) Option {
	return func(o *options) {
		if u != "" {
			o.base = u
		}
	}
}

// WithHTTPClient sets the client whose transport carries the signed requests.
func WithHTTPClient(c *http.Client) Option {
	return func(o *options) {
		if c != nil {
			o.http = c
		}
	}
}

// WithLogger sets the logger.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) {
		if l != nil {
			o.log = l
		}
	}
}

// WithClock sets the clock that turns x-rate-limit-reset into a wait.
func WithClock(now func() time.Time) Option {
	return func(o *options) {
		if now != nil {
			o.now = now
		}
	}
}

// New returns a Publisher signing with c.
func New(c Credentials, opts ...Option) *Publisher {
	o := options{base: DefaultBaseURL, http: http.DefaultClient, log: slog.New(slog.DiscardHandler), now: time.Now}
	for _, f := range opts {
		f(&o)
	}
	// oauth1 takes the base transport from the context's client; the
	// context is not kept for requests (each carries its own).
	ctx := context.WithValue(context.Background(), oauth1.HTTPClient, o.http)
	signed := oauth1.NewConfig(c.APIKey.Reveal(), c.APISecret.Reveal()).
		Client(ctx, oauth1.NewToken(c.AccessToken.Reveal(), c.AccessTokenSecret.Reveal()))
	signed.Timeout = o.http.Timeout
	signed.CheckRedirect = o.http.CheckRedirect
	return &Publisher{base: strings.TrimSuffix(o.base, "/"), http: signed, log: o.log, now: o.now}
}

// Platform is "x".
func (p *Publisher) Platform() string { return article.X }

// PostURL is the public link of a post id, valid whatever the username.
func PostURL(id string) string { return "https://x.com/i/web/status/" + id }

// Publish posts post.Text.
//
// X API docs: https://docs.x.com/x-api/posts/create-post
func (p *Publisher) Publish(ctx context.Context, post publish.Post) (publish.Receipt, error) {
	return p.create(ctx, map[string]any{"text": post.Text})
}

// create posts body (POST /2/tweets).
func (p *Publisher) create(ctx context.Context, in map[string]any) (publish.Receipt, error) {
	body, err := json.Marshal(in)
	if err != nil {
		return publish.Receipt{}, fmt.Errorf("x: encode post: %w", err)
	}
	var out struct {
		Data struct {
			ID   string `json:"id"`
			Text string `json:"text"`
		} `json:"data"`
	}
	if err := p.do(ctx, http.MethodPost, "/2/tweets", nil, body, &out); err != nil {
		return publish.Receipt{}, err
	}
	if out.Data.ID == "" {
		return publish.Receipt{}, errors.New("x: POST /2/tweets answered without an id")
	}
	return publish.Receipt{ID: out.Data.ID, URL: PostURL(out.Data.ID)}, nil
}

// Find looks for post among the account's recent posts: by the article URL
// in entities.urls[].expanded_url, or, for posts made without the link
// (social.x.link: false), by the text with its t.co links expanded.
//
// X API docs: https://docs.x.com/x-api/users/get-posts
func (p *Publisher) Find(ctx context.Context, post publish.Post) (publish.Receipt, bool, error) {
	return p.timeline(ctx, "entities,created_at", "retweets,replies", func(t tweet) bool {
		for _, u := range t.Entities.URLs {
			if publish.SameURL(u.ExpandedURL, post.URL) {
				return true
			}
		}
		return strings.TrimSpace(t.expanded()) == strings.TrimSpace(post.Text)
	})
}

// tweet is a post as read back from a timeline, with the fields Find and
// FindComment ask for.
type tweet struct {
	ID         string `json:"id"`
	Text       string `json:"text"`
	Referenced []struct {
		Type string `json:"type"`
		ID   string `json:"id"`
	} `json:"referenced_tweets"`
	Entities struct {
		URLs []struct {
			URL         string `json:"url"`
			ExpandedURL string `json:"expanded_url"`
		} `json:"urls"`
	} `json:"entities"`
}

// expanded is the post's text with its t.co links replaced by the URLs
// they stand for and HTML entities (X sends &amp;) decoded.
func (t tweet) expanded() string {
	s := t.Text
	for _, u := range t.Entities.URLs {
		if u.URL != "" {
			s = strings.ReplaceAll(s, u.URL, u.ExpandedURL)
		}
	}
	return html.UnescapeString(s)
}

// timeline reads the account's recent posts (GET /2/users/:id/tweets with
// tweet.fields fields, excluding exclude), at most findPages pages, and
// returns the first that match accepts.
//
// X API docs: https://docs.x.com/x-api/users/get-posts
func (p *Publisher) timeline(ctx context.Context, fields, exclude string, match func(tweet) bool) (publish.Receipt, bool, error) {
	id, err := p.me(ctx)
	if err != nil {
		return publish.Receipt{}, false, err
	}
	token := ""
	for range findPages {
		q := url.Values{
			"max_results":  {strconv.Itoa(findResults)},
			"tweet.fields": {fields},
			"exclude":      {exclude},
		}
		if token != "" {
			q.Set("pagination_token", token)
		}
		var page struct {
			Data []tweet `json:"data"`
			Meta struct {
				NextToken string `json:"next_token"`
			} `json:"meta"`
			Errors []apiProblem `json:"errors"`
		}
		if err := p.do(ctx, http.MethodGet, "/2/users/"+url.PathEscape(id)+"/tweets", q, nil, &page); err != nil {
			return publish.Receipt{}, false, err
		}
		if len(page.Data) == 0 && len(page.Errors) > 0 {
			return publish.Receipt{}, false, fmt.Errorf("x: read timeline: %s", page.Errors[0].text())
		}
		for _, t := range page.Data {
			if match(t) {
				return publish.Receipt{ID: t.ID, URL: PostURL(t.ID)}, true, nil
			}
		}
		if page.Meta.NextToken == "" {
			break
		}
		token = page.Meta.NextToken
	}
	return publish.Receipt{}, false, nil
}

// do sends one signed request and decodes a 2xx JSON answer into out;
// other answers come back classified.
func (p *Publisher) do(ctx context.Context, method, path string, q url.Values, body []byte, out any) error {
	u := p.base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return fmt.Errorf("x: %s %s: %w", method, path, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := p.http.Do(req)
	if err != nil {
		// url.Error holds the URL, which holds no secret (OAuth travels
		// in the Authorization header).
		return fmt.Errorf("x: %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return fmt.Errorf("x: %s %s: read answer: %w", method, path, err)
	}
	p.log.DebugContext(ctx, "x call", "platform", article.X, "method", method, "path", path, "status", resp.StatusCode)
	if resp.StatusCode/100 == 2 {
		if err := json.Unmarshal(data, out); err != nil {
			return fmt.Errorf("x: %s %s: decode answer: %w", method, path, err)
		}
		return nil
	}
	return p.classify(method, path, resp, data)
}

// Comment replies to the post c.Parent.ID with c.Text (a correction,
// DESIGN §10). A reply to a post that is gone answers 403 ("You attempted
// to reply to a Tweet that is deleted or not visible to you."), not
// retried.
//
// X API docs: https://docs.x.com/x-api/posts/create-post
func (p *Publisher) Comment(ctx context.Context, c publish.Comment) (publish.Receipt, error) {
	if c.Parent.ID == "" {
		return publish.Receipt{}, fmt.Errorf("x: correction of %s has no post to reply to", c.URL)
	}
	return p.create(ctx, map[string]any{"text": c.Text, "reply": map[string]string{"in_reply_to_tweet_id": c.Parent.ID}})
}

// FindComment looks for the reply c among the account's recent posts
// (GET /2/users/:id/tweets, replies included): one whose referenced_tweets
// has replied_to c.Parent.ID and whose text, t.co links expanded, is
// c.Text. The user timeline, not recent search (conversation_id:), because
// it holds the account's 3200 latest posts whatever their age and is
// available on every tier; recent search covers only seven days.
//
// X API docs: https://docs.x.com/x-api/users/get-posts and
// https://docs.x.com/x-api/fundamentals/conversation-id
func (p *Publisher) FindComment(ctx context.Context, c publish.Comment) (publish.Receipt, bool, error) {
	return p.timeline(ctx, "referenced_tweets,entities,created_at", "retweets", func(t tweet) bool {
		for _, r := range t.Referenced {
			if r.Type == "replied_to" && r.ID == c.Parent.ID {
				return publish.SameText(t.expanded(), c.Text)
			}
		}
		return false
	})
}

// me is the authenticated account's user id.
//
// X API docs: https://docs.x.com/x-api/users/get-my-user
func (p *Publisher) me(ctx context.Context) (string, error) {
	var me struct {
		Data struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	if err := p.do(ctx, http.MethodGet, "/2/users/me", nil, nil, &me); err != nil {
		return "", err
	}
	if me.Data.ID == "" {
		return "", errors.New("x: GET /2/users/me answered without an id")
	}
	return me.Data.ID, nil
}

// Delete removes the post t.ID (a retraction). What X answers for a post
// that is gone already is not documented, so any refusal other than a
// retryable or credentials one is checked with GET /2/tweets/:id: a post
// not found there is gone, which is no error.
//
// X API docs: https://docs.x.com/x-api/posts/delete-post and
// https://docs.x.com/x-api/posts/get-post-by-id
func (p *Publisher) Delete(ctx context.Context, t publish.Target) error {
	var out struct {
		Data struct {
			Deleted bool `json:"deleted"`
		} `json:"data"`
	}
	err := p.do(ctx, http.MethodDelete, "/2/tweets/"+url.PathEscape(t.ID), nil, nil, &out)
	var re *publish.RetryableError
	var ae *publish.AuthError
	switch {
	case err == nil && out.Data.Deleted:
		return nil
	case errors.As(err, &re), errors.As(err, &ae):
		return err
	}
	gone, gerr := p.gone(ctx, t.ID)
	switch {
	case gerr != nil:
		return gerr
	case gone:
		p.log.InfoContext(ctx, "post gone already", "platform", article.X, "post", t.ID)
		return nil
	case err == nil:
		return fmt.Errorf("x: DELETE /2/tweets/%s answered deleted: false", t.ID)
	}
	return err
}

// gone reports whether GET /2/tweets/:id finds no such post (HTTP 200 with
// a resource-not-found error and no data).
func (p *Publisher) gone(ctx context.Context, id string) (bool, error) {
	var out struct {
		Data   *struct{ ID string } `json:"data"`
		Errors []struct {
			Type string `json:"type"`
		} `json:"errors"`
	}
	if err := p.do(ctx, http.MethodGet, "/2/tweets/"+url.PathEscape(id), nil, nil, &out); err != nil {
		return false, err
	}
	for _, e := range out.Errors {
		if out.Data == nil && strings.HasSuffix(e.Type, "/resource-not-found") {
			return true, nil
		}
	}
	return false, nil
}
