package gate

import (
	"context"
	"fmt"
	"path"
	"sort"

	"github.com/google/go-github/v60/github"

	"github.com/kominfotik-lampung/warta/pipeline/content"
)

// maxTreeReads bounds the git tree listings one PR's content diff may
// read; past it the PR surely touches content/, only its list is partial.
const maxTreeReads = 400

// UndecidedError says the gate could not tell whether a PR passes: GitHub
// answered, but not enough to decide safely (the changed files beyond the
// list cap could not be read, or the head kept moving). The gate then
// fails closed: status pending, exit 2.
type UndecidedError struct {
	PR int
	// HeadSHA is the head commit to mark pending ("" when unknown).
	HeadSHA string
	// Reason says what happened and what to do, in Bahasa Indonesia.
	Reason string
	// Err is the cause, for maintainers; it may be nil.
	Err error
}

func (e *UndecidedError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("gate: pull request #%d at %s undecided: %v", e.PR, short(e.HeadSHA), e.Err)
	}
	return fmt.Sprintf("gate: pull request #%d at %s undecided", e.PR, short(e.HeadSHA))
}

func (e *UndecidedError) Unwrap() error { return e.Err }

// changes are a PR's changed paths as the gate knows them.
type changes struct {
	files []string // every changed path read (renames give both names)
	// partial: the content/ paths are a part of those changed (the walk
	// stopped at maxTreeReads); that some changed is certain.
	partial bool
}

// completeChanges turns the listed paths of PR p (listed file entries)
// into the PR's changes. "List pull requests files" stops at 3000 files
// (in path order, so 3000 files sorting before content/ would hide an
// article); when it listed fewer files than the PR's changed_files, the
// content/ changes come from the git trees of the merge base and the head
// instead, which have no such cap. Trees and commits are read by SHA, so
// a push meanwhile changes nothing here. When even that cannot be read,
// the answer is an *UndecidedError.
func completeChanges(ctx context.Context, c *github.Client, owner, repo string, p *github.PullRequest, files []string, listed int) (changes, error) {
	if p.ChangedFiles != nil && listed >= p.GetChangedFiles() {
		return changes{files: files}, nil
	}
	d := &treeDiff{c: c, owner: owner, repo: repo}
	if err := d.run(ctx, p.GetBase().GetSHA(), p.GetHead().GetSHA()); err != nil {
		return changes{}, &UndecidedError{PR: p.GetNumber(), HeadSHA: p.GetHead().GetSHA(), Err: err,
			Reason: fmt.Sprintf("PR mengubah %d berkas, GitHub hanya mendaftar %d, dan perubahan di content/ tidak dapat dipastikan; "+
				"pecah PR ini menjadi PR yang lebih kecil (naskah terpisah dari perubahan lain), lalu jalankan ulang", p.GetChangedFiles(), listed)}
	}
	seen := map[string]bool{}
	for _, f := range files {
		seen[f] = true
	}
	for _, f := range d.paths {
		if !seen[f] {
			seen[f] = true
			files = append(files, f)
		}
	}
	return changes{files: files, partial: d.partial}, nil
}

// listFiles returns the changed paths the API lists (renames give both
// names) and how many file entries it listed.
func listFiles(ctx context.Context, c *github.Client, owner, repo string, pr int) (paths []string, listed int, err error) {
	opt := &github.ListOptions{PerPage: perPage}
	for {
		// GitHub docs: https://docs.github.com/rest/pulls/pulls#list-pull-requests-files
		fs, resp, err := c.PullRequests.ListFiles(ctx, owner, repo, pr, opt)
		if err != nil {
			return nil, 0, fmt.Errorf("gate: list files of #%d: %w", pr, err)
		}
		listed += len(fs)
		for _, f := range fs {
			paths = append(paths, f.GetFilename())
			if f.GetPreviousFilename() != "" {
				paths = append(paths, f.GetPreviousFilename())
			}
		}
		if resp.NextPage == 0 {
			return paths, listed, nil
		}
		opt.Page = resp.NextPage
	}
}

// treeDiff finds the files under content/ that differ between the merge
// base of base and head and head itself (the PR's diff, as GitHub shows
// it), by walking both git trees from content/ down, only into folders
// whose tree SHA differs.
type treeDiff struct {
	c           *github.Client
	owner, repo string
	reads       int
	paths       []string
	partial     bool
}

func (d *treeDiff) run(ctx context.Context, base, head string) error {
	if base == "" || head == "" {
		return fmt.Errorf("no base or head commit")
	}
	// GitHub docs: https://docs.github.com/rest/commits/commits#compare-two-commits
	// Only merge_base_commit is used: compare's file list stops at 300.
	cmp, _, err := d.c.Repositories.CompareCommits(ctx, d.owner, d.repo, base, head, &github.ListOptions{PerPage: 1})
	if err != nil {
		return fmt.Errorf("compare %s...%s: %w", short(base), short(head), err)
	}
	mb := cmp.GetMergeBaseCommit().GetCommit().GetTree().GetSHA()
	if mb == "" {
		return fmt.Errorf("compare %s...%s: no merge base tree", short(base), short(head))
	}
	from, err := d.list(ctx, mb, false)
	if err != nil {
		return err
	}
	to, err := d.list(ctx, head, false)
	if err != nil {
		return err
	}
	if err := d.walk(ctx, content.Dir, from[content.Dir], to[content.Dir]); err != nil {
		return err
	}
	sort.Strings(d.paths)
	return nil
}

// list reads one tree (by tree SHA, or a commit's root tree) as name →
// entry; a truncated listing is an error, since a missing entry would
// hide a change.
func (d *treeDiff) list(ctx context.Context, sha string, recursive bool) (map[string]*github.TreeEntry, error) {
	d.reads++
	// GitHub docs: https://docs.github.com/rest/git/trees#get-a-tree
	t, _, err := d.c.Git.GetTree(ctx, d.owner, d.repo, sha, recursive)
	if err != nil {
		return nil, fmt.Errorf("read tree %s: %w", short(sha), err)
	}
	if t.GetTruncated() {
		return nil, fmt.Errorf("tree %s: listing truncated by GitHub", short(sha))
	}
	out := map[string]*github.TreeEntry{}
	for _, e := range t.Entries {
		out[e.GetPath()] = e
	}
	return out, nil
}

// walk adds the changed files below dir, whose entries on the two sides
// are a and b (nil when absent on that side).
func (d *treeDiff) walk(ctx context.Context, dir string, a, b *github.TreeEntry) error {
	if d.partial || a.GetSHA() == b.GetSHA() && a.GetType() == b.GetType() {
		return nil
	}
	if d.reads >= maxTreeReads {
		d.partial = true
		d.paths = append(d.paths, dir) // a change below dir is certain
		return nil
	}
	switch {
	case a.GetType() == "tree" && b.GetType() == "tree":
		from, err := d.list(ctx, a.GetSHA(), false)
		if err != nil {
			return err
		}
		to, err := d.list(ctx, b.GetSHA(), false)
		if err != nil {
			return err
		}
		names := map[string]bool{}
		for n := range from {
			names[n] = true
		}
		for n := range to {
			names[n] = true
		}
		sorted := make([]string, 0, len(names))
		for n := range names {
			sorted = append(sorted, n)
		}
		sort.Strings(sorted)
		for _, n := range sorted {
			if err := d.walk(ctx, path.Join(dir, n), from[n], to[n]); err != nil {
				return err
			}
		}
		return nil
	}
	// A file, or a folder added, removed or replaced by a file: every file
	// on either side is changed.
	for _, e := range []*github.TreeEntry{a, b} {
		switch e.GetType() {
		case "blob", "commit":
			d.paths = append(d.paths, dir)
		case "tree":
			below, err := d.list(ctx, e.GetSHA(), true)
			if err != nil {
				return err
			}
			for p, f := range below {
				if f.GetType() != "tree" {
					d.paths = append(d.paths, path.Join(dir, p))
				}
			}
		}
	}
	return nil
}
