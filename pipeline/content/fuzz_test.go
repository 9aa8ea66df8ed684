package content

import (
	"context"
	"io/fs"
	"testing"
	"testing/fstest"
	"time"

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
