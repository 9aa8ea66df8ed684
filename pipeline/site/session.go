package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/config"
	"github.com/kominfotik-lampung/warta/pipeline/content"
)

// A Session builds one site into one out dir again and again, as `warta
// serve` does on every change, and keeps the last build in memory: its
// entries, templates, output sums and build cache. When told which files
// changed, and they are only Markdown files of articles or pages on the
// site whose list entries (title, date, summary, tags, location, photos,
// URL, aliases, draft, corrections, retraction: the summary key) and
// problems stay the same, it reloads just those files, renders just their
// pages and writes them (a quick rebuild). Anything else runs Build, whose
// build cache makes it incremental. Its methods may be called from
// several goroutines; builds run one at a time.
type Session struct {
	fsys fs.FS
	out  string

	mu   sync.Mutex
	last *builder // the last build's, nil before the first or after a failed one
	res  Result   // the last build's result
	now  time.Time
	// due is the earliest date after now of anything loaded: when the
	// clock reaches it, an embargoed article or page joins the site.
	due      time.Time
	drafts   bool
	cacheDir string
	// dirty: quick rebuilds changed the build cache since it was saved.
	dirty bool
}

// NewSession returns a session that builds the repository in fsys into
// the OS folder out.
func NewSession(fsys fs.FS, out string) *Session {
	return &Session{fsys: fsys, out: out}
}

// Build builds the site. changed lists the files (slash-separated paths
// relative to the fsys root) that changed since the last call; nil means
// not known, which runs Build. opt must be the same on every call except
// Config and Now. Results and errors are Build's.
func (s *Session) Build(ctx context.Context, opt Options, changed []string) (*Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.last != nil && changed != nil {
		res, ok, err := s.quick(opt, changed)
		if ok {
			return res, nil
		}
		opt.logger().Debug("no quick rebuild", "why", err)
	}
	s.last = nil
	var b *builder
	res, err := runBuild(ctx, s.fsys, s.out, opt, &b)
	if err != nil {
		return nil, err
	}
	s.keep(b, res, opt)
	return res, nil
}

// Close saves the build cache when quick rebuilds changed it. Without
// this, the next build re-renders the pages they wrote, which is correct
// but slower.
func (s *Session) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.dirty || s.last == nil || s.cacheDir == "" {
		return nil
	}
	s.dirty = false
	return s.last.cache.flush(s.cacheDir)
}

// keep remembers a finished build for quick rebuilds, when it was keyed.
func (s *Session) keep(b *builder, res *Result, opt Options) {
	s.dirty = false
	if b.cache == nil || b.set == nil {
		return
	}
	s.last, s.res = b, *res
	s.now, s.drafts, s.cacheDir = b.now, opt.Drafts, opt.CacheDir
	s.due = time.Time{}
	for _, as := range [][]*article.Article{b.set.Articles, b.set.Pages} {
		for _, a := range as {
			if a.Date.After(s.now) && (s.due.IsZero() || a.Date.Before(s.due)) {
				s.due = a.Date
			}
		}
	}
	b.set = nil // only its dates were needed
}

// needFull says why a quick rebuild cannot stand in for Build.
func needFull(format string, args ...any) error {
	return fmt.Errorf("site: full build: "+format, args...)
}

// quick rebuilds only the pages of changed Markdown files; ok is false
// (with the reason as err) when Build must run instead. It writes nothing
// before it knows it can finish, except when writing itself fails.
func (s *Session) quick(opt Options, changed []string) (res *Result, ok bool, err error) {
	start := time.Now()
	cfg, err := s.sameSite(&opt)
	if err != nil {
		return nil, false, err
	}
	files, err := s.changedFiles(changed)
	if err != nil {
		return nil, false, err
	}
	pages := make([]quickPage, len(files))
	for i, f := range files {
		if pages[i], err = s.rerender(cfg, f); err != nil {
			return nil, false, err
		}
	}
	written, err := s.write(pages)
	if err != nil {
		// Some files may be written: Build compares every file with
		// what is on disk, so it repairs that.
		return nil, false, err
	}
	res = &Result{
		Problems: s.res.Problems, Articles: s.res.Articles, Files: s.res.Files,
		Written: written, Reused: s.res.Files - len(pages), Held: s.res.Held, Unbuilt: s.res.Unbuilt,
	}
	opt.logger().Debug("site rebuilt quickly", "files", files, "written", written,
		"elapsed", time.Since(start).Round(time.Microsecond).String())
	return res, true, nil
}

// sameSite checks that what every page depends on is as in the last
// build, and returns the config.
func (s *Session) sameSite(opt *Options) (*config.Config, error) {
	if opt.Drafts != s.drafts || opt.CacheDir != s.cacheDir {
		return nil, needFull("options changed")
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	cfg, err := loadConfig(s.fsys, opt)
	if err != nil {
		return nil, err
	}
	// Config, templates, binary, year, drafts: site/ changes come as
	// paths too, but templates may be kept elsewhere.
	now := opt.Now()
	ck := configKey(cfg)
	rk, keyed := renderKey(ck, opt.Templates, *opt, now, cfg)
	if ck == "" || !keyed || ck != s.last.cache.Content.Key || rk != s.last.cache.RenderKey {
		return nil, needFull("config, templates or year changed")
	}
	// What is on the site depends on the clock: nothing may cross the
	// embargo line.
	if now.Before(s.now) || (!s.due.IsZero() && !now.Before(s.due)) {
		return nil, needFull("an embargo ended")
	}
	return cfg, nil
}

// changedFiles returns the Markdown files of articles and pages on the
// site among the changed paths, once each; it errs when another path
// changed that may matter.
func (s *Session) changedFiles(changed []string) ([]string, error) {
	var files []string
	for _, p := range changed {
		p = path.Clean(p)
		if list, _ := s.onSite(p); list != nil {
			if !slices.Contains(files, p) {
				files = append(files, p)
			}
		} else if !s.irrelevant(p) {
			return nil, needFull("%s changed", p)
		}
	}
	return files, nil
}

// quickPage is the page of one changed file, rendered again.
type quickPage struct {
	list []*entry // b.articles or b.pages, where list[i] is the entry
	i    int
	e    *entry // the entry made from the file as it is now
	kind string // of its key: "article" or "page"
	rel  string
	data []byte
}

// rerender loads file again and renders its page, when nothing but the
// page changes: its problems and list entry stay as they were (so every
// other file of the site and the problems reported do too).
func (s *Session) rerender(cfg *config.Config, file string) (quickPage, error) {
	b := s.last
	list, i := s.onSite(file)
	old := list[i]
	p := quickPage{list: list, i: i, kind: "article", rel: rel(old.a.URLPath())}
	render := b.renderArticle
	if old.a.Kind == article.Page {
		p.kind, render = "page", b.renderPage
	}
	prev := b.cache.Content.Entries[file]
	if prev == nil || !old.keyed {
		return p, needFull("%s not keyed", file)
	}
	prevProbs := prev.Problems // LoadFile replaces the entry
	a, probs, hash, err := content.LoadFile(s.fsys, file, cfg, content.Options{Cache: b.cache.Content})
	if err != nil {
		return p, err
	}
	if a == nil || !slices.Equal(probs, prevProbs) {
		return p, needFull("problems of %s changed", file)
	}
	p.e = b.prepare(a)
	p.e.related = old.related // its terms are in the summary key, which stays
	entryDigests(p.e, hash)
	if p.e.sumKey != old.sumKey || a.Kind != old.a.Kind {
		return p, needFull("list entry of %s changed", file)
	}
	var buf bytes.Buffer
	if err := render(&buf, b.sv, p.e); err != nil {
		return p, err
	}
	p.data = buf.Bytes()
	a.Body = nil // kept entries hold no body, as after Build
	return p, nil
}

// write writes the pages, then records them as the last build's.
func (s *Session) write(pages []quickPage) (written int, err error) {
	b := s.last
	files := make(map[string][]byte, len(pages))
	for _, p := range pages {
		files[p.rel] = p.data
	}
	if written, err = b.out.update(files); err != nil {
		return written, err
	}
	for _, p := range pages {
		sum := b.out.files[p.rel]
		if k, ok := b.entryKey(p.kind, p.rel, p.e)(); ok {
			b.cache.update(p.rel, pageEntry{Key: content.Digest(k), Hash: sum.hash, Size: sum.size})
			s.dirty = s.dirty || s.cacheDir != ""
		}
		p.list[p.i] = p.e
	}
	return written, nil
}

// onSite finds the article or page whose Markdown file is file, when the
// last build wrote its page: list[i] is its entry; list is nil otherwise.
func (s *Session) onSite(file string) (list []*entry, i int) {
	b := s.last
	for _, list := range [][]*entry{b.articles, b.pages, b.withdrawn} {
		for i, e := range list {
			if e.a.File == file {
				if b.claimed[rel(e.a.URLPath())] != file {
					return nil, 0
				}
				return list, i
			}
		}
	}
	return nil, 0
}

// irrelevant reports whether a changed path cannot change the site: a
// file below content/ that is no Markdown, no photo any loaded file names,
// and, when it is gone, held nothing the last build read (it may have
// been a folder). Editors make such files while saving (vim's "4913",
// temporary files renamed over the original).
func (s *Session) irrelevant(p string) bool {
	if !fs.ValidPath(p) || !strings.HasPrefix(p, content.Dir+"/") || strings.EqualFold(path.Ext(p), ".md") {
		return false
	}
	st, err := fs.Lstat(s.fsys, p)
	switch {
	case err == nil && !st.Mode().IsRegular():
		return false
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return false
	}
	gone := err != nil
	used := func(f string) bool {
		return f == p || (gone && strings.HasPrefix(f, p+"/"))
	}
	for f, ce := range s.last.cache.Content.Entries {
		if used(f) {
			return false
		}
		for _, d := range ce.Deps {
			if used(d.Path) {
				return false
			}
		}
	}
	// Misplaced Markdown files are not loaded, only reported.
	for _, pr := range s.res.Problems {
		if used(pr.Pos.File) {
			return false
		}
	}
	return true
}

// logger is opt.Log, or one that discards.
func (opt Options) logger() *slog.Logger {
	if opt.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return opt.Log
}
