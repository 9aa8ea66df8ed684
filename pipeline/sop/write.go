package sop

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/kominfotik-lampung/warta/pipeline/wib"
)

// Files written by Write, inside the output folder.
const (
	CSVFile      = "report.csv"
	MarkdownFile = "report.md"
	HTMLFile     = "report.html"
	// CorrectionsCSVFile lists the corrections and retractions.
	CorrectionsCSVFile = "report-ralat.csv"
)

// Write renders rep into dir (created if needed): report.csv,
// report-ralat.csv, report.md and report.html.
func Write(ctx context.Context, rep *Report, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("sop: create %s: %w", dir, err)
	}
	for _, f := range []struct {
		name   string
		render func(io.Writer, *Report) error
	}{{CSVFile, WriteCSV}, {CorrectionsCSVFile, WriteCorrectionsCSV}, {MarkdownFile, WriteMarkdown}, {HTMLFile, WriteHTML}} {
		if err := ctx.Err(); err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := f.render(&buf, rep); err != nil {
			return fmt.Errorf("sop: render %s: %w", f.name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, f.name), buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("sop: write %s: %w", f.name, err)
		}
	}
	return nil
}

// csvText is s as a CSV cell of text that a spreadsheet must not take for
// a formula: a cell that starts with =, +, -, @, a tab or a carriage
// return gets an apostrophe in front (OWASP, "CSV Injection"). Titles,
// notes and correction texts come from PRs and articles; the report is
// opened in a spreadsheet.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteCSV writes one row per record and step. Times are RFC 3339 in the
// report's zone; minutes have one decimal; an unknown step has empty times
// and minutes; text is kept from being read as a formula (csvText).
func WriteCSV(w io.Writer, rep *Report) error {
	cw := csv.NewWriter(w)
	head := []string{"pr", "artikel", "penugasan", "langkah", "nama_langkah", "mulai", "selesai", "menit",
		"standar_menit", "melebihi_standar", "menunggu", "ditunggu", "putaran_koreksi", "catatan"}
	if err := cw.Write(head); err != nil {
		return err
	}
	ts := func(r *Record, m Milestone) string {
		if r.At[m].IsZero() {
			return ""
		}
		return r.At[m].In(rep.Location).Format("2006-01-02T15:04:05Z07:00")
	}
	for _, r := range rep.Records {
		assign := ""
		if r.PR.Assignment != 0 {
			assign = strconv.Itoa(r.PR.Assignment)
		}
		for _, st := range rep.Steps {
			row := []string{strconv.Itoa(r.PR.Number), csvText(r.Article()), assign, st.Key, st.Label,
				ts(r, st.From), ts(r, st.To), "", "", "", "", "", strconv.Itoa(r.Rounds),
				csvText(strings.Join(r.Notes, "; "))}
			if st.HasStandard() {
				row[8] = strconv.Itoa(int(st.Standard.Minutes()))
			}
			if d, ok := r.Duration(st); ok {
				row[7] = Minutes(d)
				row[10], row[11] = csvText(r.By[st.From]), csvText(r.By[st.To])
				if st.HasStandard() {
					row[9] = map[bool]string{true: "ya", false: "tidak"}[d > st.Standard]
				}
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteMarkdown writes the summary that also goes to GITHUB_STEP_SUMMARY.
func WriteMarkdown(w io.Writer, rep *Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Laporan SOP Akurasi Informasi\n\n")
	fmt.Fprintf(&b, "PR berita yang digabung antara %s (zona %s).\n\n", rep.RangeText(), rep.zoneName())
	for _, warn := range rep.Warnings {
		fmt.Fprintf(&b, "> Perhatian: %s\n\n", oneLine(warn))
	}
	if len(rep.Records) == 0 {
		fmt.Fprintf(&b, "%s\n", rep.EmptyText())
		writeCorrectionsMarkdown(&b, rep)
		_, err := io.WriteString(w, b.String())
		return err
	}
	fmt.Fprintf(&b, "- PR berita digabung: **%d**\n", len(rep.Records))
	fmt.Fprintf(&b, "- Tanpa isu penugasan (PR langsung): **%d**\n", rep.NoAssignment)
	fmt.Fprintf(&b, "- Dengan langkah yang tidak tercatat: **%d**\n", rep.Incomplete)
	rounds := 0
	for _, r := range rep.Records {
		rounds += r.Rounds
	}
	fmt.Fprintf(&b, "- Putaran koreksi (permintaan perubahan): **%d**\n\n", rounds)

	fmt.Fprintf(&b, "## Waktu per langkah\n\n")
	fmt.Fprintf(&b, "| Langkah | Standar | Tercatat | Median | P90 | Melebihi standar |\n|---|---|---|---|---|---|\n")
	for _, s := range rep.Stats {
		std, over := "—", "—"
		if s.Step.HasStandard() {
			std = Dur(s.Step.Standard)
			over = fmt.Sprintf("%d dari %d", s.OverStandard, s.N)
		}
		med, p90 := "—", "—"
		if s.N > 0 {
			med, p90 = Dur(s.Median), Dur(s.P90)
		}
		fmt.Fprintf(&b, "| %s | %s | %d dari %d | %s | %s | %s |\n", s.Step.Label, std, s.N, s.N+s.Missing, med, p90, over)
	}

	fmt.Fprintf(&b, "\n## Paling lama (sampai %d artikel)\n\n", slowestN)
	fmt.Fprintf(&b, "| PR | Artikel | Penugasan | Total | Koreksi | Catatan |\n|---|---|---|---|---|---|\n")
	for _, r := range rep.Slowest(slowestN) {
		assign := "—"
		if r.PR.Assignment != 0 {
			assign = "#" + strconv.Itoa(r.PR.Assignment)
		}
		notes := strings.Join(r.Notes, "; ")
		if notes == "" {
			notes = "—"
		}
		fmt.Fprintf(&b, "| #%d | %s | %s | %s | %d | %s |\n", r.PR.Number, oneLine(r.Article()), assign, Dur(r.Total()), r.Rounds, oneLine(notes))
	}

	fmt.Fprintf(&b, "\n## Siapa menunggu siapa\n\n")
	fmt.Fprintf(&b, "Waktu tiap langkah dihitung sebagai \"yang menyelesaikan langkah sebelumnya menunggu yang menyelesaikan langkah ini\".\n\n")
	fmt.Fprintf(&b, "| Menunggu | Ditunggu | Kali | Total | Median |\n|---|---|---|---|---|\n")
	for i, wt := range rep.Waits {
		if i == maxWaits {
			break
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %s | %s |\n", oneLine(wt.Waiter), oneLine(wt.Awaited), wt.N, Dur(wt.Total), Dur(wt.Median))
	}

	fmt.Fprintf(&b, "\n## Per pekan\n\n")
	fmt.Fprintf(&b, "| Pekan mulai | PR | Median total | Koreksi |\n|---|---|---|---|\n")
	for _, wk := range rep.Weeks {
		fmt.Fprintf(&b, "| %s | %d | %s | %d |\n", wib.Date(wk.Start, rep.Location), wk.N, Dur(wk.MedianTotal), wk.Rounds)
	}
	fmt.Fprintf(&b, "\nMedian: nilai tengah. P90: 90%% artikel selesai dalam waktu ini atau lebih cepat. Rincian per artikel ada di report.csv dan report.html; ralat dan pencabutan di report-ralat.csv.\n")
	writeCorrectionsMarkdown(&b, rep)
	_, err := io.WriteString(w, b.String())
	return err
}

const (
	slowestN = 10 // articles in the "slowest" table and timeline
	maxWaits = 15 // rows of the waits table
)
