package sop

import (
	"bytes"
	"errors"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/internal/githubfake"
	"github.com/kominfotik-lampung/warta/pipeline/internal/golden"
	"github.com/kominfotik-lampung/warta/pipeline/ledger"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

func fakeClient(t *testing.T, f *githubfake.Server, token string) *github.Client {
	t.Helper()
	gh, err := github.NewClient(f.Client()).WithAuthToken(token).WithEnterpriseURLs(f.URL, f.URL)
	if err != nil {
		t.Fatal(err)
	}
	return gh
}

// scenarioReport runs the whole pipeline against the fake with two items a
// page, so every list spans pages.
func scenarioReport(t *testing.T) (*Report, *githubfake.Server) {
	t.Helper()
	repo := scenarioRepo(t)
	gh := fakeClient(t, repo, "test-token")
	cfg := scenarioConfig()
	since := time.Date(2026, 11, 1, 0, 0, 0, 0, cfg.Location)
	until := time.Date(2026, 11, 16, 0, 0, 0, 0, cfg.Location)
	prs, err := Collect(t.Context(), gh, CollectOptions{Owner: "kominfo", Repo: "berita", Since: since, Until: until,
		Assignments: map[string]int{"berita/2026/11/10-banjir": 7}, PerPage: 2})
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	roles := NewRoles(cfg.Roles.Kasi.Users, cfg.Roles.Kabid.Users, cfg.Roles)
	done := FirstDone(scenarioLedger())
	var recs []*Record
	for _, pr := range prs {
		recs = append(recs, Measure(pr, roles, done))
	}
	rep := Summarize(recs, Steps(cfg.SOP), since, until, cfg.Location)
	rep.Repository = "kominfo/berita"
	rep.Corrections = Corrections(scenarioArticles(cfg.Location), since, until)
	return rep, repo
}

// scenarioArticles are the articles of the scenario as front matter has
// them, with their corrections: three corrections and a retraction in the
// range, one correction after it and one on a draft.
func scenarioArticles(loc *time.Location) []*article.Article {
	at := func(day, hour, min int) time.Time { return time.Date(2026, 11, day, hour, min, 0, 0, loc) }
	return []*article.Article{
		{Kind: article.News, ID: "berita/2026/11/02-jembatan", Title: "Jembatan Diresmikan", Date: at(2, 10, 0),
			Corrections: []article.Correction{
				{Date: at(2, 16, 0), Kind: article.Ralat, Note: "Sebelumnya tertulis 120 meter; yang benar 150 meter."},
				{Date: at(20, 9, 0), Kind: article.Pembaruan, Note: "Di luar rentang."},
			}},
		{Kind: article.News, ID: "berita/2026/11/03-rapat", Title: "Rapat Koordinasi | Banjir", Date: at(3, 9, 0),
			Corrections: []article.Correction{
				{Date: at(4, 9, 0), Kind: article.HakJawab, Note: "Tanggapan Dinas PU:\nbaris kedua."},
				{Date: at(5, 21, 0), Kind: article.Ralat, Note: "Nama narasumber diperbaiki."},
			}},
		{Kind: article.News, ID: "berita/2026/11/10-banjir", Title: "Banjir Surut", Date: at(10, 8, 0),
			Retraction: &article.Retraction{Date: at(12, 8, 0), Reason: "Dicabut atas permintaan narasumber."}},
		{Kind: article.News, ID: "berita/2026/11/11-draf", Title: "Draf", Date: at(11, 8, 0), Draft: true,
			Corrections: []article.Correction{{Date: at(11, 9, 0), Kind: article.Ralat, Note: "Draf tidak dihitung."}}},
	}
}

// TestCorrectionStats is computed by hand: ralat after 6 h and 60 h
// (median 33 h), hak jawab after 24 h, all three corrections median 24 h;
// the retraction after 48 h is apart.
func TestCorrectionStats(t *testing.T) {
	rep, _ := scenarioReport(t)
	var got []string
	for _, c := range rep.Corrections {
		got = append(got, c.Kind+" "+c.Article+" "+c.Delay().String())
	}
	want := []string{
		"pencabutan berita/2026/11/10-banjir 48h0m0s",
		"ralat berita/2026/11/03-rapat 60h0m0s",
		"hak-jawab berita/2026/11/03-rapat 24h0m0s",
		"ralat berita/2026/11/02-jembatan 6h0m0s",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("corrections, newest first:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	kinds, all := rep.CorrectionStats()
	wantKinds := []KindStats{{"ralat", 2, 33 * time.Hour}, {"koreksi", 0, 0}, {"hak-jawab", 1, 24 * time.Hour}, {"pembaruan", 0, 0}, {"pencabutan", 1, 48 * time.Hour}}
	if !reflect.DeepEqual(kinds, wantKinds) {
		t.Errorf("kinds = %+v, want %+v", kinds, wantKinds)
	}
	if all != (KindStats{N: 3, Median: 24 * time.Hour}) {
		t.Errorf("all corrections = %+v, want 3 with median 24h", all)
	}
}

func TestScenarioHandComputed(t *testing.T) {
	rep, repo := scenarioReport(t)

	var got []int
	for _, r := range rep.Records {
		got = append(got, r.PR.Number)
	}
	if want := []int{12, 11, 10}; !equalInts(got, want) {
		t.Fatalf("records = %v, want %v (newest merge first; #13 #14 #15 left out)", got, want)
	}

	// Minutes per step, written out by hand from the scenario; -1 = unknown.
	want := map[int]map[string]float64{
		10: {"assign": 3, "direct": 7, "produce": 20, "correct": 25, "forward": 1, "verify": 4, "handback": 2, "publish": 8},
		11: {"assign": -1, "direct": -1, "produce": -1, "correct": 30, "forward": 0, "verify": 15, "handback": 5, "publish": -1},
		12: {"assign": 2, "direct": 2, "produce": 26, "correct": 10, "forward": 10, "verify": 30, "handback": 1, "publish": 9},
	}
	wantTotal := map[int]float64{10: 62, 11: 50, 12: 81}
	wantRounds := map[int]int{10: 1, 11: 0, 12: 1}
	for _, r := range rep.Records {
		for _, st := range rep.Steps {
			d, ok := r.Duration(st)
			m := d.Minutes()
			if !ok {
				m = -1
			}
			if w := want[r.PR.Number][st.Key]; m != w {
				t.Errorf("PR #%d %s = %v min, want %v", r.PR.Number, st.Key, m, w)
			}
		}
		if got := r.Total().Minutes(); got != wantTotal[r.PR.Number] {
			t.Errorf("PR #%d total = %v, want %v", r.PR.Number, got, wantTotal[r.PR.Number])
		}
		if r.Rounds != wantRounds[r.PR.Number] {
			t.Errorf("PR #%d rounds = %d, want %d", r.PR.Number, r.Rounds, wantRounds[r.PR.Number])
		}
	}

	// Median and nearest-rank P90 by hand, and how many exceed the standard.
	type agg struct {
		n, missing int
		med, p90   float64
		over       int
	}
	wantStats := map[string]agg{
		"assign":   {2, 1, 2.5, 3, 1},
		"direct":   {2, 1, 4.5, 7, 1},
		"produce":  {2, 1, 23, 26, 2},
		"correct":  {3, 0, 25, 30, 0},
		"forward":  {3, 0, 1, 10, 1},
		"verify":   {3, 0, 15, 30, 3},
		"handback": {3, 0, 2, 5, 2},
		"publish":  {2, 1, 8.5, 9, 0},
	}
	for _, s := range rep.Stats {
		g := agg{s.N, s.Missing, s.Median.Minutes(), s.P90.Minutes(), s.OverStandard}
		if w := wantStats[s.Step.Key]; g != w {
			t.Errorf("stats %s = %+v, want %+v", s.Step.Key, g, w)
		}
	}
	if rep.NoAssignment != 1 || rep.Incomplete != 1 {
		t.Errorf("no assignment %d, incomplete %d; want 1 and 1", rep.NoAssignment, rep.Incomplete)
	}

	// Weeks from Monday in WIB: 2 Nov (#10 62, #11 50 → median 56), 9 Nov (#12 81).
	if len(rep.Weeks) != 2 || rep.Weeks[0].N != 2 || rep.Weeks[0].MedianTotal != 56*time.Minute ||
		rep.Weeks[1].N != 1 || rep.Weeks[1].MedianTotal != 81*time.Minute || rep.Weeks[0].Start.Day() != 2 || rep.Weeks[1].Start.Day() != 9 {
		t.Errorf("weeks = %+v", rep.Weeks)
	}

	// kabid1 → kasi1: direct 7 + 2, handback 2 + 5 + 1.
	found := false
	for _, w := range rep.Waits {
		if w.Waiter == "kabid1" && w.Awaited == "kasi1" {
			found = true
			if w.N != 5 || w.Total != 17*time.Minute || w.Median != 2*time.Minute {
				t.Errorf("wait kabid1→kasi1 = %+v, want 5 steps, 17 min, median 2", w)
			}
		}
	}
	if !found {
		t.Errorf("no wait kabid1→kasi1 in %+v", rep.Waits)
	}

	// Every list was read past its first page.
	reqs := strings.Join(repo.Requests, "\n")
	for _, p := range []string{
		"GET /repos/kominfo/berita/pulls?direction=desc&page=2&per_page=2&sort=updated&state=closed",
		"GET /repos/kominfo/berita/pulls/10/reviews?page=2&per_page=2",
		"GET /repos/kominfo/berita/pulls/10/files?page=2&per_page=2",
		"GET /repos/kominfo/berita/issues/10/timeline?page=4&per_page=2",
		"GET /repos/kominfo/berita/issues/5/timeline?page=2&per_page=2",
	} {
		if !strings.Contains(reqs, p) {
			t.Errorf("no request %q among:\n%s", p, reqs)
		}
	}
	if strings.Contains(reqs, "pulls/13/") || strings.Contains(reqs, "pulls/15/") {
		t.Errorf("read details of a PR outside the range or unmerged:\n%s", reqs)
	}
}

func TestGoldenCSVAndMarkdown(t *testing.T) {
	rep, _ := scenarioReport(t)
	var csvOut, md bytes.Buffer
	if err := WriteCSV(&csvOut, rep); err != nil {
		t.Fatal(err)
	}
	if err := WriteMarkdown(&md, rep); err != nil {
		t.Fatal(err)
	}
	golden.CheckBytes(t, csvOut.Bytes(), "testdata/report.csv.golden", *update)
	golden.CheckBytes(t, md.Bytes(), "testdata/report.md.golden", *update)
	var ralat bytes.Buffer
	if err := WriteCorrectionsCSV(&ralat, rep); err != nil {
		t.Fatal(err)
	}
	golden.CheckBytes(t, ralat.Bytes(), "testdata/report-ralat.csv.golden", *update)
}

func TestWriteHTMLSelfContained(t *testing.T) {
	rep, _ := scenarioReport(t)
	rep.Generated = time.Date(2026, 11, 16, 1, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	if err := Write(t.Context(), rep, dir); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, HTMLFile))
	if err != nil {
		t.Fatal(err)
	}
	page := string(data)
	for _, want := range []string{
		`<html lang="id">`, `name="viewport"`, "<svg", "Waktu per langkah", "Tren per pekan",
		"Linimasa artikel paling lama", "Siapa menunggu siapa", "tanpa isu penugasan", "16 November 2026 08:00 WIB",
		"Ralat dan pencabutan", "<td>Hak jawab</td><td>1</td><td class=\"num\">1 hari</td>", "Rapat Koordinasi | Banjir",
		"Semua ralat (tanpa pencabutan)</th><th>3</th><th class=\"num\">1 hari</th>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	// Self-contained: nothing to fetch (the SVG namespace is a name, not a request).
	for _, bad := range []string{"<script", "<link", "src=", "url(", "@import"} {
		if strings.Contains(page, bad) {
			t.Errorf("report.html contains %q: it must fetch nothing", bad)
		}
	}
	if n := strings.Count(page, "<svg"); n != 3 {
		t.Errorf("report.html has %d charts, want 3", n)
	}
}

func TestEmptyRange(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Jakarta")
	rep := Summarize(nil, Steps(scenarioConfig().SOP), time.Date(2026, 1, 1, 0, 0, 0, 0, loc), time.Date(2026, 2, 1, 0, 0, 0, 0, loc), loc)
	want := "Tidak ada PR berita yang digabung antara 1 Januari 2026 dan 31 Januari 2026."
	if got := rep.EmptyText(); got != want {
		t.Errorf("EmptyText = %q, want %q", got, want)
	}
	var md, html bytes.Buffer
	if err := WriteMarkdown(&md, rep); err != nil {
		t.Fatal(err)
	}
	if err := WriteHTML(&html, rep); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), want) || !strings.Contains(html.String(), want) {
		t.Errorf("empty report does not say %q:\n%s", want, md.String())
	}
	// Corrections are shown even when no news PR was merged.
	rep.Corrections = []Correction{{Article: "berita/2025/12/30-a", Title: "A", Kind: article.Koreksi,
		Published: time.Date(2025, 12, 30, 9, 0, 0, 0, loc), At: time.Date(2026, 1, 2, 9, 0, 0, 0, loc), Text: "Angka diperbaiki."}}
	md.Reset()
	html.Reset()
	if err := WriteMarkdown(&md, rep); err != nil {
		t.Fatal(err)
	}
	if err := WriteHTML(&html, rep); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{md.String(), html.String()} {
		if !strings.Contains(out, want) || !strings.Contains(out, "Angka diperbaiki.") || !strings.Contains(out, "3 hari") {
			t.Errorf("a report without PRs lacks its correction:\n%s", out)
		}
	}
}

func TestCollectAPIFailure(t *testing.T) {
	repo := scenarioRepo(t)
	repo.Fail["GET /repos/kominfo/berita/pulls/10/reviews"] = http.StatusForbidden
	gh := fakeClient(t, repo, "test-token")
	_, err := Collect(t.Context(), gh, CollectOptions{Owner: "kominfo", Repo: "berita",
		Since: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)})
	var er *github.ErrorResponse
	if err == nil || !strings.Contains(err.Error(), "reviews of PR #10") || !asErrorResponse(err, &er) || er.Response.StatusCode != 403 {
		t.Fatalf("err = %v, want the 403 of the reviews call", err)
	}

	bad := fakeClient(t, repo, "wrong-token")
	if _, err := Collect(t.Context(), bad, CollectOptions{Owner: "kominfo", Repo: "berita"}); err == nil ||
		!asErrorResponse(err, &er) || er.Response.StatusCode != 401 {
		t.Fatalf("bad token: err = %v, want 401", err)
	}
}

func TestMissingAssignmentIssueIsANote(t *testing.T) {
	repo := scenarioRepo(t)
	repo.PRs[10].Body = "Fixes #99"
	gh := fakeClient(t, repo, "test-token")
	prs, err := Collect(t.Context(), gh, CollectOptions{Owner: "kominfo", Repo: "berita",
		Since: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if len(prs) != 1 || prs[0].Assignment != 99 || prs[0].Issue != nil || len(prs[0].Notes) != 1 ||
		prs[0].Notes[0] != "isu penugasan #99 tidak ditemukan" {
		t.Fatalf("prs = %+v", prs)
	}
}

func TestAssignmentOf(t *testing.T) {
	fm := map[string]int{"berita/a": 8, "berita/b": 3}
	tests := []struct {
		body     string
		articles []string
		want     int
	}{
		{"Closes #5", nil, 5},
		{"closes: #6 and more", nil, 6},
		{"Ini memperbaiki salah ketik.\nResolved #12", nil, 12},
		{"Fixes #7, closes #8", nil, 7},
		{"Lihat #9", []string{"berita/a"}, 8},
		{"", []string{"berita/a", "berita/b"}, 3},
		{"disclosed #4", nil, 0},
		{"", []string{"berita/c"}, 0},
	}
	for _, tt := range tests {
		if got := assignmentOf(tt.body, tt.articles, fm); got != tt.want {
			t.Errorf("assignmentOf(%q, %v) = %d, want %d", tt.body, tt.articles, got, tt.want)
		}
	}
}

func TestPercentileAndMedian(t *testing.T) {
	m := func(ns ...int) []time.Duration {
		var out []time.Duration
		for _, n := range ns {
			out = append(out, time.Duration(n)*time.Minute)
		}
		return out
	}
	tests := []struct {
		in       []time.Duration
		med, p90 time.Duration
	}{
		{nil, 0, 0},
		{m(5), 5 * time.Minute, 5 * time.Minute},
		{m(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 330 * time.Second, 9 * time.Minute},
		{m(10, 1, 100, 7, 3, 50, 2, 8, 9, 4, 1000), 8 * time.Minute, 100 * time.Minute},
	}
	for _, tt := range tests {
		if got := Median(tt.in); got != tt.med {
			t.Errorf("Median(%v) = %v, want %v", tt.in, got, tt.med)
		}
		if got := Percentile(tt.in, 90); got != tt.p90 {
			t.Errorf("P90(%v) = %v, want %v", tt.in, got, tt.p90)
		}
	}
}

func TestDur(t *testing.T) {
	tests := map[time.Duration]string{
		0:                               "0 menit",
		2 * time.Second:                 "0 menit",
		29 * time.Second:                "0,5 menit",
		150 * time.Second:               "2,5 menit",
		59*time.Minute + 58*time.Second: "60 menit",
		59 * time.Minute:                "59 menit",
		time.Hour:                       "1 jam",
		125 * time.Minute:               "2 jam 5 menit",
		24 * time.Hour:                  "1 hari",
		27*time.Hour + 10*time.Minute:   "1 hari 3 jam",
		-5 * time.Minute:                "0 menit",
	}
	for d, want := range tests {
		if got := Dur(d); got != want {
			t.Errorf("Dur(%v) = %q, want %q", d, got, want)
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func asErrorResponse(err error, target **github.ErrorResponse) bool { return errors.As(err, target) }

// A correction's comment under the post is no publication: only the post's
// own done line times the "Terbit" step.
func TestFirstDoneIgnoresCorrections(t *testing.T) {
	posted := time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)
	done := FirstDone([]ledger.Entry{
		{Article: "berita/2026/11/25-a", Platform: "x", State: ledger.Done, Correction: 1, Time: posted.Add(-time.Hour)},
		{Article: "berita/2026/11/25-a", Platform: "facebook", State: ledger.Done, Time: posted},
		{Article: "berita/2026/11/25-b", Platform: "x", State: ledger.Done, Correction: 2, Time: posted},
	})
	if got := done["berita/2026/11/25-a"]; !got.Equal(posted) {
		t.Errorf("first done of a = %v, want the post's %v", got, posted)
	}
	if _, ok := done["berita/2026/11/25-b"]; ok {
		t.Errorf("an article with only a correction line counts as published")
	}
}

// Text that a spreadsheet would take for a formula is kept text in the
// CSV files; numbers and other text are left as they are.
func TestCSVText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"Banjir di Way Kanan", "Banjir di Way Kanan"},
		{"=HYPERLINK(\"http://127.0.0.1/\",\"klik\")", "'=HYPERLINK(\"http://127.0.0.1/\",\"klik\")"},
		{"+62 812", "'+62 812"},
		{"-1+1", "'-1+1"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tisi", "'\tisi"},
		{"\risi", "'\risi"},
		{"a=b", "a=b"},
	} {
		if got := csvText(c.in); got != c.want {
			t.Errorf("csvText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	pub := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	rep := &Report{Location: time.UTC, Corrections: []Correction{{Article: "berita/2026/11/25-banjir",
		Title: "=1+1", Kind: "ralat", Published: pub, At: pub.Add(time.Hour), Text: "@catatan"}}}
	var b bytes.Buffer
	if err := WriteCorrectionsCSV(&b, rep); err != nil {
		t.Fatal(err)
	}
	if want := "berita/2026/11/25-banjir,'=1+1,ralat,2026-11-25T09:00:00Z,2026-11-25T10:00:00Z,60.0,'@catatan\n"; !strings.HasSuffix(b.String(), want) {
		t.Errorf("corrections CSV:\n%s\nwant its row: %s", b.String(), want)
	}
}
