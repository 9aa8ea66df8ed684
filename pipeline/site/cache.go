package site

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"math/bits"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/config"
	"github.com/kominfotik-lampung/warta/pipeline/content"
)

// BuildCacheFile is the build cache in the cache dir: what each content
// file gave and which inputs each output file was rendered from, so an
// incremental build re-reads and re-renders only what changed.
const BuildCacheFile = "build.cache"

// cacheVersion starts BuildCacheFile and changes whenever the cached types
// or their meaning change: a file of another version, like one that does
// not decode, is ignored (the build starts over).
const cacheVersion = "warta-build-cache-7"

// buildCache is BuildCacheFile in memory.
type buildCache struct {
	// RenderKey fingerprints everything every page depends on (templates,
	// config, binary, year); Pages are only valid under the same key.
	RenderKey [32]byte
	Content   *content.Cache
	// Pages maps an output path to the key of its inputs and the hash
	// and size of what was written.
	Pages map[string]pageEntry

	mu    sync.Mutex
	fresh map[string]pageEntry // this build's Pages
	dirty bool
	// read is what the file held when loaded and where, for writing it
	// again; encoded counts the shards the last write encoded, of shards.
	read            *shardsRead
	encoded, shards int
}

// cacheFile is the content of BuildCacheFile after its version line.
type cacheFile struct {
	RenderKey  [32]byte
	ContentKey string
	Entries    map[string]*content.CacheEntry
	Pages      map[string]pageEntry
	// EmptyPlatforms names the Entries whose article says "platforms: []"
	// (post nowhere): gob sends no empty list, and a nil one means every
	// platform.
	EmptyPlatforms []string
}

// On disk, cacheFile is a series of frames after the version line, each
// a uvarint length and a gob stream of its own: a wireHead, then
// wireHead.EntryShards shards of entries and wireHead.PageShards shards of
// pages, each as wireShard values of up to chunkSize entries or pages. An
// entry or page is in the shard its name hashes to, sorted by name there.
// gob works by reflection and is slow to read a large site's cache in one
// stream: the shards decode in parallel, and a shard that did not change
// since it was read is copied from the file read (an edit changes a few
// entries and pages, not most shards).
type wireHead struct {
	RenderKey               [32]byte
	ContentKey              string
	EmptyPlatforms          []string
	EntryShards, PageShards int
}

type wireShard struct {
	Entries []wireEntry
	Pages   []wirePage
}

// wireEntry is an entry of a shard. The path of its file is its Name,
// once: an Article.File or Problem.Pos.File that says the same is left
// empty (wireCopies) and filled again when read (fromWire). A large site's
// problems would otherwise repeat it tens of thousands of times, a fifth
// of the file.
type wireEntry struct {
	Name  string
	Entry *content.CacheEntry
}

// wireCopies makes the entries of a shard as the shard holds them
// (wireEntry), copying an entry whose paths it leaves empty; the entry
// itself is left as it is. The copies of one shard are made again in the
// same memory for the next: a cold build writes every entry, and keeping
// a copy of each made the collector run at the end of the build.
type wireCopies struct {
	entries  []wireEntry
	copies   []content.CacheEntry
	articles []article.Article
	problems []article.Problem
}

func (w *wireCopies) of(s []wireEntry) []wireEntry {
	n := 0
	for _, e := range s {
		n += len(e.Entry.Problems)
	}
	// Room for all: the copies must not move while the shard is encoded.
	w.entries, w.copies = slices.Grow(w.entries[:0], len(s)), slices.Grow(w.copies[:0], len(s))
	w.articles, w.problems = slices.Grow(w.articles[:0], len(s)), slices.Grow(w.problems[:0], n)
	for _, e := range s {
		w.entries = append(w.entries, w.entry(e))
	}
	return w.entries
}

func (w *wireCopies) entry(e wireEntry) wireEntry {
	c := e.Entry
	named := c.Article != nil && c.Article.File == e.Name
	for _, p := range c.Problems {
		named = named || p.Pos.File == e.Name
	}
	if !named {
		return e
	}
	w.copies = append(w.copies, *c)
	cp := &w.copies[len(w.copies)-1]
	if c.Article != nil && c.Article.File == e.Name {
		w.articles = append(w.articles, *c.Article)
		cp.Article = &w.articles[len(w.articles)-1]
		cp.Article.File = ""
	}
	if len(c.Problems) > 0 {
		at := len(w.problems)
		w.problems = append(w.problems, c.Problems...)
		cp.Problems = w.problems[at:len(w.problems):len(w.problems)]
		for i := range cp.Problems {
			if cp.Problems[i].Pos.File == e.Name {
				cp.Problems[i].Pos.File = ""
			}
		}
	}
	return wireEntry{e.Name, cp}
}

// fromWire fills in, in place, the paths that wireCopies left empty.
func fromWire(e wireEntry) error {
	c := e.Entry
	if c == nil {
		return errors.New("entry missing")
	}
	if c.Article != nil && c.Article.File == "" {
		c.Article.File = e.Name
	}
	for i := range c.Problems {
		if c.Problems[i].Pos.File == "" {
			c.Problems[i].Pos.File = e.Name
		}
	}
	return nil
}

type wirePage struct {
	Rel  string
	Page pageEntry
}

// shardsRead is what the shards of a build cache file held and where
// they are in it, to copy the unchanged ones when the cache is written
// again. The bytes are read again then, not kept: on a large site they
// are tens of megabytes, and a build that keeps them reaches the soft
// memory limit (cmd/warta) sooner, so the collector runs more often.
type shardsRead struct {
	// file is the file read, by fstat: it is copied from only while
	// BuildCacheFile is still that file, as it was (sameFile).
	file                    os.FileInfo
	entryShards, pageShards int
	shards                  []wireShard // the entry shards, then the page shards
	frames                  []frameAt
}

// frameAt is where the bytes of a frame are in the file.
type frameAt struct{ off, size int64 }

// read reads the bytes of fr from r into buf, grown as needed.
func (fr frameAt) read(r io.ReaderAt, buf []byte) ([]byte, error) {
	buf = slices.Grow(buf[:0], int(fr.size))[:fr.size]
	if _, err := r.ReadAt(buf, fr.off); err != nil {
		return nil, err
	}
	return buf, nil
}

// sameFile reports whether a and b are one file, unchanged: the cache is
// always replaced by a rename, never written in place, so a file of the
// same identity, size and modification time holds the same bytes.
func sameFile(a, b os.FileInfo) bool {
	return os.SameFile(a, b) && a.Size() == b.Size() && a.ModTime().Equal(b.ModTime())
}

// chunkSize is how many entries or pages a gob value of a shard holds:
// gob has a cost per value, which a value per entry made a fifth of the
// reading, and grows one buffer to the size of a value, which a value per
// shard made a third of the writing.
const chunkSize = 128

// shardSize is about how many entries or pages a shard holds at most.
const shardSize = 1024

// shardCount is how many shards n entries or pages take: a power of two,
// so it stays the same while the site grows, until it doubles.
func shardCount(n int) int { return 1 << bits.Len(uint(n/shardSize)) }

// shardOf is the shard of name among n. Names of one folder's folder
// share a shard ("content/berita/2026/11/…/index.md", the pages and
// photos of "berita/2026/11/…"): an article and its neighbours are read
// together, and the build goes through articles by date.
func shardOf(name string, n int) int {
	for range 2 {
		if i := strings.LastIndexByte(name, '/'); i >= 0 {
			name = name[:i]
		}
	}
	return int(crc32.ChecksumIEEE([]byte(name)) % uint32(n))
}

// shardsOf puts the entries and pages of f in their shards.
func shardsOf(f *cacheFile) (entryShards, pageShards int, shards []wireShard) {
	entryShards, pageShards = shardCount(len(f.Entries)), shardCount(len(f.Pages))
	shards = make([]wireShard, entryShards+pageShards)
	for name, e := range f.Entries {
		s := &shards[shardOf(name, entryShards)]
		s.Entries = append(s.Entries, wireEntry{name, e})
	}
	for rel, p := range f.Pages {
		s := &shards[entryShards+shardOf(rel, pageShards)]
		s.Pages = append(s.Pages, wirePage{rel, p})
	}
	for _, s := range shards {
		slices.SortFunc(s.Entries, func(a, b wireEntry) int { return strings.Compare(a.Name, b.Name) })
		slices.SortFunc(s.Pages, func(a, b wirePage) int { return strings.Compare(a.Rel, b.Rel) })
	}
	return entryShards, pageShards, shards
}

// writeCacheFile writes f to w, behind the version line. A shard that
// holds what it held in prev (the same entries, by pointer: the content
// cache replaces an entry that changes) is copied from src, the file prev
// was read from, when src is not nil; encoded counts the shards encoded.
// Each is encoded into one buffer, used again for the next: the file
// grows with the site. (Encoding all of it in memory first cost the
// garbage collector more than encoding the shards in parallel saved;
// encoding them in parallel through a few buffers saved nothing
// measurable.)
func writeCacheFile(w io.Writer, f *cacheFile, prev *shardsRead, src io.ReaderAt) (encoded int, err error) {
	entryShards, pageShards, shards := shardsOf(f)
	if prev == nil || src == nil || prev.entryShards != entryShards || prev.pageShards != pageShards {
		prev = nil
	}
	var buf bytes.Buffer
	var raw []byte // a frame copied
	var copies wireCopies
	frame := func(data []byte) error {
		if _, err := w.Write(binary.AppendUvarint(nil, uint64(len(data)))); err != nil {
			return err
		}
		_, err := w.Write(data)
		return err
	}
	if _, err = io.WriteString(w, cacheVersion+"\n"); err == nil {
		err = gob.NewEncoder(&buf).Encode(&wireHead{RenderKey: f.RenderKey, ContentKey: f.ContentKey,
			EmptyPlatforms: f.EmptyPlatforms, EntryShards: entryShards, PageShards: pageShards})
	}
	if err == nil {
		err = frame(buf.Bytes())
	}
	for i := 0; i < len(shards) && err == nil; i++ {
		s := shards[i]
		if prev != nil && slices.Equal(s.Entries, prev.shards[i].Entries) && slices.Equal(s.Pages, prev.shards[i].Pages) {
			// A frame that cannot be read again is encoded instead.
			if data, rerr := prev.frames[i].read(src, raw); rerr == nil {
				raw = data
				err = frame(data)
				continue
			}
		}
		encoded++
		buf.Reset()
		enc, entries := gob.NewEncoder(&buf), copies.of(s.Entries)
		for at := 0; at < max(len(entries), len(s.Pages)) && err == nil; at += chunkSize {
			err = enc.Encode(&wireShard{Entries: entries[min(at, len(entries)):min(at+chunkSize, len(entries))],
				Pages: s.Pages[min(at, len(s.Pages)):min(at+chunkSize, len(s.Pages))]})
		}
		if err == nil {
			err = frame(buf.Bytes())
		}
	}
	if err != nil {
		return encoded, fmt.Errorf("site: encode build cache: %w", err)
	}
	return encoded, nil
}

// readCacheFile decodes what writeCacheFile wrote, size bytes in r, and
// tells what its shards held and where; a file of another version is an
// error like one that does not decode.
func readCacheFile(r io.ReaderAt, size int64) (*cacheFile, *shardsRead, error) {
	version := make([]byte, len(cacheVersion)+1)
	if _, err := r.ReadAt(version, 0); err != nil || string(version) != cacheVersion+"\n" {
		return nil, nil, errors.New("site: build cache of another version")
	}
	var frames []frameAt
	var head [binary.MaxVarintLen64]byte
	for off := int64(len(version)); off < size; {
		n, err := r.ReadAt(head[:min(int64(len(head)), size-off)], off)
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, nil, fmt.Errorf("site: read build cache: %w", err)
		}
		fsize, k := binary.Uvarint(head[:n])
		if k <= 0 || fsize > uint64(size-off-int64(k)) {
			return nil, nil, errors.New("site: decode build cache: bad frame")
		}
		frames = append(frames, frameAt{off + int64(k), int64(fsize)})
		off += int64(k) + int64(fsize)
	}
	if len(frames) == 0 {
		return nil, nil, errors.New("site: decode build cache: empty")
	}
	var h wireHead
	if err := gob.NewDecoder(io.NewSectionReader(r, frames[0].off, frames[0].size)).Decode(&h); err != nil {
		return nil, nil, fmt.Errorf("site: decode build cache: %w", err)
	}
	frames = frames[1:]
	if h.EntryShards < 1 || h.PageShards < 1 || h.EntryShards+h.PageShards != len(frames) {
		return nil, nil, errors.New("site: decode build cache: shards missing")
	}
	read := &shardsRead{entryShards: h.EntryShards, pageShards: h.PageShards, shards: make([]wireShard, len(frames)), frames: frames}
	// gob reads each message into a buffer of its own: it reads from the
	// file, with no copy of the frame between.
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, fr := range frames {
		g.Go(func() error {
			s := &read.shards[i]
			dec := gob.NewDecoder(io.NewSectionReader(r, fr.off, fr.size))
			for {
				var chunk wireShard
				if err := dec.Decode(&chunk); err == io.EOF {
					break
				} else if err != nil {
					return err
				}
				s.Entries, s.Pages = append(s.Entries, chunk.Entries...), append(s.Pages, chunk.Pages...)
			}
			for _, e := range s.Entries {
				if err := fromWire(e); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, nil, fmt.Errorf("site: decode build cache: %w", err)
	}
	entries, pages := 0, 0
	for _, s := range read.shards {
		entries, pages = entries+len(s.Entries), pages+len(s.Pages)
	}
	f := &cacheFile{RenderKey: h.RenderKey, ContentKey: h.ContentKey, EmptyPlatforms: h.EmptyPlatforms,
		Entries: make(map[string]*content.CacheEntry, entries), Pages: make(map[string]pageEntry, pages)}
	for _, s := range read.shards {
		for _, e := range s.Entries {
			f.Entries[e.Name] = e.Entry
		}
		for _, p := range s.Pages {
			f.Pages[p.Rel] = p.Page
		}
	}
	return f, read, nil
}

// writeTo writes the cache to w as BuildCacheFile holds it; src is the
// file the cache was read from, to copy the shards that did not change
// (nil: encode them all).
func (c *buildCache) writeTo(w io.Writer, src io.ReaderAt) error {
	f := &cacheFile{RenderKey: c.RenderKey, ContentKey: c.Content.Key, Entries: c.Content.Entries, Pages: c.Pages}
	for name, e := range f.Entries {
		if e.Article != nil && e.Article.Platforms != nil && len(e.Article.Platforms) == 0 {
			f.EmptyPlatforms = append(f.EmptyPlatforms, name)
		}
	}
	slices.Sort(f.EmptyPlatforms)
	n, err := writeCacheFile(w, f, c.read, src)
	c.encoded, c.shards = n, shardCount(len(f.Entries))+shardCount(len(f.Pages))
	return err
}

// readBuildCache reads what writeTo wrote, size bytes in r.
func readBuildCache(r io.ReaderAt, size int64) (*buildCache, error) {
	f, read, err := readCacheFile(r, size)
	if err != nil {
		return nil, err
	}
	for _, name := range f.EmptyPlatforms {
		if e := f.Entries[name]; e != nil && e.Article != nil && e.Article.Platforms == nil {
			e.Article.Platforms = []string{}
		}
	}
	return &buildCache{RenderKey: f.RenderKey, Content: &content.Cache{Key: f.ContentKey, Entries: f.Entries}, Pages: f.Pages, read: read}, nil
}

type pageEntry struct {
	Key  content.Digest
	Hash string
	Size int64
}

// keyer collects the inputs of an output file, to hash them at once;
// fields are length-prefixed so no two different inputs share a key.
type keyer struct{ b []byte }

// keyers holds the keyers whose keys are done, for the next ones: a build
// keys every output file, and a buffer for each was a tenth of what a
// one-change build of a large site allocated.
var keyers = sync.Pool{New: func() any { return &keyer{b: make([]byte, 0, 512)} }}

// maxPooledKeyer is the largest buffer kept for another key: the keys of
// the sitemap and the long lists take far more than most.
const maxPooledKeyer = 64 << 10

func newKeyer(base [32]byte, kind string) *keyer {
	k := keyers.Get().(*keyer)
	k.b = append(k.b[:0], base[:]...)
	return k.str(kind)
}

func (k *keyer) str(ss ...string) *keyer {
	for _, s := range ss {
		k.b = append(binary.AppendUvarint(k.b, uint64(len(s))), s...)
	}
	return k
}

func (k *keyer) int(is ...int64) *keyer {
	for _, i := range is {
		k.b = binary.LittleEndian.AppendUint64(k.b, uint64(i))
	}
	return k
}

// time adds t as str would add its RFC 3339 form with nanoseconds (and
// its zone), without making the string: a key of the sitemap has one for
// every page.
func (k *keyer) time(t time.Time) *keyer {
	at := len(k.b)
	k.b = t.AppendFormat(append(k.b, 0), time.RFC3339Nano)
	k.b[at] = byte(len(k.b) - at - 1) // under 128 bytes: its uvarint length is one byte
	return k
}

// grow makes room for n more bytes at once: the key of the sitemap takes
// a path and a time for every page.
func (k *keyer) grow(n int) *keyer {
	k.b = slices.Grow(k.b, n)
	return k
}

func (k *keyer) sum(s [32]byte) *keyer {
	k.b = append(k.b, s[:]...)
	return k
}

// done returns the key; k is not to be used after.
func (k *keyer) done() [32]byte {
	sum := sha256.Sum256(k.b)
	if cap(k.b) <= maxPooledKeyer {
		keyers.Put(k)
	}
	return sum
}

// exeStamp identifies the running binary: a rebuilt warta may render
// differently, so its caches start over. A binary built from a clean git
// checkout is known by its build settings (revision included), so CI runs
// that build the same commit share the cache; any other by its file.
func exeStamp() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		clean, settings := false, bi.GoVersion
		for _, s := range bi.Settings {
			settings += "|" + s.Key + "=" + s.Value
			if s.Key == "vcs.modified" && s.Value == "false" {
				clean = true
			}
		}
		if clean {
			return settings
		}
	}
	p, err := os.Executable()
	if err != nil {
		return "?"
	}
	st, err := os.Stat(p)
	if err != nil {
		return p
	}
	return p + "|" + strconv.FormatInt(st.Size(), 10) + "|" + strconv.FormatInt(st.ModTime().UnixNano(), 10)
}

// configKey fingerprints the config and the binary; "" when the config
// cannot be fingerprinted (then nothing is cached).
func configKey(cfg *config.Config) string {
	data, err := json.Marshal(cfg)
	if err != nil {
		return ""
	}
	loc := ""
	if cfg.Location != nil {
		loc = cfg.Location.String()
	}
	k := newKeyer([32]byte{}, cacheVersion).str(exeStamp(), string(data), loc).done()
	return string(k[:])
}

// renderKey fingerprints what every page depends on besides its content.
func renderKey(cfgKey string, tfs fs.FS, opt Options, now time.Time, cfg *config.Config) ([32]byte, bool) {
	k := newKeyer([32]byte{}, "render").str(cfgKey, strconv.FormatBool(opt.Drafts), strconv.Itoa(now.In(cfg.Location).Year()))
	err := fs.WalkDir(tfs, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(tfs, p)
		if err != nil {
			return err
		}
		k.str(p, string(data))
		return nil
	})
	return k.done(), err == nil
}

// loadBuildCache reads the cache dir's build cache; a missing, unreadable
// or outdated one gives an empty cache.
func loadBuildCache(dir, cfgKey string, rk [32]byte) *buildCache {
	c := &buildCache{}
	if f, err := os.Open(filepath.Join(dir, BuildCacheFile)); err == nil {
		if st, err := f.Stat(); err == nil {
			if dc, err := readBuildCache(f, st.Size()); err == nil {
				c, dc.read.file = dc, st
			}
		}
		f.Close()
	}
	if c.Content == nil || c.Content.Key != cfgKey || c.Content.Entries == nil {
		c.Content = content.NewCache(cfgKey)
		c.dirty, c.read = true, nil
	}
	if c.RenderKey != rk || c.Pages == nil {
		c.RenderKey = rk
		c.Pages = map[string]pageEntry{}
		c.dirty, c.read = true, nil
	}
	c.fresh = make(map[string]pageEntry, len(c.Pages))
	return c
}

// newBuildCache returns an empty cache, for a Session without cache dir:
// it keys the files of one build in memory and is never saved.
func newBuildCache(cfgKey string, rk [32]byte) *buildCache {
	return &buildCache{RenderKey: rk, Content: content.NewCache(cfgKey),
		Pages: map[string]pageEntry{}, fresh: map[string]pageEntry{}}
}

// lookup returns the entry of rel when it was rendered from key.
func (c *buildCache) lookup(rel string, key [32]byte) (pageEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.Pages[rel]
	return e, ok && e.Key == content.Digest(key)
}

// record notes the entry of rel for this build.
func (c *buildCache) record(rel string, e pageEntry, changed bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.fresh[rel] = e
	if changed {
		c.dirty = true
	}
}

// save writes the cache when this build changed it. Entries of files the
// build did not see are dropped first.
func (c *buildCache) save(dir string) error {
	c.Content.Prune()
	if len(c.fresh) != len(c.Pages) {
		c.dirty = true
	}
	if !c.dirty && !c.Content.Changed() {
		return nil
	}
	c.Pages = c.fresh
	return c.write(dir)
}

// update records the new entry of rel after the build that filled the
// cache (a Session's quick rebuild); flush saves it.
func (c *buildCache) update(rel string, e pageEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.fresh[rel] = e
	c.dirty = true
}

// flush writes the cache again after updates.
func (c *buildCache) flush(dir string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Pages = c.fresh
	return c.write(dir)
}

func (c *buildCache) write(dir string) error {
	name := filepath.Join(dir, BuildCacheFile)
	// The file grows with the site: it is written through a small buffer,
	// not made in memory first.
	return writeAtomicWith(name, func(w io.Writer) error {
		var src io.ReaderAt
		if c.read != nil && c.read.file != nil {
			// Closed before the new file replaces it.
			if old, err := os.Open(name); err == nil {
				defer old.Close()
				if st, err := old.Stat(); err == nil && sameFile(st, c.read.file) {
					src = old
				}
			}
		}
		bw := bufio.NewWriterSize(w, 256<<10)
		if err := c.writeTo(bw, src); err != nil {
			return err
		}
		return bw.Flush()
	})
}

// entryDigests fills the keys of an article's own page (everything the
// file and its photos hold) and of its list entry (what lists, feeds and
// the search index show), from the content hash of its file.
func entryDigests(e *entry, fileHash [32]byte) {
	a := e.a
	k := newKeyer(fileHash, "page")
	for _, img := range a.Images {
		k.str(img.Src, img.Format).int(int64(img.Width), int64(img.Height))
	}
	e.digest = k.done()
	s := newKeyer([32]byte{}, "summary").str(a.ID, a.Title, a.Summary, a.Activity, a.Location).
		time(a.Date).str(strconv.FormatBool(a.Draft), strconv.Itoa(int(a.Kind)))
	s.int(int64(len(a.Tags))).str(a.Tags...)
	s.int(int64(len(a.Aliases))).str(a.Aliases...)
	for _, img := range a.Images {
		s.str(img.Src, img.Alt, img.Caption, img.Credit, img.Format).int(int64(img.Width), int64(img.Height))
	}
	// Corrections and a retraction show on /ralat/, in the feed and the
	// sitemap, and a retraction takes the article off every list.
	s.int(int64(len(a.Corrections)))
	for _, c := range a.Corrections {
		s.time(c.Date).str(c.Kind, c.Note)
	}
	if r := a.Retraction; r != nil {
		s.int(1).time(r.Date).str(r.Reason)
	} else {
		s.int(0)
	}
	e.sumKey = s.done()
	e.keyed = true
	e.sum.key, e.sum.keyed = e.sumKey, true
}

// key starts the key of an output file, or returns nil without a cache.
func (b *builder) key(kind, rel string) *keyer {
	if b.cache == nil {
		return nil
	}
	return newKeyer(b.cache.RenderKey, kind).str(rel)
}

// itemsKey adds list entries to k; false when one of them is not keyed.
func itemsKey(k *keyer, items []*summaryView) bool {
	k.int(int64(len(items)))
	for _, it := range items {
		if !it.keyed {
			return false
		}
		k.sum(it.key)
	}
	return true
}

// fixedKey keys a file that depends on nothing but the render key and
// the given strings.
func (b *builder) fixedKey(kind, rel string, ss ...string) func() ([32]byte, bool) {
	return func() ([32]byte, bool) {
		k := b.key(kind, rel)
		if k == nil {
			return [32]byte{}, false
		}
		return k.str(ss...).done(), true
	}
}

// photoJob makes the derivatives of one photo unless the out dir still
// holds them, made from the same source file (by size and modification
// time) with the same variants.
func (b *builder) photoJob(ctx context.Context, p photo) error {
	var k [32]byte
	keyed := false
	if b.cache != nil {
		if st, err := fs.Stat(b.fsys, p.src); err == nil {
			kk := b.key("photo", p.src).int(st.Size(), st.ModTime().UnixNano(), int64(b.images.quality)).str(derivVersion)
			for _, v := range p.variants {
				kk.str(v.rel, v.key, strconv.FormatBool(v.ig)).int(int64(v.w), int64(v.h), int64(v.copyOf))
			}
			k, keyed = kk.done(), true
		}
	}
	if keyed {
		rels := make([]string, len(p.variants))
		sums := make([]fileSum, len(p.variants))
		pes := make([]pageEntry, len(p.variants))
		ok := true
		for i, v := range p.variants {
			pe, hit := b.cache.lookup(v.rel, k)
			if !hit {
				ok = false
				break
			}
			rels[i], sums[i], pes[i] = v.rel, fileSum{pe.Hash, pe.Size}, pe
		}
		if ok && b.out.keep(rels, sums) {
			for i, rel := range rels {
				b.cache.record(rel, pes[i], false)
			}
			b.reused.Add(int64(len(rels)))
			return nil
		}
	}
	n, err := b.images.make(ctx, p, func(rel string, data []byte) error {
		sum, err := b.out.putSum(rel, data)
		if err == nil && keyed {
			b.cache.record(rel, pageEntry{Key: content.Digest(k), Hash: sum.hash, Size: sum.size}, true)
		}
		return err
	})
	b.mu.Lock()
	b.encoded += n
	b.mu.Unlock()
	return err
}
