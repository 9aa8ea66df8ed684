// Package reserved lists the site paths that `warta build` writes or owns
// whatever the content: what an alias or a page must never take. It
// imports nothing, so content (check) can use it without importing site,
// which imports content.
package reserved

// Paths returns the reserved site paths, below the base URL's path, slash
// first; a trailing slash is a folder with everything in it ("/" alone is
// the home page and its pages, "/index.html"). Files of site/static and
// the photo derivatives in an article's folder ("<name>-<width>w.jpg" and
// article.InstagramImage) are reserved on top. A fresh slice each call;
// site's TestReservedCoversTheBuild keeps it true.
func Paths() []string {
	return []string{
		"/", "/page/", "/index.xml", "/sitemap.xml", "/robots.txt", "/404.html",
		"/cari/", "/tag/", "/lokasi/", "/arsip/", "/tentang/", "/kontak/",
	}
}
