package intake

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	gitconfig "github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/transport"
	"github.com/go-git/go-git/v5/plumbing/transport/http"
	"github.com/go-git/go-git/v5/storage/memory"

	"github.com/kominfotik-lampung/warta/pipeline/secret"
)

// Committer is who commits for intake: the workflow's bot; the author is
// the writer.
const (
	committerName  = "github-actions[bot]"
	committerEmail = "41898282+github-actions[bot]@users.noreply.github.com"
	// trailerIssue and trailerBundle mark intake's own commits: the issue
	// they come from and the bundle folder they wrote, so the next run
	// knows what it may replace.
	trailerIssue  = "Warta-Intake: #"
	trailerBundle = "Warta-Bundle: "
)

// ErrForeignCommit is returned by Publish when the branch holds a commit
// that intake did not make (a Kasi's suggestion): intake leaves it alone.
var ErrForeignCommit = errors.New("intake: branch has commits by someone else")

// Remote is origin, read into memory: the base branch and the branch of one
// issue, if it exists. No working tree is touched.
type Remote struct {
	url  string
	auth transport.AuthMethod
	base string
	repo *git.Repository
	now  func() time.Time
}

// OpenRemote fetches the base branch (main) and every naskah/* branch of
// url (a local path or an HTTPS address, with token for HTTPS as GitHub
// Actions does: x-access-token).
func OpenRemote(ctx context.Context, url string, token secret.Secret, base string, now func() time.Time) (*Remote, error) {
	r := &Remote{url: url, base: base, now: now}
	if !token.Empty() && (strings.HasPrefix(url, "https://") || strings.HasPrefix(url, "http://")) {
		r.auth = &http.BasicAuth{Username: "x-access-token", Password: token.Reveal()}
	}
	repo, err := git.Init(memory.NewStorage(), nil)
	if err != nil {
		return nil, fmt.Errorf("intake: init memory repository: %w", err)
	}
	if _, err := repo.CreateRemote(&gitconfig.RemoteConfig{Name: "origin", URLs: []string{url}}); err != nil {
		return nil, fmt.Errorf("intake: remote: %w", err)
	}
	r.repo = repo
	err = repo.FetchContext(ctx, &git.FetchOptions{
		RemoteName: "origin",
		RefSpecs: []gitconfig.RefSpec{
			gitconfig.RefSpec("+refs/heads/" + base + ":refs/remotes/origin/" + base),
			"+refs/heads/naskah/*:refs/remotes/origin/naskah/*",
		},
		Auth:     r.auth,
		Progress: io.Discard,
	})
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
		return nil, fmt.Errorf("intake: fetch %s: %w", base, err)
	}
	if _, err := r.tip(base); err != nil {
		return nil, fmt.Errorf("intake: branch %s not found on origin: %w", base, err)
	}
	return r, nil
}

func (r *Remote) tip(branch string) (*object.Commit, error) {
	ref, err := r.repo.Reference(plumbing.ReferenceName("refs/remotes/origin/"+branch), true)
	if err != nil {
		return nil, err
	}
	return r.repo.CommitObject(ref.Hash())
}

// IssueBranch finds the branch intake made for issue n before
// (naskah/<n>-…), whatever the slug was then; "" when there is none.
func (r *Remote) IssueBranch(n int) string {
	prefix := "refs/remotes/origin/naskah/" + strconv.Itoa(n) + "-"
	refs, err := r.repo.References()
	if err != nil {
		return ""
	}
	var names []string
	_ = refs.ForEach(func(ref *plumbing.Reference) error {
		if s := ref.Name().String(); strings.HasPrefix(s, prefix) {
			names = append(names, strings.TrimPrefix(s, "refs/remotes/origin/"))
		}
		return nil
	})
	sort.Strings(names)
	if len(names) == 0 {
		return ""
	}
	return names[0]
}

// BaseHas reports whether path (a file or folder) exists on the base branch.
func (r *Remote) BaseHas(p string) bool {
	c, err := r.tip(r.base)
	if err != nil {
		return false
	}
	t, err := c.Tree()
	if err != nil {
		return false
	}
	_, err = t.FindEntry(p)
	return err == nil
}

// ours reports whether c is intake's commit for issue n.
func ours(c *object.Commit, n int) bool {
	return c.Committer.Email == committerEmail && hasTrailer(c.Message, trailerIssue+strconv.Itoa(n))
}

func hasTrailer(msg, line string) bool {
	for _, l := range strings.Split(msg, "\n") {
		if strings.TrimSpace(l) == line {
			return true
		}
	}
	return false
}

func trailer(msg, key string) string {
	for _, l := range strings.Split(msg, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(l), key); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// Author is the commit author: the issue's writer.
type Author struct {
	Login string
	ID    int64
}

// Publish commits files (repository path → content) for issue n on
// branch and pushes it. A new branch starts from the base branch; an
// existing one gets a commit on top that replaces the bundle intake wrote
// before (so editing the issue updates the same branch, never by force).
// It returns the commit pushed and whether anything changed.
// ErrForeignCommit: someone else committed on the branch.
func (r *Remote) Publish(ctx context.Context, branch string, n int, dir string, files map[string][]byte, who Author, title string) (plumbing.Hash, bool, error) {
	parent, err := r.tip(r.base)
	if err != nil {
		return plumbing.ZeroHash, false, fmt.Errorf("intake: read %s: %w", r.base, err)
	}
	edits := map[string]*plumbing.Hash{}
	if tip, err := r.tip(branch); err == nil {
		if err := r.onlyOurs(tip, parent, n); err != nil {
			return plumbing.ZeroHash, false, err
		}
		if old := trailer(tip.Message, trailerBundle); old != "" && old != dir {
			edits[old] = nil // the bundle moved (title or date edited)
		}
		parent = tip
	}
	edits[dir] = nil // the bundle is rewritten whole: a removed photo goes
	s := r.repo.Storer
	for p, data := range files {
		o := s.NewEncodedObject()
		o.SetType(plumbing.BlobObject)
		w, err := o.Writer()
		if err != nil {
			return plumbing.ZeroHash, false, fmt.Errorf("intake: write blob: %w", err)
		}
		if _, err := w.Write(data); err != nil {
			return plumbing.ZeroHash, false, fmt.Errorf("intake: write blob: %w", err)
		}
		if err := w.Close(); err != nil {
			return plumbing.ZeroHash, false, fmt.Errorf("intake: write blob: %w", err)
		}
		h, err := s.SetEncodedObject(o)
		if err != nil {
			return plumbing.ZeroHash, false, fmt.Errorf("intake: store blob: %w", err)
		}
		edits[p] = &h
	}
	baseTree, err := parent.Tree()
	if err != nil {
		return plumbing.ZeroHash, false, fmt.Errorf("intake: read tree: %w", err)
	}
	treeHash, err := r.editTree(baseTree, edits)
	if err != nil {
		return plumbing.ZeroHash, false, err
	}
	if treeHash == parent.TreeHash && parent.Hash != r.mustTip(r.base) {
		return parent.Hash, false, nil // the issue was edited without changing the bundle
	}
	now := r.now().UTC()
	c := &object.Commit{
		Author:    object.Signature{Name: who.Login, Email: fmt.Sprintf("%d+%s@users.noreply.github.com", who.ID, who.Login), When: now},
		Committer: object.Signature{Name: committerName, Email: committerEmail, When: now},
		Message: fmt.Sprintf("%s\n\nDari isu #%d (formulir \"Kirim naskah berita\").\n\n%s%d\n%s%s\n",
			title, n, trailerIssue, n, trailerBundle, dir),
		TreeHash:     treeHash,
		ParentHashes: []plumbing.Hash{parent.Hash},
	}
	o := s.NewEncodedObject()
	if err := c.Encode(o); err != nil {
		return plumbing.ZeroHash, false, fmt.Errorf("intake: encode commit: %w", err)
	}
	h, err := s.SetEncodedObject(o)
	if err != nil {
		return plumbing.ZeroHash, false, fmt.Errorf("intake: store commit: %w", err)
	}
	ref := plumbing.ReferenceName("refs/heads/" + branch)
	if err := s.SetReference(plumbing.NewHashReference(ref, h)); err != nil {
		return plumbing.ZeroHash, false, fmt.Errorf("intake: set %s: %w", ref, err)
	}
	// Not forced: if someone pushed meanwhile, the push is refused and the
	// next run (the next edit) sees their commit.
	err = r.repo.PushContext(ctx, &git.PushOptions{
		RemoteName: "origin",
		RefSpecs:   []gitconfig.RefSpec{gitconfig.RefSpec(ref + ":" + ref)},
		Auth:       r.auth,
		Progress:   io.Discard,
	})
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
		if strings.Contains(err.Error(), "non-fast-forward") {
			return plumbing.ZeroHash, false, ErrForeignCommit
		}
		return plumbing.ZeroHash, false, fmt.Errorf("intake: push %s: %w", branch, err)
	}
	return h, true, nil
}

func (r *Remote) mustTip(branch string) plumbing.Hash {
	c, err := r.tip(branch)
	if err != nil {
		return plumbing.ZeroHash
	}
	return c.Hash
}

// onlyOurs walks the branch from tip down to the base branch: every commit
// on the way must be intake's for issue n (first parents; a merge by
// someone else is someone else's commit).
func (r *Remote) onlyOurs(tip, base *object.Commit, n int) error {
	c := tip
	for range 1000 {
		if c.Hash == base.Hash {
			return nil
		}
		if !ours(c, n) {
			if in, err := c.IsAncestor(base); err == nil && in {
				return nil // reached the base branch's history
			}
			return ErrForeignCommit
		}
		if c.NumParents() != 1 {
			return ErrForeignCommit
		}
		p, err := c.Parent(0)
		if err != nil {
			return fmt.Errorf("intake: read parent of %s: %w", c.Hash, err)
		}
		c = p
	}
	return ErrForeignCommit
}

// editTree returns the hash of t with edits applied: a path mapped to a
// blob hash becomes that file, a path mapped to nil (file or folder) is
// removed. Only the folders on the edited paths are rewritten.
func (r *Remote) editTree(t *object.Tree, edits map[string]*plumbing.Hash) (plumbing.Hash, error) {
	here := map[string]*plumbing.Hash{}
	below := map[string]map[string]*plumbing.Hash{}
	for p, h := range edits {
		first, rest, deeper := strings.Cut(p, "/")
		if !deeper {
			here[first] = h
			continue
		}
		if below[first] == nil {
			below[first] = map[string]*plumbing.Hash{}
		}
		below[first][rest] = h
	}
	var entries []object.TreeEntry
	seen := map[string]bool{}
	if t != nil {
		for _, e := range t.Entries {
			seen[e.Name] = true
			if h, ok := here[e.Name]; ok {
				if h != nil && below[e.Name] == nil {
					entries = append(entries, object.TreeEntry{Name: e.Name, Mode: filemode.Regular, Hash: *h})
				}
				if below[e.Name] == nil {
					continue
				}
				// Removed first, then rebuilt from the edits below it.
				sub, err := r.editTree(nil, below[e.Name])
				if err != nil {
					return plumbing.ZeroHash, err
				}
				if !sub.IsZero() {
					entries = append(entries, object.TreeEntry{Name: e.Name, Mode: filemode.Dir, Hash: sub})
				}
				continue
			}
			if sub := below[e.Name]; sub != nil && e.Mode == filemode.Dir {
				st, err := r.repo.TreeObject(e.Hash)
				if err != nil {
					return plumbing.ZeroHash, fmt.Errorf("intake: read tree %s: %w", e.Name, err)
				}
				h, err := r.editTree(st, sub)
				if err != nil {
					return plumbing.ZeroHash, err
				}
				if !h.IsZero() {
					entries = append(entries, object.TreeEntry{Name: e.Name, Mode: filemode.Dir, Hash: h})
				}
				continue
			}
			entries = append(entries, e)
		}
	}
	for name, h := range here {
		if !seen[name] && h != nil {
			entries = append(entries, object.TreeEntry{Name: name, Mode: filemode.Regular, Hash: *h})
		}
	}
	for name, sub := range below {
		if seen[name] {
			continue
		}
		h, err := r.editTree(nil, sub)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		if !h.IsZero() {
			entries = append(entries, object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: h})
		}
	}
	if len(entries) == 0 {
		return plumbing.ZeroHash, nil
	}
	// git's order: names compared as if folders ended in "/".
	key := func(e object.TreeEntry) string {
		if e.Mode == filemode.Dir {
			return e.Name + "/"
		}
		return e.Name
	}
	sort.Slice(entries, func(i, j int) bool { return key(entries[i]) < key(entries[j]) })
	nt := &object.Tree{Entries: entries}
	o := r.repo.Storer.NewEncodedObject()
	if err := nt.Encode(o); err != nil {
		return plumbing.ZeroHash, fmt.Errorf("intake: encode tree: %w", err)
	}
	h, err := r.repo.Storer.SetEncodedObject(o)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("intake: store tree: %w", err)
	}
	return h, nil
}
