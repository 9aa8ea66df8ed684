package sop

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"
)

// CollectOptions select what Collect reads.
type CollectOptions struct {
	Owner, Repo  string
	Since, Until time.Time // merge times in [Since, Until)
	// Assignments maps article IDs to the `assignment:` of their front
	// matter, used when the PR body names no issue.
	Assignments map[string]int
	// PerPage is the page size of every list call; 0 means 100.
	PerPage int
}

var (
	// GitHub's closing keywords: close(s|d), fix(es|ed), resolve(s|d).
	closesRe = regexp.MustCompile(`(?i)\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+#(\d+)\b`)
	// content/berita/YYYY/MM/DD-slug/... → berita/YYYY/MM/DD-slug.
	articleRe = regexp.MustCompile(`^content/(berita/\d{4}/\d{2}/\d{2}-[^/]+)/`)
)

// Collect reads every news PR (one that touches content/berita/) merged in
// the range, with its assignment issue, timeline and reviews. Every list is
// read to its last page. An assignment issue that cannot be found is a note
// on the PR, not an error; any other API failure is.
func Collect(ctx context.Context, gh *github.Client, opt CollectOptions) ([]*PR, error) {
	per := opt.PerPage
	if per <= 0 {
		per = 100
	}
	merged, err := mergedPRs(ctx, gh, opt, per)
	if err != nil {
		return nil, err
	}
	var out []*PR
	for _, p := range merged {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		pr, err := collectPR(ctx, gh, opt, per, p)
		if err != nil {
			return nil, err
		}
		if pr != nil {
			out = append(out, pr)
		}
	}
	return out, nil
}

// mergedPRs lists closed PRs by last update, newest first, and stops at the
// first page that reaches back before Since: a PR merged in the range was
// updated at or after its merge.
//
// GitHub API docs: https://docs.github.com/rest/pulls/pulls#list-pull-requests
func mergedPRs(ctx context.Context, gh *github.Client, opt CollectOptions, per int) ([]*github.PullRequest, error) {
	lo := &github.PullRequestListOptions{State: "closed", Sort: "updated", Direction: "desc",
		ListOptions: github.ListOptions{PerPage: per}}
	var out []*github.PullRequest
	for {
		page, resp, err := gh.PullRequests.List(ctx, opt.Owner, opt.Repo, lo)
		if err != nil {
			return nil, fmt.Errorf("sop: list pull requests: %w", err)
		}
		older := false
		for _, p := range page {
			if p.UpdatedAt != nil && p.UpdatedAt.Before(opt.Since) {
				older = true
			}
			if p.MergedAt == nil || p.MergedAt.Before(opt.Since) || !p.MergedAt.Before(opt.Until) {
				continue
			}
			out = append(out, p)
		}
		if older || resp.NextPage == 0 {
			return out, nil
		}
		lo.Page = resp.NextPage
	}
}

func collectPR(ctx context.Context, gh *github.Client, opt CollectOptions, per int, p *github.PullRequest) (*PR, error) {
	n := p.GetNumber()
	articles, news, err := prArticles(ctx, gh, opt, per, n)
	if err != nil {
		return nil, err
	}
	if !news {
		return nil, nil
	}
	pr := &PR{Number: n, Title: p.GetTitle(), Author: p.GetUser().GetLogin(), URL: p.GetHTMLURL(),
		Created: p.GetCreatedAt().Time, Merged: p.GetMergedAt().Time, Articles: articles}
	pr.Assignment = assignmentOf(p.GetBody(), articles, opt.Assignments)

	events, err := timeline(ctx, gh, opt, per, n)
	if err != nil {
		return nil, err
	}
	for _, ev := range events {
		switch ev.Kind {
		case "ready_for_review", "convert_to_draft", "review_requested":
			pr.Events = append(pr.Events, ev)
		case "merged":
			pr.MergedBy = ev.Actor
		}
	}
	if pr.Reviews, err = reviews(ctx, gh, opt, per, n); err != nil {
		return nil, err
	}
	if pr.Assignment != 0 {
		is, note, err := assignmentIssue(ctx, gh, opt, per, pr.Assignment)
		if err != nil {
			return nil, err
		}
		pr.Issue = is
		if note != "" {
			pr.Notes = append(pr.Notes, note)
		}
	}
	return pr, nil
}

// prArticles lists the PR's files; news reports whether any is under
// content/berita/ (a removed or renamed one too).
//
// GitHub API docs: https://docs.github.com/rest/pulls/pulls#list-pull-requests-files
func prArticles(ctx context.Context, gh *github.Client, opt CollectOptions, per, n int) ([]string, bool, error) {
	seen := map[string]bool{}
	news := false
	lo := &github.ListOptions{PerPage: per}
	for {
		files, resp, err := gh.PullRequests.ListFiles(ctx, opt.Owner, opt.Repo, n, lo)
		if err != nil {
			return nil, false, fmt.Errorf("sop: list files of PR #%d: %w", n, err)
		}
		for _, f := range files {
			for _, name := range []string{f.GetFilename(), f.GetPreviousFilename()} {
				if !strings.HasPrefix(name, "content/berita/") {
					continue
				}
				news = true
				if m := articleRe.FindStringSubmatch(name); m != nil {
					seen[m[1]] = true
				}
			}
		}
		if resp.NextPage == 0 {
			break
		}
		lo.Page = resp.NextPage
	}
	ids := make([]string, 0, len(seen))
	for id := range seen {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids, news, nil
}

// assignmentOf is the issue a PR body closes, else the lowest front-matter
// assignment among its articles.
func assignmentOf(body string, articles []string, fm map[string]int) int {
	if m := closesRe.FindStringSubmatch(body); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil && n > 0 {
			return n
		}
	}
	best := 0
	for _, id := range articles {
		if n := fm[id]; n > 0 && (best == 0 || n < best) {
			best = n
		}
	}
	return best
}

// timeline reads an issue's or PR's timeline, every page.
//
// GitHub API docs: https://docs.github.com/rest/issues/timeline#list-timeline-events-for-an-issue
func timeline(ctx context.Context, gh *github.Client, opt CollectOptions, per, n int) ([]Event, error) {
	lo := &github.ListOptions{PerPage: per}
	var out []Event
	for {
		page, resp, err := gh.Issues.ListIssueTimeline(ctx, opt.Owner, opt.Repo, n, lo)
		if err != nil {
			return nil, fmt.Errorf("sop: timeline of #%d: %w", n, err)
		}
		for _, t := range page {
			if t.CreatedAt == nil {
				continue // committed and reviewed entries carry other dates; reviews come from ListReviews
			}
			ev := Event{Kind: t.GetEvent(), Actor: t.GetActor().GetLogin(), At: t.GetCreatedAt().Time,
				Assignee: t.GetAssignee().GetLogin(), Reviewer: t.GetReviewer().GetLogin(), Team: t.GetRequestedTeam().GetSlug()}
			if ev.Kind == "review_requested" && t.GetRequester().GetLogin() != "" {
				ev.Actor = t.GetRequester().GetLogin()
			}
			out = append(out, ev)
		}
		if resp.NextPage == 0 {
			break
		}
		lo.Page = resp.NextPage
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}

// reviews reads the PR's reviews, every page; pending (unsubmitted) ones
// are left out.
//
// GitHub API docs: https://docs.github.com/rest/pulls/reviews#list-reviews-for-a-pull-request
func reviews(ctx context.Context, gh *github.Client, opt CollectOptions, per, n int) ([]Review, error) {
	lo := &github.ListOptions{PerPage: per}
	var out []Review
	for {
		page, resp, err := gh.PullRequests.ListReviews(ctx, opt.Owner, opt.Repo, n, lo)
		if err != nil {
			return nil, fmt.Errorf("sop: reviews of PR #%d: %w", n, err)
		}
		for _, rv := range page {
			if rv.SubmittedAt == nil || rv.GetState() == "PENDING" {
				continue
			}
			out = append(out, Review{User: rv.GetUser().GetLogin(), State: rv.GetState(), At: rv.GetSubmittedAt().Time})
		}
		if resp.NextPage == 0 {
			break
		}
		lo.Page = resp.NextPage
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}

// assignmentIssue reads issue n and its assignments. A missing issue, or a
// number that is a pull request, gives a note instead of an issue.
//
// GitHub API docs: https://docs.github.com/rest/issues/issues#get-an-issue
func assignmentIssue(ctx context.Context, gh *github.Client, opt CollectOptions, per, n int) (*Issue, string, error) {
	gi, resp, err := gh.Issues.Get(ctx, opt.Owner, opt.Repo, n)
	if err != nil {
		if resp != nil && (resp.StatusCode == 404 || resp.StatusCode == 410) {
			return nil, fmt.Sprintf("isu penugasan #%d tidak ditemukan", n), nil
		}
		return nil, "", fmt.Errorf("sop: get issue #%d: %w", n, err)
	}
	if gi.IsPullRequest() {
		return nil, fmt.Sprintf("#%d adalah pull request, bukan isu penugasan", n), nil
	}
	is := &Issue{Number: n, Title: gi.GetTitle(), Author: gi.GetUser().GetLogin(), Created: gi.GetCreatedAt().Time}
	events, err := timeline(ctx, gh, opt, per, n)
	if err != nil {
		return nil, "", err
	}
	for _, ev := range events {
		if ev.Kind == "assigned" {
			is.Assigned = append(is.Assigned, ev)
		}
	}
	return is, "", nil
}
