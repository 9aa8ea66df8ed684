package site

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/zeebo/xxh3"
)

// ManifestFile lists, in the out dir, every file the last build wrote
// ("hash size path" a line, the hash a 128-bit XXH3), so the next build can skip unchanged files
// without reading them and remove files that are no longer produced.
const ManifestFile = ".warta-manifest"

type fileSum struct {
	hash string
	size int64
}

// output writes files below one directory through an os.Root, so no path can
// escape it, and only when their bytes changed.
type output struct {
	dir  string
	root *os.Root
	old  map[string]fileSum
	// fresh: the folder was empty, so there is nothing to compare or
	// replace, and every folder below it is made by this build, so no
	// symlink can redirect a write: plain (cheaper) file calls on paths
	// checked by checkRel are then as safe as the os.Root ones.
	fresh bool

	mu      sync.Mutex
	files   map[string]fileSum
	dirs    map[string]bool
	written int
	// order is files' paths, sorted, once finish ran; manifest is what
	// it wrote, and line i of it starts at lineAt[i].
	order    []string
	manifest []byte
	lineAt   []int
}

func openOutput(dir string) (*output, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("site: create out dir: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("site: open out dir: %w", err)
	}
	o := &output{dir: dir, root: root, old: map[string]fileSum{}, dirs: map[string]bool{".": true}}
	if data, err := root.ReadFile(ManifestFile); err == nil {
		o.old = parseManifest(data)
	}
	// The site of the last build is the best guess of this one's size.
	o.files = make(map[string]fileSum, len(o.old))
	if f, err := root.Open("."); err == nil {
		names, _ := f.Readdirnames(1)
		f.Close()
		o.fresh = len(names) == 0
	}
	return o, nil
}

func parseManifest(data []byte) map[string]fileSum {
	m := make(map[string]fileSum, bytes.Count(data, []byte("\n")))
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := strings.SplitN(sc.Text(), " ", 3)
		if len(f) != 3 {
			continue
		}
		n, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil || !filepath.IsLocal(filepath.FromSlash(f[2])) {
			continue
		}
		m[f[2]] = fileSum{f[0], n}
	}
	return m
}

// contentHash tells whether a file changed: XXH3-128, far cheaper than
// SHA-256 over all the output of a big site (docs/performance.md); these
// hashes guard against accidents, not attackers (the manifest is ours).
func contentHash(data []byte) string {
	b := xxh3.Hash128(data).Bytes()
	return hex.EncodeToString(b[:])
}

// errEscape reports an output path that would leave the out dir.
var errEscape = errors.New("site: output path escapes the out dir")

// checkRel validates a slash-separated output path.
func checkRel(rel string) error {
	if rel == "" || rel == "." || !fs.ValidPath(rel) || rel == ManifestFile || !filepath.IsLocal(filepath.FromSlash(rel)) {
		return fmt.Errorf("%w: %q", errEscape, rel)
	}
	return nil
}

// put writes data at rel unless the file there already holds those bytes.
func (o *output) put(rel string, data []byte) error {
	_, err := o.putSum(rel, data)
	return err
}

// keep claims files of the previous build as this build's output without
// rendering them again: only when the manifest lists each with sum and the
// file on disk still has its size. It claims all or none.
func (o *output) keep(rels []string, sums []fileSum) bool {
	for i, rel := range rels {
		if checkRel(rel) != nil {
			return false
		}
		o.mu.Lock()
		prev, known := o.old[rel]
		_, dup := o.files[rel]
		o.mu.Unlock()
		if !known || dup || prev != sums[i] {
			return false
		}
		// A plain Lstat: it only reads, and os.Root walks every folder of
		// the path, which costs more than the whole rest of a no-op build.
		st, err := os.Lstat(filepath.Join(o.dir, filepath.FromSlash(rel)))
		if err != nil || !st.Mode().IsRegular() || st.Size() != sums[i].size {
			return false
		}
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, rel := range rels {
		if _, dup := o.files[rel]; dup {
			return false
		}
	}
	for i, rel := range rels {
		o.files[rel] = sums[i]
	}
	return true
}

// forget drops rel from this build's files after its write failed, so the
// manifest never lists it.
func (o *output) forget(rel string) {
	o.mu.Lock()
	delete(o.files, rel)
	o.mu.Unlock()
}

// putSum is put, returning the hash and size of data.
func (o *output) putSum(rel string, data []byte) (fileSum, error) {
	if err := checkRel(rel); err != nil {
		return fileSum{}, err
	}
	fsum := fileSum{contentHash(data), int64(len(data))}
	o.mu.Lock()
	if _, dup := o.files[rel]; dup {
		o.mu.Unlock()
		return fsum, fmt.Errorf("site: %s produced twice", rel)
	}
	o.files[rel] = fsum
	prev, known := o.old[rel]
	o.mu.Unlock()

	name := filepath.FromSlash(rel)
	if err := o.mkdir(path.Dir(rel)); err != nil {
		return fsum, err
	}
	if o.fresh {
		if err := os.WriteFile(filepath.Join(o.dir, name), data, 0o644); err != nil {
			return fsum, fmt.Errorf("site: write %s: %w", rel, err)
		}
		o.count()
		return fsum, nil
	}
	if st, err := o.root.Lstat(name); err == nil && st.Mode().IsRegular() && st.Size() == fsum.size {
		if known && prev == fsum {
			return fsum, nil
		}
		if cur, err := o.root.ReadFile(name); err == nil && bytes.Equal(cur, data) {
			return fsum, nil
		}
	}
	if err := o.replace(rel, data); err != nil {
		return fsum, err
	}
	o.count()
	return fsum, nil
}

// replace writes data at rel beside the file and renames it into place,
// so `warta serve` never serves half a file.
func (o *output) replace(rel string, data []byte) error {
	name := filepath.FromSlash(rel)
	tmp := name + ".warta-tmp"
	if err := o.root.WriteFile(tmp, data, 0o644); err != nil {
		return fmt.Errorf("site: write %s: %w", rel, err)
	}
	if err := o.root.Rename(tmp, name); err != nil {
		_ = o.root.Remove(tmp)
		return fmt.Errorf("site: write %s: %w", rel, err)
	}
	return nil
}

// update writes files of a finished build again (a Session's quick
// rebuild): each file whose bytes changed is replaced and recorded, then
// the manifest is written. The set of files stays the same: every rel
// must be one of the build's.
func (o *output) update(files map[string][]byte) (written int, err error) {
	root, err := os.OpenRoot(o.dir)
	if err != nil {
		return 0, fmt.Errorf("site: open out dir: %w", err)
	}
	defer root.Close()
	o.root = root
	for rel, data := range files {
		prev, known := o.files[rel]
		if err := checkRel(rel); err != nil || !known {
			return written, fmt.Errorf("site: %s is not part of the site", rel)
		}
		fsum := fileSum{contentHash(data), int64(len(data))}
		if prev == fsum {
			if st, err := os.Lstat(filepath.Join(o.dir, filepath.FromSlash(rel))); err == nil && st.Mode().IsRegular() && st.Size() == fsum.size {
				continue
			}
		}
		if err := o.replace(rel, data); err != nil {
			return written, err
		}
		o.files[rel] = fsum
		o.setManifestLine(rel)
		written++
	}
	if written == 0 {
		return 0, nil
	}
	if err := o.root.WriteFile(ManifestFile, o.manifest, 0o644); err != nil {
		return written, fmt.Errorf("site: write manifest: %w", err)
	}
	return written, nil
}

func (o *output) count() {
	o.mu.Lock()
	o.written++
	o.mu.Unlock()
}

func (o *output) mkdir(dir string) error {
	o.mu.Lock()
	done := o.dirs[dir]
	o.mu.Unlock()
	if done {
		return nil
	}
	if o.fresh {
		// One mkdir a folder, parents first: MkdirAll stats every level.
		if parent := path.Dir(dir); parent != "." {
			if err := o.mkdir(parent); err != nil {
				return err
			}
		}
		if err := os.Mkdir(filepath.Join(o.dir, filepath.FromSlash(dir)), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("site: mkdir %s: %w", dir, err)
		}
	} else if err := o.root.MkdirAll(filepath.FromSlash(dir), 0o755); err != nil {
		return fmt.Errorf("site: mkdir %s: %w", dir, err)
	}
	o.mu.Lock()
	o.dirs[dir] = true
	o.mu.Unlock()
	return nil
}

// finish removes the files of the previous build that this one did not
// produce (and folders left empty), then writes the manifest.
func (o *output) finish() (removed int, err error) {
	defer o.root.Close()
	var stale []string
	for rel := range o.old {
		if _, ok := o.files[rel]; !ok {
			stale = append(stale, rel)
		}
	}
	sort.Strings(stale)
	emptied := map[string]bool{}
	for _, rel := range stale {
		if err := o.root.Remove(filepath.FromSlash(rel)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return removed, fmt.Errorf("site: remove stale %s: %w", rel, err)
		}
		removed++
		for d := path.Dir(rel); d != "."; d = path.Dir(d) {
			emptied[d] = true
		}
	}
	dirs := make([]string, 0, len(emptied))
	for d := range emptied {
		dirs = append(dirs, d)
	}
	// Deepest first, so parents are empty by the time they are tried.
	sort.Slice(dirs, func(i, j int) bool {
		return len(dirs[i]) > len(dirs[j]) || (len(dirs[i]) == len(dirs[j]) && dirs[i] < dirs[j])
	})
	for _, d := range dirs {
		_ = o.root.Remove(filepath.FromSlash(d)) // fails, as wanted, when not empty
	}
	o.order = make([]string, 0, len(o.files))
	for rel := range o.files {
		o.order = append(o.order, rel)
	}
	sort.Strings(o.order)
	cur, _ := o.root.ReadFile(ManifestFile)
	return removed, o.writeManifest(cur)
}

// writeManifest writes the manifest of files in order, unless it reads
// as cur already.
func (o *output) writeManifest(cur []byte) error {
	b := make([]byte, 0, len(cur)+len(cur)/8)
	o.lineAt = make([]int, len(o.order)+1)
	for i, rel := range o.order {
		o.lineAt[i] = len(b)
		b = o.manifestLine(b, rel)
	}
	o.lineAt[len(o.order)] = len(b)
	o.manifest = b
	if cur != nil && bytes.Equal(cur, b) {
		return nil
	}
	if err := o.root.WriteFile(ManifestFile, b, 0o644); err != nil {
		return fmt.Errorf("site: write manifest: %w", err)
	}
	return nil
}

// manifestLine appends the manifest line of rel to b.
func (o *output) manifestLine(b []byte, rel string) []byte {
	s := o.files[rel]
	b = append(b, s.hash...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, s.size, 10)
	b = append(b, ' ')
	b = append(b, rel...)
	return append(b, '\n')
}

// setManifestLine updates the line of rel in o.manifest after its sum
// changed: making every line of a big site again took longer than the
// rest of a quick rebuild.
func (o *output) setManifestLine(rel string) {
	i, ok := slices.BinarySearch(o.order, rel)
	if !ok {
		return
	}
	line := o.manifestLine(nil, rel)
	start, end := o.lineAt[i], o.lineAt[i+1]
	if len(line) == end-start {
		copy(o.manifest[start:end], line)
		return
	}
	o.manifest = slices.Concat(o.manifest[:start], line, o.manifest[end:])
	for j := i + 1; j < len(o.lineAt); j++ {
		o.lineAt[j] += len(line) - (end - start)
	}
}
