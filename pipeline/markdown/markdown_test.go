package markdown

import (
	"bytes"
	"strings"
	"testing"
)

func TestConvertSafety(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // substrings that must appear
		never     []string // substrings that must not appear
		rawLines  []int
		unsafe    int
	}{
		{"heading ids and gfm table", "# Peresmian Jembatan\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
			[]string{`<h1 id="peresmian-jembatan">`, "<table>", "<td>1</td>"}, nil, nil, 0},
		{"raw html dropped", "teks\n\n<script>alert(1)</script>\n\nsatu <b>dua</b>\n",
			[]string{"<p>teks</p>"}, []string{"<script", "<b>"}, []int{3, 5}, 0},
		{"javascript link", "[klik](javascript:alert(1))", nil, []string{"javascript"}, nil, 1},
		{"entity encoded scheme", "[klik](javascript&colon;alert(1))", nil, []string{"javascript", "alert"}, nil, 1},
		{"data link", "[x](data:text/html;base64,PHNjcmlwdD4=)", nil, []string{"data:"}, nil, 1},
		{"data image", "![x](data:image/png;base64,AAAA)", []string{`src="#"`}, []string{"data:"}, nil, 1},
		{"mixed case scheme", "[x](JaVaScRiPt:alert(1))", nil, []string{"JaVaScRiPt"}, nil, 1},
		{"control chars in scheme", "[x](java\tscript:alert(1))", nil, []string{"href"}, nil, 0}, // not a link at all: stays text
		{"vbscript autolink", "<vbscript:msgbox(1)>", nil, []string{"href=\"vbscript"}, nil, 1},
		{"safe links kept", "[a](https://lampungprov.go.id) [b](mailto:ppid@example.go.id) [c](../lain/) [d](tel:+62721)",
			[]string{`href="https://lampungprov.go.id"`, `href="mailto:ppid@example.go.id"`, `href="../lain/"`, `href="tel:+62721"`}, nil, nil, 0},
		{"gfm autolink https", "lihat https://example.go.id/a", []string{`<a href="https://example.go.id/a">`}, nil, nil, 0},
	}
	r := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			res, err := r.Convert([]byte(tt.src), &b)
			if err != nil {
				t.Fatal(err)
			}
			out := b.String()
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, n := range tt.never {
				if strings.Contains(out, n) {
					t.Errorf("output contains %q:\n%s", n, out)
				}
			}
			if len(res.RawHTMLLines) != len(tt.rawLines) {
				t.Errorf("raw lines %v, want %v", res.RawHTMLLines, tt.rawLines)
			} else {
				for i := range tt.rawLines {
					if res.RawHTMLLines[i] != tt.rawLines[i] {
						t.Errorf("raw lines %v, want %v", res.RawHTMLLines, tt.rawLines)
					}
				}
			}
			if res.UnsafeLinks != tt.unsafe {
				t.Errorf("unsafe links %d, want %d", res.UnsafeLinks, tt.unsafe)
			}
			if ins := r.Inspect([]byte(tt.src)); ins.UnsafeLinks != res.UnsafeLinks || len(ins.RawHTMLLines) != len(res.RawHTMLLines) {
				t.Errorf("Inspect %+v differs from Convert %+v", ins, res)
			}
		})
	}
}

func TestSafeURL(t *testing.T) {
	for dest, want := range map[string]bool{
		"https://a.id": true, "HTTP://a.id": true, "foto.jpg": true, "/berita/x/": true, "#bagian": true,
		"a/b:c": true, "?q=a:b": true, "mailto:x@y.id": true, "tel:123": true,
		"javascript:x": false, " javascript:x": false, "java\nscript:x": false, "javascript&colon;x": false,
		"javascript&#58;x": false, "data:text/html,x": false, "vbscript:x": false, "file:///etc/passwd": false,
	} {
		if got := SafeURL(dest); got != want {
			t.Errorf("SafeURL(%q) = %v, want %v", dest, got, want)
		}
	}
}

// FuzzConvert: any Markdown converts without error or panic, and no output
// ever carries a script element, an event handler attribute from raw HTML,
// or a javascript:/vbscript:/data: URL in href or src.
func FuzzConvert(f *testing.F) {
	for _, s := range []string{"# a\n\n[b](javascript:c)", "<script>x</script>", "<a href=\"javascript:x\">y</a>",
		"[x](java&#x09;script:y)", "![i](data:image/svg+xml,<svg onload=alert(1)>)", "| a |\n|---|\n| <img src=x onerror=y> |",
		"<javascript:x>", "[a]: javascript:x\n\n[a]", "* [x](<javascript:y>)"} {
		f.Add(s)
	}
	r := New()
	f.Fuzz(func(t *testing.T, src string) {
		var b bytes.Buffer
		if _, err := r.Convert([]byte(src), &b); err != nil {
			t.Fatal(err)
		}
		out := strings.ToLower(b.String())
		for _, bad := range []string{"<script", "href=\"javascript:", "src=\"javascript:", "href=\"vbscript:", "href=\"data:", "src=\"data:", "<iframe", "<img src=x"} {
			if strings.Contains(out, bad) {
				t.Fatalf("unsafe output %q for input %q:\n%s", bad, src, out)
			}
		}
	})
}
