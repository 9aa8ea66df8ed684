package content

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// sameAsSlow fails when fastFrontMatter accepts data but decodes it
// differently from the YAML library and article.DecodeYAML.
func sameAsSlow(t *testing.T, data string) (fast bool) {
	t.Helper()
	const file = "content/berita/2026/11/25-x/index.md"
	fm, at, ok := fastFrontMatter(file, []byte(data))
	if !ok {
		return false
	}
	sfm, probs, sat := slowFrontMatter(file, []byte(data))
	if sfm == nil || len(probs) > 0 {
		t.Errorf("fast path took input the YAML path rejects (%v):\n%s", probs, data)
		return true
	}
	if !reflect.DeepEqual(fm, sfm) {
		t.Errorf("values differ:\nfast %#v\nslow %#v\ninput:\n%s", fm, sfm, data)
	}
	if !reflect.DeepEqual(at, sat) {
		t.Errorf("positions differ:\nfast %v\nslow %v\ninput:\n%s", at, sat, data)
	}
	return true
}

func TestFastFrontMatterMatchesYAML(t *testing.T) {
	for _, tc := range []struct {
		name string
		data string
		fast bool
	}{
		{"good article", strings.Split(goodArticle, "---\n")[1], true},
		{"corpus shape", `title: "Atau Kecamatan Juara Hutan, Menggala"
date: 2016-01-14T06:32:27+07:00
summary: "Petani panen: sekolah \"peluang\" \\ pemuda."
activity: "Penanaman Pohon"
location: "Menggala, Lampung"
author: "Joko Susilo"
tags:
  - "Pertanian"
  - "Air Bersih"
images:
  - src: "/media/2016/01/a-1.jpg"
    alt: "Penyuluh kesiapan"
    caption: "Banjir meninjau utara. (Foto: Siti)"
  - src: "/media/2016/01/a-2.jpg"
    alt: "Setiap sanitasi"

draft: false
`, true},
		{"lists at column 1, social, assignment", `title: Judul
tags:
- satu
- 'dua ''kutip'''
aliases: [/lama/x/, "/lama/y/", z]
author: [budi]
platforms: []
social:
  x: "Teks untuk X #tagar"
  facebook: Teks FB
assignment: 42
draft: true
images:
- src: a.jpg
  alt: Alt
`, true},
		{"unicode values", "title: Pemandangan Danau — ÉTÉ ✓\nsummary: 'Ümlaut'\n", true},
		{"comment", "title: a # komentar\n", false},
		{"comment line", "# komentar\ntitle: a\n", false},
		{"multi-line plain", "title: a\n  b\n", false},
		{"folded", "summary: >\n  a\n  b\n", false},
		{"escape", `title: "a\nb"` + "\n", false},
		{"unknown key", "judul: a\n", false},
		{"duplicate", "title: a\ntitle: b\n", false},
		{"empty value", "title:\n", false},
		{"null", "title: ~\n", false},
		{"tab", "title:\ta\n", false},
		{"anchor", "title: &a x\n", false},
		{"flow map", "social: {x: a}\n", false},
		{"bool text", "draft: yes\n", false},
		{"octal-looking", "assignment: 012\n", false},
		{"image unknown key", "images:\n  - src: a.jpg\n    lebar: 3\n", false},
		{"image continuation", "images:\n  - src: a.jpg\n      alt: b\n", false},
		{"list item continuation", "tags:\n  - a\n    b\n", false},
		{"nested list", "tags:\n  - - a\n", false},
		{"empty item", "tags:\n  -\n", false},
		{"flow non-ascii", "tags: [é, b]\n", false},
		{"flow open", "tags: [a, b\n", false},
		{"trailing comma", "tags: [a, ]\n", false},
		{"indented first key", "  title: a\n", false},
		{"nel", "title: a\u0085b\n", false},
		{"only blank", "\n\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := sameAsSlow(t, tc.data); got != tc.fast {
				t.Errorf("fast path taken = %v, want %v", got, tc.fast)
			}
		})
	}
}

// TestFastFrontMatterOnRepoContent runs every Markdown file of the
// repository (content/ and test fixtures) through both paths.
func TestFastFrontMatterOnRepoContent(t *testing.T) {
	n := 0
	for _, root := range []string{"../../content", "../site/testdata/repo/content"} {
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
				return nil
			}
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if fm, _, _, ok := splitFrontMatter(src); ok {
				if sameAsSlow(t, string(fm)) {
					n++
				}
			}
			return nil
		})
	}
	t.Logf("%d files took the fast path", n)
}

// FuzzFastFrontMatter: whatever the fast path accepts, it decodes as the
// YAML path does.
func FuzzFastFrontMatter(f *testing.F) {
	f.Add(strings.Split(goodArticle, "---\n")[1])
	f.Add("tags:\n- a\n- 'b'\nimages:\n  - src: x\n    alt: y\nsocial:\n  x: z\n")
	f.Add("title: \"a\\\"b\"\naliases: [a, \"b, c\"]\nassignment: 7\ndraft: false\n")
	f.Fuzz(func(t *testing.T, data string) { sameAsSlow(t, data) })
}
