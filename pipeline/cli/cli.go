package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/kominfotik-lampung/warta/pipeline/ghclient"
	"github.com/kominfotik-lampung/warta/pipeline/secret"
)

// Exit codes of DESIGN.md §5.
const (
	// ExitOK: success.
	ExitOK = 0
	// ExitProblems: the work was done and found problems.
	ExitProblems = 1
	// ExitUsage: usage, configuration or environment error.
	ExitUsage = 2
)

// Stdio is the process's standard streams.
type Stdio struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
}

// Env is what every subcommand gets: streams, environment, repository root,
// clock and logger. Tests build one with fakes.
type Env struct {
	Stdio
	Getenv func(string) string
	// Root is the repository root (--root), absolute.
	Root string
	// Now is the clock; time.Now outside tests.
	Now func() time.Time
	// Log is for maintainers (English); staff read Out and Err.
	Log *slog.Logger
	// HTTPClient is used for every outside API; nil means a default client.
	HTTPClient *http.Client

	// github is the GITHUB_* environment, read once by Run.
	github githubEnv
}

// githubEnv is the GITHUB_* environment of a GitHub Actions run (or what
// staff set by hand), read in one place.
//
// GitHub docs: https://docs.github.com/actions/reference/workflows-and-actions/variables#default-environment-variables
type githubEnv struct {
	Token       secret.Secret // GITHUB_TOKEN
	Repository  string        // GITHUB_REPOSITORY, owner/name
	APIURL      string        // GITHUB_API_URL; empty: api.github.com
	ServerURL   string        // GITHUB_SERVER_URL, for links to the run
	EventPath   string        // GITHUB_EVENT_PATH, the event payload
	SHA         string        // GITHUB_SHA, the commit the run is for
	RunID       string        // GITHUB_RUN_ID
	StepSummary string        // GITHUB_STEP_SUMMARY, a file to append Markdown to
	Actor       string        // GITHUB_ACTOR, who started the run
}

func readGitHubEnv(getenv func(string) string) githubEnv {
	return githubEnv{
		Token:       secret.Secret(getenv("GITHUB_TOKEN")),
		Repository:  getenv("GITHUB_REPOSITORY"),
		APIURL:      getenv("GITHUB_API_URL"),
		ServerURL:   getenv("GITHUB_SERVER_URL"),
		EventPath:   getenv("GITHUB_EVENT_PATH"),
		SHA:         getenv("GITHUB_SHA"),
		RunID:       getenv("GITHUB_RUN_ID"),
		StepSummary: getenv("GITHUB_STEP_SUMMARY"),
		Actor:       getenv("GITHUB_ACTOR"),
	}
}

// client is a GitHub client for APIURL with Token; its error, a bad
// GITHUB_API_URL, is in Bahasa Indonesia.
func (g githubEnv) client(hc *http.Client) (*github.Client, error) {
	c, err := ghclient.New(g.APIURL, g.Token, hc)
	if err != nil {
		return nil, fmt.Errorf("GITHUB_API_URL %q bukan alamat API yang sah", g.APIURL)
	}
	return c, nil
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *Env, args []string) int
}

func commands() []command {
	return []command{
		{"new", "membuat kerangka naskah berita baru", runNew},
		{"check", "memeriksa konfigurasi, CODEOWNERS dan semua naskah", runCheck},
		{"build", "membangun situs ke public/", runBuild},
		{"serve", "membangun, menyajikan dan membangun ulang saat ada perubahan", runServe},
		{"gate", "menilai rantai persetujuan SOP sebuah pull request", runGate},
		{"publish", "memublikasikan berita yang siap ke Facebook, Instagram dan X", runPublish},
		{"report", "laporan waktu SOP", runReport},
		{"intake", "mengubah isu formulir naskah menjadi pull request; tautan formulir di isu penugasan", runIntake},
	}
}

// Main runs warta with args (without the program name) and returns the exit
// code. getenv reads the environment.
func Main(ctx context.Context, args []string, stdio Stdio, getenv func(string) string) int {
	e := &Env{Stdio: stdio, Getenv: getenv, Now: time.Now}
	return e.Run(ctx, args)
}

// Run takes the global --root flag out of args and dispatches to the
// subcommand. Fields of e left nil get their defaults.
func (e *Env) Run(ctx context.Context, args []string) int {
	root, args, err := extractRoot(args)
	if err != nil {
		fmt.Fprintf(e.Err, "warta: %v\n", err)
		return ExitUsage
	}
	if e.Now == nil {
		e.Now = time.Now
	}
	if e.Getenv == nil {
		e.Getenv = func(string) string { return "" }
	}
	if e.Log == nil {
		e.Log = newLogger(e.Err, e.Getenv)
	}
	e.github = readGitHubEnv(e.Getenv)
	if root == "" {
		root = "."
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		fmt.Fprintf(e.Err, "warta: --root %s: %v\n", root, err)
		return ExitUsage
	}
	e.Root = abs
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		e.usage(e.Out)
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, e, args[1:])
		}
	}
	fmt.Fprintf(e.Err, "warta: perintah %q tidak dikenal\n", args[0])
	e.usage(e.Err)
	return ExitUsage
}

func (e *Env) usage(w io.Writer) {
	fmt.Fprintln(w, "Penggunaan: warta [--root DIR] <perintah> [opsi]")
	fmt.Fprintln(w, "\nPerintah:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nJalankan `warta <perintah> --help` untuk opsi tiap perintah.")
}

// extractRoot removes the global --root flag wherever it stands before "--".
func extractRoot(args []string) (string, []string, error) {
	var root string
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		switch {
		case a == "--root" || a == "-root":
			if i+1 >= len(args) {
				return "", nil, errors.New("--root memerlukan nama folder")
			}
			root = args[i+1]
			i++
		case strings.HasPrefix(a, "--root=") || strings.HasPrefix(a, "-root="):
			root = a[strings.Index(a, "=")+1:]
		default:
			rest = append(rest, a)
		}
	}
	return root, rest, nil
}

// newFlags builds a subcommand's flag set writing to stderr, with a usage
// line in Bahasa Indonesia.
func (e *Env) newFlags(name, synopsis, about string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.Err)
	fs.Usage = func() {
		fmt.Fprintf(e.Err, "Penggunaan: warta %s %s\n\n%s\n\nOpsi:\n", name, synopsis, about)
		fs.PrintDefaults()
		fmt.Fprintln(e.Err, "  --root DIR\n    \tfolder repositori (bawaan: folder saat ini)")
	}
	return fs
}

// parseFlags parses args; it returns done=true with the exit code when the
// command must stop (help asked: 0, bad usage: 2).
func parseFlags(fs *flag.FlagSet, args []string) (code int, done bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK, true
		}
		return ExitUsage, true
	}
	return 0, false
}

// newLogger logs warnings and errors (all levels with WARTA_DEBUG set), as
// JSON under CI=true and as text on a terminal.
func newLogger(w io.Writer, getenv func(string) string) *slog.Logger {
	opts := &slog.HandlerOptions{Level: slog.LevelWarn}
	if getenv("WARTA_DEBUG") != "" {
		opts.Level = slog.LevelDebug
	}
	if getenv("CI") == "true" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// path joins the repository root and a slash-separated repository path.
func (e *Env) path(p string) string { return filepath.Join(e.Root, filepath.FromSlash(p)) }
