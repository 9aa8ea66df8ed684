package article

import "strings"

// Paths the site build writes besides articles, pages, their photos and
// aliases, as site URL paths. `warta check` reserves them so that no page
// or alias of the content claims a path the build needs (issue 11, item
// 7); the build names its files with the same constants.
const (
	FeedPath        = "/index.xml"
	SitemapPath     = "/sitemap.xml"
	RobotsPath      = "/robots.txt"
	NotFoundPath    = "/404.html"
	SearchPath      = "/cari/"
	SearchIndexPath = "/cari/index.json"
	TagPath         = "/tag/"
	LocationPath    = "/lokasi/"
	ArchivePath     = "/arsip/"
	// RalatPath lists every correction and retraction (DESIGN.md §10).
	RalatPath = "/ralat/"
	// PagerPath is the folder of the home page's pages 2, 3, …
	// ("/page/2/"); list pages have theirs below them ("/tag/x/page/2/").
	PagerPath = "/page/"
	// StaticDir holds the files the build copies to the site as they are
	// ("site/static/js/cari.js" → "/js/cari.js").
	StaticDir = "site/static"
	// MaxTermBytes is the longest tag or location name, in bytes: each
	// gets a page whose folder is named after it.
	MaxTermBytes = 100
)

// ReservedURL tells what the build writes at, or around, the site path p
// ("/x/y/", as an alias or page takes it: the build writes x/y/index.html):
// a description in Bahasa Indonesia for staff, or "" when p is free.
// Fallback pages (/tentang/, /kontak/) are reserved for aliases only: a
// page content/halaman/tentang.md is how they are replaced. Comparison
// ignores case, as a case-insensitive checkout or web server would.
func ReservedURL(p string, alias bool) string {
	p = strings.ToLower(p)
	switch p {
	case "/":
		return "beranda situs"
	case "/berita/", "/halaman/":
		return "folder bawaan situs"
	case "/tentang/", "/kontak/":
		if alias {
			return "halaman bawaan situs"
		}
	}
	for _, tree := range []struct{ path, what string }{
		{TagPath, "halaman tag"}, {LocationPath, "halaman lokasi"}, {ArchivePath, "halaman arsip"},
		{SearchPath, "halaman pencarian"}, {RalatPath, "halaman ralat"}, {PagerPath, "halaman 2, 3, … beranda"},
	} {
		if strings.HasPrefix(p, tree.path) {
			return tree.what
		}
	}
	for _, f := range []string{FeedPath, SitemapPath, RobotsPath, NotFoundPath} {
		if strings.HasPrefix(p, f+"/") {
			return "berkas " + f
		}
	}
	return ""
}
