package e2e

import (
	"strings"
	"testing"
)

// testLinks reads every built page and resolves every URL it refers to:
// links and resources on the site must exist in the build, resources
// (images, scripts, styles, icons) must come from the site itself, and the
// canonical link must be absolute on base_url.
func (s *suite) testLinks(t *testing.T) {
	pages := s.htmlPages(t)
	checked, external := 0, 0
	missing := map[string]bool{}
	for _, p := range pages {
		pg := s.parsePage(t, p)
		if pg == nil {
			continue
		}
		for _, r := range pg.refs {
			vals := []string{r.val}
			if r.attr == "srcset" {
				vals = srcsetURLs(r.val)
			}
			for _, v := range vals {
				checked++
				rule, ok := s.checkRef(p, r, v)
				if ok {
					continue
				}
				if rule == "external" {
					external++
					continue
				}
				if key := p + rule + v; !missing[key] {
					missing[key] = true
					t.Errorf("%s: %s: <%s %s=%q>", p, rule, r.tag, r.attr, v)
				}
			}
		}
	}
	t.Logf("links: %d pages, %d references checked, %d links to other sites", len(pages), checked, external)
}

// checkRef judges one reference of page p; rule names what is wrong.
func (s *suite) checkRef(p string, r ref, v string) (rule string, ok bool) {
	low := strings.ToLower(strings.TrimSpace(v))
	for _, scheme := range []string{"mailto:", "tel:", "data:"} {
		if strings.HasPrefix(low, scheme) {
			return "", true
		}
	}
	if strings.HasPrefix(low, "javascript:") {
		return "javascript: URL", false
	}
	resource := r.tag != "a" && !(r.tag == "link" && (r.rel == "canonical" || r.rel == "alternate"))
	if r.tag == "link" && r.rel == "canonical" {
		if _, onBase := s.sitePath(v); !onBase {
			return "canonical link not absolute on base_url " + s.cfg.Site.BaseURL, false
		}
	}
	sp, same := s.resolve(p, v)
	if !same {
		if strings.HasPrefix(low, "#") {
			return "", true
		}
		if resource {
			return "resource from another origin (readers' browsers would leave the site)", false
		}
		return "external", false
	}
	if _, exists := s.fileFor(sp); !exists {
		return "broken link (no such file in the build)", false
	}
	return "", true
}
