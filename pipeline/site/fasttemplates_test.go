package site

import (
	"bytes"
	"html/template"
	"os"
	"path/filepath"
	"testing"
)

// The templates of the repository all compile with htmlexec: otherwise a
// build silently takes the slow html/template path for them.
func TestRepositoryTemplatesCompile(t *testing.T) {
	tpl, err := parseTemplates(os.DirFS(filepath.Join("..", "..", TemplatesDir)))
	if err != nil {
		t.Fatal(err)
	}
	for name, why := range tpl.slow {
		t.Errorf("template %s is not compiled: %v", name, why)
	}
	for _, name := range []string{"home", "article", "list", "terms", "page", "search", "404", "card", "alias"} {
		if tpl.fast[name] == nil {
			t.Errorf("template %s is not compiled", name)
		}
	}
}

// Every file of the fixture site and of the repository's sample site is the
// same whether the templates run compiled or on html/template.
func TestCompiledTemplatesMatchHTMLTemplate(t *testing.T) {
	for name, repo := range map[string]string{"fixture": fixture(t), "sample": filepath.Join("..", "..")} {
		t.Run(name, func(t *testing.T) {
			fast, slow := t.TempDir(), t.TempDir()
			build(t, repo, fast, testOptions())
			opt := testOptions()
			opt.htmlTemplateOnly = true
			build(t, repo, slow, opt)
			a, b := readTree(t, fast), readTree(t, slow)
			if len(a) != len(b) || len(a) < 20 {
				t.Fatalf("file counts: %d compiled, %d html/template", len(a), len(b))
			}
			for f, data := range b {
				if !bytes.Equal(a[f], data) {
					t.Errorf("%s differs between compiled and html/template", f)
				}
			}
		})
	}
}

// FuzzSiteTemplates renders every page template of the repository with
// fuzzed text and links through htmlexec and through html/template and
// compares: what a writer can put in front matter reaches these fields.
func FuzzSiteTemplates(f *testing.F) {
	for _, s := range []string{"Peresmian Jembatan", `<b>"&'+</b>`, "javascript:alert(1)", "/berita/a b/?q=1&r=2",
		"foto.jpg 480w, javascript:x 800w", "\u2028\x00\xff", "https://contoh.go.id/#x"} {
		f.Add(s, s+"!", 3)
	}
	tpl, err := parseTemplates(os.DirFS(filepath.Join("..", "..", TemplatesDir)))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s, u string, n int) {
		img := &imageView{Src: u, SrcSet: u + " 480w, " + s, Sizes: s, Width: n, Height: -n, Alt: s, Caption: s, Credit: u, Lazy: n%2 == 0}
		sum := &summaryView{Title: s, URL: u, DateText: s, DateISO: u, Summary: s, Activity: u, Location: s, LocationURL: u, Thumb: img, Draft: n%3 == 0}
		nav := []navItem{{"beranda", s, u}, {"arsip", u, s}, {"lokasi", s, "/lokasi/"}, {"tag", "Tag", u}}
		sv := &siteView{Title: s, Description: u, Home: u, CSS: u, SearchJS: s, SearchIndex: u, Search: s, Feed: u, FeedAbs: u, Year: n, Nav: nav}
		card, err := tpl.renderCard(sum)
		if err != nil {
			t.Skip()
		}
		sum.Card = card
		av := &articleView{Title: s, Summary: u, DateText: s, DateISO: u, Activity: s, Location: u, LocationURL: u,
			Images: []*imageView{img, img}, Tags: []termLink{{s, u, n}}, Authors: []authorView{{s, u}}, Body: template.HTML(s), Draft: n%2 == 1}
		d := &pageData{Site: sv, Nav: []string{"", "arsip", "tag"}[((n%3)+3)%3], Title: s, Heading: u, Description: s, Path: u, Canonical: u,
			OGType: s, Image: &ogImage{URL: u, Width: n, Height: n, Alt: s}, JSONLD: &newsArticleLD{Headline: s, URL: u, Keywords: []string{s}},
			NoIndex: n%2 == 0, Published: u, Article: av, Body: template.HTML(u), Header: template.HTML(s), Footer: template.HTML(u),
			List: &listView{Intro: s, Items: []*summaryView{sum, sum}, Pager: pager{Current: 2, Total: 3, Prev: u, Next: s,
				Pages: []pageLink{{1, u, false, false}, {0, "", false, true}, {2, s, true, false}}}},
			Terms: &termsView{Intro: s, Groups: []termGroup{{s, []termLink{{s, u, n}}}}}}
		for name, p := range tpl.fast {
			var got, want bytes.Buffer
			var data any = d
			var slow func() error
			switch name {
			case "card":
				data, slow = sum, func() error { return tpl.chrome.ExecuteTemplate(&want, "card", sum) }
			case "alias":
				ad := &aliasData{Title: s, Target: u, Canonical: u}
				data, slow = ad, func() error { return tpl.alias.Execute(&want, ad) }
			default:
				slow = func() error { return tpl.pages[name].ExecuteTemplate(&want, "base", d) }
			}
			wantErr := slow()
			if err := p.Execute(&got, data); err != nil {
				// No nil pointers here, nor HTML in attributes: a
				// fallback would mean the fast path went unused.
				t.Fatalf("%s fell back to html/template: %v", name, err)
			}
			if wantErr != nil {
				t.Fatalf("%s: html/template failed (%v), htmlexec did not", name, wantErr)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Fatalf("%s differs for %q, %q, %d", name, s, u, n)
			}
		}
	})
}
