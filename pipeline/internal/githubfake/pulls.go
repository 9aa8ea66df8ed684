package githubfake

import (
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

func (s *Server) pr(r *http.Request) (*PR, bool) {
	n, ok := number(r, "n")
	if !ok {
		return nil, false
	}
	p, ok := s.PRs[n]
	return p, ok
}

// pullJSON is a pull request as the list endpoints show it
// ("pull-request-simple"); full adds what only GET /pulls/{n} has.
func (s *Server) pullJSON(p *PR, full bool) map[string]any {
	state := "open"
	if !p.open() {
		state = "closed"
	}
	n := strconv.Itoa(p.Number)
	headUser := p.headUser(s.Owner)
	m := map[string]any{
		"id": 1000 + p.Number, "number": p.Number, "title": p.Title, "body": p.Body,
		"state": state, "draft": p.Draft, "user": s.user(p.Author),
		"html_url": s.htmlBase() + "/pull/" + n, "url": s.apiBase() + "/pulls/" + n,
		"created_at": ts(p.Created), "updated_at": ts(p.updated()),
		"closed_at": ts(p.closedAt()), "merged_at": ts(p.Merged),
		"merge_commit_sha": p.mergeCommit(),
		"labels":           s.labels(p.Labels), "assignees": s.users(p.Assignees),
		"head": map[string]any{"sha": p.headSHA(), "ref": p.headRef(), "label": headUser + ":" + p.headRef(),
			"repo": map[string]any{"name": s.Repo, "full_name": headUser + "/" + s.Repo, "owner": s.user(headUser)}},
		"base": map[string]any{"ref": p.baseRef(), "sha": p.baseSHA(), "label": s.Owner + ":" + p.baseRef(),
			"repo": map[string]any{"name": s.Repo, "full_name": s.Owner + "/" + s.Repo, "owner": s.user(s.Owner)}},
		"requested_reviewers": s.users(p.RequestedUsers),
		"requested_teams":     s.teams(p.RequestedTeams),
	}
	if full {
		m["merged"] = !p.Merged.IsZero()
		m["merged_by"] = s.user(p.MergedBy)
		m["comments"] = len(p.Comments)
		m["commits"] = len(p.Commits)
		m["changed_files"] = len(p.Files)
	}
	return m
}

func (s *Server) users(logins []string) []any {
	out := []any{}
	for _, l := range logins {
		out = append(out, s.user(l))
	}
	return out
}

func (s *Server) teams(slugs []string) []any {
	out := []any{}
	for _, t := range slugs {
		out = append(out, map[string]any{"id": len(t) * 31, "slug": t, "name": t})
	}
	return out
}

func (s *Server) labels(names []string) []any {
	out := []any{}
	for _, l := range names {
		out = append(out, map[string]any{"name": l, "color": "0e8a16"})
	}
	return out
}

// listPulls filters by state (open, closed, all), head ("user:ref") and
// base, and sorts by created (default) or updated, direction desc by
// default for created and asc otherwise, as documented.
func (s *Server) listPulls(w http.ResponseWriter, r *http.Request) reply {
	q := r.URL.Query()
	state := q.Get("state")
	if state == "" {
		state = "open"
	}
	sortBy := q.Get("sort")
	if sortBy == "" {
		sortBy = "created"
	}
	dir := q.Get("direction")
	if dir == "" {
		dir = "asc"
		if sortBy == "created" {
			dir = "desc"
		}
	}
	if !slices.Contains([]string{"open", "closed", "all"}, state) ||
		!slices.Contains([]string{"created", "updated", "popularity", "long-running"}, sortBy) ||
		!slices.Contains([]string{"asc", "desc"}, dir) {
		return validation("Validation Failed")
	}
	head, base := q.Get("head"), q.Get("base")
	var ps []*PR
	for _, p := range s.PRs {
		if state != "all" && (state == "open") != p.open() {
			continue
		}
		if head != "" && !strings.EqualFold(head, p.headUser(s.Owner)+":"+p.headRef()) {
			continue
		}
		if base != "" && base != p.baseRef() {
			continue
		}
		ps = append(ps, p)
	}
	key := func(p *PR) time.Time {
		if sortBy == "updated" {
			return p.updated()
		}
		return p.Created
	}
	sort.Slice(ps, func(i, j int) bool {
		a, b := key(ps[i]), key(ps[j])
		if !a.Equal(b) {
			return a.Before(b) == (dir == "asc")
		}
		return (ps[i].Number < ps[j].Number) == (dir == "asc")
	})
	return list(w, r, ps, func(_ int, p *PR) any { return s.pullJSON(p, false) })
}

func (s *Server) getPull(w http.ResponseWriter, r *http.Request) reply {
	p, ok := s.pr(r)
	if !ok {
		return notFound()
	}
	return okJSON(s.pullJSON(p, true))
}

// pullsOfCommit lists the PRs whose head, merge commit or commits include
// sha.
func (s *Server) pullsOfCommit(w http.ResponseWriter, r *http.Request) reply {
	sha := r.PathValue("sha")
	var ps []*PR
	for _, p := range s.PRs {
		hit := p.headSHA() == sha || p.MergeCommit == sha
		for i := range p.Commits {
			hit = hit || p.commit(i).SHA == sha
		}
		if hit {
			ps = append(ps, p)
		}
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].Number > ps[j].Number })
	return list(w, r, ps, func(_ int, p *PR) any { return s.pullJSON(p, false) })
}

// listFiles serves the changed files in path order, at most
// MaxListedFiles of them, as GitHub does ("Responses include a maximum of
// 3000 files"); changed_files of the PR still counts all.
func (s *Server) listFiles(w http.ResponseWriter, r *http.Request) reply {
	p, ok := s.pr(r)
	if !ok {
		return notFound()
	}
	tree := s.Trees[p.headSHA()]
	files := slices.Clone(p.Files)
	slices.SortStableFunc(files, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	files = files[:min(len(files), MaxListedFiles)]
	return list(w, r, files, func(_ int, f File) any {
		st := f.Status
		switch {
		case st == "" && f.Previous != "":
			st = "renamed"
		case st == "":
			st = "added"
		}
		sha := BlobSHA([]byte(f.Name))
		if data, ok := tree[f.Name]; ok {
			sha = BlobSHA(data)
		}
		m := map[string]any{"sha": sha, "filename": f.Name, "status": st,
			"additions": f.Additions, "deletions": f.Deletions, "changes": f.Additions + f.Deletions}
		if f.Previous != "" {
			m["previous_filename"] = f.Previous
		}
		return m
	})
}

func (s *Server) reviewJSON(p *PR, v Review) map[string]any {
	return map[string]any{
		"id": v.ID, "user": s.user(v.User), "body": v.Body, "state": v.State, "commit_id": v.CommitID,
		"submitted_at": ts(v.At), "author_association": "MEMBER",
		"html_url": s.htmlBase() + "/pull/" + strconv.Itoa(p.Number) + "#pullrequestreview-" + strconv.FormatInt(v.ID, 10),
	}
}

func (s *Server) listReviews(w http.ResponseWriter, r *http.Request) reply {
	p, ok := s.pr(r)
	if !ok {
		return notFound()
	}
	return list(w, r, p.Reviews, func(i int, _ Review) any { return s.reviewJSON(p, p.review(i)) })
}

func (s *Server) listRequested(w http.ResponseWriter, r *http.Request) reply {
	p, ok := s.pr(r)
	if !ok {
		return notFound()
	}
	return okJSON(map[string]any{"users": s.users(p.RequestedUsers), "teams": s.teams(p.RequestedTeams)})
}

// requestReviewers refuses the author and teams that are not
// collaborators with 422, and records each request as a review_requested
// event by github-actions[bot].
func (s *Server) requestReviewers(w http.ResponseWriter, r *http.Request) reply {
	p, ok := s.pr(r)
	if !ok {
		return notFound()
	}
	var body struct {
		Reviewers     []string `json:"reviewers"`
		TeamReviewers []string `json:"team_reviewers"`
	}
	if !decode(r, &body) {
		return fail(http.StatusBadRequest, "Problems parsing JSON")
	}
	for _, u := range body.Reviewers {
		if strings.EqualFold(u, p.Author) {
			return validation("Review cannot be requested from pull request author.")
		}
	}
	for _, t := range body.TeamReviewers {
		if s.team(s.Owner, t) == nil {
			return validation("Reviews may only be requested from collaborators. One or more of the teams you specified is not a collaborator of the " + s.Owner + "/" + s.Repo + " repository.")
		}
	}
	const bot = "github-actions[bot]"
	for _, u := range body.Reviewers {
		p.RequestedUsers = append(p.RequestedUsers, u)
		p.Events = append(p.Events, Event{ID: s.id(), Event: "review_requested", Actor: bot, Reviewer: u, At: s.Now})
	}
	for _, t := range body.TeamReviewers {
		p.RequestedTeams = append(p.RequestedTeams, t)
		p.Events = append(p.Events, Event{ID: s.id(), Event: "review_requested", Actor: bot, Team: t, At: s.Now})
	}
	return created(s.pullJSON(p, true))
}

// nextNumber is the next issue or pull request number: one number space.
func (s *Server) nextNumber() int {
	n := 0
	for k := range s.PRs {
		n = max(n, k)
	}
	for k := range s.Issues {
		n = max(n, k)
	}
	return n + 1
}

// createPull opens a pull request as the token's user
// (github-actions[bot]); GitHub refuses a second open pull request for the
// same head and base with 422.
func (s *Server) createPull(w http.ResponseWriter, r *http.Request) reply {
	var body struct {
		Title               string `json:"title"`
		Head                string `json:"head"`
		Base                string `json:"base"`
		Body                string `json:"body"`
		Draft               bool   `json:"draft"`
		MaintainerCanModify *bool  `json:"maintainer_can_modify"`
	}
	if !decode(r, &body) {
		return fail(http.StatusBadRequest, "Problems parsing JSON")
	}
	if body.Title == "" || body.Head == "" || body.Base == "" {
		return validation("Validation Failed")
	}
	user, ref := s.Owner, body.Head
	if u, b, ok := strings.Cut(body.Head, ":"); ok {
		user, ref = u, b
	}
	for _, p := range s.PRs {
		if p.open() && strings.EqualFold(p.headUser(s.Owner), user) && p.headRef() == ref && p.baseRef() == body.Base {
			return validation("Validation Failed: A pull request already exists for " + user + ":" + ref + ".")
		}
	}
	p := &PR{Number: s.nextNumber(), Title: body.Title, Body: body.Body, Author: "github-actions[bot]", Draft: body.Draft,
		HeadRef: ref, HeadUser: user, BaseRef: body.Base, Created: s.Now}
	s.PRs[p.Number] = p
	return created(s.pullJSON(p, true))
}

// updatePull changes title, body, state or base.
func (s *Server) updatePull(w http.ResponseWriter, r *http.Request) reply {
	p, ok := s.pr(r)
	if !ok {
		return notFound()
	}
	var body struct {
		Title *string `json:"title"`
		Body  *string `json:"body"`
		State *string `json:"state"`
		Base  *string `json:"base"`
	}
	if !decode(r, &body) {
		return fail(http.StatusBadRequest, "Problems parsing JSON")
	}
	if body.Title != nil {
		p.Title = *body.Title
	}
	if body.Body != nil {
		p.Body = *body.Body
	}
	if body.Base != nil {
		p.BaseRef = *body.Base
	}
	if body.State != nil {
		switch *body.State {
		case "closed":
			p.Closed = s.Now
		case "open":
			p.Closed = time.Time{}
		default:
			return validation("Validation Failed")
		}
	}
	p.Updated = s.Now
	return okJSON(s.pullJSON(p, true))
}
