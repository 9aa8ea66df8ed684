package content

import (
	"bytes"
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/config"
)

// FuzzFrontMatter feeds arbitrary files through the whole article loader:
// it must never panic, every problem must point into the file, and a loaded
// article must satisfy the invariants build and publish rely on.
func FuzzFrontMatter(f *testing.F) {
	f.Add(goodArticle)
	f.Add("---\ntitle: [\n---\n")
	f.Add("---\n---\n")
	f.Add("---\r\ntitle: a\r\n---\r\nbody")
	f.Add("\xef\xbb\xbf---\ntitle: x\ndate: 2026-01-01\nimages: {src: a}\n---\n")
	f.Add("---\nimages:\n  - *a\n---\n")
	f.Add("---\na: &a [*a]\n---\n")
	f.Add("---\ntags: !!binary aGVsbG8=\nsocial: {x: [1]}\nassignment: 0x10\n---\n")
	// Issue 11: refused anchors, limits, comments that cut a value, YAML
	// syntax errors located by prefix, nesting of the body, aliases.
	f.Add("---\ntitle: &t Judul\nsummary: *t\n---\n")
	f.Add("---\ntitle: Pasar #Hebat di Baradatu\nimages:\n  - {src: foto.jpg, alt: a #b}\n---\n")
	f.Add("---\ntitle: a\n\tsummary: b\nactivity: @x\nlocation: \"tidak ditutup\n---\n")
	f.Add("---\ntitle: \"a\" b\nsummary: c: d\n---\n" + strings.Repeat("- ", 40) + "x\n")
	f.Add(goodArticle[:len(goodArticle)-len("Isi berita.\n")] + "> > - 1. [x](javascript:y)\n\n![a](b.jpg)\n")
	f.Add("---\ntitle: a\naliases: [/js/cari.js, \"/a b\", /A/, /a/, x]\ntags: [" + strings.Repeat("t,", 101) + "]\n---\n")
	cfg, _, err := config.Parse([]byte(testConfig), config.Path)
	if err != nil {
		f.Fatal(err)
	}
	const file = "content/berita/2026/11/25-jembatan/index.md"
	f.Fuzz(func(t *testing.T, src string) {
		fsys := fstest.MapFS{file: {Data: []byte(src)}, "content/berita/2026/11/25-jembatan/foto.jpg": {Data: []byte("not a jpeg")}}
		set, probs, err := Load(context.Background(), fsys, cfg, Options{Inspect: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range probs {
			if p.Pos.File != file || p.Code == "" || p.Msg == "" {
				t.Fatalf("bad problem %#v", p)
			}
		}
		errs := 0
		for _, p := range probs {
			if p.Severity == article.Error {
				errs++
			}
		}
		for _, a := range set.Articles {
			if a.Errors != errs {
				t.Fatalf("article counts %d errors, problems have %d", a.Errors, errs)
			}
			if a.Title == "" || a.Date.Equal(time.Time{}) {
				t.Fatalf("unrenderable article passed: %+v", a)
			}
			for _, img := range a.Images {
				if img.Width <= 0 || !fs.ValidPath(img.Src) {
					t.Fatalf("invalid image kept: %+v", img)
				}
			}
			if errs == 0 && (len(a.Images) == 0 || a.Images[0].Alt == "" || a.Summary == "") {
				t.Fatalf("article without errors lacks required fields: %+v", a)
			}
		}
	})
}

// FuzzBodyDepth holds bodyDepth to its promise: it never underestimates
// how deep goldmark nests list items and block quotes, so the cap it
// enforces holds whatever the body.
func FuzzBodyDepth(f *testing.F) {
	for _, s := range []string{"- a\n  - b\n", "> > x\n", "1. - > x\n", "- a\n\n      b\n  - c\n", "* * *\n",
		"-\ta\n\t-\tb\n", "> - a\n>   - b\n", "   - a\n      - b\n", "-\n  - b\n", "+ a\n +b\n"} {
		f.Add(s)
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	f.Fuzz(func(t *testing.T, body string) {
		if len(body) > 4096 {
			return
		}
		got, line := bodyDepth([]byte(body))
		if got < 0 || line < 0 || line > bytes.Count([]byte(body), []byte("\n"))+1 || (got > 0) != (line > 0) {
			t.Fatalf("bodyDepth = %d, line %d", got, line)
		}
		doc := md.Parser().Parse(text.NewReader([]byte(body)))
		deepest := 0
		var walk func(n ast.Node, d int)
		walk = func(n ast.Node, d int) {
			if n.Kind() == ast.KindListItem || n.Kind() == ast.KindBlockquote {
				d++
			}
			deepest = max(deepest, d)
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				walk(c, d)
			}
		}
		walk(doc, 0)
		if deepest > got {
			t.Fatalf("goldmark nests %d deep, bodyDepth says %d", deepest, got)
		}
	})
}
