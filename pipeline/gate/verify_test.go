package gate_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/gate"
	"github.com/kominfotik-lampung/warta/pipeline/internal/githubfake"
)

// checkout makes a git repository whose history has the article bundle in
// one commit and an unrelated change after it; it returns the repository
// and the article commit's SHA.
func checkout(t *testing.T) (*git.Repository, string) {
	t.Helper()
	dir := t.TempDir()
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	commit := func(files map[string]string, min int) string {
		t.Helper()
		for name, data := range files {
			p := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := wt.Add(name); err != nil {
				t.Fatal(err)
			}
		}
		sig := &object.Signature{Name: "staf1", Email: "staf1@example.org", When: t0.Add(time.Duration(min) * time.Minute)}
		h, err := wt.Commit("commit", &git.CommitOptions{Author: sig, Committer: sig})
		if err != nil {
			t.Fatal(err)
		}
		return h.String()
	}
	sha := commit(map[string]string{bundle + "/index.md": articleMD}, 20)
	commit(map[string]string{"README.md": "later change"}, 30)
	return repo, sha
}

func TestVerifier(t *testing.T) {
	a := &article.Article{ID: "berita/2026/11/25-jembatan-baru", File: bundle + "/index.md"}
	tests := []struct {
		name   string
		setup  func(f *githubfake.Server, pr *githubfake.PR)
		art    *article.Article
		ok     bool
		reason string // in the reason
		err    string // in the error
		pr     int    // PR remembered for the article
	}{
		{name: "merged and approved by both", setup: func(f *githubfake.Server, pr *githubfake.PR) {
			pr.Reviews = []githubfake.Review{review(1, "kasi1", "APPROVED", headSHA, 5), review(2, "kabid1", "APPROVED", headSHA, 8)}
		}, ok: true, pr: 7},
		{name: "merged without the Kabid", setup: func(f *githubfake.Server, pr *githubfake.PR) {
			pr.Reviews = []githubfake.Review{review(1, "kasi1", "APPROVED", headSHA, 5)}
		}, reason: "PR #7 belum lolos gerbang SOP: Menunggu verifikasi Kabid", pr: 7},
		{name: "the commit's PR is still open", setup: func(f *githubfake.Server, pr *githubfake.PR) {
			pr.Merged = time.Time{}
		}, reason: "tidak masuk lewat pull request yang digabung"},
		{name: "no PR has the commit", setup: func(f *githubfake.Server, pr *githubfake.PR) {
			pr.MergeCommit = "3333333333333333333333333333333333333333"
		}, reason: "tidak masuk lewat pull request yang digabung"},
		{name: "no history for the article", setup: func(f *githubfake.Server, pr *githubfake.PR) {},
			art:    &article.Article{ID: "berita/2026/11/26-lain", File: "content/berita/2026/11/26-lain/index.md"},
			reason: "riwayat git content/berita/2026/11/26-lain tidak ditemukan"},
		{name: "GitHub fails", setup: func(f *githubfake.Server, pr *githubfake.PR) {
			f.Fail["GET /repos/"+owner+"/"+repo+"/commits/"] = 403
		}, err: "gate: list pull requests of"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkoutRepo, sha := checkout(t)
			f, pr := newFake(t)
			f.ReadOnly = true
			pr.Merged, pr.MergedBy, pr.MergeCommit = t0.Add(25*time.Minute), "kasi1", sha
			tt.setup(f, pr)
			art := a
			if tt.art != nil {
				art = tt.art
			}
			v := gate.NewVerifier(checkoutRepo, client(t, f), owner, repo, loadConfig(t, TeamRoles))
			ok, reason, err := v.Verify(t.Context(), art)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ok != tt.ok || !strings.Contains(reason, tt.reason) || (ok && reason != "") {
				t.Errorf("Verify = %v %q, want %v %q", ok, reason, tt.ok, tt.reason)
			}
			if got := v.PR(art.ID); got != tt.pr {
				t.Errorf("PR(%s) = %d, want %d", art.ID, got, tt.pr)
			}
			if n := f.Count("GET /repos/" + owner + "/" + repo + "/commits/" + sha + "/pulls"); tt.art == nil && n != 1 {
				t.Errorf("%d look-ups of the article's commit, want 1: %q", n, f.Requests)
			}
		})
	}
}

// TestVerifyCorrectionChecksTheCommitThatAddedIt (issue 14): a correction
// is verified on the PR that merged the commit adding it, not on the
// article's latest change: correction 1 came through PR #8, which only the
// Kasi approved, and stays refused although PR #9 (correction 2) passed.
func TestVerifyCorrectionChecksTheCommitThatAddedIt(t *testing.T) {
	dir := t.TempDir()
	checkoutRepo, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	wt, err := checkoutRepo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	commit := func(data string, min int) string {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(bundle+"/index.md"))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := wt.Add(bundle + "/index.md"); err != nil {
			t.Fatal(err)
		}
		sig := &object.Signature{Name: "staf1", Email: "staf1@example.org", When: t0.Add(time.Duration(min) * time.Minute)}
		h, err := wt.Commit("commit", &git.CommitOptions{Author: sig, Committer: sig})
		if err != nil {
			t.Fatal(err)
		}
		return h.String()
	}
	entry1 := "corrections:\n  - {date: \"2026-12-01 14:00\", kind: ralat, note: \"Panjang jembatan 120 meter, bukan 100 meter.\"}\n"
	entry2 := entry1 + "  - {date: \"2026-12-02 09:00\", kind: hak-jawab, note: \"Tanggapan kontraktor.\"}\n"
	with := func(entries string) string {
		return strings.Replace(articleMD, "assignment: 12\n", "assignment: 12\n"+entries, 1)
	}
	c1 := commit(articleMD, 20)
	c2 := commit(with(entry1), 40)
	c3 := commit(with(entry2), 60)

	f, pr7 := newFake(t)
	f.ReadOnly = true
	pr7.Merged, pr7.MergedBy, pr7.MergeCommit = t0.Add(25*time.Minute), "kasi1", c1
	pr7.Reviews = []githubfake.Review{review(1, "kasi1", "APPROVED", headSHA, 5), review(2, "kabid1", "APPROVED", headSHA, 8)}
	pr8, pr9 := *pr7, *pr7
	pr8.Number, pr8.MergeCommit, pr8.Reviews = 8, c2, []githubfake.Review{review(3, "kasi1", "APPROVED", headSHA, 5)}
	pr9.Number, pr9.MergeCommit = 9, c3
	f.PRs[8], f.PRs[9] = &pr8, &pr9

	a := &article.Article{ID: "berita/2026/11/25-jembatan-baru", File: bundle + "/index.md"}
	v := gate.NewVerifier(checkoutRepo, client(t, f), owner, repo, loadConfig(t, TeamRoles))
	if ok, reason, err := v.Verify(t.Context(), a); err != nil || !ok {
		t.Fatalf("Verify (latest change, PR #9) = %v %q %v, want ok", ok, reason, err)
	}
	ok, reason, err := v.VerifyCorrection(t.Context(), a, 1)
	if err != nil || ok || !strings.Contains(reason, "PR #8 belum lolos gerbang SOP") {
		t.Errorf("VerifyCorrection(1) = %v %q %v, want refused on PR #8", ok, reason, err)
	}
	if ok, reason, err := v.VerifyCorrection(t.Context(), a, 2); err != nil || !ok {
		t.Errorf("VerifyCorrection(2) = %v %q %v, want ok on PR #9", ok, reason, err)
	}
	if n := f.Count("GET /repos/" + owner + "/" + repo + "/commits/" + c2 + "/pulls"); n != 1 {
		t.Errorf("%d look-ups of the commit adding correction 1, want 1", n)
	}
	ok, reason, err = v.VerifyCorrection(t.Context(), a, 3)
	if err != nil || ok || !strings.Contains(reason, "ralat ke-3") {
		t.Errorf("VerifyCorrection(3) = %v %q %v, want refused: no such entry in history", ok, reason, err)
	}
	ok, reason, err = v.VerifyRetraction(t.Context(), a)
	if err != nil || ok || !strings.Contains(reason, "pencabutan") {
		t.Errorf("VerifyRetraction = %v %q %v, want refused: never retracted", ok, reason, err)
	}
}
