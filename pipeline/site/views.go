package site

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"sync"

	"github.com/kominfotik-lampung/warta/pipeline/config"
)

// pageData is what every page template gets.
type pageData struct {
	Site        *siteView
	Kind        string // home, article, retracted, list, terms, page, search, ralat, 404
	Nav         string // key of the current nav item, "" for none
	Title       string // document <title>
	Heading     string // visible <h1>
	Description string
	Path        string // site path of the page, for the canonical link
	Canonical   string // absolute URL; "" for pages that have none (404)
	OGType      string // website or article
	Image       *ogImage
	JSONLD      any // marshalled into <script type="application/ld+json">; nil for none
	NoIndex     bool
	Published   string // RFC 3339, articles only
	Article     *articleView
	List        *listView
	Terms       *termsView
	Body        template.HTML // static pages
	Ralat       *ralatView    // the page /ralat/
	// Head, Header and Footer are the rendered site-head (the links of
	// <head> every page shares), site-header and site-footer.
	Head, Header, Footer template.HTML
}

// chromeData is what site-header and site-footer get.
type chromeData struct {
	Site *siteView
	Nav  string
}

// siteView is shared by every page of a build.
type siteView struct {
	Title       string
	Description string
	Home        string // link to the home page
	CSS         string
	SearchJS    string
	ShareJS     string
	SearchIndex string
	Search      string // link to the search page
	Feed        string
	FeedAbs     string
	Ralat       string // link to /ralat/, in the footer
	Year        int
	Nav         []navItem

	// Identity of the office (config office:); empty strings are not shown.
	Office     string // name beside the logo; "" when it is the site title
	Logo       *logoView
	About      string
	Address    string
	Phone      string
	PhoneTo    template.URL // tel: link of digits and "+" only
	Email      string
	Social     []config.Account
	AboutURL   string // link to /tentang/
	ContactURL string // link to /kontak/
}

// logoView is the office logo in the header.
type logoView struct {
	Src           string
	Width, Height int // intrinsic size scaled to the header's 40 px height
}

type navItem struct {
	Key, Label, URL string
}

type ogImage struct {
	URL           string // absolute
	Width, Height int
	Alt           string
}

type articleView struct {
	Title       string
	Summary     string
	DateText    string
	DateISO     string
	Activity    string
	Location    string
	LocationURL string
	Images      []*imageView
	Tags        []termLink
	Authors     []authorView
	Body        template.HTML
	Draft       bool
	// Corrections, Updated (the latest correction, when after the date)
	// and Retraction: DESIGN.md §10, corrections.go.
	Corrections []correctionView
	Updated     *timeView
	Retraction  *retractionView
	// Share links open each platform's own share page: no script, no
	// third-party request until the reader taps one.
	Share   []shareLink
	URL     string         // absolute, for the copy-link button
	Related []*summaryView // "Berita terkait", newest first
}

type shareLink struct {
	Key, Label, URL string
}

type authorView struct {
	Name, URL string
}

type imageView struct {
	Src, SrcSet, Sizes string
	Width, Height      int
	Alt                string
	Caption, Credit    string
	Lazy               bool
}

// summaryView is an article as list pages show it; built once per article.
type summaryView struct {
	Title       string
	URL         string
	DateText    string
	DateISO     string
	Summary     string
	Activity    string
	Location    string
	LocationURL string
	Thumb       *imageView
	Large       *imageView // the lead story's photo on the home page
	Draft       bool

	// Card is the rendered "card" template; an article appears on several
	// lists (home, tags, location, archive) but is rendered once.
	Card template.HTML
	// Related is the rendered "related-item" template: the article's line
	// in the "Berita terkait" of up to four others, rendered once too.
	Related template.HTML

	og    *imageView // largest derivative, for og:image of list pages
	key   [32]byte   // the entry's sumKey, when keyed
	keyed bool
	once  sync.Once
	err   error

	relOnce sync.Once
	relErr  error
}

type listView struct {
	Intro string
	Lead  *summaryView // the newest article, shown large (home, page 1)
	Items []*summaryView
	Pager pager
}

type pager struct {
	Current, Total int
	Prev, Next     string // links; "" at the ends
	Pages          []pageLink
}

type pageLink struct {
	Number  int
	URL     string
	Current bool
	Gap     bool // an ellipsis stands here
}

type termsView struct {
	Intro  string
	Groups []termGroup
}

type termGroup struct {
	Heading string
	Terms   []termLink
}

type termLink struct {
	Name  string
	URL   string
	Count int
	slug  string // termSlug(Name)
}

type aliasData struct {
	Title     string
	Target    string // link
	Canonical string // absolute
}

type templates struct {
	pages  map[string]*template.Template
	alias  *template.Template
	chrome *template.Template
}

// parseTemplates parses the template files once per build. base.html
// defines "base" around a "main" block that each page file fills;
// partials.html holds shared blocks, corrections.html those of corrections
// and retractions; alias.html is a standalone redirect page.
func parseTemplates(tfs fs.FS) (*templates, error) {
	base, err := template.New("base.html").Option("missingkey=error").ParseFS(tfs, "base.html", "partials.html", "corrections.html")
	if err != nil {
		return nil, err
	}
	t := &templates{pages: map[string]*template.Template{}, chrome: base}
	for _, name := range []string{"home", "article", "list", "terms", "page", "search", "404", "ralat", "dicabut"} {
		c, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if t.pages[name], err = c.ParseFS(tfs, name+".html"); err != nil {
			return nil, err
		}
	}
	if t.alias, err = template.New("alias.html").Option("missingkey=error").ParseFS(tfs, "alias.html"); err != nil {
		return nil, err
	}
	return t, nil
}

// renderCard renders the list entry of one article.
func (t *templates) renderCard(s *summaryView) (template.HTML, error) {
	var b bytes.Buffer
	if err := t.chrome.ExecuteTemplate(&b, "card", s); err != nil {
		return "", &TemplateError{fmt.Errorf("card (%s): %w", s.URL, err)}
	}
	return template.HTML(b.String()), nil
}

// renderRelated renders the "Berita terkait" line of one article.
func (t *templates) renderRelated(s *summaryView) (template.HTML, error) {
	var b bytes.Buffer
	if err := t.chrome.ExecuteTemplate(&b, "related-item", s); err != nil {
		return "", &TemplateError{fmt.Errorf("related-item (%s): %w", s.URL, err)}
	}
	return template.HTML(b.String()), nil
}

// renderChrome renders the header and footer for one current menu item.
func (t *templates) renderChrome(sv *siteView, nav string) (chrome [3]template.HTML, err error) {
	d := chromeData{Site: sv, Nav: nav}
	for i, name := range [3]string{"site-head", "site-header", "site-footer"} {
		var b bytes.Buffer
		if err := t.chrome.ExecuteTemplate(&b, name, d); err != nil {
			return chrome, &TemplateError{err}
		}
		chrome[i] = template.HTML(b.String())
	}
	return chrome, nil
}

func (t *templates) exec(w *bytes.Buffer, name string, data *pageData) error {
	if err := t.pages[name].ExecuteTemplate(w, "base", data); err != nil {
		return &TemplateError{fmt.Errorf("%s (%s): %w", name, data.Path, err)}
	}
	return nil
}

func (t *templates) execAlias(w *bytes.Buffer, data *aliasData) error {
	if err := t.alias.Execute(w, data); err != nil {
		return &TemplateError{fmt.Errorf("alias (%s): %w", data.Target, err)}
	}
	return nil
}
