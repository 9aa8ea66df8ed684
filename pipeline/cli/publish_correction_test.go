package cli

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/publish"
)

// TestPublishDryRunCorrections (issue 14): a dry run writes each
// correction (…--ralat-<n>.json) and each deletion of a retracted article
// (…--hapus.json) to the outbox and lists them in the table; a retracted
// article gets no post.
func TestPublishDryRunCorrections(t *testing.T) {
	jpg := tinyJPEG(t)
	corrected := strings.Replace(validArticle, "images:", "corrections:\n"+
		"  - {date: \"2026-11-26 08:00\", kind: ralat, note: \"Sebelumnya tertulis Kota Metro; yang benar Kabupaten Pesawaran.\"}\n"+
		"platforms: [facebook, x]\nimages:", 1)
	retracted := strings.Replace(validArticle, "images:", "retraction: {date: \"2026-11-26 09:00\", reason: \"Dicabut atas permintaan narasumber.\"}\nimages:", 1)
	root := writeRepo(t, map[string]string{
		"content/berita/2026/11/25-ralat/index.md": corrected,
		"content/berita/2026/11/25-ralat/a.jpg":    jpg,
		"content/berita/2026/11/25-cabut/index.md": retracted,
		"content/berita/2026/11/25-cabut/a.jpg":    jpg,
	})
	out, errs, code := runCLI(t, root, nil, "publish", "--dry-run")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	var files []string
	filepath.WalkDir(filepath.Join(root, "outbox"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	want := []string{
		"outbox/facebook/berita-2026-11-25-cabut--hapus.json",
		"outbox/facebook/berita-2026-11-25-ralat--ralat-1.json",
		"outbox/facebook/berita-2026-11-25-ralat.json",
		"outbox/instagram/berita-2026-11-25-cabut--hapus.json",
		"outbox/x/berita-2026-11-25-cabut--hapus.json",
		"outbox/x/berita-2026-11-25-ralat--ralat-1.json",
		"outbox/x/berita-2026-11-25-ralat.json",
	}
	if !slices.Equal(files, want) {
		t.Errorf("outbox files\n%s\nwant\n%s", strings.Join(files, "\n"), strings.Join(want, "\n"))
	}
	var x outboxPost
	b, _ := os.ReadFile(filepath.Join(root, "outbox/x/berita-2026-11-25-ralat--ralat-1.json"))
	if err := json.Unmarshal(b, &x); err != nil {
		t.Fatal(err)
	}
	const url = "https://example.lampungprov.go.id/berita/2026/11/25-ralat/"
	if x.Kind != "correction" || x.Correction != 1 || x.Text != "Ralat: Sebelumnya tertulis Kota Metro; yang benar Kabupaten Pesawaran. "+url ||
		x.Characters.Limit != 280 {
		t.Errorf("x correction outbox: %+v", x)
	}
	var del outboxPost
	b, _ = os.ReadFile(filepath.Join(root, "outbox/instagram/berita-2026-11-25-cabut--hapus.json"))
	if err := json.Unmarshal(b, &del); err != nil || del.Kind != "delete" || del.Text != "" {
		t.Errorf("instagram deletion outbox: %+v %v", del, err)
	}
	for _, row := range []string{"berita/2026/11/25-ralat  x         ", "ralat #1", "hapus (pencabutan)", "7 calon kiriman"} {
		if !strings.Contains(out, row) {
			t.Errorf("output lacks %q:\n%s", row, out)
		}
	}
}

// TestManualDeleteMessage (issue 14): a deletion Instagram refused names
// the media (id and link) to delete by hand, says it is repeated each run
// and how it ends, and counts as a problem (exit 1).
func TestManualDeleteMessage(t *testing.T) {
	it := publish.Item{Article: &article.Article{ID: "berita/2026/11/25-cabut", File: "content/berita/2026/11/25-cabut/index.md"},
		Platform: article.Instagram, Kind: publish.JobDelete, Outcome: publish.Manual,
		Err: &publish.DeleteRefusedError{Platform: article.Instagram, ID: "17900000000000001", URL: "https://www.instagram.com/p/FAKE1/",
			Err: errors.New("graph: POST /17900000000000001: HTTP 403: (#10) Application does not have permission for this action")}}
	msg := why(it)
	for _, want := range []string{"HAPUS MANUAL kiriman Instagram id 17900000000000001: https://www.instagram.com/p/FAKE1/",
		"setiap run", "`deleted`", "instagram_manage_contents"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
	if !it.Problem() {
		t.Error("a manual deletion must make the run exit 1")
	}
	var e Env
	var out, errb strings.Builder
	e.Stdio = Stdio{Out: &out, Err: &errb}
	e.printPublished(&publish.Result{Items: []publish.Item{it}})
	if !strings.Contains(errb.String(), "content/berita/2026/11/25-cabut/index.md [instagram]: berita ini dicabut") ||
		!strings.Contains(out.String(), "GAGAL DIHAPUS: hapus manual") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", out.String(), errb.String())
	}
}
