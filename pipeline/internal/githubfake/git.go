package githubfake

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// Limits GitHub documents (or, for compare's files, observably applies).
const (
	// MaxListedFiles: "List pull requests files" serves at most 3000
	// files, in path order.
	MaxListedFiles = 3000
	// MaxCompareFiles: compare lists at most 300 files, on the first page
	// only; the docs say page 1 has "all changed files", but GitHub stops
	// at 300 (the same count "Get a commit" pages its files by).
	MaxCompareFiles = 300
	// maxCompareCommits: compare without page or per_page lists at most
	// 250 commits, the most recent ones.
	maxCompareCommits = 250
	// maxTreeEntries: a tree listing stops (truncated: true) after 100,000
	// entries.
	maxTreeEntries = 100_000
)

// EmptyTree is git's name of the empty tree.
const EmptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"

// gitTree is a folder of a commit's tree, with git's object names.
type gitTree struct {
	sha   string
	files map[string][]byte
	dirs  map[string]*gitTree
}

// buildTree turns a Trees entry (path → content) into git trees.
func buildTree(files map[string][]byte) *gitTree {
	root := &gitTree{files: map[string][]byte{}, dirs: map[string]*gitTree{}}
	for p, data := range files {
		n := root
		seg := strings.Split(p, "/")
		for _, d := range seg[:len(seg)-1] {
			c, ok := n.dirs[d]
			if !ok {
				c = &gitTree{files: map[string][]byte{}, dirs: map[string]*gitTree{}}
				n.dirs[d] = c
			}
			n = c
		}
		n.files[seg[len(seg)-1]] = data
	}
	root.hash()
	return root
}

// treeEntry is one entry of a git tree.
type treeEntry struct {
	name string
	dir  *gitTree // nil for a file
	data []byte
}

// entries are in git's tree order: by name, a folder's name compared as if
// it ended in "/".
func (t *gitTree) entries() []treeEntry {
	var es []treeEntry
	for n, d := range t.files {
		es = append(es, treeEntry{name: n, data: d})
	}
	for n, c := range t.dirs {
		es = append(es, treeEntry{name: n, dir: c})
	}
	key := func(e treeEntry) string {
		if e.dir != nil {
			return e.name + "/"
		}
		return e.name
	}
	sort.Slice(es, func(i, j int) bool { return key(es[i]) < key(es[j]) })
	return es
}

// hash computes the git object name of t and of every folder below it.
func (t *gitTree) hash() string {
	var body bytes.Buffer
	for _, e := range t.entries() {
		mode, sha := "100644", BlobSHA(e.data)
		if e.dir != nil {
			mode, sha = "40000", e.dir.hash()
		}
		raw, _ := hex.DecodeString(sha)
		fmt.Fprintf(&body, "%s %s\x00", mode, e.name)
		body.Write(raw)
	}
	h := sha1.New()
	fmt.Fprintf(h, "tree %d\x00", body.Len())
	h.Write(body.Bytes())
	t.sha = hex.EncodeToString(h.Sum(nil))
	return t.sha
}

func (t *gitTree) find(sha string) *gitTree {
	if t.sha == sha {
		return t
	}
	for _, c := range t.dirs {
		if f := c.find(sha); f != nil {
			return f
		}
	}
	return nil
}

// commitTree resolves a commit SHA or branch of Trees, or a commit of
// Parents without files (an empty tree).
func (s *Server) commitTree(ref string) (*gitTree, bool) {
	if files, ok := s.Trees[ref]; ok {
		return buildTree(files), true
	}
	if _, ok := s.Parents[ref]; ok {
		return buildTree(nil), true
	}
	return nil, false
}

// getTree serves a tree by its SHA, or the root tree of a commit or branch
// (GitHub resolves a ref to its commit's tree). With recursive (any value)
// the listing has every entry below the tree; either way it stops after
// TreeLimit entries (default 100,000) with truncated: true.
func (s *Server) getTree(w http.ResponseWriter, r *http.Request) reply {
	sha := r.PathValue("sha")
	t, ok := s.commitTree(sha)
	if !ok {
		for _, files := range s.Trees {
			if t = buildTree(files).find(sha); t != nil {
				break
			}
		}
	}
	if t == nil {
		return notFound()
	}
	limit := s.TreeLimit
	if limit <= 0 {
		limit = maxTreeEntries
	}
	_, recursive := r.URL.Query()["recursive"]
	out := []any{}
	truncated := false
	var walk func(t *gitTree, prefix string)
	walk = func(t *gitTree, prefix string) {
		for _, e := range t.entries() {
			if len(out) >= limit {
				truncated = true
				return
			}
			m := map[string]any{"path": prefix + e.name}
			if e.dir != nil {
				m["mode"], m["type"], m["sha"] = "040000", "tree", e.dir.sha
				m["url"] = s.apiBase() + "/git/trees/" + e.dir.sha
			} else {
				m["mode"], m["type"], m["sha"], m["size"] = "100644", "blob", BlobSHA(e.data), len(e.data)
				m["url"] = s.apiBase() + "/git/blobs/" + BlobSHA(e.data)
			}
			out = append(out, m)
			if e.dir != nil && recursive {
				walk(e.dir, prefix+e.name+"/")
			}
		}
	}
	walk(t, "")
	return okJSON(map[string]any{"sha": t.sha, "url": s.apiBase() + "/git/trees/" + t.sha, "tree": out, "truncated": truncated})
}

// ancestors is ref and every commit reachable from it through Parents.
func (s *Server) ancestors(ref string) map[string]bool {
	seen := map[string]bool{}
	stack := []string{ref}
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[c] {
			continue
		}
		seen[c] = true
		stack = append(stack, s.Parents[c]...)
	}
	return seen
}

// topo lists the commits of set reachable from head, parents before
// children (GitHub's "chronological order").
func (s *Server) topo(head string, set map[string]bool) []string {
	var out []string
	done := map[string]bool{}
	var visit func(c string)
	visit = func(c string) {
		if done[c] || !set[c] {
			return
		}
		done[c] = true
		for _, p := range s.Parents[c] {
			visit(p)
		}
		out = append(out, c)
	}
	visit(head)
	return out
}

// compare answers GET /compare/{base}...{head} from Parents (the commit
// graph) and Trees (their files): status, ahead_by, behind_by,
// merge_base_commit, the commits of head not in base (oldest first) and
// the files changed between the merge base and head.
//
// Paging as documented: without page or per_page at most the 250 most
// recent commits; with them, pages of commits, and the files only on page
// 1. Files stop at MaxCompareFiles. Commits without a common ancestor get
// GitHub's 404 "No common ancestor between …".
func (s *Server) compare(w http.ResponseWriter, r *http.Request) reply {
	base, head, ok := strings.Cut(r.PathValue("basehead"), "...")
	if !ok {
		return notFound()
	}
	_, okB := s.commitTree(base)
	headTree, okH := s.commitTree(head)
	if !okB || !okH {
		return notFound()
	}
	ancB, ancH := s.ancestors(base), s.ancestors(head)
	mergeBase := ""
	for _, c := range s.topo(head, ancH) { // oldest first: keep the newest common one
		if ancB[c] {
			mergeBase = c
		}
	}
	if mergeBase == "" {
		return fail(http.StatusNotFound, "No common ancestor between "+base+" and "+head+".")
	}
	ahead := map[string]bool{}
	for c := range ancH {
		if !ancB[c] {
			ahead[c] = true
		}
	}
	behind := 0
	for c := range ancB {
		if !ancH[c] {
			behind++
		}
	}
	status := "diverged"
	switch {
	case len(ahead) == 0 && behind == 0:
		status = "identical"
	case behind == 0:
		status = "ahead"
	case len(ahead) == 0:
		status = "behind"
	}
	commits := s.topo(head, ahead)
	q := r.URL.Query()
	paged := q.Has("page") || q.Has("per_page")
	firstPage := true
	if paged {
		lo, hi := paginate(w, r, len(commits))
		firstPage = lo == 0
		commits = commits[lo:hi]
	} else if len(commits) > maxCompareCommits {
		commits = commits[len(commits)-maxCompareCommits:]
	}
	cs := []any{}
	for _, c := range commits {
		cs = append(cs, s.commitJSON(c))
	}
	files := []any{}
	if firstPage {
		mbTree, _ := s.commitTree(mergeBase)
		files = diffFiles(flatten(mbTree, ""), flatten(headTree, ""))
	}
	return okJSON(map[string]any{
		"url":      s.apiBase() + "/compare/" + base + "..." + head,
		"html_url": s.htmlBase() + "/compare/" + base + "..." + head,
		"status":   status, "ahead_by": len(ahead), "behind_by": behind, "total_commits": len(ahead),
		"base_commit": s.commitJSON(base), "merge_base_commit": s.commitJSON(mergeBase),
		"commits": cs, "files": files,
	})
}

func (s *Server) commitJSON(sha string) map[string]any {
	t, _ := s.commitTree(sha)
	parents := []any{}
	for _, p := range s.Parents[sha] {
		parents = append(parents, map[string]any{"sha": p, "url": s.apiBase() + "/commits/" + p})
	}
	return map[string]any{"sha": sha, "url": s.apiBase() + "/commits/" + sha, "html_url": s.htmlBase() + "/commit/" + sha,
		"commit": map[string]any{"message": "commit " + sha[:min(7, len(sha))],
			"tree": map[string]any{"sha": t.sha, "url": s.apiBase() + "/git/trees/" + t.sha}},
		"parents": parents}
}

// flatten maps every file path below t to its blob SHA.
func flatten(t *gitTree, prefix string) map[string]string {
	out := map[string]string{}
	for _, e := range t.entries() {
		if e.dir != nil {
			for p, sha := range flatten(e.dir, prefix+e.name+"/") {
				out[p] = sha
			}
			continue
		}
		out[prefix+e.name] = BlobSHA(e.data)
	}
	return out
}

// diffFiles lists the files that differ between two trees, in path order,
// at most MaxCompareFiles.
func diffFiles(from, to map[string]string) []any {
	var paths []string
	for p, sha := range to {
		if from[p] != sha {
			paths = append(paths, p)
		}
	}
	for p := range from {
		if _, ok := to[p]; !ok {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	out := []any{}
	for _, p := range paths[:min(len(paths), MaxCompareFiles)] {
		st, sha := "modified", to[p]
		switch {
		case from[p] == "":
			st = "added"
		case sha == "":
			st, sha = "removed", from[p]
		}
		out = append(out, map[string]any{"sha": sha, "filename": p, "status": st,
			"additions": 0, "deletions": 0, "changes": 0})
	}
	return out
}
