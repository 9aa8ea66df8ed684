package site

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"sort"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/content"
)

// The build cache is read on every build, so its format is made for fast
// decoding: strings that repeat (problem hints, file names, tags,
// locations) are stored once in a table and referred to by index, the
// others in place; all are decoded as slices of one string holding the
// whole file; numbers are varints.

// errCorrupt reports a build cache that cannot be decoded.
var errCorrupt = errors.New("site: corrupt build cache")

type cacheEncoder struct {
	buf   []byte
	index map[string]uint64
	table []string
}

func (e *cacheEncoder) uint(v uint64) { e.buf = binary.AppendUvarint(e.buf, v) }
func (e *cacheEncoder) int(v int64)   { e.buf = binary.AppendVarint(e.buf, v) }

func (e *cacheEncoder) bool(v bool) {
	if v {
		e.uint(1)
	} else {
		e.uint(0)
	}
}

func (e *cacheEncoder) str(s string) {
	i, ok := e.index[s]
	if !ok {
		i = uint64(len(e.table))
		e.index[s] = i
		e.table = append(e.table, s)
	}
	e.uint(i)
}

func (e *cacheEncoder) strs(ss []string) {
	if ss == nil {
		e.uint(0)
		return
	}
	e.uint(uint64(len(ss)) + 1)
	for _, s := range ss {
		e.str(s)
	}
}

func (e *cacheEncoder) raw(b []byte) { e.buf = append(e.buf, b...) }

func (e *cacheEncoder) pos(p article.Pos) {
	e.str(p.File)
	e.int(int64(p.Line))
	e.int(int64(p.Col))
}

func (e *cacheEncoder) article(a *article.Article) {
	if a == nil {
		e.bool(false)
		return
	}
	e.bool(true)
	e.int(int64(a.Kind))
	e.rawStr(a.ID)
	e.str(a.File)
	e.rawStr(a.Title)
	t, _ := a.Date.MarshalBinary()
	e.rawStr(string(t))
	e.rawStr(a.Summary)
	e.str(a.Activity)
	e.str(a.Location)
	e.uint(uint64(len(a.Images)))
	for _, img := range a.Images {
		e.rawStr(img.Src)
		e.rawStr(img.Alt)
		e.rawStr(img.Caption)
		e.str(img.Credit)
		e.int(int64(img.Width))
		e.int(int64(img.Height))
		e.str(img.Format)
		e.pos(img.Pos)
	}
	e.strs(a.Author)
	e.strs(a.Tags)
	e.bool(a.Draft)
	e.strs(a.Platforms)
	if a.Social == nil {
		e.uint(0)
	} else {
		keys := make([]string, 0, len(a.Social))
		for k := range a.Social {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		e.uint(uint64(len(keys)) + 1)
		for _, k := range keys {
			e.str(k)
			e.str(a.Social[k])
		}
	}
	e.int(int64(a.Assignment))
	e.strs(a.Aliases)
	e.int(int64(a.BodyLine))
}

// rawStr writes s itself, not as a table index: for strings that are
// unique anyway (file names), which an append-only table would repeat.
func (e *cacheEncoder) rawStr(s string) {
	e.uint(uint64(len(s)))
	e.buf = append(e.buf, s...)
}

// encodeContent serialises the content part of c. Content entries that
// were decoded from the previous file and not replaced are copied as they
// were, with the previous string table kept as the start of the new one,
// unless many entries changed: then everything is encoded afresh, which
// also drops the strings nothing uses any more. The content part is known
// once content is loaded, so this runs beside the rest of the build;
// finishBuildCache adds the pages.
func encodeContent(c *buildCache) *cacheEncoder {
	files := make([]string, 0, len(c.Content.Entries))
	for f := range c.Content.Entries {
		files = append(files, f)
	}
	sort.Strings(files)
	changed, size := 0, 0
	for _, f := range files {
		raw, ok := c.raws[c.Content.Entries[f]]
		if !ok {
			changed++
			raw = f // a guess, for the capacity
		}
		size += len(f) + 2*binary.MaxVarintLen64 + len(raw)
	}
	// Sized once: growing 13 MB for a big site by appending cost 20 ms.
	body := &cacheEncoder{index: map[string]uint64{}, buf: make([]byte, 0, size+64<<10)}
	raws := c.raws
	if c.table != nil && changed <= len(files)/8 {
		body.table = c.table[:len(c.table):len(c.table)]
	} else {
		raws = nil
	}
	body.raw(c.RenderKey[:])
	body.rawStr(c.Content.Key)
	body.uint(uint64(len(files)))
	entry := &cacheEncoder{}
	for _, f := range files {
		ce := c.Content.Entries[f]
		body.rawStr(f)
		if raw, ok := raws[ce]; ok {
			body.uint(uint64(len(raw)))
			body.buf = append(body.buf, raw...)
			continue
		}
		entry.buf, entry.index, entry.table = entry.buf[:0], body.index, body.table
		entry.entry(ce)
		body.table = entry.table
		body.uint(uint64(len(entry.buf)))
		body.raw(entry.buf)
	}
	return body
}

// finishBuildCache completes what encodeContent began with the pages.
func finishBuildCache(body *cacheEncoder, pages map[string]pageEntry) []byte {
	rels := make([]string, 0, len(pages))
	for r := range pages {
		rels = append(rels, r)
	}
	sort.Strings(rels)
	body.uint(uint64(len(rels)))
	for _, r := range rels {
		pe := pages[r]
		body.rawStr(r)
		body.raw(pe.Key[:])
		h, err := hex.DecodeString(pe.Hash)
		if err != nil || len(h) != outHashLen {
			h = make([]byte, outHashLen) // never matches a manifest line
		}
		body.raw(h)
		body.int(pe.Size)
	}
	size := len(cacheVersion) + binary.MaxVarintLen64 + len(body.buf)
	for _, s := range body.table {
		size += binary.MaxVarintLen64 + len(s)
	}
	out := &cacheEncoder{buf: make([]byte, 0, size)}
	out.raw([]byte(cacheVersion))
	out.uint(uint64(len(body.table)))
	for _, s := range body.table {
		out.uint(uint64(len(s)))
		out.raw([]byte(s))
	}
	out.raw(body.buf)
	return out.buf
}

// entry encodes one content entry.
func (e *cacheEncoder) entry(ce *content.CacheEntry) {
	e.int(ce.Size)
	e.int(ce.ModTime)
	e.raw(ce.Hash[:])
	e.uint(uint64(len(ce.Deps)))
	for _, d := range ce.Deps {
		e.str(d.Path)
		e.int(d.Size)
		e.int(d.ModTime)
		e.bool(d.Missing)
	}
	e.article(ce.Article)
	e.uint(uint64(len(ce.Problems)))
	for _, p := range ce.Problems {
		e.pos(p.Pos)
		e.int(int64(p.Severity))
		e.str(p.Code)
		e.str(p.Msg)
		e.str(p.Hint)
	}
}

type cacheDecoder struct {
	s     string
	i     int
	table []string
	err   bool
}

func (d *cacheDecoder) uint() uint64 {
	if d.err {
		return 0
	}
	v, n := binary.Uvarint([]byte(d.s[d.i:min(len(d.s), d.i+binary.MaxVarintLen64)]))
	if n <= 0 {
		d.err = true
		return 0
	}
	d.i += n
	return v
}

func (d *cacheDecoder) int() int64 {
	if d.err {
		return 0
	}
	v, n := binary.Varint([]byte(d.s[d.i:min(len(d.s), d.i+binary.MaxVarintLen64)]))
	if n <= 0 {
		d.err = true
		return 0
	}
	d.i += n
	return v
}

func (d *cacheDecoder) bool() bool { return d.uint() == 1 }

func (d *cacheDecoder) raw(n int) string {
	if d.err || d.i+n > len(d.s) || n < 0 {
		d.err = true
		return ""
	}
	s := d.s[d.i : d.i+n]
	d.i += n
	return s
}

func (d *cacheDecoder) rawStr() string { return d.raw(d.count()) }

func (d *cacheDecoder) str() string {
	i := d.uint()
	if d.err || i >= uint64(len(d.table)) {
		d.err = true
		return ""
	}
	return d.table[i]
}

func (d *cacheDecoder) strs() []string {
	n := d.uint()
	if n == 0 || d.err || n > uint64(len(d.s)) {
		return nil
	}
	out := make([]string, n-1)
	for i := range out {
		out[i] = d.str()
	}
	return out
}

func (d *cacheDecoder) sum() (s [32]byte) {
	copy(s[:], d.raw(32))
	return s
}

func (d *cacheDecoder) pos() article.Pos {
	return article.Pos{File: d.str(), Line: int(d.int()), Col: int(d.int())}
}

func (d *cacheDecoder) count() int {
	n := d.uint()
	if n > uint64(len(d.s)) {
		d.err = true
		return 0
	}
	return int(n)
}

func (d *cacheDecoder) article() *article.Article {
	if !d.bool() {
		return nil
	}
	a := &article.Article{Kind: article.Kind(d.int()), ID: d.rawStr(), File: d.str(), Title: d.rawStr()}
	if err := a.Date.UnmarshalBinary([]byte(d.rawStr())); err != nil {
		d.err = true
	}
	a.Summary, a.Activity, a.Location = d.rawStr(), d.str(), d.str()
	if n := d.count(); n > 0 {
		a.Images = make([]article.Image, n)
		for i := range a.Images {
			img := &a.Images[i]
			img.Src, img.Alt, img.Caption, img.Credit = d.rawStr(), d.rawStr(), d.rawStr(), d.str()
			img.Width, img.Height, img.Format = int(d.int()), int(d.int()), d.str()
			img.Pos = d.pos()
		}
	}
	a.Author, a.Tags, a.Draft, a.Platforms = d.strs(), d.strs(), d.bool(), d.strs()
	if n := d.uint(); n > 0 && n <= uint64(len(d.s)) {
		a.Social = make(map[string]string, n-1)
		for range n - 1 {
			k := d.str()
			a.Social[k] = d.str()
		}
	}
	a.Assignment = int(d.int())
	a.Aliases = d.strs()
	a.BodyLine = int(d.int())
	return a
}

// decodeBuildCache reads what encodeContent and finishBuildCache wrote.
func decodeBuildCache(data []byte) (*buildCache, error) {
	d := &cacheDecoder{s: string(data)}
	if d.raw(len(cacheVersion)) != cacheVersion {
		return nil, errCorrupt
	}
	d.table = make([]string, d.count())
	for i := range d.table {
		d.table[i] = d.raw(d.count())
	}
	c := &buildCache{Version: cacheVersion, RenderKey: d.sum(), table: d.table, raws: map[*content.CacheEntry]string{}}
	cc := &content.Cache{Key: d.rawStr(), Entries: map[string]*content.CacheEntry{}}
	for n := d.count(); n > 0 && !d.err; n-- {
		f := d.rawStr()
		size := d.count()
		start := d.i
		ce := &content.CacheEntry{Size: d.int(), ModTime: d.int(), Hash: d.sum()}
		for k := d.count(); k > 0 && !d.err; k-- {
			ce.Deps = append(ce.Deps, content.Dep{Path: d.str(), Size: d.int(), ModTime: d.int(), Missing: d.bool()})
		}
		ce.Article = d.article()
		if k := d.count(); k > 0 {
			ce.Problems = make([]article.Problem, k)
			for i := range ce.Problems {
				p := &ce.Problems[i]
				p.Pos = d.pos()
				p.Severity = article.Severity(d.int())
				p.Code, p.Msg, p.Hint = d.str(), d.str(), d.str()
			}
		}
		if d.i-start != size {
			d.err = true
		}
		if !d.err {
			c.raws[ce] = d.s[start:d.i]
		}
		cc.Entries[f] = ce
	}
	c.Content = cc
	n := d.count()
	c.Pages = make(map[string]pageEntry, n)
	for ; n > 0 && !d.err; n-- {
		r := d.rawStr()
		pe := pageEntry{Key: d.sum()}
		pe.Hash = hex.EncodeToString([]byte(d.raw(outHashLen)))
		pe.Size = d.int()
		c.Pages[r] = pe
	}
	if d.err || d.i != len(d.s) {
		return nil, errCorrupt
	}
	return c, nil
}
