package site

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/url"
	"path"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/config"
	"github.com/kominfotik-lampung/warta/pipeline/content"
	"github.com/kominfotik-lampung/warta/pipeline/markdown"
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
	// CacheDir is an OS folder for image derivatives keyed by content hash;
	// "" disables caching.
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
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.Workers < 1 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
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
	tpl, err := parseTemplates(opt.Templates)
	if err != nil {
		return nil, &TemplateError{err}
	}
	set, probs, err := loadContent(ctx, fsys, cfg)
	if err != nil {
		return nil, err
	}
	o, err := openOutput(out)
	if err != nil {
		return nil, err
	}
	b := newBuilder(cfg, tpl, opt, set)
	b.problems = probs
	b.out = o
	b.images = &imageMaker{fsys: fsys, cache: opt.CacheDir, quality: cfg.Build.ImageQuality}
	if err := b.plan(); err != nil {
		o.root.Close()
		return nil, err
	}
	if err := b.run(ctx); err != nil {
		o.root.Close()
		return nil, err
	}
	removed, err := o.finish()
	if err != nil {
		return nil, err
	}
	opt.Log.Debug("site built", "articles", len(b.articles), "files", len(o.files), "written", o.written,
		"removed", removed, "encoded", b.encoded)
	return &Result{
		Problems: b.problems,
		Articles: len(b.articles),
		Files:    len(o.files),
		Written:  o.written,
		Removed:  removed,
		Encoded:  b.encoded,
	}, nil
}

// loadContent loads content/, or nothing when the folder does not exist yet.
func loadContent(ctx context.Context, fsys fs.FS, cfg *config.Config) (*content.Set, []article.Problem, error) {
	if _, err := fs.Stat(fsys, content.Dir); errors.Is(err, fs.ErrNotExist) {
		return &content.Set{}, nil, nil
	}
	return content.Load(ctx, fsys, cfg, content.Options{})
}

// job is one unit of parallel work.
type job func() error

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
	problems []article.Problem

	out     *output
	images  *imageMaker
	claimed map[string]string
	jobs    []job
	chrome  map[string][2]template.HTML // nav key → header, footer

	mu      sync.Mutex
	encoded int
}

// entry is an article prepared for rendering; sum is the compact form list
// pages use.
type entry struct {
	a      *article.Article
	sum    *summaryView
	resp   []responsive
	photos []photo
	tags   []termLink
}

func newBuilder(cfg *config.Config, tpl *templates, opt Options, set *content.Set) *builder {
	b := &builder{cfg: cfg, tpl: tpl, opt: opt, md: markdown.New(), now: opt.Now(), claimed: map[string]string{},
		basePath: BasePath(cfg.Site.BaseURL)}
	for _, a := range set.Articles {
		if a.Date.After(b.now) || (a.Draft && !opt.Drafts) {
			continue
		}
		b.articles = append(b.articles, b.prepare(a))
	}
	for _, a := range set.Pages {
		if a.Draft && !opt.Drafts {
			continue
		}
		if !a.Date.IsZero() && a.Date.After(b.now) {
			continue
		}
		b.pages = append(b.pages, b.prepare(a))
	}
	return b
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
	e.photos, e.resp = planPhotos(a, b.cfg.Build.ImageWidths)
	seen := map[string]bool{}
	for _, t := range a.Tags {
		t = strings.TrimSpace(t)
		if t == "" || seen[Slug(t)] {
			continue
		}
		seen[Slug(t)] = true
		e.tags = append(e.tags, termLink{Name: t, URL: b.link("/tag/" + Slug(t) + "/")})
	}
	s := &summaryView{
		Title:    a.Title,
		URL:      b.link(a.URLPath()),
		Summary:  a.Summary,
		Activity: a.Activity,
		Location: a.Location,
		Draft:    a.Draft,
	}
	if strings.TrimSpace(a.Location) != "" {
		s.LocationURL = b.link("/lokasi/" + Slug(a.Location) + "/")
	}
	if !a.Date.IsZero() {
		s.DateText = ShortDate(a.Date, b.cfg.Location)
		s.DateISO = a.Date.In(b.cfg.Location).Format(time.RFC3339)
	}
	if len(e.resp) > 0 && len(e.resp[0].widths) > 0 {
		s.og = b.imageView(a.Images[0], e.resp[0], true, "")
		s.Thumb = b.imageView(a.Images[0], e.resp[0], true, "(min-width: 40rem) 12rem, 100vw")
		// Lists show a small picture: the smallest derivative is the fallback.
		s.Thumb.Src = b.link(e.resp[0].urls[0])
		s.Thumb.Width, s.Thumb.Height = e.resp[0].widths[0], e.resp[0].heights[0]
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
func (b *builder) claim(rel, by string) bool {
	if _, ok := b.claimed[rel]; ok {
		return false
	}
	b.claimed[rel] = by
	return true
}

// add queues a job that renders one file.
func (b *builder) add(rel string, render func() ([]byte, error)) {
	b.jobs = append(b.jobs, func() error {
		data, err := render()
		if err != nil {
			return err
		}
		return b.out.put(rel, data)
	})
}

// run executes the queued jobs on a bounded pool.
func (b *builder) run(ctx context.Context) error {
	next := make(chan job)
	errs := make(chan error, b.opt.Workers)
	var wg sync.WaitGroup
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range b.opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				if err := j(); err != nil {
					select {
					case errs <- err:
					default:
					}
					cancel()
				}
			}
		}()
	}
feed:
	for _, j := range b.jobs {
		select {
		case next <- j:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
	}
	return ctx.Err()
}

// page returns a job body that renders template name with data.
func (b *builder) page(name string, data *pageData) func() ([]byte, error) {
	return func() ([]byte, error) { return b.exec(name, data) }
}

// exec renders a page with the header and footer made once per build.
func (b *builder) exec(name string, d *pageData) ([]byte, error) {
	if d.List != nil {
		for _, s := range d.List.Items {
			s.once.Do(func() { s.Card, s.err = b.tpl.renderCard(s) })
			if s.err != nil {
				return nil, s.err
			}
		}
	}
	c, ok := b.chrome[d.Nav]
	if !ok {
		c = b.chrome[""]
	}
	d.Header, d.Footer = c[0], c[1]
	return b.tpl.exec(name, d)
}

// renderChrome fills b.chrome for every menu item and for none.
func (b *builder) renderChrome(sv *siteView) error {
	b.chrome = map[string][2]template.HTML{}
	keys := []string{""}
	for _, n := range sv.Nav {
		keys = append(keys, n.Key)
	}
	for _, k := range keys {
		h, f, err := b.tpl.renderChrome(sv, k)
		if err != nil {
			return err
		}
		b.chrome[k] = [2]template.HTML{h, f}
	}
	return nil
}

// htmlBody converts an article body; raw HTML is dropped by the renderer.
// A body image naming one of the article's photos ("![…](foto-2.jpg)")
// shows its derivative closest to 800 px, since originals are not copied.
func (b *builder) htmlBody(e *entry) (template.HTML, error) {
	a := e.a
	var sb strings.Builder
	sb.Grow(len(a.Body) * 5 / 4)
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
	if _, err := b.md.ConvertWith(a.Body, &sb, resolve); err != nil {
		return "", fmt.Errorf("site: render %s: %w", a.File, err)
	}
	return template.HTML(sb.String()), nil //nolint:gosec // goldmark without WithUnsafe: no raw HTML, links checked
}
