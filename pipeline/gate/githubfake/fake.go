// Package githubfake is an in-memory GitHub REST API for tests of the gate
// and of commands that use it. It serves under /api/v3/ (GitHub Enterprise
// layout, so a client aimed elsewhere fails), requires a Bearer token, and
// behaves like the documented API in the parts warta uses: Link-header
// pagination with per_page (default 30, max 100), 404 for non-members of a
// team, error bodies {"message", "documentation_url"}, rate-limit headers,
// review requests recorded as timeline events. A read-only server fails the
// test on any write.
package githubfake

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
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

// Prefix is where the API is served, as on GitHub Enterprise Server.
const Prefix = "/api/v3"

// Review is a submitted review.
type Review struct {
	ID          int64
	User        string
	State       string // APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED
	CommitID    string
	SubmittedAt time.Time
}

// Comment is an issue comment.
type Comment struct {
	ID      int64
	User    string
	Bot     bool
	Body    string
	Created time.Time
	Updated time.Time
}

// Event is an issue timeline event (review_requested only, here).
type Event struct {
	ID      int64
	Event   string
	Actor   string
	User    string // requested_reviewer
	Team    string // requested_team slug
	Created time.Time
}

// File is a changed file of a pull request.
type File struct {
	Name     string
	Status   string // added, modified, removed, renamed
	Previous string
}

// PR is a pull request.
type PR struct {
	Number   int
	Title    string
	Author   string
	Draft    bool
	HeadSHA  string
	HeadRef  string // branch; default "naskah"
	HeadUser string // owner of the head repository (a fork); default Owner
	BaseRef  string
	Created  time.Time
	Merged   time.Time
	MergedBy string
	Files    []File
	Reviews  []Review
	// Requested reviewers (users) and teams (slugs).
	RequestedUsers []string
	RequestedTeams []string
	Comments       []Comment
	Events         []Event
}

// Status is a commit status as created.
type Status struct {
	SHA, State, Description, Context, TargetURL string
}

// Server is the fake. Set its fields before the first request; read them
// after (under no concurrent requests) to assert.
type Server struct {
	*httptest.Server
	T     testing.TB
	Token string
	Owner string
	Repo  string
	// Now is the fake clock for created timestamps.
	Now time.Time
	// ReadOnly fails the test on any POST, PATCH, PUT or DELETE.
	ReadOnly bool

	mu       sync.Mutex
	PRs      map[int]*PR
	Teams    map[string]map[string]string // "org/slug" → login → "active" | "pending"
	Trees    map[string]map[string][]byte // commit SHA → path → file content
	Statuses []Status
	// Requests lists every request as "METHOD /path?query" (prefix removed).
	Requests []string
	// Fail makes the next requests whose "METHOD /path" has the key as
	// prefix answer with the given status and error body.
	Fail map[string]int
	// FailNext queues one-off answers: the first requests matching a key
	// (as Fail) get these statuses in turn, later ones are served normally.
	FailNext map[string][]int

	nextID    int64
	remaining int
}

// New starts a fake for owner/repo accepting token.
func New(t testing.TB, owner, repo, token string) *Server {
	s := &Server{
		T: t, Token: token, Owner: owner, Repo: repo,
		Now:   time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC),
		PRs:   map[int]*PR{},
		Teams: map[string]map[string]string{}, Trees: map[string]map[string][]byte{},
		Fail: map[string]int{}, FailNext: map[string][]int{}, nextID: 1000, remaining: 5000,
	}
	s.Server = httptest.NewServer(s.routes())
	t.Cleanup(s.Close)
	return s
}

// BaseURL is what GITHUB_API_URL would hold for this server.
func (s *Server) BaseURL() string { return s.URL + Prefix }

// BlobSHA is git's object name of a blob with data.
func BlobSHA(data []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(data))
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}

// Writes returns the requests that changed something.
func (s *Server) Writes() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, r := range s.Requests {
		if !strings.HasPrefix(r, "GET ") {
			out = append(out, r)
		}
	}
	return out
}

// Count counts requests starting with prefix ("POST /repos/o/r/statuses").
func (s *Server) Count(prefix string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.Requests {
		if strings.HasPrefix(r, prefix) {
			n++
		}
	}
	return n
}

func (s *Server) id() int64 { s.nextID++; return s.nextID }

type handler func(w http.ResponseWriter, r *http.Request) (any, int)

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	repo := Prefix + "/repos/{owner}/{repo}"
	add := func(pattern string, h handler) {
		method, p, _ := strings.Cut(pattern, " ")
		mux.HandleFunc(method+" "+strings.Replace(p, "REPO", repo, 1), func(w http.ResponseWriter, r *http.Request) {
			s.mu.Lock()
			defer s.mu.Unlock()
			body, code := h(w, r)
			s.write(w, body, code)
		})
	}
	add("GET REPO/pulls", s.listPRs)
	add("GET REPO/pulls/{n}", s.getPR)
	add("GET REPO/pulls/{n}/files", s.listFiles)
	add("GET REPO/pulls/{n}/reviews", s.listReviews)
	add("GET REPO/pulls/{n}/requested_reviewers", s.listRequested)
	add("POST REPO/pulls/{n}/requested_reviewers", s.requestReviewers)
	add("GET REPO/issues/{n}/events", s.listEvents)
	add("GET REPO/issues/{n}/comments", s.listComments)
	add("POST REPO/issues/{n}/comments", s.createComment)
	add("PATCH REPO/issues/comments/{id}", s.editComment)
	add("POST REPO/statuses/{sha}", s.createStatus)
	add("GET REPO/contents/{path...}", s.getContents)
	add("GET REPO/git/blobs/{sha}", s.getBlob)
	add("GET "+Prefix+"/orgs/{org}/teams/{slug}", s.getTeam)
	add("GET "+Prefix+"/orgs/{org}/teams/{slug}/memberships/{user}", s.getMembership)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		path := strings.TrimPrefix(r.URL.Path, Prefix)
		line := r.Method + " " + path
		if r.URL.RawQuery != "" {
			line += "?" + r.URL.RawQuery
		}
		s.Requests = append(s.Requests, line)
		readOnly := s.ReadOnly
		var fail int
		for k, code := range s.Fail {
			if strings.HasPrefix(r.Method+" "+path, k) {
				fail = code
			}
		}
		for k, codes := range s.FailNext {
			if fail == 0 && len(codes) > 0 && strings.HasPrefix(r.Method+" "+path, k) {
				fail, s.FailNext[k] = codes[0], codes[1:]
			}
		}
		s.mu.Unlock()
		if !strings.HasPrefix(r.URL.Path, Prefix+"/") {
			s.T.Errorf("githubfake: request outside %s/: %s %s", Prefix, r.Method, r.URL.Path)
			s.error(w, http.StatusNotFound, "Not Found")
			return
		}
		if r.Method != http.MethodGet && readOnly {
			s.T.Errorf("githubfake: write on a read-only server: %s %s", r.Method, r.URL.Path)
			s.error(w, http.StatusForbidden, "Resource not accessible by integration")
			return
		}
		if r.Header.Get("Authorization") != "Bearer "+s.Token {
			s.error(w, http.StatusUnauthorized, "Bad credentials")
			return
		}
		if o, rp, ok := strings.Cut(strings.TrimPrefix(path, "/repos/"), "/"); strings.HasPrefix(path, "/repos/") && ok {
			if o != s.Owner || !strings.HasPrefix(rp, s.Repo+"/") {
				s.error(w, http.StatusNotFound, "Not Found")
				return
			}
		}
		if fail != 0 {
			s.error(w, fail, http.StatusText(fail))
			return
		}
		mux.ServeHTTP(w, r)
	})
}

func (s *Server) write(w http.ResponseWriter, body any, code int) {
	if code >= 400 {
		s.error(w, code, body.(string))
		return
	}
	s.rateHeaders(w)
	if raw, ok := body.([]byte); ok {
		w.Header().Set("Content-Type", "application/vnd.github.raw")
		w.WriteHeader(code)
		w.Write(raw)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	if code != http.StatusNoContent {
		json.NewEncoder(w).Encode(body)
	}
}

func (s *Server) rateHeaders(w http.ResponseWriter) {
	if s.remaining > 0 {
		s.remaining--
	}
	w.Header().Set("X-RateLimit-Limit", "5000")
	w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(s.remaining))
	w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(s.Now.Add(time.Hour).Unix(), 10))
	w.Header().Set("X-RateLimit-Resource", "core")
}

// error writes GitHub's error body.
func (s *Server) error(w http.ResponseWriter, code int, msg string) {
	doc := "https://docs.github.com/rest"
	switch code {
	case http.StatusNotFound:
		doc = "https://docs.github.com/rest/overview/resources-in-the-rest-api#client-errors"
	case http.StatusUnprocessableEntity:
		doc = "https://docs.github.com/rest/overview/resources-in-the-rest-api#client-errors"
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]string{"message": msg, "documentation_url": doc})
}

// paginate cuts items by page/per_page and sets the Link header.
func paginate[T any](w http.ResponseWriter, r *http.Request, items []T) []T {
	per := 30
	if v, err := strconv.Atoi(r.URL.Query().Get("per_page")); err == nil && v > 0 {
		per = min(v, 100)
	}
	page := 1
	if v, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && v > 0 {
		page = v
	}
	last := max((len(items)+per-1)/per, 1)
	link := func(p int, rel string) string {
		u := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path}
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(p))
		q.Set("per_page", strconv.Itoa(per))
		u.RawQuery = q.Encode()
		return fmt.Sprintf("<%s>; rel=%q", u.String(), rel)
	}
	var links []string
	if page < last {
		links = append(links, link(page+1, "next"), link(last, "last"))
	}
	if page > 1 {
		links = append(links, link(1, "first"), link(page-1, "prev"))
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
	lo := min((page-1)*per, len(items))
	hi := min(lo+per, len(items))
	return items[lo:hi]
}

func (s *Server) pr(r *http.Request) (*PR, bool) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil {
		return nil, false
	}
	p, ok := s.PRs[n]
	return p, ok
}

func user(login string) map[string]any {
	if login == "" {
		return nil
	}
	t := "User"
	if strings.HasSuffix(login, "[bot]") {
		t = "Bot"
	}
	return map[string]any{"login": login, "id": len(login), "type": t}
}

func ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

func (s *Server) prJSON(p *PR) map[string]any {
	state := "open"
	if !p.Merged.IsZero() {
		state = "closed"
	}
	m := map[string]any{
		"number": p.Number, "title": p.Title, "state": state, "draft": p.Draft,
		"html_url":   fmt.Sprintf("https://github.example/%s/%s/pull/%d", s.Owner, s.Repo, p.Number),
		"user":       user(p.Author),
		"head":       map[string]any{"sha": p.HeadSHA, "ref": "naskah"},
		"base":       map[string]any{"ref": p.BaseRef},
		"created_at": ts(p.Created), "merged_at": ts(p.Merged), "merged": !p.Merged.IsZero(),
	}
	if p.MergedBy != "" {
		m["merged_by"] = user(p.MergedBy)
	}
	var us, tms []any
	for _, u := range p.RequestedUsers {
		us = append(us, user(u))
	}
	for _, t := range p.RequestedTeams {
		tms = append(tms, map[string]any{"slug": t, "name": t})
	}
	m["requested_reviewers"], m["requested_teams"] = orEmpty(us), orEmpty(tms)
	return m
}

func orEmpty(s []any) []any {
	if s == nil {
		return []any{}
	}
	return s
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

// GitHub docs: https://docs.github.com/rest/pulls/pulls#list-pull-requests
// ("head": filter by head user or organization and branch, "user:ref-name").
func (s *Server) listPRs(w http.ResponseWriter, r *http.Request) (any, int) {
	state := r.URL.Query().Get("state")
	if state == "" {
		state = "open"
	}
	head := r.URL.Query().Get("head")
	var nums []int
	for n := range s.PRs {
		nums = append(nums, n)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(nums)))
	var out []any
	for _, n := range nums {
		p := s.PRs[n]
		open := p.Merged.IsZero()
		if (state == "open" && !open) || (state == "closed" && open) {
			continue
		}
		if head != "" && !strings.EqualFold(head, p.headUser(s.Owner)+":"+p.headRef()) {
			continue
		}
		out = append(out, s.prJSON(p))
	}
	return orEmpty(paginate(w, r, out)), http.StatusOK
}

// GitHub docs: https://docs.github.com/rest/pulls/pulls#get-a-pull-request
func (s *Server) getPR(w http.ResponseWriter, r *http.Request) (any, int) {
	p, ok := s.pr(r)
	if !ok {
		return "Not Found", http.StatusNotFound
	}
	return s.prJSON(p), http.StatusOK
}

// GitHub docs: https://docs.github.com/rest/pulls/pulls#list-pull-requests-files
func (s *Server) listFiles(w http.ResponseWriter, r *http.Request) (any, int) {
	p, ok := s.pr(r)
	if !ok {
		return "Not Found", http.StatusNotFound
	}
	var out []any
	for _, f := range paginate(w, r, p.Files) {
		st := f.Status
		if st == "" {
			st = "added"
		}
		m := map[string]any{"filename": f.Name, "status": st, "sha": BlobSHA([]byte(f.Name))}
		if f.Previous != "" {
			m["previous_filename"] = f.Previous
		}
		out = append(out, m)
	}
	return orEmpty(out), http.StatusOK
}

// GitHub docs: https://docs.github.com/rest/pulls/reviews#list-reviews-for-a-pull-request
func (s *Server) listReviews(w http.ResponseWriter, r *http.Request) (any, int) {
	p, ok := s.pr(r)
	if !ok {
		return "Not Found", http.StatusNotFound
	}
	var out []any
	for _, v := range paginate(w, r, p.Reviews) {
		out = append(out, map[string]any{
			"id": v.ID, "user": user(v.User), "state": v.State, "commit_id": v.CommitID,
			"submitted_at": ts(v.SubmittedAt), "body": "",
			"html_url": fmt.Sprintf("https://github.example/%s/%s/pull/%d#pullrequestreview-%d", s.Owner, s.Repo, p.Number, v.ID),
		})
	}
	return orEmpty(out), http.StatusOK
}

// GitHub docs: https://docs.github.com/rest/pulls/review-requests#get-all-requested-reviewers-for-a-pull-request
func (s *Server) listRequested(w http.ResponseWriter, r *http.Request) (any, int) {
	p, ok := s.pr(r)
	if !ok {
		return "Not Found", http.StatusNotFound
	}
	m := s.prJSON(p)
	return map[string]any{"users": m["requested_reviewers"], "teams": m["requested_teams"]}, http.StatusOK
}

// GitHub docs: https://docs.github.com/rest/pulls/review-requests#request-reviewers-for-a-pull-request
func (s *Server) requestReviewers(w http.ResponseWriter, r *http.Request) (any, int) {
	p, ok := s.pr(r)
	if !ok {
		return "Not Found", http.StatusNotFound
	}
	var body struct {
		Reviewers     []string `json:"reviewers"`
		TeamReviewers []string `json:"team_reviewers"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		return "Problems parsing JSON", http.StatusBadRequest
	}
	for _, u := range body.Reviewers {
		if strings.EqualFold(u, p.Author) {
			return "Review cannot be requested from pull request author.", http.StatusUnprocessableEntity
		}
	}
	for _, t := range body.TeamReviewers {
		if _, ok := s.Teams[strings.ToLower(s.Owner+"/"+t)]; !ok {
			return "Reviews may only be requested from collaborators. One or more of the teams you specified is not a collaborator of the " + s.Owner + "/" + s.Repo + " repository.", http.StatusUnprocessableEntity
		}
	}
	for _, u := range body.Reviewers {
		p.RequestedUsers = append(p.RequestedUsers, u)
		p.Events = append(p.Events, Event{ID: s.id(), Event: "review_requested", Actor: "github-actions[bot]", User: u, Created: s.Now})
	}
	for _, t := range body.TeamReviewers {
		p.RequestedTeams = append(p.RequestedTeams, t)
		p.Events = append(p.Events, Event{ID: s.id(), Event: "review_requested", Actor: "github-actions[bot]", Team: t, Created: s.Now})
	}
	return s.prJSON(p), http.StatusCreated
}

// GitHub docs: https://docs.github.com/rest/issues/events#list-issue-events
func (s *Server) listEvents(w http.ResponseWriter, r *http.Request) (any, int) {
	p, ok := s.pr(r)
	if !ok {
		return "Not Found", http.StatusNotFound
	}
	var out []any
	for _, e := range paginate(w, r, p.Events) {
		m := map[string]any{"id": e.ID, "event": e.Event, "actor": user(e.Actor), "created_at": ts(e.Created)}
		if e.User != "" {
			m["requested_reviewer"] = user(e.User)
		}
		if e.Team != "" {
			m["requested_team"] = map[string]any{"slug": e.Team, "name": e.Team}
		}
		out = append(out, m)
	}
	return orEmpty(out), http.StatusOK
}

func commentJSON(c Comment) map[string]any {
	u := user(c.User)
	if c.Bot {
		u["type"] = "Bot"
	}
	return map[string]any{"id": c.ID, "user": u, "body": c.Body, "created_at": ts(c.Created), "updated_at": ts(c.Updated)}
}

// GitHub docs: https://docs.github.com/rest/issues/comments#list-issue-comments
func (s *Server) listComments(w http.ResponseWriter, r *http.Request) (any, int) {
	p, ok := s.pr(r)
	if !ok {
		return "Not Found", http.StatusNotFound
	}
	var out []any
	for _, c := range paginate(w, r, p.Comments) {
		out = append(out, commentJSON(c))
	}
	return orEmpty(out), http.StatusOK
}

// GitHub docs: https://docs.github.com/rest/issues/comments#create-an-issue-comment
func (s *Server) createComment(w http.ResponseWriter, r *http.Request) (any, int) {
	p, ok := s.pr(r)
	if !ok {
		return "Not Found", http.StatusNotFound
	}
	var body struct {
		Body string `json:"body"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Body == "" {
		return "Validation Failed", http.StatusUnprocessableEntity
	}
	if len(body.Body) > 65536 {
		return "Body is too long (maximum is 65536 characters)", http.StatusUnprocessableEntity
	}
	c := Comment{ID: s.id(), User: "github-actions[bot]", Bot: true, Body: body.Body, Created: s.Now, Updated: s.Now}
	p.Comments = append(p.Comments, c)
	return commentJSON(c), http.StatusCreated
}

// GitHub docs: https://docs.github.com/rest/issues/comments#update-an-issue-comment
func (s *Server) editComment(w http.ResponseWriter, r *http.Request) (any, int) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	var body struct {
		Body string `json:"body"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Body == "" {
		return "Validation Failed", http.StatusUnprocessableEntity
	}
	for _, p := range s.PRs {
		for i := range p.Comments {
			if p.Comments[i].ID == id {
				p.Comments[i].Body, p.Comments[i].Updated = body.Body, s.Now
				return commentJSON(p.Comments[i]), http.StatusOK
			}
		}
	}
	return "Not Found", http.StatusNotFound
}

// GitHub docs: https://docs.github.com/rest/commits/statuses#create-a-commit-status
func (s *Server) createStatus(w http.ResponseWriter, r *http.Request) (any, int) {
	var body struct {
		State       string `json:"state"`
		TargetURL   string `json:"target_url"`
		Description string `json:"description"`
		Context     string `json:"context"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		return "Problems parsing JSON", http.StatusBadRequest
	}
	switch body.State {
	case "error", "failure", "pending", "success":
	default:
		return "Validation Failed", http.StatusUnprocessableEntity
	}
	if len([]rune(body.Description)) > 140 {
		return "Validation Failed: description is too long (maximum is 140 characters)", http.StatusUnprocessableEntity
	}
	if body.Context == "" {
		body.Context = "default"
	}
	st := Status{SHA: r.PathValue("sha"), State: body.State, Description: body.Description, Context: body.Context, TargetURL: body.TargetURL}
	s.Statuses = append(s.Statuses, st)
	return map[string]any{"id": s.id(), "state": st.State, "description": st.Description, "context": st.Context,
		"target_url": st.TargetURL, "created_at": ts(s.Now)}, http.StatusCreated
}

// GitHub docs: https://docs.github.com/rest/repos/contents#get-repository-content
func (s *Server) getContents(w http.ResponseWriter, r *http.Request) (any, int) {
	ref := r.URL.Query().Get("ref")
	tree, ok := s.Trees[ref]
	if !ok {
		return "No commit found for the ref " + ref, http.StatusNotFound
	}
	p := strings.Trim(r.PathValue("path"), "/")
	entry := func(name string, data []byte, typ string) map[string]any {
		m := map[string]any{"type": typ, "name": name[strings.LastIndex(name, "/")+1:], "path": name}
		if typ == "file" {
			m["sha"], m["size"] = BlobSHA(data), len(data)
		}
		return m
	}
	if data, ok := tree[p]; ok {
		m := entry(p, data, "file")
		m["encoding"], m["content"] = "base64", base64.StdEncoding.EncodeToString(data)
		return m, http.StatusOK
	}
	seen := map[string]bool{}
	var out []any
	var names []string
	for name := range tree {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		rest, ok := strings.CutPrefix(name, p+"/")
		if !ok {
			continue
		}
		if child, _, isDir := strings.Cut(rest, "/"); isDir {
			if !seen[child] {
				seen[child] = true
				out = append(out, entry(p+"/"+child, nil, "dir"))
			}
			continue
		}
		out = append(out, entry(name, tree[name], "file"))
	}
	if out == nil {
		return "Not Found", http.StatusNotFound
	}
	return out, http.StatusOK
}

// GitHub docs: https://docs.github.com/rest/git/blobs#get-a-blob
func (s *Server) getBlob(w http.ResponseWriter, r *http.Request) (any, int) {
	sha := r.PathValue("sha")
	for _, tree := range s.Trees {
		for _, data := range tree {
			if BlobSHA(data) != sha {
				continue
			}
			if strings.Contains(r.Header.Get("Accept"), "raw") {
				return data, http.StatusOK
			}
			return map[string]any{"sha": sha, "size": len(data), "encoding": "base64",
				"content": base64.StdEncoding.EncodeToString(data)}, http.StatusOK
		}
	}
	return "Not Found", http.StatusNotFound
}

// GitHub docs: https://docs.github.com/rest/teams/teams#get-a-team-by-name
func (s *Server) getTeam(w http.ResponseWriter, r *http.Request) (any, int) {
	key := strings.ToLower(r.PathValue("org") + "/" + r.PathValue("slug"))
	if _, ok := s.Teams[key]; !ok {
		return "Not Found", http.StatusNotFound
	}
	return map[string]any{"id": len(key), "slug": r.PathValue("slug"), "name": r.PathValue("slug")}, http.StatusOK
}

// GitHub docs: https://docs.github.com/rest/teams/members#get-team-membership-for-a-user
// "If the user is not a member of the team, this returns 404"; an invited
// user not yet accepted has state "pending".
func (s *Server) getMembership(w http.ResponseWriter, r *http.Request) (any, int) {
	team, ok := s.Teams[strings.ToLower(r.PathValue("org")+"/"+r.PathValue("slug"))]
	if !ok {
		return "Not Found", http.StatusNotFound
	}
	for login, state := range team {
		if strings.EqualFold(login, r.PathValue("user")) {
			return map[string]any{"state": state, "role": "member",
				"url": s.URL + r.URL.Path}, http.StatusOK
		}
	}
	return "Not Found", http.StatusNotFound
}
