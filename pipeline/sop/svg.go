package sop

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/wib"
)

// Charts are drawn here as inline SVG: no script, no font or file fetched,
// a viewBox 340 units wide scaled to the page so a 360 px phone shows them
// whole.
const (
	svgW     = 340.0
	colMed   = "#1f5f99"
	colP90   = "#9cc3e6"
	colStd   = "#c0392b"
	colText  = "#222"
	colMuted = "#666"
)

// stepColors tell the steps apart in the timeline; distinct for colour-blind
// readers as far as eight colours allow (Okabe–Ito palette).
var stepColors = [...]string{"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#7f7f7f"}

func esc(s string) string { return template.HTMLEscapeString(s) }

func svgOpen(b *strings.Builder, h float64, title string) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="100%%" role="img" aria-label="%s" font-family="system-ui,sans-serif" font-size="12">`, svgW, h, esc(title))
	fmt.Fprintf(b, `<title>%s</title>`, esc(title))
}

// stepChart draws per step the median (dark bar) and the 90th percentile
// (light bar) against the standard (red line). Each row has its own scale:
// steps differ by orders of magnitude and each is judged against its own
// standard; the numbers are written out beside the bars.
func stepChart(stats []StepStats) template.HTML {
	const rowH = 54.0
	var b strings.Builder
	svgOpen(&b, rowH*float64(len(stats))+4, "Median dan persentil ke-90 tiap langkah dibanding standar SOP")
	for i, s := range stats {
		y := float64(i)*rowH + 2
		fmt.Fprintf(&b, `<text x="0" y="%.1f" fill="%s" font-weight="600">%s</text>`, y+12, colText, esc(s.Step.Label))
		if s.N == 0 {
			fmt.Fprintf(&b, `<text x="0" y="%.1f" fill="%s">tidak ada data</text>`, y+27, colMuted)
			continue
		}
		top := max(s.P90, s.Median)
		if s.Step.HasStandard() {
			top = max(top, s.Step.Standard)
		}
		if top <= 0 {
			top = time.Minute
		}
		scale := (svgW - 2) / (float64(top) * 1.08)
		fmt.Fprintf(&b, `<rect x="0" y="%.1f" width="%.1f" height="14" fill="%s"/>`, y+17, float64(s.P90)*scale, colP90)
		fmt.Fprintf(&b, `<rect x="0" y="%.1f" width="%.1f" height="8" fill="%s"/>`, y+20, float64(s.Median)*scale, colMed)
		text := "median " + Dur(s.Median) + " · p90 " + Dur(s.P90)
		if s.Step.HasStandard() {
			x := float64(s.Step.Standard) * scale
			fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="2"/>`, x+1, x+1, y+14, y+34, colStd)
			fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" text-anchor="end" fill="%s">standar %s</text>`, svgW, y+12, colStd, esc(Dur(s.Step.Standard)))
		}
		fmt.Fprintf(&b, `<text x="0" y="%.1f" fill="%s">%s</text>`, y+46, colMuted, esc(text))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// weekChart draws the median total time per week as bars, with the sum of
// the SOP's standards as a red line.
func weekChart(weeks []Week, std time.Duration, loc *time.Location) template.HTML {
	const h, top, bottom, left = 190.0, 18.0, 34.0, 4.0
	var b strings.Builder
	svgOpen(&b, h, "Median waktu total per pekan")
	if len(weeks) == 0 {
		fmt.Fprintf(&b, `<text x="0" y="20" fill="%s">tidak ada data</text></svg>`, colMuted)
		return template.HTML(b.String())
	}
	maxV := std
	for _, w := range weeks {
		maxV = max(maxV, w.MedianTotal)
	}
	if maxV <= 0 {
		maxV = time.Minute
	}
	plotH := h - top - bottom
	y := func(d time.Duration) float64 { return top + plotH - float64(d)/float64(maxV)*plotH }
	slot := (svgW - left) / float64(len(weeks))
	barW := min(slot*0.7, 48)
	every := 1 + len(weeks)/8 // label at most about eight weeks
	for i, w := range weeks {
		x := left + float64(i)*slot + (slot-barW)/2
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s: %d PR, median %s</title></rect>`,
			x, y(w.MedianTotal), barW, top+plotH-y(w.MedianTotal), colMed, esc(wib.Date(w.Start, loc)), w.N, esc(Dur(w.MedianTotal)))
		if i%every == 0 {
			cx := x + barW/2
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="%s">%s</text>`, cx, h-bottom+13, colText, esc(wib.DayMonth(w.Start, loc)))
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="%s">%d PR</text>`, cx, h-bottom+26, colMuted, w.N)
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="%s" font-size="10">%s</text>`, cx, y(w.MedianTotal)-3, colText, esc(Dur(w.MedianTotal)))
		}
	}
	fmt.Fprintf(&b, `<line x1="0" x2="%.0f" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="1.5" stroke-dasharray="4 3"/>`, svgW, y(std), y(std), colStd)
	fmt.Fprintf(&b, `<line x1="0" x2="%.0f" y1="%.1f" y2="%.1f" stroke="%s"/>`, svgW, top+plotH, top+plotH, colMuted)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// timelineChart draws, for each record, its steps as consecutive coloured
// segments on one shared time axis starting at the record's Start.
func timelineChart(records []*Record, steps []Step) template.HTML {
	const rowH = 36.0
	var b strings.Builder
	svgOpen(&b, rowH*float64(len(records))+4, "Linimasa langkah SOP artikel paling lama")
	var maxT time.Duration
	for _, r := range records {
		maxT = max(maxT, r.Total())
		if !r.At[Published].IsZero() {
			maxT = max(maxT, r.At[Published].Sub(r.Start()))
		}
	}
	if maxT <= 0 {
		maxT = time.Minute
	}
	scale := (svgW - 2) / float64(maxT)
	for i, r := range records {
		y := float64(i)*rowH + 2
		fmt.Fprintf(&b, `<text x="0" y="%.1f" fill="%s">#%d · %s · %s</text>`, y+12, colText, r.PR.Number, esc(Dur(r.Total())), esc(shorten(r.Article(), 34)))
		fmt.Fprintf(&b, `<rect x="0" y="%.1f" width="%.1f" height="12" fill="#eee"/>`, y+17, svgW)
		start := r.Start()
		for k, st := range steps {
			d, ok := r.Duration(st)
			if !ok || d == 0 {
				continue
			}
			x := float64(max(r.At[st.From].Sub(start), 0)) * scale
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="12" fill="%s"><title>%s: %s</title></rect>`,
				x, y+17, max(float64(d)*scale, 1), stepColors[k%len(stepColors)], esc(st.Label), esc(Dur(d)))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func shorten(s string, n int) string {
	s = strings.TrimPrefix(s, "berita/")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
