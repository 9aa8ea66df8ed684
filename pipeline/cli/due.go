package cli

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/kominfotik-lampung/warta/pipeline/config"
	"github.com/kominfotik-lampung/warta/pipeline/content"
	"github.com/kominfotik-lampung/warta/pipeline/ghclient"
	"github.com/kominfotik-lampung/warta/pipeline/ledger"
	"github.com/kominfotik-lampung/warta/pipeline/publish"
)

var dueText = map[publish.DueReason]string{
	publish.DueNew:       "belum dikirim",
	publish.DueRetry:     "gagal sebelumnya, dicoba lagi",
	publish.DueReconcile: "intent run yang sudah selesai, perlu dicocokkan",
	publish.DueEmbargo:   "waktu tayang lewat sejak publikasi sukses terakhir",
}

// dueOnly is `warta publish --due-only`: it reads content and the ledger
// (no write, no platform) and says whether a full publish run is needed,
// as a table and as due=true/false in GITHUB_OUTPUT. When it cannot tell
// when the last successful run started, it says due: a needless build
// costs minutes, a missed embargo costs the news.
func (e *Env) dueOnly(ctx context.Context, set *content.Set, cfg *config.Config, platforms []string) int {
	ghEnv := e.github
	_, led, code := e.openLedger()
	if code != ExitOK {
		return code
	}
	opt := publish.Options{Articles: set.Articles, Config: cfg, Ledger: led, Run: ghEnv.RunID, Now: e.Now, Log: e.Log}
	since, why := time.Time{}, ""
	owner, repo, rerr := ghclient.SplitRepo(ghEnv.Repository)
	switch {
	case rerr != nil || ghEnv.Token.Empty():
		why = "GITHUB_REPOSITORY atau GITHUB_TOKEN kosong"
	default:
		gh, err := ghEnv.client(e.HTTPClient)
		if err != nil {
			fmt.Fprintf(e.Err, "warta publish: %v\n", err)
			return ExitUsage
		}
		opt.Runs = actionsRuns{gh: gh, owner: owner, repo: repo}
		since, why = lastSuccess(ctx, gh, owner, repo, e.Getenv("GITHUB_WORKFLOW_REF"))
	}
	due, err := publish.DueOnly(ctx, opt, platforms, since)
	if errors.Is(err, ledger.ErrNoBranch) {
		fmt.Fprint(e.Err, noLedgerMessage())
		return ExitUsage
	}
	if err != nil {
		fmt.Fprintf(e.Err, "warta publish: ledger tidak dapat dibaca dari cabang %s: %v\n", ledger.Branch, err)
		return ExitUsage
	}
	needed := len(due) > 0 || why != ""
	if len(due) > 0 {
		tw := tabwriter.NewWriter(e.Out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ARTIKEL\tPLATFORM\tALASAN")
		for _, d := range due {
			p := d.Platform
			if p == "" {
				p = "situs"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\n", d.Article.ID, p, dueText[d.Reason])
		}
		tw.Flush()
	}
	switch {
	case len(due) > 0:
		fmt.Fprintf(e.Out, "Perlu publikasi: %d hal di atas.\n", len(due))
	case needed:
		fmt.Fprintf(e.Out, "Perlu publikasi: waktu run publikasi sukses terakhir tidak diketahui (%s), jadi situs dibangun ulang untuk berjaga-jaga.\n", why)
	default:
		fmt.Fprintf(e.Out, "Tidak ada yang perlu dipublikasikan (run publikasi sukses terakhir mulai %s).\n", since.UTC().Format(time.RFC3339))
	}
	if out := e.Getenv("GITHUB_OUTPUT"); out != "" {
		if err := appendFile(out, fmt.Sprintf("due=%t", needed)); err != nil {
			fmt.Fprintf(e.Err, "warta publish: GITHUB_OUTPUT %s tidak dapat ditulis: %v\n", out, err)
			return ExitUsage
		}
	}
	return ExitOK
}

// lastSuccess is when the newest successful run of the current workflow
// (GITHUB_WORKFLOW_REF, "owner/repo/.github/workflows/publish.yml@ref")
// started; why says, in Bahasa Indonesia, why it is unknown.
//
// GitHub docs: https://docs.github.com/rest/actions/workflow-runs#list-workflow-runs-for-a-workflow
func lastSuccess(ctx context.Context, gh *github.Client, owner, repo, workflowRef string) (time.Time, string) {
	file, _, _ := strings.Cut(workflowRef, "@")
	if file == "" {
		return time.Time{}, "GITHUB_WORKFLOW_REF kosong"
	}
	runs, _, err := gh.Actions.ListWorkflowRunsByFileName(ctx, owner, repo, path.Base(file),
		&github.ListWorkflowRunsOptions{Status: "success", ListOptions: github.ListOptions{PerPage: 1}})
	if err != nil {
		return time.Time{}, "daftar run tidak dapat dibaca: " + describeGH(err)
	}
	if len(runs.WorkflowRuns) == 0 {
		return time.Time{}, "belum ada run yang sukses"
	}
	run := runs.WorkflowRuns[0]
	if t := run.GetRunStartedAt().Time; !t.IsZero() {
		return t, ""
	}
	if t := run.GetCreatedAt().Time; !t.IsZero() {
		return t, ""
	}
	return time.Time{}, "run sukses terakhir tidak bertanggal"
}
