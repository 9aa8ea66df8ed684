package htmlexec

import (
	"bytes"
	"errors"
	"html/template"
	"reflect"
	"strings"
	"testing"
)

type item struct {
	Name  string
	URL   string
	Count int
	Tags  []string
	Img   *image
}

type image struct {
	Src, SrcSet string
	Width       int
	Lazy        bool
}

type data struct {
	Title   string
	Text    string
	Link    string
	SrcSet  string
	N       int
	Neg     int
	U       uint
	On      bool
	HTML    template.HTML
	SafeURL template.URL
	Set     template.Srcset
	JSON    any
	Nil     *image
	Img     *image
	Items   []item
	Ptrs    []*item
	Empty   []item
	Key     string
	Nav     []item
}

// nasty holds strings that exercise every escaper.
var nasty = []string{
	"", "plain", `<b>"Tom & Jerry's"</b> +1`, "javascript:alert(1)", "JavaScript:x", "mailto:a@b.c",
	"https://example.go.id/a b?c=d&e=f#g", "/berita/2026/11/25-a/", "foto 1.jpg 480w, foto-2.jpg 800w",
	"a.jpg 1x, javascript:x 2x", "x\x00y", "\u2028\u2029", "ünïcødé — «quotes»", "%41%zz%", "\xff\xfe bad utf8",
	" a.jpg  480w ,b.jpg", "data:image/png;base64,AAAA", "x:y/z", "</script><!--", "{{.}}",
}

const kitchen = `{{define "img"}}<img src="{{.Src}}" srcset="{{.SrcSet}}" width="{{.Width}}"{{if .Lazy}} loading="lazy"{{end}}>{{end -}}
<html><head><title>{{.Title}}</title>
<meta name="d" content="{{.Text}}"><link href="{{.Link}}"><a href="{{.Link}}x?q={{.Text}}">{{.Text}}</a>
<img srcset="{{.SrcSet}}" alt="{{.Title}}" data-n="{{.N}}" data-u="{{.U}}" data-on="{{.On}}">
<a href="{{.SafeURL}}">{{.HTML}}</a><img srcset="{{.Set}}"><img srcset="{{.SafeURL}}">
{{with .JSON}}<script type="application/ld+json">{{.}}</script>{{end}}
<script type="application/ld+json">{{.Title}}</script>
{{with .Nil}}never{{else}}no image{{end}} {{with .Img}}{{template "img" .}}{{end}}
{{range $i, $it := .Items}}{{if $i}}, {{end}}<a href="{{$it.URL}}" title="{{$.Title}}">{{.Name}} ({{.Count}})</a>{{range .Tags}}[{{.}}]{{end}}{{end}}
{{range .Ptrs}}{{.Name}}{{with .Img}}{{template "img" .}}{{end}}{{end}}
{{range .Empty}}x{{else}}kosong{{end}}
{{if and .On .Text}}A{{end}}{{if or .Nil .Text}}O{{end}}{{if not .On}}N{{end}}
{{if eq .Key "b" "c"}}eq{{end}}{{if ne .N 3}}ne{{end}}{{if lt .Neg 0}}lt{{end}}{{if le .N 3}}le{{end}}{{if gt .N 1}}gt{{end}}{{if ge .U 2}}ge{{end}}{{if eq .U .N}}equ{{end}}
{{len .Items}} {{(index .Nav 1).URL}} {{$x := .Title}}{{$x}}{{with $y := .Text}}{{$y}}{{end}}
{{range .Nav}}<li{{if eq .Name $.Key}} aria-current="page"{{end}}>{{.Name}}</li>{{end}}
<!-- {{.Text}} -->
</head></html>`

func sample(s string, n int) *data {
	m := n % 12
	if m < 0 {
		m = -m
	}
	d := &data{
		Title: s, Text: strings.ToUpper(s), Link: s, SrcSet: s, N: n, Neg: -n, U: uint(m % 5), On: m%2 == 0,
		HTML: template.HTML("<em>" + s + "</em>"), SafeURL: template.URL(s), Set: template.Srcset(s),
		Img: &image{Src: s, SrcSet: s + " 480w", Width: n, Lazy: m%3 == 0}, Key: []string{"a", "b", "c"}[m%3],
		Items: []item{{Name: s, URL: "/" + s, Count: n, Tags: []string{s, "x"}}, {Name: "b", URL: s}},
		Ptrs:  []*item{{Name: s, Img: &image{Src: "/a.jpg"}}, {Name: "p2"}},
		Nav:   []item{{Name: "a", URL: "/a/"}, {Name: "b", URL: s}, {Name: "c"}},
	}
	switch m % 4 {
	case 0:
		d.JSON = map[string]any{"name": s, "n": n}
	case 1:
		d.JSON = template.JS("{\"raw\":1}")
	case 2:
		d.JSON = struct{ A string }{s}
	}
	return d
}

// same runs tpl on d through html/template and through Program and
// compares; it returns the Program's error.
func same(t *testing.T, src string, d any) error {
	t.Helper()
	tp := template.Must(template.New("t").Parse(src))
	var want bytes.Buffer
	wantErr := tp.Execute(&want, d)
	p, err := Compile(tp, "t", reflect.TypeOf(d))
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	var got bytes.Buffer
	if err := p.Execute(&got, d); err != nil {
		if !errors.Is(err, ErrFallback) {
			t.Fatalf("Execute: %v, want nil or ErrFallback", err)
		}
		return err
	}
	if wantErr != nil {
		t.Fatalf("html/template failed (%v) but Program did not", wantErr)
	}
	if got.String() != want.String() {
		t.Fatalf("output differs\n got: %q\nwant: %q", got.String(), want.String())
	}
	return nil
}

func TestSameAsHTMLTemplate(t *testing.T) {
	for i, s := range nasty {
		for _, n := range []int{0, 1, 2, 3, 7} {
			if err := same(t, kitchen, sample(s, n)); err != nil {
				t.Fatalf("case %d/%d: unexpected fallback: %v", i, n, err)
			}
		}
	}
}

func TestFallbackAtRuntime(t *testing.T) {
	for name, src := range map[string]string{
		"nil pointer field":  `{{.Nil.Src}}`,
		"index out of range": `{{(index .Nav 9).URL}}`,
		"html in attribute":  `<a title="{{.HTML}}">`,
		"range over nil ptr": `{{range .Nil}}{{end}}`,
		"bad comparison":     `{{if eq .Key 1}}x{{end}}`,
	} {
		t.Run(name, func(t *testing.T) {
			tp := template.Must(template.New("t").Parse(src))
			p, err := Compile(tp, "t", reflect.TypeOf(&data{}))
			if err != nil {
				if errors.Is(err, ErrUnsupported) {
					return // refused at compile time: also a fallback
				}
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := p.Execute(&b, sample("x", 1)); !errors.Is(err, ErrFallback) {
				t.Fatalf("Execute = %v, want ErrFallback", err)
			}
		})
	}
}

// Data of another type than compiled for, or none, falls back too.
func TestFallbackOnOtherData(t *testing.T) {
	tp := template.Must(template.New("t").Parse(`{{.Title}}`))
	p, err := Compile(tp, "t", reflect.TypeOf(&data{}))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for _, d := range []any{nil, data{Title: "x"}, &item{Name: "x"}} {
		if err := p.Execute(&b, d); !errors.Is(err, ErrFallback) {
			t.Errorf("Execute(%T) = %v, want ErrFallback", d, err)
		}
	}
}

func TestUnsupported(t *testing.T) {
	for name, src := range map[string]string{
		"printf":         `{{printf "%s" .Title}}`,
		"method":         `{{.Img.String}}`,
		"map":            `{{range $k, $v := .JSON}}{{$k}}{{end}}`,
		"field of any":   `{{.JSON.name}}`,
		"unknown field":  `{{.Nope}}`,
		"css":            `<p style="color: {{.Text}}">`,
		"js string":      `<script>var x = "{{.Text}}";</script>`,
		"unquoted attr":  `<a title={{.Text}}>`,
		"break":          `{{range .Items}}{{break}}{{end}}`,
		"user pipe":      `{{.Title | html}}`,
		"range over int": `{{range .N}}x{{end}}`,
		"float":          `{{if gt .N 1.5}}x{{end}}`,
		"undefined call": `{{template "nope" .}}`,
	} {
		t.Run(name, func(t *testing.T) {
			tp, err := template.New("t").Parse(src)
			if err != nil {
				t.Skipf("does not parse: %v", err)
			}
			if _, err := Compile(tp, "t", reflect.TypeOf(&data{})); !errors.Is(err, ErrUnsupported) && err == nil {
				t.Fatalf("Compile = nil, want an error")
			}
		})
	}
}

func (image) String() string { return "image" }

func FuzzSameAsHTMLTemplate(f *testing.F) {
	for i, s := range nasty {
		f.Add(s, i)
	}
	tp := template.Must(template.New("t").Parse(kitchen))
	p, err := Compile(tp, "t", reflect.TypeOf(&data{}))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		d := sample(s, n)
		var want, got bytes.Buffer
		wantErr := tp.Execute(&want, d)
		err := p.Execute(&got, d)
		if err != nil {
			if !errors.Is(err, ErrFallback) {
				t.Fatalf("Execute: %v", err)
			}
			return
		}
		if wantErr != nil {
			t.Fatalf("html/template failed (%v) but Program did not", wantErr)
		}
		if got.String() != want.String() {
			t.Fatalf("output differs for %q, %d\n got: %q\nwant: %q", s, n, got.String(), want.String())
		}
	})
}

// BenchmarkExecute compares a compiled template with html/template on the
// kitchen-sink template.
func BenchmarkExecute(b *testing.B) {
	tp := template.Must(template.New("t").Parse(kitchen))
	p, err := Compile(tp, "t", reflect.TypeOf(&data{}))
	if err != nil {
		b.Fatal(err)
	}
	d := sample(`Peresmian "Jembatan" & Jalan <Desa>`, 4)
	var w bytes.Buffer
	b.Run("htmlexec", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			w.Reset()
			if err := p.Execute(&w, d); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("html-template", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			w.Reset()
			if err := tp.Execute(&w, d); err != nil {
				b.Fatal(err)
			}
		}
	})
}
