// Package markdown is goldmark configured once for warta: GFM, heading IDs,
// no raw HTML (never html.WithUnsafe), and links neutralised unless their
// scheme is http, https, mailto or tel, or they are relative.
package markdown

import (
	"bytes"
	"html"
	"io"
	"slices"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Renderer converts Markdown to safe HTML. It is safe for concurrent use.
type Renderer struct {
	md goldmark.Markdown
}

// New returns a Renderer.
func New() *Renderer {
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(linkGuard{}, 100)),
		),
	)
	return &Renderer{md: md}
}

// Result tells what a conversion met along the way.
type Result struct {
	// RawHTMLLines are the 1-based lines (of the converted source) holding raw
	// HTML, which is left out of the output.
	RawHTMLLines []int
	// UnsafeLinks counts links whose destination was neutralised.
	UnsafeLinks int
	// UnsafeLinkLines are the 1-based lines of those links, in order (0
	// where the parser kept no position).
	UnsafeLinkLines []int
	// LocalImages are the relative image destinations of the body
	// ("foto-2.jpg"), as written, in order.
	LocalImages []string
	// LocalImageLines are the 1-based lines of LocalImages, index by index.
	LocalImageLines []int
}

// Convert writes the HTML of src to w.
func (r *Renderer) Convert(src []byte, w io.Writer) (Result, error) {
	return r.ConvertWith(src, w, nil)
}

// ImageResolver maps a relative image destination of a body ("foto-2.jpg")
// to the URL to show instead; "" keeps the destination.
type ImageResolver func(dest string) string

// ConvertWith is Convert with body images resolved through resolve (nil:
// none), so a photo of the bundle shows as its derivative.
func (r *Renderer) ConvertWith(src []byte, w io.Writer, resolve ImageResolver) (Result, error) {
	ctx := parser.NewContext()
	if resolve != nil {
		ctx.Set(resolverKey, resolve)
	}
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	res := inspect(doc, src, ctx)
	if b, ok := w.(*bytes.Buffer); ok {
		// goldmark wraps any other writer in a new 4 KiB bufio.Writer.
		w = bufferWriter{b}
	}
	return res, r.md.Renderer().Render(w, src, doc)
}

// bufferWriter lets goldmark write straight into a bytes.Buffer.
type bufferWriter struct{ *bytes.Buffer }

func (bufferWriter) Buffered() int { return 0 }
func (bufferWriter) Flush() error  { return nil }

// Inspect parses src without rendering and reports raw HTML and unsafe links
// (for `warta check`).
func (r *Renderer) Inspect(src []byte) Result {
	ctx := parser.NewContext()
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	return inspect(doc, src, ctx)
}

func inspect(doc ast.Node, src []byte, ctx parser.Context) Result {
	var res Result
	lines := lineIndex{src: src}
	if offs, ok := ctx.Get(unsafeKey).([]int); ok {
		res.UnsafeLinks = len(offs)
		for _, o := range offs {
			res.UnsafeLinkLines = append(res.UnsafeLinkLines, lines.line(o))
		}
	}
	seen := map[int]bool{}
	add := func(offset int) {
		line := lines.line(offset)
		if !seen[line] {
			seen[line] = true
			res.RawHTMLLines = append(res.RawHTMLLines, line)
		}
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock:
			if n.Lines().Len() > 0 {
				add(n.Lines().At(0).Start)
			}
		case *ast.RawHTML:
			if n.Segments.Len() > 0 {
				add(n.Segments.At(0).Start)
			}
		case *ast.Image:
			d := string(n.Destination)
			if d != "#" && !strings.Contains(d, ":") && !strings.HasPrefix(d, "/") {
				res.LocalImages = append(res.LocalImages, d)
				res.LocalImageLines = append(res.LocalImageLines, lines.line(offsetOf(n)))
			}
		}
		return ast.WalkContinue, nil
	})
	return res
}

// lineIndex turns byte offsets of src into 1-based lines; the newlines
// are found once, on first use, so a body with many links stays linear.
type lineIndex struct {
	src []byte
	nl  []int // offsets of '\n'
}

// line returns the line of offset; a negative offset (no position) is 0.
func (x *lineIndex) line(offset int) int {
	if offset < 0 {
		return 0
	}
	if x.nl == nil {
		x.nl = []int{}
		for i, c := range x.src {
			if c == '\n' {
				x.nl = append(x.nl, i)
			}
		}
	}
	i, _ := slices.BinarySearch(x.nl, offset)
	return i + 1
}

// offsetOf is where n starts in the source: its own position, or that of
// its first text, or the first line of the block holding it; -1 if none.
func offsetOf(n ast.Node) int {
	if p := n.Pos(); p >= 0 {
		return p
	}
	for c := n.FirstChild(); c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			return t.Segment.Start
		}
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return -1
}

var (
	unsafeKey   = parser.NewContextKey()
	resolverKey = parser.NewContextKey()
)

// linkGuard rewrites link, image and autolink destinations with a scheme
// other than http, https, mailto or tel to "#". goldmark already blocks
// javascript:, but it lets data:image links through, and entity-encoded
// schemes slipped past it before 1.7.17 (CVE-2026-5160); warta keeps its own
// allow-list so a future parser change cannot reopen that.
type linkGuard struct{}

func (linkGuard) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	var unsafe []int // source offsets of the neutralised destinations
	resolve, _ := pc.Get(resolverKey).(ImageResolver)
	_ = ast.Walk(doc, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch l := node.(type) {
		case *ast.Link:
			if !SafeURL(string(l.Destination)) {
				unsafe = append(unsafe, offsetOf(l))
				l.Destination = []byte("#")
			}
		case *ast.Image:
			if !SafeURL(string(l.Destination)) {
				unsafe = append(unsafe, offsetOf(l))
				l.Destination = []byte("#")
			} else if resolve != nil {
				if u := resolve(string(l.Destination)); u != "" {
					l.Destination = []byte(u)
				}
			}
		case *ast.AutoLink:
			if l.AutoLinkType == ast.AutoLinkURL && !SafeURL(string(l.URL(reader.Source()))) {
				// Autolinks cannot be re-pointed; replace with plain text.
				unsafe = append(unsafe, offsetOf(l))
				t := ast.NewString(l.Label(reader.Source()))
				l.Parent().ReplaceChild(l.Parent(), l, t)
			}
		}
		return ast.WalkContinue, nil
	})
	if len(unsafe) > 0 {
		pc.Set(unsafeKey, unsafe)
	}
}

// SafeURL reports whether a destination is relative or uses http, https,
// mailto or tel, after resolving HTML entities and dropping control
// characters.
func SafeURL(dest string) bool {
	// Resolve entities first: "javascript&colon;x" must not pass as relative.
	d := strings.ToLower(strings.TrimSpace(html.UnescapeString(dest)))
	d = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, d)
	colon := strings.IndexByte(d, ':')
	if colon < 0 {
		return true
	}
	if i := strings.IndexAny(d, "/?#"); i >= 0 && i < colon {
		return true // "a/b:c" is a relative path
	}
	switch d[:colon] {
	case "http", "https", "mailto", "tel":
		return true
	}
	return false
}
