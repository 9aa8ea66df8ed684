// Package publish cross-posts due, verified articles to the social
// platforms exactly once: it decides what is due, re-verifies approval
// through a Verifier, retries transient failures and records intent/done
// in the ledger around every post. One package per platform implements
// Publisher; they import this package, never the reverse.
package publish

import (
	"context"
	"fmt"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/article"
)

// Post is what one platform receives for one article.
type Post struct {
	Article *article.Article
	// URL is the article's absolute public URL.
	URL string
	// Text is the message, caption or post text (article.SocialText).
	Text string
	// ImageURL is the absolute URL of the Instagram-ready JPEG derivative
	// of the first photo on the deployed site (Instagram only).
	ImageURL string
	// Resume carries state from an earlier intent (the Instagram container
	// id), so a retry continues instead of starting over.
	Resume string
}

// Receipt is a platform's answer to a successful post.
type Receipt struct {
	ID  string // the platform's post id
	URL string // a public link to the post
}

// Publisher posts one article to one platform: one attempt, no retries.
type Publisher interface {
	Platform() string
	Publish(ctx context.Context, p Post) (Receipt, error)
	// Find looks for an earlier post of p among the account's recent posts
	// (by the article URL), for reconciling an intent without done. ok is
	// false when there is none.
	Find(ctx context.Context, p Post) (r Receipt, ok bool, err error)
}

// RetryableError marks a failure worth retrying (429, 5xx, Graph throttling
// codes); After is the wait the platform asked for, 0 when it named none.
type RetryableError struct {
	After time.Duration
	Err   error
}

func (e *RetryableError) Error() string {
	if e.After > 0 {
		return fmt.Sprintf("%v (retry after %s)", e.Err, e.After)
	}
	return e.Err.Error()
}

func (e *RetryableError) Unwrap() error { return e.Err }
