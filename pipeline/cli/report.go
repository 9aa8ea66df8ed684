package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/config"
	"github.com/kominfotik-lampung/warta/pipeline/content"
	"github.com/kominfotik-lampung/warta/pipeline/ghclient"
	"github.com/kominfotik-lampung/warta/pipeline/ledger"
	"github.com/kominfotik-lampung/warta/pipeline/sop"
)

type reportOptions struct {
	since, until string // YYYY-MM-DD in the site's zone; "" = default
	out          string // "" = report/ under the root
	ledger       string // git repository holding the ledger branch; "" = the root
}

func parseReport(e *Env, args []string) (reportOptions, int, bool) {
	var o reportOptions
	fs := e.newFlags("report", "[--since TTTT-BB-HH] [--until TTTT-BB-HH] [--out FOLDER] [--ledger FOLDER]",
		"Mengukur waktu tiap langkah SOP Akurasi Informasi untuk setiap PR berita (yang mengubah\ncontent/berita/) yang digabung dalam rentang tanggal, dari catatan GitHub (isu penugasan,\nlinimasa PR, reviu) dan ledger publikasi, serta ralat dan pencabutan yang dimuat dalam rentang itu\n(dari front matter berita). Menulis report.html, report.csv, report-ralat.csv dan report.md;\nreport.md juga ditambahkan ke GITHUB_STEP_SUMMARY bila ada. Butuh GITHUB_REPOSITORY\n(atau remote origin di GitHub) dan GITHUB_TOKEN dengan izin baca pull request dan isu.")
	fs.StringVar(&o.since, "since", "", "tanggal awal (termasuk), zona waktu situs; bawaan: 30 hari lalu")
	fs.StringVar(&o.until, "until", "", "tanggal akhir (termasuk), zona waktu situs; bawaan: sekarang")
	fs.StringVar(&o.out, "out", "", "folder keluaran (bawaan: report/ di akar repositori)")
	fs.StringVar(&o.ledger, "ledger", "", "repositori git yang memuat cabang warta-ledger (bawaan: akar repositori)")
	if code, done := parseFlags(fs, args); done {
		return o, code, true
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.Err, "warta report: argumen tidak dikenal: %s\n", strings.Join(fs.Args(), " "))
		return o, ExitUsage, true
	}
	return o, 0, false
}

// reportRange turns the flags into [since, until) in loc: a --until day is
// included whole.
func reportRange(o reportOptions, now time.Time, loc *time.Location) (since, until time.Time, err error) {
	day := func(flag, s string) (time.Time, error) {
		t, err := time.ParseInLocation("2006-01-02", s, loc)
		if err != nil {
			return t, fmt.Errorf("--%s %q bukan tanggal TTTT-BB-HH, misalnya 2026-11-01", flag, s)
		}
		return t, nil
	}
	now = now.In(loc)
	until = now
	if o.until != "" {
		if until, err = day("until", o.until); err != nil {
			return
		}
		until = until.AddDate(0, 0, 1)
	}
	since = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc).AddDate(0, 0, -30)
	if o.since != "" {
		if since, err = day("since", o.since); err != nil {
			return
		}
	}
	if !since.Before(until) {
		err = fmt.Errorf("--since (%s) harus sebelum --until (%s)", since.Format("2006-01-02"), until.Add(-time.Nanosecond).Format("2006-01-02"))
	}
	return
}

func runReport(ctx context.Context, e *Env, args []string) int {
	o, code, done := parseReport(e, args)
	if done {
		return code
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(e.Err, "warta report: "+format+"\n", a...)
		return ExitUsage
	}
	fsys := os.DirFS(e.Root)
	cfg, probs, ok := e.loadConfig(fsys)
	if !ok {
		return ExitUsage
	}
	if article.HasErrors(probs) {
		printProblems(e, probs)
		return fail("perbaiki %s terlebih dahulu", config.Path)
	}
	since, until, err := reportRange(o, e.Now(), cfg.Location)
	if err != nil {
		return fail("%v", err)
	}
	owner, repo, err := e.sopRepository()
	if err != nil {
		return fail("%v", err)
	}
	gh, err := e.github.client(e.HTTPClient)
	if err != nil {
		return fail("%v", err)
	}

	var warnings []string
	kasi, kabid, teamWarn := sopRoleMembers(ctx, gh, owner, cfg.Roles)
	warnings = append(warnings, teamWarn...)

	assignments := map[string]int{}
	var corrections []sop.Correction
	if set, _, err := content.Load(ctx, fsys, cfg, content.Options{NoBody: true}); err == nil {
		for _, a := range set.Articles {
			if a.Assignment > 0 {
				assignments[a.ID] = a.Assignment
			}
		}
		corrections = sop.Corrections(set.Articles, since, until)
	} else {
		e.Log.Warn("report: content not loaded; front-matter assignments and corrections unknown", "err", err)
		warnings = append(warnings, "folder content/ tidak dapat dibaca, sehingga ralat dan pencabutan tidak dihitung")
	}

	prs, err := sop.Collect(ctx, gh, sop.CollectOptions{Owner: owner, Repo: repo, Since: since, Until: until, Assignments: assignments})
	if err != nil {
		e.Log.Debug("report: collect failed", "err", err)
		return fail("data GitHub tidak dapat dibaca: %s", ghclient.Describe(err))
	}

	ledgerDir := e.Root
	if o.ledger != "" {
		ledgerDir = e.outDir(o.ledger, "")
	}
	entries, err := ledger.ReadLocal(ctx, ledgerDir)
	switch {
	case errors.Is(err, ledger.ErrNoBranch):
		warnings = append(warnings, "cabang warta-ledger tidak ditemukan, sehingga langkah terbit tidak dihitung; di workflow, ambil cabang itu (lihat docs/report.md)")
	case err != nil:
		e.Log.Warn("report: ledger not read", "err", err)
		warnings = append(warnings, "ledger publikasi tidak dapat dibaca, sehingga langkah terbit tidak dihitung")
	}
	roles := sop.NewRoles(kasi, kabid, cfg.Roles)
	if len(kasi) == 0 || len(kabid) == 0 {
		warnings = append(warnings, "anggota Kasi atau Kabid tidak diketahui (isi roles.*.users di site/config.yaml), sehingga langkah yang bergantung pada peran tidak tercatat")
	}
	first := sop.FirstDone(entries)
	var recs []*sop.Record
	for _, pr := range prs {
		recs = append(recs, sop.Measure(pr, roles, first))
	}
	rep := sop.Summarize(recs, sop.Steps(cfg.SOP), since, until, cfg.Location)
	rep.Generated = e.Now()
	rep.Repository = owner + "/" + repo
	rep.Warnings = warnings
	rep.Corrections = corrections

	out := e.outDir(o.out, "report")
	if err := sop.Write(ctx, rep, out); err != nil {
		return fail("laporan tidak dapat ditulis ke %s: %v", out, err)
	}
	if p := e.github.StepSummary; p != "" {
		md, err := os.ReadFile(filepath.Join(out, sop.MarkdownFile))
		if err == nil {
			err = appendFile(p, string(md))
		}
		if err != nil {
			e.Log.Warn("report: step summary not written", "err", err)
		}
	}

	for _, w := range warnings {
		fmt.Fprintf(e.Err, "warta report: perhatian: %s\n", w)
	}
	if len(rep.Records) == 0 {
		fmt.Fprintln(e.Out, rep.EmptyText())
	} else {
		fmt.Fprintf(e.Out, "Laporan SOP: %d PR berita digabung antara %s (%d tanpa isu penugasan).\n",
			len(rep.Records), rep.RangeText(), rep.NoAssignment)
		for _, s := range rep.Stats {
			if s.N == 0 {
				fmt.Fprintf(e.Out, "  %-30s tidak tercatat\n", s.Step.Label)
				continue
			}
			line := fmt.Sprintf("  %-30s median %s, p90 %s", s.Step.Label, sop.Dur(s.Median), sop.Dur(s.P90))
			if s.Step.HasStandard() {
				line += fmt.Sprintf(" (standar %s; %d dari %d melebihi)", sop.Dur(s.Step.Standard), s.OverStandard, s.N)
			}
			fmt.Fprintln(e.Out, line)
		}
	}
	if kinds, all := rep.CorrectionStats(); len(rep.Corrections) > 0 {
		var parts []string
		for _, k := range kinds {
			if k.N > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", strings.ToLower(sop.KindLabel(k.Kind)), k.N))
			}
		}
		line := fmt.Sprintf("Ralat dan pencabutan: %s", strings.Join(parts, ", "))
		if all.N > 0 {
			line += fmt.Sprintf("; median jeda terbit → ralat %s", sop.Dur(all.Median))
		}
		fmt.Fprintln(e.Out, line+".")
	} else {
		fmt.Fprintf(e.Out, "Tidak ada ralat atau pencabutan yang dimuat antara %s.\n", rep.RangeText())
	}
	rel := out
	if r, err := filepath.Rel(e.Root, out); err == nil && filepath.IsLocal(r) {
		rel = filepath.ToSlash(r)
	}
	fmt.Fprintf(e.Out, "Ditulis: %s/%s, %s, %s, %s\n", rel, sop.HTMLFile, sop.CSVFile, sop.CorrectionsCSVFile, sop.MarkdownFile)
	return ExitOK
}

// sopRepository is GITHUB_REPOSITORY, or else owner/name of the origin
// remote when it is on GitHub, so staff can run warta on their laptop.
func (e *Env) sopRepository() (owner, repo string, err error) {
	if r := e.github.Repository; r != "" {
		owner, repo, err = ghclient.SplitRepo(r)
		if err != nil {
			return "", "", fmt.Errorf("GITHUB_REPOSITORY %q harus berbentuk pemilik/nama", r)
		}
		return owner, repo, nil
	}
	if owner, repo, ok := originRepository(e.Root); ok {
		return owner, repo, nil
	}
	return "", "", errors.New("GITHUB_REPOSITORY belum diisi dan remote origin bukan repositori GitHub; isi misalnya GITHUB_REPOSITORY=kominfotik-lampung/berita")
}

// sopRoleMembers returns the Kasi and Kabid members: the config's users
// plus the active members of the config's teams. A team that cannot be
// read (the workflow token may not read org teams) gives a warning and
// leaves the users only.
//
// GitHub API docs: https://docs.github.com/rest/teams/members#list-team-members
func sopRoleMembers(ctx context.Context, gh *github.Client, owner string, roles config.Roles) (kasi, kabid []string, warnings []string) {
	members := func(r config.Role, key string) []string {
		out := append([]string(nil), r.Users...)
		if r.Team == "" {
			return out
		}
		org, slug := owner, r.Team
		if o, s, ok := strings.Cut(r.Team, "/"); ok {
			org, slug = o, s
		}
		lo := &github.TeamListTeamMembersOptions{ListOptions: github.ListOptions{PerPage: 100}}
		for {
			page, resp, err := gh.Teams.ListTeamMembersBySlug(ctx, org, slug, lo)
			if err != nil {
				warnings = append(warnings, fmt.Sprintf("tim %s (%s) tidak dapat dibaca: %s; hanya %s.users yang dipakai",
					r.Team, key, ghclient.Describe(err), key))
				return out
			}
			for _, u := range page {
				out = append(out, u.GetLogin())
			}
			if resp.NextPage == 0 {
				return out
			}
			lo.Page = resp.NextPage
		}
	}
	return members(roles.Kasi, "roles.kasi"), members(roles.Kabid, "roles.kabid"), warnings
}
