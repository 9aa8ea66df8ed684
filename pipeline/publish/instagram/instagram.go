// Package instagram publishes an article's photo with a caption to an
// Instagram professional account through the Graph API's content
// publishing flow (container → status polling → media_publish), and finds
// earlier posts by the article URL in their captions: Instagram returns
// neither the image URL nor a link field.
package instagram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/internal/retry"
	"github.com/kominfotik-lampung/warta/pipeline/publish"
	"github.com/kominfotik-lampung/warta/pipeline/publish/graphapi"
)

// Container status codes (IG Container reference, field status_code).
const (
	StatusInProgress = "IN_PROGRESS"
	StatusFinished   = "FINISHED"
	StatusError      = "ERROR"
	StatusExpired    = "EXPIRED"
	StatusPublished  = "PUBLISHED"
)

// Publisher posts to one Instagram professional account (INSTAGRAM_USER_ID)
// with the Page token of its linked Page.
type Publisher struct {
	igUserID string
	graph    *graphapi.Client
	log      *slog.Logger
	sleep    func(context.Context, time.Duration) error
	poll     Polling
}

var (
	_ publish.Publisher = (*Publisher)(nil)
	_ publish.Preparer  = (*Publisher)(nil)
	_ publish.Commenter = (*Publisher)(nil)
	_ publish.Deleter   = (*Publisher)(nil)
)

// Polling bounds the wait for a container to finish processing: the first
// pause, doubling up to Max, at most Attempts status reads.
type Polling struct {
	First    time.Duration
	Max      time.Duration
	Attempts int
}

func (p Polling) waits() retry.Policy {
	return retry.Policy{Attempts: p.Attempts, Base: p.First, MaxDelay: p.Max}
}

// DefaultPolling is the polling used unless WithPolling says otherwise:
// about five minutes in all, as Meta suggests for a container's status.
func DefaultPolling() Polling { return Polling{First: 3 * time.Second, Max: time.Minute, Attempts: 10} }

type options struct {
	sleep func(context.Context, time.Duration) error
	poll  Polling
}

// Option configures a Publisher.
type Option func(*options)

// WithSleep replaces the pause between status polls (tests record it
// instead of waiting). sleep must return ctx.Err() when ctx ends.
func WithSleep(sleep func(context.Context, time.Duration) error) Option {
	return func(o *options) {
		if sleep != nil {
			o.sleep = sleep
		}
	}
}

// WithPolling sets how long Publish waits for a container.
func WithPolling(p Polling) Option {
	return func(o *options) {
		if p.Attempts > 0 {
			o.poll = p
		}
	}
}

// New returns a Publisher for the account igUserID (INSTAGRAM_USER_ID)
// calling Graph through graph, a client made with the token of the linked
// Page (FACEBOOK_PAGE_TOKEN) for article.Instagram; it logs to graph's
// logger.
func New(graph *graphapi.Client, igUserID string, opts ...Option) *Publisher {
	o := options{sleep: retry.Sleep, poll: DefaultPolling()}
	for _, f := range opts {
		f(&o)
	}
	return &Publisher{igUserID: igUserID, graph: graph, log: graph.Logger(), sleep: o.sleep, poll: o.poll}
}

// Platform is "instagram".
func (p *Publisher) Platform() string { return article.Instagram }

// containerStatus is an IG Container's publishing state; Status carries the
// reason (an error subcode) when Code is ERROR.
type containerStatus struct {
	Code   string `json:"status_code"`
	Status string `json:"status"`
}

// Prepare returns the container to publish post with: post.Resume's when
// it is still usable (neither ERROR nor EXPIRED, nor gone), else a new one
// made from post.ImageURL and post.Text. publish.Run records the id in the
// intent line before calling Publish with it as post.Resume, so a crash
// between the two never leaves a second container behind.
func (p *Publisher) Prepare(ctx context.Context, post publish.Post) (string, error) {
	id, _, err := p.container(ctx, post)
	return id, err
}

func (p *Publisher) container(ctx context.Context, post publish.Post) (string, containerStatus, error) {
	if post.Resume != "" {
		st, err := p.status(ctx, post.Resume)
		switch {
		case err == nil && st.Code != StatusError && st.Code != StatusExpired:
			return post.Resume, st, nil
		case err == nil:
			p.log.InfoContext(ctx, "container unusable; creating another", "platform", article.Instagram,
				"container", post.Resume, "status_code", st.Code, "status", st.Status)
		case graphapi.Gone(err):
			// Graph no longer knows the id: start over.
			p.log.InfoContext(ctx, "container unreadable; creating another", "platform", article.Instagram,
				"container", post.Resume, "err", err)
		default:
			return "", containerStatus{}, err
		}
	}
	id, err := p.create(ctx, post)
	return id, containerStatus{}, err
}

// create makes a single-image container.
//
// Graph API docs: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media#creating
func (p *Publisher) create(ctx context.Context, post publish.Post) (string, error) {
	if post.ImageURL == "" {
		return "", fmt.Errorf("instagram: post for %s has no image URL", post.URL)
	}
	return p.graph.Create(ctx, "/"+p.igUserID+"/media", graphapi.Params{
		"image_url": post.ImageURL,
		"caption":   post.Text,
	})
}

// status reads a container's status_code.
//
// Graph API docs: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container
func (p *Publisher) status(ctx context.Context, id string) (containerStatus, error) {
	res, err := p.graph.Get(ctx, "/"+id, graphapi.Params{"fields": "status_code,status"})
	if err != nil {
		return containerStatus{}, err
	}
	var st containerStatus
	if err := graphapi.Decode(res, &st); err != nil {
		return containerStatus{}, err
	}
	return st, nil
}

// Publish publishes post: it reuses post.Resume's container when usable
// (else creates one), polls its status with bounded backoff until FINISHED,
// publishes it and returns the media id and permalink. A container still
// processing when the polls run out is a RetryableError; ERROR is a plain
// error with the platform's reason.
func (p *Publisher) Publish(ctx context.Context, post publish.Post) (publish.Receipt, error) {
	id, st, err := p.container(ctx, post)
	if err != nil {
		return publish.Receipt{}, err
	}
	for attempt := 1; ; attempt++ {
		if st.Code == "" {
			if st, err = p.status(ctx, id); err != nil {
				return publish.Receipt{}, err
			}
		}
		switch st.Code {
		case StatusFinished:
			return p.publish(ctx, id)
		case StatusPublished:
			// An earlier run published it and crashed before recording.
			r, ok, err := p.Find(ctx, post)
			switch {
			case err != nil:
				return publish.Receipt{}, err
			case !ok:
				return publish.Receipt{}, fmt.Errorf("instagram: container %s is PUBLISHED but no recent media carries %s", id, post.URL)
			}
			return r, nil
		case StatusError:
			return publish.Receipt{}, fmt.Errorf("instagram: container %s failed: ERROR: %s", id, st.Status)
		case StatusExpired:
			return publish.Receipt{}, &publish.RetryableError{Err: fmt.Errorf("instagram: container %s EXPIRED before publishing", id)}
		case StatusInProgress:
		default:
			return publish.Receipt{}, fmt.Errorf("instagram: container %s has unknown status_code %q", id, st.Code)
		}
		delay, ok := p.poll.waits().Wait(attempt, 0, 0)
		if !ok {
			return publish.Receipt{}, &publish.RetryableError{
				Err: fmt.Errorf("instagram: container %s still IN_PROGRESS after %d status reads", id, attempt)}
		}
		p.log.DebugContext(ctx, "container processing", "platform", article.Instagram, "container", id,
			"attempt", attempt, "wait", delay)
		if err := p.sleep(ctx, delay); err != nil {
			return publish.Receipt{}, err
		}
		st = containerStatus{}
	}
}

// publish turns a FINISHED container into a post. Once media_publish has
// answered the post exists: a failed permalink read is only logged.
//
// Graph API docs: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media_publish
func (p *Publisher) publish(ctx context.Context, id string) (publish.Receipt, error) {
	mediaID, err := p.graph.Create(ctx, "/"+p.igUserID+"/media_publish", graphapi.Params{"creation_id": id})
	var ge *graphapi.Error
	if errors.As(err, &ge) && ge.Code == 9007 && ge.Subcode == 2207027 {
		// "Media Not Ready For Publishing: please wait for a moment" can
		// follow FINISHED closely; the container stays, so a retry resumes it.
		return publish.Receipt{}, &publish.RetryableError{Err: err}
	}
	if err != nil {
		return publish.Receipt{}, err
	}
	r := publish.Receipt{ID: mediaID}
	if link, err := p.graph.StringField(ctx, mediaID, "permalink"); err != nil {
		p.log.WarnContext(ctx, "permalink not read", "platform", article.Instagram, "media", mediaID, "err", err)
	} else {
		r.URL = link
	}
	return r, nil
}

// media is a media object as read back.
type media struct {
	ID        string `json:"id"`
	Caption   string `json:"caption"`
	Permalink string `json:"permalink"`
}

// Find looks for post.URL in the captions of the account's recent media.
//
// Graph API docs: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media#reading
func (p *Publisher) Find(ctx context.Context, post publish.Post) (publish.Receipt, bool, error) {
	m, ok, err := graphapi.Find(ctx, p.graph, "/"+p.igUserID+"/media",
		graphapi.Params{"fields": "id,caption,permalink,timestamp"},
		func(m media) bool { return publish.TextHasURL(m.Caption, post.URL) })
	return publish.Receipt{ID: m.ID, URL: m.Permalink}, ok, err
}

// Comment adds c.Text as a comment of the account under the media
// c.Parent.ID (a correction, DESIGN §10: Instagram cannot edit a caption).
// An Instagram comment has no permalink of its own: the receipt links the
// media.
//
// Graph API docs: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-media/comments#creating
func (p *Publisher) Comment(ctx context.Context, c publish.Comment) (publish.Receipt, error) {
	if c.Parent.ID == "" {
		return publish.Receipt{}, fmt.Errorf("instagram: correction of %s has no media to comment on", c.URL)
	}
	id, err := p.graph.Create(ctx, "/"+c.Parent.ID+"/comments", graphapi.Params{"message": c.Text})
	if err != nil {
		return publish.Receipt{}, err
	}
	return publish.Receipt{ID: id, URL: c.Parent.URL}, nil
}

// comment is a comment as read back.
type comment struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	From struct {
		ID string `json:"id"`
	} `json:"from"`
}

// FindComment looks for c among the comments under c.Parent.ID: one the
// account made whose text is c.Text (whitespace aside).
//
// Graph API docs: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-media/comments#reading
func (p *Publisher) FindComment(ctx context.Context, c publish.Comment) (publish.Receipt, bool, error) {
	cm, ok, err := graphapi.Find(ctx, p.graph, "/"+c.Parent.ID+"/comments",
		graphapi.Params{"fields": "id,text,from,timestamp"},
		func(cm comment) bool {
			return (cm.From.ID == "" || cm.From.ID == p.igUserID) && publish.SameText(cm.Text, c.Text)
		})
	if !ok {
		return publish.Receipt{}, false, err
	}
	return publish.Receipt{ID: cm.ID, URL: c.Parent.URL}, true, nil
}

// Delete removes the media t.ID (a retraction). Instagram lets only apps
// on Facebook Login for Business with instagram_manage_contents delete
// media; a permission error (code 10 or 200–299) comes back as a
// *publish.DeleteRefusedError naming the media, for staff to delete by
// hand, unless the media is gone already (deleted by hand: GET answers
// code 100), which is no error, nor is a DELETE answered with code 100.
//
// Graph API docs: https://developers.facebook.com/docs/instagram-platform/reference/instagram-media#delete
func (p *Publisher) Delete(ctx context.Context, t publish.Target) error {
	_, err := p.graph.Delete(ctx, "/"+t.ID)
	switch {
	case err == nil:
		return nil
	case graphapi.Gone(err):
		p.log.InfoContext(ctx, "media gone already", "platform", article.Instagram, "media", t.ID)
		return nil
	case !graphapi.Denied(err):
		return err
	}
	if _, gerr := p.graph.StringField(ctx, t.ID, "id"); graphapi.Gone(gerr) {
		p.log.InfoContext(ctx, "media deleted by hand", "platform", article.Instagram, "media", t.ID)
		return nil
	}
	return &publish.DeleteRefusedError{Platform: article.Instagram, ID: t.ID, URL: t.URL, Err: err}
}
