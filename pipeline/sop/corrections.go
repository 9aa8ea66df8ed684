package sop

import (
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/wib"
)

// Retraction is the Kind of a Correction that is a retraction
// (`retraction:` in front matter), beside the kinds of article.CorrectionKinds.
const Retraction = "pencabutan"

// Correction is one correction or retraction of a published article,
// read from the article's front matter (DESIGN.md §10).
type Correction struct {
	Article   string // article ID, berita/YYYY/MM/DD-slug
	Title     string
	Kind      string    // one of article.CorrectionKinds, or Retraction
	Published time.Time // the article's date
	At        time.Time // the entry's date
	Text      string    // the note, or the retraction's reason
}

// Delay is the time from publication to the correction.
func (c Correction) Delay() time.Duration { return c.At.Sub(c.Published) }

// KindStats counts the corrections of one kind.
type KindStats struct {
	Kind   string
	N      int
	Median time.Duration // from publication to correction; zero when N is 0
}

// Corrections returns the corrections and retractions of articles dated
// in [since, until), newest first. Drafts and entries whose date could not
// be read are left out (warta check reports those).
func Corrections(articles []*article.Article, since, until time.Time) []Correction {
	var out []Correction
	in := func(t time.Time) bool { return !t.IsZero() && !t.Before(since) && t.Before(until) }
	for _, a := range articles {
		if a.Draft || a.Kind != article.News {
			continue
		}
		for _, c := range a.Corrections {
			if in(c.Date) {
				out = append(out, Correction{Article: a.ID, Title: a.Title, Kind: c.Kind, Published: a.Date, At: c.Date, Text: c.Note})
			}
		}
		if r := a.Retraction; r != nil && in(r.Date) {
			out = append(out, Correction{Article: a.ID, Title: a.Title, Kind: Retraction, Published: a.Date, At: r.Date, Text: r.Reason})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].At.Equal(out[j].At) {
			return out[i].At.After(out[j].At)
		}
		return out[i].Article < out[j].Article
	})
	return out
}

// CorrectionStats summarises rep.Corrections: one row per kind, in the
// order of article.CorrectionKinds and then Retraction (every kind, even
// when none happened, so the table has a fixed shape), and the row of all
// corrections (retractions apart) with Kind "".
func (rep *Report) CorrectionStats() (kinds []KindStats, all KindStats) {
	by := map[string][]time.Duration{}
	var every []time.Duration
	for _, c := range rep.Corrections {
		by[c.Kind] = append(by[c.Kind], c.Delay())
		if c.Kind != Retraction {
			every = append(every, c.Delay())
		}
	}
	for _, k := range append(append([]string(nil), article.CorrectionKinds...), Retraction) {
		kinds = append(kinds, KindStats{Kind: k, N: len(by[k]), Median: Median(by[k])})
	}
	return kinds, KindStats{N: len(every), Median: Median(every)}
}

// KindLabel names a correction kind (or Retraction) for readers.
func KindLabel(k string) string {
	if k == Retraction {
		return "Pencabutan"
	}
	return article.CorrectionLabel(k)
}

// writeCorrectionsMarkdown writes the "Ralat dan pencabutan" section.
func writeCorrectionsMarkdown(b *strings.Builder, rep *Report) {
	fmt.Fprintf(b, "\n## Ralat dan pencabutan\n\n")
	if len(rep.Corrections) == 0 {
		fmt.Fprintf(b, "Tidak ada ralat atau pencabutan yang dimuat antara %s.\n", rep.RangeText())
		return
	}
	kinds, all := rep.CorrectionStats()
	fmt.Fprintf(b, "Dari front matter berita (`corrections`, `retraction`) yang dimuat antara %s. Jeda: dari terbitnya berita sampai ralat dimuat.\n\n", rep.RangeText())
	fmt.Fprintf(b, "| Jenis | Jumlah | Median jeda |\n|---|---|---|\n")
	for _, k := range kinds {
		fmt.Fprintf(b, "| %s | %d | %s |\n", KindLabel(k.Kind), k.N, medianText(k))
	}
	fmt.Fprintf(b, "| **Semua ralat (tanpa pencabutan)** | **%d** | **%s** |\n\n", all.N, medianText(all))
	fmt.Fprintf(b, "| Dimuat | Jenis | Artikel | Jeda | Catatan |\n|---|---|---|---|---|\n")
	for _, c := range rep.Corrections {
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", wib.DateTime(c.At, rep.Location), KindLabel(c.Kind), oneLine(c.Article), Dur(c.Delay()), oneLine(c.Text))
	}
}

func medianText(k KindStats) string {
	if k.N == 0 {
		return "—"
	}
	return Dur(k.Median)
}

// WriteCorrectionsCSV writes one row per correction or retraction, newest
// first: report.csv has one row per PR and step, a shape corrections do
// not fit.
func WriteCorrectionsCSV(w io.Writer, rep *Report) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"artikel", "judul", "jenis", "terbit", "dimuat", "jeda_menit", "catatan"}); err != nil {
		return err
	}
	ts := func(t time.Time) string { return t.In(rep.Location).Format("2006-01-02T15:04:05Z07:00") }
	for _, c := range rep.Corrections {
		if err := cw.Write([]string{csvText(c.Article), csvText(c.Title), c.Kind, ts(c.Published), ts(c.At), Minutes(c.Delay()), csvText(c.Text)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
