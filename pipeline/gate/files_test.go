package gate_test

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/gate"
	"github.com/kominfotik-lampung/warta/pipeline/internal/githubfake"
)

const baseSHA = "3333333333333333333333333333333333333333"

// hiddenArticle turns PR #7 of newFake into 3000 filler files that sort
// before content/ plus the article bundle: "List pull requests files"
// serves only the fillers. The head commit's parent is the base commit.
func hiddenArticle(t *testing.T, f *githubfake.Server, pr *githubfake.PR) {
	t.Helper()
	base := map[string][]byte{
		"README.md": []byte("warta\n"),
		"content/berita/2026/11/01-lama/index.md": []byte("not part of the PR"),
	}
	head := maps.Clone(f.Trees[headSHA])
	maps.Copy(head, base)
	var files []githubfake.File
	for i := range githubfake.MaxListedFiles {
		name := fmt.Sprintf("aset/%04d.txt", i)
		head[name] = []byte(name)
		files = append(files, githubfake.File{Name: name})
	}
	pr.Files = append(files, pr.Files...)
	pr.BaseSHA = baseSHA
	f.Trees[baseSHA] = base
	f.Trees[headSHA] = head
	f.Parents[headSHA] = []string{baseSHA}
	f.Parents[baseSHA] = nil
}

// TestRunSeesContentBeyondTheFileListCap (issue 11 item 2): an article
// hidden behind 3000 files is still a news article needing both approvals.
func TestRunSeesContentBeyondTheFileListCap(t *testing.T) {
	f, pr := newFake(t)
	hiddenArticle(t, f, pr)
	v, err := gate.Run(t.Context(), client(t, f), owner, repo, 7, loadConfig(t, TeamRoles), gate.RunOptions{Now: func() time.Time { return t0.Add(time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	if !v.TouchesContent || v.State != gate.Pending || !strings.Contains(v.Description, "Menunggu persetujuan Kasi") {
		t.Fatalf("verdict %s %q (touches content %v), want pending for the hidden article", v.State, v.Description, v.TouchesContent)
	}
	if want := []string{bundle + "/foto.png", bundle + "/index.md"}; !slices.Equal(v.ContentFiles, want) {
		t.Errorf("content files %q, want %q", v.ContentFiles, want)
	}
	if len(v.Articles) != 1 || v.Articles[0].Title != "Jembatan Baru Way Sekampung Diresmikan" || article.HasErrors(v.Problems) {
		t.Errorf("articles %d, problems %v", len(v.Articles), v.Problems)
	}
	if len(f.Statuses) != 1 || f.Statuses[0].SHA != headSHA || f.Statuses[0].State != "pending" {
		t.Errorf("statuses %+v", f.Statuses)
	}
}

// TestVerifierSeesContentBeyondTheFileListCap (issue 11 item 2): publish's
// re-check refuses the unreviewed article hidden behind 3000 files.
func TestVerifierSeesContentBeyondTheFileListCap(t *testing.T) {
	checkoutRepo, sha := checkout(t)
	f, pr := newFake(t)
	f.ReadOnly = true
	hiddenArticle(t, f, pr)
	pr.Merged, pr.MergedBy, pr.MergeCommit = t0.Add(25*time.Minute), "staf1", sha
	v := gate.NewVerifier(checkoutRepo, client(t, f), owner, repo, loadConfig(t, TeamRoles))
	ok, reason, err := v.Verify(t.Context(), &article.Article{ID: "berita/2026/11/25-jembatan-baru", File: bundle + "/index.md"})
	if err != nil {
		t.Fatal(err)
	}
	if ok || !strings.Contains(reason, "PR #7 belum lolos gerbang SOP: Menunggu persetujuan Kasi") {
		t.Errorf("Verify = %v %q, want a refusal", ok, reason)
	}
}

// TestRunFailsClosedWhenChangesAreUnknown: beyond the cap, if GitHub
// cannot show the rest, the head becomes pending and the run fails.
func TestRunFailsClosedWhenChangesAreUnknown(t *testing.T) {
	for name, breakIt := range map[string]func(f *githubfake.Server){
		"compare fails":  func(f *githubfake.Server) { f.Fail["GET /repos/"+owner+"/"+repo+"/compare/"] = 404 },
		"tree truncated": func(f *githubfake.Server) { f.TreeLimit = 2 },
	} {
		t.Run(name, func(t *testing.T) {
			f, pr := newFake(t)
			hiddenArticle(t, f, pr)
			breakIt(f)
			f.Statuses = []githubfake.Status{{SHA: headSHA, State: "success", Context: "warta/sop"}}
			v, err := gate.Run(t.Context(), client(t, f), owner, repo, 7, loadConfig(t, TeamRoles), gate.RunOptions{})
			var und *gate.UndecidedError
			if !errors.As(err, &und) || v != nil {
				t.Fatalf("Run = %v, %v; want an UndecidedError", v, err)
			}
			if !strings.Contains(und.Reason, "PR mengubah 3002 berkas, GitHub hanya mendaftar 3000") || !strings.Contains(und.Reason, "pecah PR") {
				t.Errorf("reason %q", und.Reason)
			}
			last := f.Statuses[len(f.Statuses)-1]
			if last.SHA != headSHA || last.State != "pending" || !strings.HasPrefix(last.Description, "Tidak dapat dinilai: PR mengubah 3002 berkas") {
				t.Errorf("last status %+v, want pending on the head", last)
			}
		})
	}
}

// TestRunReadsAConsistentHead (issue 11 item 9): a push between reading
// the PR and listing its files must not put a verdict about the new files
// on the old head. Here head A adds an unreviewed article and is replaced
// by B, which only touches README.md, right after the gate read A.
func TestRunReadsAConsistentHead(t *testing.T) {
	const newSHA = "4444444444444444444444444444444444444444"
	f, pr := newFake(t)
	f.Trees[newSHA] = map[string][]byte{"README.md": []byte("baru")}
	moved := false
	f.Served = func(req string) {
		if req == "GET /repos/"+owner+"/"+repo+"/pulls/7" && !moved {
			moved = true
			pr.HeadSHA, pr.Files = newSHA, []githubfake.File{{Name: "README.md", Status: "modified"}}
		}
	}
	v, err := gate.Run(t.Context(), client(t, f), owner, repo, 7, loadConfig(t, TeamRoles), gate.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if v.HeadSHA != newSHA || v.State != gate.Success || v.TouchesContent {
		t.Errorf("verdict on %s: %s (content %v), want success on the new head", v.HeadSHA, v.State, v.TouchesContent)
	}
	for _, st := range f.Statuses {
		if st.SHA == headSHA {
			t.Errorf("status %q set on the old head, which adds an unreviewed article", st.State)
		}
	}

	// A head that keeps moving: give up, pending on the latest head.
	f, pr = newFake(t)
	n := 0
	f.Served = func(req string) {
		if strings.HasPrefix(req, "GET /repos/"+owner+"/"+repo+"/pulls/7/reviews") {
			n++
			pr.HeadSHA = fmt.Sprintf("%040d", n)
		}
	}
	_, err = gate.Run(t.Context(), client(t, f), owner, repo, 7, loadConfig(t, TeamRoles), gate.RunOptions{})
	var und *gate.UndecidedError
	if !errors.As(err, &und) || !strings.Contains(und.Reason, "terus berubah") {
		t.Fatalf("err = %v, want an UndecidedError", err)
	}
	if len(f.Statuses) != 1 || f.Statuses[0].SHA != fmt.Sprintf("%040d", 3) || f.Statuses[0].State != "pending" {
		t.Errorf("statuses %+v, want one pending on the latest head", f.Statuses)
	}
}
