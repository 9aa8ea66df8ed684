package site

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/internal/exiftest"
)

// miniRepo writes the fixture's config and the given files (slash paths
// below the repo) into a new repo folder.
func miniRepo(t *testing.T, files map[string][]byte) string {
	t.Helper()
	repo := filepath.Join(t.TempDir(), "repo")
	cfg, err := os.ReadFile("testdata/repo/site/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files["site/config.yaml"] = cfg
	for name, data := range files {
		p := filepath.Join(repo, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return repo
}

func articleMD(title, images string) []byte {
	return []byte("---\ntitle: " + title + "\ndate: 2026-11-20T09:00:00+07:00\nsummary: Ringkasan.\nactivity: Uji\n" +
		"location: Bandar Lampung\nimages:\n" + images + "---\n\nIsi.\n")
}

// nearRGBA tells whether two colours differ by little (JPEG is lossy).
func nearRGBA(a color.Color, b color.RGBA) bool {
	r, g, bl, _ := a.RGBA()
	d := func(x uint32, y uint8) int { return max(int(x>>8)-int(y), int(y)-int(x>>8)) }
	return d(r, b.R) < 40 && d(g, b.G) < 40 && d(bl, b.B) < 40
}

var imgTag = regexp.MustCompile(`<img src="([^"]+)"[^>]* width="(\d+)" height="(\d+)"`)

// TestPhotoOrientation: a phone photo stored 1200×800 with each EXIF
// orientation comes out upright in every derivative and instagram.jpg,
// the page gives the upright width and height, and no output file
// carries EXIF (issue 13).
func TestPhotoOrientation(t *testing.T) {
	files := map[string][]byte{}
	for o := 1; o <= 8; o++ {
		dir := fmt.Sprintf("content/berita/2026/11/%02d-orientasi-%d/", o+10, o)
		files[dir+"index.md"] = articleMD(fmt.Sprintf("Orientasi %d", o), "  - {src: foto.jpg, alt: foto}\n")
		files[dir+"foto.jpg"] = exiftest.JPEG(t, 1200, 800, o)
	}
	repo := miniRepo(t, files)
	out := t.TempDir()
	res := build(t, repo, out, testOptions())
	if article.HasErrors(res.Problems) {
		t.Fatalf("problems: %v", res.Problems)
	}
	for o := 1; o <= 8; o++ {
		t.Run(fmt.Sprint(o), func(t *testing.T) {
			dir := filepath.Join(out, fmt.Sprintf("berita/2026/11/%02d-orientasi-%d", o+10, o))
			portrait := o >= 5
			page, err := os.ReadFile(filepath.Join(dir, "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			m := imgTag.FindSubmatch(page)
			if m == nil {
				t.Fatal("no <img> on the page")
			}
			wantW, wantH := "1200", "800"
			if portrait {
				wantW, wantH = "800", "1200"
			}
			if string(m[2]) != wantW || string(m[3]) != wantH {
				t.Errorf("<img> %s is %sx%s, want %sx%s", m[1], m[2], m[3], wantW, wantH)
			}
			names, _ := filepath.Glob(filepath.Join(dir, "*.jpg"))
			if len(names) < 3 {
				t.Fatalf("derivatives: %v", names)
			}
			for _, name := range names {
				data, err := os.ReadFile(name)
				if err != nil {
					t.Fatal(err)
				}
				if exiftest.HasMetadata(data) {
					t.Errorf("%s carries EXIF", filepath.Base(name))
				}
				img, _, err := image.Decode(bytes.NewReader(data))
				if err != nil {
					t.Fatal(err)
				}
				b := img.Bounds()
				if (b.Dy() > b.Dx()) != portrait {
					t.Errorf("%s is %dx%d, portrait should be %v", filepath.Base(name), b.Dx(), b.Dy(), portrait)
				}
				w, h := b.Dx(), b.Dy()
				at := [4]image.Point{{w / 4, h / 4}, {3 * w / 4, h / 4}, {w / 4, 3 * h / 4}, {3 * w / 4, 3 * h / 4}}
				for i, p := range at {
					if c := img.At(p.X, p.Y); !nearRGBA(c, exiftest.Upright[i]) {
						t.Errorf("%s quadrant %d: %v, want %v", filepath.Base(name), i, c, exiftest.Upright[i])
					}
				}
			}
			if _, err := os.Stat(filepath.Join(dir, article.InstagramImage)); err != nil {
				t.Error(err)
			}
		})
	}
}

// pngClaiming is a valid 1×1 PNG whose header claims w×h: its header
// reads as w×h, and decoding it would fail (or, were it real, cost
// w×h×8 bytes).
func pngClaiming(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA64(image.Rect(0, 0, 1, 1))); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	// IHDR: 8-byte signature, length, "IHDR", width, height, …, CRC.
	binary.BigEndian.PutUint32(data[16:], uint32(w))
	binary.BigEndian.PutUint32(data[20:], uint32(h))
	binary.BigEndian.PutUint32(data[29:], crc32.ChecksumIEEE(data[12:29]))
	return data
}

// TestPhotoListedTwiceMadeOnce (issue 11 item 5): the same photo listed
// twelve times is decoded and encoded once, and shown once.
func TestPhotoListedTwiceMadeOnce(t *testing.T) {
	dup := "content/berita/2026/11/20-ganda/"
	jpg, err := photoBytes("foto.jpg", 1000, 700)
	if err != nil {
		t.Fatal(err)
	}
	repo := miniRepo(t, map[string][]byte{
		dup + "index.md": articleMD("Ganda", strings.Repeat("  - {src: foto.jpg, alt: foto}\n", 12)),
		dup + "foto.jpg": jpg,
	})
	out := t.TempDir()
	res := build(t, repo, out, testOptions())
	// 480w, 800w, 1000w; instagram.jpg is a copy of the largest.
	if res.Encoded != 3 {
		t.Errorf("Encoded = %d, want 3 (the photo once)", res.Encoded)
	}
	page, err := os.ReadFile(filepath.Join(out, "berita/2026/11/20-ganda/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	// The loader keeps the first of a repeated src (check warns src-ganda).
	if n := bytes.Count(page, []byte(`<img src="/berita/2026/11/20-ganda/foto-1000w.jpg"`)); n != 1 {
		t.Errorf("%d images show foto-1000w.jpg, want 1", n)
	}
	if names, _ := filepath.Glob(filepath.Join(out, "berita/2026/11/20-ganda/*.jpg")); len(names) != 4 {
		t.Errorf("files: %v, want 3 widths and instagram.jpg", names)
	}
}

// TestPhotoOverBudgetNotDecoded (issue 11 item 5): a photo over the pixel
// budget is never decoded; the build goes on and says which photo, where,
// and how to fix it.
func TestPhotoOverBudgetNotDecoded(t *testing.T) {
	big := "content/berita/2026/11/20-besar/"
	jpg, err := photoBytes("foto.jpg", 1000, 700)
	if err != nil {
		t.Fatal(err)
	}
	repo := miniRepo(t, map[string][]byte{
		big + "index.md":  articleMD("Besar", "  - {src: foto.jpg, alt: foto}\n  - {src: besar.png, alt: besar}\n"),
		big + "foto.jpg":  jpg,
		big + "besar.png": pngClaiming(t, 12000, 12000),
	})
	out := t.TempDir()
	res := build(t, repo, out, testOptions())
	var found bool
	for _, p := range res.Problems {
		if p.Code == "foto-terlalu-banyak-piksel" && p.Severity == article.Error && p.Pos.File == big+"index.md" && p.Pos.Line == 9 {
			found = true
			if !strings.Contains(p.Msg, "besar.png") || !strings.Contains(p.Msg, "40 megapiksel") || p.Hint == "" {
				t.Errorf("problem: %v", p)
			}
		}
	}
	if !found {
		t.Errorf("no error at %sindex.md:9 for besar.png; problems: %v", big, res.Problems)
	}
	page, err := os.ReadFile(filepath.Join(out, "berita/2026/11/20-besar/index.html"))
	if err != nil {
		t.Fatalf("article with the big photo not built: %v", err)
	}
	if bytes.Contains(page, []byte("besar-")) {
		t.Error("the page shows the photo over the budget")
	}
}
