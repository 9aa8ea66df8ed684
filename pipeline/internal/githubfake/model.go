package githubfake

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"time"
)

// Team membership states, as GET /orgs/{org}/teams/{slug}/memberships/{user}
// reports them: an invited user who has not accepted yet is "pending".
const (
	Active  = "active"
	Pending = "pending"
)

// PR is a pull request. Zero fields get GitHub-like defaults when served:
// HeadSHA, BaseSHA and MergeCommit a 40-hex name made from Number, HeadRef
// "naskah", HeadUser the repository owner, BaseRef "main".
//
// Issues and pull requests share one number space, as on GitHub; give each
// number to one PR or one Issue.
type PR struct {
	Number      int
	Title, Body string
	Author      string
	Draft       bool
	HeadSHA     string
	HeadRef     string // branch of the head
	HeadUser    string // owner of the head repository (a fork)
	BaseRef     string
	BaseSHA     string // base.sha: the base branch's commit the PR was last compared with
	MergeCommit string // merge_commit_sha; also found by GET /commits/{sha}/pulls
	Created     time.Time
	Updated     time.Time // zero: the latest of Merged, Closed and Created
	Closed      time.Time // closed without merge; a merged PR is closed at Merged
	Merged      time.Time
	MergedBy    string
	Labels      []string
	Assignees   []string
	// Files are the changed files; changed_files counts them all, while
	// "List pull requests files" serves only the first MaxListedFiles in
	// path order.
	Files   []File
	Commits []Commit // "committed" entries of the timeline
	Reviews []Review
	// Requested reviewers (users) and teams (slugs) still awaited.
	RequestedUsers []string
	RequestedTeams []string
	Comments       []Comment
	Events         []Event
}

// Issue is an issue that is not a pull request.
type Issue struct {
	Number      int
	Title, Body string
	Author      string
	// Association is author_association: OWNER, MEMBER, COLLABORATOR,
	// CONTRIBUTOR, FIRST_TIME_CONTRIBUTOR, NONE…; empty: OWNER for the
	// repository owner, else NONE, as for a stranger on GitHub.
	Association string
	Created     time.Time
	Closed      time.Time
	Labels      []string
	Assignees   []string
	Comments    []Comment
	Events      []Event
}

// File is a changed file of a pull request. Status defaults to "renamed"
// when Previous is set, else "added".
type File struct {
	Name      string
	Status    string // added, modified, removed, renamed
	Previous  string
	Additions int
	Deletions int
}

// Commit is a commit of a pull request. Zero fields default to a SHA made
// from the PR number and position, the message "naskah" and the PR's
// creation time.
type Commit struct {
	SHA     string
	Message string
	Date    time.Time
}

// Review is a submitted review. A zero ID is derived from the PR number and
// position; an empty CommitID is the PR's head.
type Review struct {
	ID       int64
	User     string
	State    string // APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED
	CommitID string
	Body     string
	At       time.Time // submitted_at
}

// Comment is an issue (or pull request conversation) comment.
type Comment struct {
	ID      int64
	User    string
	Bot     bool
	Body    string
	Created time.Time
	Updated time.Time
}

// Event is an issue event: assigned/unassigned (Assignee),
// review_requested/review_request_removed (Reviewer or Team),
// labeled/unlabeled (Label), ready_for_review, convert_to_draft, merged,
// closed, and the timeline-only cross-referenced. A zero ID is derived from
// the position.
type Event struct {
	ID       int64
	Event    string
	Actor    string
	At       time.Time
	Assignee string
	Reviewer string
	Team     string
	Label    string
}

// timelineOnly reports the event types the Issue Events API does not list;
// only the timeline has them.
func timelineOnly(event string) bool {
	switch event {
	case "cross-referenced", "committed", "reviewed", "commented", "line-commented", "commit-commented":
		return true
	}
	return false
}

// Status is a commit status as created.
type Status struct {
	SHA, State, Description, Context, TargetURL string
}

// BlobSHA is git's object name of a blob with data.
func BlobSHA(data []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(data))
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}

func hexName(n int) string { return fmt.Sprintf("%040x", n) }

func (p *PR) headSHA() string {
	if p.HeadSHA == "" {
		return hexName(p.Number)
	}
	return p.HeadSHA
}

func (p *PR) headRef() string {
	if p.HeadRef == "" {
		return "naskah"
	}
	return p.HeadRef
}

func (p *PR) headUser(owner string) string {
	if p.HeadUser == "" {
		return owner
	}
	return p.HeadUser
}

func (p *PR) baseRef() string {
	if p.BaseRef == "" {
		return "main"
	}
	return p.BaseRef
}

func (p *PR) baseSHA() string {
	if p.BaseSHA == "" {
		return hexName(2<<20 + p.Number)
	}
	return p.BaseSHA
}

func (p *PR) mergeCommit() string {
	if p.MergeCommit == "" {
		return hexName(1<<20 + p.Number)
	}
	return p.MergeCommit
}

func (p *PR) open() bool { return p.Merged.IsZero() && p.Closed.IsZero() }

func (p *PR) closedAt() time.Time {
	if !p.Merged.IsZero() {
		return p.Merged
	}
	return p.Closed
}

func (p *PR) updated() time.Time {
	if !p.Updated.IsZero() {
		return p.Updated
	}
	if c := p.closedAt(); !c.IsZero() {
		return c
	}
	return p.Created
}

func (p *PR) commit(i int) Commit {
	c := p.Commits[i]
	if c.SHA == "" {
		c.SHA = hexName(p.Number<<8 + i + 1)
	}
	if c.Message == "" {
		c.Message = "naskah"
	}
	if c.Date.IsZero() {
		c.Date = p.Created
	}
	return c
}

func (p *PR) review(i int) Review {
	r := p.Reviews[i]
	if r.ID == 0 {
		r.ID = int64(80000 + p.Number*100 + i)
	}
	if r.CommitID == "" {
		r.CommitID = p.headSHA()
	}
	return r
}

func event(es []Event, i int) Event {
	e := es[i]
	if e.ID == 0 {
		e.ID = int64(90000 + i)
	}
	return e
}

func (is *Issue) association(owner string) string {
	switch {
	case is.Association != "":
		return is.Association
	case is.Author == owner:
		return "OWNER"
	}
	return "NONE"
}

// Attachment is a file uploaded into an issue or comment, served under
// /user-attachments/assets/<id> (outside the API, as on GitHub) by a
// redirect to a signed storage URL.
type Attachment struct {
	Data []byte
	// Chunked leaves Content-Length out (chunked transfer encoding).
	Chunked bool
}

// FormBody renders issue form answers as GitHub writes them into the issue
// body: for each field in order "### <label>", a blank line, then the
// answer, or "_No response_" for an empty one.
func FormBody(fields [][2]string) string {
	var out string
	for i, f := range fields {
		v := f[1]
		if v == "" {
			v = "_No response_"
		}
		if i > 0 {
			out += "\n\n"
		}
		out += "### " + f[0] + "\n\n" + v
	}
	return out
}
