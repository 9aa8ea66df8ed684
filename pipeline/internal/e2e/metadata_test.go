package e2e

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image"
	_ "image/jpeg" // instagram.jpg
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/article"
)

// zoneRe matches an RFC 3339 time that states its zone.
var zoneRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$`)

// testMetadata checks what crawlers and social networks read from each
// article: Open Graph and Twitter-card tags, the JSON-LD NewsArticle, and
// the Instagram derivative beside the page.
func (s *suite) testMetadata(t *testing.T) {
	for _, a := range s.articles {
		p := a.URLPath()
		pg := s.parsePage(t, p)
		if pg == nil {
			continue
		}
		s.checkOpenGraph(t, p, a, pg)
		s.checkJSONLD(t, p, a, pg)
		s.checkInstagram(t, p)
	}
	t.Logf("metadata: %d articles checked", len(s.articles))
}

func (s *suite) checkOpenGraph(t *testing.T, p string, a *article.Article, pg *htmlDoc) {
	t.Helper()
	want := func(key, val string) {
		t.Helper()
		got, ok := pg.metas[key]
		switch {
		case !ok:
			t.Errorf("%s: meta %s: missing, want %q", p, key, val)
		case norm(got) != norm(val):
			t.Errorf("%s: meta %s: %q, want %q", p, key, got, val)
		}
	}
	want("og:title", a.Title)
	want("og:description", a.Summary)
	want("description", a.Summary)
	want("og:type", "article")
	want("og:url", s.cfg.ArticleURL(p))
	want("twitter:card", "summary_large_image")
	// Twitter falls back to og:*; when it has its own tags they must agree.
	for k, v := range map[string]string{"twitter:title": a.Title, "twitter:description": a.Summary} {
		if _, ok := pg.metas[k]; ok {
			want(k, v)
		}
	}
	for _, k := range []string{"og:image", "twitter:image"} {
		v, ok := pg.metas[k]
		if !ok {
			if k == "og:image" {
				t.Errorf("%s: meta og:image: missing", p)
			}
			continue
		}
		s.checkAbsoluteFile(t, p, "meta "+k, v)
	}
	if v, ok := pg.metas["article:published_time"]; !ok {
		t.Errorf("%s: meta article:published_time: missing", p)
	} else {
		s.checkDate(t, p, "meta article:published_time", v, a.Date)
	}
}

// checkAbsoluteFile requires an absolute URL on base_url that names a file
// of the build.
func (s *suite) checkAbsoluteFile(t *testing.T, p, what, v string) {
	t.Helper()
	sp, ok := s.sitePath(v)
	if !ok {
		t.Errorf("%s: %s: %q is not an absolute URL on base_url %s", p, what, v, s.cfg.Site.BaseURL)
		return
	}
	if _, ok := s.fileFor(sp); !ok {
		t.Errorf("%s: %s: %q names no file of the build", p, what, v)
	}
}

// checkDate requires an RFC 3339 time with its zone, at the article's date.
func (s *suite) checkDate(t *testing.T, p, what, v string, want time.Time) {
	t.Helper()
	if !zoneRe.MatchString(v) {
		t.Errorf("%s: %s: %q is not an RFC 3339 time with a zone", p, what, v)
		return
	}
	got, err := time.Parse(time.RFC3339, v)
	if err != nil {
		t.Errorf("%s: %s: %q: %v", p, what, v, err)
		return
	}
	if !got.Equal(want) {
		t.Errorf("%s: %s: %s, want %s", p, what, v, want.Format(time.RFC3339))
	}
}

// checkJSONLD requires a schema.org NewsArticle with headline, description,
// absolute image URLs, datePublished with zone and the location.
func (s *suite) checkJSONLD(t *testing.T, p string, a *article.Article, pg *htmlDoc) {
	t.Helper()
	var news map[string]any
	for _, body := range pg.jsonLD {
		var v any
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			t.Errorf("%s: JSON-LD: %v", p, err)
			continue
		}
		if n := findType(v, "NewsArticle"); n != nil {
			news = n
			break
		}
	}
	if news == nil {
		t.Errorf("%s: JSON-LD: no NewsArticle among %d blocks", p, len(pg.jsonLD))
		return
	}
	str := func(k string) string { v, _ := news[k].(string); return v }
	if norm(str("headline")) != norm(a.Title) {
		t.Errorf("%s: JSON-LD headline: %q, want %q", p, str("headline"), a.Title)
	}
	if norm(str("description")) != norm(a.Summary) {
		t.Errorf("%s: JSON-LD description: %q, want %q", p, str("description"), a.Summary)
	}
	s.checkDate(t, p, "JSON-LD datePublished", str("datePublished"), a.Date)
	imgs := imageURLs(news["image"])
	if len(imgs) == 0 {
		t.Errorf("%s: JSON-LD image: missing", p)
	}
	for _, u := range imgs {
		s.checkAbsoluteFile(t, p, "JSON-LD image", u)
	}
	var places []string
	for _, k := range []string{"contentLocation", "locationCreated"} {
		places = append(places, placeNames(news[k])...)
	}
	if !slices.ContainsFunc(places, func(n string) bool { return strings.Contains(norm(n), norm(a.Location)) }) {
		t.Errorf("%s: JSON-LD contentLocation: %q, want a Place named %q", p, places, a.Location)
	}
}

// findType finds, in a JSON-LD value (object, array or @graph), the first
// object whose @type is or includes typ.
func findType(v any, typ string) map[string]any {
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			if m := findType(e, typ); m != nil {
				return m
			}
		}
	case map[string]any:
		switch ty := v["@type"].(type) {
		case string:
			if ty == typ {
				return v
			}
		case []any:
			for _, e := range ty {
				if e == typ {
					return v
				}
			}
		}
		if g, ok := v["@graph"]; ok {
			return findType(g, typ)
		}
	}
	return nil
}

// imageURLs reads schema.org image: a URL, an ImageObject or a list of them.
func imageURLs(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case map[string]any:
		if u, ok := v["url"].(string); ok {
			return []string{u}
		}
		if u, ok := v["contentUrl"].(string); ok {
			return []string{u}
		}
	case []any:
		var out []string
		for _, e := range v {
			out = append(out, imageURLs(e)...)
		}
		return out
	}
	return nil
}

// placeNames reads schema.org Place names (and addresses) from a value.
func placeNames(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case map[string]any:
		var out []string
		for _, k := range []string{"name", "address"} {
			switch w := v[k].(type) {
			case string:
				out = append(out, w)
			case map[string]any:
				for _, f := range []string{"addressLocality", "streetAddress", "name"} {
					if s, ok := w[f].(string); ok {
						out = append(out, s)
					}
				}
			}
		}
		return out
	case []any:
		var out []string
		for _, e := range v {
			out = append(out, placeNames(e)...)
		}
		return out
	}
	return nil
}

// checkInstagram requires the Instagram derivative in the article's folder:
// a JPEG whose aspect ratio Instagram accepts (4:5 … 1.91:1).
func (s *suite) checkInstagram(t *testing.T, p string) {
	t.Helper()
	name, ok := s.fileFor(p + article.InstagramImage)
	if !ok {
		t.Errorf("%s: %s: missing", p, article.InstagramImage)
		return
	}
	f, err := os.Open(name)
	if err != nil {
		t.Errorf("%s: %s: %v", p, article.InstagramImage, err)
		return
	}
	defer f.Close()
	cfg, format, err := image.DecodeConfig(f)
	if err != nil || format != "jpeg" {
		t.Errorf("%s: %s: not a JPEG (%s, %v)", p, article.InstagramImage, format, err)
		return
	}
	ratio := float64(cfg.Width) / float64(cfg.Height)
	if ratio < 0.8-0.005 || ratio > 1.91+0.005 {
		t.Errorf("%s: %s: %dx%d, aspect ratio %.3f outside Instagram's 4:5 … 1.91:1", p, article.InstagramImage, cfg.Width, cfg.Height, ratio)
	}
}

// rss is the part of an RSS 2.0 feed the suite checks.
type rss struct {
	XMLName xml.Name `xml:"rss"`
	Version string   `xml:"version,attr"`
	Channel struct {
		Title string `xml:"title"`
		// Links holds <link> and <atom:link rel="self">, which share the
		// local name; the RSS one has no namespace.
		Links []struct {
			XMLName xml.Name
			Value   string `xml:",chardata"`
		} `xml:"link"`
		Items []struct {
			Title   string `xml:"title"`
			Link    string `xml:"link"`
			GUID    string `xml:"guid"`
			PubDate string `xml:"pubDate"`
		} `xml:"item"`
	} `xml:"channel"`
}

// sitemap is a sitemaps.org urlset.
type sitemap struct {
	XMLName xml.Name `xml:"urlset"`
	URLs    []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"url"`
}

// testFeeds parses /index.xml, /sitemap.xml and /robots.txt: absolute URLs
// on base_url that name files of the build, and every article present.
func (s *suite) testFeeds(t *testing.T) {
	base := s.cfg.Site.BaseURL
	read := func(p string) []byte {
		t.Helper()
		name, ok := s.fileFor(p)
		if !ok {
			t.Errorf("%s: missing", p)
			return nil
		}
		data, err := os.ReadFile(name)
		if err != nil {
			t.Errorf("%s: %v", p, err)
		}
		return data
	}

	if data := read("/index.xml"); data != nil {
		var feed rss
		if err := xml.Unmarshal(data, &feed); err != nil {
			t.Errorf("/index.xml: RSS: %v", err)
		} else {
			s.checkFeed(t, feed)
		}
	}

	if data := read("/sitemap.xml"); data != nil {
		var sm sitemap
		if err := xml.Unmarshal(data, &sm); err != nil {
			t.Errorf("/sitemap.xml: %v", err)
		} else {
			locs := map[string]bool{}
			for _, u := range sm.URLs {
				s.checkAbsoluteFile(t, "/sitemap.xml", "loc", u.Loc)
				locs[u.Loc] = true
				if u.LastMod != "" && !zoneRe.MatchString(u.LastMod) && !regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(u.LastMod) {
					t.Errorf("/sitemap.xml: lastmod %q of %s is not a W3C date", u.LastMod, u.Loc)
				}
			}
			for _, want := range append([]string{base}, s.articleURLs()...) {
				if !locs[want] {
					t.Errorf("/sitemap.xml: %s missing", want)
				}
			}
			t.Logf("/sitemap.xml: %d URLs", len(sm.URLs))
		}
	}

	if data := read("/robots.txt"); data != nil {
		text := string(data)
		if !strings.Contains(text, "Sitemap: "+base+"sitemap.xml") {
			t.Errorf("/robots.txt: no line %q", "Sitemap: "+base+"sitemap.xml")
		}
		if regexp.MustCompile(`(?m)^Disallow:\s*/\s*$`).MatchString(text) {
			t.Errorf("/robots.txt: disallows the whole site")
		}
	}
}

func (s *suite) checkFeed(t *testing.T, feed rss) {
	t.Helper()
	const p = "/index.xml"
	if feed.Version != "2.0" {
		t.Errorf("%s: rss version %q, want 2.0", p, feed.Version)
	}
	link := ""
	for _, l := range feed.Channel.Links {
		if l.XMLName.Space == "" {
			link = l.Value
		}
	}
	if link != s.cfg.Site.BaseURL {
		t.Errorf("%s: channel link %q, want base_url %s", p, link, s.cfg.Site.BaseURL)
	}
	items := feed.Channel.Items
	if len(items) == 0 {
		t.Errorf("%s: no item", p)
		return
	}
	for i, it := range items {
		s.checkAbsoluteFile(t, p, fmt.Sprintf("item %d link", i+1), it.Link)
		if _, err := time.Parse(time.RFC1123Z, it.PubDate); err != nil {
			if _, err2 := time.Parse(time.RFC1123, it.PubDate); err2 != nil {
				t.Errorf("%s: item %d pubDate %q is not RFC 822: %v", p, i+1, it.PubDate, err)
			}
		}
	}
	newest := s.articles[0]
	if items[0].Link != s.cfg.ArticleURL(newest.URLPath()) || norm(items[0].Title) != norm(newest.Title) {
		t.Errorf("%s: first item is %q <%s>, want the newest article %q <%s>", p,
			items[0].Title, items[0].Link, newest.Title, s.cfg.ArticleURL(newest.URLPath()))
	}
	t.Logf("%s: %d items", p, len(items))
}

// articleURLs are the absolute URLs of the published articles.
func (s *suite) articleURLs() []string {
	var out []string
	for _, a := range s.articles {
		out = append(out, s.cfg.ArticleURL(a.URLPath()))
	}
	return out
}

// artifact is a path below .ci/e2e/artifacts.
func (s *suite) artifact(name string) string { return filepath.Join(s.artifacts, name) }

// testWithheld requires drafts and embargoed articles to be nowhere on the
// site: no page, and no mention in the feed, the sitemap or the search
// index. Every published article must be in the search index.
func (s *suite) testWithheld(t *testing.T) {
	var texts []string
	for _, p := range []string{"/index.xml", "/sitemap.xml", "/cari/index.json"} {
		name, ok := s.fileFor(p)
		if !ok {
			t.Errorf("%s: missing", p)
			texts = append(texts, "")
			continue
		}
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	index := texts[2]
	var entries []any
	if err := json.Unmarshal([]byte(index), &entries); err != nil {
		t.Errorf("/cari/index.json: %v", err)
	}
	for _, a := range s.articles {
		if !strings.Contains(index, `"`+a.URLPath()+`"`) && !strings.Contains(index, `"`+s.cfg.ArticleURL(a.URLPath())+`"`) {
			t.Errorf("/cari/index.json: %s missing", a.URLPath())
		}
	}
	for _, a := range s.withheld {
		why := "embargoed until " + a.Date.Format(time.RFC3339)
		if a.Draft {
			why = "a draft"
		}
		if _, ok := s.fileFor(a.URLPath()); ok {
			t.Errorf("%s: built, but it is %s", a.URLPath(), why)
		}
		for i, p := range []string{"/index.xml", "/sitemap.xml", "/cari/index.json"} {
			if strings.Contains(texts[i], a.URLPath()) {
				t.Errorf("%s: mentions %s, which is %s", p, a.URLPath(), why)
			}
		}
	}
	t.Logf("withheld: %d drafts and embargoed articles absent", len(s.withheld))
}
