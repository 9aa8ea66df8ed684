package gate

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/config"
	"github.com/kominfotik-lampung/warta/pipeline/content"
)

// Context is the commit status context the gate sets.
const Context = "warta/sop"

// perPage is the page size of every list call (the API's maximum).
const perPage = 100

// Verdict is the gate's answer for one pull request.
type Verdict struct {
	State       string   `json:"state"`
	Description string   `json:"description"`
	Kasi        []string `json:"kasi"`
	Kabid       []string `json:"kabid"`
	Reasons     []string `json:"reasons"`

	PR       int       `json:"pr"`
	Title    string    `json:"-"`
	URL      string    `json:"-"`
	Author   string    `json:"-"`
	HeadSHA  string    `json:"head_sha"`
	BaseRef  string    `json:"-"`
	Draft    bool      `json:"-"`
	Created  time.Time `json:"-"`
	Merged   time.Time `json:"-"`
	MergedBy string    `json:"-"`
	// TouchesContent: the PR changes something under content/.
	TouchesContent bool `json:"-"`
	// Files are the PR's changed paths, ContentFiles those under content/.
	Files, ContentFiles []string `json:"-"`
	// Decision is the rules' full answer.
	Decision Decision `json:"-"`
	// KabidRequested: a Kabid review is requested, or a Kabid member other
	// than the counting Kasi has already reviewed.
	KabidRequested bool `json:"-"`
	// KabidRequestedAt is when the Kabid review was requested (zero when
	// unknown); filled with Options.Content.
	KabidRequestedAt time.Time `json:"-"`
	// KabidRequestedFrom is who was asked ("@user" or "@org/team"), with
	// KabidRequestedAt.
	KabidRequestedFrom []string `json:"-"`
	// RequestedNow: this run asked for the Kabid review (set by Run).
	RequestedNow bool `json:"-"`

	// With Options.Content: the PR's articles loaded at the head commit,
	// and the `warta check` problems of its content files.
	Articles []*article.Article `json:"-"`
	Problems []article.Problem  `json:"-"`
	// ContentNote says why content was not (fully) checked, if so.
	ContentNote string `json:"-"`
	// Assignments are the assignment issue numbers the articles name.
	Assignments []int `json:"-"`
}

// Options tune EvaluateWith.
type Options struct {
	// Content fetches the PR's content bundles at the head commit, checks
	// them and reads the review-request history, for the PR comment.
	Content bool
	// Log receives maintainer logs; nil discards them.
	Log *slog.Logger
}

// Evaluate reads pull request pr of owner/repo and applies the rules of
// DESIGN.md §6 with the roles of cfg. It writes nothing to GitHub. The
// error is for a PR that could not be evaluated (API failure, unknown PR);
// classify it with ghclient.Describe.
func Evaluate(ctx context.Context, c *github.Client, owner, repo string, pr int, cfg *config.Config) (*Verdict, error) {
	return EvaluateWith(ctx, c, owner, repo, pr, cfg, Options{})
}

// EvaluateWith is Evaluate with options.
func EvaluateWith(ctx context.Context, c *github.Client, owner, repo string, pr int, cfg *config.Config, opt Options) (*Verdict, error) {
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	v, reviews, err := readConsistent(ctx, c, owner, repo, pr)
	if err != nil {
		return nil, err
	}
	opt.Log.Debug("gate: read pull request", "pr", pr, "files", len(v.Files), "reviews", len(reviews), "head", v.HeadSHA)

	roles := newRoleResolver(c, owner, cfg)
	in := Input{
		Author: v.Author, HeadSHA: v.HeadSHA, Draft: v.Draft, TouchesContent: v.TouchesContent,
		Reviews: reviews, Members: map[string]Member{},
		KasiTitle: roleTitle(cfg.Roles.Kasi, "Kasi PIP"), KabidTitle: roleTitle(cfg.Roles.Kabid, "Kabid PLIP"),
	}
	if v.TouchesContent {
		for _, r := range reviews {
			if r.State == "PENDING" || r.User == "" {
				continue
			}
			m, err := roles.member(ctx, r.User)
			if err != nil {
				return nil, err
			}
			in.Members[strings.ToLower(r.User)] = m
		}
	}
	v.Decision = Decide(in)
	v.State, v.Description = v.Decision.State, v.Decision.Description
	v.Kasi, v.Kabid, v.Reasons = nonNil(v.Decision.Kasi), nonNil(v.Decision.Kabid), nonNil(v.Decision.Reasons)

	if v.TouchesContent && v.Decision.KasiApproval != nil {
		if err := kabidRequested(ctx, c, owner, repo, v, cfg, roles, reviews, in.Members); err != nil {
			return nil, err
		}
	}
	if opt.Content && v.TouchesContent {
		if err := loadContent(ctx, c, owner, repo, v, cfg); err != nil {
			return nil, err
		}
		if v.Decision.KasiApproval != nil {
			if err := kabidRequestTime(ctx, c, owner, repo, v, cfg, roles); err != nil {
				return nil, err
			}
		}
	}
	return v, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// maxHeadReads is how often the gate reads a PR whose head moves while it
// is being read before it gives up (a new push starts a new gate run).
const maxHeadReads = 3

// readConsistent reads the PR, its changed files and its reviews, then the
// PR again: if the head moved meanwhile, the files may belong to another
// commit than the status would be set on (a verdict about a push's files
// on the commit before it), so it reads again, at most maxHeadReads times,
// and else reports an *UndecidedError.
func readConsistent(ctx context.Context, c *github.Client, owner, repo string, pr int) (*Verdict, []Review, error) {
	// GitHub docs: https://docs.github.com/rest/pulls/pulls#get-a-pull-request
	p, _, err := c.PullRequests.Get(ctx, owner, repo, pr)
	if err != nil {
		return nil, nil, fmt.Errorf("gate: read pull request #%d: %w", pr, err)
	}
	for read := 1; ; read++ {
		head := p.GetHead().GetSHA()
		if head == "" {
			return nil, nil, fmt.Errorf("gate: pull request #%d has no head commit", pr)
		}
		files, listed, err := listFiles(ctx, c, owner, repo, pr)
		if err != nil {
			return nil, nil, err
		}
		reviews, err := listReviews(ctx, c, owner, repo, pr)
		if err != nil {
			return nil, nil, err
		}
		again, _, err := c.PullRequests.Get(ctx, owner, repo, pr)
		if err != nil {
			return nil, nil, fmt.Errorf("gate: read pull request #%d: %w", pr, err)
		}
		if again.GetHead().GetSHA() == head {
			ch, err := completeChanges(ctx, c, owner, repo, again, files, listed)
			if err != nil {
				return nil, nil, err
			}
			v := &Verdict{
				PR: pr, Title: again.GetTitle(), URL: again.GetHTMLURL(), Author: again.GetUser().GetLogin(),
				HeadSHA: head, BaseRef: again.GetBase().GetRef(), Draft: again.GetDraft(),
				Created: again.GetCreatedAt().Time, Merged: again.GetMergedAt().Time, MergedBy: again.GetMergedBy().GetLogin(),
				Files: ch.files,
			}
			for _, f := range v.Files {
				if strings.HasPrefix(f, content.Dir+"/") || f == content.Dir {
					v.ContentFiles = append(v.ContentFiles, f)
				}
			}
			v.TouchesContent = len(v.ContentFiles) > 0
			if ch.partial {
				v.ContentNote = "PR mengubah sangat banyak berkas di content/; hanya sebagian yang diperiksa"
			}
			return v, reviews, nil
		}
		if read == maxHeadReads {
			return nil, nil, &UndecidedError{PR: pr, HeadSHA: again.GetHead().GetSHA(),
				Err:    fmt.Errorf("head moved %d times while reading", read),
				Reason: "commit terbaru PR terus berubah selama penilaian; gerbang akan menilai lagi setelah push berikutnya, atau jalankan ulang workflow gate"}
		}
		p = again
	}
}

// listReviews returns every submitted review of the PR, all pages.
func listReviews(ctx context.Context, c *github.Client, owner, repo string, pr int) ([]Review, error) {
	var out []Review
	opt := &github.ListOptions{PerPage: perPage}
	for {
		// GitHub docs: https://docs.github.com/rest/pulls/reviews#list-reviews-for-a-pull-request
		rs, resp, err := c.PullRequests.ListReviews(ctx, owner, repo, pr, opt)
		if err != nil {
			return nil, fmt.Errorf("gate: list reviews of #%d: %w", pr, err)
		}
		for _, r := range rs {
			out = append(out, Review{
				ID: r.GetID(), User: r.GetUser().GetLogin(), State: r.GetState(),
				CommitID: r.GetCommitID(), SubmittedAt: r.GetSubmittedAt().Time,
			})
		}
		if resp.NextPage == 0 {
			return out, nil
		}
		opt.Page = resp.NextPage
	}
}

// kabidRequested sets v.KabidRequested: the Kabid team or a Kabid member is
// among the requested reviewers, or a Kabid member (not the counting Kasi,
// not the author) has reviewed since the counting Kasi approval (GitHub
// drops a reviewer from the requested list once they review).
func kabidRequested(ctx context.Context, c *github.Client, owner, repo string, v *Verdict, cfg *config.Config,
	roles *roleResolver, reviews []Review, members map[string]Member) error {
	kasi := map[string]bool{}
	for _, k := range v.Kasi {
		kasi[strings.ToLower(k)] = true
	}
	since := v.Decision.KasiApproval.SubmittedAt
	for _, r := range reviews {
		k := strings.ToLower(r.User)
		// A Kabid review from before the counting Kasi approval, or of an
		// older commit, does not count (the Kabid must verify the current
		// head after the Kasi), so the Kabid is asked again.
		if r.State == "PENDING" || kasi[k] || strings.EqualFold(r.User, v.Author) || r.SubmittedAt.Before(since) || r.CommitID != v.HeadSHA {
			continue
		}
		m, ok := members[k]
		if !ok {
			var err error
			if m, err = roles.member(ctx, r.User); err != nil {
				return err
			}
		}
		if m.Kabid {
			v.KabidRequested = true
			return nil
		}
	}
	// GitHub docs: https://docs.github.com/rest/pulls/review-requests#get-all-requested-reviewers-for-a-pull-request
	req, _, err := c.PullRequests.ListReviewers(ctx, owner, repo, v.PR, &github.ListOptions{PerPage: perPage})
	if err != nil {
		return fmt.Errorf("gate: list requested reviewers of #%d: %w", v.PR, err)
	}
	if t := cfg.Roles.Kabid.Team; t != "" {
		_, slug := roles.team(t)
		for _, team := range req.Teams {
			if strings.EqualFold(team.GetSlug(), slug) {
				v.KabidRequested = true
				return nil
			}
		}
	}
	for _, u := range req.Users {
		m, err := roles.member(ctx, u.GetLogin())
		if err != nil {
			return err
		}
		if m.Kabid && !kasi[strings.ToLower(u.GetLogin())] {
			v.KabidRequested = true
			return nil
		}
	}
	return nil
}

// kabidRequestTime finds when the Kabid review was last requested, from the
// PR's timeline events.
func kabidRequestTime(ctx context.Context, c *github.Client, owner, repo string, v *Verdict, cfg *config.Config, roles *roleResolver) error {
	_, slug := "", ""
	if cfg.Roles.Kabid.Team != "" {
		_, slug = roles.team(cfg.Roles.Kabid.Team)
	}
	opt := &github.ListOptions{PerPage: perPage}
	for {
		// GitHub docs: https://docs.github.com/rest/issues/events#list-issue-events
		evs, resp, err := c.Issues.ListIssueEvents(ctx, owner, repo, v.PR, opt)
		if err != nil {
			return fmt.Errorf("gate: list events of #%d: %w", v.PR, err)
		}
		for _, e := range evs {
			if e.GetEvent() != "review_requested" {
				continue
			}
			hit := slug != "" && strings.EqualFold(e.GetRequestedTeam().GetSlug(), slug)
			if login := e.GetRequestedReviewer().GetLogin(); !hit && login != "" {
				m, err := roles.member(ctx, login)
				if err != nil {
					return err
				}
				hit = m.Kabid
			}
			if hit && !e.GetCreatedAt().Time.Before(v.Decision.KasiApproval.SubmittedAt) {
				if !e.GetCreatedAt().Time.Equal(v.KabidRequestedAt) {
					v.KabidRequestedFrom = nil
				}
				v.KabidRequestedAt = e.GetCreatedAt().Time
				if e.GetRequestedTeam().GetSlug() != "" {
					v.KabidRequestedFrom = append(v.KabidRequestedFrom, "@"+owner+"/"+e.GetRequestedTeam().GetSlug())
				} else {
					v.KabidRequestedFrom = append(v.KabidRequestedFrom, "@"+e.GetRequestedReviewer().GetLogin())
				}
			}
		}
		if resp.NextPage == 0 {
			return nil
		}
		opt.Page = resp.NextPage
	}
}
