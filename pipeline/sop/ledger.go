package sop

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/kominfotik-lampung/warta/pipeline/ledger"
)

// ErrNoLedger reports a repository without the ledger branch: nothing was
// published yet, or the branch was not fetched.
var ErrNoLedger = errors.New("sop: no ledger branch")

// ReadLedger reads ledger.jsonl from the ledger branch of the git
// repository at dir (or a parent of it): the local branch warta-ledger, else
// origin's (a clone that never checked the branch out). The branch's
// absence is ErrNoLedger; a line that is not an entry is an error, as for
// the ledger package itself.
func ReadLedger(ctx context.Context, dir string) ([]ledger.Entry, error) {
	repo, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true})
	if err != nil {
		return nil, fmt.Errorf("sop: open repository %s: %w", dir, err)
	}
	var ref *plumbing.Reference
	for _, name := range []plumbing.ReferenceName{
		plumbing.NewBranchReferenceName(ledger.Branch),
		plumbing.NewRemoteReferenceName("origin", ledger.Branch),
	} {
		if ref, err = repo.Reference(name, true); err == nil {
			break
		}
	}
	if ref == nil {
		return nil, ErrNoLedger
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	commit, err := repo.CommitObject(ref.Hash())
	if err != nil {
		return nil, fmt.Errorf("sop: ledger commit %s: %w", ref.Hash(), err)
	}
	f, err := commit.File(ledger.File)
	if errors.Is(err, object.ErrFileNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sop: read %s on %s: %w", ledger.File, ref.Name().Short(), err)
	}
	rd, err := f.Reader()
	if err != nil {
		return nil, fmt.Errorf("sop: read %s: %w", ledger.File, err)
	}
	defer rd.Close()
	data, err := io.ReadAll(rd)
	if err != nil {
		return nil, fmt.Errorf("sop: read %s: %w", ledger.File, err)
	}
	_, entries, err := ledger.Parse(string(data))
	return entries, err
}
