package sop

import (
	"testing"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/config"
	"github.com/kominfotik-lampung/warta/pipeline/internal/githubfake"
	"github.com/kominfotik-lampung/warta/pipeline/ledger"
)

// The hand-computed scenario (minutes after each PR's T):
//
// PR #10, "Closes #5", T0 = 2 Nov 2026 09:00 WIB:
//
//	issue #5 opened by kabid1 0, assigned kasi1 3, assigned staf1 10
//	PR opened as draft 20, ready 30, kasi1 changes 40, kasi1 approves 55,
//	bot requests kabid1 56, kabid1 approves 60, merged 62, ledger done 70.
//	assign 3, direct 7, produce 20, correct 25, forward 1, verify 4,
//	handback 2, publish 8; total 62; 1 round.
//
// PR #11, no assignment, T1 = 3 Nov 2026 10:00 WIB:
//
//	PR opened ready 0, staf2 requests kabid1 1, kasi1 approves 30,
//	kabid1 approves 45, merged 50; never in the ledger.
//	correct 30, forward 0 (request already standing), verify 15,
//	handback 5; total 50.
//
// PR #12, assignment #7 from front matter, T2 = 10 Nov 2026 08:00 WIB:
//
//	issue #7 opened 0, assigned kasi1 2, assigned staf1 4, PR opened 30,
//	kasi1 approves 40, kabid1 requests changes 50 (no review request:
//	forward ends there), kabid1 approves 80, merged 81, ledger done 90.
//	assign 2, direct 2, produce 26, correct 10, forward 10, verify 30,
//	handback 1, publish 9; total 81; 1 round.
//
// Out of the report: #13 merged before the range, #14 touches no news,
// #15 closed without merge.
var (
	t0 = time.Date(2026, 11, 2, 2, 0, 0, 0, time.UTC)
	t1 = time.Date(2026, 11, 3, 3, 0, 0, 0, time.UTC)
	t2 = time.Date(2026, 11, 10, 1, 0, 0, 0, time.UTC)
)

func at(t time.Time, min int) time.Time { return t.Add(time.Duration(min) * time.Minute) }

// scenarioRepo serves the scenario from a fake GitHub until the test ends.
func scenarioRepo(t *testing.T) *githubfake.Server {
	t.Helper()
	f := githubfake.New(t, "kominfo", "berita", "test-token")
	files := func(names ...string) []githubfake.File {
		var out []githubfake.File
		for _, n := range names {
			out = append(out, githubfake.File{Name: n})
		}
		return out
	}
	f.AddIssue(
		&githubfake.Issue{Number: 5, Title: "Penugasan: Peresmian jembatan", Author: "kabid1", Created: t0, Labels: []string{"penugasan"},
			Events: []githubfake.Event{
				{Event: "labeled", Actor: "kabid1", At: t0, Label: "penugasan"},
				{Event: "assigned", Actor: "kabid1", At: at(t0, 3), Assignee: "kasi1"},
				{Event: "cross-referenced", Actor: "staf1", At: at(t0, 5)},
				{Event: "assigned", Actor: "kasi1", At: at(t0, 10), Assignee: "staf1"},
			}},
		&githubfake.Issue{Number: 7, Title: "Penugasan: Banjir", Author: "kabid1", Created: t2,
			Events: []githubfake.Event{
				{Event: "assigned", Actor: "kabid1", At: at(t2, 2), Assignee: "kasi1"},
				{Event: "assigned", Actor: "kasi1", At: at(t2, 4), Assignee: "staf1"},
			}},
	)
	f.AddPR(
		&githubfake.PR{Number: 10, Title: "Peresmian jembatan", Author: "staf1", Body: "Naskah peresmian.\n\nCloses #5\n",
			Created: at(t0, 20), Merged: at(t0, 62), Commits: make([]githubfake.Commit, 3),
			Files: files("content/berita/2026/11/02-jembatan/index.md", "content/berita/2026/11/02-jembatan/foto.jpg", "content/berita/2026/11/02-jembatan/foto2.jpg"),
			Reviews: []githubfake.Review{
				{User: "kasi1", State: "CHANGES_REQUESTED", At: at(t0, 40)},
				{User: "kasi1", State: "COMMENTED", At: at(t0, 50)},
				{User: "kasi1", State: "APPROVED", At: at(t0, 55)},
				{User: "kabid1", State: "APPROVED", At: at(t0, 60)},
			},
			Events: []githubfake.Event{
				{Event: "ready_for_review", Actor: "staf1", At: at(t0, 30)},
				{Event: "review_requested", Actor: "github-actions[bot]", At: at(t0, 56), Reviewer: "kabid1"},
				{Event: "merged", Actor: "kasi1", At: at(t0, 62)},
			}},
		&githubfake.PR{Number: 11, Title: "Rapat koordinasi", Author: "staf2", Body: "Liputan rapat.",
			Created: t1, Merged: at(t1, 50),
			Files: files("content/berita/2026/11/03-rapat/index.md"),
			Reviews: []githubfake.Review{
				{User: "kasi1", State: "APPROVED", At: at(t1, 30)},
				{User: "kabid1", State: "APPROVED", At: at(t1, 45)},
			},
			Events: []githubfake.Event{
				{Event: "review_requested", Actor: "staf2", At: at(t1, 1), Reviewer: "kabid1"},
				{Event: "merged", Actor: "kasi1", At: at(t1, 50)},
			}},
		&githubfake.PR{Number: 12, Title: "Banjir", Author: "staf1", Body: "Laporan banjir.",
			Created: at(t2, 30), Merged: at(t2, 81),
			Files: files("content/berita/2026/11/10-banjir/index.md"),
			Reviews: []githubfake.Review{
				{User: "kasi1", State: "APPROVED", At: at(t2, 40)},
				{User: "kabid1", State: "CHANGES_REQUESTED", At: at(t2, 50)},
				{User: "kabid1", State: "APPROVED", At: at(t2, 80)},
			},
			Events: []githubfake.Event{
				{Event: "merged", Actor: "kasi1", At: at(t2, 81)},
			}},
		&githubfake.PR{Number: 13, Title: "Lama", Author: "staf1", Created: time.Date(2026, 10, 20, 1, 0, 0, 0, time.UTC),
			Merged: time.Date(2026, 10, 21, 1, 0, 0, 0, time.UTC),
			Files:  files("content/berita/2026/10/20-lama/index.md")},
		&githubfake.PR{Number: 14, Title: "Ubah tema", Author: "dev1", Created: at(t1, 100), Merged: at(t1, 120),
			Files: files("site/templates/base.html")},
		&githubfake.PR{Number: 15, Title: "Batal", Author: "staf2", Created: at(t2, 10), Closed: at(t2, 20),
			Files: files("content/berita/2026/11/10-batal/index.md")},
	)
	return f
}

func scenarioConfig() *config.Config {
	c := config.Default()
	c.Roles.Kasi.Users = []string{"kasi1"}
	c.Roles.Kabid.Users = []string{"Kabid1"}
	loc, _ := time.LoadLocation("Asia/Jakarta")
	c.Location = loc
	return c
}

func scenarioLedger() []ledger.Entry {
	return []ledger.Entry{
		{Article: "berita/2026/11/02-jembatan", Platform: "facebook", State: ledger.Intent, Time: at(t0, 69)},
		{Article: "berita/2026/11/02-jembatan", Platform: "x", State: ledger.Done, Time: at(t0, 71)},
		{Article: "berita/2026/11/02-jembatan", Platform: "facebook", State: ledger.Done, Time: at(t0, 70)},
		{Article: "berita/2026/11/10-banjir", Platform: "facebook", State: ledger.Failed, Time: at(t2, 85)},
		{Article: "berita/2026/11/10-banjir", Platform: "facebook", State: ledger.Done, Time: at(t2, 90)},
	}
}
