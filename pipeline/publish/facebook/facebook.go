// Package facebook publishes articles as link posts to a Facebook Page
// through the Graph API (package graphapi) and finds earlier ones by the
// article URL.
package facebook

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/publish"
	"github.com/kominfotik-lampung/warta/pipeline/publish/graphapi"
	"github.com/kominfotik-lampung/warta/pipeline/secret"
)

// Find reads at most findPages pages of findLimit posts: the post being
// reconciled is among the newest, and reads cost rate-limit budget.
const (
	findLimit = 25
	findPages = 4
)

// Publisher posts to one Page with a Page access token.
type Publisher struct {
	pageID string
	graph  *graphapi.Client
	log    *slog.Logger
}

var (
	_ publish.Publisher = (*Publisher)(nil)
	_ publish.Commenter = (*Publisher)(nil)
	_ publish.Deleter   = (*Publisher)(nil)
)

type options struct {
	graph []graphapi.Option
	log   *slog.Logger
}

// Option configures a Publisher.
type Option func(*options)

// WithBaseURL sets the Graph host (GRAPH_API_URL).
func WithBaseURL(u string) Option {
	return func(o *options) { o.graph = append(o.graph, graphapi.WithBaseURL(u)) }
}

// WithVersion sets the Graph API version (GRAPH_API_VERSION).
func WithVersion(v string) Option {
	return func(o *options) { o.graph = append(o.graph, graphapi.WithVersion(v)) }
}

// WithHTTPClient sets the HTTP client.
func WithHTTPClient(c *http.Client) Option {
	return func(o *options) { o.graph = append(o.graph, graphapi.WithHTTPClient(c)) }
}

// WithLogger sets the logger.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) {
		o.log = l
		o.graph = append(o.graph, graphapi.WithLogger(l))
	}
}

// New returns a Publisher for the Page pageID (FACEBOOK_PAGE_ID) acting
// with token (FACEBOOK_PAGE_TOKEN).
func New(token secret.Secret, pageID string, opts ...Option) *Publisher {
	o := options{log: slog.New(slog.DiscardHandler)}
	for _, f := range opts {
		f(&o)
	}
	if o.log == nil {
		o.log = slog.New(slog.DiscardHandler)
	}
	return &Publisher{pageID: pageID, graph: graphapi.New(article.Facebook, token, o.graph...), log: o.log}
}

// Platform is "facebook".
func (p *Publisher) Platform() string { return article.Facebook }

// Publish makes one link post: post.Text as the message, post.URL as the
// link. Once Graph has answered with the post id the post exists, so a
// failure to read its permalink afterwards is logged, not returned.
//
// Graph API docs: https://developers.facebook.com/docs/graph-api/reference/page/feed#publish
func (p *Publisher) Publish(ctx context.Context, post publish.Post) (publish.Receipt, error) {
	res, err := p.graph.Post(ctx, "/"+p.pageID+"/feed", graphapi.Params{
		"message": post.Text,
		"link":    post.URL,
	})
	if err != nil {
		return publish.Receipt{}, err
	}
	var created struct {
		ID string `json:"id"`
	}
	if err := graphapi.Decode(res, &created); err != nil || created.ID == "" {
		return publish.Receipt{}, fmt.Errorf("facebook: page feed answered without a post id")
	}
	r := publish.Receipt{ID: created.ID, URL: "https://www.facebook.com/" + created.ID}
	if link, err := p.graph.StringField(ctx, created.ID, "permalink_url"); err != nil {
		p.log.WarnContext(ctx, "permalink not read; using the id link", "platform", article.Facebook,
			"post", created.ID, "err", err)
	} else if link != "" {
		r.URL = link
	}
	return r, nil
}

// feedPost is a post as read back. Graph no longer returns `link` (v3.3+):
// the URL a link post shares is in attachments{unshimmed_url}; `url` there
// is the l.facebook.com shim.
type feedPost struct {
	ID           string `json:"id"`
	Message      string `json:"message"`
	PermalinkURL string `json:"permalink_url"`
	Attachments  struct {
		Data []struct {
			UnshimmedURL string `json:"unshimmed_url"`
		} `json:"data"`
	} `json:"attachments"`
}

type feedPage struct {
	Data   []feedPost `json:"data"`
	Paging struct {
		Cursors struct {
			After string `json:"after"`
		} `json:"cursors"`
		Next string `json:"next"`
	} `json:"paging"`
}

// Find looks for post.URL among the Page's recent posts, as the shared
// link or inside the message.
//
// Graph API docs: https://developers.facebook.com/docs/graph-api/reference/page/published_posts
func (p *Publisher) Find(ctx context.Context, post publish.Post) (publish.Receipt, bool, error) {
	after := ""
	for range findPages {
		params := graphapi.Params{
			"fields": "id,message,permalink_url,attachments{unshimmed_url}",
			"limit":  findLimit,
		}
		if after != "" {
			params["after"] = after
		}
		res, err := p.graph.Get(ctx, "/"+p.pageID+"/published_posts", params)
		if err != nil {
			return publish.Receipt{}, false, err
		}
		var page feedPage
		if err := graphapi.Decode(res, &page); err != nil {
			return publish.Receipt{}, false, fmt.Errorf("facebook: read published posts: %w", err)
		}
		for _, fp := range page.Data {
			if matches(fp, post.URL) {
				return publish.Receipt{ID: fp.ID, URL: fp.PermalinkURL}, true, nil
			}
		}
		if page.Paging.Next == "" || page.Paging.Cursors.After == "" {
			break
		}
		after = page.Paging.Cursors.After
	}
	return publish.Receipt{}, false, nil
}

func matches(fp feedPost, u string) bool {
	for _, a := range fp.Attachments.Data {
		if publish.SameURL(a.UnshimmedURL, u) {
			return true
		}
	}
	return publish.TextHasURL(fp.Message, u)
}

// Comment adds c.Text as a comment of the Page under the post c.Parent.ID
// (a correction, DESIGN §10). The comment exists once Graph answers its
// id; a failed permalink read afterwards is only logged.
//
// Graph API docs: https://developers.facebook.com/docs/graph-api/reference/object/comments#publish
func (p *Publisher) Comment(ctx context.Context, c publish.Comment) (publish.Receipt, error) {
	if c.Parent.ID == "" {
		return publish.Receipt{}, fmt.Errorf("facebook: correction of %s has no post to comment on", c.URL)
	}
	res, err := p.graph.Post(ctx, "/"+c.Parent.ID+"/comments", graphapi.Params{"message": c.Text})
	if err != nil {
		return publish.Receipt{}, err
	}
	var created struct {
		ID string `json:"id"`
	}
	if err := graphapi.Decode(res, &created); err != nil || created.ID == "" {
		return publish.Receipt{}, fmt.Errorf("facebook: comment answered without an id")
	}
	r := publish.Receipt{ID: created.ID, URL: "https://www.facebook.com/" + created.ID}
	if link, err := p.graph.StringField(ctx, created.ID, "permalink_url"); err != nil {
		p.log.WarnContext(ctx, "comment permalink not read; using the id link", "platform", article.Facebook,
			"comment", created.ID, "err", err)
	} else if link != "" {
		r.URL = link
	}
	return r, nil
}

type commentPage struct {
	Data []struct {
		ID           string `json:"id"`
		Message      string `json:"message"`
		PermalinkURL string `json:"permalink_url"`
		From         struct {
			ID string `json:"id"`
		} `json:"from"`
	} `json:"data"`
	Paging struct {
		Cursors struct {
			After string `json:"after"`
		} `json:"cursors"`
		Next string `json:"next"`
	} `json:"paging"`
}

// FindComment looks for c among the comments under c.Parent.ID: one the
// Page made whose message is c.Text (whitespace aside). Newest first:
// the comment being reconciled is recent.
//
// Graph API docs: https://developers.facebook.com/docs/graph-api/reference/object/comments#read
func (p *Publisher) FindComment(ctx context.Context, c publish.Comment) (publish.Receipt, bool, error) {
	after := ""
	for range findPages {
		params := graphapi.Params{
			"fields": "id,message,from,permalink_url",
			"order":  "reverse_chronological",
			"filter": "stream",
			"limit":  findLimit,
		}
		if after != "" {
			params["after"] = after
		}
		res, err := p.graph.Get(ctx, "/"+c.Parent.ID+"/comments", params)
		if err != nil {
			return publish.Receipt{}, false, err
		}
		var page commentPage
		if err := graphapi.Decode(res, &page); err != nil {
			return publish.Receipt{}, false, fmt.Errorf("facebook: read comments: %w", err)
		}
		for _, cm := range page.Data {
			if cm.From.ID == p.pageID && publish.SameText(cm.Message, c.Text) {
				return publish.Receipt{ID: cm.ID, URL: cm.PermalinkURL}, true, nil
			}
		}
		if page.Paging.Next == "" || page.Paging.Cursors.After == "" {
			break
		}
		after = page.Paging.Cursors.After
	}
	return publish.Receipt{}, false, nil
}

// Delete removes the Page post t.ID (a retraction). A post Graph no
// longer knows (code 100) is gone already: no error.
//
// Graph API docs: https://developers.facebook.com/docs/graph-api/reference/post#deleting
func (p *Publisher) Delete(ctx context.Context, t publish.Target) error {
	_, err := p.graph.Delete(ctx, "/"+t.ID)
	if graphapi.Gone(err) {
		p.log.InfoContext(ctx, "post gone already", "platform", article.Facebook, "post", t.ID)
		return nil
	}
	return err
}
