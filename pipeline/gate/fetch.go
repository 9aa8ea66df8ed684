package gate

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/google/go-github/v60/github"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/config"
	"github.com/kominfotik-lampung/warta/pipeline/content"
	"github.com/kominfotik-lampung/warta/pipeline/ghclient"
)

// Limits on what the gate reads of a PR, so a huge PR cannot exhaust the
// runner or the rate limit.
const (
	maxBundleFiles = 300
	maxBundleBytes = 64 << 20
	maxDirDepth    = 3
)

// bundleOf maps a changed content path to what must be fetched with it: the
// article's bundle folder (every sibling file, photos included) or, for any
// other path, the file alone.
func bundleOf(p string) (dir string, isDir bool) {
	seg := strings.Split(p, "/")
	if len(seg) >= 6 && seg[0] == content.Dir && seg[1] == "berita" {
		return strings.Join(seg[:5], "/"), true
	}
	return p, false
}

// loadContent fetches the PR's content bundles at the head commit through
// the API into a temporary folder and runs the content checks on it. The PR
// is never checked out: its files are data, never code, and they are
// written through an os.Root, so no path the PR names leaves the folder.
func loadContent(ctx context.Context, c *github.Client, owner, repo string, v *Verdict, cfg *config.Config) error {
	tmp, err := os.MkdirTemp("", "warta-gate-")
	if err != nil {
		return fmt.Errorf("gate: temporary folder: %w", err)
	}
	defer os.RemoveAll(tmp)
	root, err := os.OpenRoot(tmp)
	if err != nil {
		return fmt.Errorf("gate: temporary folder: %w", err)
	}
	defer root.Close()
	f := &fetcher{c: c, owner: owner, repo: repo, ref: v.HeadSHA, root: root}
	seen := map[string]bool{}
	var targets []string
	for _, p := range v.ContentFiles {
		t, _ := bundleOf(p)
		if !seen[t] {
			seen[t] = true
			targets = append(targets, t)
		}
	}
	sort.Strings(targets)
	for _, t := range targets {
		if err := f.get(ctx, t, 0); err != nil {
			return err
		}
		if f.over {
			v.ContentNote = fmt.Sprintf("PR terlalu besar: hanya %d berkas (%d MB) pertama di content/ yang diperiksa", f.files, f.bytes>>20)
			break
		}
	}
	if f.files == 0 {
		v.ContentNote = "semua berkas content/ yang diubah PR ini dihapus; tidak ada naskah untuk diperiksa"
		return nil
	}
	set, probs, err := content.Load(ctx, root.FS(), cfg, content.Options{Inspect: true})
	if err != nil {
		return fmt.Errorf("gate: check content of #%d: %w", v.PR, err)
	}
	v.Articles = set.Articles
	v.Problems = probs
	seenIssue := map[int]bool{}
	for _, a := range set.Articles {
		if a.Assignment > 0 && !seenIssue[a.Assignment] {
			seenIssue[a.Assignment] = true
			v.Assignments = append(v.Assignments, a.Assignment)
		}
	}
	sort.Ints(v.Assignments)
	return nil
}

type fetcher struct {
	c                *github.Client
	owner, repo, ref string
	root             *os.Root // where fetched files are written
	files            int
	bytes            int
	over             bool
}

// get fetches p (a file or folder) at f.ref; a 404 means the PR deleted it.
func (f *fetcher) get(ctx context.Context, p string, depth int) error {
	if f.over {
		return nil
	}
	// GitHub docs: https://docs.github.com/rest/repos/contents#get-repository-content
	file, dir, _, err := f.c.Repositories.GetContents(ctx, f.owner, f.repo, p, &github.RepositoryContentGetOptions{Ref: f.ref})
	if err != nil {
		if ghclient.IsNotFound(err) {
			return nil
		}
		return fmt.Errorf("gate: read %s at %s: %w", p, short(f.ref), err)
	}
	if file != nil {
		return f.blob(ctx, file)
	}
	for _, e := range dir {
		switch e.GetType() {
		case "file":
			if err := f.blob(ctx, e); err != nil {
				return err
			}
		case "dir":
			if depth < maxDirDepth {
				if err := f.get(ctx, e.GetPath(), depth+1); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// blob reads one file by its blob SHA: the blobs API serves files of any
// size, where the contents API stops at 1 MB.
func (f *fetcher) blob(ctx context.Context, e *github.RepositoryContent) error {
	p := path.Clean(e.GetPath())
	if !strings.HasPrefix(p, content.Dir+"/") || e.GetType() != "file" {
		return nil
	}
	if f.files+1 > maxBundleFiles || f.bytes+e.GetSize() > maxBundleBytes {
		f.over = true
		return nil
	}
	// GitHub docs: https://docs.github.com/rest/git/blobs#get-a-blob
	data, _, err := f.c.Git.GetBlobRaw(ctx, f.owner, f.repo, e.GetSHA())
	if err != nil {
		return fmt.Errorf("gate: read blob of %s: %w", p, err)
	}
	name := filepath.FromSlash(p)
	if err := f.root.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return fmt.Errorf("gate: store %s: %w", p, err)
	}
	if err := f.root.WriteFile(name, data, 0o644); err != nil {
		return fmt.Errorf("gate: store %s: %w", p, err)
	}
	f.files++
	f.bytes += len(data)
	return nil
}

// problemsText formats problems as `warta check` prints them.
func problemsText(ps []article.Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.String())
		b.WriteByte('\n')
	}
	return b.String()
}
