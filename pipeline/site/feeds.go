package site

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"sort"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/article"
)

// JSON-LD of an article: https://schema.org/NewsArticle, with the fields
// Google's article structured data reads.
type newsArticleLD struct {
	Context          string    `json:"@context"`
	Type             string    `json:"@type"`
	Headline         string    `json:"headline"`
	Description      string    `json:"description"`
	URL              string    `json:"url"`
	MainEntityOfPage string    `json:"mainEntityOfPage"`
	Image            []string  `json:"image"`
	DatePublished    string    `json:"datePublished"`
	DateModified     string    `json:"dateModified"`
	Author           []ldThing `json:"author"`
	Publisher        ldThing   `json:"publisher"`
	ContentLocation  *ldThing  `json:"contentLocation,omitempty"`
	LocationCreated  *ldThing  `json:"locationCreated,omitempty"`
	Keywords         []string  `json:"keywords,omitempty"`
	InLanguage       string    `json:"inLanguage"`
	About            *ldThing  `json:"about,omitempty"`
	// Correction lists the article's corrections, oldest first
	// (https://schema.org/correction).
	Correction []correctionLD `json:"correction,omitempty"`
}

// correctionLD is https://schema.org/CorrectionComment.
type correctionLD struct {
	Type          string `json:"@type"`
	DatePublished string `json:"datePublished,omitempty"`
	Text          string `json:"text"`
}

type ldThing struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

func (b *builder) newsArticleLD(a *article.Article, v *articleView) *newsArticleLD {
	publisher := b.cfg.Site.Publisher
	if publisher == "" {
		publisher = b.cfg.Site.Title
	}
	org := ldThing{Type: "Organization", Name: publisher, URL: b.abs("/")}
	ld := &newsArticleLD{
		Context: "https://schema.org", Type: "NewsArticle", Headline: a.Title, Description: a.Summary,
		URL: b.abs(a.URLPath()), MainEntityOfPage: b.abs(a.URLPath()),
		DatePublished: v.DateISO, DateModified: v.DateISO, Publisher: org,
		Keywords: a.Tags, InLanguage: "id-ID", Image: []string{},
	}
	if v.LocationURL != "" {
		place := &ldThing{Type: "Place", Name: a.Location, URL: b.absLink(v.LocationURL)}
		ld.ContentLocation, ld.LocationCreated = place, place
	}
	if a.Activity != "" {
		ld.About = &ldThing{Type: "Event", Name: a.Activity}
	}
	for _, img := range v.Images {
		ld.Image = append(ld.Image, b.absLink(img.Src))
	}
	for _, au := range v.Authors {
		ld.Author = append(ld.Author, ldThing{Type: "Person", Name: au.Name, URL: au.URL})
	}
	if len(ld.Author) == 0 {
		ld.Author = []ldThing{org}
	}
	if v.Updated != nil {
		ld.DateModified = v.Updated.ISO
	}
	for _, c := range v.Corrections {
		cl := correctionLD{Type: "CorrectionComment", Text: c.Label + ": " + c.Note}
		if c.When != nil {
			cl.DatePublished = c.When.ISO
		}
		ld.Correction = append(ld.Correction, cl)
	}
	return ld
}

// searchEntry is one article in /cari/index.json; short keys keep the file
// small for 10,000 articles.
type searchEntry struct {
	Title    string `json:"t"`
	URL      string `json:"u"`
	Date     string `json:"d"`
	Summary  string `json:"s"`
	Activity string `json:"a"`
	Location string `json:"l"`
}

func (b *builder) searchIndex() ([]byte, error) {
	es := make([]searchEntry, len(b.articles))
	for i, e := range b.articles {
		es[i] = searchEntry{Title: e.a.Title, URL: e.sum.URL, Date: e.sum.DateText, Summary: e.a.Summary,
			Activity: e.a.Activity, Location: e.a.Location}
	}
	data, err := json.Marshal(es)
	if err != nil {
		return nil, fmt.Errorf("site: search index: %w", err)
	}
	return append(data, '\n'), nil
}

// planFeeds queues the RSS feed, the sitemap and robots.txt.
func (b *builder) planFeeds(sitemap []sitemapURL) {
	if b.claim(rel(feedPath), "feed") {
		b.addKeyed(rel(feedPath), b.listKey("feed", rel(feedPath), feedItems), bytesOf(b.feed))
	}
	if b.claim("sitemap.xml", "sitemap") {
		key := func() ([32]byte, bool) {
			k := b.key("sitemap", "sitemap.xml")
			if k == nil {
				return [32]byte{}, false
			}
			k.grow(len(sitemap) * 96) // a path, a time and their lengths
			for _, u := range sitemap {
				k.str(u.path).time(u.lastmod)
			}
			return k.done(), true
		}
		b.addKeyed("sitemap.xml", key, bytesOf(func() ([]byte, error) { return b.sitemap(sitemap) }))
	}
	if b.claim("robots.txt", "robots") {
		b.addKeyed("robots.txt", b.fixedKey("robots", "robots.txt"), bytesOf(func() ([]byte, error) {
			return []byte("User-agent: *\nAllow: /\n\nSitemap: " + b.abs("/sitemap.xml") + "\n"), nil
		}))
	}
}

// RSS 2.0, https://www.rssboard.org/rss-specification, with atom:link
// rel=self as the RSS Advisory Board recommends.
type rss struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	AtomLink      rssAtom   `xml:"atom:link"`
	Items         []rssItem `xml:"item"`
}

type rssAtom struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	Title       string   `xml:"title"`
	Link        string   `xml:"link"`
	GUID        rssGUID  `xml:"guid"`
	PubDate     string   `xml:"pubDate"`
	Description string   `xml:"description"`
	Categories  []string `xml:"category"`
	// Updated is the time of a corrected article's latest correction,
	// as Atom's updated element (RFC 4287 §4.2.15) in the atom namespace
	// the feed declares; RSS 2.0 itself has no such element.
	Updated string `xml:"atom:updated,omitempty"`
}

type rssGUID struct {
	PermaLink string `xml:"isPermaLink,attr"`
	Value     string `xml:",chardata"`
}

func (b *builder) feed() ([]byte, error) {
	desc := b.description()
	f := rss{Version: "2.0", Atom: "http://www.w3.org/2005/Atom", Channel: rssChannel{
		Title: b.cfg.Site.Title, Link: b.abs("/"), Description: desc, Language: "id",
		AtomLink: rssAtom{Href: b.abs(feedPath), Rel: "self", Type: "application/rss+xml"},
	}}
	var last time.Time
	for i, e := range b.articles {
		if i == feedItems {
			break
		}
		u := b.abs(e.a.URLPath())
		it := rssItem{
			Title: e.a.Title, Link: u, GUID: rssGUID{"true", u},
			PubDate:     e.a.Date.In(b.cfg.Location).Format(time.RFC1123Z),
			Description: e.a.Summary, Categories: e.a.Tags,
		}
		up := e.a.Updated()
		if up.After(e.a.Date) {
			it.Updated = up.In(b.cfg.Location).Format(time.RFC3339)
		}
		if up.After(last) {
			last = up
		}
		f.Channel.Items = append(f.Channel.Items, it)
	}
	if !last.IsZero() {
		// The feed last changed with its newest article or correction.
		f.Channel.LastBuildDate = last.In(b.cfg.Location).Format(time.RFC1123Z)
	}
	return marshalXML(f)
}

// Sitemap protocol 0.9, https://www.sitemaps.org/protocol.html.
type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapLoc `xml:"url"`
}

type sitemapLoc struct {
	Loc     string `xml:"loc"`
	Lastmod string `xml:"lastmod,omitempty"`
}

func (b *builder) sitemap(us []sitemapURL) ([]byte, error) {
	sort.SliceStable(us, func(i, j int) bool { return us[i].path < us[j].path })
	s := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	for i, u := range us {
		if i > 0 && us[i-1].path == u.path {
			continue
		}
		l := sitemapLoc{Loc: b.abs(u.path)}
		if !u.lastmod.IsZero() {
			l.Lastmod = u.lastmod.In(b.cfg.Location).Format(time.RFC3339)
		}
		s.URLs = append(s.URLs, l)
	}
	return marshalXML(s)
}

func marshalXML(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("site: xml: %w", err)
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}
