package e2e

import (
	"bytes"
	"io/fs"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/cli"
	"github.com/kominfotik-lampung/warta/pipeline/config"
	"github.com/kominfotik-lampung/warta/pipeline/content"
)

// URL shapes of the built site (DESIGN.md §3 and issue #7).
var (
	articleRe  = regexp.MustCompile(`^/berita/\d{4}/\d{2}/\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*/$`)
	tagRe      = regexp.MustCompile(`^/tag/[^/]+/$`)
	locationRe = regexp.MustCompile(`^/lokasi/[^/]+/$`)
	archiveRe  = regexp.MustCompile(`^/arsip/$`)
	monthRe    = regexp.MustCompile(`^/arsip/\d{4}/\d{2}/$`)
	homeRe     = regexp.MustCompile(`^/$`)
	page2Re    = regexp.MustCompile(`^/page/2/$`)
)

// notFoundPath is a path no build ever writes; the server answers it with
// 404.html.
const notFoundPath = "/e2e-halaman-yang-tidak-ada/"

// suite is one built and served sample site plus the tools that check it.
// TestSite makes it once and runs every check as a subtest against it.
type suite struct {
	root  string // repository root
	out   string // the built site
	base  string // http://127.0.0.1:port, no trailing slash
	tools tools
	cfg   *config.Config
	// articles are the news articles the build publishes, newest first.
	articles []*article.Article
	// withheld are drafts and embargoed articles: never on the site.
	withheld []*article.Article
	// retracted are published articles withdrawn (DESIGN.md §10): a
	// notice at their URL, on no list.
	retracted []*article.Article
	// artifacts is .ci/e2e/artifacts below root: screenshots and reports.
	artifacts string
	browser   *browser
}

// tools are the programs and npm files the suite drives.
type tools struct {
	chromium   string
	java       string
	node       string
	vnu        string // vnu.jar
	axe        string // axe.min.js
	lighthouse string // lighthouse's CLI entry point
}

func TestSite(t *testing.T) {
	if os.Getenv("WARTA_E2E") == "" {
		t.Skip("browser suite: set WARTA_E2E=1 (or run .ci/e2e/run)")
	}
	s := newSuite(t)
	t.Run("navigation", s.testNavigation)
	t.Run("search", s.testSearch)
	t.Run("html", s.testHTML)
	t.Run("axe", s.testAxe)
	t.Run("links", s.testLinks)
	t.Run("metadata", s.testMetadata)
	t.Run("feeds", s.testFeeds)
	t.Run("withheld", s.testWithheld)
	t.Run("corrections", s.testCorrections)
	t.Run("screenshots", s.testScreenshots)
	t.Run("lighthouse", s.testLighthouse)
}

func newSuite(t *testing.T) *suite {
	t.Helper()
	root := repoRoot(t)
	s := &suite{
		root:      root,
		tools:     findTools(t, root),
		artifacts: filepath.Join(root, ".ci", "e2e", "artifacts"),
	}
	if err := os.MkdirAll(s.artifacts, 0o755); err != nil {
		t.Fatalf("artifacts folder: %v", err)
	}
	s.loadContent(t)
	s.out = t.TempDir()
	s.build(t)
	srv := httptest.NewServer(newStaticHandler(s.out))
	t.Cleanup(srv.Close)
	s.base = srv.URL
	s.browser = startBrowser(t, s.tools.chromium, s.base)
	return s
}

// repoRoot walks up from the package folder to the folder holding go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}

// findTools fails the test for every tool that is missing: with WARTA_E2E
// set, a machine without the tools must not pass by skipping.
func findTools(t *testing.T, root string) tools {
	t.Helper()
	nm := filepath.Join(root, ".ci", "e2e", "node_modules")
	tl := tools{
		vnu:        filepath.Join(nm, "vnu-jar", "build", "dist", "vnu.jar"),
		axe:        filepath.Join(nm, "axe-core", "axe.min.js"),
		lighthouse: filepath.Join(nm, "lighthouse", "cli", "index.js"),
	}
	missing := 0
	for _, f := range []string{tl.vnu, tl.axe, tl.lighthouse} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("tool missing: %s (run `npm ci` in .ci/e2e, or .ci/e2e/run)", f)
			missing++
		}
	}
	look := func(name, pkg string, candidates ...string) string {
		for _, c := range candidates {
			if p, err := exec.LookPath(c); err == nil {
				return p
			}
		}
		t.Errorf("tool missing: %s (apt-get install %s, or run .ci/e2e/run)", name, pkg)
		missing++
		return ""
	}
	tl.chromium = look("chromium", "chromium", "/usr/bin/chromium", "chromium")
	tl.java = look("java", "default-jre-headless", "java")
	tl.node = look("node", "nodejs", "node")
	if missing > 0 {
		t.FailNow()
	}
	return tl
}

// loadContent reads the config and the articles the build is expected to
// publish, so the checks can compare pages with their sources.
func (s *suite) loadContent(t *testing.T) {
	t.Helper()
	fsys := os.DirFS(s.root)
	cfg, probs, err := config.Load(fsys)
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	for _, p := range probs {
		if p.Severity == article.Error {
			t.Fatalf("config: %v", p)
		}
	}
	set, _, err := content.Load(t.Context(), fsys, cfg, content.Options{})
	if err != nil {
		t.Fatalf("content: %v", err)
	}
	now := time.Now()
	for _, a := range set.Articles {
		switch {
		case a.Due(now) && a.Retracted():
			s.retracted = append(s.retracted, a)
		case a.Due(now):
			s.articles = append(s.articles, a)
		default:
			s.withheld = append(s.withheld, a)
		}
	}
	if len(s.articles) == 0 {
		t.Fatal("the sample newsroom has no published article under content/berita")
	}
	s.cfg = cfg
}

// build renders the sample site with the real CLI, as CI does.
func (s *suite) build(t *testing.T) {
	t.Helper()
	var out bytes.Buffer
	stdio := cli.Stdio{In: strings.NewReader(""), Out: &out, Err: &out}
	code := cli.Main(t.Context(), []string{"--root", s.root, "build", "--out", s.out}, stdio, func(string) string { return "" })
	if code != cli.ExitOK {
		t.Fatalf("warta build --out %s: exit %d\n%s", s.out, code, out.String())
	}
	if _, err := os.Stat(filepath.Join(s.out, "index.html")); err != nil {
		t.Fatalf("warta build wrote no index.html: %v\n%s", err, out.String())
	}
}

// fileFor maps a site path ("/berita/x/", "/index.xml") to the built file,
// as the static server does; ok is false when no such file exists.
func (s *suite) fileFor(p string) (string, bool) {
	name := filepath.Join(s.out, filepath.FromSlash(strings.TrimPrefix(p, "/")))
	if !strings.HasPrefix(name, s.out) {
		return "", false
	}
	fi, err := os.Stat(name)
	if err == nil && fi.IsDir() {
		name = filepath.Join(name, "index.html")
		fi, err = os.Stat(name)
	}
	if err != nil || fi.IsDir() {
		return "", false
	}
	return name, true
}

// sitePath turns an absolute URL on base_url's origin into a site path;
// ok is false for any other origin.
func (s *suite) sitePath(raw string) (string, bool) {
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() {
		return "", false
	}
	base, err := url.Parse(s.cfg.Site.BaseURL)
	if err != nil {
		return "", false
	}
	if u.Scheme != base.Scheme || u.Host != base.Host || !strings.HasPrefix(u.Path, base.Path) {
		return "", false
	}
	return "/" + strings.TrimPrefix(u.Path, base.Path), true
}

// htmlPages lists every built .html file as its site path ("/", "/arsip/",
// "/404.html").
func (s *suite) htmlPages(t *testing.T) []string {
	t.Helper()
	var pages []string
	err := filepath.WalkDir(s.out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, err := filepath.Rel(s.out, p)
		if err != nil {
			return err
		}
		pages = append(pages, pageOfFile(filepath.ToSlash(rel)))
		return nil
	})
	if err != nil {
		t.Fatalf("walk %s: %v", s.out, err)
	}
	if len(pages) == 0 {
		t.Fatal("the build wrote no HTML page")
	}
	return pages
}

// pageOfFile is the site path of a built file given relative to the output
// folder: "berita/x/index.html" → "/berita/x/".
func pageOfFile(rel string) string {
	if rel == "index.html" {
		return "/"
	}
	if strings.HasSuffix(rel, "/index.html") {
		return "/" + strings.TrimSuffix(rel, "index.html")
	}
	return "/" + rel
}

// pathOf is the path of a URL the browser reports, for messages.
func pathOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Path == "" {
		return raw
	}
	return u.Path
}
