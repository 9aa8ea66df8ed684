// Package e2e is warta's end-to-end suite for the public site (issue #7).
//
// Its tests build the repository's own sample newsroom with `warta build`,
// serve the result on 127.0.0.1 the way a static host does (404.html for
// misses) and check it as readers and machines meet it: headless Chromium
// clicks from the home page to an article, a tag, a location and the archive,
// types into the search box, loads every image and watches the console and
// the network; the Nu HTML Checker validates every page; axe-core and
// Lighthouse grade accessibility, performance, best practices and SEO; the
// feed, sitemap, Open Graph tags and JSON-LD are parsed and compared with the
// content; screenshots at 360 and 1280 px go to .ci/e2e/artifacts/.
//
// The tests skip unless WARTA_E2E is set, and fail when it is set and a tool
// is missing. .ci/e2e/run installs the tools and runs them; docs/e2e.md tells
// the rest.
package e2e
