package gate_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/gate"
)

// TestCommentEscapesPRText (issue 11 item 9): what a PR controls (title,
// folder, photo name, reasons naming logins) shows as text in the gate's
// comment: no HTML, no links, no mentions, no broken table or heading.
func TestCommentEscapesPRText(t *testing.T) {
	const hostile = "Banjir <img src=x onerror=alert(1)> [klik](javascript:alert(1)) @kabid1 `kode` a|b <!-- warta:gate -->\nbaris ![i](https://x/p.png) &lt; $x$"
	cfg := loadConfig(t, TeamRoles)
	v := &gate.Verdict{
		State: gate.Pending, Description: hostile, TouchesContent: true, Author: "staf1", Created: t0,
		Reasons:     []string{hostile},
		ContentNote: hostile,
		Articles: []*article.Article{{
			ID: "berita/2026/11/25-`x`", File: "content/berita/2026/11/25-x/index.md", Title: hostile,
			Date:   t0,
			Images: []article.Image{{Src: "f`</code></summary><img src=x onerror=alert(1)>.png", Alt: "foto"}},
		}},
	}
	body := gate.Comment(v, cfg, t0.Add(time.Hour))
	if !strings.HasPrefix(body, gate.Marker) {
		t.Errorf("the comment must start with the marker")
	}
	// Markup that would render, i.e. not preceded by a backslash; the
	// marker itself at byte 0 is the one allowed HTML comment.
	for _, bad := range []string{`<img`, `\]\(javascript`, `\[klik`, "@kabid1", "`kode", `a\|b`, `<!--`, `!\[i`, `\$x`, `&lt;`, "\nbaris"} {
		re := regexp.MustCompile(`(^|[^\\])` + bad)
		for _, m := range re.FindAllStringIndex(body, -1) {
			at := m[0]
			if bad == `<!--` && at == 0 || insideFence(body, at) {
				continue // the marker; the social previews are code, not markup
			}
			if bad == `&lt;` && strings.Contains(body[max(0, at-60):at], "<code>") {
				continue // HTML-escaped inside the HTML summary: the right escape there
			}
			t.Errorf("unescaped %q at byte %d: …%s…", bad, at, body[max(0, at-40):min(len(body), at+40)])
		}
	}
	for _, want := range []string{
		`#### Banjir \<img src=x onerror=alert(1)\> \[klik\](javascript:alert(1)) @` + "\u200b" + `kabid1 \` + "`kode\\`" + ` a\|b \<\!-- warta:gate --\> baris \!\[i\](https://x/p.png) \&lt; \$x\$`,
		"\n\n`` berita/2026/11/25-`x` ``\n",
		"foto: <code>f`&lt;/code&gt;&lt;/summary&gt;&lt;img src=x onerror=alert(1)&gt;.png</code>",
		"- Banjir \\<img",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("comment lacks %q", want)
		}
	}
	// Every table row still has its 8 borders.
	for _, line := range strings.Split(body, "\n") {
		if strings.HasPrefix(line, "| ") {
			if n := strings.Count(line, "|") - strings.Count(line, `\|`); n != 8 {
				t.Errorf("table row with %d borders: %s", n, line)
			}
		}
	}
	if t.Failed() {
		t.Log(body)
	}
}

// insideFence reports whether byte i of a Markdown body is inside a fenced
// code block (a line opening with three or more backticks and the line
// closing it with the same run).
func insideFence(body string, i int) bool {
	open := ""
	pos := 0
	for _, line := range strings.SplitAfter(body, "\n") {
		if pos > i {
			break
		}
		trim := strings.TrimRight(line, "\n")
		run := len(trim) - len(strings.TrimLeft(trim, "`"))
		switch {
		case open == "" && run >= 3:
			open = trim[:run]
		case open != "" && trim == open:
			open = ""
		}
		pos += len(line)
		if pos > i {
			return open != "" && !strings.HasPrefix(trim, "```")
		}
	}
	return false
}

// TestCommentShowsCorrection (issue 14): a correction PR's comment shows
// the newest correction as each platform will get it (the text publish
// sends), and a retraction says the posts will be deleted.
func TestCommentShowsCorrection(t *testing.T) {
	cfg := loadConfig(t, TeamRoles)
	a := &article.Article{ID: "berita/2026/11/25-x", File: "content/berita/2026/11/25-x/index.md", Title: "Jembatan", Date: t0,
		Corrections: []article.Correction{
			{Date: t0.Add(time.Hour), Kind: article.Ralat, Note: "Catatan lama."},
			{Date: t0.Add(2 * time.Hour), Kind: article.HakJawab, Note: "Tanggapan kontraktor: pekerjaan selesai Desember."},
		}}
	v := &gate.Verdict{State: gate.Pending, TouchesContent: true, Author: "staf1", Created: t0, Articles: []*article.Article{a}}
	body := gate.Comment(v, cfg, t0.Add(3*time.Hour))
	url := cfg.ArticleURL(a.URLPath())
	if !cfg.Social.Enabled(article.X) || !cfg.Social.Enabled(article.Facebook) {
		t.Fatal("the test config must enable the platforms")
	}
	for _, p := range article.Platforms {
		if !cfg.Social.Enabled(p) {
			continue
		}
		if text := article.CorrectionText(a.Corrections[1], p, url, cfg.Social.Options()); !strings.Contains(body, text) {
			t.Errorf("comment lacks the %s text %q", p, text)
		}
	}
	if !strings.Contains(body, "**Hak jawab #2** (terbaru)") || strings.Contains(body, "Catatan lama") {
		t.Errorf("comment must preview correction #2 only:\n%s", body)
	}
	a.Retraction = &article.Retraction{Date: t0.Add(4 * time.Hour), Reason: "Dicabut atas permintaan narasumber."}
	body = gate.Comment(v, cfg, t0.Add(5*time.Hour))
	if !strings.Contains(body, "**Pencabutan**: berita ini dicabut (Dicabut atas permintaan narasumber.)") ||
		strings.Contains(body, "Hak jawab #2") {
		t.Errorf("retraction comment:\n%s", body)
	}
}
