package content

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"sync"

	"github.com/kominfotik-lampung/warta/pipeline/article"
)

// Cache remembers what Load made of each file, so a later Load (of an
// incremental build) reuses it instead of reading, decoding and validating
// the file again. A file is reused when its size and modification time are
// unchanged, or, failing that, its bytes hash the same (a fresh git checkout
// touches every file); and every photo it names is unchanged by size and
// modification time. A Cache is only valid for one config, loader version
// and Options.Inspect: the caller keeps Key for that and starts from
// NewCache when it changes. Fields are exported for the caller's encoding.
type Cache struct {
	Key     string
	Entries map[string]*CacheEntry

	mu      sync.Mutex
	used    map[string]bool
	changed bool
}

// CacheEntry is one loaded file. Article is stored without Body.
type CacheEntry struct {
	Size     int64
	ModTime  int64
	Hash     Digest // sha256 of the file
	Deps     []Dep
	Article  *article.Article // nil: the file could not be used
	Problems []article.Problem
}

// Digest is a sha256 sum. It encodes itself for gob as one string of
// bytes: gob writes an array element by element, which made reading the
// build cache of a large site (a digest per file and per page) twice as
// slow.
type Digest [32]byte

// GobEncode implements gob.GobEncoder.
func (d Digest) GobEncode() ([]byte, error) { return d[:], nil }

// GobDecode implements gob.GobDecoder.
func (d *Digest) GobDecode(b []byte) error {
	if len(b) != len(d) {
		return fmt.Errorf("content: digest of %d bytes", len(b))
	}
	copy(d[:], b)
	return nil
}

// Dep is a file the validation of an article looked at (a photo).
type Dep struct {
	Path    string
	Size    int64
	ModTime int64
	Missing bool
}

// NewCache returns an empty cache for key.
func NewCache(key string) *Cache {
	return &Cache{Key: key, Entries: map[string]*CacheEntry{}}
}

// Hash returns the sha256 of a file that the last Load with this cache
// read or reused.
func (c *Cache) Hash(file string) ([32]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.Entries[file]
	if !ok {
		return [32]byte{}, false
	}
	return [32]byte(e.Hash), true
}

// Prune drops the entries of files the last Load did not see.
func (c *Cache) Prune() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for f := range c.Entries {
		if !c.used[f] {
			delete(c.Entries, f)
			c.changed = true
		}
	}
}

// Changed reports whether Load or Prune changed the cache since it was
// made or decoded.
func (c *Cache) Changed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.changed
}

func (c *Cache) get(file string) *CacheEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.used == nil {
		c.used = map[string]bool{}
	}
	c.used[file] = true
	return c.Entries[file]
}

func (c *Cache) put(file string, e *CacheEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.Entries == nil {
		c.Entries = map[string]*CacheEntry{}
	}
	c.Entries[file] = e
	c.changed = true
}

// stamp returns size and modification time (ns) of a file; ok is false
// when it does not exist or is not a regular file (a symbolic link is
// not followed).
func stamp(fsys fs.FS, p string) (size, mtime int64, ok bool) {
	st, err := fs.Lstat(fsys, p)
	if err != nil || !st.Mode().IsRegular() {
		return 0, 0, false
	}
	return st.Size(), st.ModTime().UnixNano(), true
}

// depsUnchanged reports whether every photo an entry depends on is as it
// was.
func depsUnchanged(fsys fs.FS, deps []Dep) bool {
	for _, d := range deps {
		size, mtime, ok := stamp(fsys, d.Path)
		if ok == d.Missing || (ok && (size != d.Size || mtime != d.ModTime)) {
			return false
		}
	}
	return true
}

// reuse returns the cached result for file when it is still valid.
func (c *Cache) reuse(fsys fs.FS, file string) (*article.Article, []article.Problem, bool) {
	e := c.get(file)
	if e == nil {
		return nil, nil, false
	}
	size, mtime, ok := stamp(fsys, file)
	if !ok {
		return nil, nil, false
	}
	if size != e.Size || mtime != e.ModTime {
		if size > MaxFileBytes {
			return nil, nil, false // loadCached refuses it without reading
		}
		src, err := readAtMost(fsys, file, MaxFileBytes)
		if err != nil || int64(len(src)) != size || Digest(sha256.Sum256(src)) != e.Hash {
			return nil, nil, false
		}
		if !depsUnchanged(fsys, e.Deps) {
			return nil, nil, false
		}
		c.put(file, &CacheEntry{Size: size, ModTime: mtime, Hash: e.Hash, Deps: e.Deps, Article: e.Article, Problems: e.Problems})
	} else if !depsUnchanged(fsys, e.Deps) {
		return nil, nil, false
	}
	var a *article.Article
	if e.Article != nil {
		cp := *e.Article
		cp.Errors = 0
		a = &cp
	}
	return a, append([]article.Problem(nil), e.Problems...), true
}

// remember stores a freshly loaded file.
func (c *Cache) remember(fsys fs.FS, file string, src []byte, size, mtime int64, a *article.Article, probs []article.Problem, photos []string) {
	e := &CacheEntry{Size: size, ModTime: mtime, Hash: Digest(sha256.Sum256(src)), Problems: append([]article.Problem(nil), probs...)}
	if a != nil {
		cp := *a
		cp.Body = nil
		cp.Errors = 0
		e.Article = &cp
	}
	c.mu.Lock()
	if c.used == nil {
		c.used = map[string]bool{}
	}
	c.used[file] = true
	c.mu.Unlock()
	for _, ph := range photos {
		ph = strings.TrimSpace(ph)
		if ph == "" || !fs.ValidPath(ph) || strings.Contains(ph, "\\") {
			continue
		}
		p := path.Join(path.Dir(file), ph)
		size, mtime, ok := stamp(fsys, p)
		e.Deps = append(e.Deps, Dep{Path: p, Size: size, ModTime: mtime, Missing: !ok})
	}
	c.put(file, e)
}

// ErrNotReadable is what ReadBody and ReadBodyInto answer for a file the
// loader refuses to read: a symbolic link, or larger than MaxFileBytes
// (Load reports it as a problem and never returns its article).
var ErrNotReadable = errors.New("content: symbolic link or file too large")

// ReadBody reads the Markdown body of a file (what follows the front
// matter), for articles a Cache gave back without it.
func ReadBody(fsys fs.FS, file string) ([]byte, error) {
	if err := readable(fsys, file); err != nil {
		return nil, err
	}
	src, err := readAtMost(fsys, file, MaxFileBytes)
	if errors.Is(err, errTooLarge) {
		return nil, fmt.Errorf("%w: %s", ErrNotReadable, file)
	}
	if err != nil {
		return nil, err
	}
	return bodyOf(src), nil
}

// readable checks, without opening it, that file is a regular file
// readContent would read.
func readable(fsys fs.FS, file string) error {
	st, err := fs.Lstat(fsys, file)
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() || st.Size() > MaxFileBytes {
		return fmt.Errorf("%w: %s", ErrNotReadable, file)
	}
	return nil
}

// ReadBodyInto is ReadBody reading into buf (reset first), so a caller
// rendering many files reuses one buffer; the body is a slice of buf.
func ReadBodyInto(fsys fs.FS, file string, buf *bytes.Buffer) ([]byte, error) {
	if err := readable(fsys, file); err != nil {
		return nil, err
	}
	f, err := fsys.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf.Reset()
	if st, err := f.Stat(); err == nil && st.Size() > 0 {
		buf.Grow(int(st.Size()) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(io.LimitReader(f, MaxFileBytes+1)); err != nil {
		return nil, err
	}
	if buf.Len() > MaxFileBytes {
		return nil, fmt.Errorf("%w: %s", ErrNotReadable, file)
	}
	return bodyOf(buf.Bytes()), nil
}

// bodyOf is what follows the front matter of src, or all of src when it
// has none.
func bodyOf(src []byte) []byte {
	if _, body, _, ok := splitFrontMatter(src); ok {
		return body
	}
	return src
}
