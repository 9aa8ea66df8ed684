package e2e

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/article"
)

// ralatPath is the page listing every correction and retraction.
const ralatPath = "/ralat/"

// corrected is the newest published article with corrections, or nil.
func (s *suite) corrected() *article.Article {
	for _, a := range s.articles {
		if len(a.Corrections) > 0 {
			return a
		}
	}
	return nil
}

// correctionPages are a corrected article, a retracted one and /ralat/,
// for the checks that look at a sample; the sample newsroom has both.
func (s *suite) correctionPages() []samplePage {
	var out []samplePage
	if a := s.corrected(); a != nil {
		out = append(out, samplePage{"corrected", a.URLPath()})
	}
	if len(s.retracted) > 0 {
		out = append(out, samplePage{"retracted", s.retracted[0].URLPath()})
	}
	return append(out, samplePage{"ralat", ralatPath})
}

// testCorrections checks DESIGN.md §10 as a reader and a crawler meet
// it: a corrected article shows each correction and "Diperbarui", its
// JSON-LD has dateModified and correction, its feed entry the update
// time; a retracted article's URL shows the notice, noindex, no body or
// photo, and it is on no list, feed, sitemap or search index, its aliases
// lead to the notice; /ralat/ lists all of them, linked from the footer.
func (s *suite) testCorrections(t *testing.T) {
	a := s.corrected()
	if a == nil || len(s.retracted) == 0 {
		t.Fatalf("the sample newsroom needs a corrected and a retracted article (content/berita)")
	}
	tb := s.browser.newTab(t)

	// The corrected article, in the browser.
	if tb.open(t, a.URLPath(), 200) {
		text, _ := eval[string](t, tb, `document.querySelector('main').innerText`)
		if !strings.Contains(text, "Diperbarui") {
			t.Errorf("%s: no \"Diperbarui\" near the date", a.URLPath())
		}
		for _, c := range a.Corrections {
			if !strings.Contains(norm(text), norm(c.Note)) {
				t.Errorf("%s: correction %q not shown", a.URLPath(), c.Note)
			}
		}
		visible, _ := eval[bool](t, tb, `(() => { const e = document.querySelector('#ralat-berita'); return !!e && e.getClientRects().length > 0; })()`)
		if !visible {
			t.Errorf("%s: the corrections block is not visible", a.URLPath())
		}
		tb.check(t)
	}
	if pg := s.parsePage(t, a.URLPath()); pg != nil {
		found := false
		for _, body := range pg.jsonLD {
			var ld struct {
				Type         string `json:"@type"`
				DateModified string `json:"dateModified"`
				Correction   []struct {
					Type          string `json:"@type"`
					DatePublished string `json:"datePublished"`
					Text          string `json:"text"`
				} `json:"correction"`
			}
			if json.Unmarshal([]byte(body), &ld) != nil || ld.Type != "NewsArticle" {
				continue
			}
			found = true
			s.checkDate(t, a.URLPath(), "JSON-LD dateModified", ld.DateModified, a.Updated())
			if len(ld.Correction) != len(a.Corrections) {
				t.Errorf("%s: JSON-LD has %d corrections, want %d", a.URLPath(), len(ld.Correction), len(a.Corrections))
			}
			for i, c := range ld.Correction {
				if c.Type != "CorrectionComment" || c.Text == "" || i >= len(a.Corrections) {
					t.Errorf("%s: JSON-LD correction %d: %+v", a.URLPath(), i, c)
					continue
				}
				s.checkDate(t, a.URLPath(), fmt.Sprintf("JSON-LD correction %d datePublished", i), c.DatePublished, a.Corrections[i].Date)
			}
		}
		if !found {
			t.Errorf("%s: no NewsArticle JSON-LD", a.URLPath())
		}
	}
	s.checkFeedUpdated(t, a)

	// The retracted articles.
	read := func(p string) string {
		name, ok := s.fileFor(p)
		if !ok {
			t.Errorf("%s: missing", p)
			return ""
		}
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	listed := map[string]string{}
	for _, p := range []string{"/index.xml", "/sitemap.xml", "/cari/index.json"} {
		listed[p] = read(p)
	}
	for _, p := range s.htmlPages(t) {
		if p != ralatPath && (homeRe.MatchString(p) || page2Re.MatchString(p) || tagRe.MatchString(p) || locationRe.MatchString(p) ||
			archiveRe.MatchString(p) || monthRe.MatchString(p) || strings.HasPrefix(p, "/tag/") || strings.HasPrefix(p, "/lokasi/") || strings.HasPrefix(p, "/arsip/")) {
			listed[p] = read(p)
		}
	}
	for _, r := range s.retracted {
		p := r.URLPath()
		if tb.open(t, p, 200) {
			text, _ := eval[string](t, tb, `document.querySelector('main').innerText`)
			for _, want := range []string{r.Title, r.Retraction.Reason, "dicabut"} {
				if !strings.Contains(norm(text), norm(want)) {
					t.Errorf("%s: the notice lacks %q", p, want)
				}
			}
			if strings.Contains(norm(text), norm(r.Summary)) {
				t.Errorf("%s: the notice shows the summary", p)
			}
			imgs, _ := eval[int64](t, tb, `document.querySelectorAll('main img').length`)
			if imgs != 0 {
				t.Errorf("%s: %d photos on the notice", p, imgs)
			}
			robots, _ := eval[string](t, tb, `(document.querySelector('meta[name=robots]') || {content: ''}).content`)
			if robots != "noindex" {
				t.Errorf("%s: meta robots %q, want noindex", p, robots)
			}
			tb.check(t)
		}
		for where, text := range listed {
			if strings.Contains(text, p) {
				t.Errorf("%s: lists the retracted %s", where, p)
			}
		}
		for _, img := range r.Images {
			if _, ok := s.fileFor(p + strings.TrimSuffix(img.Src, ".jpg") + "-480w.jpg"); ok {
				t.Errorf("%s: a derivative of %s was written", p, img.Src)
			}
		}
		if _, ok := s.fileFor(p + article.InstagramImage); ok {
			t.Errorf("%s: %s was written", p, article.InstagramImage)
		}
		for _, al := range r.Aliases {
			al = "/" + strings.Trim(al, "/") + "/"
			if !tb.open(t, al, 200) {
				continue
			}
			deadline := time.Now().Add(10 * time.Second)
			for time.Now().Before(deadline) && pathOf(tb.current()) != p {
				time.Sleep(100 * time.Millisecond)
			}
			if got := pathOf(tb.current()); got != p {
				t.Errorf("alias %s leads to %s, want the notice %s", al, got, p)
			}
		}
	}

	// /ralat/, from the footer of the home page.
	if tb.open(t, "/", 200) {
		if got := tb.follow(t, regexp.MustCompile("^"+regexp.QuoteMeta(ralatPath)+"$"), "the footer's link to /ralat/"); got != ralatPath {
			t.Errorf("/: the footer does not lead to %s (got %q)", ralatPath, got)
		}
	}
	links := s.linksOf(t, ralatPath)
	want := 0
	for _, x := range append(append([]*article.Article{}, s.articles...), s.retracted...) {
		n := len(x.Corrections)
		if x.Retracted() {
			n++
		}
		want += n
		if n > 0 && !slices.Contains(links, x.URLPath()) {
			t.Errorf("%s: no link to %s", ralatPath, x.URLPath())
		}
	}
	list := read(ralatPath)
	if i := strings.Index(list, `<ol class="ralat-list">`); i < 0 {
		t.Errorf("%s: no list of entries", ralatPath)
	} else if n := strings.Count(list[i:i+strings.Index(list[i:], "</ol>")], "<li"); n != want {
		t.Errorf("%s: %d entries, want %d", ralatPath, n, want)
	}
	t.Logf("corrections: %s corrected, %d retracted, %d entries on %s", a.URLPath(), len(s.retracted), want, ralatPath)
}

// checkFeedUpdated requires the feed entry of a corrected article to carry
// its update time (atom:updated).
func (s *suite) checkFeedUpdated(t *testing.T, a *article.Article) {
	t.Helper()
	name, ok := s.fileFor("/index.xml")
	if !ok {
		t.Error("/index.xml: missing")
		return
	}
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var feed struct {
		Items []struct {
			Link    string `xml:"link"`
			Updated string `xml:"http://www.w3.org/2005/Atom updated"`
		} `xml:"channel>item"`
	}
	if err := xml.Unmarshal(data, &feed); err != nil {
		t.Errorf("/index.xml: %v", err)
		return
	}
	u := s.cfg.ArticleURL(a.URLPath())
	for _, it := range feed.Items {
		if it.Link == u {
			s.checkDate(t, "/index.xml", "atom:updated of "+a.URLPath(), it.Updated, a.Updated())
			return
		}
	}
	t.Logf("/index.xml: %s is not among the newest entries; its update time is not checked", a.URLPath())
}
