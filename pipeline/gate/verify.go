package gate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/google/go-github/v60/github"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/config"
	"github.com/kominfotik-lampung/warta/pipeline/content"
)

// Verifier is the approval re-check of `warta publish`: right before an
// article is posted, it finds the pull request that merged the article's
// latest change and evaluates the gate on it again (read only). Its Verify
// has the shape of publish.Verifier, which cli hands it to; gate does not
// import publish. It remembers each article's PR for the comment with the
// links. A Verifier is safe for concurrent use.
type Verifier struct {
	checkout    *git.Repository
	gh          *github.Client
	owner, repo string
	cfg         *config.Config

	mu  sync.Mutex
	prs map[string]int
}

// NewVerifier returns a Verifier that reads history from checkout (a clone
// with full history) and pull requests of owner/repo through gh.
func NewVerifier(checkout *git.Repository, gh *github.Client, owner, repo string, cfg *config.Config) *Verifier {
	return &Verifier{checkout: checkout, gh: gh, owner: owner, repo: repo, cfg: cfg, prs: map[string]int{}}
}

// Verify reports whether article a went through the SOP: ok when the merged
// PR of its latest change passes the gate; otherwise reason says why in
// Bahasa Indonesia. err means it could not tell (git or GitHub failed).
func (v *Verifier) Verify(ctx context.Context, a *article.Article) (ok bool, reason string, err error) {
	sha, err := latestCommit(v.checkout, a.Dir())
	if err != nil {
		return false, "", err
	}
	if sha == "" {
		return false, fmt.Sprintf("riwayat git %s tidak ditemukan (checkout perlu fetch-depth: 0)", a.Dir()), nil
	}
	return v.verifyCommit(ctx, a, sha, "perubahan terakhir "+a.Dir())
}

// VerifyCorrection reports whether correction n (1-based) of a went
// through the SOP: the commit that added it (the oldest commit of a.File
// from which on its `corrections` list has n entries) must have come
// through a merged PR that passes the gate. Verify is not enough: the
// latest change may be a later PR that did not show the entry as new.
func (v *Verifier) VerifyCorrection(ctx context.Context, a *article.Article, n int) (ok bool, reason string, err error) {
	what := fmt.Sprintf("ralat ke-%d %s", n, a.File)
	sha, err := addingCommit(ctx, v.checkout, a.File, v.cfg, func(old *article.Article) bool { return len(old.Corrections) >= n })
	if err != nil {
		return false, "", err
	}
	if sha == "" {
		return false, fmt.Sprintf("commit yang menambahkan %s tidak ditemukan di riwayat git (checkout perlu fetch-depth: 0)", what), nil
	}
	return v.verifyCommit(ctx, a, sha, what)
}

// VerifyRetraction reports whether the commit that added a's `retraction`
// came through a merged PR that passes the gate.
func (v *Verifier) VerifyRetraction(ctx context.Context, a *article.Article) (ok bool, reason string, err error) {
	what := "pencabutan " + a.File
	sha, err := addingCommit(ctx, v.checkout, a.File, v.cfg, func(old *article.Article) bool { return old.Retracted() })
	if err != nil {
		return false, "", err
	}
	if sha == "" {
		return false, fmt.Sprintf("commit yang menambahkan %s tidak ditemukan di riwayat git (checkout perlu fetch-depth: 0)", what), nil
	}
	return v.verifyCommit(ctx, a, sha, what)
}

// verifyCommit finds the merged PR of sha, which made the change what, and
// evaluates the gate on it.
func (v *Verifier) verifyCommit(ctx context.Context, a *article.Article, sha, what string) (ok bool, reason string, err error) {
	// GitHub docs: https://docs.github.com/rest/commits/commits#list-pull-requests-associated-with-a-commit
	prs, _, err := v.gh.PullRequests.ListPullRequestsWithCommit(ctx, v.owner, v.repo, sha, &github.ListOptions{PerPage: 100})
	if err != nil {
		return false, "", fmt.Errorf("gate: list pull requests of %s: %w", sha, err)
	}
	pr := 0
	for _, p := range prs {
		if p.MergedAt != nil {
			pr = p.GetNumber()
			break
		}
	}
	if pr == 0 {
		return false, fmt.Sprintf("%s (commit %.7s) tidak masuk lewat pull request yang digabung", what, sha), nil
	}
	verdict, err := Evaluate(ctx, v.gh, v.owner, v.repo, pr, v.cfg)
	var und *UndecidedError
	if errors.As(err, &und) {
		v.remember(a.ID, pr)
		return false, fmt.Sprintf("PR #%d tidak dapat dinilai ulang: %s", pr, und.Reason), nil
	}
	if err != nil {
		return false, "", err
	}
	v.remember(a.ID, pr)
	if verdict.State != Success {
		return false, fmt.Sprintf("PR #%d belum lolos gerbang SOP: %s", pr, verdict.Description), nil
	}
	return true, "", nil
}

func (v *Verifier) remember(id string, pr int) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.prs[id] = pr
}

// PR is the pull request Verify found for the article with id, or 0.
func (v *Verifier) PR(id string) int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.prs[id]
}

// latestCommit is the newest commit on HEAD that changed something below
// dir, or "" when none did.
func latestCommit(repo *git.Repository, dir string) (string, error) {
	head, err := repo.Head()
	if err != nil {
		return "", fmt.Errorf("gate: read HEAD: %w", err)
	}
	prefix := dir + "/"
	iter, err := repo.Log(&git.LogOptions{From: head.Hash(), PathFilter: func(p string) bool { return strings.HasPrefix(p, prefix) }})
	if err != nil {
		return "", fmt.Errorf("gate: git log %s: %w", dir, err)
	}
	defer iter.Close()
	c, err := iter.Next()
	if errors.Is(err, io.EOF) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("gate: git log %s: %w", dir, err)
	}
	return c.Hash.String(), nil
}

// addingCommit is the commit on HEAD that made has true for file: walking
// the commits that changed file from the newest, the last one whose
// version of file still has it, before one (or the file's creation) that
// does not. "" when HEAD's own version does not have it. Each version is
// read with content.LoadFile, without the photos beside it (their problems
// do not matter here).
func addingCommit(ctx context.Context, repo *git.Repository, file string, cfg *config.Config, has func(*article.Article) bool) (string, error) {
	head, err := repo.Head()
	if err != nil {
		return "", fmt.Errorf("gate: read HEAD: %w", err)
	}
	iter, err := repo.Log(&git.LogOptions{From: head.Hash(), PathFilter: func(p string) bool { return p == file }})
	if err != nil {
		return "", fmt.Errorf("gate: git log %s: %w", file, err)
	}
	defer iter.Close()
	found := ""
	for {
		c, err := iter.Next()
		if errors.Is(err, io.EOF) {
			return found, nil
		}
		if err != nil {
			return "", fmt.Errorf("gate: git log %s: %w", file, err)
		}
		f, err := c.File(file)
		if errors.Is(err, object.ErrFileNotFound) {
			return found, nil
		}
		if err != nil {
			return "", fmt.Errorf("gate: read %s at %s: %w", file, c.Hash, err)
		}
		text, err := f.Contents()
		if err != nil {
			return "", fmt.Errorf("gate: read %s at %s: %w", file, c.Hash, err)
		}
		set, _, err := content.LoadFiles(ctx, map[string][]byte{file: []byte(text)}, cfg, content.Options{})
		if err != nil {
			return "", fmt.Errorf("gate: read %s at %s: %w", file, c.Hash, err)
		}
		if len(set.Articles) == 0 || !has(set.Articles[0]) {
			return found, nil
		}
		found = c.Hash.String()
	}
}
