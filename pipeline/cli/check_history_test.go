package cli

import (
	"bytes"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// baseRepo makes a real git repository in a temp dir with files (plus the
// config and CODEOWNERS of writeRepo) committed once, and points
// refs/remotes/origin/main at that commit, as actions/checkout leaves the
// base of a pull request.
func baseRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	root := writeRepo(t, files)
	repo, err := git.PlainInit(root, false)
	if err != nil {
		t.Fatal(err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		t.Fatal(err)
	}
	h, err := wt.Commit("base", &git.CommitOptions{Author: &object.Signature{Name: "Staf", Email: "staf@example.test",
		When: time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)}})
	if err != nil {
		t.Fatal(err)
	}
	if err := repo.Storer.SetReference(plumbing.NewHashReference("refs/remotes/origin/main", h)); err != nil {
		t.Fatal(err)
	}
	return root
}

// otherJPEG is a photo with other bytes than tinyJPEG.
func otherJPEG(t *testing.T) string {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 41, 30)), nil); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestCheckBase is one row per rule of `warta check --base`: a base
// commit with the article as published, then the pull request's change in
// the work tree. Each row asserts file, line and message of every problem.
func TestCheckBase(t *testing.T) {
	const dir = "content/berita/2026/11/25-uji/"
	const idx = dir + "index.md"
	edit := func(old, new string) string {
		if !strings.Contains(validArticle, old) {
			t.Fatalf("fixture lacks %q", old)
		}
		return strings.Replace(validArticle, old, new, 1)
	}
	withEntry := edit("images:", "corrections:\n  - {date: \"2026-11-25 12:00\", kind: ralat, note: Sebelumnya tertulis Metro.}\nimages:")
	retracted := edit("images:", "retraction: {date: \"2026-11-25 12:00\", reason: Dicabut atas permintaan narasumber.}\nimages:")
	tests := []struct {
		name string
		base map[string]string // committed (with a.jpg in dir)
		work map[string]string // written over it afterwards; "" removes
		want []string          // "file:line:col: message [code]" per problem
		code int
	}{
		{"title changed without a correction",
			map[string]string{idx: validArticle}, map[string]string{idx: edit("title: Uji", "title: Uji Ulang")},
			[]string{idx + ":2:8: berita yang sudah terbit diubah (judul) tanpa entri ralat baru [ralat-wajib]"}, ExitProblems},
		{"summary and body changed",
			map[string]string{idx: validArticle}, map[string]string{idx: strings.Replace(edit("summary: Ringkasan.", "summary: Ringkasan baru."), "Teks.", "Teks lain.", 1)},
			[]string{idx + ":4:10: berita yang sudah terbit diubah (ringkasan, isi) tanpa entri ralat baru [ralat-wajib]"}, ExitProblems},
		{"body changed",
			map[string]string{idx: validArticle}, map[string]string{idx: edit("Teks.", "Teks yang diubah.")},
			[]string{idx + ":9: berita yang sudah terbit diubah (isi) tanpa entri ralat baru [ralat-wajib]"}, ExitProblems},
		{"photo file replaced",
			map[string]string{idx: validArticle}, map[string]string{dir + "a.jpg": otherJPEG(t)},
			[]string{idx + ":7:16: berita yang sudah terbit diubah (berkas foto `a.jpg`) tanpa entri ralat baru [ralat-wajib]"}, ExitProblems},
		{"photo list changed",
			map[string]string{idx: validArticle}, map[string]string{idx: edit("alt: Foto rapat", "alt: Foto rapat dinas")},
			[]string{idx + ":7:9: berita yang sudah terbit diubah (daftar foto) tanpa entri ralat baru [ralat-wajib]"}, ExitProblems},
		{"change with a new correction",
			map[string]string{idx: validArticle}, map[string]string{idx: strings.Replace(withEntry, "Kota Metro", "Kabupaten Pesawaran", 1)},
			nil, ExitOK},
		{"whitespace at the end of the body",
			map[string]string{idx: validArticle}, map[string]string{idx: validArticle + "\n\n"},
			nil, ExitOK},
		{"correction removed",
			map[string]string{idx: withEntry}, map[string]string{idx: validArticle},
			[]string{idx + ":2:1: entri ralat corrections[0] (ralat, 2026-11-25 12:00) yang sudah dimuat dihapus [ralat-dihapus]"}, ExitProblems},
		{"correction rewritten",
			map[string]string{idx: withEntry}, map[string]string{idx: strings.Replace(withEntry, "ralat, note: Sebelumnya tertulis Metro.", "koreksi, note: Sebelumnya tertulis Kota Metro.", 1)},
			[]string{idx + ":8:5: entri ralat corrections[0] yang sudah dimuat diubah (jenis, catatan) [ralat-diubah]"}, ExitProblems},
		{"correction redated",
			map[string]string{idx: withEntry}, map[string]string{idx: strings.Replace(withEntry, "2026-11-25 12:00", "2026-11-25 13:00", 1)},
			[]string{idx + ":8:5: entri ralat corrections[0] yang sudah dimuat diubah (tanggal) [ralat-diubah]"}, ExitProblems},
		{"un-retraction",
			map[string]string{idx: retracted}, map[string]string{idx: validArticle},
			[]string{idx + ":2:1: berita ini sudah dicabut (25 November 2026 12:00 WIB), tetapi `retraction` dihapus [pencabutan-dibatalkan]"}, ExitProblems},
		{"retraction rewritten",
			map[string]string{idx: retracted}, map[string]string{idx: strings.Replace(retracted, "narasumber", "pemohon", 1)},
			[]string{idx + ":7:13: pencabutan yang sudah dimuat diubah [pencabutan-diubah]"}, ExitProblems},
		{"retraction added to a changed article",
			map[string]string{idx: validArticle}, map[string]string{idx: strings.Replace(retracted, "Teks.", "", 1)},
			nil, ExitOK},
		{"folder renamed without alias",
			map[string]string{idx: validArticle}, map[string]string{idx: "", dir + "a.jpg": "",
				"content/berita/2026/11/25-uji-baru/index.md": validArticle, "content/berita/2026/11/25-uji-baru/a.jpg": tinyJPEG(t)},
			[]string{"content/berita/2026/11/25-uji-baru/index.md:2:1: folder berita yang sudah terbit dipindah dari content/berita/2026/11/25-uji tanpa alias [alias-hilang]"}, ExitProblems},
		{"folder renamed with alias",
			map[string]string{idx: validArticle}, map[string]string{idx: "", dir + "a.jpg": "",
				"content/berita/2026/11/25-uji-baru/index.md": edit("images:", "aliases: [/berita/2026/11/25-uji/]\nimages:"),
				"content/berita/2026/11/25-uji-baru/a.jpg":    tinyJPEG(t)},
			nil, ExitOK},
		{"renamed with alias and changed",
			map[string]string{idx: validArticle}, map[string]string{idx: "", dir + "a.jpg": "",
				"content/berita/2026/11/25-uji-baru/index.md": strings.Replace(edit("images:", "aliases: [/berita/2026/11/25-uji/]\nimages:"), "Teks.", "Teks baru.", 1),
				"content/berita/2026/11/25-uji-baru/a.jpg":    tinyJPEG(t)},
			[]string{"content/berita/2026/11/25-uji-baru/index.md:10: berita yang sudah terbit diubah (isi) tanpa entri ralat baru [ralat-wajib]"}, ExitProblems},
		{"published article deleted",
			map[string]string{idx: validArticle}, map[string]string{idx: "", dir + "a.jpg": ""},
			[]string{idx + ": berita yang sudah terbit dihapus [berita-terbit-dihapus]"}, ExitProblems},
		{"draft at the base changes freely",
			map[string]string{idx: edit("images:", "draft: true\nimages:")}, map[string]string{idx: edit("title: Uji", "title: Uji Ulang")},
			nil, ExitOK},
		{"embargoed at the base changes freely",
			map[string]string{idx: edit("date: 2026-11-25 09:00", "date: 2026-11-27 09:00")},
			map[string]string{idx: edit("date: 2026-11-25 09:00", "date: 2026-11-27 10:00")},
			[]string{idx + ":3:7: peringatan: tanggal pada nama folder (2026-11-25) berbeda dengan `date` (2026-11-27) [tanggal-folder]"}, ExitOK},
		{"new article",
			map[string]string{idx: validArticle}, map[string]string{"content/berita/2026/11/26-lain/index.md": edit("date: 2026-11-25 09:00", "date: 2026-11-26 09:00"),
				"content/berita/2026/11/26-lain/a.jpg": tinyJPEG(t)},
			nil, ExitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := map[string]string{dir + "a.jpg": tinyJPEG(t)}
			for k, v := range tt.base {
				base[k] = v
			}
			root := baseRepo(t, base)
			for name, data := range tt.work {
				if data == "" {
					if err := os.Remove(filepath.Join(root, filepath.FromSlash(name))); err != nil {
						t.Fatal(err)
					}
					continue
				}
				writeFiles(t, root, map[string]string{name: data})
			}
			out, errOut, code := runCLI(t, root, nil, "check", "--base", "origin/main")
			var got []string
			for _, l := range strings.Split(out, "\n") {
				if l != "" && !strings.HasPrefix(l, " ") && !strings.HasPrefix(l, "warta check: ") {
					got = append(got, l)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") || code != tt.code {
				t.Errorf("exit %d, problems:\n%s\nwant exit %d:\n%s\nstderr: %s", code, strings.Join(got, "\n"), tt.code, strings.Join(tt.want, "\n"), errOut)
			}
			if len(tt.want) > 0 && strings.Count(out, "\n    saran: ") < len(tt.want) {
				t.Errorf("a problem without a fix:\n%s", out)
			}
			if strings.Contains(errOut, "--base") {
				t.Errorf("stderr mentions --base although it was given: %s", errOut)
			}
		})
	}
}

func TestCheckWithoutBaseSaysSoOnce(t *testing.T) {
	root := writeRepo(t, map[string]string{
		"content/berita/2026/11/25-uji/index.md": validArticle,
		"content/berita/2026/11/25-uji/a.jpg":    tinyJPEG(t),
	})
	for _, format := range []string{"text", "github", "json"} {
		out, errOut, code := runCLI(t, root, nil, "check", "--format", format)
		if code != ExitOK {
			t.Fatalf("%s: exit %d\n%s%s", format, code, out, errOut)
		}
		if n := strings.Count(errOut, "tanpa --base"); n != 1 {
			t.Errorf("%s: the skipped history rules are mentioned %d times on stderr, want once:\n%s", format, n, errOut)
		}
		if strings.Contains(out, "--base") {
			t.Errorf("%s: stdout mentions --base (it is a note, not a problem):\n%s", format, out)
		}
	}
}

func TestCheckBaseUnknownRef(t *testing.T) {
	root := baseRepo(t, map[string]string{
		"content/berita/2026/11/25-uji/index.md": validArticle,
		"content/berita/2026/11/25-uji/a.jpg":    tinyJPEG(t),
	})
	_, errOut, code := runCLI(t, root, nil, "check", "--base", "origin/tidak-ada")
	if code != ExitUsage || !strings.Contains(errOut, "--base origin/tidak-ada tidak dapat dibaca") || !strings.Contains(errOut, "saran: ") {
		t.Errorf("exit %d, stderr %q; want exit 2 naming the ref and a fix", code, errOut)
	}
	// Not a git repository at all.
	plain := writeRepo(t, nil)
	if _, _, code := runCLI(t, plain, nil, "check", "--base", "main"); code != ExitUsage {
		t.Errorf("outside a repository: exit %d, want 2", code)
	}
}

// TestTreeFS checks the git tree file system against testing/fstest.
func TestTreeFS(t *testing.T) {
	files := map[string]string{
		"content/berita/2026/11/25-uji/index.md": validArticle,
		"content/berita/2026/11/25-uji/a.jpg":    tinyJPEG(t),
	}
	root := baseRepo(t, files)
	fsys, _, _, err := openBase(root, "origin/main", os.DirFS(root))
	if err != nil {
		t.Fatal(err)
	}
	if err := fstest.TestFS(fsys, "content/berita/2026/11/25-uji/index.md", "content/berita/2026/11/25-uji/a.jpg", "site/config.yaml", "CODEOWNERS"); err != nil {
		t.Fatal(err)
	}
	// A folder inside the repository reads the same folder at the base.
	sub, _, _, err := openBase(filepath.Join(root, "content"), "origin/main", os.DirFS(filepath.Join(root, "content")))
	if err != nil {
		t.Fatal(err)
	}
	if err := fstest.TestFS(sub, "berita/2026/11/25-uji/index.md"); err != nil {
		t.Fatal(err)
	}
}

// TestCheckBaseFirstParent is how the workflow calls check: the pull
// request's merge commit is checked out (fetch-depth: 2) and its first
// parent is the base.
func TestCheckBaseFirstParent(t *testing.T) {
	root := baseRepo(t, map[string]string{
		"content/berita/2026/11/25-uji/index.md": validArticle,
		"content/berita/2026/11/25-uji/a.jpg":    tinyJPEG(t),
	})
	writeFiles(t, root, map[string]string{"content/berita/2026/11/25-uji/index.md": strings.Replace(validArticle, "Teks.", "Teks lain.", 1)})
	repo, err := git.PlainOpen(root)
	if err != nil {
		t.Fatal(err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wt.Commit("merge", &git.CommitOptions{All: true, Author: &object.Signature{Name: "GitHub", Email: "noreply@example.test",
		When: time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC)}}); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runCLI(t, root, nil, "check", "--base", "HEAD^1")
	if code != ExitProblems || !strings.Contains(out, "content/berita/2026/11/25-uji/index.md:9: berita yang sudah terbit diubah (isi) tanpa entri ralat baru [ralat-wajib]") {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}
}
