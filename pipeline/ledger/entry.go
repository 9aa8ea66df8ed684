// Package ledger keeps what warta posted: ledger.jsonl on the branch
// warta-ledger of the repository's origin, one Entry a line, appended with
// compare-and-swap pushes through go-git.
package ledger

import "time"

// Branch and File locate the ledger in the repository.
const (
	Branch = "warta-ledger"
	File   = "ledger.jsonl"
)

// States of an Entry.
const (
	Intent  = "intent"  // pushed before posting
	Done    = "done"    // pushed after the platform confirmed the post
	Failed  = "failed"  // the post failed; a later run may try again
	Deleted = "deleted" // the post was removed (a retraction); never posted again
)

// Entry is one line of ledger.jsonl.
type Entry struct {
	Article  string    `json:"article"`            // article ID, e.g. berita/2026/11/25-jembatan
	Platform string    `json:"platform"`           // facebook, instagram, x
	State    string    `json:"state"`              // intent, done, failed, deleted
	PostID   string    `json:"post_id,omitempty"`  // the platform's id (Instagram intent: container id)
	PostURL  string    `json:"post_url,omitempty"` // public link to the post
	Time     time.Time `json:"time"`               // when the line was written (UTC)
	Commit   string    `json:"commit,omitempty"`   // content commit published (GITHUB_SHA)
	Run      string    `json:"run,omitempty"`      // GITHUB_RUN_ID
	Error    string    `json:"error,omitempty"`    // failed: the platform's message (no secrets)
	// Title is the article's title when the line was written: a renamed
	// folder without an alias is recognised by it (the ID changed, the
	// title did not). Lines written before it existed have none.
	Title string `json:"title,omitempty"`
	// Correction is, for a line about a correction (a comment or reply
	// under the article's post, DESIGN §10), the 1-based index of the
	// entry in the article's `corrections` list; 0, and left out of the
	// line, for the article's post itself. Lines written before it
	// existed are all about posts.
	Correction int `json:"correction,omitempty"`
}
