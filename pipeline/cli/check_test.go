package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeRepo lays out a minimal repository in a temp dir: the repo's own
// site/config.yaml with its logo, a CODEOWNERS and the given files.
func writeRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	cfg, err := os.ReadFile("../../site/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	logo, err := os.ReadFile("../../site/static/img/logo.svg") // the config names it
	if err != nil {
		t.Fatal(err)
	}
	all := map[string]string{
		"site/config.yaml":         string(cfg),
		"site/static/img/logo.svg": string(logo),
		"CODEOWNERS":               "/content/ @kominfotik-lampung/kasi-pip @kominfotik-lampung/kabid-plip\n",
	}
	for k, v := range files {
		all[k] = v
	}
	writeFiles(t, root, all)
	return root
}

// writeFiles writes files (slash paths → contents) below root.
func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func tinyJPEG(t *testing.T) string {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 40, 30)), nil); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func runCLI(t *testing.T, root string, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &Env{Stdio: Stdio{In: strings.NewReader(""), Out: &out, Err: &errb},
		Getenv: func(k string) string { return env[k] },
		Now:    func() time.Time { return time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC) }}
	if root != "" {
		args = append([]string{"--root", root}, args...)
	}
	code = e.Run(context.Background(), args)
	return out.String(), errb.String(), code
}

const validArticle = `---
title: Uji
date: 2026-11-25 09:00
summary: Ringkasan.
activity: Rapat
location: Kota Metro
images: [{src: a.jpg, alt: Foto rapat}]
---
Teks.
`

func TestParseCheck(t *testing.T) {
	tests := []struct {
		args   []string
		format string
		code   int
		done   bool
	}{
		{nil, "text", 0, false},
		{[]string{"--format", "github"}, "github", 0, false},
		{[]string{"--format=json"}, "json", 0, false},
		{[]string{"--format", "xml"}, "xml", ExitUsage, true},
		{[]string{"extra"}, "text", ExitUsage, true},
		{[]string{"--help"}, "text", ExitOK, true},
	}
	for _, tt := range tests {
		var errb bytes.Buffer
		e := &Env{Stdio: Stdio{Out: &errb, Err: &errb}}
		o, code, done := parseCheck(e, tt.args)
		if o.format != tt.format || code != tt.code || done != tt.done {
			t.Errorf("%v: got %+v %d %v, want %s %d %v", tt.args, o, code, done, tt.format, tt.code, tt.done)
		}
	}
}

func TestCheckOutput(t *testing.T) {
	bad := strings.Replace(validArticle, "images: [{src: a.jpg, alt: Foto rapat}]", "images: [{src: a.jpg}]", 1)
	root := writeRepo(t, map[string]string{
		"content/berita/2026/11/25-uji/index.md":   validArticle,
		"content/berita/2026/11/25-uji/a.jpg":      tinyJPEG(t),
		"content/berita/2026/11/25-rusak/index.md": bad,
		"content/berita/2026/11/25-rusak/a.jpg":    tinyJPEG(t),
	})
	out, _, code := runCLI(t, root, nil, "check")
	want := "content/berita/2026/11/25-rusak/index.md:7:10: alt foto wajib diisi [alt-kosong]\n" +
		"    saran: tambahkan `alt: \"…\"` pada images[0]: jelaskan isi foto untuk pembaca tunanetra\n" +
		"warta check: 2 berita, 0 halaman; 1 kesalahan, 0 peringatan\n"
	if out != want || code != ExitProblems {
		t.Errorf("text (exit %d):\n%s\nwant:\n%s", code, out, want)
	}
	out, _, code = runCLI(t, root, nil, "check", "--format", "github")
	if !strings.HasPrefix(out, "::error file=content/berita/2026/11/25-rusak/index.md,line=7,col=10,title=warta alt-kosong::alt foto wajib diisi%0Asaran: ") || code != ExitProblems {
		t.Errorf("github (exit %d):\n%s", code, out)
	}
	out, _, code = runCLI(t, "", nil, "check", "--root", root, "--format=json")
	var j struct {
		Articles, Errors int
		Problems         []struct {
			Pos struct {
				File string
				Line int
			}
			Severity string
			Code     string
		}
	}
	if err := json.Unmarshal([]byte(out), &j); err != nil || code != ExitProblems {
		t.Fatalf("json (exit %d): %v\n%s", code, err, out)
	}
	if j.Articles != 2 || j.Errors != 1 || j.Problems[0].Code != "alt-kosong" || j.Problems[0].Severity != "error" || j.Problems[0].Pos.Line != 7 {
		t.Errorf("json: %+v", j)
	}
	// Fixed, the repository is clean and check exits 0.
	if err := os.WriteFile(filepath.Join(root, "content/berita/2026/11/25-rusak/index.md"), []byte(validArticle), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, _, code := runCLI(t, root, nil, "check"); code != ExitOK || out != "warta check: 2 berita, 0 halaman; 0 kesalahan, 0 peringatan\n" {
		t.Errorf("clean repo: exit %d\n%s", code, out)
	}
}

// TestCheckRefusesGoWorkAndVendor: a go.work or a vendor/ folder lets a
// pull request that only the Kasi and Kabid review replace the code the
// publish workflow runs with the social secrets (issue 11, item 1); check
// refuses each with exit 1, a Bahasa message and the fix.
func TestCheckRefusesGoWorkAndVendor(t *testing.T) {
	bundle := map[string]string{
		"content/berita/2026/11/25-uji/index.md": validArticle,
		"content/berita/2026/11/25-uji/a.jpg":    tinyJPEG(t),
	}
	tests := []struct {
		name  string
		files map[string]string
		want  []string // lines of the text output, in order
	}{
		{"go.work at the root", map[string]string{
			"go.work":     "go 1.26.0\n\nuse .\n\nreplace github.com/yuin/goldmark => ./content/berita/2026/11/25-uji/gm\n",
			"go.work.sum": "",
		}, []string{
			"go.work: berkas go.work tidak boleh ada di repositori: workspace Go dapat mengganti kode yang dijalankan workflow publish (yang memegang kredensial media sosial) dengan kode dari folder lain [go-work]",
			"    saran: hapus go.work dari pull request ini; warta dibangun hanya dari go.mod dan go.sum, yang diubah lewat tinjauan maintainers",
			"go.work.sum: berkas go.work.sum tidak boleh ada di repositori: workspace Go dapat mengganti kode yang dijalankan workflow publish (yang memegang kredensial media sosial) dengan kode dari folder lain [go-work]",
			"    saran: hapus go.work.sum dari pull request ini; warta dibangun hanya dari go.mod dan go.sum, yang diubah lewat tinjauan maintainers",
		}},
		{"vendor at the root and deeper", map[string]string{
			"vendor/modules.txt":                                "# github.com/yuin/goldmark v1.8.7\n",
			"vendor/github.com/yuin/goldmark/markdown.go":       "package goldmark\n",
			"content/berita/2026/11/25-uji/vendor/x/x.go":       "package x\n",
			"pipeline/cmd/warta/vendor/golang.org/x/net/net.go": "package net\n",
		}, []string{
			"content/berita/2026/11/25-uji/vendor/: folder vendor/ tidak boleh ada di repositori: perintah go dapat membangun warta dari salinan kode di dalamnya, bukan dari modul yang dikunci go.sum [vendor]",
			"    saran: hapus folder content/berita/2026/11/25-uji/vendor/ dari pull request ini; dependensi diunduh sesuai go.sum, tidak disalin ke repositori",
			"pipeline/cmd/warta/vendor/: folder vendor/ tidak boleh ada di repositori: perintah go dapat membangun warta dari salinan kode di dalamnya, bukan dari modul yang dikunci go.sum [vendor]",
			"    saran: hapus folder pipeline/cmd/warta/vendor/ dari pull request ini; dependensi diunduh sesuai go.sum, tidak disalin ke repositori",
			"vendor/: folder vendor/ tidak boleh ada di repositori: perintah go dapat membangun warta dari salinan kode di dalamnya, bukan dari modul yang dikunci go.sum [vendor]",
			"    saran: hapus folder vendor/ dari pull request ini; dependensi diunduh sesuai go.sum, tidak disalin ke repositori",
		}},
		{"npm packages and git internals are not the module", map[string]string{
			".ci/e2e/node_modules/some-pkg/vendor/a.js": "",
			".git/vendor/x":  "",
			"docs/vendor.md": "a file named like it is fine",
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range bundle {
				files[k] = v
			}
			for k, v := range tt.files {
				files[k] = v
			}
			root := writeRepo(t, files)
			out, errOut, code := runCLI(t, root, nil, "check")
			wantCode := ExitProblems
			summary := fmt.Sprintf("warta check: 1 berita, 0 halaman; %d kesalahan, 0 peringatan", len(tt.want)/2)
			if tt.want == nil {
				wantCode = ExitOK
			}
			want := strings.Join(append(tt.want, summary), "\n") + "\n"
			if code != wantCode || out != want {
				t.Errorf("exit %d (want %d), stderr %q, output:\n%s\nwant:\n%s", code, wantCode, errOut, out, want)
			}
		})
	}
	// A symlink named vendor is refused too: the go command follows it.
	root := writeRepo(t, bundle)
	if err := os.Symlink(t.TempDir(), filepath.Join(root, "vendor")); err != nil {
		t.Fatal(err)
	}
	if out, _, code := runCLI(t, root, nil, "check", "--format", "github"); code != ExitProblems ||
		!strings.HasPrefix(out, "::error file=vendor/,title=warta vendor::folder vendor/ tidak boleh ada") {
		t.Errorf("symlink: exit %d\n%s", code, out)
	}
}

func TestCheckConfigErrorsExit2(t *testing.T) {
	root := writeRepo(t, map[string]string{"site/config.yaml": "site: {title: T, base_url: https://a.id/, warna: biru}\n"})
	out, _, code := runCLI(t, root, nil, "check")
	if code != ExitUsage || !strings.Contains(out, "site/config.yaml:1:43: kunci `site.warna` tidak dikenal") {
		t.Errorf("exit %d\n%s", code, out)
	}
	if _, errOut, code := runCLI(t, t.TempDir(), nil, "check"); code != ExitUsage || !strings.Contains(errOut, "site/config.yaml tidak ditemukan") {
		t.Errorf("missing config: exit %d %s", code, errOut)
	}
}

func TestNewScaffold(t *testing.T) {
	root := writeRepo(t, nil)
	out, errOut, code := runCLI(t, root, map[string]string{"GITHUB_ACTOR": "staf-pip"}, "new", "Gubernur Resmikan Jembatan Way Sekampung!")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rel := "content/berita/2026/11/26-gubernur-resmikan-jembatan-way-sekampung/index.md"
	if !strings.Contains(out, rel) {
		t.Errorf("output does not name %s:\n%s", rel, out)
	}
	data, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{`title: "Gubernur Resmikan Jembatan Way Sekampung!"`, "date: 2026-11-26T17:00:00+07:00", `author: ["staf-pip"]`, "  - src: foto-utama.jpg"} {
		if !strings.Contains(string(data), w) {
			t.Errorf("scaffold lacks %q:\n%s", w, data)
		}
	}
	// A second run never overwrites the draft.
	if err := os.WriteFile(filepath.Join(root, rel), []byte("karya staf"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := runCLI(t, root, nil, "new", "Gubernur Resmikan Jembatan Way Sekampung!"); code != ExitUsage || !strings.Contains(errOut, "sudah ada") {
		t.Errorf("second run: exit %d %s", code, errOut)
	}
	if data, _ := os.ReadFile(filepath.Join(root, rel)); string(data) != "karya staf" {
		t.Error("existing work was overwritten")
	}
	// The scaffold is what check expects staff to complete: it names the gaps.
	out, _, code = runCLI(t, root, nil, "check")
	if code != ExitProblems || !strings.Contains(out, "[front-matter-hilang]") {
		t.Errorf("check after overwrite: %d\n%s", code, out)
	}
	if _, errOut, code := runCLI(t, root, nil, "new"); code != ExitUsage || !strings.Contains(errOut, "judul berita wajib diisi") {
		t.Errorf("no title: %d %s", code, errOut)
	}
}
