package ledger_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/kominfotik-lampung/warta/pipeline/ledger"
)

const ledgerLines = `{"article":"berita/2026/11/02-jembatan","platform":"facebook","state":"intent","time":"2026-11-02T03:09:00Z"}
{"article":"berita/2026/11/02-jembatan","platform":"facebook","state":"done","post_id":"1_2","time":"2026-11-02T03:10:00Z"}

{"article":"berita/2026/11/02-jembatan","platform":"x","state":"done","post_id":"9","time":"2026-11-02T03:11:00Z"}
`

// localOrigin makes a bare origin whose warta-ledger branch holds
// ledger.jsonl, pushed from a work repository, and returns both paths.
func localOrigin(t *testing.T) (origin, work string) {
	t.Helper()
	origin, work = filepath.Join(t.TempDir(), "origin.git"), filepath.Join(t.TempDir(), "work")
	if _, err := git.PlainInit(origin, true); err != nil {
		t.Fatal(err)
	}
	repo, err := git.PlainInit(work, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := repo.CreateRemote(&config.RemoteConfig{Name: "origin", URLs: []string{origin}}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, ledger.File), []byte(ledgerLines), 0o644); err != nil {
		t.Fatal(err)
	}
	commitLedger(t, work)
	ref := plumbing.NewBranchReferenceName(ledger.Branch)
	if err := repo.PushContext(t.Context(), &git.PushOptions{RemoteName: "origin",
		RefSpecs: []config.RefSpec{config.RefSpec(ref + ":" + ref), "refs/heads/master:refs/heads/master"}}); err != nil {
		t.Fatal(err)
	}
	return origin, work
}

// commitLedger commits ledger.jsonl of the work repository and points the
// ledger branch at the commit.
func commitLedger(t *testing.T, work string) {
	t.Helper()
	repo, err := git.PlainOpen(work)
	if err != nil {
		t.Fatal(err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wt.Add(ledger.File); err != nil {
		t.Fatal(err)
	}
	sig := &object.Signature{Name: "warta", Email: "warta@example.org", When: time.Date(2026, 11, 2, 3, 12, 0, 0, time.UTC)}
	h, err := wt.Commit("ledger", &git.CommitOptions{Author: sig, Committer: sig})
	if err != nil {
		t.Fatal(err)
	}
	ref := plumbing.NewBranchReferenceName(ledger.Branch)
	if err := repo.Storer.SetReference(plumbing.NewHashReference(ref, h)); err != nil {
		t.Fatal(err)
	}
}

func TestReadLocal(t *testing.T) {
	origin, work := localOrigin(t)

	// A clone has the ledger only as origin/warta-ledger.
	clone := filepath.Join(t.TempDir(), "clone")
	if _, err := git.PlainCloneContext(t.Context(), clone, false, &git.CloneOptions{URL: origin}); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(clone, "content", "berita"), 0o755); err != nil {
		t.Fatal(err)
	}

	empty := filepath.Join(t.TempDir(), "empty")
	if _, err := git.PlainInit(empty, false); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		dir     string
		want    int
		wantErr error
	}{
		{"local branch", work, 3, nil},
		{"remote-tracking branch, from a subfolder", filepath.Join(clone, "content", "berita"), 3, nil},
		{"no ledger branch", empty, 0, ledger.ErrNoBranch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ledger.ReadLocal(t.Context(), tt.dir)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if len(got) != tt.want {
				t.Fatalf("%d entries, want %d: %+v", len(got), tt.want, got)
			}
			if tt.want == 0 {
				return
			}
			if e := got[1]; e.State != ledger.Done || e.PostID != "1_2" || !e.Time.Equal(time.Date(2026, 11, 2, 3, 10, 0, 0, time.UTC)) {
				t.Errorf("second entry = %+v, want the facebook done line", e)
			}
			if got[2].Platform != "x" {
				t.Errorf("entries not in file order: %+v", got)
			}
		})
	}
	if err := os.WriteFile(filepath.Join(work, ledger.File), []byte("{\"article\": 1}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	commitLedger(t, work)
	if _, err := ledger.ReadLocal(t.Context(), work); err == nil || !strings.Contains(err.Error(), "ledger.jsonl:1") {
		t.Errorf("a corrupt ledger must be an error naming the line, got %v", err)
	}
	if _, err := ledger.ReadLocal(t.Context(), t.TempDir()); err == nil {
		t.Error("a folder that is no git repository must be an error")
	}
}
