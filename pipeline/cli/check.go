package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/config"
	"github.com/kominfotik-lampung/warta/pipeline/content"
)

type checkOptions struct {
	format string // text, github, json
	base   string // git revision to compare published articles with; "" = skip the history rules
}

func parseCheck(e *Env, args []string) (checkOptions, int, bool) {
	o := checkOptions{}
	fs := e.newFlags("check", "[--format text|github|json] [--base REF]",
		"Memeriksa site/config.yaml, CODEOWNERS dan semua naskah di content/: front matter wajib,\nfoto, alamat ganda, panjang teks media sosial; menolak go.work dan folder vendor/.\nSemua masalah dilaporkan sekaligus.\nDengan --base REF (cabang, tag atau commit, misalnya origin/main) berita yang sudah terbit\ndibandingkan dengan versinya di REF: perubahan tanpa entri ralat baru, ralat yang dihapus atau\ndiubah, pencabutan yang dibatalkan, folder yang dipindah tanpa alias.\nKode keluar: 0 tidak ada kesalahan, 1 ada kesalahan pada naskah, 2 konfigurasi/penggunaan salah.")
	fs.StringVar(&o.format, "format", "text", "bentuk keluaran: text, github (anotasi GitHub Actions) atau json")
	fs.StringVar(&o.base, "base", "", "cabang, tag atau commit dasar (misalnya origin/main) untuk aturan riwayat ralat")
	if code, done := parseFlags(fs, args); done {
		return o, code, true
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.Err, "warta check: argumen tidak dikenal: %s\n", strings.Join(fs.Args(), " "))
		return o, ExitUsage, true
	}
	switch o.format {
	case "text", "github", "json":
	default:
		fmt.Fprintf(e.Err, "warta check: --format harus text, github atau json, bukan %q\n", o.format)
		return o, ExitUsage, true
	}
	return o, 0, false
}

func runCheck(ctx context.Context, e *Env, args []string) int {
	o, code, done := parseCheck(e, args)
	if done {
		return code
	}
	fsys := os.DirFS(e.Root)
	cfg, probs, ok := e.loadConfig(fsys)
	if !ok {
		return ExitUsage
	}
	configBroken := article.HasErrors(probs)
	// Independent of the config: a go.work or vendor/ is refused even when
	// the config is broken too, so one run names both.
	gprobs, err := content.CheckGoModule(ctx, fsys)
	if err != nil {
		fmt.Fprintf(e.Err, "warta check: repositori tidak dapat diperiksa: %v\n", err)
		return ExitUsage
	}
	probs = append(probs, gprobs...)
	articles, pages := 0, 0
	if !configBroken {
		set, cprobs, err := content.Load(ctx, fsys, cfg, content.Options{Inspect: true})
		if err != nil {
			fmt.Fprintf(e.Err, "warta check: folder content/ tidak dapat dibaca: %v\n", err)
			return ExitUsage
		}
		probs = append(probs, cprobs...)
		probs = append(probs, content.CheckCodeowners(fsys, cfg)...)
		probs = append(probs, content.CheckFutureCorrections(set, e.Now(), cfg.Location)...)
		hprobs, code := e.checkHistory(ctx, o.base, fsys, set, cfg)
		if code != ExitOK {
			return code
		}
		probs = append(probs, hprobs...)
		probs = append(probs, cfg.FileProblems(fsys)...)
		articles, pages = len(set.Articles)+len(set.Rejected), len(set.Pages) // a rejected page counts as an article
	}
	article.SortProblems(probs)
	errs, warns := 0, 0
	for _, p := range probs {
		if p.Severity == article.Error {
			errs++
		} else {
			warns++
		}
	}
	switch o.format {
	case "json":
		out := struct {
			Articles int               `json:"articles"`
			Pages    int               `json:"pages"`
			Errors   int               `json:"errors"`
			Warnings int               `json:"warnings"`
			Problems []article.Problem `json:"problems"`
		}{articles, pages, errs, warns, probs}
		if out.Problems == nil {
			out.Problems = []article.Problem{}
		}
		enc := json.NewEncoder(e.Out)
		enc.SetIndent("", "  ")
		_ = enc.Encode(out)
	case "github":
		for _, p := range probs {
			fmt.Fprintln(e.Out, githubAnnotation(p))
		}
		fmt.Fprintf(e.Out, "warta check: %d berita, %d halaman; %d kesalahan, %d peringatan\n", articles, pages, errs, warns)
	default:
		for _, p := range probs {
			fmt.Fprintln(e.Out, p.String())
		}
		fmt.Fprintf(e.Out, "warta check: %d berita, %d halaman; %d kesalahan, %d peringatan\n", articles, pages, errs, warns)
	}
	switch {
	case configBroken:
		return ExitUsage
	case errs > 0:
		return ExitProblems
	}
	return ExitOK
}

// checkHistory runs the rules of DESIGN.md §10 that compare published
// articles with their version at base. Without base it says once, on
// stderr, that they were skipped.
func (e *Env) checkHistory(ctx context.Context, base string, fsys fs.FS, set *content.Set, cfg *config.Config) ([]article.Problem, int) {
	if base == "" {
		fmt.Fprintln(e.Err, "warta check: catatan: tanpa --base, aturan riwayat ralat (berita terbit yang diubah tanpa ralat, ralat yang dihapus atau diubah, pencabutan yang dibatalkan, folder yang dipindah tanpa alias) dilewati")
		return nil, ExitOK
	}
	bfs, cur, _, err := openBase(e.Root, base, fsys)
	if err != nil {
		e.Log.Debug("check: base not read", "base", base, "err", err)
		fmt.Fprintf(e.Err, "warta check: --base %s tidak dapat dibaca: %v\n    saran: beri cabang, tag atau commit yang ada di repositori ini; di workflow, ambil juga commit dasarnya (actions/checkout dengan fetch-depth: 2 untuk HEAD^1, atau 0 untuk origin/main)\n", base, err)
		return nil, ExitUsage
	}
	probs, err := content.CheckHistory(ctx, bfs, cur, set, cfg, e.Now())
	if err != nil {
		fmt.Fprintf(e.Err, "warta check: riwayat di %s tidak dapat dibaca: %v\n", base, err)
		return nil, ExitUsage
	}
	return probs, ExitOK
}

// githubAnnotation formats a problem as a workflow command, which GitHub
// shows inline on the pull request's diff.
// https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions#setting-an-error-message
func githubAnnotation(p article.Problem) string {
	var b strings.Builder
	b.WriteString("::")
	b.WriteString(p.Severity.String())
	b.WriteString(" file=")
	b.WriteString(escapeProperty(p.Pos.File))
	if p.Pos.Line > 0 {
		fmt.Fprintf(&b, ",line=%d", p.Pos.Line)
	}
	if p.Pos.Col > 0 {
		fmt.Fprintf(&b, ",col=%d", p.Pos.Col)
	}
	b.WriteString(",title=")
	b.WriteString(escapeProperty("warta " + p.Code))
	b.WriteString("::")
	msg := p.Msg
	if p.Hint != "" {
		msg += "\nsaran: " + p.Hint
	}
	b.WriteString(escapeData(msg))
	return b.String()
}

func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
