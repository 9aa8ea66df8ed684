package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// vnuReport is the JSON the Nu HTML Checker writes with --format json.
type vnuReport struct {
	Messages []struct {
		Type     string `json:"type"`    // "error", "info", "non-document-error"
		SubType  string `json:"subType"` // "warning", "fatal", "io", ...
		URL      string `json:"url"`
		LastLine int    `json:"lastLine"`
		Message  string `json:"message"`
		Extract  string `json:"extract"`
	} `json:"messages"`
}

// vnuMaxPerPage caps the errors printed per page: one broken template
// repeats the same errors on every page it renders.
const vnuMaxPerPage = 8

// vnuMaxShown caps the errors printed in all.
const vnuMaxShown = 40

// testHTML runs the Nu HTML Checker over every HTML page of the build.
func (s *suite) testHTML(t *testing.T) {
	pages := s.htmlPages(t)
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, s.tools.java, "-jar", s.tools.vnu, "--format", "json", "--skip-non-html", s.out)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run() // exits 1 when it found errors; the report says which
	var rep vnuReport
	if err := json.Unmarshal(stderr.Bytes(), &rep); err != nil {
		t.Fatalf("vnu: %v; unreadable report (%v):\n%s%s", runErr, err, stderr.String(), stdout.String())
	}
	errs, warns, printed := 0, 0, 0
	perPage := map[string]int{}
	for _, m := range rep.Messages {
		page := s.pageOfFileURL(m.URL)
		switch {
		case m.Type == "error" || m.Type == "non-document-error":
			errs++
			perPage[page]++
			if perPage[page] <= vnuMaxPerPage && printed < vnuMaxShown {
				printed++
				t.Errorf("%s: vnu: line %d: %s [%s]", page, m.LastLine, m.Message, norm(m.Extract))
			}
		case m.SubType == "warning":
			warns++
			t.Logf("%s: vnu warning: line %d: %s", page, m.LastLine, m.Message)
		}
	}
	if errs > printed {
		t.Errorf("vnu: %d more errors not shown; pages with errors: %s", errs-printed, strings.Join(slices.Sorted(maps.Keys(perPage)), " "))
	}
	t.Logf("vnu: %d HTML pages checked: %d errors, %d warnings", len(pages), errs, warns)
	if errs == 0 && runErr != nil {
		t.Errorf("vnu: %v without reporting an error:\n%s", runErr, stdout.String())
	}
}

// pageOfFileURL turns vnu's file: URL of a built page into its site path.
func (s *suite) pageOfFileURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "file" {
		return raw
	}
	rel, err := filepath.Rel(s.out, filepath.FromSlash(u.Path))
	if err != nil || strings.HasPrefix(rel, "..") {
		return raw
	}
	return pageOfFile(filepath.ToSlash(rel))
}

// axeTags are the WCAG 2.1 A and AA rules issue #7 asks for.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// axeViolation is what the suite keeps of one axe-core violation.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
	Detail string   `json:"detail"`
}

// testAxe runs axe-core on one page of each kind: home, an article, a tag,
// a location, the archive, the search page, the 404 page, a corrected and
// a retracted article and /ralat/.
func (s *suite) testAxe(t *testing.T) {
	src, err := os.ReadFile(s.tools.axe)
	if err != nil {
		t.Fatalf("axe-core: %v", err)
	}
	tags, _ := json.Marshal(axeTags)
	run := fmt.Sprintf(`axe.run(document, {runOnly: {type: 'tag', values: %s}, resultTypes: ['violations']}).then(r => r.violations.map(v => ({
		id: v.id, impact: v.impact || '', help: v.help,
		nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')),
		detail: (v.nodes[0] && v.nodes[0].failureSummary || '').split('\n').slice(0, 3).join(' '),
	})))`, tags)
	tb := s.browser.newTab(t)
	pages := s.samplePages(t)
	total := 0
	for _, pg := range pages {
		status := int64(200)
		if pg.path == notFoundPath {
			status = 404
		}
		if !tb.open(t, pg.path, status) {
			continue
		}
		ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
		err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](string(src)))
		var violations []axeViolation
		if err == nil {
			violations, err = chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](run, chromedp.EvalAwaitPromise))
		}
		cancel()
		if err != nil {
			t.Errorf("%s: axe: %v", pg.path, err)
			continue
		}
		tb.check(t)
		t.Logf("axe %-10s %s: %d violations", pg.kind, pg.path, len(violations))
		total += len(violations)
		for _, v := range violations {
			t.Errorf("%s: axe %s (%s): %s; at %s; %s", pg.path, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, ", "), norm(v.Detail))
		}
	}
	t.Logf("axe: %d pages, %d violations", len(pages), total)
}

// samplePage is one page of a kind, for the checks that look at a sample.
type samplePage struct{ kind, path string }

// samplePages finds, in the built HTML, one page of each kind: the newest
// article and the first tag and location it links to.
func (s *suite) samplePages(t *testing.T) []samplePage {
	t.Helper()
	art := s.articles[0].URLPath()
	pages := []samplePage{{"home", "/"}, {"article", art}}
	links := s.linksOf(t, art)
	for _, k := range []struct {
		kind string
		re   interface{ MatchString(string) bool }
	}{{"tag", tagRe}, {"location", locationRe}} {
		found := ""
		for _, l := range links {
			if k.re.MatchString(l) {
				found = l
				break
			}
		}
		if found == "" {
			t.Errorf("%s: links to no %s page", art, k.kind)
			continue
		}
		pages = append(pages, samplePage{k.kind, found})
	}
	pages = append(pages, samplePage{"archive", "/arsip/"}, samplePage{"search", "/cari/"}, samplePage{"404", notFoundPath})
	return append(pages, s.correctionPages()...)
}

// linksOf lists the site paths the built page p links to, in order, each once.
func (s *suite) linksOf(t *testing.T, p string) []string {
	t.Helper()
	doc := s.parsePage(t, p)
	if doc == nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, r := range doc.refs {
		if r.attr != "href" || r.tag != "a" {
			continue
		}
		sp, ok := s.resolve(p, r.val)
		if ok && !seen[sp] {
			seen[sp] = true
			out = append(out, sp)
		}
	}
	return out
}
