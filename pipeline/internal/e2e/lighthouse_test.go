package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// lhCategories are the Lighthouse categories graded, in report order.
var lhCategories = []string{"performance", "accessibility", "best-practices", "seo"}

// lhMinScore is the lowest score (0–100) issue #7 accepts per category.
const lhMinScore = 95

// lhRuns is how many runs decide a performance score that misses on the
// first try: the median of three, as Lighthouse's docs on variability advise
// for a shared machine.
const lhRuns = 3

// lhReport is the part of Lighthouse's JSON report the suite reads.
type lhReport struct {
	LighthouseVersion string `json:"lighthouseVersion"`
	RuntimeError      *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"runtimeError"`
	RunWarnings []string `json:"runWarnings"`
	Categories  map[string]struct {
		Score     *float64 `json:"score"`
		AuditRefs []struct {
			ID     string  `json:"id"`
			Weight float64 `json:"weight"`
		} `json:"auditRefs"`
	} `json:"categories"`
	Audits map[string]struct {
		Title            string   `json:"title"`
		Score            *float64 `json:"score"`
		ScoreDisplayMode string   `json:"scoreDisplayMode"`
		DisplayValue     string   `json:"displayValue"`
	} `json:"audits"`
}

// score is a category's score 0–100; -1 when Lighthouse gave none.
func (r *lhReport) score(cat string) int {
	c, ok := r.Categories[cat]
	if !ok || c.Score == nil {
		return -1
	}
	return int(math.Round(*c.Score * 100))
}

// failing names the weighted audits of a category that did not pass fully.
func (r *lhReport) failing(cat string) []string {
	var out []string
	for _, ref := range r.Categories[cat].AuditRefs {
		a, ok := r.Audits[ref.ID]
		if !ok || ref.Weight == 0 || a.Score == nil || *a.Score >= 1 {
			continue
		}
		s := fmt.Sprintf("%s %.2f", ref.ID, *a.Score)
		if a.DisplayValue != "" {
			s += " (" + a.DisplayValue + ")"
		}
		out = append(out, s)
	}
	return out
}

// testLighthouse grades the home page, the newest article and the pages of
// corrections (correctionPages) with the Lighthouse CLI (mobile preset, its
// own Chromium) and writes the scores to .ci/e2e/artifacts/lighthouse.md.
func (s *suite) testLighthouse(t *testing.T) {
	pages := append([]samplePage{{"home", "/"}, {"article", s.articles[0].URLPath()}}, s.correctionPages()...)
	var summary strings.Builder
	fmt.Fprintf(&summary, "| page | %s |\n|---|---|---|---|---|\n", strings.Join(lhCategories, " | "))
	for _, pg := range pages {
		rep := s.lighthouse(t, pg)
		if rep == nil {
			continue
		}
		scores := make([]int, len(lhCategories))
		for i, c := range lhCategories {
			scores[i] = rep.score(c)
		}
		if scores[0] < lhMinScore && scores[0] >= 0 {
			perf := []int{scores[0]}
			for len(perf) < lhRuns {
				again := s.lighthouse(t, pg)
				if again == nil {
					break
				}
				perf = append(perf, again.score("performance"))
			}
			sort.Ints(perf)
			t.Logf("%s: lighthouse performance over %d runs: %v", pg.path, len(perf), perf)
			scores[0] = perf[len(perf)/2]
		}
		var line []string
		for i, c := range lhCategories {
			line = append(line, fmt.Sprintf("%s %d", c, scores[i]))
			if c == "seo" && pg.kind == "retracted" {
				// noindex by design (DESIGN.md §10): Lighthouse's
				// is-crawlable audit fails it on purpose.
				continue
			}
			if scores[i] < lhMinScore {
				t.Errorf("%s: lighthouse %s %d < %d: %s", pg.path, c, scores[i], lhMinScore, strings.Join(rep.failing(c), "; "))
			}
		}
		t.Logf("lighthouse %s %s: %s", pg.kind, pg.path, strings.Join(line, ", "))
		fmt.Fprintf(&summary, "| %s `%s` | %d | %d | %d | %d |\n", pg.kind, pg.path, scores[0], scores[1], scores[2], scores[3])
	}
	if err := os.WriteFile(s.artifact("lighthouse.md"), []byte(summary.String()), 0o644); err != nil {
		t.Error(err)
	}
}

// lighthouse runs the CLI once on a page; nil (and a test error) when the
// run failed.
func (s *suite) lighthouse(t *testing.T, pg samplePage) *lhReport {
	t.Helper()
	out := filepath.Join(t.TempDir(), "report.json")
	flags := chromiumFlags(t.TempDir())
	ctx, cancel := context.WithTimeout(t.Context(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, s.tools.node, s.tools.lighthouse, s.base+pg.path,
		"--output=json", "--output-path="+out,
		"--only-categories="+strings.Join(lhCategories, ","),
		"--chrome-flags="+strings.Join(flags, " "),
		"--quiet",
	)
	cmd.Env = append(slices.Clone(os.Environ()), "CHROME_PATH="+s.tools.chromium)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Run(); err != nil {
		t.Errorf("%s: lighthouse: %v\n%s", pg.path, err, stderr.String())
		return nil
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Errorf("%s: lighthouse report: %v", pg.path, err)
		return nil
	}
	var rep lhReport
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Errorf("%s: lighthouse report: %v", pg.path, err)
		return nil
	}
	if rep.RuntimeError != nil && rep.RuntimeError.Code != "" {
		t.Errorf("%s: lighthouse: %s: %s", pg.path, rep.RuntimeError.Code, rep.RuntimeError.Message)
		return nil
	}
	for _, w := range rep.RunWarnings {
		t.Logf("%s: lighthouse warning: %s", pg.path, w)
	}
	if err := os.WriteFile(s.artifact("lighthouse-"+pg.kind+".json"), data, 0o644); err != nil {
		t.Error(err)
	}
	return &rep
}
