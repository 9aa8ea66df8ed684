package article

import (
	"path"
	"strings"
	"time"
)

// Kind tells articles (news) from static pages.
type Kind int

const (
	// News is a page bundle under content/berita/YYYY/MM/DD-slug/.
	News Kind = iota
	// Page is a static page content/halaman/<slug>.md.
	Page
)

// Platform names, as used in front matter, config, ledger and outbox.
const (
	Facebook  = "facebook"
	Instagram = "instagram"
	X         = "x"
)

// Platforms lists every platform warta posts to, in a fixed order.
var Platforms = []string{Facebook, Instagram, X}

// Image is one photo of an article; Src is a file inside the bundle.
type Image struct {
	Src     string `yaml:"src"`
	Alt     string `yaml:"alt"`
	Caption string `yaml:"caption"`
	Credit  string `yaml:"credit"`

	// Filled by the loader from the decoded file.
	Width  int    `yaml:"-"`
	Height int    `yaml:"-"`
	Format string `yaml:"-"` // "jpeg", "png" or "webp"
	Pos    Pos    `yaml:"-"` // where the entry stands in the front matter
}

// Article is one news article or static page, as loaded from content/.
type Article struct {
	Kind Kind
	// ID is the bundle path below content/, e.g. "berita/2026/11/25-jembatan",
	// or "halaman/tentang" for a page. It is the article's identity in the
	// ledger and the source of its URL.
	ID string
	// File is the Markdown file's path in the content file system (slash
	// separated, relative to the repository root: content/...).
	File string

	Title      string
	Date       time.Time
	Summary    string
	Activity   string
	Location   string
	Images     []Image
	Author     []string
	Tags       []string
	Draft      bool
	Platforms  []string          // nil: every platform enabled in config
	Social     map[string]string // per-platform text overrides
	Assignment int
	Aliases    []string
	// AliasPos is where each of Aliases stands in the front matter.
	AliasPos []Pos
	// Corrections are the published corrections, oldest first; Retraction
	// is set when the article was withdrawn (DESIGN.md §10).
	Corrections []Correction
	Retraction  *Retraction
	// Errors counts the Error-severity problems found in the file. An
	// article with errors is still built (its invalid photos left out) so
	// one bad draft never takes the site down, but it is never posted.
	Errors int

	// Body is the Markdown after the front matter; BodyLine is the line of
	// File where it starts.
	Body     []byte
	BodyLine int
}

// Dir is the bundle folder in the content file system (content/berita/...).
func (a *Article) Dir() string { return path.Dir(a.File) }

// URLPath is the article's path on the site, with leading and trailing slash:
// "/berita/2026/11/25-jembatan/" for news, "/tentang/" for a page.
func (a *Article) URLPath() string {
	if a.Kind == Page {
		return "/" + strings.TrimPrefix(a.ID, "halaman/") + "/"
	}
	return "/" + a.ID + "/"
}

// FlatID is the ID with every slash replaced by a dash, for file names
// (outbox/<platform>/<FlatID>.json).
func (a *Article) FlatID() string { return strings.ReplaceAll(a.ID, "/", "-") }

// Due reports whether the article may be public at now: not a draft and
// dated at or before now.
func (a *Article) Due(now time.Time) bool { return !a.Draft && !a.Date.After(now) }

// WantsPlatform reports whether the article opts in to platform p; enabled
// says whether the site config enables it.
func (a *Article) WantsPlatform(p string, enabled bool) bool {
	if !enabled {
		return false
	}
	if a.Platforms == nil {
		return true
	}
	for _, q := range a.Platforms {
		if q == p {
			return true
		}
	}
	return false
}

// InstagramImage is the file name of the Instagram-ready JPEG derivative of
// an article's first photo, written by build into the article's folder, so
// its URL is URLPath()+InstagramImage.
const InstagramImage = "instagram.jpg"
