// Package site renders the public website from loaded content and the
// templates in site/templates: article, list, tag, location and archive
// pages, responsive image derivatives (and the Instagram derivative of each
// article's first photo), the RSS feed, sitemap, robots.txt and the static
// search index. It writes only files whose bytes changed and removes files a
// previous build wrote that are no longer part of the site. Handler,
// Watcher and Session serve and rebuild it for `warta serve`; a Session
// keeps the last build in memory and, after an edit lists do not show,
// re-renders only the edited pages.
package site
