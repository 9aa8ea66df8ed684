// Package facebook publishes articles as link posts to a Facebook Page
// through the Graph API (package graphapi) and finds earlier ones by the
// article URL.
package facebook

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/publish"
	"github.com/kominfotik-lampung/warta/pipeline/publish/graphapi"
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

// New returns a Publisher for the Page pageID (FACEBOOK_PAGE_ID) calling
// Graph through graph, a client made with the Page token
// (FACEBOOK_PAGE_TOKEN) for article.Facebook; it logs to graph's logger.
func New(graph *graphapi.Client, pageID string) *Publisher {
	return &Publisher{pageID: pageID, graph: graph, log: graph.Logger()}
}

// Platform is "facebook".
func (p *Publisher) Platform() string { return article.Facebook }

// Publish makes one link post: post.Text as the message, post.URL as the
// link. Once Graph has answered with the post id the post exists, so a
// failure to read its permalink afterwards is logged, not returned.
//
// Graph API docs: https://developers.facebook.com/docs/graph-api/reference/page/feed#publish
func (p *Publisher) Publish(ctx context.Context, post publish.Post) (publish.Receipt, error) {
	id, err := p.graph.Create(ctx, "/"+p.pageID+"/feed", graphapi.Params{
		"message": post.Text,
		"link":    post.URL,
	})
	if err != nil {
		return publish.Receipt{}, err
	}
	return p.receipt(ctx, id), nil
}

// receipt links the post or comment id by its permalink_url, or by the id
// link when that read fails: the node exists, so the failure is only logged.
func (p *Publisher) receipt(ctx context.Context, id string) publish.Receipt {
	r := publish.Receipt{ID: id, URL: "https://www.facebook.com/" + id}
	if link, err := p.graph.StringField(ctx, id, "permalink_url"); err != nil {
		p.log.WarnContext(ctx, "permalink not read; using the id link", "platform", article.Facebook,
			"id", id, "err", err)
	} else if link != "" {
		r.URL = link
	}
	return r
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

// Find looks for post.URL among the Page's recent posts, as the shared
// link or inside the message.
//
// Graph API docs: https://developers.facebook.com/docs/graph-api/reference/page/published_posts
func (p *Publisher) Find(ctx context.Context, post publish.Post) (publish.Receipt, bool, error) {
	fp, ok, err := graphapi.Find(ctx, p.graph, "/"+p.pageID+"/published_posts",
		graphapi.Params{"fields": "id,message,permalink_url,attachments{unshimmed_url}"},
		func(fp feedPost) bool { return matches(fp, post.URL) })
	return publish.Receipt{ID: fp.ID, URL: fp.PermalinkURL}, ok, err
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
	id, err := p.graph.Create(ctx, "/"+c.Parent.ID+"/comments", graphapi.Params{"message": c.Text})
	if err != nil {
		return publish.Receipt{}, err
	}
	return p.receipt(ctx, id), nil
}

// comment is a comment as read back.
type comment struct {
	ID           string `json:"id"`
	Message      string `json:"message"`
	PermalinkURL string `json:"permalink_url"`
	From         struct {
		ID string `json:"id"`
	} `json:"from"`
}

// FindComment looks for c among the comments under c.Parent.ID: one the
// Page made whose message is c.Text (whitespace aside). Newest first:
// the comment being reconciled is recent.
//
// Graph API docs: https://developers.facebook.com/docs/graph-api/reference/object/comments#read
func (p *Publisher) FindComment(ctx context.Context, c publish.Comment) (publish.Receipt, bool, error) {
	cm, ok, err := graphapi.Find(ctx, p.graph, "/"+c.Parent.ID+"/comments",
		graphapi.Params{"fields": "id,message,from,permalink_url", "order": "reverse_chronological", "filter": "stream"},
		func(cm comment) bool { return cm.From.ID == p.pageID && publish.SameText(cm.Message, c.Text) })
	return publish.Receipt{ID: cm.ID, URL: cm.PermalinkURL}, ok, err
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
