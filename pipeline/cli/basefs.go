package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/kominfotik-lampung/warta/pipeline/content"
)

// openBase opens the repository holding root (root itself or a parent
// folder) and returns the files of root as they are at rev (a branch, tag,
// remote branch such as origin/main, or commit), read with go-git, and
// work (root's files) able to tell blob ids from the git index. The third
// value is the commit rev names.
func openBase(root, rev string, work fs.FS) (base, cur fs.FS, commit plumbing.Hash, err error) {
	base, commit, repo, prefix, err := openTree(root, rev)
	if err != nil {
		return nil, nil, commit, err
	}
	return base, indexedFS(repo, prefix, work), commit, nil
}

func openTree(root, rev string) (fs.FS, plumbing.Hash, *git.Repository, string, error) {
	repo, err := git.PlainOpenWithOptions(root, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		return nil, plumbing.ZeroHash, nil, "", fmt.Errorf("open repository: %w", err)
	}
	h, err := repo.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return nil, plumbing.ZeroHash, nil, "", fmt.Errorf("resolve %s: %w", rev, err)
	}
	c, err := repo.CommitObject(*h)
	if err != nil {
		return nil, plumbing.ZeroHash, nil, "", fmt.Errorf("read commit %s: %w", h, err)
	}
	tree, err := c.Tree()
	if err != nil {
		return nil, plumbing.ZeroHash, nil, "", fmt.Errorf("read tree of %s: %w", h, err)
	}
	// root may be a folder inside the work tree: read the same folder.
	prefix := ""
	if wt, err := repo.Worktree(); err == nil {
		top, err1 := filepath.Abs(wt.Filesystem.Root())
		abs, err2 := filepath.Abs(root)
		if rel, err3 := filepath.Rel(top, abs); errors.Join(err1, err2, err3) == nil && rel != "." && filepath.IsLocal(rel) {
			prefix = filepath.ToSlash(rel) + "/"
			if tree, err = tree.Tree(filepath.ToSlash(rel)); err != nil {
				return nil, plumbing.ZeroHash, nil, "", fmt.Errorf("read %s at %s: %w", rel, h, err)
			}
		}
	}
	return treeFS{tree}, *h, repo, prefix, nil
}

// indexedFS wraps work, the files below prefix of repo's work tree, so it
// tells a file's blob id from the git index when the file's size and time
// are the ones the index recorded (as git itself trusts them), and hashes
// the file otherwise. An entry written in the same second as the index
// file may have changed unseen ("racily clean"), so it is hashed too.
// Without a readable index, every id is hashed.
func indexedFS(repo *git.Repository, prefix string, work fs.FS) fs.FS {
	w := workFS{FS: work}
	idx, err := repo.Storer.Index()
	if err != nil {
		return w
	}
	wt, err := repo.Worktree()
	if err != nil {
		return w
	}
	st, err := os.Stat(filepath.Join(wt.Filesystem.Root(), git.GitDirName, "index"))
	if err != nil {
		return w // a linked work tree keeps its index elsewhere: hash
	}
	w.entries = map[string]*index.Entry{}
	for _, e := range idx.Entries {
		if e.Stage == index.Merged && strings.HasPrefix(e.Name, prefix) && e.ModifiedAt.Before(st.ModTime().Truncate(time.Second)) {
			w.entries[strings.TrimPrefix(e.Name, prefix)] = e
		}
	}
	return w
}

// workFS is the work tree with blob ids (see indexedFS).
type workFS struct {
	fs.FS
	entries map[string]*index.Entry // trusted index entries by path below the root
}

var _ content.GitBlobFS = workFS{}

// GitBlobID implements content.GitBlobFS.
func (w workFS) GitBlobID(name string) (plumbing.Hash, error) {
	if e := w.entries[name]; e != nil {
		if st, err := fs.Stat(w.FS, name); err == nil && st.Mode().IsRegular() &&
			st.Size() == int64(e.Size) && st.ModTime().Equal(e.ModifiedAt) {
			return e.Hash, nil
		}
	}
	data, err := fs.ReadFile(w.FS, name)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return plumbing.ComputeHash(plumbing.BlobObject, data), nil
}

// treeFS is a git tree as a read-only fs.FS. It also tells each file's
// blob id, so content.CheckHistory compares photos without reading them.
type treeFS struct{ tree *object.Tree }

var _ content.GitBlobFS = treeFS{}

func (t treeFS) entry(op, name string) (*object.TreeEntry, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return &object.TreeEntry{Name: ".", Mode: filemode.Dir, Hash: t.tree.Hash}, nil
	}
	e, err := t.tree.FindEntry(name)
	if err != nil {
		return nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
	}
	return e, nil
}

// Open implements fs.FS.
func (t treeFS) Open(name string) (fs.File, error) {
	e, err := t.entry("open", name)
	if err != nil {
		return nil, err
	}
	if e.Mode == filemode.Dir {
		sub := t.tree
		if name != "." {
			if sub, err = t.tree.Tree(name); err != nil {
				return nil, &fs.PathError{Op: "open", Path: name, Err: err}
			}
		}
		return &treeDir{info: entryInfo{name: path.Base(name), mode: fs.ModeDir | 0o555}, tree: sub}, nil
	}
	if !e.Mode.IsFile() {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist} // a submodule
	}
	f, err := t.tree.TreeEntryFile(e)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	r, err := f.Reader()
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &treeFile{info: entryInfo{name: path.Base(name), size: f.Size, mode: 0o444}, rc: r}, nil
}

// ReadDir implements fs.ReadDirFS: entries sorted by name.
func (t treeFS) ReadDir(name string) ([]fs.DirEntry, error) {
	f, err := t.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d, ok := f.(*treeDir)
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a directory")}
	}
	return d.ReadDir(-1)
}

// GitBlobID implements content.GitBlobFS.
func (t treeFS) GitBlobID(name string) (plumbing.Hash, error) {
	e, err := t.entry("stat", name)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if !e.Mode.IsFile() {
		return plumbing.ZeroHash, &fs.PathError{Op: "stat", Path: name, Err: errors.New("not a file")}
	}
	return e.Hash, nil
}

type entryInfo struct {
	name string
	size int64
	mode fs.FileMode
}

func (i entryInfo) Name() string       { return i.name }
func (i entryInfo) Size() int64        { return i.size }
func (i entryInfo) Mode() fs.FileMode  { return i.mode }
func (i entryInfo) ModTime() time.Time { return time.Time{} }
func (i entryInfo) IsDir() bool        { return i.mode.IsDir() }
func (i entryInfo) Sys() any           { return nil }

type treeFile struct {
	info entryInfo
	rc   io.ReadCloser
}

func (f *treeFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *treeFile) Read(p []byte) (int, error) { return f.rc.Read(p) }
func (f *treeFile) Close() error               { return f.rc.Close() }

type treeDir struct {
	info    entryInfo
	tree    *object.Tree
	entries []fs.DirEntry // nil until the first ReadDir
	read    bool
}

func (d *treeDir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *treeDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.name, Err: errors.New("is a directory")}
}
func (d *treeDir) Close() error { return nil }

// ReadDir implements fs.ReadDirFile: entries sorted by name, n at a time
// when n > 0.
func (d *treeDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if !d.read {
		d.read = true
		for _, e := range d.tree.Entries {
			if e.Mode == filemode.Dir || e.Mode.IsFile() {
				d.entries = append(d.entries, treeEntry{tree: d.tree, e: e})
			}
		}
		sort.Slice(d.entries, func(i, j int) bool { return d.entries[i].Name() < d.entries[j].Name() })
	}
	if n <= 0 {
		out := d.entries
		d.entries = nil
		return out, nil
	}
	if len(d.entries) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(d.entries))
	out := d.entries[:n:n]
	d.entries = d.entries[n:]
	return out, nil
}

// treeEntry is one entry of a folder listing; Info reads the blob's size.
type treeEntry struct {
	tree *object.Tree
	e    object.TreeEntry
}

func (t treeEntry) Name() string { return t.e.Name }
func (t treeEntry) IsDir() bool  { return t.e.Mode == filemode.Dir }
func (t treeEntry) Type() fs.FileMode {
	if t.IsDir() {
		return fs.ModeDir
	}
	return 0
}
func (t treeEntry) Info() (fs.FileInfo, error) {
	if t.IsDir() {
		return entryInfo{name: t.e.Name, mode: fs.ModeDir | 0o555}, nil
	}
	f, err := t.tree.TreeEntryFile(&t.e)
	if err != nil {
		return nil, err
	}
	return entryInfo{name: t.e.Name, size: f.Size, mode: 0o444}, nil
}
