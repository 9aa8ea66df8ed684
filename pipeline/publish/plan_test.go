package publish_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/ledger"
	"github.com/kominfotik-lampung/warta/pipeline/publish"
)

// TestPlanCorrections (issue 14): corrections are planned only where the
// post is done and not deleted, per index, once each, not before their
// date; a retraction plans deletions only, where the post is done.
func TestPlanCorrections(t *testing.T) {
	cfg := testConfig("https://example.go.id/")
	a := news("berita/2026/11/23-lama", now.Add(-48*time.Hour))
	a.Aliases = []string{"/berita/2026/11/22-lama/"}
	a.Corrections = []article.Correction{
		{Date: now.Add(-2 * time.Hour), Kind: article.Ralat, Note: "satu"},
		{Date: now.Add(-time.Hour), Kind: article.Koreksi, Note: "dua"},
		{Date: now.Add(time.Hour), Kind: article.Pembaruan, Note: "belum waktunya"},
	}
	line := func(platform, state string, n int) ledger.Entry {
		return ledger.Entry{Article: "berita/2026/11/22-lama", Platform: platform, State: state, PostID: platform + "-post", Correction: n, Time: now}
	}
	st := ledger.Fold([]ledger.Entry{
		line("facebook", ledger.Intent, 0), line("facebook", ledger.Done, 0), // posted, under the alias
		line("facebook", ledger.Intent, 1), line("facebook", ledger.Done, 1), // correction 1 done
		line("instagram", ledger.Intent, 0), // never confirmed: no comments
		line("x", ledger.Intent, 0), line("x", ledger.Done, 0), line("x", ledger.Deleted, 0),
	})
	var got []string
	for _, j := range publish.Plan([]*article.Article{a}, cfg, article.Platforms, now, st) {
		got = append(got, fmt.Sprintf("%s %s %d %s", j.Platform, j.Kind, j.Correction, j.Comment.Parent.ID))
	}
	want := []string{"facebook correction 2 facebook-post", "instagram post 0 "}
	if !slices.Equal(got, want) {
		t.Errorf("plan %q, want %q", got, want)
	}

	a.Retraction = &article.Retraction{Date: now, Reason: "Dicabut."}
	got = nil
	for _, j := range publish.Plan([]*article.Article{a}, cfg, article.Platforms, now, st) {
		got = append(got, fmt.Sprintf("%s %s %s", j.Platform, j.Kind, j.Target.ID))
	}
	if want := []string{"facebook delete facebook-post"}; !slices.Equal(got, want) {
		t.Errorf("retracted plan %q, want %q", got, want)
	}
}
