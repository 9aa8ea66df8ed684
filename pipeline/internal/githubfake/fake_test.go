package githubfake_test

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/kominfotik-lampung/warta/pipeline/internal/githubfake"
)

const (
	owner = "kominfo"
	repo  = "berita"
	token = "ghs_fake"
)

var t0 = time.Date(2026, 11, 2, 2, 0, 0, 0, time.UTC)

func client(t *testing.T, f *githubfake.Server, tok string) *github.Client {
	t.Helper()
	c, err := github.NewClient(f.Client()).WithAuthToken(tok).WithEnterpriseURLs(f.URL, f.URL)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// recorder keeps the errors the fake reports instead of failing the test.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func withReviews(n int) *githubfake.PR {
	p := &githubfake.PR{Number: 7, Author: "staf1", Created: t0}
	for i := range n {
		p.Reviews = append(p.Reviews, githubfake.Review{User: "kasi1", State: "COMMENTED", At: t0.Add(time.Duration(i) * time.Minute)})
	}
	return p
}

func TestPagination(t *testing.T) {
	f := githubfake.New(t, owner, repo, token)
	f.AddPR(withReviews(150))
	c := client(t, f, token)
	tests := []struct {
		opt                          github.ListOptions
		n                            int
		first, prev, next, last, id0 int
	}{
		{github.ListOptions{}, 30, 0, 0, 2, 5, 80700},
		{github.ListOptions{PerPage: 40, Page: 2}, 40, 1, 1, 3, 4, 80740},
		{github.ListOptions{PerPage: 500}, 100, 0, 0, 2, 2, 80700}, // at most 100
		{github.ListOptions{PerPage: 100, Page: 2}, 50, 1, 1, 0, 0, 80800},
		{github.ListOptions{PerPage: 100, Page: 9}, 0, 1, 2, 0, 0, 0},
	}
	for _, tt := range tests {
		rs, resp, err := c.PullRequests.ListReviews(t.Context(), owner, repo, 7, &tt.opt)
		if err != nil {
			t.Fatal(err)
		}
		got := []int{len(rs), resp.FirstPage, resp.PrevPage, resp.NextPage, resp.LastPage}
		if want := []int{tt.n, tt.first, tt.prev, tt.next, tt.last}; !slices.Equal(got, want) {
			t.Errorf("%+v: items, first, prev, next, last = %v, want %v", tt.opt, got, want)
		}
		if len(rs) > 0 && rs[0].GetID() != int64(tt.id0) {
			t.Errorf("%+v: first id %d, want %d", tt.opt, rs[0].GetID(), tt.id0)
		}
		if rs == nil {
			t.Errorf("%+v: null instead of []", tt.opt)
		}
	}
	// The relations come in GitHub's order: prev, next, last, first.
	_, resp, err := c.PullRequests.ListReviews(t.Context(), owner, repo, 7, &github.ListOptions{PerPage: 40, Page: 2})
	if err != nil {
		t.Fatal(err)
	}
	var rels []string
	for _, l := range strings.Split(resp.Header.Get("Link"), ", ") {
		_, rel, _ := strings.Cut(l, "; ")
		rels = append(rels, rel)
	}
	if want := []string{`rel="prev"`, `rel="next"`, `rel="last"`, `rel="first"`}; !slices.Equal(rels, want) {
		t.Errorf("Link relations %q, want %q", rels, want)
	}
	if !strings.Contains(resp.Header.Get("Link"), f.URL+"/api/v3/repos/kominfo/berita/pulls/7/reviews?page=3&per_page=40") {
		t.Errorf("Link %q", resp.Header.Get("Link"))
	}
}

func TestErrors(t *testing.T) {
	f := githubfake.New(t, owner, repo, token)
	f.AddPR(withReviews(1))
	c := client(t, f, token)
	errorOf := func(err error) *github.ErrorResponse {
		t.Helper()
		var er *github.ErrorResponse
		if !errors.As(err, &er) {
			t.Fatalf("err = %v, want a GitHub error response", err)
		}
		return er
	}

	_, _, err := c.PullRequests.Get(t.Context(), owner, repo, 8)
	er := errorOf(err)
	if er.Response.StatusCode != 404 || er.Message != "Not Found" ||
		er.DocumentationURL != "https://docs.github.com/rest/pulls/pulls#get-a-pull-request" {
		t.Errorf("unknown PR: %d %q %q", er.Response.StatusCode, er.Message, er.DocumentationURL)
	}
	if _, _, err := c.PullRequests.Get(t.Context(), owner, "other", 7); errorOf(err).Response.StatusCode != 404 {
		t.Errorf("another repository: %v", err)
	}
	if _, _, err := client(t, f, "wrong").PullRequests.Get(t.Context(), owner, repo, 7); errorOf(err).Response.StatusCode != 401 ||
		errorOf(err).Message != "Bad credentials" {
		t.Errorf("bad token: %v", err)
	}

	f.FailNext["GET /repos/kominfo/berita/pulls/7"] = []int{502}
	if _, _, err := c.PullRequests.Get(t.Context(), owner, repo, 7); errorOf(err).Response.StatusCode != 502 {
		t.Errorf("FailNext: %v", err)
	}
	if _, _, err := c.PullRequests.Get(t.Context(), owner, repo, 7); err != nil {
		t.Errorf("after FailNext: %v", err)
	}
	f.Fail["GET /repos/kominfo/berita/pulls/7/reviews"] = 403
	for range 2 {
		if _, _, err := c.PullRequests.ListReviews(t.Context(), owner, repo, 7, nil); errorOf(err).Response.StatusCode != 403 {
			t.Errorf("Fail: %v", err)
		}
	}
	// The bad token's, FailNext's, the one after, and two of reviews.
	if n := f.Count("GET /repos/kominfo/berita/pulls/7"); n != 5 {
		t.Errorf("%d requests counted, want 5: %q", n, f.Requests)
	}
}

func TestRateLimit(t *testing.T) {
	f := githubfake.New(t, owner, repo, token)
	f.AddPR(withReviews(1))
	f.RateRemaining = 2
	c := client(t, f, token)
	_, resp, err := c.PullRequests.Get(t.Context(), owner, repo, 7)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Rate.Limit != 5000 || resp.Rate.Remaining != 1 || !resp.Rate.Reset.Time.Equal(f.Now.Add(time.Hour)) {
		t.Errorf("rate %+v", resp.Rate)
	}
	if _, _, err := c.PullRequests.Get(t.Context(), owner, repo, 7); err != nil {
		t.Fatal(err)
	}
	_, _, err = c.PullRequests.Get(t.Context(), owner, repo, 7)
	var rl *github.RateLimitError
	if !errors.As(err, &rl) || rl.Rate.Remaining != 0 {
		t.Errorf("err = %v, want go-github's RateLimitError", err)
	}
}

func TestTeams(t *testing.T) {
	f := githubfake.New(t, owner, repo, token)
	f.Teams["kominfo/kasi-pip"] = map[string]string{"kasi1": githubfake.Active, "diundang": githubfake.Pending, "kasi0": githubfake.Active}
	c := client(t, f, token)
	for login, want := range map[string]string{"kasi1": "active", "Diundang": "pending", "tamu": "404"} {
		m, _, err := c.Teams.GetTeamMembershipBySlug(t.Context(), "kominfo", "kasi-pip", login)
		got := m.GetState()
		var er *github.ErrorResponse
		if errors.As(err, &er) {
			got = fmt.Sprint(er.Response.StatusCode)
		}
		if got != want {
			t.Errorf("membership of %s = %q, want %q", login, got, want)
		}
	}
	us, _, err := c.Teams.ListTeamMembersBySlug(t.Context(), "kominfo", "kasi-pip", nil)
	if err != nil {
		t.Fatal(err)
	}
	var logins []string
	for _, u := range us {
		logins = append(logins, u.GetLogin())
	}
	if !slices.Equal(logins, []string{"kasi0", "kasi1"}) {
		t.Errorf("members %q: active ones only, by login", logins)
	}
	if _, _, err := c.Teams.GetTeamBySlug(t.Context(), "kominfo", "kabid"); err == nil {
		t.Error("unknown team found")
	}
}

func TestEventsAndTimeline(t *testing.T) {
	f := githubfake.New(t, owner, repo, token)
	p := &githubfake.PR{Number: 10, Author: "staf1", Created: t0, Commits: make([]githubfake.Commit, 2),
		Reviews:  []githubfake.Review{{User: "kasi1", State: "APPROVED", At: t0.Add(20 * time.Minute)}},
		Comments: []githubfake.Comment{{ID: 1, User: "kasi1", Body: "ok", Created: t0.Add(15 * time.Minute)}},
		Events: []githubfake.Event{
			{Event: "cross-referenced", Actor: "staf1", At: t0.Add(5 * time.Minute)},
			{Event: "review_requested", Actor: "staf1", Reviewer: "kasi1", At: t0.Add(10 * time.Minute)},
		}}
	f.AddPR(p)
	c := client(t, f, token)

	evs, _, err := c.Issues.ListIssueEvents(t.Context(), owner, repo, 10, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 || evs[0].GetEvent() != "review_requested" || evs[0].GetRequestedReviewer().GetLogin() != "kasi1" ||
		evs[0].GetReviewRequester().GetLogin() != "staf1" || evs[0].GetID() == 0 {
		t.Errorf("issue events %+v: review_requested only (cross-referenced is timeline-only)", evs)
	}

	tl, _, err := c.Issues.ListIssueTimeline(t.Context(), owner, repo, 10, nil)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range tl {
		k := e.GetEvent()
		if e.CreatedAt == nil {
			k += "(no created_at)"
		}
		kinds = append(kinds, k)
	}
	want := []string{"committed(no created_at)", "committed(no created_at)", "cross-referenced", "review_requested", "commented", "reviewed(no created_at)"}
	if !slices.Equal(kinds, want) {
		t.Errorf("timeline %q, want %q", kinds, want)
	}

	// A request made through the API becomes an event too.
	if _, _, err := c.PullRequests.RequestReviewers(t.Context(), owner, repo, 10, github.ReviewersRequest{TeamReviewers: []string{"kabid"}}); err == nil {
		t.Error("a team that is no collaborator was requested")
	}
	f.AddTeam("kominfo/kabid", "kabid1")
	if _, _, err := c.PullRequests.RequestReviewers(t.Context(), owner, repo, 10, github.ReviewersRequest{Reviewers: []string{"staf1"}}); err == nil {
		t.Error("the author was requested")
	}
	if _, _, err := c.PullRequests.RequestReviewers(t.Context(), owner, repo, 10, github.ReviewersRequest{TeamReviewers: []string{"kabid"}}); err != nil {
		t.Fatal(err)
	}
	req, _, err := c.PullRequests.ListReviewers(t.Context(), owner, repo, 10, nil)
	if err != nil || len(req.Teams) != 1 || req.Teams[0].GetSlug() != "kabid" || len(p.Events) != 3 || p.Events[2].Team != "kabid" {
		t.Errorf("requested %+v (%v), events %+v", req, err, p.Events)
	}
}

func TestIssuesAndPullRequests(t *testing.T) {
	f := githubfake.New(t, owner, repo, token)
	f.AddIssue(&githubfake.Issue{Number: 5, Title: "Penugasan", Author: "kabid1", Body: "isi", Created: t0, Labels: []string{"penugasan"}})
	f.AddPR(
		&githubfake.PR{Number: 6, Author: "staf1", Created: t0, Merged: t0.Add(time.Hour), MergeCommit: "abc", HeadRef: "b", HeadUser: "fork"},
		&githubfake.PR{Number: 7, Author: "staf1", Created: t0.Add(time.Minute)},
		&githubfake.PR{Number: 8, Author: "staf1", Created: t0.Add(2 * time.Minute), Closed: t0.Add(3 * time.Minute)},
	)
	c := client(t, f, token)
	is, _, err := c.Issues.Get(t.Context(), owner, repo, 5)
	if err != nil || is.IsPullRequest() || is.GetBody() != "isi" || len(is.Labels) != 1 {
		t.Errorf("issue 5: %+v %v", is, err)
	}
	if is, _, err := c.Issues.Get(t.Context(), owner, repo, 6); err != nil || !is.IsPullRequest() {
		t.Errorf("issue 6 is a pull request: %+v %v", is, err)
	}
	numbers := func(state, head string) []int {
		t.Helper()
		ps, _, err := c.PullRequests.List(t.Context(), owner, repo, &github.PullRequestListOptions{State: state, Head: head})
		if err != nil {
			t.Fatal(err)
		}
		var out []int
		for _, p := range ps {
			out = append(out, p.GetNumber())
		}
		return out
	}
	for _, tt := range []struct {
		state, head string
		want        []int
	}{{"", "", []int{7}}, {"closed", "", []int{8, 6}}, {"all", "", []int{8, 7, 6}}, {"all", "fork:b", []int{6}}} {
		if got := numbers(tt.state, tt.head); !slices.Equal(got, tt.want) {
			t.Errorf("state %q head %q: %v, want %v", tt.state, tt.head, got, tt.want)
		}
	}
	ps, _, err := c.PullRequests.ListPullRequestsWithCommit(t.Context(), owner, repo, "abc", nil)
	if err != nil || len(ps) != 1 || ps[0].GetNumber() != 6 || ps[0].MergedAt == nil {
		t.Errorf("PRs of commit abc: %+v %v", ps, err)
	}
	p, _, err := c.PullRequests.Get(t.Context(), owner, repo, 6)
	if err != nil || !p.GetMerged() || p.GetState() != "closed" || p.GetHead().GetRepo().GetOwner().GetLogin() != "fork" {
		t.Errorf("PR 6: %+v %v", p, err)
	}
}

func TestWritesAndContents(t *testing.T) {
	f := githubfake.New(t, owner, repo, token)
	f.AddPR(&githubfake.PR{Number: 7, Author: "staf1", HeadSHA: "h1", Files: []githubfake.File{{Name: "a/b.md"}, {Name: "c.md", Previous: "d.md"}}})
	f.Trees["h1"] = map[string][]byte{"a/b.md": []byte("isi"), "a/x/y.md": []byte("y")}
	c := client(t, f, token)

	fs, _, err := c.PullRequests.ListFiles(t.Context(), owner, repo, 7, nil)
	if err != nil || len(fs) != 2 || fs[0].GetSHA() != githubfake.BlobSHA([]byte("isi")) || fs[1].GetStatus() != "renamed" {
		t.Errorf("files %+v %v", fs, err)
	}
	_, dir, _, err := c.Repositories.GetContents(t.Context(), owner, repo, "a", &github.RepositoryContentGetOptions{Ref: "h1"})
	if err != nil || len(dir) != 2 || dir[0].GetPath() != "a/b.md" || dir[1].GetType() != "dir" || dir[1].GetPath() != "a/x" {
		t.Errorf("folder %+v %v", dir, err)
	}
	raw, _, err := c.Git.GetBlobRaw(t.Context(), owner, repo, dir[0].GetSHA())
	if err != nil || string(raw) != "isi" {
		t.Errorf("blob %q %v", raw, err)
	}
	if _, _, _, err := c.Repositories.GetContents(t.Context(), owner, repo, "a", &github.RepositoryContentGetOptions{Ref: "h2"}); err == nil {
		t.Error("unknown ref served")
	}

	long := strings.Repeat("é", 141)
	if _, _, err := c.Repositories.CreateStatus(t.Context(), owner, repo, "h1", &github.RepoStatus{State: github.String("success"), Description: &long}); err == nil {
		t.Error("a 141-character description was accepted")
	}
	if _, _, err := c.Repositories.CreateStatus(t.Context(), owner, repo, "h1", &github.RepoStatus{State: github.String("pending")}); err != nil {
		t.Fatal(err)
	}
	sts, _, err := c.Repositories.ListStatuses(t.Context(), owner, repo, "h1", nil)
	if err != nil || len(sts) != 1 || sts[0].GetContext() != "default" || len(f.Statuses) != 1 {
		t.Errorf("statuses %+v %v", sts, err)
	}
	cm, _, err := c.Issues.CreateComment(t.Context(), owner, repo, 7, &github.IssueComment{Body: github.String("halo")})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Issues.EditComment(t.Context(), owner, repo, cm.GetID(), &github.IssueComment{Body: github.String("halo lagi")}); err != nil {
		t.Fatal(err)
	}
	if p := f.PRs[7]; len(p.Comments) != 1 || p.Comments[0].Body != "halo lagi" || p.Comments[0].User != "github-actions[bot]" {
		t.Errorf("comments %+v", p.Comments)
	}
	if w := f.Writes(); len(w) != 4 {
		t.Errorf("writes %q, want 4", w)
	}
}

func TestReadOnlyAndUnknownEndpoints(t *testing.T) {
	rec := &recorder{TB: t}
	f := githubfake.New(rec, owner, repo, token)
	f.AddPR(&githubfake.PR{Number: 7})
	f.ReadOnly = true
	c := client(t, f, token)
	_, _, err := c.Issues.CreateComment(t.Context(), owner, repo, 7, &github.IssueComment{Body: github.String("x")})
	if err == nil || len(rec.errs) != 1 || !strings.Contains(rec.errs[0], "read-only") {
		t.Errorf("write on a read-only fake: %v, reported %q", err, rec.errs)
	}
	resp, err := c.Client().Get(f.URL + "/api/v3/repos/kominfo/berita/releases")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound || len(rec.errs) != 2 || !strings.Contains(rec.errs[1], "no such endpoint") {
		t.Errorf("unknown endpoint: %d, reported %q", resp.StatusCode, rec.errs)
	}
	resp, err = c.Client().Get(f.URL + "/repos/kominfo/berita/pulls/7")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if len(rec.errs) != 3 || !strings.Contains(rec.errs[2], "outside /api/v3/") {
		t.Errorf("request outside /api/v3/: reported %q", rec.errs)
	}
}

func TestWorkflowRuns(t *testing.T) {
	f := githubfake.New(t, owner, repo, token)
	const wf = ".github/workflows/publish.yml"
	f.AddRun(
		&githubfake.Run{ID: 11, Status: "completed", Conclusion: "success", Path: wf, Created: t0},
		&githubfake.Run{ID: 12, Status: "completed", Conclusion: "failure", Path: wf, Created: t0.Add(15 * time.Minute)},
		&githubfake.Run{ID: 13, Status: "completed", Conclusion: "success", Path: wf, Created: t0.Add(30 * time.Minute), Started: t0.Add(31 * time.Minute)},
		&githubfake.Run{ID: 14, Status: "in_progress", Path: wf, Created: t0.Add(45 * time.Minute)},
		&githubfake.Run{ID: 20, Status: "completed", Conclusion: "success", Path: ".github/workflows/check.yml", Created: t0.Add(50 * time.Minute)},
	)
	c := client(t, f, token)
	run, _, err := c.Actions.GetWorkflowRunByID(t.Context(), owner, repo, 14)
	if err != nil || run.GetStatus() != "in_progress" || run.Conclusion != nil || run.GetHTMLURL() != f.URL+"/"+owner+"/"+repo+"/actions/runs/14" {
		t.Errorf("run 14 = %+v, %v", run, err)
	}
	if _, resp, err := c.Actions.GetWorkflowRunByID(t.Context(), owner, repo, 99); err == nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown run: %v", err)
	}
	runs, _, err := c.Actions.ListWorkflowRunsByFileName(t.Context(), owner, repo, "publish.yml",
		&github.ListWorkflowRunsOptions{Status: "success", ListOptions: github.ListOptions{PerPage: 1}})
	if err != nil || runs.GetTotalCount() != 2 || len(runs.WorkflowRuns) != 1 || runs.WorkflowRuns[0].GetID() != 13 ||
		!runs.WorkflowRuns[0].GetRunStartedAt().Time.Equal(t0.Add(31*time.Minute)) {
		t.Errorf("newest successful publish run = %+v, %v", runs, err)
	}
	runs, _, err = c.Actions.ListWorkflowRunsByID(t.Context(), owner, repo, runs.WorkflowRuns[0].GetWorkflowID(),
		&github.ListWorkflowRunsOptions{Status: "in_progress"})
	if err != nil || runs.GetTotalCount() != 1 || runs.WorkflowRuns[0].GetID() != 14 {
		t.Errorf("by numeric id, in progress = %+v, %v", runs, err)
	}
	if _, _, err := c.Actions.ListWorkflowRunsByFileName(t.Context(), owner, repo, "nope.yml", nil); err == nil {
		t.Error("an unknown workflow listed runs")
	}
}
