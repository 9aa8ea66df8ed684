package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/google/go-github/v60/github"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/gate"
	"github.com/kominfotik-lampung/warta/pipeline/ghclient"
)

// gateOptions are the flags of `warta gate`.
type gateOptions struct {
	PR       int    // 0: from GITHUB_EVENT_PATH
	Format   string // text | json
	NoStatus bool
}

// parseGateArgs turns argv into options; done=true means stop with code.
func parseGateArgs(e *Env, args []string) (opt gateOptions, code int, done bool) {
	fs := e.newFlags("gate", "[--pr N] [--format text|json] [--no-status]",
		"Menilai rantai persetujuan SOP sebuah pull request (Kasi PIP lalu Kabid PLIP),\n"+
			"memasang status commit `warta/sop`, meminta ulasan Kabid setelah Kasi menyetujui,\n"+
			"dan memperbarui satu komentar ringkasan di PR. Keluar 0 jika terverifikasi,\n"+
			"1 jika menunggu atau perlu perbaikan, 2 jika PR tidak dapat dinilai.")
	fs.IntVar(&opt.PR, "pr", 0, "nomor pull request (bawaan: dari GITHUB_EVENT_PATH)")
	fs.StringVar(&opt.Format, "format", "text", "format keluaran: text atau json")
	fs.BoolVar(&opt.NoStatus, "no-status", false, "hanya menilai: tidak menulis status, permintaan ulasan, atau komentar ke GitHub")
	if code, done := parseFlags(fs, args); done {
		return opt, code, true
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.Err, "warta gate: argumen tidak dikenal: %s\n", strings.Join(fs.Args(), " "))
		return opt, ExitUsage, true
	}
	if opt.Format != "text" && opt.Format != "json" {
		fmt.Fprintf(e.Err, "warta gate: --format %q tidak dikenal; gunakan text atau json\n", opt.Format)
		return opt, ExitUsage, true
	}
	if opt.PR < 0 {
		fmt.Fprintln(e.Err, "warta gate: --pr harus nomor pull request yang positif")
		return opt, ExitUsage, true
	}
	return opt, 0, false
}

func runGate(ctx context.Context, e *Env, args []string) int {
	opt, code, done := parseGateArgs(e, args)
	if done {
		return code
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(e.Err, "warta gate: "+format+"\n", a...)
		return ExitUsage
	}
	cfg, probs, ok := e.loadConfig(os.DirFS(e.Root))
	if !ok {
		return ExitUsage
	}
	if article.HasErrors(probs) {
		printProblems(e, probs)
		return fail("perbaiki site/config.yaml terlebih dahulu")
	}
	gh := e.github
	owner, repo, err := ghclient.SplitRepo(gh.Repository)
	if err != nil {
		return fail("GITHUB_REPOSITORY harus berisi pemilik/nama (misalnya kominfotik-lampung/warta), bukan %q", gh.Repository)
	}
	if gh.Token.Empty() && !opt.NoStatus {
		return fail("GITHUB_TOKEN kosong; isi `GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}` di workflow, atau pakai --no-status untuk hanya menilai")
	}
	c, err := gh.client(e.HTTPClient)
	if err != nil {
		return fail("%v", err)
	}
	if opt.PR == 0 {
		ev, err := readGateEvent(gh.EventPath)
		if err != nil {
			return fail("%v", err)
		}
		if opt.PR, err = ev.prNumber(ctx, c, owner, repo); err != nil {
			e.Log.Error("gate: find pull request", "err", err)
			if ghclient.Classify(err).Kind != ghclient.Other {
				return fail("%s", ghclient.Describe(err))
			}
			return fail("%v", err)
		}
	}
	e.Log.Debug("gate: evaluating", "pr", opt.PR, "repo", owner+"/"+repo)
	v, err := gate.Run(ctx, c, owner, repo, opt.PR, cfg, gate.RunOptions{
		NoStatus:  opt.NoStatus,
		TargetURL: ghclient.RunURL(gh.ServerURL, gh.Repository, gh.RunID),
		Now:       e.Now,
		Log:       e.Log,
	})
	if err != nil {
		e.Log.Error("gate: failed", "pr", opt.PR, "err", err)
		var und *gate.UndecidedError
		if errors.As(err, &und) {
			return fail("PR #%d tidak dapat dinilai (status warta/sop: pending): %s", opt.PR, und.Reason)
		}
		return fail("PR #%d tidak dapat dinilai: %s", opt.PR, ghclient.Describe(err))
	}
	if p := gh.StepSummary; p != "" {
		if err := appendFile(p, gate.Comment(v, cfg, e.Now())); err != nil {
			e.Log.Warn("gate: write step summary", "err", err)
		}
	}
	if opt.Format == "json" {
		enc := json.NewEncoder(e.Out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		out := struct {
			State       string   `json:"state"`
			Description string   `json:"description"`
			Kasi        []string `json:"kasi"`
			Kabid       []string `json:"kabid"`
			Reasons     []string `json:"reasons"`
			PR          int      `json:"pr"`
			HeadSHA     string   `json:"head_sha"`
		}{v.State, v.Description, v.Kasi, v.Kabid, v.Reasons, v.PR, v.HeadSHA}
		if err := enc.Encode(out); err != nil {
			return fail("keluaran JSON gagal ditulis: %v", err)
		}
	} else {
		printVerdict(e, v, opt.NoStatus)
	}
	return gateExitFor(v.State)
}

func printVerdict(e *Env, v *gate.Verdict, noStatus bool) {
	label := map[string]string{gate.Success: "TERVERIFIKASI", gate.Pending: "MENUNGGU", gate.Failure: "PERLU PERBAIKAN"}[v.State]
	fmt.Fprintf(e.Out, "PR #%d: %s — %s\n", v.PR, label, v.Description)
	if len(v.Kasi) > 0 {
		fmt.Fprintf(e.Out, "  Kasi:  %s\n", strings.Join(v.Kasi, ", "))
	}
	if len(v.Kabid) > 0 {
		fmt.Fprintf(e.Out, "  Kabid: %s\n", strings.Join(v.Kabid, ", "))
	}
	for _, r := range v.Reasons {
		fmt.Fprintf(e.Out, "  - %s\n", r)
	}
	for _, p := range v.Problems {
		fmt.Fprintf(e.Out, "  %s\n", strings.ReplaceAll(p.String(), "\n", "\n  "))
	}
	switch {
	case noStatus:
		fmt.Fprintln(e.Out, "(--no-status: tidak ada yang ditulis ke GitHub)")
	case v.RequestedNow:
		fmt.Fprintf(e.Out, "Ulasan Kabid diminta dari %s\n", strings.Join(v.KabidRequestedFrom, ", "))
	}
}

func appendFile(path, s string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	_, err = f.WriteString(s + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// gateEvent is the part of a GitHub Actions event payload that names the
// pull request: pull_request, pull_request_target and pull_request_review
// carry pull_request.number; workflow_run carries workflow_run.pull_requests
// (empty for PRs from forks, hence the head lookup).
type gateEvent struct {
	Number      int `json:"number"`
	PullRequest *struct {
		Number int `json:"number"`
	} `json:"pull_request"`
	WorkflowRun *struct {
		PullRequests []struct {
			Number int `json:"number"`
		} `json:"pull_requests"`
		HeadSHA        string `json:"head_sha"`
		HeadBranch     string `json:"head_branch"`
		HeadRepository *struct {
			Owner *struct {
				Login string `json:"login"`
			} `json:"owner"`
		} `json:"head_repository"`
	} `json:"workflow_run"`
}

var errNoPR = errors.New("no pull request")

func readGateEvent(path string) (*gateEvent, error) {
	if path == "" {
		return nil, errors.New("nomor PR tidak diketahui: beri --pr N, atau jalankan di GitHub Actions (GITHUB_EVENT_PATH)")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("GITHUB_EVENT_PATH tidak dapat dibaca: %v", err)
	}
	var ev gateEvent
	if err := json.Unmarshal(data, &ev); err != nil {
		return nil, fmt.Errorf("GITHUB_EVENT_PATH bukan JSON yang sah: %v", err)
	}
	return &ev, nil
}

// prNumber finds the PR of the event; for a workflow_run without
// pull_requests (a fork PR) it looks the PR up by head branch and commit.
func (ev *gateEvent) prNumber(ctx context.Context, c *github.Client, owner, repo string) (int, error) {
	switch {
	case ev.PullRequest != nil && ev.PullRequest.Number > 0:
		return ev.PullRequest.Number, nil
	case ev.WorkflowRun != nil && len(ev.WorkflowRun.PullRequests) > 0 && ev.WorkflowRun.PullRequests[0].Number > 0:
		return ev.WorkflowRun.PullRequests[0].Number, nil
	case ev.WorkflowRun != nil && ev.WorkflowRun.HeadSHA != "":
		wr := ev.WorkflowRun
		head := wr.HeadBranch
		if wr.HeadRepository != nil && wr.HeadRepository.Owner != nil && wr.HeadRepository.Owner.Login != "" {
			head = wr.HeadRepository.Owner.Login + ":" + wr.HeadBranch
		}
		lo := &github.PullRequestListOptions{State: "open", Head: head, ListOptions: github.ListOptions{PerPage: 100}}
		// GitHub docs: https://docs.github.com/rest/pulls/pulls#list-pull-requests
		prs, _, err := c.PullRequests.List(ctx, owner, repo, lo)
		if err != nil {
			return 0, fmt.Errorf("gate: find pull request of %s: %w", head, err)
		}
		for _, p := range prs {
			if p.GetHead().GetSHA() == wr.HeadSHA {
				return p.GetNumber(), nil
			}
		}
		return 0, fmt.Errorf("tidak ada PR terbuka dengan commit %s; beri --pr N: %w", wr.HeadSHA, errNoPR)
	case ev.Number > 0:
		return ev.Number, nil
	}
	return 0, fmt.Errorf("peristiwa di GITHUB_EVENT_PATH tidak menyebut pull request; beri --pr N: %w", errNoPR)
}

// gateExitFor maps a gate state to the exit code of DESIGN.md §6.
func gateExitFor(state string) int {
	if state == gate.Success {
		return ExitOK
	}
	return ExitProblems
}
