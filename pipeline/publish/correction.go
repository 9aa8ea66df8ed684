package publish

import (
	"context"
	"fmt"

	"github.com/kominfotik-lampung/warta/pipeline/article"
)

// Comment is what one platform receives for one correction of an article
// (DESIGN §10): a comment under the article's post on Facebook and
// Instagram, a reply to it on X.
type Comment struct {
	Article *article.Article
	// Index is the correction's 1-based position in Article.Corrections,
	// its number in the ledger (Entry.Correction).
	Index      int
	Correction article.Correction
	// URL is the article's absolute public URL.
	URL string
	// Text is article.CorrectionText for the platform.
	Text string
	// Parent is the article's post on the platform, as the ledger's done
	// line recorded it (empty in a dry run).
	Parent Receipt
}

// Commenter is implemented by publishers that can carry a correction under
// an earlier post. As with Publisher, due-ness, retries and the ledger are
// publish.Run's: one call is one attempt.
type Commenter interface {
	// Comment adds c.Text under c.Parent and returns the new comment's id
	// and, when the platform has one, its link.
	Comment(ctx context.Context, c Comment) (Receipt, error)
	// FindComment looks for an earlier comment of c under c.Parent (by
	// its text, made by this account), for reconciling an intent without
	// done. ok is false when there is none.
	FindComment(ctx context.Context, c Comment) (r Receipt, ok bool, err error)
}

// Target is a post to remove because its article was retracted.
type Target struct {
	Article *article.Article
	// ID and URL are the post as the ledger's done line recorded it.
	ID, URL string
}

// Deleter is implemented by publishers that can remove an earlier post.
type Deleter interface {
	// Delete removes t.ID. A post that is gone already (deleted by hand,
	// or by a racing run) is no error: the outcome is the same. A
	// platform that does not let this account delete it answers with a
	// *DeleteRefusedError.
	Delete(ctx context.Context, t Target) error
}

// DeleteRefusedError is a platform refusing to delete a post with warta's
// credentials (Instagram deletes media only for apps on Facebook Login with
// instagram_manage_contents): staff must remove it by hand, and every run
// says so again until the post is gone.
type DeleteRefusedError struct {
	Platform string
	ID, URL  string
	Err      error
}

func (e *DeleteRefusedError) Error() string {
	return fmt.Sprintf("%s: deleting %s refused: %v", e.Platform, e.ID, e.Err)
}

func (e *DeleteRefusedError) Unwrap() error { return e.Err }
