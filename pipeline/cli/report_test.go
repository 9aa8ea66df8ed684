package cli

import (
	"bytes"
	"image"
	"image/jpeg"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/internal/githubfake"
)

// reportRepoFiles is a repository with the repo's own config (roles by
// team) and one article whose front matter names its assignment.
func reportRepoFiles(t *testing.T) string {
	t.Helper()
	cfg, err := os.ReadFile("../../site/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var photo bytes.Buffer
	if err := jpeg.Encode(&photo, image.NewGray(image.Rect(0, 0, 40, 30)), nil); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	for name, data := range map[string]string{
		"site/config.yaml": string(cfg),
		"content/berita/2026/11/10-banjir/index.md": "---\ntitle: Banjir\ndate: 2026-11-10 09:00\nsummary: Banjir surut.\n" +
			"activity: Peninjauan banjir\nlocation: Bandar Lampung\nimages: [{src: a.jpg, alt: Banjir}]\nassignment: 7\n" +
			"corrections:\n  - {date: \"2026-11-11 09:00\", kind: ralat, note: Sebelumnya tertulis Kota Metro.}\n" +
			"  - {date: \"2026-11-20 09:00\", kind: koreksi, note: Di luar rentang.}\n---\nTeks.\n",
		"content/berita/2026/11/10-banjir/a.jpg": photo.String(),
	} {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// reportFake is a fake GitHub with one news PR (#12, assignment #7 from
// the front matter), roles by team.
func reportFake(t *testing.T) *githubfake.Server {
	t.Helper()
	t2 := time.Date(2026, 11, 10, 1, 0, 0, 0, time.UTC)
	m := func(n int) time.Time { return t2.Add(time.Duration(n) * time.Minute) }
	f := githubfake.New(t, "kominfo", "berita", "test-token")
	f.AddTeam("kominfo/kasi-pip", "kasi1")
	f.AddTeam("kominfo/kabid-plip", "kabid1")
	f.AddIssue(&githubfake.Issue{Number: 7, Title: "Penugasan: Banjir", Author: "kabid1", Created: t2,
		Events: []githubfake.Event{
			{Event: "assigned", Actor: "kabid1", At: m(2), Assignee: "kasi1"},
			{Event: "assigned", Actor: "kasi1", At: m(4), Assignee: "staf1"},
		}})
	f.AddPR(&githubfake.PR{Number: 12, Title: "Banjir", Author: "staf1", Created: m(30), Merged: m(81),
		Files: []githubfake.File{{Name: "content/berita/2026/11/10-banjir/index.md"}},
		Reviews: []githubfake.Review{
			{User: "kasi1", State: "APPROVED", At: m(40)},
			{User: "kabid1", State: "APPROVED", At: m(80)},
		},
		Events: []githubfake.Event{
			{Event: "review_requested", Actor: "github-actions[bot]", At: m(41), Reviewer: "kabid1"},
			{Event: "merged", Actor: "kasi1", At: m(81)},
		}})
	return f
}

// runReportCLI runs warta with the fake GitHub as GITHUB_API_URL.
func runReportCLI(t *testing.T, f *githubfake.Server, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	all := map[string]string{"GITHUB_API_URL": f.BaseURL(), "GITHUB_REPOSITORY": "kominfo/berita", "GITHUB_TOKEN": "test-token"}
	for k, v := range env {
		all[k] = v
	}
	var out, errb bytes.Buffer
	e := &Env{Stdio: Stdio{In: strings.NewReader(""), Out: &out, Err: &errb},
		Getenv:     func(k string) string { return all[k] },
		Now:        func() time.Time { return time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC) },
		HTTPClient: f.Client()}
	code = e.Run(t.Context(), args)
	return out.String(), errb.String(), code
}

func TestReportCommand(t *testing.T) {
	root := reportRepoFiles(t)
	out := filepath.Join(t.TempDir(), "laporan")
	summary := filepath.Join(t.TempDir(), "summary.md")
	if err := os.WriteFile(summary, []byte("# gate\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runReportCLI(t, reportFake(t), map[string]string{"GITHUB_STEP_SUMMARY": summary},
		"--root", root, "report", "--since", "2026-11-01", "--until", "2026-11-15", "--out", out)
	if code != ExitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	for _, want := range []string{
		"Laporan SOP: 1 PR berita digabung antara 1 November 2026 dan 15 November 2026 (0 tanpa isu penugasan).",
		"Penugasan ke Kasi              median 2 menit, p90 2 menit (standar 2 menit; 0 dari 1 melebihi)",
		"Produksi naskah                median 26 menit",
		"Terbit (gabung → pos pertama)  tidak tercatat",
		"Ralat dan pencabutan: ralat 1; median jeda terbit → ralat 1 hari.",
		"Ditulis: ",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stderr, "ledger publikasi tidak dapat dibaca") {
		t.Errorf("stderr does not warn about the missing ledger:\n%s", stderr)
	}
	ralat, _ := os.ReadFile(filepath.Join(out, "report-ralat.csv"))
	if want := "berita/2026/11/10-banjir,Banjir,ralat,2026-11-10T09:00:00+07:00,2026-11-11T09:00:00+07:00,1440.0,Sebelumnya tertulis Kota Metro.\n"; !strings.HasSuffix(string(ralat), want) ||
		strings.Contains(string(ralat), "Di luar rentang") {
		t.Errorf("report-ralat.csv: want only the correction in the range, %q:\n%s", want, ralat)
	}
	for _, f := range []string{"report.html", "report.csv", "report.md"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	sum, _ := os.ReadFile(summary)
	if !strings.HasPrefix(string(sum), "# gate\n# Laporan SOP Akurasi Informasi") {
		t.Errorf("step summary not appended after the existing text:\n%s", sum)
	}
	csv, _ := os.ReadFile(filepath.Join(out, "report.csv"))
	if !strings.Contains(string(csv), "12,berita/2026/11/10-banjir,7,assign,Penugasan ke Kasi,2026-11-10T08:00:00+07:00,2026-11-10T08:02:00+07:00,2.0,2,tidak,kabid1,kabid1,0,belum ada catatan terbit di ledger") {
		t.Errorf("CSV lacks the assign row of #12 (assignment from front matter, roles from teams):\n%s", csv)
	}
}

func TestReportCommandOutcomes(t *testing.T) {
	root := reportRepoFiles(t)
	teamless := func(f *githubfake.Server) {
		f.Fail["GET /orgs/kominfo/teams/kasi-pip/members"] = http.StatusForbidden
		f.Fail["GET /orgs/kominfo/teams/kabid-plip/members"] = http.StatusForbidden
	}
	broken := func(f *githubfake.Server) {
		f.Fail["GET /repos/kominfo/berita/pulls/12/reviews"] = http.StatusForbidden
	}
	tests := []struct {
		name       string
		setup      func(f *githubfake.Server)
		env        map[string]string
		args       []string
		code       int
		out, err   string
		noOutFiles bool
	}{
		{name: "no PR in range", args: []string{"--since", "2026-01-01", "--until", "2026-01-31"},
			code: ExitOK, out: "Tidak ada PR berita yang digabung antara 1 Januari 2026 dan 31 Januari 2026.\n"},
		{name: "default range is the last 30 days",
			code: ExitOK, out: "Laporan SOP: 1 PR berita digabung antara 27 Oktober 2026 dan 26 November 2026"},
		{name: "bad token", env: map[string]string{"GITHUB_TOKEN": "expired"},
			code: ExitUsage, err: "warta report: data GitHub tidak dapat dibaca: token GitHub ditolak (401)", noOutFiles: true},
		{name: "API refuses reviews", setup: broken,
			code: ExitUsage, err: "token GitHub tidak punya izin (403) (GET /api/v3/repos/kominfo/berita/pulls/12/reviews): butuh pull-requests: read", noOutFiles: true},
		{name: "teams unreadable", setup: teamless, args: []string{"--since", "2026-11-01"},
			code: ExitOK, err: "tim kasi-pip (roles.kasi) tidak dapat dibaca"},
		{name: "bad date", args: []string{"--since", "1/11/2026"},
			code: ExitUsage, err: "--since \"1/11/2026\" bukan tanggal TTTT-BB-HH", noOutFiles: true},
		{name: "since after until", args: []string{"--since", "2026-11-20", "--until", "2026-11-10"},
			code: ExitUsage, err: "--since (2026-11-20) harus sebelum --until (2026-11-10)", noOutFiles: true},
		{name: "no repository", env: map[string]string{"GITHUB_REPOSITORY": ""},
			code: ExitUsage, err: "GITHUB_REPOSITORY belum diisi", noOutFiles: true},
		{name: "help", args: []string{"--help"}, code: ExitOK, err: "Penggunaan: warta report", noOutFiles: true},
		{name: "stray argument", args: []string{"semua"}, code: ExitUsage, err: "argumen tidak dikenal: semua", noOutFiles: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "r")
			args := append([]string{"--root", root, "report", "--out", out}, tt.args...)
			f := reportFake(t)
			if tt.setup != nil {
				tt.setup(f)
			}
			stdout, stderr, code := runReportCLI(t, f, tt.env, args...)
			t.Logf("warta %s → exit %d\n%s%s", strings.Join(args, " "), code, stdout, stderr)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, stdout, stderr)
			}
			if tt.out != "" && !strings.Contains(stdout, tt.out) {
				t.Errorf("stdout lacks %q:\n%s", tt.out, stdout)
			}
			if tt.err != "" && !strings.Contains(stderr, tt.err) {
				t.Errorf("stderr lacks %q:\n%s", tt.err, stderr)
			}
			_, err := os.Stat(filepath.Join(out, "report.md"))
			if tt.noOutFiles != (err != nil) {
				t.Errorf("report.md written = %v, want %v", err == nil, !tt.noOutFiles)
			}
		})
	}
}

func TestReportRange(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Jakarta")
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC) // 17:00 WIB
	tests := []struct {
		since, until string
		wantS, wantU time.Time
		err          bool
	}{
		{"", "", time.Date(2026, 10, 27, 0, 0, 0, 0, loc), now, false},
		{"2026-11-01", "2026-11-15", time.Date(2026, 11, 1, 0, 0, 0, 0, loc), time.Date(2026, 11, 16, 0, 0, 0, 0, loc), false},
		{"2026-11-15", "2026-11-15", time.Date(2026, 11, 15, 0, 0, 0, 0, loc), time.Date(2026, 11, 16, 0, 0, 0, 0, loc), false},
		{"2026-11-16", "2026-11-15", time.Time{}, time.Time{}, true},
		{"2026-13-01", "", time.Time{}, time.Time{}, true},
	}
	for _, tt := range tests {
		s, u, err := reportRange(reportOptions{since: tt.since, until: tt.until}, now, loc)
		if (err != nil) != tt.err {
			t.Errorf("%q..%q: err = %v", tt.since, tt.until, err)
			continue
		}
		if !tt.err && (!s.Equal(tt.wantS) || !u.Equal(tt.wantU)) {
			t.Errorf("%q..%q = %v..%v, want %v..%v", tt.since, tt.until, s, u, tt.wantS, tt.wantU)
		}
	}
}
