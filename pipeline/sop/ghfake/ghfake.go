// Package ghfake is a fake GitHub REST API for tests of the SOP report and
// `warta new --from-issue`: it serves one repository's pull requests, files,
// reviews, issues, timelines and team members under /api/v3/, as GitHub
// Enterprise Server does, with GitHub's pagination (page/per_page and Link
// headers), rate-limit headers and error bodies. Aim a real go-github client
// at it with WithEnterpriseURLs(srv.URL, srv.URL).
package ghfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Repo is the scripted repository.
type Repo struct {
	Owner, Name string
	// Token, when set, is the only Bearer token accepted; others get 401.
	Token  string
	Pulls  []Pull
	Issues []Issue
	// Teams maps "org/slug" to the logins of its active members.
	Teams map[string][]string
	// Fail maps a path below /api/v3 (e.g. "/repos/o/r/pulls") to a status
	// it answers with instead, with GitHub's error body.
	Fail map[string]int

	mu       sync.Mutex
	requests []string
}

// Pull is a pull request.
type Pull struct {
	Number        int
	Title, Body   string
	Author        string
	Created       time.Time
	Updated       time.Time // zero: Merged, else Created
	Merged        time.Time // zero: closed without merge, or open
	Open          bool
	Files         []string
	Reviews       []Review
	Timeline      []Event
	Commits       int // "committed" entries put at the start of the timeline
	PreviousFiles map[string]string
}

// Issue is an issue.
type Issue struct {
	Number      int
	Title, Body string
	Author      string
	Created     time.Time
	Labels      []string
	Assignees   []string
	Timeline    []Event
}

// Review is a submitted review.
type Review struct {
	User, State string // APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED
	At          time.Time
}

// Event is a timeline event: assigned (Assignee), ready_for_review,
// convert_to_draft, review_requested (Reviewer or Team), merged,
// cross-referenced, labeled.
type Event struct {
	Event    string
	Actor    string
	At       time.Time
	Assignee string
	Reviewer string
	Team     string
}

// Start serves r on 127.0.0.1 until the test ends.
func Start(t testing.TB, r *Repo) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return srv
}

// Requests returns the requests served so far, "METHOD path?query" with the
// query sorted.
func (r *Repo) Requests() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.requests...)
}

// ServeHTTP implements http.Handler.
func (r *Repo) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	q := req.URL.Query()
	r.requests = append(r.requests, req.Method+" "+req.URL.Path+sortedQuery(q))
	r.mu.Unlock()

	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-RateLimit-Limit", "5000")
	w.Header().Set("X-RateLimit-Remaining", "4999")
	w.Header().Set("X-RateLimit-Reset", "1798761600")
	w.Header().Set("X-GitHub-Media-Type", "github.v3; format=json")
	if r.Token != "" && req.Header.Get("Authorization") != "Bearer "+r.Token {
		writeError(w, http.StatusUnauthorized, "Bad credentials")
		return
	}
	path, ok := strings.CutPrefix(req.URL.Path, "/api/v3")
	if !ok {
		writeError(w, http.StatusNotFound, "Not Found")
		return
	}
	if code, ok := r.Fail[path]; ok {
		writeError(w, code, http.StatusText(code))
		return
	}
	if req.Method != http.MethodGet {
		writeError(w, http.StatusNotFound, "Not Found")
		return
	}
	seg := strings.Split(strings.Trim(path, "/"), "/")
	if len(seg) == 5 && seg[0] == "orgs" && seg[2] == "teams" && seg[4] == "members" {
		members, ok := r.Teams[seg[1]+"/"+seg[3]]
		if !ok {
			writeError(w, http.StatusNotFound, "Not Found")
			return
		}
		var out []any
		for _, m := range members {
			out = append(out, user(m))
		}
		paginate(w, req, out)
		return
	}
	if len(seg) < 4 || seg[0] != "repos" || seg[1] != r.Owner || seg[2] != r.Name {
		writeError(w, http.StatusNotFound, "Not Found")
		return
	}
	base := "http://" + req.Host + "/api/v3/repos/" + r.Owner + "/" + r.Name
	switch {
	case len(seg) == 4 && seg[3] == "pulls":
		r.listPulls(w, req, base)
		return
	case len(seg) >= 5 && seg[3] == "pulls":
		n, _ := strconv.Atoi(seg[4])
		p := r.pull(n)
		if p == nil {
			writeError(w, http.StatusNotFound, "Not Found")
			return
		}
		switch {
		case len(seg) == 6 && seg[5] == "files":
			paginate(w, req, p.files())
			return
		case len(seg) == 6 && seg[5] == "reviews":
			paginate(w, req, p.reviews(base))
			return
		}
	case len(seg) >= 5 && seg[3] == "issues":
		n, _ := strconv.Atoi(seg[4])
		switch {
		case len(seg) == 5:
			if is := r.issue(n); is != nil {
				writeJSON(w, http.StatusOK, is.json(base))
				return
			}
			if p := r.pull(n); p != nil {
				writeJSON(w, http.StatusOK, p.issueJSON(base))
				return
			}
		case len(seg) == 6 && seg[5] == "timeline":
			if is := r.issue(n); is != nil {
				paginate(w, req, timeline(is.Timeline, nil, 0))
				return
			}
			if p := r.pull(n); p != nil {
				paginate(w, req, timeline(p.Timeline, p.Reviews, p.Commits))
				return
			}
		}
	}
	writeError(w, http.StatusNotFound, "Not Found")
}

func (r *Repo) pull(n int) *Pull {
	for i := range r.Pulls {
		if r.Pulls[i].Number == n {
			return &r.Pulls[i]
		}
	}
	return nil
}

func (r *Repo) issue(n int) *Issue {
	for i := range r.Issues {
		if r.Issues[i].Number == n {
			return &r.Issues[i]
		}
	}
	return nil
}

// listPulls implements GET /repos/{o}/{r}/pulls: state open|closed|all,
// sort created|updated, direction asc|desc (default desc for created,
// otherwise asc, as documented).
func (r *Repo) listPulls(w http.ResponseWriter, req *http.Request, base string) {
	q := req.URL.Query()
	state := q.Get("state")
	if state == "" {
		state = "open"
	}
	if state != "open" && state != "closed" && state != "all" {
		writeError(w, http.StatusUnprocessableEntity, "Validation Failed")
		return
	}
	sortBy := q.Get("sort")
	if sortBy == "" {
		sortBy = "created"
	}
	dir := q.Get("direction")
	if dir == "" {
		dir = map[bool]string{true: "desc", false: "asc"}[sortBy == "created"]
	}
	var ps []*Pull
	for i := range r.Pulls {
		p := &r.Pulls[i]
		if state == "all" || (state == "open") == p.Open {
			ps = append(ps, p)
		}
	}
	key := func(p *Pull) time.Time {
		if sortBy == "updated" {
			return p.updated()
		}
		return p.Created
	}
	sort.SliceStable(ps, func(i, j int) bool {
		if dir == "desc" {
			return key(ps[i]).After(key(ps[j]))
		}
		return key(ps[i]).Before(key(ps[j]))
	})
	var out []any
	for _, p := range ps {
		out = append(out, p.json(base))
	}
	paginate(w, req, out)
}

func (p *Pull) updated() time.Time {
	switch {
	case !p.Updated.IsZero():
		return p.Updated
	case !p.Merged.IsZero():
		return p.Merged
	}
	return p.Created
}

func (p *Pull) json(base string) map[string]any {
	m := map[string]any{
		"id": 1000 + p.Number, "number": p.Number, "title": p.Title, "body": p.Body,
		"state": map[bool]string{true: "open", false: "closed"}[p.Open], "draft": false,
		"user": user(p.Author), "created_at": ts(p.Created), "updated_at": ts(p.updated()),
		"html_url":  strings.Replace(base, "/api/v3/repos", "", 1) + "/pull/" + strconv.Itoa(p.Number),
		"url":       base + "/pulls/" + strconv.Itoa(p.Number),
		"closed_at": nil, "merged_at": nil, "merge_commit_sha": fmt.Sprintf("%040x", p.Number),
	}
	if !p.Open {
		m["closed_at"] = ts(p.updated())
	}
	if !p.Merged.IsZero() {
		m["merged_at"], m["closed_at"] = ts(p.Merged), ts(p.Merged)
	}
	return m
}

func (p *Pull) issueJSON(base string) map[string]any {
	m := p.json(base)
	m["pull_request"] = map[string]any{"url": base + "/pulls/" + strconv.Itoa(p.Number)}
	delete(m, "merge_commit_sha")
	delete(m, "merged_at")
	return m
}

func (p *Pull) files() []any {
	var out []any
	for i, f := range p.Files {
		m := map[string]any{"sha": fmt.Sprintf("%040x", i+1), "filename": f, "status": "added",
			"additions": 10, "deletions": 0, "changes": 10}
		if prev, ok := p.PreviousFiles[f]; ok {
			m["status"], m["previous_filename"] = "renamed", prev
		}
		out = append(out, m)
	}
	return out
}

func (p *Pull) reviews(base string) []any {
	var out []any
	for i, rv := range p.Reviews {
		out = append(out, map[string]any{
			"id": 80000 + p.Number*100 + i, "user": user(rv.User), "body": "", "state": rv.State,
			"submitted_at": ts(rv.At), "commit_id": fmt.Sprintf("%040x", p.Number),
			"html_url":           strings.Replace(base, "/api/v3/repos", "", 1) + "/pull/" + strconv.Itoa(p.Number),
			"author_association": "MEMBER",
		})
	}
	return out
}

func (is *Issue) json(base string) map[string]any {
	var labels, assignees []any
	for _, l := range is.Labels {
		labels = append(labels, map[string]any{"name": l, "color": "0e8a16"})
	}
	for _, a := range is.Assignees {
		assignees = append(assignees, user(a))
	}
	return map[string]any{
		"id": 5000 + is.Number, "number": is.Number, "title": is.Title, "body": is.Body, "state": "open",
		"user": user(is.Author), "labels": labels, "assignees": assignees,
		"created_at": ts(is.Created), "updated_at": ts(is.Created),
		"html_url": strings.Replace(base, "/api/v3/repos", "", 1) + "/issues/" + strconv.Itoa(is.Number),
		"url":      base + "/issues/" + strconv.Itoa(is.Number),
	}
}

// timeline renders timeline entries as GitHub does: issue events carry
// created_at; "reviewed" entries carry submitted_at instead and "committed"
// entries only a git author date, so a reader relying on created_at for
// them gets nothing.
func timeline(events []Event, reviews []Review, commits int) []any {
	var out []any
	for i := range commits {
		out = append(out, map[string]any{
			"event": "committed", "sha": fmt.Sprintf("%040x", 7000+i), "message": "naskah",
			"author":    map[string]any{"name": "Staf", "email": "staf@example.org", "date": "2026-01-01T00:00:00Z"},
			"committer": map[string]any{"name": "Staf", "email": "staf@example.org", "date": "2026-01-01T00:00:00Z"},
		})
	}
	type entry struct {
		at time.Time
		v  map[string]any
	}
	var es []entry
	for i, ev := range events {
		m := map[string]any{"id": 90000 + i, "event": ev.Event, "actor": user(ev.Actor), "created_at": ts(ev.At), "commit_id": nil}
		switch ev.Event {
		case "assigned", "unassigned":
			m["assignee"], m["assigner"] = user(ev.Assignee), user(ev.Actor)
		case "review_requested", "review_request_removed":
			m["review_requester"] = user(ev.Actor)
			if ev.Team != "" {
				m["requested_team"] = map[string]any{"id": 77, "slug": ev.Team, "name": ev.Team}
			} else {
				m["requested_reviewer"] = user(ev.Reviewer)
			}
		case "merged":
			m["commit_id"] = fmt.Sprintf("%040x", 1)
		case "cross-referenced":
			m["updated_at"] = ts(ev.At)
			m["source"] = map[string]any{"type": "issue", "issue": map[string]any{"number": 1}}
			delete(m, "id")
		}
		es = append(es, entry{ev.At, m})
	}
	for i, rv := range reviews {
		es = append(es, entry{rv.At, map[string]any{
			"id": 60000 + i, "event": "reviewed", "user": user(rv.User), "state": strings.ToLower(rv.State),
			"submitted_at": ts(rv.At), "body": nil, "author_association": "MEMBER",
		}})
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].at.Before(es[j].at) })
	for _, e := range es {
		out = append(out, e.v)
	}
	return out
}

func user(login string) any {
	if login == "" {
		return nil
	}
	typ := "User"
	if strings.HasSuffix(login, "[bot]") {
		typ = "Bot"
	}
	return map[string]any{"login": login, "id": len(login) * 1009, "type": typ}
}

func ts(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// paginate serves items a page at a time as GitHub does: per_page default
// 30, at most 100; a Link header with next/last and prev/first.
func paginate(w http.ResponseWriter, req *http.Request, items []any) {
	q := req.URL.Query()
	per, err := strconv.Atoi(q.Get("per_page"))
	if err != nil || per <= 0 {
		per = 30
	}
	per = min(per, 100)
	page, err := strconv.Atoi(q.Get("page"))
	if err != nil || page <= 0 {
		page = 1
	}
	last := max((len(items)+per-1)/per, 1)
	link := func(p int, rel string) string {
		u := url.URL{Scheme: "http", Host: req.Host, Path: req.URL.Path}
		v := req.URL.Query()
		v.Set("page", strconv.Itoa(p))
		v.Set("per_page", strconv.Itoa(per))
		u.RawQuery = v.Encode()
		return fmt.Sprintf(`<%s>; rel="%s"`, u.String(), rel)
	}
	var links []string
	if page > 1 {
		links = append(links, link(page-1, "prev"), link(1, "first"))
	}
	if page < last {
		links = append(links, link(page+1, "next"), link(last, "last"))
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
	lo, hi := min((page-1)*per, len(items)), min(page*per, len(items))
	out := items[lo:hi]
	if out == nil {
		out = []any{}
	}
	writeJSON(w, http.StatusOK, out)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, map[string]any{"message": msg, "status": strconv.Itoa(code)})
}

func sortedQuery(q url.Values) string {
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode() // Encode sorts by key
}
