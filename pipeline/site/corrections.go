package site

import (
	"bytes"
	"sort"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/wib"
)

// Corrections and retractions on the site (DESIGN.md §10): the block on a
// corrected article, the notice that stands in for a retracted one, and
// the page that lists them all.

// ralatPath is the page listing every correction and retraction; check
// reserves it.
const ralatPath = article.RalatPath

// timeView is a moment as pages show it: WIB text and RFC 3339.
type timeView struct {
	Text, ISO string
}

// correctionView is one entry of an article's corrections block.
type correctionView struct {
	Label string // "Ralat", "Koreksi", "Hak jawab", "Pembaruan"
	When  *timeView
	Note  string
}

// retractionView is what a retracted article's page says instead of it.
type retractionView struct {
	When   *timeView
	Reason string
	List   string // link to /ralat/
}

// ralatView is the page /ralat/.
type ralatView struct {
	Intro string
	Items []ralatItem
}

// ralatItem is one correction or retraction on /ralat/.
type ralatItem struct {
	Label     string // kind label, or "Pencabutan"
	Retracted bool
	When      *timeView
	Note      string // the note, or the reason of a retraction
	Title     string // of the article
	URL       string // link to the article
	date      time.Time
	index     int // of the correction; -1 for the retraction
}

// timeOf formats t for a page; nil for a date that could not be read.
func (b *builder) timeOf(t time.Time) *timeView {
	if t.IsZero() {
		return nil
	}
	return &timeView{Text: wib.LongDate(t, b.cfg.Location), ISO: t.In(b.cfg.Location).Format(time.RFC3339)}
}

// addCorrections fills the corrections block, the update time and the
// retraction notice of an article's view.
func (b *builder) addCorrections(v *articleView, a *article.Article) {
	for _, c := range a.Corrections {
		v.Corrections = append(v.Corrections, correctionView{Label: article.CorrectionLabel(c.Kind), When: b.timeOf(c.Date), Note: c.Note})
	}
	if u := a.Updated(); u.After(a.Date) && !a.Date.IsZero() {
		v.Updated = b.timeOf(u)
	}
	if r := a.Retraction; r != nil {
		v.Retraction = &retractionView{When: b.timeOf(r.Date), Reason: r.Reason, List: b.link(ralatPath)}
	}
}

// renderRetracted renders the notice at the URL of a retracted article:
// title, original date, retraction date and reason; no body, no photos,
// not indexed.
func (b *builder) renderRetracted(w *bytes.Buffer, sv *siteView, e *entry) error {
	a := e.a
	p := a.URLPath()
	v := &articleView{Title: a.Title, Draft: a.Draft}
	if !a.Date.IsZero() {
		v.DateText = wib.LongDate(a.Date, b.cfg.Location)
		v.DateISO = e.sum.DateISO
	}
	b.addCorrections(v, a)
	v.Corrections, v.Updated = nil, nil // the notice is all that stays
	desc := "Berita ini telah dicabut."
	if v.Retraction.When != nil {
		desc = "Berita ini dicabut pada " + v.Retraction.When.Text + "."
	}
	if v.Retraction.Reason != "" {
		desc += " Alasan: " + v.Retraction.Reason
	}
	d := &pageData{
		Site: sv, Kind: "retracted", Title: "Dicabut: " + a.Title + " | " + b.cfg.Site.Title, Heading: a.Title,
		Description: desc, Path: p, Canonical: b.abs(p), OGType: "article", Image: b.ogFor(nil),
		NoIndex: true, Published: v.DateISO, Article: v,
	}
	return b.exec(w, "dicabut", d)
}

// ralatItems lists every correction and retraction of the news on the
// site, newest first; ties by article and entry, so the order is stable.
func (b *builder) ralatItems() []ralatItem {
	var items []ralatItem
	for _, e := range append(append([]*entry{}, b.articles...), b.withdrawn...) {
		a := e.a
		for i, c := range a.Corrections {
			items = append(items, ralatItem{Label: article.CorrectionLabel(c.Kind), When: b.timeOf(c.Date), Note: c.Note,
				Title: a.Title, URL: e.sum.URL, date: c.Date, index: i})
		}
		if r := a.Retraction; r != nil {
			items = append(items, ralatItem{Label: "Pencabutan", Retracted: true, When: b.timeOf(r.Date), Note: r.Reason,
				Title: a.Title, URL: e.sum.URL, date: r.Date, index: -1})
		}
	}
	sort.SliceStable(items, func(i, j int) bool {
		x, y := items[i], items[j]
		if !x.date.Equal(y.date) {
			return x.date.After(y.date)
		}
		if x.URL != y.URL {
			return x.URL < y.URL
		}
		return x.index > y.index
	})
	return items
}

// corrected lists the entries /ralat/ is made from.
func (b *builder) corrected() []*summaryView {
	var out []*summaryView
	for _, e := range append(append([]*entry{}, b.articles...), b.withdrawn...) {
		if len(e.a.Corrections) > 0 || e.a.Retracted() {
			out = append(out, e.sum)
		}
	}
	return out
}

// planRalat queues /ralat/. Its key is the list entries of the corrected
// and retracted articles, whose summary keys hold their corrections.
func (b *builder) planRalat(sv *siteView) sitemapURL {
	if !b.claim(rel(ralatPath), "ralat") {
		return sitemapURL{path: ralatPath}
	}
	items := b.ralatItems()
	var last time.Time
	if len(items) > 0 {
		last = items[0].date
	}
	intro := "Setiap ralat, koreksi, hak jawab, pembaruan dan pencabutan berita di " + b.cfg.Site.Title +
		", yang terbaru di atas. Koreksi dimuat pada berita yang dikoreksi, dengan waktu pemuatannya, " +
		"sesuai Pedoman Pemberitaan Media Siber Dewan Pers."
	d := &pageData{
		Site: sv, Kind: "ralat", Title: "Ralat dan Pencabutan | " + b.cfg.Site.Title, Heading: "Ralat dan Pencabutan",
		Description: "Daftar ralat, koreksi, hak jawab, pembaruan dan pencabutan berita " + b.cfg.Site.Title + ".",
		Path:        ralatPath, Canonical: b.abs(ralatPath), OGType: "website", Image: b.ogFor(nil),
		Ralat: &ralatView{Intro: intro, Items: items},
	}
	key := func() ([32]byte, bool) {
		k := b.key("ralat", rel(ralatPath))
		if k == nil {
			return [32]byte{}, false
		}
		ok := itemsKey(k, b.corrected())
		return k.done(), ok
	}
	b.addKeyed(rel(ralatPath), key, b.page("ralat", d))
	return sitemapURL{ralatPath, last}
}
