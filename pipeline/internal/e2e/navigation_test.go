package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/kominfotik-lampung/warta/pipeline/article"
)

// testNavigation walks the site as a reader does, only by clicking:
// home → article → tag → article → location → archive → month. Every page
// on the way must load all its images, log no console error and ask no host
// but 127.0.0.1.
func (s *suite) testNavigation(t *testing.T) {
	tb := s.browser.newTab(t)
	visited := func(p string) {
		t.Helper()
		n := tb.checkImages(t)
		tb.check(t)
		t.Logf("%s: %d images loaded", p, n)
	}

	if !tb.open(t, "/", 200) {
		t.FailNow()
	}
	visited("/")
	if len(s.articles) > s.cfg.Site.PerPage {
		if p2 := tb.follow(t, page2Re, "the second page of the home page"); p2 != "" {
			visited(p2)
			if tb.follow(t, homeRe, "the home page") == "" {
				t.FailNow()
			}
			visited("/")
		}
	}

	art := tb.follow(t, articleRe, "an article")
	if art == "" {
		t.FailNow()
	}
	visited(art)
	s.checkArticlePage(t, tb, art)

	tag := tb.follow(t, tagRe, "a tag")
	if tag != "" {
		visited(tag)
		s.checkListsArticle(t, tb, tag, art)
		if next := tb.follow(t, articleRe, "an article of the tag"); next != "" {
			visited(next)
			art = next
		}
	}

	loc := tb.follow(t, locationRe, "the article's location")
	if loc != "" {
		visited(loc)
		s.checkListsArticle(t, tb, loc, art)
	}

	arch := tb.follow(t, archiveRe, "the archive")
	if arch != "" {
		visited(arch)
		if month := tb.follow(t, monthRe, "a month of the archive"); month != "" {
			visited(month)
			if next := tb.follow(t, articleRe, "an article of the month"); next != "" {
				visited(next)
			}
		}
	}

	// The rest of the menu: both indexes and the static pages.
	for _, m := range []struct {
		re   *regexp.Regexp
		what string
	}{
		{regexp.MustCompile(`^/lokasi/$`), "the list of locations"},
		{regexp.MustCompile(`^/tag/$`), "the list of tags"},
		{regexp.MustCompile(`^/tentang/$`), "the page Tentang"},
		{regexp.MustCompile(`^/kontak/$`), "the page Kontak"},
	} {
		if p := tb.follow(t, m.re, m.what); p != "" {
			visited(p)
		}
	}
}

// checkArticlePage compares an article page with its source: the headline,
// the SOP records (activity and location) and responsive photos.
func (s *suite) checkArticlePage(t *testing.T, tb *tab, p string) {
	t.Helper()
	a := s.articleAt(p)
	if a == nil {
		t.Errorf("%s: no published article in content/ has this URL", p)
		return
	}
	type facts struct {
		H1     string `json:"h1"`
		Text   string `json:"text"`
		Srcset int    `json:"srcset"`
	}
	f, ok := eval[facts](t, tb, `({
		h1: (document.querySelector('h1') || {}).textContent || '',
		text: document.body.innerText,
		srcset: Array.from(document.querySelectorAll('img[srcset], picture source[srcset]')).length,
	})`)
	if !ok {
		return
	}
	if norm(f.H1) != norm(a.Title) {
		t.Errorf("%s: headline: h1 is %q, want the title %q", p, norm(f.H1), a.Title)
	}
	text := norm(f.Text)
	if !strings.Contains(text, norm(a.Activity)) {
		t.Errorf("%s: SOP record: the activity %q is not shown", p, a.Activity)
	}
	if !strings.Contains(text, norm(a.Location)) {
		t.Errorf("%s: SOP record: the location %q is not shown", p, a.Location)
	}
	if f.Srcset == 0 {
		t.Errorf("%s: photos: no img or source carries a srcset", p)
	}
}

// checkListsArticle fails unless the list page links to the article.
func (s *suite) checkListsArticle(t *testing.T, tb *tab, list, art string) {
	t.Helper()
	q, _ := json.Marshal(art)
	found, ok := eval[bool](t, tb, fmt.Sprintf(`Array.from(document.querySelectorAll('a[href]')).some(a => new URL(a.href, location.href).pathname === %s)`, q))
	if ok && !found {
		t.Errorf("%s: list: no link to %s, which the reader came from", list, art)
	}
}

// articleAt is the published article whose URL path is p.
func (s *suite) articleAt(p string) *article.Article {
	for _, a := range s.articles {
		if a.URLPath() == p {
			return a
		}
	}
	return nil
}

// searchBoxSel is the search box of /cari/.
const searchBoxSel = `input[type="search"], input[name="q"]`

// testSearch types into the search box of /cari/ a word of an article's
// activity, then its location, and expects the article among the results.
func (s *suite) testSearch(t *testing.T) {
	a, word := s.searchTarget()
	if word == "" {
		t.Fatalf("no article has an activity word of 5+ letters to search for")
	}
	tb := s.browser.newTab(t)
	for _, q := range []struct{ what, text string }{
		{"a word of its activity", word},
		{"its location", a.Location},
	} {
		if !tb.open(t, "/cari/", 200) {
			t.FailNow()
		}
		s.searchFor(t, tb, a, q.what, q.text)
		tb.check(t)
	}
}

// searchFor types text into the box and waits for a visible result linking
// to the article.
func (s *suite) searchFor(t *testing.T, tb *tab, a *article.Article, what, text string) {
	t.Helper()
	target, _ := json.Marshal(a.URLPath())
	shown := fmt.Sprintf(`Array.from(document.querySelectorAll('a[href]')).some(a =>
		new URL(a.href, location.href).pathname === %s && a.getClientRects().length > 0)`, target)
	if before, ok := eval[bool](t, tb, shown); ok && before {
		t.Errorf("/cari/: search: %s is listed before anything was typed; the test cannot tell results from the page", a.URLPath())
		return
	}
	// Type as a reader does and press Enter: the page may search while
	// typing or on submit, and both must show the article then.
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS(searchBoxSel)),
		chromedp.Click(chromedp.CSS(searchBoxSel)),
		chromedp.SendKeys(chromedp.CSS(searchBoxSel), text+kb.Enter),
	); err != nil {
		t.Errorf("/cari/: search box (%s): %v", searchBoxSel, err)
		return
	}
	wctx, wcancel := context.WithTimeout(tb.ctx, 15*time.Second)
	defer wcancel()
	if _, err := chromedp.Run(wctx, chromedp.Poll[bool](shown, chromedp.WithPollingInterval(100*time.Millisecond))); err != nil {
		t.Errorf("/cari/: search: typing %q (%s) and Enter does not list %s: %v", text, what, a.URLPath(), err)
		return
	}
	t.Logf("/cari/: %q finds %s (%s)", text, a.URLPath(), what)
}

// searchTarget picks the newest article with a word of its activity that
// its title and summary lack, so a hit proves activities are indexed; else
// the longest word of the newest activity.
func (s *suite) searchTarget() (*article.Article, string) {
	var fallback *article.Article
	var fallbackWord string
	for _, a := range s.articles {
		seen := strings.ToLower(a.Title + " " + a.Summary)
		for _, w := range words(a.Activity) {
			if !regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(w) + `\b`).MatchString(seen) {
				return a, w
			}
			if len(w) > len(fallbackWord) {
				fallback, fallbackWord = a, w
			}
		}
	}
	return fallback, fallbackWord
}

// words are the words of at least five letters of s, lower case.
func words(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len([]rune(w)) >= 5 {
			out = append(out, w)
		}
	}
	return out
}

// norm collapses white space, for comparing rendered text with sources.
func norm(s string) string { return strings.Join(strings.Fields(s), " ") }
