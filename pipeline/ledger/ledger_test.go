package ledger_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/kominfotik-lampung/warta/pipeline/ledger"
	"github.com/kominfotik-lampung/warta/pipeline/secret"
)

var t0 = time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)

func clock() time.Time { return t0 }

// bareOrigin makes an empty bare repository in a temp dir.
func bareOrigin(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "origin.git")
	if _, err := git.PlainInit(dir, true); err != nil {
		t.Fatal(err)
	}
	return dir
}

func open(t *testing.T, url string, opts ...ledger.Option) *ledger.Ledger {
	t.Helper()
	l, err := ledger.New(url, append([]ledger.Option{ledger.WithClock(clock)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func entry(article, platform, state string) ledger.Entry {
	return ledger.Entry{Article: article, Platform: platform, State: state, Time: t0, Run: "1"}
}

// branchFile reads ledger.jsonl and the tip commit straight from the bare repo.
func branchFile(t *testing.T, dir string) (string, *object.Commit) {
	t.Helper()
	r, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := r.Reference(plumbing.NewBranchReferenceName(ledger.Branch), true)
	if err != nil {
		t.Fatalf("branch %s: %v", ledger.Branch, err)
	}
	c, err := r.CommitObject(ref.Hash())
	if err != nil {
		t.Fatal(err)
	}
	f, err := c.File(ledger.File)
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.Contents()
	if err != nil {
		t.Fatal(err)
	}
	return s, c
}

// started is bareOrigin with the ledger branch started (Init).
func started(t *testing.T) string {
	t.Helper()
	dir := bareOrigin(t)
	if err := open(t, dir).Init(t.Context()); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestMissingBranchIsAnError: a missing ledger branch never reads as an
// empty ledger (which would re-post everything) nor is quietly created by
// a write; Init starts it once and refuses when it exists.
func TestMissingBranchIsAnError(t *testing.T) {
	dir := bareOrigin(t)
	l := open(t, dir)
	if got, err := l.Read(t.Context()); !errors.Is(err, ledger.ErrNoBranch) {
		t.Fatalf("Read on an origin without the branch = %v, %v; want ErrNoBranch", got, err)
	}
	if err := l.Append(t.Context(), entry("berita/2026/11/25-a", "x", ledger.Intent)); !errors.Is(err, ledger.ErrNoBranch) {
		t.Fatalf("Append without the branch = %v; want ErrNoBranch", err)
	}
	if err := exec.Command("git", "-C", dir, "rev-parse", "--verify", "-q", ledger.Branch).Run(); err == nil {
		t.Fatal("a write created the ledger branch")
	}
	if err := l.Init(t.Context()); err != nil {
		t.Fatal(err)
	}
	text, c := branchFile(t, dir)
	if text != "" || c.NumParents() != 0 {
		t.Errorf("Init wrote %q with %d parents; want an empty file in an orphan commit", text, c.NumParents())
	}
	if err := open(t, dir).Init(t.Context()); !errors.Is(err, ledger.ErrBranchExists) {
		t.Errorf("second Init = %v; want ErrBranchExists", err)
	}
	if got, err := l.Read(t.Context()); err != nil || len(got) != 0 {
		t.Errorf("Read after Init = %v, %v; want no entries", got, err)
	}

	// Deleted later (by hand or a force push): an error again.
	if err := l.Append(t.Context(), entry("berita/2026/11/25-a", "x", ledger.Done)); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("git", "-C", dir, "branch", "-D", ledger.Branch).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if _, err := l.Read(t.Context()); !errors.Is(err, ledger.ErrNoBranch) {
		t.Errorf("Read after the branch was deleted = %v; want ErrNoBranch", err)
	}
	if _, err := l.Update(t.Context(), func([]ledger.Entry) []ledger.Entry {
		return []ledger.Entry{entry("berita/2026/11/25-b", "x", ledger.Intent)}
	}); !errors.Is(err, ledger.ErrNoBranch) {
		t.Errorf("Update after the branch was deleted = %v; want ErrNoBranch", err)
	}
}

func TestAppendOnTheStartedBranch(t *testing.T) {
	dir := started(t)
	l := open(t, dir)
	if err := l.Append(t.Context(), entry("berita/2026/11/25-a", "x", ledger.Intent)); err != nil {
		t.Fatal(err)
	}
	text, c := branchFile(t, dir)
	want := `{"article":"berita/2026/11/25-a","platform":"x","state":"intent","time":"2026-11-25T03:00:00Z","run":"1"}` + "\n"
	if text != want {
		t.Errorf("ledger.jsonl =\n%s\nwant\n%s", text, want)
	}
	if c.NumParents() != 1 {
		t.Errorf("first ledger line's commit has %d parents, want 1 (on Init's)", c.NumParents())
	}
	// A second, independent clone sees it and appends on top.
	l2 := open(t, dir)
	if err := l2.Append(t.Context(), entry("berita/2026/11/25-a", "x", ledger.Done), entry("berita/2026/11/25-a", "x", ledger.Intent)); err != nil {
		t.Fatal(err)
	}
	got, err := l.Read(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[1].State != ledger.Done {
		t.Errorf("Read = %+v; want intent then done (a repeated line is not written twice)", got)
	}
	_, c = branchFile(t, dir)
	if c.NumParents() != 1 {
		t.Errorf("second commit has %d parents, want 1", c.NumParents())
	}
}

func TestBranchCreatedBesideExistingHistory(t *testing.T) {
	// origin already has main (a normal repository): the ledger branch is an
	// orphan that shares nothing with it, and main is left alone.
	dir := t.TempDir()
	work := filepath.Join(dir, "work")
	origin := filepath.Join(dir, "origin.git")
	for _, args := range [][]string{
		{"init", "-q", "-b", "main", work},
		{"-C", work, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "--allow-empty", "-m", "first"},
		{"clone", "-q", "--bare", work, origin},
	} {
		if out, err := exec.Command("git", args...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	l := open(t, origin)
	if err := l.Init(t.Context()); err != nil {
		t.Fatal(err)
	}
	_, c := branchFile(t, origin)
	if c.NumParents() != 0 {
		t.Errorf("ledger commit has parents; want an orphan")
	}
	out, err := exec.Command("git", "-C", origin, "log", "--format=%s", "main").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "first" {
		t.Errorf("main changed: %s %v", out, err)
	}
}

func TestConcurrentAppendsLoseNothing(t *testing.T) {
	dir := started(t)
	const writers, each = 3, 4
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l := open(t, dir)
			for i := range each {
				e := entry(fmt.Sprintf("berita/2026/11/25-w%d-%d", w, i), "x", ledger.Done)
				if err := l.Append(context.Background(), e); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got, err := open(t, dir).Read(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != writers*each {
		t.Fatalf("ledger has %d lines, want %d (a lost update)", len(got), writers*each)
	}
}

func TestUpdateSeesTheWinnersEntries(t *testing.T) {
	dir := started(t)
	a, b := open(t, dir), open(t, dir)
	if _, err := a.Read(t.Context()); err != nil { // a has an (empty) view now
		t.Fatal(err)
	}
	if err := b.Append(t.Context(), entry("berita/2026/11/25-a", "x", ledger.Intent)); err != nil {
		t.Fatal(err)
	}
	calls := 0
	wrote, err := a.Update(t.Context(), func(cur []ledger.Entry) []ledger.Entry {
		calls++
		if _, ok := ledger.Fold(cur).Lookup("berita/2026/11/25-a", "x"); ok {
			return nil // someone else is on it
		}
		return []ledger.Entry{entry("berita/2026/11/25-a", "x", ledger.Intent)}
	})
	if err != nil || len(wrote) != 0 || calls != 1 {
		t.Fatalf("Update = %v, %v after %d calls; want nothing written", wrote, err, calls)
	}
}

func TestFold(t *testing.T) {
	const a = "berita/2026/11/25-a"
	withID := entry(a, "instagram", ledger.Intent)
	withID.PostID = "container-1"
	done := entry(a, "instagram", ledger.Done)
	done.PostID, done.PostURL = "m1", "https://www.instagram.com/p/abc/"
	tests := []struct {
		name    string
		in      []ledger.Entry
		posted  bool
		pending bool
		resume  string
	}{
		{"intent only", []ledger.Entry{entry(a, "instagram", ledger.Intent)}, false, true, ""},
		{"intent with container", []ledger.Entry{entry(a, "instagram", ledger.Intent), withID}, false, true, "container-1"},
		{"failed keeps the intent pending", []ledger.Entry{withID, entry(a, "instagram", ledger.Failed)}, false, true, "container-1"},
		{"done", []ledger.Entry{withID, done}, true, false, ""},
		{"deleted", []ledger.Entry{withID, done, entry(a, "instagram", ledger.Deleted)}, true, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ok := ledger.Fold(tt.in).Lookup("berita/2026/11/26-new", "instagram", a)
			if !ok {
				t.Fatal("alias not found")
			}
			if s.Posted() != tt.posted || s.Pending != tt.pending || s.Resume != tt.resume {
				t.Errorf("got posted=%v pending=%v resume=%q; want %v %v %q", s.Posted(), s.Pending, s.Resume, tt.posted, tt.pending, tt.resume)
			}
		})
	}
}

func TestParseNamesBadLine(t *testing.T) {
	_, _, err := ledger.Parse("{\"article\":\"a\"}\n\nnot json\n")
	if err == nil || !strings.Contains(err.Error(), "ledger.jsonl:3") {
		t.Errorf("Parse error = %v; want one naming ledger.jsonl:3", err)
	}
}

// TestHTTPSWithToken pushes through git's own smart-HTTP server (git
// http-backend behind net/http/cgi), which insists on Basic auth with the
// x-access-token user as GitHub does.
func TestHTTPSWithToken(t *testing.T) {
	backend, err := exec.Command("git", "--exec-path").Output()
	if err != nil {
		t.Skip("git not installed")
	}
	bin := filepath.Join(strings.TrimSpace(string(backend)), "git-http-backend")
	if _, err := os.Stat(bin); err != nil {
		t.Skip("git-http-backend not installed")
	}
	root := t.TempDir()
	if _, err := git.PlainInit(filepath.Join(root, "repo.git"), true); err != nil {
		t.Fatal(err)
	}
	const token = "ghs_testtoken123"
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte("x-access-token:"+token))
	h := &cgi.Handler{Path: bin, Env: []string{"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1", "REMOTE_USER=x-access-token"}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != want {
			w.Header().Set("WWW-Authenticate", `Basic realm="GitHub"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	// http-backend refuses receive-pack unless the repository allows it.
	if out, err := exec.Command("git", "-C", filepath.Join(root, "repo.git"), "config", "http.receivepack", "true").CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}

	var logs bytes.Buffer
	l := open(t, srv.URL+"/repo.git", ledger.WithToken(secret.Secret(token)))
	if err := l.Init(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := l.Append(t.Context(), entry("berita/2026/11/25-a", "x", ledger.Done)); err != nil {
		t.Fatal(err)
	}
	got, err := open(t, srv.URL+"/repo.git", ledger.WithToken(secret.Secret(token))).Read(t.Context())
	if err != nil || len(got) != 1 {
		t.Fatalf("Read over HTTPS = %v, %v", got, err)
	}
	// Without the token the server says no, and the error does not leak it.
	_, err = open(t, srv.URL+"/repo.git", ledger.WithToken(secret.Secret("wrong"))).Read(t.Context())
	if err == nil {
		t.Fatal("Read with a wrong token succeeded")
	}
	if strings.Contains(err.Error()+logs.String(), token) {
		t.Errorf("token leaked: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(`{"article":"berita/2026/11/25-a","platform":"x","state":"done","time":"2026-11-25T03:00:00Z"}` + "\n")
	f.Add("\n\n{}\n")
	f.Add("{\"article\":1}")
	f.Fuzz(func(t *testing.T, text string) {
		lines, entries, err := ledger.Parse(text)
		if err != nil {
			return
		}
		if len(lines) != len(entries) {
			t.Fatalf("%d lines, %d entries", len(lines), len(entries))
		}
		_ = ledger.Fold(entries)
	})
}

// TestFoldPerCorrection (issue 14): a correction's lines are folded apart
// from the post's, per 1-based index; a line without `correction` (every
// line written before corrections existed) is the post's.
func TestFoldPerCorrection(t *testing.T) {
	const a = "berita/2026/11/25-a"
	text := `{"article":"` + a + `","platform":"x","state":"intent","time":"2026-11-25T03:00:00Z"}
{"article":"` + a + `","platform":"x","state":"done","post_id":"18","time":"2026-11-25T03:00:01Z"}
{"article":"` + a + `","platform":"x","state":"intent","time":"2026-12-01T07:00:00Z","correction":1}
{"article":"` + a + `","platform":"x","state":"done","post_id":"19","time":"2026-12-01T07:00:01Z","correction":1}
{"article":"` + a + `","platform":"x","state":"intent","time":"2026-12-02T07:00:00Z","correction":2}
`
	_, entries, err := ledger.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	st := ledger.Fold(entries)
	post, ok := st.Lookup(a, "x")
	if !ok || post.Done == nil || post.Done.PostID != "18" || post.Pending {
		t.Errorf("post: %+v, want done 18 and nothing pending (the corrections' intents are theirs)", post)
	}
	c1, ok := st.LookupKey(ledger.Key{Article: a, Platform: "x", Correction: 1})
	if !ok || c1.Done == nil || c1.Done.PostID != "19" {
		t.Errorf("correction 1: %+v, want done 19", c1)
	}
	c2, ok := st.LookupKey(ledger.Key{Article: "berita/2026/11/26-baru", Platform: "x", Correction: 2}, a)
	if !ok || !c2.Pending || c2.Posted() {
		t.Errorf("correction 2 under the alias: %+v, want pending", c2)
	}
	if _, ok := st.LookupKey(ledger.Key{Article: a, Platform: "x", Correction: 3}); ok {
		t.Error("correction 3 known without any line")
	}
	// Written back, the post's lines still carry no `correction` field.
	b, _ := json.Marshal(entries[1])
	if strings.Contains(string(b), "correction") {
		t.Errorf("post line grew a correction field: %s", b)
	}
	b, _ = json.Marshal(entries[3])
	if !strings.Contains(string(b), `"correction":1`) {
		t.Errorf("correction line lost its index: %s", b)
	}
	// A retraction's deleted line ends the post for good.
	del := entries[1]
	del.State = ledger.Deleted
	if s, _ := ledger.Fold(append(entries, del)).Lookup(a, "x"); !s.Deleted || !s.Posted() {
		t.Errorf("after deleted: %+v", s)
	}
}
