package ledger

import (
	"context"
	"errors"
	"fmt"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// ErrNoBranch reports a ledger without its branch: a remote where Read and
// Update find no warta-ledger (never started with Init, or deleted), or a
// local repository that has it neither as a branch nor as origin's
// (nothing was published yet, or the branch was not fetched).
var ErrNoBranch = errors.New("ledger: no " + Branch + " branch")

// ReadLocal reads the entries of File, in file order, from the ledger
// branch of the local git repository at dir (or a parent of it): the local
// branch warta-ledger, else origin's remote-tracking branch (a clone that
// never checked it out). Nothing is fetched; the branch's absence is
// ErrNoBranch, and a line that is not an entry is an error naming it, as
// for Read.
func ReadLocal(ctx context.Context, dir string) ([]Entry, error) {
	repo, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true})
	if err != nil {
		return nil, fmt.Errorf("ledger: open repository %s: %w", dir, err)
	}
	var ref *plumbing.Reference
	for _, name := range []plumbing.ReferenceName{branchRef, trackRef} {
		ref, err = repo.Reference(name, true)
		if err == nil {
			break
		}
		if !errors.Is(err, plumbing.ErrReferenceNotFound) {
			return nil, fmt.Errorf("ledger: read %s: %w", name, err)
		}
	}
	if ref == nil {
		return nil, ErrNoBranch
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	commit, err := repo.CommitObject(ref.Hash())
	if err != nil {
		return nil, fmt.Errorf("ledger: read commit %s of %s: %w", ref.Hash(), ref.Name().Short(), err)
	}
	f, err := commit.File(File)
	if errors.Is(err, object.ErrFileNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("ledger: read %s on %s: %w", File, ref.Name().Short(), err)
	}
	text, err := f.Contents()
	if err != nil {
		return nil, fmt.Errorf("ledger: read %s on %s: %w", File, ref.Name().Short(), err)
	}
	_, entries, err := Parse(text)
	return entries, err
}
