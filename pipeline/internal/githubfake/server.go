package githubfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Prefix is where the API is served, as on GitHub Enterprise Server.
const Prefix = "/api/v3"

// docsREST is the documentation_url of errors that belong to no endpoint.
const docsREST = "https://docs.github.com/rest"

// Server is the fake. Set its fields before the first request; read them
// after (with no request in flight) to assert.
type Server struct {
	*httptest.Server
	T     testing.TB
	Token string
	Owner string
	Repo  string
	// Now is GitHub's clock: created timestamps and the rate-limit reset.
	Now time.Time
	// ReadOnly fails the test on any POST, PATCH, PUT or DELETE.
	ReadOnly bool

	PRs    map[int]*PR
	Issues map[int]*Issue
	// Teams maps "org/slug" to login → Active or Pending.
	Teams map[string]map[string]string
	// Trees maps a commit SHA (or branch) to path → file content.
	Trees map[string]map[string][]byte
	// Parents is the commit graph (commit SHA → parent SHAs) that compare
	// walks; a commit in Trees and not here has no parents.
	Parents map[string][]string
	// TreeLimit is how many entries a tree listing holds before it is
	// truncated; 0 means GitHub's 100,000.
	TreeLimit int
	Statuses  []Status
	// Attachments are the uploaded files by asset id (a UUID), served at
	// /user-attachments/assets/<id> outside the API; AttachmentBytes counts
	// the bytes of each that reached the client's connection.
	Attachments     map[string]*Attachment
	AttachmentBytes map[string]int64
	// Runs are the GitHub Actions workflow runs, by id.
	Runs map[int64]*Run
	// Requests lists every request as "METHOD /path?query", the path
	// without Prefix and the query sorted by key.
	Requests []string
	// Fail answers every request whose "METHOD /path" starts with a key
	// with that status and GitHub's error body.
	Fail map[string]int
	// FailNext queues one-off answers: the first requests matching a key
	// (as Fail) get these statuses in turn, later ones are served normally.
	FailNext map[string][]int
	// Served, when set, runs after each request is answered by its
	// endpoint, with the request line as in Requests, and before the next
	// request is served: to change the repository between two calls (a
	// push while a client reads). It runs with the server's lock held: set
	// fields directly, call no method.
	Served func(req string)
	// RateLimit is X-RateLimit-Limit; RateRemaining counts down with every
	// request, and at zero GitHub's 403 "API rate limit exceeded" follows.
	RateLimit     int
	RateRemaining int

	mu     sync.Mutex
	nextID int64
}

// New starts a fake for owner/repo accepting token, until the test ends.
func New(t testing.TB, owner, repo, token string) *Server {
	t.Helper()
	s := &Server{
		T: t, Token: token, Owner: owner, Repo: repo,
		Now:    time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC),
		PRs:    map[int]*PR{},
		Issues: map[int]*Issue{},
		Teams:  map[string]map[string]string{}, Trees: map[string]map[string][]byte{},
		Parents:     map[string][]string{},
		Runs:        map[int64]*Run{},
		Attachments: map[string]*Attachment{}, AttachmentBytes: map[string]int64{},
		Fail: map[string]int{}, FailNext: map[string][]int{},
		RateLimit: 5000, RateRemaining: 5000,
		nextID: 1000,
	}
	s.Server = httptest.NewServer(s.handler())
	t.Cleanup(s.Close)
	return s
}

// BaseURL is what GITHUB_API_URL would hold for this server.
func (s *Server) BaseURL() string { return s.URL + Prefix }

// AddPR stores pull requests by number.
func (s *Server) AddPR(prs ...*PR) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range prs {
		s.PRs[p.Number] = p
	}
}

// AddIssue stores issues by number.
func (s *Server) AddIssue(issues ...*Issue) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, is := range issues {
		s.Issues[is.Number] = is
	}
}

// AddTeam makes org/slug a team whose members are all active.
func (s *Server) AddTeam(orgSlug string, logins ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := map[string]string{}
	for _, l := range logins {
		m[l] = Active
	}
	s.Teams[orgSlug] = m
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

// reply is a handler's answer: a body for codes below 400, a message for
// the error body otherwise.
type reply struct {
	code int
	body any
	raw  []byte // served as application/vnd.github.raw instead of body
}

func okJSON(v any) reply  { return reply{code: http.StatusOK, body: v} }
func created(v any) reply { return reply{code: http.StatusCreated, body: v} }

func fail(code int, msg string) reply { return reply{code: code, body: msg} }

func notFound() reply { return fail(http.StatusNotFound, "Not Found") }

func validation(msg string) reply { return fail(http.StatusUnprocessableEntity, msg) }

type handlerFunc func(w http.ResponseWriter, r *http.Request) reply

// route is one endpoint: "METHOD /path" with {wildcards} as net/http's
// ServeMux, the GitHub docs page it implements, and its handler.
type route struct {
	pattern string
	doc     string
	h       handlerFunc
}

func (s *Server) handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		mux.HandleFunc(method+" "+Prefix+path, func(w http.ResponseWriter, r *http.Request) {
			if o, rp := r.PathValue("owner"), r.PathValue("repo"); o != "" &&
				(!strings.EqualFold(o, s.Owner) || !strings.EqualFold(rp, s.Repo)) {
				s.writeError(w, http.StatusNotFound, "Not Found", rt.doc)
				return
			}
			s.mu.Lock()
			rep := rt.h(w, r)
			if s.Served != nil {
				line := r.Method + " " + strings.TrimPrefix(r.URL.Path, Prefix)
				if q := r.URL.Query(); len(q) > 0 {
					line += "?" + q.Encode()
				}
				s.Served(line)
			}
			s.mu.Unlock()
			s.write(w, rep, rt.doc)
		})
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.T.Errorf("githubfake: no such endpoint: %s %s", r.Method, r.URL.Path)
		s.writeError(w, http.StatusNotFound, "Not Found", docsREST)
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path := strings.TrimPrefix(r.URL.Path, Prefix)
		s.mu.Lock()
		line := r.Method + " " + path
		if q := r.URL.Query(); len(q) > 0 {
			line += "?" + q.Encode() // Encode sorts by key
		}
		s.Requests = append(s.Requests, line)
		readOnly := s.ReadOnly
		code := s.injected(r.Method + " " + path)
		limited := s.RateRemaining <= 0
		if !limited {
			s.RateRemaining--
		}
		s.rateHeaders(w)
		s.mu.Unlock()

		if strings.HasPrefix(r.URL.Path, "/user-attachments/") || strings.HasPrefix(r.URL.Path, storagePath) {
			s.serveAttachment(w, r)
			return
		}
		if !strings.HasPrefix(r.URL.Path, Prefix+"/") {
			s.T.Errorf("githubfake: request outside %s/: %s %s", Prefix, r.Method, r.URL.Path)
			s.writeError(w, http.StatusNotFound, "Not Found", docsREST)
			return
		}
		auth := r.Header.Get("Authorization")
		if auth != "Bearer "+s.Token && auth != "token "+s.Token {
			s.writeError(w, http.StatusUnauthorized, "Bad credentials", docsREST)
			return
		}
		if limited {
			// GitHub docs: https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit
			s.writeError(w, http.StatusForbidden, "API rate limit exceeded for installation.",
				"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api")
			return
		}
		if r.Method != http.MethodGet && readOnly {
			s.T.Errorf("githubfake: write on a read-only server: %s %s", r.Method, r.URL.Path)
			s.writeError(w, http.StatusForbidden, "Resource not accessible by integration", docsREST)
			return
		}
		if code != 0 {
			s.writeError(w, code, http.StatusText(code), docsREST)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// injected is the status Fail or FailNext sets for key, or 0; s.mu is held.
func (s *Server) injected(key string) int {
	for k, code := range s.Fail {
		if strings.HasPrefix(key, k) {
			return code
		}
	}
	for k, codes := range s.FailNext {
		if len(codes) > 0 && strings.HasPrefix(key, k) {
			s.FailNext[k] = codes[1:]
			return codes[0]
		}
	}
	return 0
}

// rateHeaders sets GitHub's rate-limit headers; s.mu is held.
//
// GitHub docs: https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#checking-the-status-of-your-rate-limit
func (s *Server) rateHeaders(w http.ResponseWriter) {
	rem := max(s.RateRemaining, 0)
	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(s.RateLimit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(rem))
	h.Set("X-RateLimit-Used", strconv.Itoa(s.RateLimit-rem))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(s.Now.Add(time.Hour).Unix(), 10))
	h.Set("X-RateLimit-Resource", "core")
	h.Set("X-GitHub-Media-Type", "github.v3; format=json")
}

func (s *Server) write(w http.ResponseWriter, rep reply, doc string) {
	if rep.code >= 400 {
		s.writeError(w, rep.code, rep.body.(string), doc)
		return
	}
	if rep.raw != nil {
		w.Header().Set("Content-Type", "application/vnd.github.raw")
		w.WriteHeader(rep.code)
		w.Write(rep.raw)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(rep.code)
	if rep.code != http.StatusNoContent {
		json.NewEncoder(w).Encode(rep.body)
	}
}

// writeError writes GitHub's error body.
//
// GitHub docs: https://docs.github.com/rest/using-the-rest-api/troubleshooting-the-rest-api
func (s *Server) writeError(w http.ResponseWriter, code int, msg, doc string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]string{"message": msg, "documentation_url": doc, "status": strconv.Itoa(code)})
}

// paginate picks the page of n items that page and per_page ask for
// (per_page default 30, at most 100) as items[lo:hi], and sets the Link
// header with prev, next, last and first, as GitHub does.
//
// GitHub docs: https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api
func paginate(w http.ResponseWriter, r *http.Request, n int) (lo, hi int) {
	per := 30
	if v, err := strconv.Atoi(r.URL.Query().Get("per_page")); err == nil && v > 0 {
		per = min(v, 100)
	}
	page := 1
	if v, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && v > 0 {
		page = v
	}
	last := max((n+per-1)/per, 1)
	link := func(p int, rel string) string {
		u := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path}
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(p))
		q.Set("per_page", strconv.Itoa(per))
		u.RawQuery = q.Encode()
		return fmt.Sprintf("<%s>; rel=%q", u.String(), rel)
	}
	var links []string
	if page > 1 {
		links = append(links, link(min(page-1, last), "prev"))
	}
	if page < last {
		links = append(links, link(page+1, "next"), link(last, "last"))
	}
	if page > 1 {
		links = append(links, link(1, "first"))
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
	lo = min((page-1)*per, n)
	return lo, min(lo+per, n)
}

// list answers one page of items, each rendered by render with its index
// in items; an empty page is [], never null.
func list[T any](w http.ResponseWriter, r *http.Request, items []T, render func(i int, v T) any) reply {
	lo, hi := paginate(w, r, len(items))
	out := make([]any, 0, hi-lo)
	for i := lo; i < hi; i++ {
		out = append(out, render(i, items[i]))
	}
	return okJSON(out)
}

func (s *Server) user(login string) any {
	if login == "" {
		return nil
	}
	typ := "User"
	if strings.HasSuffix(login, "[bot]") {
		typ = "Bot"
	}
	return map[string]any{"login": login, "id": len(login) * 1009, "type": typ,
		"html_url": s.URL + "/" + login}
}

func ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

// htmlBase is the web address of the repository: on GitHub Enterprise
// Server the web UI is at the host root and the API below /api/v3.
func (s *Server) htmlBase() string { return s.URL + "/" + s.Owner + "/" + s.Repo }

func (s *Server) apiBase() string { return s.URL + Prefix + "/repos/" + s.Owner + "/" + s.Repo }

func number(r *http.Request, name string) (int, bool) {
	n, err := strconv.Atoi(r.PathValue(name))
	return n, err == nil
}

func decode(r *http.Request, v any) bool { return json.NewDecoder(r.Body).Decode(v) == nil }
