package content

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/config"
	"github.com/kominfotik-lampung/warta/pipeline/wib"
)

// GitBlobFS is an fs.FS that knows each file's git blob id, mostly without
// reading the file: a revision read from git, or a work tree whose git
// index still describes the file. When base and cur both are one,
// CheckHistory compares files by id, so an unchanged photo is never read.
type GitBlobFS interface {
	fs.FS
	GitBlobID(name string) (plumbing.Hash, error)
}

// CheckHistory compares the news articles of cur (the work tree, loaded
// into set) with their versions in base (the repository at the base of a
// pull request) and reports what DESIGN.md §10 forbids once an article is
// published (in base, not a draft there, its date there at or before
// now): a title, summary, body or photo changed without a new entry in
// `corrections`; an entry removed or rewritten; the article deleted, or
// its folder renamed without the old path in `aliases` (it would be
// posted again under a new URL). A `retraction` removed from any article
// is reported too. Files that set rejects are left to Load's problems.
// It errs only when base cannot be read.
func CheckHistory(ctx context.Context, base, cur fs.FS, set *Set, cfg *config.Config, now time.Time) ([]article.Problem, error) {
	var (
		baseFiles []string
		mu        sync.Mutex
	)
	err := walkFiles(ctx, base, Dir+"/berita", func(p string, symlink bool) {
		if !symlink && newsRe.MatchString(p) {
			mu.Lock()
			defer mu.Unlock()
			baseFiles = append(baseFiles, p)
		}
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil // no news at the base yet
	}
	if err != nil {
		return nil, fmt.Errorf("content: read base %s: %w", Dir, err)
	}
	sort.Strings(baseFiles)
	inBase := make(map[string]bool, len(baseFiles))
	for _, f := range baseFiles {
		inBase[f] = true
	}
	byFile := map[string]*article.Article{}
	byAlias := map[string]*article.Article{}
	var added []*article.Article // articles whose file is not in base
	for _, a := range set.Articles {
		byFile[a.File] = a
		for _, al := range a.Aliases {
			byAlias[normalizeAlias(al)] = a
		}
		if !inBase[a.File] {
			added = append(added, a)
		}
	}
	rejected := map[string]bool{}
	for _, f := range set.Rejected {
		rejected[f] = true
	}

	h := &history{base: base, cur: cur, cfg: cfg, now: now}
	for _, bf := range baseFiles {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		bv, err := readVersion(base, bf, cfg)
		if err != nil {
			return nil, fmt.Errorf("content: read base %s: %w", bf, err)
		}
		if bv == nil || rejected[bf] {
			continue // unreadable at the base, or broken now: Load reports it
		}
		if a := byFile[bf]; a != nil {
			h.compare(bv, a.File)
			continue
		}
		if !bv.published(now) && bv.retraction == nil {
			continue // never public: free to move or drop
		}
		oldURL := "/" + strings.TrimSuffix(strings.TrimPrefix(bf, Dir+"/"), "/index.md") + "/"
		if a := byAlias[oldURL]; a != nil {
			h.compare(bv, a.File)
			continue
		}
		if a := renamedTo(bv, added); a != nil {
			cv, err := readVersion(cur, a.File, cfg)
			if err != nil || cv == nil {
				continue
			}
			h.add(article.Errorf(cv.at.At("aliases"), "alias-hilang",
				fmt.Sprintf("tambahkan `aliases: [\"%s\"]` agar tautan lama tetap berfungsi dan berita tidak diposting ulang ke media sosial", oldURL),
				"folder berita yang sudah terbit dipindah dari %s tanpa alias", path.Dir(bf)))
			h.compare(bv, a.File)
			continue
		}
		h.add(article.Errorf(article.Pos{File: bf}, "berita-terbit-dihapus",
			"kembalikan berkasnya; untuk menarik berita, tambahkan `retraction: {date: \"…\", reason: \"…\"}` (Pedoman Pemberitaan Media Siber butir 5)",
			"berita yang sudah terbit dihapus"))
	}
	article.SortProblems(h.probs)
	return h.probs, nil
}

// renamedTo finds among added the article that bv became when its folder
// was renamed: the same title, or failing that the same body.
func renamedTo(bv *version, added []*article.Article) *article.Article {
	title := strings.TrimSpace(bv.fm.Title)
	for _, a := range added {
		if a.Title == title {
			return a
		}
	}
	for _, a := range added {
		if a.Body != nil && sameText(a.Body, bv.body) {
			return a
		}
	}
	return nil
}

type history struct {
	base, cur fs.FS
	cfg       *config.Config
	now       time.Time
	probs     []article.Problem
}

func (h *history) add(p article.Problem) { h.probs = append(h.probs, p) }

// version is one article's front matter and body as written, at one
// revision.
type version struct {
	file        string
	fm          *frontMatter
	at          article.Positions
	body        []byte
	bodyLine    int
	date        time.Time
	corrections []article.Correction
	retraction  *article.Retraction
}

// readVersion reads file of fsys; nil (and no error) when it has no
// readable front matter.
func readVersion(fsys fs.FS, file string, cfg *config.Config) (*version, error) {
	src, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, err
	}
	fmData, body, bodyLine, ok := splitFrontMatter(src)
	if !ok {
		return nil, nil
	}
	fm, _, at := parseFrontMatter(file, fmData)
	if fm == nil {
		return nil, nil
	}
	v := &version{file: file, fm: fm, at: at, body: body, bodyLine: bodyLine}
	v.date, _ = wib.ParseDate(strings.TrimSpace(fm.Date), cfg.Location)
	v.corrections, v.retraction = corrections(fm, at, cfg)
	return v, nil
}

// published reports whether the version was public at now.
func (v *version) published(now time.Time) bool {
	return !v.fm.Draft && !v.date.IsZero() && !v.date.After(now)
}

// compare reports what changed from bv (the base) to the current file.
func (h *history) compare(bv *version, file string) {
	cv := bv
	if file != bv.file || !h.sameFile(bv.file, file) {
		var err error
		if cv, err = readVersion(h.cur, file, h.cfg); err != nil || cv == nil {
			return // Load reports an unreadable file
		}
	}
	loc := h.cfg.Location
	if br := bv.retraction; br != nil {
		if cv.retraction == nil {
			h.add(article.Errorf(cv.at.At(""), "pencabutan-dibatalkan",
				"kembalikan `retraction`; berita yang sudah dicabut tidak diterbitkan ulang (tulis berita baru bila perlu)",
				"berita ini sudah dicabut (%s), tetapi `retraction` dihapus", wib.DateTime(br.Date, loc)))
		} else if !sameDate(br.Date, cv.retraction.Date, bv.fm.Retraction.Date, cv.fm.Retraction.Date) ||
			strings.TrimSpace(bv.fm.Retraction.Reason) != strings.TrimSpace(cv.fm.Retraction.Reason) {
			h.add(article.Errorf(cv.retraction.Pos, "pencabutan-diubah",
				"kembalikan `retraction` seperti semula; pengumuman pencabutan yang sudah dimuat tidak diubah",
				"pencabutan yang sudah dimuat diubah"))
		}
	}
	if !bv.published(h.now) {
		return
	}
	for i, be := range bv.corrections {
		raw := bv.fm.Corrections[i]
		if i >= len(cv.corrections) {
			h.add(article.Errorf(cv.at.At("corrections"), "ralat-dihapus",
				"kembalikan entri itu; ralat yang sudah dimuat tidak dihapus (daftar `corrections` hanya bertambah di akhir)",
				"entri ralat corrections[%d] (%s, %s) yang sudah dimuat dihapus", i, strings.TrimSpace(raw.Kind), strings.TrimSpace(raw.Date)))
			continue
		}
		ce, craw := cv.corrections[i], cv.fm.Corrections[i]
		var changed []string
		if !sameDate(be.Date, ce.Date, raw.Date, craw.Date) {
			changed = append(changed, "tanggal")
		}
		if be.Kind != ce.Kind {
			changed = append(changed, "jenis")
		}
		if be.Note != ce.Note {
			changed = append(changed, "catatan")
		}
		if len(changed) > 0 {
			h.add(article.Errorf(ce.Pos, "ralat-diubah",
				"kembalikan entri itu seperti semula; untuk meralat lagi, tambahkan entri baru di akhir `corrections`",
				"entri ralat corrections[%d] yang sudah dimuat diubah (%s)", i, strings.Join(changed, ", ")))
		}
	}
	if cv.retraction != nil || len(cv.corrections) > len(bv.corrections) {
		return // the change is announced
	}
	var (
		what  []string
		first *article.Pos
	)
	note := func(p article.Pos, w string) {
		what = append(what, w)
		if first == nil {
			first = &p
		}
	}
	if strings.TrimSpace(bv.fm.Title) != strings.TrimSpace(cv.fm.Title) {
		note(cv.at.At("title"), "judul")
	}
	if strings.TrimSpace(bv.fm.Summary) != strings.TrimSpace(cv.fm.Summary) {
		note(cv.at.At("summary"), "ringkasan")
	}
	if !sameImages(bv.fm.Images, cv.fm.Images) {
		note(cv.at.At("images"), "daftar foto")
	} else {
		for i, img := range cv.fm.Images {
			src := strings.TrimSpace(img.Src)
			if !fs.ValidPath(src) {
				continue // Load reports it
			}
			if !h.sameFile(path.Join(path.Dir(bv.file), src), path.Join(path.Dir(cv.file), src)) {
				note(cv.at.At(fmt.Sprintf("images[%d].src", i)), fmt.Sprintf("berkas foto `%s`", src))
			}
		}
	}
	if !sameText(bv.body, cv.body) {
		note(article.Pos{File: cv.file, Line: cv.bodyLine}, "isi")
	}
	if first == nil {
		return
	}
	h.add(article.Errorf(*first, "ralat-wajib",
		fmt.Sprintf("umumkan perubahan dengan entri baru di akhir `corrections`, misalnya\n      corrections:\n        - date: \"%s\"\n          kind: ralat\n          note: \"Sebelumnya tertulis …; yang benar …\"",
			h.now.In(h.cfg.Location).Format("2006-01-02 15:04")),
		"berita yang sudah terbit diubah (%s) tanpa entri ralat baru", strings.Join(what, ", ")))
}

// sameDate compares two entry dates: as times when both parse, else as
// written.
func sameDate(a, b time.Time, rawA, rawB string) bool {
	if !a.IsZero() && !b.IsZero() {
		return a.Equal(b)
	}
	return strings.TrimSpace(rawA) == strings.TrimSpace(rawB)
}

// sameText compares two bodies as readers see them: line endings and
// surrounding blank space do not count.
func sameText(a, b []byte) bool {
	norm := func(s []byte) []byte { return bytes.TrimSpace(bytes.ReplaceAll(s, []byte("\r\n"), []byte("\n"))) }
	return bytes.Equal(norm(a), norm(b))
}

func sameImages(a, b []article.Image) bool {
	if len(a) != len(b) {
		return false
	}
	t := strings.TrimSpace
	for i := range a {
		if t(a[i].Src) != t(b[i].Src) || t(a[i].Alt) != t(b[i].Alt) || t(a[i].Caption) != t(b[i].Caption) || t(a[i].Credit) != t(b[i].Credit) {
			return false
		}
	}
	return true
}

// sameFile reports whether basePath in base holds the same bytes as
// curPath in cur; a file missing on either side is not the same.
func (h *history) sameFile(basePath, curPath string) bool {
	bg, ok1 := h.base.(GitBlobFS)
	cg, ok2 := h.cur.(GitBlobFS)
	if ok1 && ok2 {
		a, err1 := bg.GitBlobID(basePath)
		b, err2 := cg.GitBlobID(curPath)
		return err1 == nil && err2 == nil && a == b
	}
	data, err := fs.ReadFile(h.cur, curPath)
	if err != nil {
		return false
	}
	if g, ok := h.base.(GitBlobFS); ok {
		id, err := g.GitBlobID(basePath)
		return err == nil && id == plumbing.ComputeHash(plumbing.BlobObject, data)
	}
	old, err := fs.ReadFile(h.base, basePath)
	return err == nil && bytes.Equal(old, data)
}
