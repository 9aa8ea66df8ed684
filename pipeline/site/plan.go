package site

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/wib"
)

// Static files the templates refer to, below site/static.
const (
	cssFile      = "/css/warta.css"
	searchJSFile = "/js/cari.js"
	shareJSFile  = "/js/bagikan.js"
	ogFallback   = "/img/warta-og.png"
	ogFallbackW  = 1200
	ogFallbackH  = 630
	feedPath     = "/index.xml"
	searchIndex  = "/cari/index.json"
	feedItems    = 20
	articleSizes = "(min-width: 48rem) 46rem, 100vw"
)

type sitemapURL struct {
	path    string
	lastmod time.Time
}

// plan queues every file of the site as a job, in a fixed order; output
// paths are claimed here, sequentially, so the result never depends on
// scheduling. The pool runs the jobs meanwhile: they must not read what
// plan is still making (claims, problems).
func (b *builder) plan() error {
	sv := b.siteView()
	b.sv = sv
	b.relate()
	if err := b.renderChrome(sv); err != nil {
		return err
	}
	var sitemap []sitemapURL
	if err := b.planStatic(); err != nil {
		return err
	}
	// Photos first: they take longest, so the pool starts on them.
	for _, e := range append(append([]*entry{}, b.articles...), b.pages...) {
		b.warnTooBig(e)
		for _, p := range e.photos {
			ok := true
			for _, v := range p.variants {
				ok = ok && b.claim(v.rel, e.a.File)
			}
			if !ok {
				b.warn(e.a, "foto-ganda", "ganti nama berkas foto", "turunan foto `%s` bertabrakan dengan berkas lain di situs", p.src)
				continue
			}
			b.enqueue(func(ctx context.Context) error { return b.photoJob(ctx, p) })
		}
	}
	for _, e := range b.articles {
		b.planEntry(sv, e, "article", "ganti nama folder berita", b.renderArticle)
		sitemap = append(sitemap, sitemapURL{e.a.URLPath(), e.a.Updated()})
	}
	for _, e := range b.withdrawn {
		b.planEntry(sv, e, "article", "ganti nama folder berita", b.renderArticle)
	}
	for _, e := range b.pages {
		b.planEntry(sv, e, "page", "ganti nama berkas halaman", b.renderPage)
		sitemap = append(sitemap, sitemapURL{e.a.URLPath(), e.a.Date})
	}
	sitemap = append(sitemap, b.planFallbackPages(sv)...)

	var newest time.Time
	all := make([]*summaryView, len(b.articles))
	for i, e := range b.articles {
		all[i] = e.sum
		if e.a.Date.After(newest) {
			newest = e.a.Date
		}
	}
	sitemap = append(sitemap, b.planList(sv, listSpec{path: "/", tpl: "home", nav: "beranda", heading: "Berita Terbaru",
		title: b.cfg.Site.Title, desc: b.description(), items: all, lastmod: newest, lead: true})...)
	sitemap = append(sitemap, b.planTerms(sv, "tag", "Tag", "Semua tag berita, beserta jumlah beritanya.",
		func(e *entry) []termLink { return e.tags })...)
	sitemap = append(sitemap, b.planTerms(sv, "lokasi", "Lokasi Kegiatan", "Berita menurut lokasi kegiatan (catatan SOP \"Lokasi Kegiatan\").",
		func(e *entry) []termLink { return e.location })...)
	sitemap = append(sitemap, b.planArchive(sv)...)
	sitemap = append(sitemap, b.planSearch(sv))
	sitemap = append(sitemap, b.planRalat(sv))
	b.planNotFound(sv)
	b.planFeeds(sitemap)
	// Last: an alias must not take a path (or a folder of one) that a
	// file of the site needs.
	b.planAliases()
	return nil
}

func (b *builder) warn(a *article.Article, code, hint, format string, args ...any) {
	b.problems = append(b.problems, article.Warnf(article.Pos{File: a.File, Line: 1}, code, hint, format, args...))
}

// description is the site's meta description: site.description, else the
// office's "Tentang" line, else one made from the title (which often starts
// with "Berita" already).
func (b *builder) description() string {
	switch {
	case strings.TrimSpace(b.cfg.Site.Description) != "":
		return b.cfg.Site.Description
	case strings.TrimSpace(b.cfg.Office.About) != "":
		return b.cfg.Office.About
	}
	return b.cfg.Site.Title + ": kabar kegiatan resmi yang diperiksa dan diverifikasi sebelum terbit."
}

func (b *builder) siteView() *siteView {
	sv := &siteView{
		Title:       b.cfg.Site.Title,
		Description: b.cfg.Site.Description,
		Home:        b.link("/"),
		CSS:         b.link(cssFile),
		SearchJS:    b.link(searchJSFile),
		ShareJS:     b.link(shareJSFile),
		SearchIndex: b.link(searchIndex),
		Search:      b.link("/cari/"),
		Feed:        b.link(feedPath),
		FeedAbs:     b.abs(feedPath),
		Ralat:       b.link(ralatPath),
		Year:        b.now.In(b.cfg.Location).Year(),
		Nav: []navItem{
			{"beranda", "Beranda", b.link("/")},
			{"arsip", "Arsip", b.link("/arsip/")},
			{"lokasi", "Lokasi", b.link("/lokasi/")},
			{"tag", "Tag", b.link("/tag/")},
			{"cari", "Cari", b.link("/cari/")},
			{"tentang", "Tentang", b.link("/tentang/")},
			{"kontak", "Kontak", b.link("/kontak/")},
		},
	}
	b.identity(sv)
	return sv
}

// entryKey keys the page of one article or static page.
func (b *builder) entryKey(kind, rel string, e *entry) func() ([32]byte, bool) {
	return func() ([32]byte, bool) {
		k := b.key(kind, rel)
		if k == nil || !e.keyed {
			return [32]byte{}, false
		}
		// An article's page lists its related articles too.
		ok := itemsKey(k.sum(e.digest), e.related)
		return k.done(), ok
	}
}

// listKey keys a file made from the list entries of the n newest
// articles.
func (b *builder) listKey(kind, rel string, n int) func() ([32]byte, bool) {
	return func() ([32]byte, bool) {
		k := b.key(kind, rel)
		if k == nil {
			return [32]byte{}, false
		}
		items := make([]*summaryView, 0, min(n, len(b.articles)))
		for _, e := range b.articles[:min(n, len(b.articles))] {
			items = append(items, e.sum)
		}
		ok := itemsKey(k, items)
		return k.done(), ok
	}
}

// termsKey keys an index of terms or months.
func (b *builder) termsKey(rel, label, intro string, groups []termGroup) func() ([32]byte, bool) {
	return func() ([32]byte, bool) {
		k := b.key("terms", rel)
		if k == nil {
			return [32]byte{}, false
		}
		k.str(label, intro).int(int64(len(groups)))
		for _, g := range groups {
			k.str(g.Heading).int(int64(len(g.Terms)))
			for _, t := range g.Terms {
				k.str(t.Name, t.URL).int(int64(t.Count))
			}
		}
		return k.done(), true
	}
}

// rel is the output file of a site path: "/a/b/" → "a/b/index.html".
func rel(p string) string {
	p = strings.TrimPrefix(p, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}

func (b *builder) planStatic() error {
	if b.opt.Static == nil {
		return nil
	}
	return fs.WalkDir(b.opt.Static, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			if err != nil && p == "." {
				return nil // no site/static: nothing to copy
			}
			return err
		}
		if strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		if !b.claim(p, "site/static") {
			return nil
		}
		static := b.opt.Static
		b.add(p, bytesOf(func() ([]byte, error) { return fs.ReadFile(static, p) }))
		return nil
	})
}

func (b *builder) ogFor(img *imageView) *ogImage {
	if img == nil {
		return &ogImage{URL: b.abs(ogFallback), Width: ogFallbackW, Height: ogFallbackH, Alt: b.cfg.Site.Title}
	}
	return &ogImage{URL: b.absLink(img.Src), Width: img.Width, Height: img.Height, Alt: img.Alt}
}

// absLink turns a link made by b.link back into an absolute URL.
func (b *builder) absLink(l string) string {
	return b.abs("/" + strings.TrimPrefix(l, b.basePath))
}

func (b *builder) articleView(e *entry) *articleView {
	a := e.a
	v := &articleView{
		Title: a.Title, Summary: a.Summary, Activity: a.Activity, Location: a.Location,
		LocationURL: e.sum.LocationURL, Tags: e.tags, Draft: a.Draft,
	}
	if !a.Date.IsZero() {
		v.DateText = wib.LongDate(a.Date, b.cfg.Location)
		v.DateISO = e.sum.DateISO
	}
	for i, img := range a.Images {
		if len(e.resp[i].widths) == 0 {
			continue
		}
		v.Images = append(v.Images, b.imageView(img, e.resp[i], len(v.Images) > 0, articleSizes))
	}
	for _, u := range a.Author {
		u = strings.TrimPrefix(u, "@")
		v.Authors = append(v.Authors, authorView{Name: b.cfg.AuthorName(u), URL: "https://github.com/" + u})
	}
	if a.Kind == article.News {
		v.URL = b.abs(a.URLPath())
		v.Share = shareLinks(a.Title, v.URL)
		v.Related = e.related
	}
	b.addCorrections(v, a)
	return v
}

// planEntry queues the page of an article or static page (kind "article"
// or "page"); hint tells the writer how to fix a path another file took.
func (b *builder) planEntry(sv *siteView, e *entry, kind, hint string,
	render func(*bytes.Buffer, *siteView, *entry) error) {
	p := e.a.URLPath()
	if !b.claim(rel(p), e.a.File) {
		b.warn(e.a, "url-ganda", hint, "alamat %s sudah dipakai halaman lain", p)
		return
	}
	b.addKeyed(rel(p), b.entryKey(kind, rel(p), e), func(w *bytes.Buffer) error { return render(w, sv, e) })
}

// renderArticle renders the page of one news article, or the notice of
// a retracted one.
func (b *builder) renderArticle(w *bytes.Buffer, sv *siteView, e *entry) error {
	a := e.a
	if a.Retracted() {
		return b.renderRetracted(w, sv, e)
	}
	p := a.URLPath()
	v := b.articleView(e)
	return b.withBody(e, func(body template.HTML) error {
		v.Body = body
		var first *imageView
		if len(v.Images) > 0 {
			first = v.Images[0]
		}
		d := &pageData{
			Site: sv, Kind: "article", Title: a.Title + " | " + b.cfg.Site.Title, Heading: a.Title,
			Description: a.Summary, Path: p, Canonical: b.abs(p), OGType: "article", Image: b.ogFor(first),
			NoIndex: a.Draft, Published: v.DateISO, Article: v,
		}
		d.JSONLD = b.newsArticleLD(a, v)
		return b.exec(w, "article", d)
	})
}

// renderPage renders a static page.
func (b *builder) renderPage(w *bytes.Buffer, sv *siteView, e *entry) error {
	a := e.a
	p := a.URLPath()
	nav := strings.TrimPrefix(a.ID, "halaman/")
	v := b.articleView(e)
	return b.withBody(e, func(body template.HTML) error {
		v.Body = body
		var first *imageView
		if len(v.Images) > 0 {
			first = v.Images[0]
		}
		desc := a.Summary
		if desc == "" {
			desc = a.Title + " — " + b.cfg.Site.Title
		}
		d := &pageData{
			Site: sv, Kind: "page", Nav: nav, Title: a.Title + " | " + b.cfg.Site.Title, Heading: a.Title,
			Description: desc, Path: p, Canonical: b.abs(p), OGType: "website", Image: b.ogFor(first),
			NoIndex: a.Draft, Article: v, Body: body,
		}
		return b.exec(w, "page", d)
	})
}

// planFallbackPages writes "Tentang" and "Kontak" when content/halaman has
// no such page, so the navigation never leads nowhere.
func (b *builder) planFallbackPages(sv *siteView) []sitemapURL {
	var out []sitemapURL
	title := template.HTMLEscapeString(b.cfg.Site.Title)
	for _, f := range []struct {
		slug, heading string
		body          template.HTML
	}{
		{"tentang", "Tentang", template.HTML("<p>" + title + " memuat berita kegiatan resmi. Setiap berita ditulis staf, " +
			"diperiksa Kepala Seksi PIP dan diverifikasi Kepala Bidang PLIP sebelum terbit, sesuai SOP Akurasi Informasi.</p>")},
		{"kontak", "Kontak", template.HTML("<p>Untuk koreksi atau pertanyaan tentang berita di " + title +
			", hubungi Dinas Komunikasi, Informatika dan Statistik Provinsi Lampung melalui kanal resmi dinas.</p>")},
	} {
		p := "/" + f.slug + "/"
		if !b.claim(rel(p), "bawaan") {
			continue
		}
		d := &pageData{
			Site: sv, Kind: "page", Nav: f.slug, Title: f.heading + " | " + b.cfg.Site.Title, Heading: f.heading,
			Description: f.heading + " — " + b.cfg.Site.Title, Path: p, Canonical: b.abs(p), OGType: "website",
			Image: b.ogFor(nil), Article: &articleView{Title: f.heading, Body: f.body}, Body: f.body,
		}
		b.addKeyed(rel(p), b.fixedKey("fallback", rel(p), f.slug), b.page("page", d))
		out = append(out, sitemapURL{path: p})
	}
	return out
}

type listSpec struct {
	path    string // first page, e.g. "/tag/jalan/"
	tpl     string
	nav     string
	heading string
	title   string // document title of page 1
	desc    string
	intro   string
	items   []*summaryView
	lastmod time.Time
	lead    bool // page 1 shows its first item large, above the list
}

// planList queues a paginated list: path, path+"page/2/", …
func (b *builder) planList(sv *siteView, s listSpec) []sitemapURL {
	per := b.cfg.Site.PerPage
	total := max(1, (len(s.items)+per-1)/per)
	pageURL := func(n int) string {
		if n == 1 {
			return s.path
		}
		return s.path + "page/" + strconv.Itoa(n) + "/"
	}
	var out []sitemapURL
	for n := 1; n <= total; n++ {
		p := pageURL(n)
		if !b.claim(rel(p), s.path) {
			continue
		}
		items := s.items[min((n-1)*per, len(s.items)):min(n*per, len(s.items))]
		pg := pager{Current: n, Total: total}
		if n > 1 {
			pg.Prev = b.link(pageURL(n - 1))
		}
		if n < total {
			pg.Next = b.link(pageURL(n + 1))
		}
		for k := 1; k <= total; k++ {
			if total > 7 && k != 1 && k != total && (k < n-1 || k > n+1) {
				if len(pg.Pages) > 0 && !pg.Pages[len(pg.Pages)-1].Gap {
					pg.Pages = append(pg.Pages, pageLink{Gap: true})
				}
				continue
			}
			pg.Pages = append(pg.Pages, pageLink{Number: k, URL: b.link(pageURL(k)), Current: k == n})
		}
		title, heading := s.title, s.heading
		if n > 1 {
			title = fmt.Sprintf("%s – Halaman %d", s.title, n)
			heading = fmt.Sprintf("%s (halaman %d dari %d)", s.heading, n, total)
		}
		var thumb *imageView
		for _, it := range items {
			if it.og != nil {
				thumb = it.og
				break
			}
		}
		d := &pageData{
			Site: sv, Kind: s.tpl, Nav: s.nav, Title: title, Heading: heading, Description: s.desc,
			Path: p, Canonical: b.abs(p), OGType: "website", Image: b.ogFor(thumb),
			List: &listView{Intro: s.intro, Items: items, Pager: pg},
		}
		if s.lead && n == 1 && len(items) > 0 {
			d.List.Lead, d.List.Items = items[0], items[1:]
		}
		key := func() ([32]byte, bool) {
			k := b.key("list", rel(p))
			if k == nil {
				return [32]byte{}, false
			}
			k.str(s.tpl, s.nav, title, heading, s.desc, s.intro, strconv.FormatBool(s.lead)).int(int64(n), int64(total))
			ok := itemsKey(k, items)
			return k.done(), ok
		}
		b.addKeyed(rel(p), key, b.page(s.tpl, d))
		out = append(out, sitemapURL{p, s.lastmod})
	}
	return out
}

type term struct {
	name    string
	items   []*summaryView
	lastmod time.Time
}

// planTerms queues the index of a taxonomy (/tag/, /lokasi/) and one list
// per term. One pass over the articles; each article joins its terms'
// lists, which stay newest first.
func (b *builder) planTerms(sv *siteView, kind, label, intro string, links func(*entry) []termLink) []sitemapURL {
	terms := map[string]*term{}
	for _, e := range b.articles {
		for _, l := range links(e) {
			t := terms[l.slug]
			if t == nil {
				t = &term{name: l.Name}
				terms[l.slug] = t
			}
			t.items = append(t.items, e.sum)
			if e.a.Date.After(t.lastmod) {
				t.lastmod = e.a.Date
			}
		}
	}
	order := make([]string, 0, len(terms))
	for s := range terms {
		order = append(order, s)
	}
	sort.Strings(order)
	base := "/" + kind + "/"
	var out []sitemapURL
	group := termGroup{}
	var newest time.Time
	for _, s := range order {
		t := terms[s]
		p := base + s + "/"
		group.Terms = append(group.Terms, termLink{Name: t.name, URL: b.link(p), Count: len(t.items)})
		if t.lastmod.After(newest) {
			newest = t.lastmod
		}
		heading := label + ": " + t.name
		out = append(out, b.planList(sv, listSpec{
			path: p, tpl: "list", nav: kind, heading: heading, title: heading + " | " + b.cfg.Site.Title,
			desc:  fmt.Sprintf("Berita dengan %s %s di %s.", strings.ToLower(label), t.name, b.cfg.Site.Title),
			items: t.items, lastmod: t.lastmod,
		})...)
	}
	if b.claim(rel(base), kind) {
		tv := &termsView{Intro: intro}
		if len(group.Terms) > 0 {
			tv.Groups = []termGroup{group}
		}
		d := &pageData{
			Site: sv, Kind: "terms", Nav: kind, Title: label + " | " + b.cfg.Site.Title, Heading: label,
			Description: intro, Path: base, Canonical: b.abs(base), OGType: "website", Image: b.ogFor(nil), Terms: tv,
		}
		b.addKeyed(rel(base), b.termsKey(rel(base), label, intro, tv.Groups), b.page("terms", d))
		out = append([]sitemapURL{{base, newest}}, out...)
	}
	return out
}

// planArchive queues /arsip/ and one list per month, in the site's zone.
func (b *builder) planArchive(sv *siteView) []sitemapURL {
	type month struct {
		y     int
		m     time.Month
		items []*summaryView
		last  time.Time
	}
	var months []*month // articles are newest first, so months come in order
	for _, e := range b.articles {
		t := e.a.Date.In(b.cfg.Location)
		if len(months) == 0 || months[len(months)-1].y != t.Year() || months[len(months)-1].m != t.Month() {
			months = append(months, &month{y: t.Year(), m: t.Month(), last: e.a.Date})
		}
		mo := months[len(months)-1]
		mo.items = append(mo.items, e.sum)
	}
	var out []sitemapURL
	var groups []termGroup
	for _, mo := range months {
		p := fmt.Sprintf("/arsip/%04d/%02d/", mo.y, mo.m)
		name := wib.Month(mo.m) + " " + strconv.Itoa(mo.y)
		if len(groups) == 0 || groups[len(groups)-1].Heading != strconv.Itoa(mo.y) {
			groups = append(groups, termGroup{Heading: strconv.Itoa(mo.y)})
		}
		g := &groups[len(groups)-1]
		g.Terms = append(g.Terms, termLink{Name: name, URL: b.link(p), Count: len(mo.items)})
		heading := "Arsip " + name
		out = append(out, b.planList(sv, listSpec{
			path: p, tpl: "list", nav: "arsip", heading: heading, title: heading + " | " + b.cfg.Site.Title,
			desc: "Berita " + name + " di " + b.cfg.Site.Title + ".", items: mo.items, lastmod: mo.last,
		})...)
	}
	base := "/arsip/"
	if b.claim(rel(base), "arsip") {
		intro := "Semua berita menurut bulan terbit."
		d := &pageData{
			Site: sv, Kind: "terms", Nav: "arsip", Title: "Arsip | " + b.cfg.Site.Title, Heading: "Arsip",
			Description: intro, Path: base, Canonical: b.abs(base), OGType: "website", Image: b.ogFor(nil),
			Terms: &termsView{Intro: intro, Groups: groups},
		}
		b.addKeyed(rel(base), b.termsKey(rel(base), "Arsip", intro, groups), b.page("terms", d))
		var last time.Time
		if len(months) > 0 {
			last = months[0].last
		}
		out = append([]sitemapURL{{base, last}}, out...)
	}
	return out
}

// planAliases writes a redirect page at each old path of an article.
func (b *builder) planAliases() {
	for _, e := range append(append(append([]*entry{}, b.articles...), b.pages...), b.withdrawn...) {
		for _, al := range e.a.Aliases {
			p := "/" + strings.Trim(path.Clean("/"+al), "/") + "/"
			r := rel(p)
			if p == "/" || checkRel(r) != nil || !b.claim(r, e.a.File) {
				b.problems = append(b.problems, article.Errorf(b.keyPos(e.a, "aliases"), "alias-bentrok",
					"hapus alias ini atau ganti dengan alamat lama berita yang sebenarnya",
					"alias %s tidak dapat dibuat: alamat itu (atau berkas di dalamnya) sudah dipakai situs, atau tidak sah", al))
				continue
			}
			d := &aliasData{Title: e.a.Title, Target: b.link(e.a.URLPath()), Canonical: b.abs(e.a.URLPath())}
			b.addKeyed(r, b.fixedKey("alias", r, d.Title, d.Target, d.Canonical), func(w *bytes.Buffer) error { return b.tpl.execAlias(w, d) })
		}
	}
}

func (b *builder) planSearch(sv *siteView) sitemapURL {
	p := "/cari/"
	if b.claim(rel(p), "cari") {
		d := &pageData{
			Site: sv, Kind: "search", Nav: "cari", Title: "Cari Berita | " + b.cfg.Site.Title, Heading: "Cari Berita",
			Description: "Cari berita " + b.cfg.Site.Title + " menurut judul, ringkasan, kegiatan atau lokasi.",
			Path:        p, Canonical: b.abs(p), OGType: "website", Image: b.ogFor(nil),
		}
		b.addKeyed(rel(p), b.fixedKey("search", rel(p)), b.page("search", d))
	}
	if b.claim(rel(searchIndex), "cari") {
		b.addKeyed(rel(searchIndex), b.listKey("search-index", rel(searchIndex), len(b.articles)), bytesOf(b.searchIndex))
	}
	return sitemapURL{path: p}
}

func (b *builder) planNotFound(sv *siteView) {
	if !b.claim("404.html", "404") {
		return
	}
	d := &pageData{
		Site: sv, Kind: "404", Title: "Halaman tidak ditemukan | " + b.cfg.Site.Title, Heading: "Halaman tidak ditemukan",
		Description: "Halaman yang Anda cari tidak ada.", Path: "/404.html", OGType: "website", Image: b.ogFor(nil), NoIndex: true,
	}
	b.addKeyed("404.html", b.fixedKey("404", "404.html"), b.page("404", d))
}
