package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/internal/githubfake"
)

func TestParseGateArgs(t *testing.T) {
	tests := []struct {
		args []string
		want gateOptions
		code int
		done bool
	}{
		{args: nil, want: gateOptions{Format: "text"}},
		{args: []string{"--pr", "12"}, want: gateOptions{PR: 12, Format: "text"}},
		{args: []string{"--pr=3", "--format", "json", "--no-status"}, want: gateOptions{PR: 3, Format: "json", NoStatus: true}},
		{args: []string{"-format=json"}, want: gateOptions{Format: "json"}},
		{args: []string{"--format", "yaml"}, code: ExitUsage, done: true},
		{args: []string{"--pr", "x"}, code: ExitUsage, done: true},
		{args: []string{"--pr", "-4"}, code: ExitUsage, done: true},
		{args: []string{"12"}, code: ExitUsage, done: true},
		{args: []string{"--help"}, code: ExitOK, done: true},
	}
	for _, tt := range tests {
		var errb bytes.Buffer
		e := &Env{Stdio: Stdio{Out: &bytes.Buffer{}, Err: &errb}}
		got, code, done := parseGateArgs(e, tt.args)
		if done != tt.done || code != tt.code || (!done && got != tt.want) {
			t.Errorf("%q: %+v code %d done %v; want %+v %d %v (%s)", tt.args, got, code, done, tt.want, tt.code, tt.done, errb.String())
		}
	}
}

const (
	gateOwner = "kominfotik-lampung"
	gateRepo  = "warta"
	gateHead  = "2222222222222222222222222222222222222222"
	gateDir   = "content/berita/2026/11/25-jembatan-baru"
)

// gateFake is a fake GitHub with PR #7 adding one article; roles come from
// the repository's own site/config.yaml (teams kasi-pip, kabid-plip).
func gateFake(t *testing.T) (*githubfake.Server, *githubfake.PR) {
	t.Helper()
	f := githubfake.New(t, gateOwner, gateRepo, "ghs_cli")
	f.Teams[gateOwner+"/kasi-pip"] = map[string]string{"kasi1": "active"}
	f.Teams[gateOwner+"/kabid-plip"] = map[string]string{"kabid1": "active"}
	f.Trees[gateHead] = map[string][]byte{
		gateDir + "/index.md": []byte("---\ntitle: Jembatan Baru\ndate: 2026-11-25 09:00\nsummary: Jembatan diresmikan.\n" +
			"activity: Peresmian\nlocation: Lampung Timur\nimages: [{src: a.jpg, alt: Foto jembatan}]\n---\nTeks.\n"),
		gateDir + "/a.jpg": []byte(tinyJPEG(t)),
	}
	t0 := time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC)
	pr := &githubfake.PR{Number: 7, Title: "Berita", Author: "staf1", HeadSHA: gateHead, BaseRef: "main", Created: t0,
		Files: []githubfake.File{{Name: gateDir + "/index.md"}, {Name: gateDir + "/a.jpg"}}}
	f.PRs[7] = pr
	return f, pr
}

func gateRoot(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	cfg, err := os.ReadFile("../../site/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "site"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "site", "config.yaml"), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}

func runGateCLI(t *testing.T, f *githubfake.Server, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	base := map[string]string{
		"GITHUB_API_URL": f.BaseURL(), "GITHUB_TOKEN": "ghs_cli", "GITHUB_REPOSITORY": gateOwner + "/" + gateRepo,
		"GITHUB_SERVER_URL": "https://github.example", "GITHUB_RUN_ID": "99",
	}
	for k, v := range env {
		base[k] = v
	}
	var out, errb bytes.Buffer
	e := &Env{Stdio: Stdio{In: strings.NewReader(""), Out: &out, Err: &errb},
		Getenv:     func(k string) string { return base[k] },
		Now:        func() time.Time { return time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC) },
		HTTPClient: f.Client()}
	code = e.Run(t.Context(), append([]string{"--root", gateRoot(t), "gate"}, args...))
	return out.String(), errb.String(), code
}

type gateJSON struct {
	State       string   `json:"state"`
	Description string   `json:"description"`
	Kasi        []string `json:"kasi"`
	Kabid       []string `json:"kabid"`
	Reasons     []string `json:"reasons"`
}

func TestGateCommand(t *testing.T) {
	approve := func(user string, min int) githubfake.Review {
		return githubfake.Review{ID: int64(min), User: user, State: "APPROVED", CommitID: gateHead,
			At: time.Date(2026, 11, 26, 2, min, 0, 0, time.UTC)}
	}
	tests := []struct {
		name    string
		reviews []githubfake.Review
		args    []string
		env     map[string]string
		code    int
		state   string
		kasi    []string
		kabid   []string
		stderr  string
	}{
		{name: "success", reviews: []githubfake.Review{approve("kasi1", 5), approve("kabid1", 8)},
			args: []string{"--pr", "7", "--format", "json"}, code: ExitOK, state: "success", kasi: []string{"kasi1"}, kabid: []string{"kabid1"}},
		{name: "pending", reviews: []githubfake.Review{approve("kasi1", 5)},
			args: []string{"--pr", "7", "--format", "json"}, code: ExitProblems, state: "pending", kasi: []string{"kasi1"}, kabid: []string{}},
		{name: "failure", reviews: []githubfake.Review{{ID: 1, User: "kabid1", State: "CHANGES_REQUESTED", CommitID: gateHead,
			At: time.Date(2026, 11, 26, 2, 5, 0, 0, time.UTC)}},
			args: []string{"--pr", "7", "--format", "json"}, code: ExitProblems, state: "failure", kasi: []string{}, kabid: []string{}},
		{name: "unknown PR cannot be evaluated", args: []string{"--pr", "8", "--format", "json"}, code: ExitUsage, stderr: "404"},
		{name: "bad token", args: []string{"--pr", "7"}, env: map[string]string{"GITHUB_TOKEN": "salah"}, code: ExitUsage, stderr: "GITHUB_TOKEN"},
		{name: "no token", args: []string{"--pr", "7"}, env: map[string]string{"GITHUB_TOKEN": ""}, code: ExitUsage, stderr: "GITHUB_TOKEN kosong"},
		{name: "no repository", args: []string{"--pr", "7"}, env: map[string]string{"GITHUB_REPOSITORY": ""}, code: ExitUsage, stderr: "GITHUB_REPOSITORY"},
		{name: "no PR number", args: nil, code: ExitUsage, stderr: "--pr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, pr := gateFake(t)
			pr.Reviews = tt.reviews
			out, errs, code := runGateCLI(t, f, tt.env, tt.args...)
			t.Logf("warta gate %s → exit %d\n%s%s", strings.Join(tt.args, " "), code, out, errs)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, out, errs)
			}
			if !strings.Contains(errs, tt.stderr) || strings.Contains(errs+out, "ghs_cli") {
				t.Errorf("stderr %q lacks %q (or leaks the token)", errs, tt.stderr)
			}
			if tt.state == "" {
				return
			}
			var got gateJSON
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("stdout is not JSON: %v\n%s", err, out)
			}
			if got.State != tt.state || got.Description == "" || !slices.Equal(got.Kasi, tt.kasi) || !slices.Equal(got.Kabid, tt.kabid) || got.Reasons == nil {
				t.Errorf("json %+v", got)
			}
			if len(f.Statuses) != 1 || f.Statuses[0].TargetURL != "https://github.example/"+gateOwner+"/"+gateRepo+"/actions/runs/99" {
				t.Errorf("statuses %+v", f.Statuses)
			}
		})
	}
}

func TestGateCommandNoStatus(t *testing.T) {
	f, pr := gateFake(t)
	f.ReadOnly = true
	pr.Reviews = []githubfake.Review{{ID: 1, User: "kasi1", State: "APPROVED", CommitID: gateHead, At: time.Date(2026, 11, 26, 2, 5, 0, 0, time.UTC)}}
	out, errs, code := runGateCLI(t, f, nil, "--pr", "7", "--no-status")
	if code != ExitProblems || !strings.Contains(out, "PR #7: MENUNGGU") || !strings.Contains(out, "--no-status") {
		t.Errorf("exit %d\n%s\n%s", code, out, errs)
	}
	if w := f.Writes(); len(w) != 0 {
		t.Errorf("writes: %q", w)
	}
}

func TestGateEventPayloads(t *testing.T) {
	tests := []struct {
		name    string
		payload string
		setup   func(pr *githubfake.PR)
		code    int
	}{
		{"pull_request_target", `{"action":"synchronize","number":7,"pull_request":{"number":7}}`, nil, ExitProblems},
		{"pull_request_review", `{"action":"submitted","review":{"state":"approved"},"pull_request":{"number":7}}`, nil, ExitProblems},
		{"workflow_run with pull_requests", `{"action":"completed","workflow_run":{"id":5,"head_sha":"` + gateHead + `","pull_requests":[{"number":7}]}}`, nil, ExitProblems},
		{"workflow_run from a fork (empty pull_requests)", `{"action":"completed","workflow_run":{"id":5,"head_sha":"` + gateHead +
			`","head_branch":"berita-jembatan","head_repository":{"owner":{"login":"staf-fork"}},"pull_requests":[]}}`,
			func(pr *githubfake.PR) { pr.HeadRef, pr.HeadUser = "berita-jembatan", "staf-fork" }, ExitProblems},
		{"workflow_run for an unknown commit", `{"action":"completed","workflow_run":{"id":5,"head_sha":"abc","head_branch":"x","pull_requests":[]}}`, nil, ExitUsage},
		{"push event", `{"ref":"refs/heads/main"}`, nil, ExitUsage},
		{"not JSON", `{`, nil, ExitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, pr := gateFake(t)
			if tt.setup != nil {
				tt.setup(pr)
			}
			p := filepath.Join(t.TempDir(), "event.json")
			if err := os.WriteFile(p, []byte(tt.payload), 0o644); err != nil {
				t.Fatal(err)
			}
			out, errs, code := runGateCLI(t, f, map[string]string{"GITHUB_EVENT_PATH": p}, "--no-status")
			if code != tt.code {
				t.Errorf("exit %d, want %d\n%s\n%s", code, tt.code, out, errs)
			}
			if tt.code == ExitProblems && !strings.Contains(out, "PR #7") {
				t.Errorf("stdout %q", out)
			}
		})
	}
}

func TestGateRetriesServerErrors(t *testing.T) {
	f, _ := gateFake(t)
	f.FailNext["GET /repos/"+gateOwner+"/"+gateRepo+"/pulls/7"] = []int{http.StatusBadGateway}
	out, errs, code := runGateCLI(t, f, nil, "--pr", "7", "--no-status")
	if code != ExitProblems || !strings.Contains(out, "PR #7: MENUNGGU") {
		t.Errorf("exit %d: %s %s", code, out, errs)
	}
}

// TestGateCommandUndecided (issue 11 item 2): beyond the 3000-file list
// cap, when the content changes cannot be read, `warta gate` exits 2 with
// the reason in Bahasa and leaves the head pending.
func TestGateCommandUndecided(t *testing.T) {
	f, pr := gateFake(t)
	for i := range githubfake.MaxListedFiles {
		pr.Files = append(pr.Files, githubfake.File{Name: fmt.Sprintf("aset/%04d.txt", i)})
	}
	f.Fail["GET /repos/"+gateOwner+"/"+gateRepo+"/compare/"] = 404
	out, errs, code := runGateCLI(t, f, nil, "--pr", "7")
	if code != ExitUsage {
		t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, ExitUsage, out, errs)
	}
	if want := "warta gate: PR #7 tidak dapat dinilai (status warta/sop: pending): PR mengubah 3002 berkas, GitHub hanya mendaftar 3000"; !strings.Contains(errs, want) {
		t.Errorf("stderr %q lacks %q", errs, want)
	}
	if len(f.Statuses) != 1 || f.Statuses[0].State != "pending" || f.Statuses[0].SHA != gateHead {
		t.Errorf("statuses %+v", f.Statuses)
	}
}
