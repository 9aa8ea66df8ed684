package githubfake_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/google/go-github/v60/github"

	"github.com/kominfotik-lampung/warta/pipeline/internal/githubfake"
)

// gitTreeOf commits files with go-git and returns the commit's tree name:
// what the fake must call the same tree.
func gitTreeOf(t *testing.T, files map[string][]byte) string {
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
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := wt.Add(name); err != nil {
			t.Fatal(err)
		}
	}
	sig := &object.Signature{Name: "t", Email: "t@example.org", When: t0}
	h, err := wt.Commit("c", &git.CommitOptions{Author: sig, Committer: sig, AllowEmptyCommits: true})
	if err != nil {
		t.Fatal(err)
	}
	c, err := repo.CommitObject(h)
	if err != nil {
		t.Fatal(err)
	}
	return c.TreeHash.String()
}

func TestTrees(t *testing.T) {
	f := githubfake.New(t, owner, repo, token)
	files := map[string][]byte{
		"README.md":                         []byte("warta\n"),
		"content/berita/2026/11/a/index.md": []byte("---\ntitle: A\n---\n"),
		"content/berita/2026/11/a/foto.png": {0x89, 'P', 'N', 'G'},
		"content.txt":                       []byte("sorts between content and content/ in git order"),
		"site/config.yaml":                  []byte("site: {}\n"),
	}
	f.Trees["c1"] = files
	f.Trees["kosong"] = map[string][]byte{}
	f.TreeLimit = 4
	c := client(t, f, token)

	root, _, err := c.Git.GetTree(t.Context(), owner, repo, "c1", false)
	if err != nil {
		t.Fatal(err)
	}
	if want := gitTreeOf(t, files); root.GetSHA() != want {
		t.Errorf("root tree %s, want git's %s", root.GetSHA(), want)
	}
	var got []string
	for _, e := range root.Entries {
		got = append(got, e.GetType()+" "+e.GetPath())
	}
	if want := []string{"blob README.md", "blob content.txt", "tree content", "tree site"}; !slices.Equal(got, want) || root.GetTruncated() {
		t.Errorf("root entries %q (truncated %v), want %q in git order", got, root.GetTruncated(), want)
	}
	// A subtree by its SHA, recursively, truncated at TreeLimit.
	var content string
	for _, e := range root.Entries {
		if e.GetPath() == "content" {
			content = e.GetSHA()
		}
	}
	sub, _, err := c.Git.GetTree(t.Context(), owner, repo, content, true)
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, e := range sub.Entries {
		got = append(got, e.GetPath())
	}
	if want := []string{"berita", "berita/2026", "berita/2026/11", "berita/2026/11/a"}; !slices.Equal(got, want) || !sub.GetTruncated() {
		t.Errorf("recursive %q (truncated %v), want %q truncated", got, sub.GetTruncated(), want)
	}
	empty, _, err := c.Git.GetTree(t.Context(), owner, repo, "kosong", false)
	if err != nil || empty.GetSHA() != githubfake.EmptyTree || len(empty.Entries) != 0 {
		t.Errorf("empty tree: %v %s %d", err, empty.GetSHA(), len(empty.Entries))
	}
	if _, _, err := c.Git.GetTree(t.Context(), owner, repo, "0000000000000000000000000000000000000000", false); err == nil {
		t.Error("unknown tree: no 404")
	}
}

func TestListFilesCapAndChangedFiles(t *testing.T) {
	f := githubfake.New(t, owner, repo, token)
	p := &githubfake.PR{Number: 7, Author: "staf1", Created: t0}
	p.Files = append(p.Files, githubfake.File{Name: "content/berita/x/index.md"})
	for i := range githubfake.MaxListedFiles {
		p.Files = append(p.Files, githubfake.File{Name: fmt.Sprintf("aaa/%04d.txt", i)})
	}
	f.AddPR(p)
	c := client(t, f, token)
	pr, _, err := c.PullRequests.Get(t.Context(), owner, repo, 7)
	if err != nil {
		t.Fatal(err)
	}
	if pr.GetChangedFiles() != 3001 || pr.GetBase().GetSHA() == "" {
		t.Errorf("changed_files %d, base.sha %q", pr.GetChangedFiles(), pr.GetBase().GetSHA())
	}
	var names []string
	opt := &github.ListOptions{PerPage: 100}
	for {
		fs, resp, err := c.PullRequests.ListFiles(t.Context(), owner, repo, 7, opt)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fs {
			names = append(names, f.GetFilename())
		}
		if resp.NextPage == 0 {
			break
		}
		opt.Page = resp.NextPage
	}
	if len(names) != 3000 || !slices.IsSorted(names) || slices.Contains(names, "content/berita/x/index.md") {
		t.Errorf("listed %d files (sorted %v); want the first 3000 in path order, without the article", len(names), slices.IsSorted(names))
	}
}

func TestCompare(t *testing.T) {
	f := githubfake.New(t, owner, repo, token)
	// main: m1 ← m2; the PR branched at m1: m1 ← p1 ← p2.
	f.Parents = map[string][]string{"m1": nil, "m2": {"m1"}, "p1": {"m1"}, "p2": {"p1"}, "lain": nil}
	f.Trees["m1"] = map[string][]byte{"README.md": []byte("1")}
	f.Trees["m2"] = map[string][]byte{"README.md": []byte("1"), "content/lama.md": []byte("main moved on")}
	head := map[string][]byte{"README.md": []byte("2")}
	for i := range 301 {
		head[fmt.Sprintf("a/%03d", i)] = []byte{byte(i)}
	}
	f.Trees["p2"] = head
	c := client(t, f, token)

	cmp, resp, err := c.Repositories.CompareCommits(t.Context(), owner, repo, "m2", "p2", nil)
	if err != nil {
		t.Fatal(err)
	}
	if cmp.GetStatus() != "diverged" || cmp.GetAheadBy() != 2 || cmp.GetBehindBy() != 1 || cmp.GetMergeBaseCommit().GetSHA() != "m1" {
		t.Errorf("status %s ahead %d behind %d merge base %s", cmp.GetStatus(), cmp.GetAheadBy(), cmp.GetBehindBy(), cmp.GetMergeBaseCommit().GetSHA())
	}
	if len(cmp.Commits) != 2 || cmp.Commits[0].GetSHA() != "p1" || cmp.Commits[1].GetSHA() != "p2" {
		t.Errorf("commits %v, want p1, p2", cmp.Commits)
	}
	// Files are the merge base → head diff (not main's lama.md), at most 300.
	if len(cmp.Files) != githubfake.MaxCompareFiles || cmp.Files[0].GetFilename() != "README.md" || cmp.Files[0].GetStatus() != "modified" {
		t.Errorf("%d files, first %s %s", len(cmp.Files), cmp.Files[0].GetFilename(), cmp.Files[0].GetStatus())
	}
	if resp.NextPage != 0 {
		t.Errorf("unpaged compare has a next page %d", resp.NextPage)
	}
	if want := gitTreeOf(t, map[string][]byte{"README.md": []byte("1")}); cmp.GetMergeBaseCommit().GetCommit().GetTree().GetSHA() != want {
		t.Errorf("merge base tree %s, want %s", cmp.GetMergeBaseCommit().GetCommit().GetTree().GetSHA(), want)
	}

	// Paged: commits page by page, files on page 1 only.
	cmp, resp, err = c.Repositories.CompareCommits(t.Context(), owner, repo, "m2", "p2", &github.ListOptions{PerPage: 1, Page: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(cmp.Commits) != 1 || cmp.Commits[0].GetSHA() != "p2" || len(cmp.Files) != 0 || resp.PrevPage != 1 {
		t.Errorf("page 2: commits %d, files %d, prev %d", len(cmp.Commits), len(cmp.Files), resp.PrevPage)
	}

	_, _, err = c.Repositories.CompareCommits(t.Context(), owner, repo, "m2", "lain", nil)
	if er, ok := err.(*github.ErrorResponse); !ok || er.Response.StatusCode != 404 || er.Message != "No common ancestor between m2 and lain." {
		t.Errorf("unrelated histories: %v", err)
	}
}
