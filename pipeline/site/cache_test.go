package site

import (
	"bytes"
	"encoding"
	"encoding/gob"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/content"
)

// fill sets everything reachable from v (settable) to non-zero values,
// each different, and returns what it could not fill: unexported fields,
// which gob would drop without a word, and kinds gob cannot encode. Types
// that encode themselves are filled from a table; a type missing there
// is reported too.
func fill(v reflect.Value, path string, n *int) []string {
	*n++
	switch v.Type() {
	case reflect.TypeFor[time.Time]():
		v.Set(reflect.ValueOf(time.Date(2026, 11, 25, 9, 30, 0, *n, time.UTC)))
		return nil
	case reflect.TypeFor[content.Digest]():
		var d content.Digest
		for i := range d {
			d[i] = byte(*n + i)
		}
		v.Set(reflect.ValueOf(d))
		return nil
	}
	if t := reflect.PointerTo(v.Type()); t.Implements(reflect.TypeFor[gob.GobEncoder]()) || t.Implements(reflect.TypeFor[encoding.BinaryMarshaler]()) {
		return []string{fmt.Sprintf("%s: no test value for %s, which encodes itself", path, v.Type())}
	}
	var bad []string
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", *n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(*n%100 + 1))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(*n%100 + 1))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(*n) + 0.5)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		bad = fill(v.Elem(), path, n)
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				bad = append(bad, fmt.Sprintf("%s.%s is unexported: gob would drop it", path, f.Name))
				continue
			}
			bad = append(bad, fill(v.Field(i), path+"."+f.Name, n)...)
		}
	case reflect.Array:
		for i := range v.Len() {
			bad = append(bad, fill(v.Index(i), path+"[]", n)...)
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range v.Len() {
			bad = append(bad, fill(v.Index(i), path+"[]", n)...)
		}
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		for i := range 2 {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			kb, eb := fill(k, path+"{key}", n), fill(e, path+"[]", n)
			if i == 0 { // the second says the same
				bad = append(append(bad, kb...), eb...)
			}
			v.SetMapIndex(k, e)
		}
	default:
		bad = append(bad, fmt.Sprintf("%s: gob cannot encode a %s", path, v.Kind()))
	}
	return bad
}

// encodeCache returns c as BuildCacheFile holds it; src is the file c was
// read from, for the shards that did not change (nil: encode them all).
func encodeCache(t testing.TB, c *buildCache, src []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	var r io.ReaderAt
	if src != nil {
		r = bytes.NewReader(src)
	}
	if err := c.writeTo(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// decodeCache reads what encodeCache returned.
func decodeCache(data []byte) (*buildCache, error) {
	return readBuildCache(bytes.NewReader(data), int64(len(data)))
}

func TestFillReportsWhatGobDrops(t *testing.T) {
	type inner struct {
		A string
		//lint:ignore U1000 the unexported field is what fill must report
		b int
	}
	type withFunc struct{ F func() }
	for _, c := range []struct {
		v    any
		want string
	}{
		{&struct{ X []inner }{}, "x.X[].b is unexported"},
		{&struct{ M map[string]*inner }{}, "x.M[].b is unexported"},
		{&withFunc{}, "x.F: gob cannot encode a func"},
		{&struct{ D time.Duration }{}, ""},
		{&struct{ U struct{ T time.Time } }{}, ""},
	} {
		n := 0
		bad := fill(reflect.ValueOf(c.v).Elem(), "x", &n)
		got := strings.Join(bad, "; ")
		if c.want == "" && got != "" || !strings.Contains(got, c.want) {
			t.Errorf("fill(%T) reports %q, want %q", c.v, got, c.want)
		}
	}
	var filled struct {
		S []string
		M map[string]int
		P *int
		A [2]byte
	}
	n := 0
	fill(reflect.ValueOf(&filled).Elem(), "x", &n)
	if len(filled.S) == 0 || filled.S[0] == "" || len(filled.M) == 0 || filled.P == nil || *filled.P == 0 || filled.A[1] == 0 {
		t.Errorf("fill left zero values: %+v", filled)
	}
}

// Every field of what the build cache stores survives encoding: a field
// added to the cached types (here or in content and article) that gob
// would drop or cannot encode fails here.
func TestCacheFileRoundTrip(t *testing.T) {
	want := &cacheFile{}
	n := 0
	for _, bad := range fill(reflect.ValueOf(want).Elem(), "cacheFile", &n) {
		t.Error(bad)
	}
	var b bytes.Buffer
	if _, err := writeCacheFile(&b, want, nil, nil); err != nil {
		t.Fatal(err)
	}
	got, _, err := readCacheFile(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip changed the cache file:\ngot  %+v\nwant %+v", got, want)
	}
}

// emptyIsNil lists the slices of the cache file for which an empty one
// may come back as nil: nothing tells the two apart. gob sends no empty
// slice (it does send empty maps), so any other (a new field, say) must
// be kept as EmptyPlatforms keeps "platforms: []".
var emptyIsNil = map[string]bool{
	"Entries[].Deps":                true,
	"Entries[].Problems":            true,
	"Entries[].Article.Images":      true,
	"Entries[].Article.Author":      true,
	"Entries[].Article.Tags":        true,
	"Entries[].Article.Aliases":     true,
	"Entries[].Article.AliasPos":    true,
	"Entries[].Article.Corrections": true,
	"Entries[].Article.Body":        true, // never cached
}

// lists calls fn on every slice and map reachable from v; commit writes v
// back where it came from (into a map), for fn to call after a change.
func lists(v reflect.Value, path string, commit func(), fn func(v reflect.Value, path string, commit func())) {
	if v.Type() == reflect.TypeFor[time.Time]() {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			lists(v.Elem(), path, commit, fn)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				lists(v.Field(i), strings.TrimPrefix(path+"."+v.Type().Field(i).Name, "."), commit, fn)
			}
		}
	case reflect.Slice:
		fn(v, path, commit)
		if v.Len() > 0 {
			lists(v.Index(0), path+"[]", commit, fn)
		}
	case reflect.Map:
		fn(v, path, commit)
		if it := v.MapRange(); it.Next() {
			k, e := it.Key(), reflect.New(v.Type().Elem()).Elem()
			e.Set(it.Value())
			lists(e, path+"[]", func() { v.SetMapIndex(k, e); commit() }, fn)
		}
	}
}

// An empty slice or map read from the build cache is what the loader gave,
// not nil, unless emptyIsNil says nil means the same.
func TestBuildCacheKeepsEmptyLists(t *testing.T) {
	f := &cacheFile{}
	n := 0
	fill(reflect.ValueOf(f).Elem(), "", &n)
	f.EmptyPlatforms = nil // made by encode
	roundTrip := func(t *testing.T) *cacheFile {
		t.Helper()
		c := &buildCache{RenderKey: f.RenderKey, Content: &content.Cache{Key: f.ContentKey, Entries: f.Entries}, Pages: f.Pages}
		d, err := decodeCache(encodeCache(t, c, nil))
		if err != nil {
			t.Fatal(err)
		}
		return &cacheFile{RenderKey: d.RenderKey, ContentKey: d.Content.Key, Entries: d.Content.Entries, Pages: d.Pages}
	}
	if got := roundTrip(t); !reflect.DeepEqual(got, f) {
		t.Fatalf("round trip changed the cache:\ngot  %+v\nwant %+v", got, f)
	}
	seen := map[string]bool{}
	lists(reflect.ValueOf(f).Elem(), "", func() {}, func(v reflect.Value, path string, commit func()) {
		if path == "EmptyPlatforms" {
			return
		}
		seen[path] = true
		old := reflect.ValueOf(v.Interface())
		if v.Kind() == reflect.Slice {
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		} else {
			v.Set(reflect.MakeMap(v.Type()))
		}
		commit()
		got := roundTrip(t)
		if emptyIsNil[path] {
			v.Set(reflect.Zero(v.Type()))
			commit()
		}
		if !reflect.DeepEqual(got, f) {
			t.Errorf("an empty %s does not come back from the build cache as it was", path)
		}
		v.Set(old)
		commit()
	})
	for p := range emptyIsNil {
		if !seen[p] {
			t.Errorf("emptyIsNil names %s, which the cache file does not have", p)
		}
	}
	if !seen["Entries[].Article.Platforms"] {
		t.Errorf("platforms not checked; seen: %v", seen)
	}
}

// A shard of the build cache that holds what it held when read is copied
// from the file read: an edit encodes the shards of the entries and pages
// it changed, and the file is what encoding it all would give. A file
// replaced since it was read is not copied from.
func TestBuildCacheCopiesUnchangedShards(t *testing.T) {
	dir, rk := t.TempDir(), [32]byte{1}
	c := newBuildCache("key", rk)
	for i := range 3000 {
		name := fmt.Sprintf("content/berita/2026/11/%04d/index.md", i)
		c.Content.Entries[name] = &content.CacheEntry{Size: int64(i), Hash: content.Digest{byte(i)},
			Problems: []article.Problem{{Pos: article.Pos{File: name, Line: 2}, Code: "kode", Msg: "pesan"}}}
		c.Pages[fmt.Sprintf("berita/2026/11/%04d/index.html", i)] = pageEntry{Key: content.Digest{byte(i), 1}, Hash: "h", Size: int64(i)}
	}
	if err := c.write(dir); err != nil {
		t.Fatal(err)
	}
	all := shardCount(3000) * 2
	if c.encoded != all || c.shards != all {
		t.Fatalf("first write encoded %d of %d shards, want all %d", c.encoded, c.shards, all)
	}
	// An edit: one entry replaced (as the content cache does), one page
	// rendered anew.
	edit := func(c *buildCache, i int) {
		name := fmt.Sprintf("content/berita/2026/11/%04d/index.md", i)
		edited := *c.Content.Entries[name]
		edited.Size = 99999
		c.Content.Entries[name] = &edited
		c.Pages[fmt.Sprintf("berita/2026/11/%04d/index.html", i)] = pageEntry{Key: content.Digest{9}, Hash: "baru", Size: 5}
	}
	file := filepath.Join(dir, BuildCacheFile)
	read := loadBuildCache(dir, "key", rk)
	if read.dirty || len(read.Content.Entries) != 3000 {
		t.Fatalf("the cache just written was not read: %d entries", len(read.Content.Entries))
	}
	edit(read, 7)
	if err := read.write(dir); err != nil {
		t.Fatal(err)
	}
	if read.encoded != 2 {
		t.Errorf("after one edit, %d of %d shards encoded, want 2", read.encoded, read.shards)
	}
	again, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	whole := encodeCache(t, &buildCache{RenderKey: read.RenderKey, Content: read.Content, Pages: read.Pages}, nil)
	if !bytes.Equal(again, whole) {
		t.Error("the file written from unchanged shards differs from the file encoded whole")
	}
	got, err := decodeCache(again)
	if err != nil {
		t.Fatal(err)
	}
	if got.Content.Entries["content/berita/2026/11/0007/index.md"].Size != 99999 ||
		got.Pages["berita/2026/11/0007/index.html"].Hash != "baru" || len(got.Content.Entries) != 3000 {
		t.Error("the edit did not come back from the file")
	}
	if !reflect.DeepEqual(got.Content.Entries, read.Content.Entries) || !reflect.DeepEqual(got.Pages, read.Pages) {
		t.Error("the file read back differs from the cache written")
	}

	// Another build replaced the file after this one read it.
	read = loadBuildCache(dir, "key", rk)
	edit(read, 8)
	other := filepath.Join(dir, "other")
	if err := os.WriteFile(other, again, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(other, file); err != nil {
		t.Fatal(err)
	}
	if err := read.write(dir); err != nil {
		t.Fatal(err)
	}
	if read.encoded != all {
		t.Errorf("with the file read replaced, %d of %d shards encoded, want all", read.encoded, read.shards)
	}
	if data, err := os.ReadFile(file); err != nil {
		t.Fatal(err)
	} else if got, err := decodeCache(data); err != nil || got.Content.Entries["content/berita/2026/11/0008/index.md"].Size != 99999 {
		t.Errorf("the cache written after the file was replaced does not hold the edit (%v)", err)
	}
}

// The build cache holds the path of a file once, as the name of its
// entry, however many of its problems name it; it comes back everywhere
// it was, and the entry in memory is left as it was.
func TestBuildCacheNamesFileOnce(t *testing.T) {
	name := "content/berita/2026/11/25-jembatan/index.md"
	entry := func() *content.CacheEntry {
		return &content.CacheEntry{Size: 1, Hash: content.Digest{1},
			Article: &article.Article{ID: "berita/2026/11/25-jembatan", File: name, Title: "Jembatan"},
			Problems: []article.Problem{
				{Pos: article.Pos{File: name, Line: 3}, Code: "a", Msg: "pesan"},
				{Pos: article.Pos{File: "content/berita/2026/11/25-jembatan/foto.jpg"}, Code: "b", Msg: "foto"},
				{Pos: article.Pos{File: name, Line: 9}, Code: "c", Msg: "pesan lain"},
			}}
	}
	c := newBuildCache("key", [32]byte{1})
	c.Content.Entries[name] = entry()
	data := encodeCache(t, c, nil)
	if n := bytes.Count(data, []byte(name)); n != 1 {
		t.Errorf("the cache holds the path %d times, want once", n)
	}
	if !reflect.DeepEqual(c.Content.Entries[name], entry()) {
		t.Errorf("writing the cache changed the entry in memory: %+v", c.Content.Entries[name])
	}
	got, err := decodeCache(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Content.Entries[name], entry()) {
		t.Errorf("read back:\ngot  %+v\nwant %+v", got.Content.Entries[name], entry())
	}
}

// A build cache of another version, or one that does not decode, is
// ignored: the build starts over, without an error.
func TestLoadBuildCacheIgnoresOtherVersions(t *testing.T) {
	dir := t.TempDir()
	rk := [32]byte{1}
	c := newBuildCache("key", rk)
	c.Pages = map[string]pageEntry{"index.html": {Key: [32]byte{2}, Hash: "ab", Size: 3}}
	if err := c.write(dir); err != nil {
		t.Fatal(err)
	}
	if got := loadBuildCache(dir, "key", rk); len(got.Pages) != 1 || got.dirty {
		t.Fatalf("a cache just written was not read: %d pages, dirty %v", len(got.Pages), got.dirty)
	}
	name := filepath.Join(dir, BuildCacheFile)
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	other := []byte(strings.Replace(string(data), cacheVersion, "warta-build-cache-0", 1))
	for _, bad := range [][]byte{other, data[:len(data)/2], []byte(cacheVersion + "\n\xff\xff\xff"), nil} {
		if err := os.WriteFile(name, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		got := loadBuildCache(dir, "key", rk)
		if len(got.Pages) != 0 || !got.dirty || got.Content == nil || got.Content.Key != "key" {
			t.Errorf("cache from %q: %d pages, dirty %v; want an empty one", bad[:min(len(bad), 24)], len(got.Pages), got.dirty)
		}
	}
}

// Whatever the cache dir holds, reading the build cache gives a cache or
// an error, never a crash; what decodes is written again (its shards
// copied) as a cache that decodes.
func FuzzDecodeBuildCache(f *testing.F) {
	c := newBuildCache("key", [32]byte{1})
	c.Pages = map[string]pageEntry{"index.html": {Key: content.Digest{2}, Hash: "ab", Size: 3}}
	c.Content.Entries["content/berita/a/index.md"] = &content.CacheEntry{Size: 4, Hash: content.Digest{5}}
	data := encodeCache(f, c, nil)
	f.Add(data)
	f.Add(data[:len(data)-3])
	f.Add([]byte(cacheVersion + "\n\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := decodeCache(data)
		if err != nil {
			return
		}
		again := encodeCache(t, d, data)
		if _, err := decodeCache(again); err != nil {
			t.Fatalf("a cache written again does not decode: %v", err)
		}
	})
}
