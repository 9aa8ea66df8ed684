package ledger

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
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

	"github.com/kominfotik-lampung/warta/pipeline/internal/retry"
	"github.com/kominfotik-lampung/warta/pipeline/secret"
)

// ErrConflict is returned by Update when every compare-and-swap attempt
// lost the race against other writers.
var ErrConflict = errors.New("ledger: too many concurrent updates")

// ErrBranchExists is returned by Init when the ledger branch is already
// there: starting it again would throw its history away.
var ErrBranchExists = errors.New("ledger: " + Branch + " branch exists already")

const (
	remoteName = "origin"
	branchRef  = plumbing.ReferenceName("refs/heads/" + Branch)
	trackRef   = plumbing.ReferenceName("refs/remotes/" + remoteName + "/" + Branch)
)

// Ledger reads and appends ledger.jsonl on the branch warta-ledger of one
// remote. It works on an in-memory clone of just that branch, so no working
// tree is ever touched. A Ledger is not safe for concurrent use; two Ledgers
// (two processes) on the same remote are, through compare-and-swap pushes.
type Ledger struct {
	url      string
	auth     transport.AuthMethod
	log      *slog.Logger
	now      func() time.Time
	attempts int
	name     string
	email    string
	repo     *git.Repository
}

// Option tunes New.
type Option func(*Ledger)

// WithToken authenticates HTTPS remotes as GitHub Actions does
// (x-access-token + GITHUB_TOKEN). It is ignored for local paths.
func WithToken(token secret.Secret) Option {
	return func(l *Ledger) {
		if token.Empty() || !(strings.HasPrefix(l.url, "https://") || strings.HasPrefix(l.url, "http://")) {
			return
		}
		l.auth = &http.BasicAuth{Username: "x-access-token", Password: token.Reveal()}
	}
}

// WithLogger sets the maintainers' logger (default: discard).
func WithLogger(log *slog.Logger) Option { return func(l *Ledger) { l.log = log } }

// WithClock sets the clock used for commit times (default time.Now).
func WithClock(now func() time.Time) Option { return func(l *Ledger) { l.now = now } }

// WithAttempts bounds the compare-and-swap retries of one Update (default 12).
func WithAttempts(n int) Option { return func(l *Ledger) { l.attempts = max(n, 1) } }

// WithAuthor sets the commit author (default github-actions[bot]).
func WithAuthor(name, email string) Option {
	return func(l *Ledger) { l.name, l.email = name, email }
}

// New returns a Ledger on the remote url: a local path to a repository or an
// HTTPS address. Nothing is fetched until Read or Update.
func New(url string, opts ...Option) (*Ledger, error) {
	l := &Ledger{
		url:      url,
		log:      slog.New(slog.DiscardHandler),
		now:      time.Now,
		attempts: 12,
		name:     "github-actions[bot]",
		email:    "41898282+github-actions[bot]@users.noreply.github.com",
	}
	for _, o := range opts {
		o(l)
	}
	repo, err := git.Init(memory.NewStorage(), nil)
	if err != nil {
		return nil, fmt.Errorf("ledger: init memory repository: %w", err)
	}
	if _, err := repo.CreateRemote(&gitconfig.RemoteConfig{Name: remoteName, URLs: []string{url}}); err != nil {
		return nil, fmt.Errorf("ledger: remote: %w", err)
	}
	l.repo = repo
	return l, nil
}

// Read fetches the branch and returns its entries in file order. A missing
// branch is ErrNoBranch, never an empty ledger: an empty ledger would mean
// "post everything again" (Init starts the branch on purpose).
func (l *Ledger) Read(ctx context.Context) ([]Entry, error) {
	tip, err := l.fetch(ctx)
	if err != nil {
		return nil, err
	}
	if tip.IsZero() {
		return nil, ErrNoBranch
	}
	_, entries, err := l.load(tip)
	return entries, err
}

// Init starts the ledger: it pushes the branch as an orphan commit holding
// an empty File. It is for the very first publication only and returns
// ErrBranchExists when the branch is there already (also when another
// writer created it meanwhile).
func (l *Ledger) Init(ctx context.Context) error {
	tip, err := l.fetch(ctx)
	if err != nil {
		return err
	}
	if !tip.IsZero() {
		return ErrBranchExists
	}
	commit, err := l.commit(plumbing.ZeroHash, nil, "ledger: mulai\n")
	if err != nil {
		return err
	}
	if err := l.push(ctx, commit); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if lost, ferr := l.lostRace(ctx, err, plumbing.ZeroHash); ferr == nil && lost {
			return ErrBranchExists
		}
		return fmt.Errorf("ledger: push %s: %w", Branch, err)
	}
	return nil
}

// Append adds entries to the ledger (lines already present are not
// repeated), retrying on concurrent updates.
func (l *Ledger) Append(ctx context.Context, entries ...Entry) error {
	_, err := l.Update(ctx, func([]Entry) []Entry { return entries })
	return err
}

// Update is a compare-and-swap append: decide gets the current entries and
// returns those to add (none: nothing is written). When another writer
// pushed first, the branch is fetched again and decide asked again with the
// merged view, so a decision is never based on a stale ledger. It returns
// the entries written. A missing branch is ErrNoBranch: a branch deleted
// while a run posts is not silently started again with one line.
func (l *Ledger) Update(ctx context.Context, decide func(current []Entry) []Entry) ([]Entry, error) {
	// A little random pause keeps racing writers from colliding again.
	pauses := retry.Policy{Attempts: l.attempts, Base: 50 * time.Millisecond, MaxDelay: 500 * time.Millisecond,
		Jitter: retry.FullJitter}
	for attempt := 1; ; attempt++ {
		tip, err := l.fetch(ctx)
		if err != nil {
			return nil, err
		}
		if tip.IsZero() {
			return nil, ErrNoBranch
		}
		lines, entries, err := l.load(tip)
		if err != nil {
			return nil, err
		}
		add := decide(entries)
		if len(add) == 0 {
			return nil, nil
		}
		merged, added, err := union(lines, add)
		if err != nil {
			return nil, err
		}
		if len(added) == 0 {
			return nil, nil
		}
		commit, err := l.commit(tip, merged, fmt.Sprintf("ledger: %d baris\n", len(added)))
		if err != nil {
			return nil, err
		}
		err = l.push(ctx, commit)
		if err == nil {
			l.log.Debug("ledger updated", "lines", len(added), "attempt", attempt)
			return added, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		lost, ferr := l.lostRace(ctx, err, tip)
		if ferr != nil {
			return nil, ferr
		}
		if !lost {
			return nil, fmt.Errorf("ledger: push %s: %w", Branch, err)
		}
		pause, ok := pauses.Wait(attempt, 0, 0)
		if !ok {
			return nil, ErrConflict
		}
		l.log.Info("ledger push lost a race; merging and retrying", "attempt", attempt, "wait", pause)
		if err := retry.Sleep(ctx, pause); err != nil {
			return nil, err
		}
	}
}

// fetch brings the remote branch into memory and returns its tip (zero when
// the branch does not exist yet).
func (l *Ledger) fetch(ctx context.Context) (plumbing.Hash, error) {
	err := l.repo.FetchContext(ctx, &git.FetchOptions{
		RemoteName: remoteName,
		RefSpecs:   []gitconfig.RefSpec{gitconfig.RefSpec("+" + branchRef + ":" + trackRef)},
		Auth:       l.auth,
		Force:      true,
		Tags:       git.NoTags,
	})
	switch {
	case err == nil, errors.Is(err, git.NoErrAlreadyUpToDate):
	case errors.Is(err, git.NoMatchingRefSpecError{}), errors.Is(err, transport.ErrEmptyRemoteRepository):
		// The branch (or the whole repository) is empty: forget any earlier tip.
		_ = l.repo.Storer.RemoveReference(trackRef)
		return plumbing.ZeroHash, nil
	default:
		return plumbing.ZeroHash, fmt.Errorf("ledger: fetch %s: %w", Branch, err)
	}
	ref, err := l.repo.Reference(trackRef, true)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("ledger: fetch %s: %w", Branch, err)
	}
	return ref.Hash(), nil
}

// load returns the raw lines and decoded entries of File at tip.
func (l *Ledger) load(tip plumbing.Hash) ([]string, []Entry, error) {
	if tip.IsZero() {
		return nil, nil, nil
	}
	c, err := l.repo.CommitObject(tip)
	if err != nil {
		return nil, nil, fmt.Errorf("ledger: read commit %s: %w", tip, err)
	}
	f, err := c.File(File)
	if errors.Is(err, object.ErrFileNotFound) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("ledger: read %s: %w", File, err)
	}
	text, err := f.Contents()
	if err != nil {
		return nil, nil, fmt.Errorf("ledger: read %s: %w", File, err)
	}
	return Parse(text)
}

// Parse splits ledger.jsonl text into lines and entries; blank lines are
// skipped, a line that is not an Entry is an error naming its number.
func Parse(text string) ([]string, []Entry, error) {
	var lines []string
	var entries []Entry
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		var e Entry
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			return nil, nil, fmt.Errorf("ledger: %s:%d: %w", File, i+1, err)
		}
		lines = append(lines, line)
		entries = append(entries, e)
	}
	return lines, entries, nil
}

// union appends the lines of add not already in lines: the ledger is a set
// of lines in a stable order (first seen first).
func union(lines []string, add []Entry) (merged []string, added []Entry, err error) {
	seen := make(map[string]bool, len(lines)+len(add))
	for _, s := range lines {
		seen[s] = true
	}
	merged = append(merged, lines...)
	for _, e := range add {
		e.Time = e.Time.UTC()
		b, err := json.Marshal(e)
		if err != nil {
			return nil, nil, fmt.Errorf("ledger: encode entry: %w", err)
		}
		if seen[string(b)] {
			continue
		}
		seen[string(b)] = true
		merged = append(merged, string(b))
		added = append(added, e)
	}
	return merged, added, nil
}

// commit writes a commit on parent (none: an orphan root commit) whose tree
// is parent's with File replaced by lines, and returns its hash.
func (l *Ledger) commit(parent plumbing.Hash, lines []string, message string) (plumbing.Hash, error) {
	s := l.repo.Storer
	var buf bytes.Buffer
	for _, line := range lines {
		buf.WriteString(line)
		buf.WriteByte('\n')
	}
	blob := s.NewEncodedObject()
	blob.SetType(plumbing.BlobObject)
	if err := writeAll(blob, buf.Bytes()); err != nil {
		return plumbing.ZeroHash, err
	}
	blobHash, err := s.SetEncodedObject(blob)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("ledger: store blob: %w", err)
	}

	tree := &object.Tree{}
	var parents []plumbing.Hash
	if !parent.IsZero() {
		parents = []plumbing.Hash{parent}
		pc, err := l.repo.CommitObject(parent)
		if err != nil {
			return plumbing.ZeroHash, fmt.Errorf("ledger: read commit %s: %w", parent, err)
		}
		pt, err := pc.Tree()
		if err != nil {
			return plumbing.ZeroHash, fmt.Errorf("ledger: read tree: %w", err)
		}
		for _, te := range pt.Entries {
			if te.Name != File {
				tree.Entries = append(tree.Entries, te)
			}
		}
	}
	tree.Entries = append(tree.Entries, object.TreeEntry{Name: File, Mode: filemode.Regular, Hash: blobHash})
	sortTree(tree.Entries)
	to := s.NewEncodedObject()
	if err := tree.Encode(to); err != nil {
		return plumbing.ZeroHash, fmt.Errorf("ledger: encode tree: %w", err)
	}
	treeHash, err := s.SetEncodedObject(to)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("ledger: store tree: %w", err)
	}

	sig := object.Signature{Name: l.name, Email: l.email, When: l.now().UTC()}
	c := &object.Commit{
		Author:       sig,
		Committer:    sig,
		Message:      message,
		TreeHash:     treeHash,
		ParentHashes: parents,
	}
	co := s.NewEncodedObject()
	if err := c.Encode(co); err != nil {
		return plumbing.ZeroHash, fmt.Errorf("ledger: encode commit: %w", err)
	}
	h, err := s.SetEncodedObject(co)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("ledger: store commit: %w", err)
	}
	return h, nil
}

// sortTree orders entries as git does (names compared with a trailing "/"
// for trees); the ledger tree is tiny, so insertion sort will do.
func sortTree(es []object.TreeEntry) {
	key := func(e object.TreeEntry) string {
		if e.Mode == filemode.Dir {
			return e.Name + "/"
		}
		return e.Name
	}
	for i := 1; i < len(es); i++ {
		for j := i; j > 0 && key(es[j]) < key(es[j-1]); j-- {
			es[j], es[j-1] = es[j-1], es[j]
		}
	}
}

func writeAll(o plumbing.EncodedObject, data []byte) error {
	w, err := o.Writer()
	if err != nil {
		return fmt.Errorf("ledger: write object: %w", err)
	}
	if _, err := w.Write(data); err != nil {
		w.Close()
		return fmt.Errorf("ledger: write object: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("ledger: write object: %w", err)
	}
	return nil
}

// push sends commit to the remote branch with a refspec that is not forced:
// go-git refuses a non-fast-forward update and the server refuses an update
// whose old value moved meanwhile, which makes the push a compare-and-swap.
func (l *Ledger) push(ctx context.Context, commit plumbing.Hash) error {
	if err := l.repo.Storer.SetReference(plumbing.NewHashReference(branchRef, commit)); err != nil {
		return fmt.Errorf("ledger: set %s: %w", branchRef, err)
	}
	err := l.repo.PushContext(ctx, &git.PushOptions{
		RemoteName: remoteName,
		RefSpecs:   []gitconfig.RefSpec{gitconfig.RefSpec(branchRef + ":" + branchRef)},
		Auth:       l.auth,
		Progress:   io.Discard,
	})
	if err == nil || errors.Is(err, git.NoErrAlreadyUpToDate) {
		return nil
	}
	return err
}

// lostRace tells a rejected compare-and-swap from any other push failure:
// go-git words a rejection "non-fast-forward" (errors.Is with
// git.ErrNonFastForwardUpdate does not match it), a server that saw the
// branch move answers "failed to update ref" or similar, so after any push
// error the branch is fetched again: a tip other than ours means we lost.
func (l *Ledger) lostRace(ctx context.Context, pushErr error, base plumbing.Hash) (bool, error) {
	if strings.Contains(pushErr.Error(), "non-fast-forward") {
		return true, nil
	}
	tip, err := l.fetch(ctx)
	if err != nil {
		return false, err
	}
	return tip != base, nil
}
