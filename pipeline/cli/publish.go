package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/google/go-github/v60/github"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/config"
	"github.com/kominfotik-lampung/warta/pipeline/content"
	"github.com/kominfotik-lampung/warta/pipeline/gate"
	"github.com/kominfotik-lampung/warta/pipeline/ghclient"
	"github.com/kominfotik-lampung/warta/pipeline/ledger"
	"github.com/kominfotik-lampung/warta/pipeline/publish"
	"github.com/kominfotik-lampung/warta/pipeline/publish/facebook"
	"github.com/kominfotik-lampung/warta/pipeline/publish/graphapi"
	"github.com/kominfotik-lampung/warta/pipeline/publish/instagram"
	"github.com/kominfotik-lampung/warta/pipeline/publish/xapi"
	"github.com/kominfotik-lampung/warta/pipeline/secret"
)

// The gate's approval re-check is what publish verifies with.
var _ publish.Verifier = (*gate.Verifier)(nil)

type publishOptions struct {
	DryRun     bool
	Outbox     string
	Platforms  []string
	InitLedger bool
	DueOnly    bool
}

func parsePublishArgs(e *Env, args []string) (opt publishOptions, code int, done bool) {
	fs := e.newFlags("publish", "[--dry-run] [--outbox DIR] [--platforms LIST] [--init-ledger] [--due-only]",
		"Memublikasikan setiap berita yang sudah waktunya, sudah diverifikasi Kasi dan Kabid, dan belum\n"+
			"dipublikasikan, ke Facebook, Instagram dan X; setiap kiriman dicatat di cabang warta-ledger.")
	fs.BoolVar(&opt.DryRun, "dry-run", false, "tidak mengirim apa pun: tulis calon kiriman ke folder outbox dan tampilkan tabelnya")
	fs.StringVar(&opt.Outbox, "outbox", "outbox", "folder calon kiriman untuk --dry-run")
	list := fs.String("platforms", strings.Join(article.Platforms, ","), "platform yang dikirimi, dipisah koma")
	fs.BoolVar(&opt.InitLedger, "init-ledger", false, "hanya untuk publikasi pertama: buat cabang warta-ledger (ditolak bila cabang sudah ada)")
	fs.BoolVar(&opt.DueOnly, "due-only", false, "tidak mengirim apa pun: hanya memutuskan apakah publikasi perlu dijalankan (due=true/false ke GITHUB_OUTPUT)")
	if code, done := parseFlags(fs, args); done {
		return opt, code, true
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.Err, "warta publish: argumen tidak dikenal: %s\n", strings.Join(fs.Args(), " "))
		return opt, ExitUsage, true
	}
	if opt.DueOnly && (opt.DryRun || opt.InitLedger) {
		fmt.Fprintln(e.Err, "warta publish: --due-only tidak dapat digabung dengan --dry-run atau --init-ledger")
		return opt, ExitUsage, true
	}
	if opt.InitLedger && opt.DryRun {
		fmt.Fprintln(e.Err, "warta publish: --init-ledger tidak dapat digabung dengan --dry-run (uji coba tidak menyentuh ledger)")
		return opt, ExitUsage, true
	}
	for _, p := range strings.Split(*list, ",") {
		p = strings.ToLower(strings.TrimSpace(p))
		if p == "" {
			continue
		}
		if !slices.Contains(article.Platforms, p) {
			fmt.Fprintf(e.Err, "warta publish: platform %q tidak dikenal; pilih dari %s\n", p, strings.Join(article.Platforms, ", "))
			return opt, ExitUsage, true
		}
		if !slices.Contains(opt.Platforms, p) {
			opt.Platforms = append(opt.Platforms, p)
		}
	}
	return opt, 0, false
}

func runPublish(ctx context.Context, e *Env, args []string) int {
	opt, code, done := parsePublishArgs(e, args)
	if done {
		return code
	}
	cfg, set, probs, ok := e.loadRepo(ctx, content.Options{})
	if !ok {
		return ExitUsage
	}
	if len(set.Rejected) > 0 {
		printProblems(e, probs)
		fmt.Fprintf(e.Err, "warta publish: %d naskah tidak diproses karena bermasalah: %s (jalankan `warta check`)\n",
			len(set.Rejected), strings.Join(set.Rejected, ", "))
	}
	var platforms []string
	for _, p := range opt.Platforms {
		if cfg.Social.Enabled(p) {
			platforms = append(platforms, p)
		}
	}
	if opt.DryRun {
		return e.dryRun(set, cfg, platforms, opt.Outbox)
	}
	if opt.DueOnly {
		return e.dueOnly(ctx, set, cfg, platforms)
	}
	if e.Getenv("CI") == "true" && e.Getenv("WARTA_ENVIRONMENT") == "" {
		fmt.Fprint(e.Err, noEnvironmentWarning)
	}

	pubs, missing := e.publishers(platforms)
	ghEnv := e.github
	owner, repo, rerr := ghclient.SplitRepo(ghEnv.Repository)
	if rerr != nil {
		missing = append(missing, "GITHUB_REPOSITORY")
	}
	if ghEnv.Token.Empty() {
		missing = append(missing, "GITHUB_TOKEN")
	}
	if len(missing) > 0 {
		fmt.Fprintf(e.Err, "warta publish: variabel lingkungan belum diisi: %s\n"+
			"    saran: simpan kredensial sebagai secret di environment media-sosial (dibatasi ke cabang main) dan teruskan lewat `env:` di workflow (lihat README, bagian \"Kredensial media sosial\"); atau nonaktifkan platformnya di site/config.yaml\n",
			strings.Join(missing, ", "))
		return ExitUsage
	}
	checkout, led, code := e.openLedger()
	if code != ExitOK {
		return code
	}
	gh, err := ghEnv.client(e.HTTPClient)
	if err != nil {
		fmt.Fprintf(e.Err, "warta publish: %v\n", err)
		return ExitUsage
	}
	if opt.InitLedger {
		switch err := led.Init(ctx); {
		case errors.Is(err, ledger.ErrBranchExists):
			fmt.Fprintf(e.Err, "warta publish: cabang %s sudah ada; --init-ledger hanya untuk publikasi pertama\n"+
				"    saran: jalankan `warta publish` tanpa --init-ledger\n", ledger.Branch)
			return ExitUsage
		case err != nil:
			fmt.Fprintf(e.Err, "warta publish: cabang %s tidak dapat dibuat: %v\n", ledger.Branch, err)
			return ExitUsage
		}
		fmt.Fprintf(e.Out, "Cabang %s dibuat: ledger publikasi dimulai.\n", ledger.Branch)
	}
	v := gate.NewVerifier(checkout, gh, owner, repo, cfg)
	res, err := publish.Run(ctx, publish.Options{
		Articles:   set.Articles,
		Config:     cfg,
		Publishers: pubs,
		Ledger:     led,
		Verifier:   v,
		Runs:       actionsRuns{gh: gh, owner: owner, repo: repo},
		Commit:     ghEnv.SHA,
		Run:        ghEnv.RunID,
		Now:        e.Now,
		HTTPClient: e.HTTPClient,
		Log:        e.Log,
	})
	if errors.Is(err, ledger.ErrNoBranch) {
		fmt.Fprint(e.Err, noLedgerMessage())
		return ExitUsage
	}
	if err != nil {
		fmt.Fprintf(e.Err, "warta publish: ledger tidak dapat dibaca dari cabang %s: %v\n", ledger.Branch, err)
		return ExitUsage
	}
	e.printPublished(res)
	e.printWarnings(res)
	e.commentOnPRs(ctx, gh, owner, repo, v, res)
	if path := ghEnv.StepSummary; path != "" {
		if err := appendFile(path, publishSummary(res)); err != nil {
			e.Log.Warn("write step summary", "err", err)
		}
	}
	if res.Problems() > 0 {
		return ExitProblems
	}
	return ExitOK
}

// noEnvironmentWarning is printed by a real publish run in CI outside the
// deployment environment (the workflow's publish job sets
// WARTA_ENVIRONMENT: media-sosial beside environment: media-sosial).
const noEnvironmentWarning = "peringatan: warta publish berjalan di CI tanpa environment deployment (WARTA_ENVIRONMENT kosong)\n" +
	"    saran: simpan secret media sosial di environment `media-sosial` yang hanya boleh dipakai cabang main, bukan sebagai secret repositori " +
	"(workflow di cabang mana pun dapat membaca secret repositori), dan jalankan job publish dengan `environment: media-sosial` " +
	"serta `WARTA_ENVIRONMENT: media-sosial` (lihat README, bagian \"Kredensial media sosial\")\n"

// noLedgerMessage explains a missing ledger branch: it is never read as an
// empty ledger, which would post every article again.
func noLedgerMessage() string {
	return "warta publish: cabang " + ledger.Branch + " tidak ada di origin; tanpa ledger warta tidak tahu apa yang sudah dikirim, jadi tidak ada yang dikirim\n" +
		"    saran: bila ini publikasi pertama, jalankan sekali `warta publish --init-ledger`. Bila cabang terhapus, pulihkan dari salinan mana pun " +
		"(`git push origin <commit>:refs/heads/" + ledger.Branch + "`); hanya bila tidak ada salinan sama sekali, mulai lagi dengan --init-ledger: " +
		"berita yang lebih tua dari " + fmt.Sprint(int(publish.CheckBeforeFirstPost.Hours())) + " jam dicari dulu di platform dan tidak dikirim ulang (lihat docs/publish.md)\n"
}

// actionsRuns answers publish.Runs from the GitHub Actions API (the
// workflow needs `actions: read`).
type actionsRuns struct {
	gh          *github.Client
	owner, repo string
}

var _ publish.Runs = actionsRuns{}

// Running is true while the run is not completed (queued, in_progress,
// waiting, …). Only an answer with a status counts: a 404 may be a token
// without `actions: read` as well as a forged id, so it is an error and
// publish falls back to its in-flight window.
//
// GitHub docs: https://docs.github.com/rest/actions/workflow-runs#get-a-workflow-run
func (a actionsRuns) Running(ctx context.Context, runID string) (bool, error) {
	id, err := strconv.ParseInt(runID, 10, 64)
	if err != nil || id <= 0 {
		return false, fmt.Errorf("run id %q is not a GitHub Actions run id", runID)
	}
	run, _, err := a.gh.Actions.GetWorkflowRunByID(ctx, a.owner, a.repo, id)
	if err != nil {
		return false, err
	}
	if run.GetStatus() == "" {
		return false, fmt.Errorf("run %d: no status in the answer", id)
	}
	return run.GetStatus() != "completed", nil
}

// publishers builds one Publisher per platform from the environment and
// lists the variables that are missing.
func (e *Env) publishers(platforms []string) ([]publish.Publisher, []string) {
	var missing []string
	need := func(name string) string {
		v := e.Getenv(name)
		if v == "" {
			missing = append(missing, name)
		}
		return v
	}
	hc := e.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	graph := []graphapi.Option{graphapi.WithBaseURL(e.Getenv("GRAPH_API_URL")),
		graphapi.WithVersion(e.Getenv("GRAPH_API_VERSION")), graphapi.WithHTTPClient(hc), graphapi.WithLogger(e.Log)}
	var pubs []publish.Publisher
	for _, p := range platforms {
		switch p {
		case article.Facebook:
			token, page := secret.Secret(need("FACEBOOK_PAGE_TOKEN")), need("FACEBOOK_PAGE_ID")
			pubs = append(pubs, facebook.New(graphapi.New(article.Facebook, token, graph...), page))
		case article.Instagram:
			token, user := secret.Secret(need("FACEBOOK_PAGE_TOKEN")), need("INSTAGRAM_USER_ID")
			pubs = append(pubs, instagram.New(graphapi.New(article.Instagram, token, graph...), user))
		case article.X:
			creds := xapi.Credentials{
				APIKey:            secret.Secret(need("X_API_KEY")),
				APISecret:         secret.Secret(need("X_API_SECRET")),
				AccessToken:       secret.Secret(need("X_ACCESS_TOKEN")),
				AccessTokenSecret: secret.Secret(need("X_ACCESS_TOKEN_SECRET")),
			}
			pubs = append(pubs, xapi.New(creds, xapi.WithBaseURL(e.Getenv("X_API_URL")), xapi.WithHTTPClient(hc), xapi.WithLogger(e.Log)))
		}
	}
	return pubs, uniq(missing)
}

func uniq(ss []string) []string {
	var out []string
	for _, s := range ss {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// outboxPost is the would-be request of a dry run: no secrets, only what the
// platform would receive.
type outboxPost struct {
	Platform string `json:"platform"`
	Article  string `json:"article"`
	// Kind is "post", "correction" (a comment or reply under the post)
	// or "delete" (a retraction), as publish.JobKind.
	Kind string `json:"kind"`
	// Correction is the 1-based correction index of a correction.
	Correction int            `json:"correction,omitempty"`
	URL        string         `json:"url"`
	Text       string         `json:"text,omitempty"`
	ImageURL   string         `json:"image_url,omitempty"`
	Characters outboxCounters `json:"characters"`
}

// outboxName is the outbox file of a job: <article-id-with-dashes>.json for
// the post, …--ralat-<n>.json for correction n, …--hapus.json for the
// deletion of a retracted article's post.
func outboxName(j publish.Job) string {
	switch j.Kind {
	case publish.JobCorrection:
		return fmt.Sprintf("%s--ralat-%d.json", j.Post.Article.FlatID(), j.Correction)
	case publish.JobDelete:
		return j.Post.Article.FlatID() + "--hapus.json"
	}
	return j.Post.Article.FlatID() + ".json"
}

// jobLabel names a job's kind in Bahasa Indonesia for the tables.
func jobLabel(kind publish.JobKind, n int) string {
	switch kind {
	case publish.JobCorrection:
		return fmt.Sprintf("ralat #%d", n)
	case publish.JobDelete:
		return "hapus (pencabutan)"
	}
	return "kiriman"
}

type outboxCounters struct {
	Count int    `json:"count"`           // characters (code points)
	Limit int    `json:"limit"`           // the platform's limit
	Unit  string `json:"unit"`            // how Count is measured
	Over  bool   `json:"over,omitempty"`  // Count is above Limit
	Tags  int    `json:"hashtags"`        // hashtags in the text
	Note  string `json:"note,omitempty"`  // Bahasa explanation when Over
	Raw   int    `json:"chars,omitempty"` // plain code points, when Unit differs
}

func counters(platform, text string) outboxCounters {
	c := outboxCounters{Count: article.RuneLen(text), Unit: "karakter", Tags: article.CountHashtags(text)}
	switch platform {
	case article.X:
		c.Raw, c.Count, c.Unit, c.Limit = c.Count, article.XWeightedLength(text), "karakter berbobot X (URL = 23)", article.XMaxWeighted
	case article.Instagram:
		c.Limit = article.InstagramMaxCaption
	case article.Facebook:
		c.Limit = article.FacebookMaxMessage
	}
	if c.Count > c.Limit {
		c.Over, c.Note = true, fmt.Sprintf("teks melebihi batas %d; persingkat `social.%s` pada front matter", c.Limit, platform)
	}
	return c
}

// dryRun writes the would-be posts of every due article, the comments and
// replies of every correction and the deletions of every retracted
// article (the ledger is not read, so what was done already is listed
// too) and prints a table.
func (e *Env) dryRun(set *content.Set, cfg *config.Config, platforms []string, outbox string) int {
	if !filepath.IsAbs(outbox) {
		outbox = filepath.Join(e.Root, outbox)
	}
	jobs := publish.PlanAll(set.Articles, cfg, platforms, e.Now())
	tw := tabwriter.NewWriter(e.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ARTIKEL\tPLATFORM\tKARAKTER\tJENIS")
	over := 0
	for _, j := range jobs {
		text, image := j.Post.Text, j.Post.ImageURL
		switch j.Kind {
		case publish.JobCorrection:
			text, image = j.Comment.Text, ""
		case publish.JobDelete:
			text, image = "", ""
		}
		c := counters(j.Platform, text)
		rec := outboxPost{Platform: j.Platform, Article: j.Post.Article.ID, Kind: string(j.Kind), Correction: j.Correction,
			URL: j.Post.URL, Text: text, ImageURL: image, Characters: c}
		data, err := json.MarshalIndent(rec, "", "  ")
		if err != nil {
			fmt.Fprintf(e.Err, "warta publish: kesalahan internal: %v\n", err)
			return ExitUsage
		}
		dir := filepath.Join(outbox, j.Platform)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			fmt.Fprintf(e.Err, "warta publish: folder %s tidak dapat dibuat: %v\n", dir, err)
			return ExitUsage
		}
		file := filepath.Join(dir, outboxName(j))
		if err := os.WriteFile(file, append(data, '\n'), 0o644); err != nil {
			fmt.Fprintf(e.Err, "warta publish: %s tidak dapat ditulis: %v\n", file, err)
			return ExitUsage
		}
		mark := ""
		if c.Over {
			mark, over = " (melebihi batas)", over+1
		}
		count := fmt.Sprintf("%d/%d%s", c.Count, c.Limit, mark)
		if j.Kind == publish.JobDelete {
			count = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", j.Post.Article.ID, j.Platform, count, jobLabel(j.Kind, j.Correction))
	}
	tw.Flush()
	rel, err := filepath.Rel(e.Root, outbox)
	if err != nil || strings.HasPrefix(rel, "..") {
		rel = outbox
	}
	fmt.Fprintf(e.Out, "\n%d calon kiriman ditulis ke %s/ (uji coba: tidak ada yang dikirim, ledger tidak dibaca)\n", len(jobs), filepath.ToSlash(rel))
	if over > 0 {
		fmt.Fprintf(e.Err, "warta publish: %d teks melebihi batas platform\n", over)
		return ExitProblems
	}
	return ExitOK
}

var outcomeText = map[publish.Outcome]string{
	publish.Posted:     "terkirim",
	publish.Reconciled: "sudah ada (dicatat)",
	publish.Failed:     "gagal",
	publish.Refused:    "ditolak: belum terverifikasi",
	publish.Busy:       "sedang dikirim oleh run lain",
	publish.Cancelled:  "dibatalkan (akan dicek ulang)",
	publish.Held:       "ditahan: judul sama dengan berita terkirim",
	publish.Deleted:    "dihapus (pencabutan)",
	publish.Manual:     "GAGAL DIHAPUS: hapus manual",
}

// why explains a problem item in Bahasa Indonesia.
func why(it publish.Item) string {
	var auth *publish.AuthError
	var refused *publish.DeleteRefusedError
	switch {
	case errors.As(it.Err, &auth):
		return auth.UserMessage()
	case errors.As(it.Err, &refused):
		return manualDelete(refused)
	case it.Outcome == publish.Refused && it.Err != nil:
		if d := ghclient.Describe(it.Err); d != "" {
			return "verifikasi tidak dapat dilakukan: " + d
		}
		return "verifikasi tidak dapat dilakukan: " + it.Err.Error()
	case it.Outcome == publish.Refused && it.Kind == publish.JobCorrection:
		return it.Reason + fmt.Sprintf("; ralat #%d tidak dikirim sebelum disetujui Kasi dan Kabid", it.Correction)
	case it.Outcome == publish.Refused && it.Kind == publish.JobDelete:
		return it.Reason + "; kiriman tidak dihapus sebelum pencabutan disetujui Kasi dan Kabid"
	case it.Outcome == publish.Refused:
		return it.Reason + "; berita tidak dikirim sebelum disetujui Kasi dan Kabid"
	case it.Outcome == publish.Held:
		return fmt.Sprintf("PERHATIAN: judul %q sudah dikirim ke %s sebagai %s, yang foldernya kini tidak ada (folder diganti nama tanpa alias?); "+
			"berita ini tidak dikirim agar tidak tayang dua kali.\n    saran: tambahkan `aliases: [/%s/]` pada front matter; bila memang berita lain, ubah judulnya",
			it.Article.Title, platformName[it.Platform], it.Alias, it.Alias)
	case errors.Is(it.Err, publish.ErrImageNotLive):
		return "gambar Instagram belum tersedia di situs; periksa deploy GitHub Pages, run berikutnya mencoba lagi"
	case it.Outcome == publish.Failed:
		return "ditolak platform: " + it.Err.Error() + "; run berikutnya mencoba lagi"
	case it.Err != nil:
		return "terkirim tetapi belum tercatat di ledger (" + it.Err.Error() + "); run berikutnya mencocokkan dengan platform"
	}
	return ""
}

// manualDelete asks staff to remove by hand a post the platform would not
// let warta delete, naming it by id and link; it is said on every run
// until a run finds the post gone and records it deleted.
func manualDelete(e *publish.DeleteRefusedError) string {
	link := e.URL
	if link == "" {
		link = "(tautan tidak tercatat)"
	}
	return fmt.Sprintf("berita ini dicabut, tetapi %s menolak menghapus kirimannya (%v). HAPUS MANUAL kiriman %s id %s: %s "+
		"(buka tautan, menu ⋯ → Hapus). Pesan ini muncul di setiap run sampai kiriman itu hilang; run berikutnya lalu mencatatnya `deleted` di ledger. "+
		"Agar warta dapat menghapus sendiri, token harus dari aplikasi Facebook Login for Business dengan izin instagram_manage_contents",
		platformName[e.Platform], e.Err, platformName[e.Platform], e.ID, link)
}

func (e *Env) printPublished(res *publish.Result) {
	if len(res.Items) == 0 {
		fmt.Fprintln(e.Out, "Tidak ada berita yang perlu dipublikasikan.")
		return
	}
	tw := tabwriter.NewWriter(e.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ARTIKEL\tPLATFORM\tHASIL\tTAUTAN\tJENIS")
	for _, it := range res.Items {
		link := it.Receipt.URL
		if link == "" {
			link = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", it.Article.ID, it.Platform, outcomeText[it.Outcome], link, jobLabel(it.Kind, it.Correction))
	}
	tw.Flush()
	for _, it := range res.Items {
		if it.Problem() {
			fmt.Fprintf(e.Err, "%s [%s]: %s\n", it.Article.File, it.Platform, why(it))
		}
	}
}

// warningText explains a ledger warning in Bahasa Indonesia, with where it
// is and what to do.
func warningText(w publish.Warning) string {
	where := fmt.Sprintf("%s:%d (cabang %s)", ledger.File, w.Line, ledger.Branch)
	switch w.Kind {
	case publish.StaleIntent:
		return fmt.Sprintf("%s: %s [%s] ditahan oleh intent run %s sejak %s (lebih dari %d menit) yang menurut GitHub masih berjalan; "+
			"periksa run itu di tab Actions dan batalkan bila macet, run berikutnya lalu mencocokkan dengan platform",
			where, w.Entry.Article, w.Entry.Platform, w.Entry.Run, w.Entry.Time.UTC().Format(time.RFC3339), int(publish.StaleAfter.Minutes()))
	case publish.DoneWithoutIntent:
		return fmt.Sprintf("%s: baris done untuk %s [%s] tidak didahului intent; warta selalu menulis intent lebih dulu, jadi baris ini ditulis tangan atau dipalsukan "+
			"dan berita itu tidak akan pernah dikirim ke %s. Periksa riwayat cabang %s; bila baris itu tidak sah, hapus lewat pull request ke cabang itu",
			where, w.Entry.Article, w.Entry.Platform, platformName[w.Entry.Platform], ledger.Branch)
	}
	return where + ": " + string(w.Kind)
}

func (e *Env) printWarnings(res *publish.Result) {
	for _, w := range res.Warnings {
		fmt.Fprintf(e.Err, "peringatan: %s\n", warningText(w))
	}
}

// publishSummary is the Markdown table for GITHUB_STEP_SUMMARY.
func publishSummary(res *publish.Result) string {
	var b strings.Builder
	b.WriteString("## Publikasi media sosial\n\n")
	if len(res.Items) == 0 {
		b.WriteString("Tidak ada berita yang perlu dipublikasikan.\n")
		summaryWarnings(&b, res)
		return b.String()
	}
	b.WriteString("| Artikel | Platform | Hasil | Tautan | Jenis |\n|---|---|---|---|---|\n")
	for _, it := range res.Items {
		link := ""
		if it.Receipt.URL != "" {
			link = "[lihat](" + it.Receipt.URL + ")"
		}
		result := outcomeText[it.Outcome]
		if it.Problem() {
			result += ": " + why(it)
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", it.Article.ID, it.Platform, mdCell(result), link, jobLabel(it.Kind, it.Correction))
	}
	summaryWarnings(&b, res)
	return b.String()
}

func summaryWarnings(b *strings.Builder, res *publish.Result) {
	if len(res.Warnings) == 0 {
		return
	}
	b.WriteString("\n### Peringatan ledger\n\n")
	for _, w := range res.Warnings {
		fmt.Fprintf(b, "- %s\n", mdCell(warningText(w)))
	}
}

func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}

var platformName = map[string]string{article.Facebook: "Facebook", article.Instagram: "Instagram", article.X: "X"}

// commentOnPRs leaves one comment per merged PR whose articles were posted
// in this run, with the links.
func (e *Env) commentOnPRs(ctx context.Context, gh *github.Client, owner, repo string, v *gate.Verifier, res *publish.Result) {
	byPR := map[int][]publish.Item{}
	for _, it := range res.Items {
		// The links of the article's posts; corrections and deletions
		// come from other PRs than the one Verify remembered.
		if it.Kind != publish.JobPost || it.Outcome != publish.Posted && it.Outcome != publish.Reconciled {
			continue
		}
		if pr := v.PR(it.Article.ID); pr > 0 {
			byPR[pr] = append(byPR[pr], it)
		}
	}
	prs := make([]int, 0, len(byPR))
	for pr := range byPR {
		prs = append(prs, pr)
	}
	sort.Ints(prs)
	for _, pr := range prs {
		var b strings.Builder
		b.WriteString("Berita dari pull request ini sudah dipublikasikan (SOP langkah 7):\n")
		last := ""
		for _, it := range byPR[pr] {
			if it.Article.ID != last {
				fmt.Fprintf(&b, "\n**%s**\n- Situs: %s\n", it.Article.Title, it.Post.URL)
				last = it.Article.ID
			}
			link := it.Receipt.URL
			if link == "" {
				link = "(tautan tidak tersedia; id " + it.Receipt.ID + ")"
			}
			fmt.Fprintf(&b, "- %s: %s\n", platformName[it.Platform], link)
		}
		// GitHub docs: https://docs.github.com/rest/issues/comments#create-an-issue-comment
		if _, _, err := gh.Issues.CreateComment(ctx, owner, repo, pr, &github.IssueComment{Body: github.String(b.String())}); err != nil {
			fmt.Fprintf(e.Err, "warta publish: komentar pada PR #%d gagal: %s\n", pr, describeGH(err))
		}
	}
}

func describeGH(err error) string {
	if d := ghclient.Describe(err); d != "" {
		return d
	}
	return err.Error()
}

// openLedger opens the checkout at e.Root and the ledger on its origin,
// with the workflow token; code is ExitUsage (message printed) when either
// is missing.
func (e *Env) openLedger() (checkout *git.Repository, led *ledger.Ledger, code int) {
	checkout, err := git.PlainOpen(e.Root)
	if err != nil {
		fmt.Fprintf(e.Err, "warta publish: %s bukan repositori git: %v\n", e.Root, err)
		return nil, nil, ExitUsage
	}
	origin, err := checkout.Remote("origin")
	if err != nil || len(origin.Config().URLs) == 0 {
		fmt.Fprintln(e.Err, "warta publish: repositori tidak punya remote `origin`; ledger disimpan di cabang warta-ledger milik origin")
		return nil, nil, ExitUsage
	}
	led, err = ledger.New(origin.Config().URLs[0], ledger.WithToken(e.github.Token), ledger.WithLogger(e.Log), ledger.WithClock(e.Now))
	if err != nil {
		fmt.Fprintf(e.Err, "warta publish: kesalahan internal: %v\n", err)
		return nil, nil, ExitUsage
	}
	return checkout, led, ExitOK
}
