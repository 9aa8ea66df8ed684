package gate

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/kominfotik-lampung/warta/pipeline/config"
)

// Marker identifies the gate's PR comment; the gate edits the comment that
// carries it instead of adding a new one each run.
const Marker = "<!-- warta:gate -->"

// RunOptions tune Run.
type RunOptions struct {
	// NoStatus writes nothing to GitHub: no status, no review request, no
	// comment.
	NoStatus bool
	// TargetURL is the link of the commit status (the workflow run).
	TargetURL string
	// Now is the clock, for steps still running; nil means time.Now.
	Now func() time.Time
	// Log receives maintainer logs; nil discards them.
	Log *slog.Logger
}

// Run evaluates pull request pr and, unless opt.NoStatus, reports on GitHub:
// requests the Kabid review once a Kasi approval counts and none is
// requested yet, sets the commit status Context on the head commit, and
// creates or edits the one PR comment carrying Marker. The verdict is
// returned even when a write fails, with the error.
func Run(ctx context.Context, c *github.Client, owner, repo string, pr int, cfg *config.Config, opt RunOptions) (*Verdict, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	v, err := EvaluateWith(ctx, c, owner, repo, pr, cfg, Options{Content: true, Log: opt.Log})
	if err != nil {
		var und *UndecidedError
		if errors.As(err, &und) && und.HeadSHA != "" && !opt.NoStatus {
			// Fail closed: whatever status the head had, it is pending now.
			st := &github.RepoStatus{State: github.String(Pending), Context: github.String(Context),
				Description: github.String(truncate("Tidak dapat dinilai: "+und.Reason, maxDescription))}
			if opt.TargetURL != "" {
				st.TargetURL = github.String(opt.TargetURL)
			}
			// GitHub docs: https://docs.github.com/rest/commits/statuses#create-a-commit-status
			if _, _, serr := c.Repositories.CreateStatus(ctx, owner, repo, und.HeadSHA, st); serr != nil {
				return nil, errors.Join(err, fmt.Errorf("gate: set status %s on %s: %w", Context, short(und.HeadSHA), serr))
			}
		}
		return nil, err
	}
	if opt.NoStatus {
		return v, nil
	}
	if v.TouchesContent && !v.Draft && v.State == Pending && v.Decision.KasiApproval != nil && !v.KabidRequested {
		if err := requestKabid(ctx, c, owner, repo, v, cfg, opt.Now()); err != nil {
			return v, err
		}
		opt.Log.Info("gate: requested Kabid review", "pr", pr, "reviewers", strings.Join(v.KabidRequestedFrom, ","))
	}
	// GitHub docs: https://docs.github.com/rest/commits/statuses#create-a-commit-status
	st := &github.RepoStatus{State: github.String(v.State), Description: github.String(v.Description), Context: github.String(Context)}
	if opt.TargetURL != "" {
		st.TargetURL = github.String(opt.TargetURL)
	}
	if _, _, err := c.Repositories.CreateStatus(ctx, owner, repo, v.HeadSHA, st); err != nil {
		return v, fmt.Errorf("gate: set status %s on %s: %w", Context, short(v.HeadSHA), err)
	}
	body := Comment(v, cfg, opt.Now())
	if err := upsertComment(ctx, c, owner, repo, pr, body); err != nil {
		return v, err
	}
	return v, nil
}

// requestKabid asks the Kabid team (or, without a team, the Kabid users
// other than the author and the approving Kasi) for a review.
func requestKabid(ctx context.Context, c *github.Client, owner, repo string, v *Verdict, cfg *config.Config, now time.Time) error {
	role := cfg.Roles.Kabid
	var req github.ReviewersRequest
	if role.Team != "" {
		org, slug := (&roleResolver{owner: owner}).team(role.Team)
		if strings.EqualFold(org, owner) {
			req.TeamReviewers = []string{slug}
		}
	}
	if len(req.TeamReviewers) == 0 {
		skip := map[string]bool{strings.ToLower(v.Author): true}
		for _, k := range v.Kasi {
			skip[strings.ToLower(k)] = true
		}
		for _, u := range role.Users {
			u = strings.TrimPrefix(u, "@")
			if !skip[strings.ToLower(u)] {
				req.Reviewers = append(req.Reviewers, u)
			}
		}
	}
	if len(req.TeamReviewers)+len(req.Reviewers) == 0 {
		v.Reasons = append(v.Reasons, "tidak ada tim atau pengguna Kabid yang dapat diminta meninjau; isi roles.kabid di site/config.yaml")
		return nil
	}
	// GitHub docs: https://docs.github.com/rest/pulls/review-requests#request-reviewers-for-a-pull-request
	_, _, err := c.PullRequests.RequestReviewers(ctx, owner, repo, v.PR, req)
	if err != nil && len(req.TeamReviewers) > 0 && len(role.Users) > 0 {
		// The team may be invisible to this token: fall back to the users.
		team := req.TeamReviewers
		req = github.ReviewersRequest{}
		for _, u := range role.Users {
			if u = strings.TrimPrefix(u, "@"); !strings.EqualFold(u, v.Author) {
				req.Reviewers = append(req.Reviewers, u)
			}
		}
		if len(req.Reviewers) > 0 {
			_, _, err = c.PullRequests.RequestReviewers(ctx, owner, repo, v.PR, req)
		}
		if err == nil {
			v.Reasons = append(v.Reasons, fmt.Sprintf("tim %s tidak dapat diminta meninjau; pengguna Kabid diminta langsung", team[0]))
		}
	}
	if err != nil {
		return fmt.Errorf("gate: request Kabid review on #%d: %w", v.PR, err)
	}
	v.KabidRequestedFrom = nil
	for _, t := range req.TeamReviewers {
		v.KabidRequestedFrom = append(v.KabidRequestedFrom, "@"+owner+"/"+t)
	}
	for _, u := range req.Reviewers {
		v.KabidRequestedFrom = append(v.KabidRequestedFrom, "@"+u)
	}
	v.RequestedNow = true
	v.KabidRequested = true
	v.KabidRequestedAt = now
	return nil
}

// upsertComment edits the comment carrying Marker, or creates it.
func upsertComment(ctx context.Context, c *github.Client, owner, repo string, pr int, body string) error {
	var found *github.IssueComment
	opt := &github.IssueListCommentsOptions{ListOptions: github.ListOptions{PerPage: perPage}}
	for found == nil {
		// GitHub docs: https://docs.github.com/rest/issues/comments#list-issue-comments
		cs, resp, err := c.Issues.ListComments(ctx, owner, repo, pr, opt)
		if err != nil {
			return fmt.Errorf("gate: list comments of #%d: %w", pr, err)
		}
		for _, cm := range cs {
			// Prefer the gate's own (bot) comment; anyone can paste the marker.
			if strings.HasPrefix(cm.GetBody(), Marker) && (found == nil || cm.GetUser().GetType() == "Bot" && found.GetUser().GetType() != "Bot") {
				found = cm
			}
		}
		if resp.NextPage == 0 {
			break
		}
		opt.Page = resp.NextPage
	}
	if found == nil {
		// GitHub docs: https://docs.github.com/rest/issues/comments#create-an-issue-comment
		if _, _, err := c.Issues.CreateComment(ctx, owner, repo, pr, &github.IssueComment{Body: github.String(body)}); err != nil {
			return fmt.Errorf("gate: comment on #%d: %w", pr, err)
		}
		return nil
	}
	if found.GetBody() == body {
		return nil
	}
	// GitHub docs: https://docs.github.com/rest/issues/comments#update-an-issue-comment
	if _, _, err := c.Issues.EditComment(ctx, owner, repo, found.GetID(), &github.IssueComment{Body: github.String(body)}); err != nil {
		return fmt.Errorf("gate: edit comment %d on #%d: %w", found.GetID(), pr, err)
	}
	return nil
}
