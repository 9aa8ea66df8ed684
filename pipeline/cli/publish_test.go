package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/internal/githubfake"
	"github.com/kominfotik-lampung/warta/pipeline/ledger"
)

func TestParsePublish(t *testing.T) {
	tests := []struct {
		args      []string
		dry       bool
		outbox    string
		platforms []string
		code      int
		done      bool
	}{
		{nil, false, "outbox", []string{"facebook", "instagram", "x"}, 0, false},
		{[]string{"--dry-run", "--outbox", "tmp/out"}, true, "tmp/out", []string{"facebook", "instagram", "x"}, 0, false},
		{[]string{"--platforms", "x, Facebook,x"}, false, "outbox", []string{"x", "facebook"}, 0, false},
		{[]string{"--platforms", "twitter"}, false, "outbox", nil, ExitUsage, true},
		{[]string{"sisa"}, false, "outbox", nil, ExitUsage, true},
		{[]string{"--help"}, false, "outbox", nil, ExitOK, true},
		{[]string{"--init-ledger", "--dry-run"}, false, "outbox", nil, ExitUsage, true},
		{[]string{"--due-only", "--dry-run"}, false, "outbox", nil, ExitUsage, true},
		{[]string{"--due-only", "--init-ledger"}, false, "outbox", nil, ExitUsage, true},
	}
	for _, tt := range tests {
		var errb bytes.Buffer
		e := &Env{Stdio: Stdio{Out: &errb, Err: &errb}}
		o, code, done := parsePublishArgs(e, tt.args)
		if code != tt.code || done != tt.done {
			t.Errorf("%v: code %d done %v, want %d %v (%s)", tt.args, code, done, tt.code, tt.done, errb.String())
			continue
		}
		if !done && (o.DryRun != tt.dry || o.Outbox != tt.outbox || !slices.Equal(o.Platforms, tt.platforms)) {
			t.Errorf("%v: got %+v", tt.args, o)
		}
	}
}

// publishRepo has a due article, a draft, an embargoed one (the clock of
// runCLI is 2026-11-26 10:00 UTC) and one that opted out of X.
func publishRepo(t *testing.T) string {
	t.Helper()
	jpg := tinyJPEG(t)
	return writeRepo(t, map[string]string{
		"content/berita/2026/11/25-uji/index.md":     validArticle,
		"content/berita/2026/11/25-uji/a.jpg":        jpg,
		"content/berita/2026/11/25-draf/index.md":    strings.Replace(validArticle, "title: Uji", "title: Draf\ndraft: true", 1),
		"content/berita/2026/11/25-draf/a.jpg":       jpg,
		"content/berita/2026/11/27-embargo/index.md": strings.Replace(validArticle, "date: 2026-11-25 09:00", "date: 2026-11-27 09:00", 1),
		"content/berita/2026/11/27-embargo/a.jpg":    jpg,
		"content/berita/2026/11/24-tanpa-x/index.md": strings.Replace(validArticle, "title: Uji",
			"title: Tanpa X\ntags: [Infrastruktur Jalan]\nplatforms: [facebook, instagram]", 1),
		"content/berita/2026/11/24-tanpa-x/a.jpg": jpg,
	})
}

// secretsEnv holds every credential, so a leak into output or outbox shows.
var secretsEnv = map[string]string{
	"FACEBOOK_PAGE_ID": "1001", "FACEBOOK_PAGE_TOKEN": "EAAtokenrahasia", "INSTAGRAM_USER_ID": "1789",
	"X_API_KEY": "xkeyrahasia", "X_API_SECRET": "xsecretrahasia", "X_ACCESS_TOKEN": "xaccessrahasia",
	"X_ACCESS_TOKEN_SECRET": "xtokensecretrahasia", "GITHUB_TOKEN": "ghs_rahasia", "GITHUB_REPOSITORY": "kominfotik-lampung/warta",
}

func assertNoSecrets(t *testing.T, where, text string) {
	t.Helper()
	for k, v := range secretsEnv {
		if strings.Contains(k, "TOKEN") || strings.Contains(k, "SECRET") || strings.Contains(k, "KEY") {
			if strings.Contains(text, v) {
				t.Errorf("%s contains the value of %s", where, k)
			}
		}
	}
}

func TestPublishDryRun(t *testing.T) {
	root := publishRepo(t)
	out, errs, code := runCLI(t, root, secretsEnv, "publish", "--dry-run")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	wantRows := []string{
		"berita/2026/11/24-tanpa-x  facebook",
		"berita/2026/11/24-tanpa-x  instagram",
		"berita/2026/11/25-uji      facebook",
		"berita/2026/11/25-uji      instagram",
		"berita/2026/11/25-uji      x         ",
	}
	for _, r := range wantRows {
		if !strings.Contains(out, r) {
			t.Errorf("table lacks %q:\n%s", r, out)
		}
	}
	if !strings.HasPrefix(out, "ARTIKEL") || !strings.Contains(out, "5 calon kiriman ditulis ke outbox/") {
		t.Errorf("table:\n%s", out)
	}
	var files []string
	var all strings.Builder
	filepath.WalkDir(filepath.Join(root, "outbox"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			files = append(files, filepath.ToSlash(rel))
			b, _ := os.ReadFile(p)
			all.Write(b)
		}
		return nil
	})
	want := []string{
		"outbox/facebook/berita-2026-11-24-tanpa-x.json",
		"outbox/facebook/berita-2026-11-25-uji.json",
		"outbox/instagram/berita-2026-11-24-tanpa-x.json",
		"outbox/instagram/berita-2026-11-25-uji.json",
		"outbox/x/berita-2026-11-25-uji.json",
	}
	if !slices.Equal(files, want) {
		t.Errorf("outbox files %v, want %v", files, want)
	}
	var ig outboxPost
	b, err := os.ReadFile(filepath.Join(root, "outbox/instagram/berita-2026-11-24-tanpa-x.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &ig); err != nil {
		t.Fatal(err)
	}
	const url = "https://example.lampungprov.go.id/berita/2026/11/24-tanpa-x/"
	if ig.Platform != "instagram" || ig.Article != "berita/2026/11/24-tanpa-x" || ig.URL != url ||
		ig.ImageURL != url+"instagram.jpg" || !strings.Contains(ig.Text, url) || !strings.Contains(ig.Text, "#InfrastrukturJalan") ||
		ig.Characters.Count == 0 || ig.Characters.Limit != 2200 || ig.Characters.Tags != 1 {
		t.Errorf("instagram outbox: %+v", ig)
	}
	var x outboxPost
	b, _ = os.ReadFile(filepath.Join(root, "outbox/x/berita-2026-11-25-uji.json"))
	if err := json.Unmarshal(b, &x); err != nil {
		t.Fatal(err)
	}
	if x.Characters.Limit != 280 || x.Characters.Count >= x.Characters.Raw {
		t.Errorf("x counters %+v: a URL weighs 23, so the weighted count is below the raw one", x.Characters)
	}
	assertNoSecrets(t, "outbox", all.String())
	assertNoSecrets(t, "output", out+errs)

	// --platforms and a custom outbox.
	dir := t.TempDir()
	out, _, code = runCLI(t, root, nil, "publish", "--dry-run", "--platforms", "x", "--outbox", dir)
	if code != ExitOK || !strings.Contains(out, "1 calon kiriman") {
		t.Errorf("--platforms x: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "x", "berita-2026-11-25-uji.json")); err != nil {
		t.Error(err)
	}
}

func TestPublishMissingCredentials(t *testing.T) {
	root := publishRepo(t)
	tests := []struct {
		name    string
		drop    []string
		args    []string
		missing []string
	}{
		{"facebook page id", []string{"FACEBOOK_PAGE_ID"}, nil, []string{"FACEBOOK_PAGE_ID"}},
		{"x keys", []string{"X_API_SECRET", "X_ACCESS_TOKEN"}, nil, []string{"X_API_SECRET", "X_ACCESS_TOKEN"}},
		{"only the platforms asked for", []string{"X_API_KEY"}, []string{"--platforms", "x"}, []string{"X_API_KEY"}},
		{"github token", []string{"GITHUB_TOKEN"}, nil, []string{"GITHUB_TOKEN"}},
		{"instagram user", []string{"INSTAGRAM_USER_ID", "FACEBOOK_PAGE_TOKEN"}, []string{"--platforms", "instagram"},
			[]string{"FACEBOOK_PAGE_TOKEN", "INSTAGRAM_USER_ID"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{}
			for k, v := range secretsEnv {
				if !slices.Contains(tt.drop, k) {
					env[k] = v
				}
			}
			_, errs, code := runCLI(t, root, env, append([]string{"publish"}, tt.args...)...)
			if code != ExitUsage {
				t.Fatalf("exit %d, want 2\n%s", code, errs)
			}
			for _, m := range tt.missing {
				if !strings.Contains(errs, m) {
					t.Errorf("stderr does not name %s:\n%s", m, errs)
				}
			}
			assertNoSecrets(t, "stderr", errs)
		})
	}
	// Facebook's credentials are not needed when Facebook is not asked for.
	env := map[string]string{}
	for k, v := range secretsEnv {
		if !strings.HasPrefix(k, "FACEBOOK") && k != "INSTAGRAM_USER_ID" {
			env[k] = v
		}
	}
	_, errs, _ := runCLI(t, root, env, "publish", "--platforms", "x")
	if strings.Contains(errs, "FACEBOOK") {
		t.Errorf("asked only for x, yet: %s", errs)
	}
}

// publishCheckout makes a git checkout at root (from publishRepo-like files)
// with one commit and a bare origin beside it; it returns the commit SHA.
func publishCheckout(t *testing.T, files map[string]string) (root, origin, sha string) {
	t.Helper()
	root = writeRepo(t, files)
	origin = filepath.Join(t.TempDir(), "origin.git")
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=staf1", "GIT_AUTHOR_EMAIL=staf1@example.org",
			"GIT_COMMITTER_NAME=staf1", "GIT_COMMITTER_EMAIL=staf1@example.org")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "-q", "-b", "main")
	git("add", "-A")
	git("commit", "-q", "-m", "Berita: jembatan baru (#7)")
	git("init", "-q", "--bare", origin)
	git("remote", "add", "origin", origin)
	git("push", "-q", "origin", "main")
	return root, origin, git("rev-parse", "HEAD")
}

// graphFeed is a Graph API Page feed as the docs describe the two calls a
// link post makes: POST /{page}/feed → {"id"}, GET /{post}?fields=permalink_url,
// and the listing a run searches before posting an old article again:
// GET /{page}/published_posts (newest first, one page, each post's link
// under attachments{unshimmed_url}). A wrong token answers 400 with code
// 190, as Graph does.
type graphFeed struct {
	token string
	posts []string // the link of each post
}

func (g *graphFeed) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if !strings.HasSuffix(r.Header.Get("Authorization"), " "+g.token) || r.URL.Query().Get("access_token") != "" {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"error":{"message":"Invalid OAuth access token - Cannot parse access token","type":"OAuthException","code":190,"fbtrace_id":"A1"}}`)
		return
	}
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/v21.0/1001/feed":
		r.ParseForm()
		g.posts = append(g.posts, r.PostForm.Get("link"))
		fmt.Fprintf(w, `{"id":"1001_%d"}`, len(g.posts))
	case r.Method == http.MethodGet && r.URL.Path == "/v21.0/1001/published_posts":
		var data []map[string]any
		for i := len(g.posts) - 1; i >= 0; i-- {
			data = append(data, map[string]any{"id": fmt.Sprintf("1001_%d", i+1),
				"permalink_url": fmt.Sprintf("https://www.facebook.com/1001/posts/%d", i+1),
				"attachments":   map[string]any{"data": []map[string]any{{"unshimmed_url": g.posts[i]}}}})
		}
		json.NewEncoder(w).Encode(map[string]any{"data": data})
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/v21.0/1001_"):
		id := strings.TrimPrefix(r.URL.Path, "/v21.0/")
		fmt.Fprintf(w, `{"permalink_url":"https://www.facebook.com/1001/posts/%s","id":"%s"}`, strings.TrimPrefix(id, "1001_"), id)
	default:
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"error":{"message":"Unsupported request","type":"GraphMethodException","code":100}}`)
	}
}

func TestPublishEndToEnd(t *testing.T) {
	jpg := tinyJPEG(t)
	article := strings.Replace(validArticle, "title: Uji", "title: Jembatan Baru", 1)
	root, origin, sha := publishCheckout(t, map[string]string{
		gateDir + "/index.md": article,
		gateDir + "/a.jpg":    jpg,
	})
	f, pr := gateFake(t)
	pr.Merged = time.Date(2026, 11, 26, 2, 30, 0, 0, time.UTC)
	pr.MergedBy = "kasi1"
	pr.Reviews = []githubfake.Review{
		{ID: 1, User: "kasi1", State: "APPROVED", CommitID: gateHead, At: time.Date(2026, 11, 26, 2, 5, 0, 0, time.UTC)},
		{ID: 2, User: "kabid1", State: "APPROVED", CommitID: gateHead, At: time.Date(2026, 11, 26, 2, 8, 0, 0, time.UTC)},
	}
	pr.MergeCommit = sha // the article's commit came in through PR #7
	graph := &graphFeed{token: secretsEnv["FACEBOOK_PAGE_TOKEN"]}
	gsrv := httptest.NewServer(graph)
	t.Cleanup(gsrv.Close)

	summary := filepath.Join(t.TempDir(), "summary.md")
	env := map[string]string{}
	for k, v := range secretsEnv {
		env[k] = v
	}
	env["GITHUB_TOKEN"] = "ghs_cli"
	env["GITHUB_API_URL"] = f.BaseURL()
	env["GRAPH_API_URL"] = gsrv.URL
	env["GRAPH_API_VERSION"] = "v21.0"
	env["GITHUB_STEP_SUMMARY"] = summary
	env["GITHUB_RUN_ID"] = "42"
	env["GITHUB_SHA"] = sha

	out, errs, code := runCLI(t, root, env, "publish", "--platforms", "facebook", "--init-ledger")
	if code != ExitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	url := "https://example.lampungprov.go.id/berita/2026/11/25-jembatan-baru/"
	if !slices.Equal(graph.posts, []string{url}) {
		t.Errorf("facebook posts %v, want one link post of %s", graph.posts, url)
	}
	commits := "GET /repos/" + gateOwner + "/" + gateRepo + "/commits/"
	if f.Count(commits) != 1 || f.Count(commits+sha+"/pulls") != 1 {
		t.Errorf("PR lookups %q, want one of the article's commit %s", f.Requests, sha)
	}
	if !strings.Contains(out, "berita/2026/11/25-jembatan-baru  facebook  terkirim  https://www.facebook.com/1001/posts/1") {
		t.Errorf("stdout:\n%s", out)
	}
	if len(pr.Comments) != 1 || !strings.Contains(pr.Comments[0].Body, "- Facebook: https://www.facebook.com/1001/posts/1") ||
		!strings.Contains(pr.Comments[0].Body, "- Situs: "+url) {
		t.Errorf("PR comments %+v, want one with the links", pr.Comments)
	}
	sum, err := os.ReadFile(summary)
	if err != nil || !strings.Contains(string(sum), "| `berita/2026/11/25-jembatan-baru` | facebook | terkirim | [lihat](https://www.facebook.com/1001/posts/1) |") {
		t.Errorf("step summary (%v):\n%s", err, sum)
	}
	hist, err := exec.Command("git", "-C", origin, "log", "-p", "warta-ledger").CombinedOutput()
	if err != nil {
		t.Fatalf("ledger branch: %v\n%s", err, hist)
	}
	for _, want := range []string{`"state":"intent"`, `"state":"done","post_id":"1001_1","post_url":"https://www.facebook.com/1001/posts/1"`, `"run":"42"`, `"commit":"` + sha + `"`} {
		if !strings.Contains(string(hist), want) {
			t.Errorf("ledger lacks %s:\n%s", want, hist)
		}
	}
	assertNoSecrets(t, "ledger", string(hist))
	assertNoSecrets(t, "output", out+errs+string(sum)+pr.Comments[0].Body)
	if status, err := exec.Command("git", "-C", root, "status", "--porcelain").CombinedOutput(); err != nil || len(status) != 0 {
		t.Errorf("the checkout's working tree changed: %s %v", status, err)
	}

	// A rerun finds nothing due and posts nothing.
	out, errs, code = runCLI(t, root, env, "publish", "--platforms", "facebook")
	if code != ExitOK || len(graph.posts) != 1 || !strings.Contains(out, "Tidak ada berita") {
		t.Errorf("rerun: exit %d, %d posts\n%s%s", code, len(graph.posts), out, errs)
	}
}

func TestPublishRefusesUnverified(t *testing.T) {
	root, origin, sha := publishCheckout(t, map[string]string{
		gateDir + "/index.md": validArticle,
		gateDir + "/a.jpg":    tinyJPEG(t),
	})
	f, pr := gateFake(t)
	pr.Merged = time.Date(2026, 11, 26, 2, 30, 0, 0, time.UTC)
	pr.Reviews = []githubfake.Review{ // the Kasi alone: the Kabid never verified
		{ID: 1, User: "kasi1", State: "APPROVED", CommitID: gateHead, At: time.Date(2026, 11, 26, 2, 5, 0, 0, time.UTC)},
	}
	pr.MergeCommit = sha
	graph := &graphFeed{token: secretsEnv["FACEBOOK_PAGE_TOKEN"]}
	gsrv := httptest.NewServer(graph)
	t.Cleanup(gsrv.Close)
	env := map[string]string{"GITHUB_TOKEN": "ghs_cli", "GITHUB_REPOSITORY": gateOwner + "/" + gateRepo,
		"GITHUB_API_URL": f.BaseURL(), "GRAPH_API_URL": gsrv.URL, "GRAPH_API_VERSION": "v21.0",
		"FACEBOOK_PAGE_ID": "1001", "FACEBOOK_PAGE_TOKEN": secretsEnv["FACEBOOK_PAGE_TOKEN"]}
	out, errs, code := runCLI(t, root, env, "publish", "--platforms", "facebook", "--init-ledger")
	if code != ExitProblems {
		t.Fatalf("exit %d, want 1\n%s%s", code, out, errs)
	}
	if len(graph.posts) != 0 {
		t.Errorf("an unverified article was posted: %v", graph.posts)
	}
	if !strings.Contains(errs, gateDir+"/index.md [facebook]: PR #7 belum lolos gerbang SOP") || !strings.Contains(out, "ditolak: belum terverifikasi") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", out, errs)
	}
	if len(pr.Comments) != 0 {
		t.Errorf("commented %+v on a refused article", pr.Comments)
	}
	// Nothing was attempted, so the ledger holds no line.
	if text, err := exec.Command("git", "-C", origin, "show", "warta-ledger:ledger.jsonl").CombinedOutput(); err != nil || len(text) != 0 {
		t.Errorf("a refused article wrote to the ledger (%v): %s", err, text)
	}
}

// TestPublishLedgerBranchRequired: without the warta-ledger branch publish
// posts nothing and exits 2 saying how to start it; --init-ledger starts
// it on the first run only; a branch deleted later stops publish again.
func TestPublishLedgerBranchRequired(t *testing.T) {
	root, origin, sha := publishCheckout(t, map[string]string{
		gateDir + "/index.md": validArticle,
		gateDir + "/a.jpg":    tinyJPEG(t),
	})
	f, pr := gateFake(t)
	pr.Merged = time.Date(2026, 11, 26, 2, 30, 0, 0, time.UTC)
	pr.Reviews = []githubfake.Review{
		{ID: 1, User: "kasi1", State: "APPROVED", CommitID: gateHead, At: time.Date(2026, 11, 26, 2, 5, 0, 0, time.UTC)},
		{ID: 2, User: "kabid1", State: "APPROVED", CommitID: gateHead, At: time.Date(2026, 11, 26, 2, 8, 0, 0, time.UTC)},
	}
	pr.MergeCommit = sha
	graph := &graphFeed{token: secretsEnv["FACEBOOK_PAGE_TOKEN"]}
	gsrv := httptest.NewServer(graph)
	t.Cleanup(gsrv.Close)
	env := map[string]string{"GITHUB_TOKEN": "ghs_cli", "GITHUB_REPOSITORY": gateOwner + "/" + gateRepo,
		"GITHUB_API_URL": f.BaseURL(), "GRAPH_API_URL": gsrv.URL, "GRAPH_API_VERSION": "v21.0",
		"FACEBOOK_PAGE_ID": "1001", "FACEBOOK_PAGE_TOKEN": secretsEnv["FACEBOOK_PAGE_TOKEN"]}

	out, errs, code := runCLI(t, root, env, "publish", "--platforms", "facebook")
	if code != ExitUsage || len(graph.posts) != 0 {
		t.Fatalf("without the ledger branch: exit %d, %d posts; want 2 and none\n%s%s", code, len(graph.posts), out, errs)
	}
	if !strings.Contains(errs, "cabang warta-ledger tidak ada di origin") || !strings.Contains(errs, "warta publish --init-ledger") {
		t.Errorf("stderr does not say how to start the ledger:\n%s", errs)
	}
	if err := exec.Command("git", "-C", origin, "rev-parse", "--verify", "-q", "warta-ledger").Run(); err == nil {
		t.Error("publish created the ledger branch without --init-ledger")
	}

	out, errs, code = runCLI(t, root, env, "publish", "--platforms", "facebook", "--init-ledger")
	if code != ExitOK || len(graph.posts) != 1 || !strings.Contains(out, "Cabang warta-ledger dibuat") {
		t.Fatalf("--init-ledger: exit %d, %d posts\n%s%s", code, len(graph.posts), out, errs)
	}
	out, errs, code = runCLI(t, root, env, "publish", "--platforms", "facebook", "--init-ledger")
	if code != ExitUsage || !strings.Contains(errs, "sudah ada") || len(graph.posts) != 1 {
		t.Errorf("--init-ledger on an existing ledger: exit %d, %d posts\n%s%s", code, len(graph.posts), out, errs)
	}

	if out, err := exec.Command("git", "-C", origin, "branch", "-D", "warta-ledger").CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	out, errs, code = runCLI(t, root, env, "publish", "--platforms", "facebook")
	if code != ExitUsage || len(graph.posts) != 1 {
		t.Errorf("ledger branch deleted: exit %d, %d posts; want 2 and no new post\n%s%s", code, len(graph.posts), out, errs)
	}
}

// verifiedSetup is a checkout whose article came in through PR #7, approved
// by the Kasi and the Kabid, a fake GitHub, a Graph feed, and the
// environment of a publish run of Facebook only.
type verifiedSetup struct {
	root, origin string
	gh           *githubfake.Server
	graph        *graphFeed
	env          map[string]string
}

func newVerifiedSetup(t *testing.T, files map[string]string) *verifiedSetup {
	t.Helper()
	if files == nil {
		files = map[string]string{gateDir + "/index.md": validArticle, gateDir + "/a.jpg": tinyJPEG(t)}
	}
	root, origin, sha := publishCheckout(t, files)
	f, pr := gateFake(t)
	pr.Merged = time.Date(2026, 11, 26, 2, 30, 0, 0, time.UTC)
	pr.Reviews = []githubfake.Review{
		{ID: 1, User: "kasi1", State: "APPROVED", CommitID: gateHead, At: time.Date(2026, 11, 26, 2, 5, 0, 0, time.UTC)},
		{ID: 2, User: "kabid1", State: "APPROVED", CommitID: gateHead, At: time.Date(2026, 11, 26, 2, 8, 0, 0, time.UTC)},
	}
	pr.MergeCommit = sha
	graph := &graphFeed{token: secretsEnv["FACEBOOK_PAGE_TOKEN"]}
	gsrv := httptest.NewServer(graph)
	t.Cleanup(gsrv.Close)
	env := map[string]string{"GITHUB_TOKEN": "ghs_cli", "GITHUB_REPOSITORY": gateOwner + "/" + gateRepo,
		"GITHUB_API_URL": f.BaseURL(), "GRAPH_API_URL": gsrv.URL, "GRAPH_API_VERSION": "v21.0",
		"FACEBOOK_PAGE_ID": "1001", "FACEBOOK_PAGE_TOKEN": secretsEnv["FACEBOOK_PAGE_TOKEN"], "GITHUB_RUN_ID": "78"}
	return &verifiedSetup{root: root, origin: origin, gh: f, graph: graph, env: env}
}

// startLedger starts the ledger branch of origin with lines.
func startLedger(t *testing.T, origin string, lines ...ledger.Entry) {
	t.Helper()
	l, err := ledger.New(origin)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Init(t.Context()); err != nil {
		t.Fatal(err)
	}
	if len(lines) > 0 {
		if err := l.Append(t.Context(), lines...); err != nil {
			t.Fatal(err)
		}
	}
}

// TestPublishIntentOfEndedRun: run 77 posted and died before recording
// done, a minute ago. GitHub says run 77 completed, so the rerun reconciles
// at once instead of calling the pair "sedang dikirim oleh run lain"; a
// done line with no intent is reported as a warning, not a failure.
func TestPublishIntentOfEndedRun(t *testing.T) {
	s := newVerifiedSetup(t, nil)
	const id = "berita/2026/11/25-jembatan-baru"
	url := "https://example.lampungprov.go.id/" + id + "/"
	s.graph.posts = []string{url}
	runTime := time.Date(2026, 11, 26, 9, 59, 0, 0, time.UTC) // runCLI's clock is 10:00
	startLedger(t, s.origin,
		ledger.Entry{Article: id, Platform: "facebook", State: ledger.Intent, Time: runTime, Run: "77"},
		ledger.Entry{Article: id, Platform: "x", State: ledger.Done, PostID: "1", Time: runTime})
	s.gh.AddRun(&githubfake.Run{ID: 77, Status: "completed", Conclusion: "failure", Path: ".github/workflows/publish.yml", Created: runTime})
	summary := filepath.Join(t.TempDir(), "summary.md")
	s.env["GITHUB_STEP_SUMMARY"] = summary

	out, errs, code := runCLI(t, s.root, s.env, "publish", "--platforms", "facebook")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if len(s.graph.posts) != 1 || !strings.Contains(out, "sudah ada (dicatat)") {
		t.Errorf("%d posts; stdout:\n%s", len(s.graph.posts), out)
	}
	if s.gh.Count("GET /repos/"+gateOwner+"/"+gateRepo+"/actions/runs/77") != 1 {
		t.Errorf("GitHub was not asked about run 77: %q", s.gh.Requests)
	}
	want := "peringatan: ledger.jsonl:2 (cabang warta-ledger): baris done untuk " + id + " [x] tidak didahului intent"
	if !strings.Contains(errs, want) {
		t.Errorf("stderr lacks %q:\n%s", want, errs)
	}
	if sum, err := os.ReadFile(summary); err != nil || !strings.Contains(string(sum), "### Peringatan ledger") {
		t.Errorf("summary (%v):\n%s", err, sum)
	}
}

func TestActionsRunsRunning(t *testing.T) {
	f := githubfake.New(t, gateOwner, gateRepo, "ghs_cli")
	f.AddRun(&githubfake.Run{ID: 13, Status: "completed", Conclusion: "success", Path: ".github/workflows/publish.yml"},
		&githubfake.Run{ID: 14, Status: "in_progress", Path: ".github/workflows/publish.yml"},
		&githubfake.Run{ID: 15, Status: "queued", Path: ".github/workflows/publish.yml"})
	gh, err := githubEnv{Token: "ghs_cli", APIURL: f.BaseURL()}.client(f.Client())
	if err != nil {
		t.Fatal(err)
	}
	r := actionsRuns{gh: gh, owner: gateOwner, repo: gateRepo}
	for id, want := range map[string]bool{"13": false, "14": true, "15": true} {
		if got, err := r.Running(t.Context(), id); err != nil || got != want {
			t.Errorf("Running(%s) = %v, %v; want %v", id, got, err, want)
		}
	}
	// Unknown or forged ids cannot be told apart from a token without
	// `actions: read`: an error, so publish keeps its window.
	for _, id := range []string{"99", "abc", "-1"} {
		if _, err := r.Running(t.Context(), id); err == nil {
			t.Errorf("Running(%q) succeeded", id)
		}
	}
}

// TestPublishHoldsRenamedFolder: the article was posted as
// berita/2026/11/24-jembatan, then its folder renamed without an alias:
// publish does not post it again and says which alias to add.
func TestPublishHoldsRenamedFolder(t *testing.T) {
	s := newVerifiedSetup(t, nil)
	const old = "berita/2026/11/24-jembatan"
	posted := time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)
	startLedger(t, s.origin,
		ledger.Entry{Article: old, Platform: "facebook", State: ledger.Intent, Time: posted, Run: "5", Title: "Uji"},
		ledger.Entry{Article: old, Platform: "facebook", State: ledger.Done, PostID: "1001_9", Time: posted, Run: "5", Title: "Uji"})
	out, errs, code := runCLI(t, s.root, s.env, "publish", "--platforms", "facebook")
	if code != ExitProblems || len(s.graph.posts) != 0 {
		t.Fatalf("exit %d, %d posts; want 1 and none\n%s%s", code, len(s.graph.posts), out, errs)
	}
	for _, want := range []string{gateDir + "/index.md [facebook]: PERHATIAN: judul \"Uji\" sudah dikirim ke Facebook sebagai " + old,
		"saran: tambahkan `aliases: [/" + old + "/]` pada front matter"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if !strings.Contains(out, "ditahan: judul sama dengan berita terkirim") {
		t.Errorf("stdout:\n%s", out)
	}
}

// TestPublishDueOnly: --due-only touches no platform and writes no ledger
// line; it says due=true when a pair is missing or an embargo passed since
// the last successful publish run, due=false otherwise, and due=true when
// it cannot tell when that run started.
func TestPublishDueOnly(t *testing.T) {
	const embargoDir = "content/berita/2026/11/26-embargo"
	jpg := tinyJPEG(t)
	s := newVerifiedSetup(t, map[string]string{
		gateDir + "/index.md":    validArticle,
		gateDir + "/a.jpg":       jpg,
		embargoDir + "/index.md": strings.Replace(validArticle, "date: 2026-11-25 09:00", "date: 2026-11-26 16:00", 1), // 09:00 UTC
		embargoDir + "/a.jpg":    jpg,
	})
	env := map[string]string{"GITHUB_WORKFLOW_REF": gateOwner + "/" + gateRepo + "/.github/workflows/publish.yml@refs/heads/main"}
	for _, k := range []string{"GITHUB_TOKEN", "GITHUB_REPOSITORY", "GITHUB_API_URL", "GITHUB_RUN_ID"} {
		env[k] = s.env[k] // no platform credential at all
	}
	run := func(t *testing.T) (out, errs, output string, code int) {
		t.Helper()
		env["GITHUB_OUTPUT"] = filepath.Join(t.TempDir(), "output")
		out, errs, code = runCLI(t, s.root, env, "publish", "--due-only")
		b, _ := os.ReadFile(env["GITHUB_OUTPUT"])
		return out, errs, string(b), code
	}
	const wf = ".github/workflows/publish.yml"
	s.gh.AddRun(&githubfake.Run{ID: 70, Status: "completed", Conclusion: "success", Path: wf,
		Created: time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)})

	// No ledger branch: an environment error, as for a full run.
	if _, errs, output, code := run(t); code != ExitUsage || output != "" || !strings.Contains(errs, "--init-ledger") {
		t.Errorf("without the ledger: exit %d, output %q\n%s", code, output, errs)
	}

	posted := time.Date(2026, 11, 26, 9, 10, 0, 0, time.UTC)
	var lines []ledger.Entry
	for _, id := range []string{"berita/2026/11/25-jembatan-baru", "berita/2026/11/26-embargo"} {
		for _, p := range []string{"facebook", "instagram", "x"} {
			if id == "berita/2026/11/25-jembatan-baru" && p == "x" {
				continue // never posted to X yet
			}
			lines = append(lines, ledger.Entry{Article: id, Platform: p, State: ledger.Intent, Time: posted, Run: "71"},
				ledger.Entry{Article: id, Platform: p, State: ledger.Done, PostID: "1", Time: posted, Run: "71"})
		}
	}
	startLedger(t, s.origin, lines...)
	tip := func() string {
		b, err := exec.Command("git", "-C", s.origin, "rev-parse", "warta-ledger").Output()
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	before := tip()

	out, errs, output, code := run(t)
	if code != ExitOK || output != "due=true\n" {
		t.Fatalf("a missing X post: exit %d, output %q\n%s%s", code, output, out, errs)
	}
	for _, want := range []string{"berita/2026/11/25-jembatan-baru  x         belum dikirim",
		"berita/2026/11/26-embargo        situs     waktu tayang lewat sejak publikasi sukses terakhir"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if s.gh.Count("GET /repos/"+gateOwner+"/"+gateRepo+"/actions/workflows/publish.yml/runs?page=1&per_page=1&status=success") == 0 &&
		s.gh.Count("GET /repos/"+gateOwner+"/"+gateRepo+"/actions/workflows/publish.yml/runs?per_page=1&status=success") == 0 {
		t.Errorf("the last successful run was not asked for: %q", s.gh.Requests)
	}
	if tip() != before {
		t.Errorf("--due-only wrote to the ledger")
	}

	// The X post is recorded and the last successful run started after the
	// embargo passed: nothing to do.
	l, _ := ledger.New(s.origin)
	if err := l.Append(t.Context(), ledger.Entry{Article: "berita/2026/11/25-jembatan-baru", Platform: "x", State: ledger.Intent, Time: posted, Run: "71"},
		ledger.Entry{Article: "berita/2026/11/25-jembatan-baru", Platform: "x", State: ledger.Done, PostID: "2", Time: posted, Run: "71"}); err != nil {
		t.Fatal(err)
	}
	before = tip()
	s.gh.AddRun(&githubfake.Run{ID: 71, Status: "completed", Conclusion: "success", Path: wf,
		Created: time.Date(2026, 11, 26, 9, 5, 0, 0, time.UTC)})
	out, errs, output, code = run(t)
	if code != ExitOK || output != "due=false\n" || !strings.Contains(out, "Tidak ada yang perlu dipublikasikan") {
		t.Errorf("nothing due: exit %d, output %q\n%s%s", code, output, out, errs)
	}
	if tip() != before {
		t.Error("--due-only wrote to the ledger")
	}

	// The embargo passed after the last successful run started: due.
	s.gh.Runs[71].Created = time.Date(2026, 11, 26, 8, 30, 0, 0, time.UTC)
	if out, errs, output, _ := run(t); output != "due=true\n" || !strings.Contains(out, "berita/2026/11/26-embargo  situs") {
		t.Errorf("embargo passed: output %q\n%s%s", output, out, errs)
	}

	// No successful run to compare with: due, to be safe.
	s.gh.Runs = map[int64]*githubfake.Run{72: {ID: 72, Status: "completed", Conclusion: "failure", Path: wf, Created: posted}}
	if out, errs, output, code := run(t); code != ExitOK || output != "due=true\n" || !strings.Contains(out, "belum ada run yang sukses") {
		t.Errorf("no successful run: exit %d, output %q\n%s%s", code, output, out, errs)
	}
}

// TestPublishWarnsWithoutEnvironment: a real publish run in CI outside the
// media-sosial environment says where the social secrets belong.
func TestPublishWarnsWithoutEnvironment(t *testing.T) {
	root := publishRepo(t)
	const warning = "peringatan: warta publish berjalan di CI tanpa environment deployment"
	tests := []struct {
		name string
		env  map[string]string
		args []string
		warn bool
	}{
		{"ci without environment", map[string]string{"CI": "true"}, nil, true},
		{"ci in media-sosial", map[string]string{"CI": "true", "WARTA_ENVIRONMENT": "media-sosial"}, nil, false},
		{"not ci", nil, nil, false},
		{"dry run in ci", map[string]string{"CI": "true"}, []string{"--dry-run", "--outbox", t.TempDir()}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs, _ := runCLI(t, root, tt.env, append([]string{"publish"}, tt.args...)...)
			if got := strings.Contains(errs, warning); got != tt.warn {
				t.Errorf("warning shown %v, want %v:\n%s", got, tt.warn, errs)
			}
			if tt.warn && !strings.Contains(errs, "environment: media-sosial") {
				t.Errorf("the warning does not name the fix:\n%s", errs)
			}
		})
	}
}
