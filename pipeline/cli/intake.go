package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/go-git/go-git/v5"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/ghclient"
	"github.com/kominfotik-lampung/warta/pipeline/intake"
)

type intakeOptions struct {
	issue     int
	penugasan int
	base      string
}

func parseIntake(e *Env, args []string) (intakeOptions, int, bool) {
	var o intakeOptions
	fs := e.newFlags("intake", "--issue N | --penugasan N",
		"Dengan --issue: mengubah isu formulir \"Kirim naskah berita\" menjadi naskah di cabang\nnaskah/<N>-<judul> dan pull request, atau satu komentar berisi isian yang perlu diperbaiki.\nDengan --penugasan: menulis di isu penugasan tautan \"Tulis naskah dari ponsel\" yang membuka\nformulir itu dengan judul, kegiatan, lokasi dan nomor penugasan terisi.")
	fs.IntVar(&o.issue, "issue", 0, "nomor isu formulir \"Kirim naskah berita\"")
	fs.IntVar(&o.penugasan, "penugasan", 0, "nomor isu penugasan yang diberi tautan formulir")
	fs.StringVar(&o.base, "base", "main", "cabang tujuan pull request")
	if code, done := parseFlags(fs, args); done {
		return o, code, true
	}
	if fs.NArg() > 0 || (o.issue > 0) == (o.penugasan > 0) || o.issue < 0 || o.penugasan < 0 {
		fmt.Fprintln(e.Err, "warta intake: beri tepat satu dari --issue N atau --penugasan N (nomor isu yang positif)")
		return o, ExitUsage, true
	}
	return o, 0, false
}

func runIntake(ctx context.Context, e *Env, args []string) int {
	o, code, done := parseIntake(e, args)
	if done {
		return code
	}
	cfg, cprobs, ok := e.loadConfig(os.DirFS(e.Root))
	if !ok {
		return ExitUsage
	}
	if article.HasErrors(cprobs) {
		printProblems(e, cprobs)
		return ExitUsage
	}
	owner, repo, err := e.sopRepository()
	if err != nil {
		fmt.Fprintf(e.Err, "warta intake: %v\n", err)
		return ExitUsage
	}
	gh, err := e.github.client(e.HTTPClient)
	if err != nil {
		fmt.Fprintf(e.Err, "warta intake: %v\n", err)
		return ExitUsage
	}
	server := e.github.ServerURL
	if server == "" {
		server = "https://github.com"
	}
	if o.penugasan > 0 {
		d, err := e.articleFromIssue(ctx, o.penugasan)
		if err != nil {
			fmt.Fprintf(e.Err, "warta intake: %v\n", err)
			return ExitUsage
		}
		link := intake.PrefillURL(server, owner, repo, d.Title, d.Activity, d.Location, o.penugasan)
		u, err := intake.UpsertComment(ctx, gh, owner, repo, o.penugasan, intake.MarkerLink, intake.LinkComment(link))
		if err != nil {
			return e.intakeAPIError(err)
		}
		fmt.Fprintf(e.Out, "Tautan formulir ditulis di isu #%d: %s\n  %s\n", o.penugasan, u, link)
		return ExitOK
	}

	checkout, err := git.PlainOpen(e.Root)
	if err != nil {
		fmt.Fprintf(e.Err, "warta intake: %s bukan repositori git: %v\n", e.Root, err)
		return ExitUsage
	}
	origin, err := checkout.Remote("origin")
	if err != nil || len(origin.Config().URLs) == 0 {
		fmt.Fprintln(e.Err, "warta intake: repositori tidak punya remote `origin`; naskah didorong ke cabang di origin")
		return ExitUsage
	}
	originURL := origin.Config().URLs[0]
	fetcher, err := intake.NewFetcher(server, e.github.Token, e.HTTPClient, int64(cfg.Build.MaxImageMB)<<20)
	if err != nil {
		fmt.Fprintf(e.Err, "warta intake: GITHUB_SERVER_URL %q bukan alamat yang sah\n", server)
		return ExitUsage
	}
	res, err := intake.Run(ctx, gh, intake.Options{
		Owner: owner, Repo: repo, Issue: o.issue, Base: o.base, Config: cfg, Fetcher: fetcher,
		Open: func(ctx context.Context) (*intake.Remote, error) {
			return intake.OpenRemote(ctx, originURL, e.github.Token, o.base, e.Now)
		},
		AppToken: e.Getenv("WARTA_APP_TOKEN") == "true",
		RunURL:   ghclient.RunURL(server, e.github.Repository, e.github.RunID),
		Log:      e.Log,
	})
	if err != nil {
		return e.intakeAPIError(err)
	}
	switch res.Outcome {
	case intake.Skipped:
		fmt.Fprintf(e.Out, "Isu #%d bukan isu naskah yang terbuka (label `naskah`); tidak ada yang dikerjakan.\n", o.issue)
		return ExitOK
	case intake.Refused:
		fmt.Fprintf(e.Out, "Isu #%d ditolak: penulisnya bukan anggota atau kolaborator repositori. Komentar: %s\n", o.issue, res.Comment)
		return ExitProblems
	case intake.Defects:
		fmt.Fprintf(e.Out, "Isu #%d belum dapat dijadikan naskah (%d isian perlu diperbaiki). Komentar: %s\n", o.issue, len(res.Defects), res.Comment)
		for _, d := range res.Defects {
			fmt.Fprintf(e.Out, "  %s: %s\n    saran: %s\n", intake.Label(d.Field), d.Msg, d.Fix)
		}
		return ExitProblems
	case intake.Foreign:
		fmt.Fprintf(e.Out, "Cabang %s memuat commit orang lain; naskah tidak ditimpa. Komentar: %s\n", res.Branch, res.Comment)
		return ExitOK
	}
	fmt.Fprintf(e.Out, "Naskah isu #%d: cabang %s, pull request #%d %s\n", o.issue, res.Branch, res.PR, res.PRURL)
	return ExitOK
}

// intakeAPIError prints a failure to talk to GitHub or origin.
func (e *Env) intakeAPIError(err error) int {
	switch ghclient.Classify(err).Kind {
	case ghclient.Unauthorized:
		fmt.Fprintln(e.Err, "warta intake: token GitHub ditolak (401)\n    saran: periksa GITHUB_TOKEN atau secret GitHub App di workflow intake.yml")
		return ExitUsage
	case ghclient.NotFound:
		fmt.Fprintf(e.Err, "warta intake: tidak ditemukan di GitHub (404): %s\n    saran: periksa nomor isu dan GITHUB_REPOSITORY\n", ghclient.Describe(err))
		return ExitUsage
	}
	fmt.Fprintf(e.Err, "warta intake: kesalahan internal: %v\n", err)
	return ExitUsage
}
