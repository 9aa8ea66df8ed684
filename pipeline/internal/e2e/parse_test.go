package e2e

import (
	"net/url"
	"os"
	"path"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// ref is one URL a page refers to: <a href>, <img src>, <img srcset>, ...
type ref struct {
	tag, attr, val string
	rel            string // <link rel>
}

// htmlDoc is what the suite reads from a built HTML file.
type htmlDoc struct {
	refs   []ref
	metas  map[string]string // <meta property|name> → content; first wins
	jsonLD []string          // bodies of <script type="application/ld+json">
	imgs   []img
}

// img is one <img> (or <source>) of a page.
type img struct {
	src, srcset, alt string
	hasAlt           bool
}

// parsePage parses the built file of site path p; nil (and a test error)
// when it is missing or broken.
func (s *suite) parsePage(t *testing.T, p string) *htmlDoc {
	t.Helper()
	name, ok := s.fileFor(p)
	if !ok {
		t.Errorf("%s: no built file", p)
		return nil
	}
	f, err := os.Open(name)
	if err != nil {
		t.Errorf("%s: %v", p, err)
		return nil
	}
	defer f.Close()
	root, err := html.Parse(f)
	if err != nil {
		t.Errorf("%s: parse HTML: %v", p, err)
		return nil
	}
	pg := &htmlDoc{metas: map[string]string{}}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			pg.element(n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return pg
}

func (pg *htmlDoc) element(n *html.Node) {
	attr := func(k string) (string, bool) {
		for _, a := range n.Attr {
			if a.Key == k {
				return a.Val, true
			}
		}
		return "", false
	}
	add := func(a string) {
		if v, ok := attr(a); ok {
			rel, _ := attr("rel")
			pg.refs = append(pg.refs, ref{tag: n.Data, attr: a, val: v, rel: rel})
		}
	}
	switch n.Data {
	case "a", "link":
		add("href")
	case "img", "source":
		add("src")
		add("srcset")
		src, _ := attr("src")
		srcset, _ := attr("srcset")
		alt, hasAlt := attr("alt")
		pg.imgs = append(pg.imgs, img{src: src, srcset: srcset, alt: alt, hasAlt: hasAlt})
	case "script":
		add("src")
		if typ, _ := attr("type"); typ == "application/ld+json" && n.FirstChild != nil {
			pg.jsonLD = append(pg.jsonLD, n.FirstChild.Data)
		}
	case "meta":
		key, ok := attr("property")
		if !ok {
			key, _ = attr("name")
		}
		if c, ok := attr("content"); ok && key != "" {
			if _, dup := pg.metas[key]; !dup {
				pg.metas[key] = c
			}
		}
	}
}

// resolve turns a reference found on page p into a site path; ok is false
// for other origins and for schemes such as mailto:.
func (s *suite) resolve(p, raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" || strings.HasPrefix(raw, "#") {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", false
	}
	if u.IsAbs() || u.Host != "" {
		if u.Scheme == "" {
			u.Scheme = "https"
		}
		return s.sitePath(u.Scheme + "://" + u.Host + u.EscapedPath())
	}
	if u.Path == "" {
		return p, true
	}
	if strings.HasPrefix(u.Path, "/") {
		return u.Path, true
	}
	dir := p
	if !strings.HasSuffix(dir, "/") {
		dir = path.Dir(dir) + "/"
	}
	r := path.Join(dir, u.Path)
	if strings.HasSuffix(u.Path, "/") && !strings.HasSuffix(r, "/") {
		r += "/"
	}
	return r, true
}

// srcsetURLs are the URLs of a srcset attribute.
func srcsetURLs(v string) []string {
	var out []string
	for _, cand := range strings.Split(v, ",") {
		if f := strings.Fields(cand); len(f) > 0 {
			out = append(out, f[0])
		}
	}
	return out
}
