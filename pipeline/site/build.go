package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/url"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"golang.org/x/sync/errgroup"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/config"
	"github.com/kominfotik-lampung/warta/pipeline/content"
	"github.com/kominfotik-lampung/warta/pipeline/markdown"
	"github.com/kominfotik-lampung/warta/pipeline/wib"
)

// Folders in the repository that hold the look of the site.
const (
	TemplatesDir = "site/templates"
	StaticDir    = "site/static"
	// CacheDir is the default image cache below the repository root.
	CacheDir = ".cache/warta/images"
)

// Options tune Build.
type Options struct {
	// Config is the loaded site/config.yaml; nil loads it from the fs.
	Config *config.Config
	// Drafts includes draft articles. Future-dated ones are never built.
	Drafts bool
	// Now is the clock that decides what is due; nil means time.Now.
	Now func() time.Time
	// CacheDir is an OS folder for image derivatives keyed by content hash
	// and for the build cache (BuildCacheFile) that makes rebuilds
	// incremental; "" disables caching.
	CacheDir string
	// Templates and Static default to site/templates and site/static of the
	// fs given to Build.
	Templates fs.FS
	Static    fs.FS
	// Workers bounds parallel rendering; 0 means GOMAXPROCS.
	Workers int
	// Log receives maintainer diagnostics; nil discards them.
	Log *slog.Logger
}

// Result tells what a build did.
type Result struct {
	// Problems found in content; articles with errors were skipped.
	Problems []article.Problem
	// Articles is the number of news articles on the site.
	Articles int
	// Files is the number of files the site consists of; Written of them
	// changed in this build, Removed files of the previous build went away.
	Files, Written, Removed int
	// Encoded counts image derivatives made (not taken from the cache).
	Encoded int
	// Reused counts files the build cache vouched for: their inputs did
	// not change, so they were neither rendered nor read.
	Reused int
	// Held are the articles and pages left out because their date has
	// not come yet (an embargo), soonest first; drafts are not among them.
	Held []Held
	// Unbuilt are the files with errors that are not on the site (they
	// could not be read, or are drafts or held), sorted.
	Unbuilt []string
}

// Held is an article or page waiting for its date.
type Held struct {
	File, Title string
	Date        time.Time
	When        string // Date as readers see it, in the site's zone: "Selasa, 1 Desember 2026, 08.00 WIB"
}

// ConfigError is returned when site/config.yaml has errors.
type ConfigError struct {
	Problems []article.Problem
}

func (e *ConfigError) Error() string {
	return fmt.Sprintf("site: config has %d problems", len(e.Problems))
}

// TemplateError is returned when the templates cannot be parsed or run.
type TemplateError struct {
	Err error
}

func (e *TemplateError) Error() string { return "site: templates: " + e.Err.Error() }
func (e *TemplateError) Unwrap() error { return e.Err }

// Build renders the site of the repository in fsys into the OS folder out.
// Content problems are results (the articles are skipped); the error is for
// a build that could not run: config errors (*ConfigError), templates
// (*TemplateError), I/O.
func Build(ctx context.Context, fsys fs.FS, out string, opt Options) (*Result, error) {
	return runBuild(ctx, fsys, out, opt, nil)
}

// runBuild is Build; with kept set (a Session), it also stores the
// finished builder there, and a build without cache dir keys its files
// with a build cache held in memory only, so the session can tell what
// changed.
func runBuild(ctx context.Context, fsys fs.FS, out string, opt Options, kept **builder) (*Result, error) {
	session := kept != nil
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.Workers < 1 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	cfg, err := loadConfig(fsys, &opt)
	if err != nil {
		return nil, err
	}
	// Phase durations, for maintainers (WARTA_DEBUG=1 shows them).
	start := time.Now()
	var phases []any
	mark := func(name string) {
		phases = append(phases, name, time.Since(start).Round(time.Millisecond).String())
	}
	tpl, err := parseTemplates(opt.Templates)
	if err != nil {
		return nil, &TemplateError{err}
	}
	var cache *buildCache
	if opt.CacheDir != "" || session {
		if ck := configKey(cfg); ck != "" {
			if rk, ok := renderKey(ck, opt.Templates, opt, opt.Now(), cfg); ok {
				if opt.CacheDir != "" {
					cache = loadBuildCache(opt.CacheDir, ck, rk)
				} else {
					cache = newBuildCache(ck, rk)
				}
			}
		}
	}
	copt := content.Options{NoBody: true}
	if cache != nil {
		copt.Cache = cache.Content
	}
	mark("cache")
	set, probs, err := loadContent(ctx, fsys, cfg, copt)
	if err != nil {
		return nil, err
	}
	mark("content")
	o, err := openOutput(out)
	if err != nil {
		return nil, err
	}
	b := newBuilder(cfg, tpl, opt, set)
	b.claimed = make(map[string]string, len(o.old))
	b.claimedDirs = make(map[string]bool, len(b.articles)+len(b.pages))
	b.fsys = fsys
	b.problems = probs
	if cache != nil {
		b.cache = cache
		all := append(append(append([]*entry{}, b.articles...), b.pages...), b.withdrawn...)
		parallel(len(all), opt.Workers, func(i int) {
			if h, ok := cache.Content.Hash(all[i].a.File); ok {
				entryDigests(all[i], h)
			}
		})
	}
	b.out = o
	b.images = newImageMaker(fsys, opt.CacheDir, cfg.Build.ImageQuality)
	wait := b.startPool(ctx)
	if err := b.plan(); err != nil {
		_ = wait()
		o.root.Close()
		return nil, err
	}
	mark("plan")
	if err := wait(); err != nil {
		o.root.Close()
		return nil, err
	}
	if err := b.settleFailed(); err != nil {
		o.root.Close()
		return nil, err
	}
	mark("render")
	removed, err := o.finish()
	if err != nil {
		return nil, err
	}
	mark("manifest")
	if cache != nil && opt.CacheDir != "" {
		if err := cache.save(opt.CacheDir); err != nil {
			opt.Log.Warn("build cache not saved", "err", err)
		}
		mark("cache-saved")
		opt.Log.Debug("build cache shards encoded (the others written as read)", "encoded", cache.encoded, "of", cache.shards)
	}
	opt.Log.Debug("site build phases (elapsed)", phases...)
	opt.Log.Debug("site built", "articles", len(b.articles), "files", len(o.files), "written", o.written,
		"removed", removed, "encoded", b.encoded)
	if session {
		b.set = set
		*kept = b
	}
	return &Result{
		Held:     b.held,
		Unbuilt:  b.unbuilt(),
		Problems: b.problems,
		Articles: len(b.articles),
		Files:    len(o.files),
		Written:  o.written,
		Removed:  removed,
		Encoded:  b.encoded,
		Reused:   int(b.reused.Load()),
	}, nil
}

// loadConfig returns opt.Config, or site/config.yaml of fsys when it is
// nil, and fills in the default templates and static files.
func loadConfig(fsys fs.FS, opt *Options) (*config.Config, error) {
	cfg := opt.Config
	if cfg == nil {
		c, probs, err := config.Load(fsys)
		if err != nil {
			return nil, err
		}
		if article.HasErrors(probs) {
			return nil, &ConfigError{Problems: probs}
		}
		cfg = c
	}
	if opt.Templates == nil {
		sub, err := fs.Sub(fsys, TemplatesDir)
		if err != nil {
			return nil, &TemplateError{err}
		}
		opt.Templates = sub
	}
	if opt.Static == nil {
		if sub, err := fs.Sub(fsys, StaticDir); err == nil {
			opt.Static = sub
		}
	}
	return cfg, nil
}

// loadContent loads content/, or nothing when the folder does not exist yet.
func loadContent(ctx context.Context, fsys fs.FS, cfg *config.Config, opt content.Options) (*content.Set, []article.Problem, error) {
	if _, err := fs.Stat(fsys, content.Dir); errors.Is(err, fs.ErrNotExist) {
		return &content.Set{}, nil, nil
	}
	return content.Load(ctx, fsys, cfg, opt)
}

// job is one unit of parallel work; ctx is done once the build fails or
// is cancelled.
type job func(ctx context.Context) error

// builder holds one build's state.
type builder struct {
	cfg      *config.Config
	tpl      *templates
	opt      Options
	md       *markdown.Renderer
	now      time.Time
	basePath string // URL path of base_url: "/" or "/sub/"

	articles []*entry // news on the site, newest first
	pages    []*entry // static pages
	held     []Held   // left out until their date
	// withdrawn are retracted news, newest first: each keeps its page (a
	// notice) and aliases, and is on no list, feed, index or sitemap.
	withdrawn []*entry
	problems  []article.Problem

	fsys    fs.FS
	set     *content.Set // what was loaded; kept for a Session only
	sv      *siteView    // shared by every page, made by plan
	out     *output
	images  *imageMaker
	cache   *buildCache // nil: every file is rendered
	claimed map[string]string
	// claimedDirs holds every folder of a claimed path.
	claimedDirs map[string]bool
	// failed lists files jobs dropped for their name (dropUnwritable).
	failed []failedWrite
	submit func(job)                   // to the workers of startPool
	chrome map[string][3]template.HTML // nav key → head links, header, footer

	mu      sync.Mutex
	encoded int
	reused  atomic.Int64
	bufs    sync.Pool // *bytes.Buffer for rendering pages
	bodies  sync.Pool // *bodyBuf for article bodies
}

// entry is an article prepared for rendering; sum is the compact form list
// pages use.
type entry struct {
	a      *article.Article
	sum    *summaryView
	resp   []responsive
	photos []photo
	tooBig []int // indexes of a.Images over the pixel budget
	// tags and location link the article's tag and location pages; each
	// term once, by slug (location has one term or none).
	tags, location []termLink
	// related are other articles on the site sharing a tag or the
	// location, newest first (builder.relate).
	related []*summaryView
	// digest keys the article's own page, sumKey its list entry; set
	// only when keyed (the build cache knows the file's hash).
	digest, sumKey [32]byte
	keyed          bool
}

func newBuilder(cfg *config.Config, tpl *templates, opt Options, set *content.Set) *builder {
	b := &builder{cfg: cfg, tpl: tpl, opt: opt, md: markdown.New(), now: opt.Now(), claimed: map[string]string{},
		claimedDirs: map[string]bool{}, basePath: BasePath(cfg.Site.BaseURL)}
	b.bufs.New = func() any { return bytes.NewBuffer(make([]byte, 0, 32<<10)) }
	b.bodies.New = func() any { return new(bodyBuf) }
	var arts, pages, gone []*article.Article
	for _, a := range set.Articles {
		if a.Draft && !opt.Drafts {
			continue
		}
		if a.Date.After(b.now) {
			b.held = append(b.held, Held{File: a.File, Title: a.Title, Date: a.Date, When: wib.LongDate(a.Date, cfg.Location)})
			continue
		}
		if a.Retracted() {
			gone = append(gone, a)
			continue
		}
		arts = append(arts, a)
	}
	for _, a := range set.Pages {
		if a.Draft && !opt.Drafts {
			continue
		}
		if !a.Date.IsZero() && a.Date.After(b.now) {
			b.held = append(b.held, Held{File: a.File, Title: a.Title, Date: a.Date, When: wib.LongDate(a.Date, cfg.Location)})
			continue
		}
		pages = append(pages, a)
	}
	sort.SliceStable(b.held, func(i, j int) bool {
		if !b.held[i].Date.Equal(b.held[j].Date) {
			return b.held[i].Date.Before(b.held[j].Date)
		}
		return b.held[i].File < b.held[j].File
	})
	b.articles = make([]*entry, len(arts))
	b.pages = make([]*entry, len(pages))
	b.withdrawn = make([]*entry, len(gone))
	parallel(len(arts)+len(pages)+len(gone), opt.Workers, func(i int) {
		switch {
		case i < len(arts):
			b.articles[i] = b.prepare(arts[i])
		case i < len(arts)+len(pages):
			b.pages[i-len(arts)] = b.prepare(pages[i-len(arts)])
		default:
			b.withdrawn[i-len(arts)-len(pages)] = b.prepare(gone[i-len(arts)-len(pages)])
		}
	})
	return b
}

// unbuilt lists the files with errors that have no page on the site.
func (b *builder) unbuilt() []string {
	built := map[string]bool{}
	for _, list := range [][]*entry{b.articles, b.pages} {
		for _, e := range list {
			built[e.a.File] = true
		}
	}
	var out []string
	for _, p := range b.problems {
		if p.Severity == article.Error && p.Pos.File != "" && !built[p.Pos.File] && !slices.Contains(out, p.Pos.File) &&
			strings.HasPrefix(p.Pos.File, content.Dir+"/") {
			out = append(out, p.Pos.File)
		}
	}
	sort.Strings(out)
	return out
}

// parallel calls fn(0) … fn(n-1) on up to workers goroutines (one when
// workers < 1), each taking the next index from a shared counter: handing
// out thousands of small calls one by one over a channel cost more than
// some of them.
func parallel(n, workers int, fn func(i int)) {
	var g errgroup.Group
	var next atomic.Int64
	for range min(max(1, workers), max(n, 1)) {
		g.Go(func() error {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				fn(i)
			}
			return nil
		})
	}
	_ = g.Wait() // fn returns no error
}

// BasePath is the path part of a base URL, with slashes around it: "/" for
// https://example.go.id/, "/warta/" for https://org.github.io/warta/.
func BasePath(baseURL string) string {
	u, err := url.Parse(baseURL)
	if err != nil || strings.Trim(u.Path, "/") == "" {
		return "/"
	}
	return "/" + strings.Trim(u.Path, "/") + "/"
}

// link turns a site path ("/berita/x/") into a link that works under the
// base URL's path.
func (b *builder) link(p string) string { return b.basePath + strings.TrimPrefix(p, "/") }

// abs is the absolute URL of a site path.
func (b *builder) abs(p string) string { return b.cfg.ArticleURL(p) }

func (b *builder) prepare(a *article.Article) *entry {
	e := &entry{a: a}
	if a.Retracted() {
		// Nothing of a retracted article's photos stays on the site.
		e.resp = make([]responsive, len(a.Images))
	} else {
		e.photos, e.resp, e.tooBig = planPhotos(a, b.cfg.Build.ImageWidths, b.cfg.Build.MaxImageMegapixels)
	}
	seen := map[string]bool{}
	for _, t := range a.Tags {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		sl := termSlug(t)
		if seen[sl] {
			continue
		}
		seen[sl] = true
		e.tags = append(e.tags, termLink{Name: t, URL: b.link("/tag/" + sl + "/"), slug: sl})
	}
	if l := strings.TrimSpace(a.Location); l != "" {
		sl := termSlug(l)
		e.location = []termLink{{Name: l, URL: b.link("/lokasi/" + sl + "/"), slug: sl}}
	}
	s := &summaryView{
		Title:    a.Title,
		URL:      b.link(a.URLPath()),
		Summary:  a.Summary,
		Activity: a.Activity,
		Location: a.Location,
		Draft:    a.Draft,
	}
	if len(e.location) > 0 {
		s.LocationURL = e.location[0].URL
	}
	if !a.Date.IsZero() {
		s.DateText = wib.Date(a.Date, b.cfg.Location)
		s.DateISO = a.Date.In(b.cfg.Location).Format(time.RFC3339)
	}
	if len(e.resp) > 0 && len(e.resp[0].widths) > 0 {
		// One view of the first photo, three ways (its srcset made once).
		s.og = b.imageView(a.Images[0], e.resp[0], true, "")
		large, thumb := *s.og, *s.og
		large.Lazy, large.Sizes = false, articleSizes
		// Lists show a small picture: the smallest derivative is the fallback.
		thumb.Sizes = "(min-width: 40rem) 12rem, 100vw"
		thumb.Src = b.link(e.resp[0].urls[0])
		thumb.Width, thumb.Height = e.resp[0].widths[0], e.resp[0].heights[0]
		s.Large, s.Thumb = &large, &thumb
	}
	e.sum = s
	return e
}

// imageView describes a responsive <img>: the largest derivative as src,
// every width in srcset.
func (b *builder) imageView(img article.Image, r responsive, lazy bool, sizes string) *imageView {
	last := len(r.widths) - 1
	var set []string
	for i, w := range r.widths {
		set = append(set, fmt.Sprintf("%s %dw", b.link(r.urls[i]), w))
	}
	return &imageView{
		Src: b.link(r.urls[last]), SrcSet: strings.Join(set, ", "), Sizes: sizes,
		Width: r.widths[last], Height: r.heights[last], Alt: img.Alt,
		Caption: img.Caption, Credit: img.Credit, Lazy: lazy,
	}
}

// claim reserves an output path; the first claimant wins.
// A path that cannot be written beside the others (builder.writable) is
// never claimed.
func (b *builder) claim(rel, by string) bool {
	if _, ok := b.claimed[rel]; ok || !b.writable(rel) {
		return false
	}
	b.claimed[rel] = by
	for d := parent(rel); d != "" && !b.claimedDirs[d]; d = parent(d) {
		b.claimedDirs[d] = true
	}
	return true
}

// parent is the folder of an output path, "" at the top: what path.Dir
// gives for a path that is clean already, as every output path is,
// without cleaning it again (claim calls it tens of thousands of times).
func parent(rel string) string {
	if i := strings.LastIndexByte(rel, '/'); i >= 0 {
		return rel[:i]
	}
	return ""
}

// renderFunc writes one output file into w.
type renderFunc func(w *bytes.Buffer) error

// bytesOf adapts a function that returns the whole file.
func bytesOf(f func() ([]byte, error)) renderFunc {
	return func(w *bytes.Buffer) error {
		data, err := f()
		w.Write(data)
		return err
	}
}

// add queues a job that renders one file.
func (b *builder) add(rel string, render renderFunc) {
	b.addKeyed(rel, nil, render)
}

// addKeyed queues a job that renders one file unless the build cache
// holds it under the same key and the file is intact in the out dir. key
// hashes every input of the file; nil, or a false ok, means uncacheable.
func (b *builder) addKeyed(rel string, key func() ([32]byte, bool), render renderFunc) {
	b.enqueue(func(context.Context) error {
		var k [32]byte
		keyed := false
		if b.cache != nil && key != nil {
			k, keyed = key()
		}
		if keyed {
			if pe, ok := b.cache.lookup(rel, k); ok && b.out.keep([]string{rel}, []fileSum{{pe.Hash, pe.Size}}) {
				b.cache.record(rel, pe, false)
				b.reused.Add(1)
				return nil
			}
		}
		// Pages are rendered into recycled buffers: allocating and
		// zeroing a fresh one per page cost more than writing it.
		buf := b.bufs.Get().(*bytes.Buffer)
		buf.Reset()
		defer b.bufs.Put(buf)
		if err := render(buf); err != nil {
			return err
		}
		sum, err := b.out.putSum(rel, buf.Bytes())
		if err != nil {
			return b.dropUnwritable(rel, err)
		}
		if keyed {
			b.cache.record(rel, pageEntry{Key: content.Digest(k), Hash: sum.hash, Size: sum.size}, true)
		}
		return nil
	})
}

// startPool starts the bounded group of workers that run the jobs plan
// queues (b.enqueue), so rendering starts while the rest of the site is
// planned; a job waits for a free worker. wait waits for the queued jobs
// and returns the first error. After an error, or once ctx is done,
// queued jobs return at once without running.
func (b *builder) startPool(ctx context.Context) (wait func() error) {
	g, gctx := errgroup.WithContext(ctx)
	jobs := make(chan job, 64)
	// A few long-lived workers rather than a goroutine a job: rendering a
	// page grows a goroutine's stack (templates and goldmark recurse), and
	// a fresh goroutine for each of 16,000 pages grows it anew each time.
	for range max(1, b.opt.Workers) {
		g.Go(func() error {
			for j := range jobs {
				if gctx.Err() != nil {
					continue // drain: the submitter stops on gctx.Done
				}
				if err := j(gctx); err != nil {
					return err
				}
			}
			return nil
		})
	}
	b.submit = func(j job) {
		select {
		case jobs <- j:
		case <-gctx.Done():
		}
	}
	return func() error {
		close(jobs)
		if err := g.Wait(); err != nil {
			return err
		}
		return ctx.Err()
	}
}

// enqueue hands a job to the pool.
func (b *builder) enqueue(j job) { b.submit(j) }

// page returns a job body that renders template name with data.
func (b *builder) page(name string, data *pageData) renderFunc {
	return func(w *bytes.Buffer) error { return b.exec(w, name, data) }
}

// exec renders a page with the header and footer made once per build.
func (b *builder) exec(w *bytes.Buffer, name string, d *pageData) error {
	if d.List != nil {
		for _, s := range d.List.Items {
			s.once.Do(func() { s.Card, s.err = b.tpl.renderCard(s) })
			if s.err != nil {
				return s.err
			}
		}
	}
	if d.Article != nil {
		for _, s := range d.Article.Related {
			s.relOnce.Do(func() { s.Related, s.relErr = b.tpl.renderRelated(s) })
			if s.relErr != nil {
				return s.relErr
			}
		}
	}
	c, ok := b.chrome[d.Nav]
	if !ok {
		c = b.chrome[""]
	}
	d.Head, d.Header, d.Footer = c[0], c[1], c[2]
	return b.tpl.exec(w, name, d)
}

// renderChrome fills b.chrome for every menu item and for none.
func (b *builder) renderChrome(sv *siteView) error {
	b.chrome = map[string][3]template.HTML{}
	keys := []string{""}
	for _, n := range sv.Nav {
		keys = append(keys, n.Key)
	}
	for _, k := range keys {
		c, err := b.tpl.renderChrome(sv, k)
		if err != nil {
			return err
		}
		b.chrome[k] = c
	}
	return nil
}

// bodyBuf holds the buffers of rendering one article body: its file and
// its HTML. They are recycled (builder.bodies), since making them anew
// for each article cost more than converting it.
type bodyBuf struct {
	src, html bytes.Buffer
}

// htmlBody converts an article body into bb; raw HTML is dropped by the
// renderer. The result points into bb, so it is valid until bb is reused.
// A body image naming one of the article's photos ("![…](foto-2.jpg)")
// shows its derivative closest to 800 px, since originals are not copied.
func (b *builder) htmlBody(e *entry, bb *bodyBuf) (template.HTML, error) {
	a := e.a
	src := a.Body
	if src == nil && b.fsys != nil {
		// The article was loaded without its body (content.Options.NoBody).
		body, err := content.ReadBodyInto(b.fsys, a.File, &bb.src)
		if err != nil {
			return "", fmt.Errorf("site: render %s: %w", a.File, err)
		}
		src = body
	}
	bb.html.Reset()
	bb.html.Grow(len(src) * 5 / 4)
	resolve := func(dest string) string {
		dest = strings.TrimPrefix(dest, "./")
		for i, img := range a.Images {
			if path.Clean(img.Src) != path.Clean(dest) || i >= len(e.resp) || len(e.resp[i].urls) == 0 {
				continue
			}
			r := e.resp[i]
			best := 0
			for j, w := range r.widths {
				if w <= 800 {
					best = j
				}
			}
			return b.link(r.urls[best])
		}
		return ""
	}
	if _, err := b.md.ConvertWith(src, &bb.html, resolve); err != nil {
		return "", fmt.Errorf("site: render %s: %w", a.File, err)
	}
	if bb.html.Len() == 0 {
		return "", nil
	}
	// goldmark without WithUnsafe: no raw HTML, links checked.
	return template.HTML(unsafe.String(&bb.html.Bytes()[0], bb.html.Len())), nil //nolint:gosec
}

// withBody runs f with the HTML of e's body, from a recycled bodyBuf.
func (b *builder) withBody(e *entry, f func(body template.HTML) error) error {
	bb := b.bodies.Get().(*bodyBuf)
	defer b.bodies.Put(bb)
	body, err := b.htmlBody(e, bb)
	if err != nil {
		return err
	}
	return f(body)
}
