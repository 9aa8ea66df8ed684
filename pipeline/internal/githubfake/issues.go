package githubfake

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// thread is what issues and pull requests share in the Issues API.
type thread struct {
	pr       *PR // nil for an issue
	issue    *Issue
	events   *[]Event
	comments *[]Comment
}

// thread finds issue or pull request n: "GitHub's REST API considers every
// pull request an issue".
func (s *Server) thread(r *http.Request) (thread, bool) {
	n, ok := number(r, "n")
	if !ok {
		return thread{}, false
	}
	if p, ok := s.PRs[n]; ok {
		return thread{pr: p, events: &p.Events, comments: &p.Comments}, true
	}
	if is, ok := s.Issues[n]; ok {
		return thread{issue: is, events: &is.Events, comments: &is.Comments}, true
	}
	return thread{}, false
}

func (s *Server) issueJSON(t thread) map[string]any {
	if p := t.pr; p != nil {
		m := s.pullJSON(p, false)
		n := strconv.Itoa(p.Number)
		for _, k := range []string{"merge_commit_sha", "merged_at", "head", "base", "draft", "requested_reviewers", "requested_teams"} {
			delete(m, k)
		}
		m["url"] = s.apiBase() + "/issues/" + n
		m["comments"] = len(p.Comments)
		m["pull_request"] = map[string]any{"url": s.apiBase() + "/pulls/" + n, "html_url": s.htmlBase() + "/pull/" + n,
			"merged_at": ts(p.Merged)}
		return m
	}
	is := t.issue
	state := "open"
	if !is.Closed.IsZero() {
		state = "closed"
	}
	updated := is.Created
	if !is.Closed.IsZero() {
		updated = is.Closed
	}
	n := strconv.Itoa(is.Number)
	return map[string]any{
		"id": 5000 + is.Number, "number": is.Number, "title": is.Title, "body": is.Body, "state": state,
		"user": s.user(is.Author), "labels": s.labels(is.Labels), "assignees": s.users(is.Assignees),
		"author_association": is.association(s.Owner),
		"comments":           len(is.Comments),
		"created_at":         ts(is.Created), "updated_at": ts(updated), "closed_at": ts(is.Closed),
		"html_url": s.htmlBase() + "/issues/" + n, "url": s.apiBase() + "/issues/" + n,
	}
}

func (s *Server) getIssue(w http.ResponseWriter, r *http.Request) reply {
	t, ok := s.thread(r)
	if !ok {
		return notFound()
	}
	return okJSON(s.issueJSON(t))
}

// eventJSON is an issue event with the properties of its type.
//
// GitHub docs: https://docs.github.com/rest/using-the-rest-api/issue-event-types
func (s *Server) eventJSON(ev Event) map[string]any {
	m := map[string]any{"id": ev.ID, "event": ev.Event, "actor": s.user(ev.Actor), "created_at": ts(ev.At), "commit_id": nil}
	switch ev.Event {
	case "assigned", "unassigned":
		m["assignee"], m["assigner"] = s.user(ev.Assignee), s.user(ev.Actor)
	case "review_requested", "review_request_removed":
		m["review_requester"] = s.user(ev.Actor)
		if ev.Team != "" {
			m["requested_team"] = map[string]any{"id": len(ev.Team) * 31, "slug": ev.Team, "name": ev.Team}
		} else {
			m["requested_reviewer"] = s.user(ev.Reviewer)
		}
	case "labeled", "unlabeled":
		m["label"] = map[string]any{"name": ev.Label, "color": "0e8a16"}
	case "merged", "closed":
		m["commit_id"] = hexName(1)
	case "cross-referenced":
		// A timeline-only event without an id.
		delete(m, "id")
		delete(m, "commit_id")
		m["updated_at"] = ts(ev.At)
		m["source"] = map[string]any{"type": "issue", "issue": map[string]any{"number": 1}}
	}
	return m
}

// listEvents serves the Issue Events API: the events of the issue, in
// order, without the timeline-only ones.
func (s *Server) listEvents(w http.ResponseWriter, r *http.Request) reply {
	t, ok := s.thread(r)
	if !ok {
		return notFound()
	}
	var es []Event
	for i := range *t.events {
		if e := event(*t.events, i); !timelineOnly(e.Event) {
			es = append(es, e)
		}
	}
	return list(w, r, es, func(_ int, e Event) any { return s.eventJSON(e) })
}

// listTimeline serves the timeline as GitHub does: issue events carry
// created_at; "reviewed" entries carry submitted_at instead and "committed"
// entries only git author and committer dates, so a reader relying on
// created_at for them gets nothing. Entries are in time order.
func (s *Server) listTimeline(w http.ResponseWriter, r *http.Request) reply {
	t, ok := s.thread(r)
	if !ok {
		return notFound()
	}
	type entry struct {
		at time.Time
		v  map[string]any
	}
	var es []entry
	if p := t.pr; p != nil {
		for i := range p.Commits {
			c := p.commit(i)
			who := map[string]any{"name": "Staf", "email": "staf@example.org", "date": ts(c.Date)}
			es = append(es, entry{c.Date, map[string]any{"event": "committed", "sha": c.SHA, "message": c.Message,
				"author": who, "committer": who}})
		}
		for i := range p.Reviews {
			v := p.review(i)
			es = append(es, entry{v.At, map[string]any{
				"id": v.ID, "event": "reviewed", "user": s.user(v.User), "state": strings.ToLower(v.State),
				"submitted_at": ts(v.At), "body": nilIfEmpty(v.Body), "commit_id": v.CommitID, "author_association": "MEMBER",
			}})
		}
	}
	for i := range *t.events {
		e := event(*t.events, i)
		es = append(es, entry{e.At, s.eventJSON(e)})
	}
	for _, c := range *t.comments {
		m := s.commentJSON(c)
		m["event"], m["actor"] = "commented", s.user(c.User)
		es = append(es, entry{c.Created, m})
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].at.Before(es[j].at) })
	return list(w, r, es, func(_ int, e entry) any { return e.v })
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (s *Server) commentJSON(c Comment) map[string]any {
	u, _ := s.user(c.User).(map[string]any)
	if c.Bot && u != nil {
		u["type"] = "Bot"
	}
	return map[string]any{"id": c.ID, "user": u, "body": c.Body, "created_at": ts(c.Created), "updated_at": ts(c.Updated),
		"html_url": s.htmlBase() + "/issues#issuecomment-" + strconv.FormatInt(c.ID, 10)}
}

func (s *Server) listComments(w http.ResponseWriter, r *http.Request) reply {
	t, ok := s.thread(r)
	if !ok {
		return notFound()
	}
	return list(w, r, *t.comments, func(_ int, c Comment) any { return s.commentJSON(c) })
}

// maxCommentBody is GitHub's limit on a comment body, in characters.
const maxCommentBody = 65536

// commentBody reads the "body" of a comment to create or edit, with
// GitHub's answers to a bad one (bad is nil when it is fine).
func commentBody(r *http.Request) (body string, bad *reply) {
	var in struct {
		Body string `json:"body"`
	}
	var res reply
	switch {
	case !decode(r, &in):
		res = fail(http.StatusBadRequest, "Problems parsing JSON")
	case in.Body == "":
		res = validation("Validation Failed")
	case len([]rune(in.Body)) > maxCommentBody:
		res = validation("Body is too long (maximum is 65536 characters)")
	default:
		return in.Body, nil
	}
	return "", &res
}

// createComment posts as github-actions[bot], the GITHUB_TOKEN's user.
func (s *Server) createComment(w http.ResponseWriter, r *http.Request) reply {
	t, ok := s.thread(r)
	if !ok {
		return notFound()
	}
	body, bad := commentBody(r)
	if bad != nil {
		return *bad
	}
	c := Comment{ID: s.id(), User: "github-actions[bot]", Bot: true, Body: body, Created: s.Now, Updated: s.Now}
	*t.comments = append(*t.comments, c)
	return created(s.commentJSON(c))
}

func (s *Server) editComment(w http.ResponseWriter, r *http.Request) reply {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return notFound()
	}
	body, bad := commentBody(r)
	if bad != nil {
		return *bad
	}
	var all []*[]Comment
	for _, p := range s.PRs {
		all = append(all, &p.Comments)
	}
	for _, is := range s.Issues {
		all = append(all, &is.Comments)
	}
	for _, cs := range all {
		for i := range *cs {
			if c := &(*cs)[i]; c.ID == id {
				c.Body, c.Updated = body, s.Now
				return okJSON(s.commentJSON(*c))
			}
		}
	}
	return notFound()
}
