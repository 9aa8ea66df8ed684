package sop

import (
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/wib"
)

// WriteHTML writes report.html: one self-contained page (inline CSS and
// SVG, no script, nothing fetched) in Bahasa Indonesia.
func WriteHTML(w io.Writer, rep *Report) error {
	t, err := template.New("report").Option("missingkey=error").Funcs(template.FuncMap{
		"dur":      Dur,
		"datetime": func(t time.Time) string { return wib.DateTime(t, rep.Location) },
		"date":     func(t time.Time) string { return wib.Date(t, rep.Location) },
		"join":     strings.Join,
		"add":      func(a, b int) int { return a + b },
		"kind":     KindLabel,
	}).Parse(htmlTemplate)
	if err != nil {
		return err
	}
	var std time.Duration
	for _, s := range rep.Steps {
		if s.HasStandard() {
			std += s.Standard
		}
	}
	slow := rep.Slowest(slowestN)
	type legend struct{ Label, Color string }
	var leg []legend
	for i, s := range rep.Steps {
		leg = append(leg, legend{s.Label, stepColors[i%len(stepColors)]})
	}
	type row struct {
		R     *Record
		Steps []stepCell
	}
	var rows []row
	for _, r := range rep.Records {
		rw := row{R: r}
		for _, s := range rep.Steps {
			c := stepCell{Label: s.Label}
			if d, ok := r.Duration(s); ok {
				c.Known, c.Text = true, Dur(d)
				c.Over = s.HasStandard() && d > s.Standard
			}
			rw.Steps = append(rw.Steps, c)
		}
		rows = append(rows, rw)
	}
	rounds := 0
	for _, r := range rep.Records {
		rounds += r.Rounds
	}
	corrKinds, corrAll := rep.CorrectionStats()
	data := map[string]any{
		"CorrKinds": corrKinds,
		"CorrAll":   corrAll,
		"Rep":       rep,
		"Range":     rep.RangeText(),
		"Zone":      rep.zoneName(),
		"Empty":     rep.EmptyText(),
		"StdTotal":  std,
		"Rounds":    rounds,
		"StepChart": stepChart(rep.Stats),
		"WeekChart": weekChart(rep.Weeks, std, rep.Location),
		"Timeline":  timelineChart(slow, rep.Steps),
		"Slowest":   slow,
		"Legend":    leg,
		"Rows":      rows,
		"Waits":     rep.Waits[:min(len(rep.Waits), maxWaits)],
	}
	return t.Execute(w, data)
}

type stepCell struct {
	Label, Text string
	Known, Over bool
}

const htmlTemplate = `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Laporan SOP Akurasi Informasi · {{.Range}}</title>
<style>
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;background:#f6f7f9}
main{max-width:760px;margin:0 auto;padding:12px}
h1{font-size:1.35em;margin:.3em 0}
h2{font-size:1.1em;margin:1.4em 0 .4em;border-bottom:2px solid #1f5f99;padding-bottom:2px}
section{background:#fff;border-radius:8px;padding:10px 12px;margin:10px 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.muted{color:#666;font-size:.9em}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:8px}
.card{background:#fff;border-radius:8px;padding:8px 10px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.card b{display:block;font-size:1.5em}
.warn{background:#fff4e5;border-left:4px solid #e69f00;padding:6px 10px;border-radius:4px}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:.85em}
th,td{text-align:left;padding:4px 3px;border-bottom:1px solid #e3e3e3;vertical-align:top}
td:first-child{min-width:6em}
td small{color:#666}
th{background:#f0f3f7}
.over{color:#c0392b;font-weight:600}
.legend{display:flex;flex-wrap:wrap;gap:4px 12px;font-size:.85em;margin-top:6px}
.legend span{display:inline-flex;align-items:center;gap:4px}
.legend i{display:inline-block;width:12px;height:12px;border-radius:2px}
details{border-bottom:1px solid #e3e3e3;padding:6px 0}
summary{cursor:pointer}
dl{display:grid;grid-template-columns:auto 1fr;gap:2px 10px;margin:6px 0;font-size:.9em}
dt{color:#666}
dd{margin:0}
</style>
</head>
<body>
<main>
<h1>Laporan SOP Akurasi Informasi</h1>
<p class="muted">PR berita yang digabung antara {{.Range}} (zona {{.Zone}}).{{if .Rep.Repository}} Repositori {{.Rep.Repository}}.{{end}}{{if not .Rep.Generated.IsZero}} Dibuat {{datetime .Rep.Generated}}.{{end}}</p>
{{range .Rep.Warnings}}<p class="warn">Perhatian: {{.}}</p>
{{end}}
{{- if not .Rep.Records}}
<section><p><b>{{.Empty}}</b></p></section>
{{- else}}
<div class="cards">
<div class="card"><b>{{len .Rep.Records}}</b>PR berita digabung</div>
<div class="card"><b>{{.Rep.NoAssignment}}</b>tanpa isu penugasan</div>
<div class="card"><b>{{.Rep.Incomplete}}</b>dengan langkah tak tercatat</div>
<div class="card"><b>{{.Rounds}}</b>putaran koreksi</div>
</div>

<h2>Waktu per langkah</h2>
<section>
{{.StepChart}}
<p class="muted">Batang gelap: median (nilai tengah). Batang terang: P90 (90% artikel selesai dalam waktu ini). Garis merah: standar SOP. Tiap baris memakai skalanya sendiri. Lewat: jumlah artikel yang melebihi standar dari yang tercatat.</p>
<div class="scroll"><table>
<tr><th>Langkah</th><th>Standar</th><th>Median</th><th>P90</th><th>Lewat</th></tr>
{{range .Rep.Stats}}<tr><td>{{.Step.Label}}<br><small>{{.N}} dari {{add .N .Missing}} tercatat</small></td><td class="num">{{if .Step.HasStandard}}{{dur .Step.Standard}}{{else}}—{{end}}</td><td class="num">{{if .N}}{{dur .Median}}{{else}}—{{end}}</td><td class="num">{{if .N}}{{dur .P90}}{{else}}—{{end}}</td><td class="num">{{if .Step.HasStandard}}{{.OverStandard}}/{{.N}}{{else}}—{{end}}</td></tr>
{{end}}</table></div>
</section>

<h2>Tren per pekan</h2>
<section>
{{.WeekChart}}
<p class="muted">Median waktu total (isu dibuka, atau PR siap bila tanpa isu, sampai digabung) per pekan mulai Senin. Garis merah putus-putus: jumlah standar SOP ({{dur .StdTotal}}).</p>
</section>

<h2>Linimasa artikel paling lama</h2>
<section>
{{.Timeline}}
<div class="legend">{{range .Legend}}<span><i style="background:{{.Color}}"></i>{{.Label}}</span>{{end}}</div>
<p class="muted">Satu baris per PR, dari langkah pertama yang tercatat; segmen yang tidak tercatat dibiarkan kosong.</p>
</section>

<h2>Siapa menunggu siapa</h2>
<section>
<p class="muted">Waktu tiap langkah: yang menyelesaikan langkah sebelumnya menunggu yang menyelesaikan langkah ini.</p>
<div class="scroll"><table>
<tr><th>Menunggu → ditunggu</th><th>Kali</th><th>Total</th><th>Median</th></tr>
{{range .Waits}}<tr><td>{{.Waiter}} → {{.Awaited}}</td><td>{{.N}}</td><td class="num">{{dur .Total}}</td><td class="num">{{dur .Median}}</td></tr>
{{end}}</table></div>
</section>

<h2>Semua artikel</h2>
<section>
{{range .Rows}}<details>
<summary>#{{.R.PR.Number}} {{.R.PR.Title}} — {{dur .R.Total}}{{if .R.Rounds}}, {{.R.Rounds}} koreksi{{end}}</summary>
<dl>
<dt>Artikel</dt><dd>{{.R.Article}}</dd>
<dt>Penugasan</dt><dd>{{if .R.PR.Assignment}}#{{.R.PR.Assignment}}{{else}}tidak ada{{end}}</dd>
<dt>Digabung</dt><dd>{{datetime .R.PR.Merged}}</dd>
{{range .Steps}}<dt>{{.Label}}</dt><dd{{if .Over}} class="over"{{end}}>{{if .Known}}{{.Text}}{{else}}tidak tercatat{{end}}</dd>
{{end}}{{if .R.Notes}}<dt>Catatan</dt><dd>{{join .R.Notes "; "}}</dd>{{end}}
</dl>
</details>
{{end}}</section>
{{- end}}

<h2>Ralat dan pencabutan</h2>
<section>
{{- if not .Rep.Corrections}}
<p>Tidak ada ralat atau pencabutan yang dimuat antara {{.Range}}.</p>
{{- else}}
<div class="scroll"><table>
<tr><th>Jenis</th><th>Jumlah</th><th>Median jeda</th></tr>
{{range .CorrKinds}}<tr><td>{{kind .Kind}}</td><td>{{.N}}</td><td class="num">{{if .N}}{{dur .Median}}{{else}}—{{end}}</td></tr>
{{end}}<tr><th>Semua ralat (tanpa pencabutan)</th><th>{{.CorrAll.N}}</th><th class="num">{{if .CorrAll.N}}{{dur .CorrAll.Median}}{{else}}—{{end}}</th></tr>
</table></div>
<p class="muted">Dari front matter berita (<code>corrections</code>, <code>retraction</code>). Jeda: dari terbitnya berita sampai ralat dimuat.</p>
<div class="scroll"><table>
<tr><th>Dimuat</th><th>Jenis</th><th>Artikel</th><th>Jeda</th><th>Catatan</th></tr>
{{range .Rep.Corrections}}<tr><td>{{datetime .At}}</td><td>{{kind .Kind}}</td><td>{{.Title}}<br><small>{{.Article}}</small></td><td class="num">{{dur .Delay}}</td><td>{{.Text}}</td></tr>
{{end}}</table></div>
{{- end}}
</section>

<h2>Cara membaca</h2>
<section class="muted">
<p>Setiap waktu diambil dari catatan GitHub sendiri: isu penugasan (dibuka, ditugaskan ke Kasi, ditugaskan ke staf), linimasa pull request (siap direviu, permintaan reviu Kabid, digabung), reviu (persetujuan dan permintaan perubahan), dan ledger publikasi (pos pertama yang berhasil).</p>
<p>Penugasan: isu dibuka → ditugaskan ke Kasi. Arahan: → ditugaskan ke staf. Produksi: → PR siap direviu. Koreksi Kasi (tanpa standar): → persetujuan Kasi pertama. Teruskan: → reviu Kabid diminta. Verifikasi: → persetujuan Kabid. Serahkan kembali: → PR digabung. Terbit (tanpa standar): → pos pertama di ledger.</p>
<p>Langkah yang tidak tercatat (misalnya PR tanpa isu penugasan) tidak dihitung dalam median, tetapi artikelnya tetap dihitung dan ditampilkan.</p>
</section>
</main>
</body>
</html>
`
