package gate_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/kominfotik-lampung/warta/pipeline/config"
	"github.com/kominfotik-lampung/warta/pipeline/gate"
	"github.com/kominfotik-lampung/warta/pipeline/ghclient"
	"github.com/kominfotik-lampung/warta/pipeline/internal/githubfake"
	"github.com/kominfotik-lampung/warta/pipeline/secret"
)

const (
	owner   = "kominfotik-lampung"
	repo    = "warta"
	token   = "ghs_test"
	oldSHA  = "1111111111111111111111111111111111111111"
	headSHA = "2222222222222222222222222222222222222222"
	bundle  = "content/berita/2026/11/25-jembatan-baru"
)

var t0 = time.Date(2026, 11, 25, 1, 0, 0, 0, time.UTC)

const cfgHead = `site:
  title: Berita Dinas Kominfotik Provinsi Lampung
  base_url: https://example.lampungprov.go.id/
  language: id
  timezone: Asia/Jakarta
social:
  facebook:  {enabled: true}
  instagram: {enabled: true}
  x:         {enabled: true}
sop: {assign: 2, direct: 5, produce: 7, forward: 2, verify: 2, handback: 1}
`

// TeamRoles and UserRoles are the two ways of naming role members.
const (
	TeamRoles = `roles:
  kasi:  {title: Kasi PIP,  team: kasi-pip,   users: []}
  kabid: {title: Kabid PLIP, team: kabid-plip, users: []}
`
	UserRoles = `roles:
  kasi:  {title: Kasi PIP,  users: [kasi1, penulis]}
  kabid: {title: Kabid PLIP, users: [kabid1, kabid2]}
`
)

func loadConfig(t *testing.T, roles string) *config.Config {
	t.Helper()
	cfg, probs, err := config.Parse([]byte(cfgHead+roles), config.Path)
	if err != nil || len(probs) > 0 {
		t.Fatalf("config: %v %v", err, probs)
	}
	return cfg
}

func photo(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		img.Set(x, x%30, color.RGBA{R: 200, A: 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const articleMD = `---
title: "Jembatan Baru Way Sekampung Diresmikan"
date: 2026-11-25 09:00
summary: "Gubernur meresmikan jembatan yang menghubungkan dua kecamatan di Lampung Timur."
activity: Peresmian jembatan
location: Kabupaten Lampung Timur
images:
  - src: foto.png
    alt: "Gubernur menggunting pita di ujung jembatan"
tags: [infrastruktur, jembatan]
assignment: 12
---
Jembatan sepanjang 120 meter itu diresmikan Rabu pagi.
`

// newFake builds a fake GitHub with PR #7 adding one article bundle, and
// the role teams: kasi-pip (kasi1, ganda active; diundang pending) and
// kabid-plip (kabid1, ganda).
func newFake(t *testing.T) (*githubfake.Server, *githubfake.PR) {
	t.Helper()
	f := githubfake.New(t, owner, repo, token)
	f.Teams[owner+"/kasi-pip"] = map[string]string{"kasi1": "active", "ganda": "active", "diundang": "pending", "penulis": "active"}
	f.Teams[owner+"/kabid-plip"] = map[string]string{"kabid1": "active", "ganda": "active"}
	f.Trees[headSHA] = map[string][]byte{
		bundle + "/index.md":                      []byte(articleMD),
		bundle + "/foto.png":                      photo(t),
		"content/berita/2026/11/01-lama/index.md": []byte("not part of the PR"),
		"site/config.yaml":                        []byte("from the PR: never read"),
	}
	pr := &githubfake.PR{
		Number: 7, Title: "Berita: jembatan baru", Author: "staf1", HeadSHA: headSHA, BaseRef: "main",
		Created: t0,
		Files:   []githubfake.File{{Name: bundle + "/index.md"}, {Name: bundle + "/foto.png"}},
	}
	f.PRs[7] = pr
	f.Now = t0.Add(30 * time.Minute)
	return f, pr
}

func client(t *testing.T, f *githubfake.Server) *github.Client {
	t.Helper()
	c, err := ghclient.New(f.URL, secret.Secret(token), f.Client(), ghclient.WithRetry(ghclient.RetryPolicy{Attempts: 2}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func review(id int64, user, state, commit string, min int) githubfake.Review {
	return githubfake.Review{ID: id, User: user, State: state, CommitID: commit, At: t0.Add(time.Duration(min) * time.Minute)}
}

func TestRun(t *testing.T) {
	tests := []struct {
		name     string
		roles    string
		setup    func(f *githubfake.Server, pr *githubfake.PR)
		state    string
		desc     string
		kasi     []string
		kabid    []string
		requests int // Kabid review requests made by the run
		check    func(t *testing.T, f *githubfake.Server, v *gate.Verdict)
	}{
		{name: "happy path, team roles", roles: TeamRoles, setup: func(f *githubfake.Server, pr *githubfake.PR) {
			pr.Reviews = []githubfake.Review{review(1, "kasi1", "APPROVED", headSHA, 5), review(2, "kabid1", "APPROVED", headSHA, 8)}
		}, state: "success", desc: "Terverifikasi", kasi: []string{"kasi1"}, kabid: []string{"kabid1"}},
		{name: "happy path, users roles without team lookups", roles: UserRoles, setup: func(f *githubfake.Server, pr *githubfake.PR) {
			pr.Reviews = []githubfake.Review{review(1, "kasi1", "APPROVED", headSHA, 5), review(2, "kabid1", "APPROVED", headSHA, 8)}
		}, state: "success", desc: "Terverifikasi", kasi: []string{"kasi1"}, kabid: []string{"kabid1"},
			check: func(t *testing.T, f *githubfake.Server, v *gate.Verdict) {
				if n := f.Count("GET /orgs/"); n != 0 {
					t.Errorf("%d team lookups with users roles", n)
				}
			}},
		{name: "Kabid before Kasi is pending and asks the Kabid again", roles: TeamRoles, setup: func(f *githubfake.Server, pr *githubfake.PR) {
			pr.Reviews = []githubfake.Review{review(1, "kabid1", "APPROVED", headSHA, 5), review(2, "kasi1", "APPROVED", headSHA, 8)}
		}, state: "pending", desc: "Menunggu verifikasi Kabid", kasi: []string{"kasi1"}, requests: 1},
		{name: "stale approvals after a new commit", roles: TeamRoles, setup: func(f *githubfake.Server, pr *githubfake.PR) {
			pr.Reviews = []githubfake.Review{review(1, "kasi1", "APPROVED", oldSHA, 5), review(2, "kabid1", "APPROVED", oldSHA, 8)}
		}, state: "pending", desc: "Menunggu persetujuan Kasi"},
		{name: "changes requested by the Kabid", roles: TeamRoles, setup: func(f *githubfake.Server, pr *githubfake.PR) {
			pr.Reviews = []githubfake.Review{review(1, "kasi1", "APPROVED", headSHA, 5), review(2, "kabid1", "CHANGES_REQUESTED", headSHA, 8)}
		}, state: "failure", desc: "Perlu perbaikan: perubahan diminta oleh @kabid1", kasi: []string{"kasi1"}},
		{name: "changes requested then approved by the same Kasi", roles: TeamRoles, setup: func(f *githubfake.Server, pr *githubfake.PR) {
			pr.Reviews = []githubfake.Review{review(1, "kasi1", "CHANGES_REQUESTED", oldSHA, 3),
				review(2, "kasi1", "APPROVED", headSHA, 6), review(3, "kabid1", "APPROVED", headSHA, 9)}
		}, state: "success", kasi: []string{"kasi1"}, kabid: []string{"kabid1"}},
		{name: "dismissed approval", roles: TeamRoles, setup: func(f *githubfake.Server, pr *githubfake.PR) {
			pr.Reviews = []githubfake.Review{review(1, "kasi1", "DISMISSED", headSHA, 5), review(2, "kabid1", "APPROVED", headSHA, 8)}
		}, state: "pending", desc: "Menunggu persetujuan Kasi"},
		{name: "one person in both roles", roles: TeamRoles, setup: func(f *githubfake.Server, pr *githubfake.PR) {
			pr.Reviews = []githubfake.Review{review(1, "ganda", "APPROVED", headSHA, 5)}
			pr.RequestedUsers = []string{"ganda"} // a dual member requested counts as Kasi here
		}, state: "pending", desc: "Menunggu verifikasi Kabid", kasi: []string{"ganda"}, requests: 1},
		{name: "the PR author listed in a role", roles: UserRoles, setup: func(f *githubfake.Server, pr *githubfake.PR) {
			pr.Author = "penulis"
			pr.Reviews = []githubfake.Review{review(1, "penulis", "APPROVED", headSHA, 5), review(2, "kabid1", "APPROVED", headSHA, 8)}
		}, state: "pending", desc: "Menunggu persetujuan Kasi"},
		{name: "COMMENTED after APPROVED", roles: TeamRoles, setup: func(f *githubfake.Server, pr *githubfake.PR) {
			pr.Reviews = []githubfake.Review{review(1, "kasi1", "APPROVED", headSHA, 5), review(2, "kasi1", "COMMENTED", headSHA, 6),
				review(3, "kabid1", "APPROVED", headSHA, 8), review(4, "kabid1", "COMMENTED", headSHA, 9)}
		}, state: "success", kasi: []string{"kasi1"}, kabid: []string{"kabid1"}},
		{name: "more than 100 reviews across pages", roles: TeamRoles, setup: func(f *githubfake.Server, pr *githubfake.PR) {
			for i := range 150 {
				pr.Reviews = append(pr.Reviews, review(int64(i+1), "kasi1", "COMMENTED", headSHA, i))
			}
			pr.Reviews = append(pr.Reviews, review(500, "kasi1", "APPROVED", headSHA, 200), review(501, "kabid1", "APPROVED", headSHA, 201))
		}, state: "success", kasi: []string{"kasi1"}, kabid: []string{"kabid1"},
			check: func(t *testing.T, f *githubfake.Server, v *gate.Verdict) {
				if n := f.Count("GET /repos/" + owner + "/" + repo + "/pulls/7/reviews"); n != 2 {
					t.Errorf("%d review pages read, want 2", n)
				}
				if n := f.Count("GET /repos/" + owner + "/" + repo + "/pulls/7/reviews?page=2&per_page=100"); n != 1 {
					t.Errorf("second page not read with per_page=100: %q", f.Requests)
				}
			}},
		{name: "draft PR", roles: TeamRoles, setup: func(f *githubfake.Server, pr *githubfake.PR) {
			pr.Draft = true
			pr.Reviews = []githubfake.Review{review(1, "kasi1", "APPROVED", headSHA, 5)}
		}, state: "pending", desc: "draf", kasi: []string{"kasi1"}},
		{name: "PR touching no content", roles: TeamRoles, setup: func(f *githubfake.Server, pr *githubfake.PR) {
			pr.Files = []githubfake.File{{Name: "pipeline/gate/gate.go", Status: "modified"}, {Name: "README.md", Status: "modified"}}
		}, state: "success", desc: "bukan naskah berita",
			check: func(t *testing.T, f *githubfake.Server, v *gate.Verdict) {
				if n := f.Count("GET /repos/" + owner + "/" + repo + "/contents"); n != 0 {
					t.Errorf("content fetched for a PR without content")
				}
			}},
		{name: "pending team invitation is not membership", roles: TeamRoles, setup: func(f *githubfake.Server, pr *githubfake.PR) {
			pr.Reviews = []githubfake.Review{review(1, "diundang", "APPROVED", headSHA, 5), review(2, "kabid1", "APPROVED", headSHA, 8)}
		}, state: "pending", desc: "Menunggu persetujuan Kasi",
			check: func(t *testing.T, f *githubfake.Server, v *gate.Verdict) {
				if !slices.ContainsFunc(v.Reasons, func(r string) bool { return strings.Contains(r, "undangan") }) {
					t.Errorf("reasons %q", v.Reasons)
				}
			}},
		{name: "non-member (404) does not count", roles: TeamRoles, setup: func(f *githubfake.Server, pr *githubfake.PR) {
			pr.Reviews = []githubfake.Review{review(1, "tamu", "APPROVED", headSHA, 5)}
		}, state: "pending", desc: "Menunggu persetujuan Kasi"},
		{name: "Kasi approval requests the Kabid team", roles: TeamRoles, setup: func(f *githubfake.Server, pr *githubfake.PR) {
			pr.Reviews = []githubfake.Review{review(1, "kasi1", "APPROVED", headSHA, 5)}
		}, state: "pending", desc: "Menunggu verifikasi Kabid", kasi: []string{"kasi1"}, requests: 1,
			check: func(t *testing.T, f *githubfake.Server, v *gate.Verdict) {
				if pr := f.PRs[7]; !slices.Equal(pr.RequestedTeams, []string{"kabid-plip"}) {
					t.Errorf("requested teams %q", pr.RequestedTeams)
				}
			}},
		{name: "Kasi approval requests the Kabid users", roles: UserRoles, setup: func(f *githubfake.Server, pr *githubfake.PR) {
			pr.Reviews = []githubfake.Review{review(1, "kasi1", "APPROVED", headSHA, 5)}
		}, state: "pending", kasi: []string{"kasi1"}, requests: 1,
			check: func(t *testing.T, f *githubfake.Server, v *gate.Verdict) {
				if pr := f.PRs[7]; !slices.Equal(pr.RequestedUsers, []string{"kabid1", "kabid2"}) {
					t.Errorf("requested users %q", pr.RequestedUsers)
				}
			}},
		{name: "Kabid stale approval after a new commit asks the Kabid again", roles: TeamRoles, setup: func(f *githubfake.Server, pr *githubfake.PR) {
			pr.Reviews = []githubfake.Review{review(1, "kasi1", "APPROVED", headSHA, 5), review(2, "kabid1", "APPROVED", oldSHA, 6)}
		}, state: "pending", kasi: []string{"kasi1"}, requests: 1},
		{name: "Kabid already requested by hand", roles: TeamRoles, setup: func(f *githubfake.Server, pr *githubfake.PR) {
			pr.Reviews = []githubfake.Review{review(1, "kasi1", "APPROVED", headSHA, 5)}
			pr.RequestedUsers = []string{"kabid1"}
		}, state: "pending", kasi: []string{"kasi1"}},
		{name: "Kabid already reviewed", roles: TeamRoles, setup: func(f *githubfake.Server, pr *githubfake.PR) {
			pr.Reviews = []githubfake.Review{review(1, "kasi1", "APPROVED", headSHA, 5), review(2, "kabid1", "COMMENTED", headSHA, 6)}
		}, state: "pending", kasi: []string{"kasi1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, pr := newFake(t)
			tt.setup(f, pr)
			cfg := loadConfig(t, tt.roles)
			v, err := gate.Run(t.Context(), client(t, f), owner, repo, 7, cfg, gate.RunOptions{
				TargetURL: "https://github.example/" + owner + "/" + repo + "/actions/runs/99",
				Now:       func() time.Time { return t0.Add(time.Hour) },
			})
			if err != nil {
				t.Fatalf("Run: %v\n%s", err, ghclient.Describe(err))
			}
			if v.State != tt.state || !strings.Contains(v.Description, tt.desc) {
				t.Errorf("verdict %s %q, want %s %q (reasons %q)", v.State, v.Description, tt.state, tt.desc, v.Reasons)
			}
			if !slices.Equal(v.Kasi, nonNil(tt.kasi)) || !slices.Equal(v.Kabid, nonNil(tt.kabid)) {
				t.Errorf("kasi %q kabid %q, want %q %q", v.Kasi, v.Kabid, tt.kasi, tt.kabid)
			}
			want := gitStatus(v.State, v.Description)
			if len(f.Statuses) != 1 || f.Statuses[0] != want {
				t.Errorf("statuses %+v, want [%+v]", f.Statuses, want)
			}
			if n := f.Count("POST /repos/" + owner + "/" + repo + "/pulls/7/requested_reviewers"); n != tt.requests {
				t.Errorf("%d review requests, want %d", n, tt.requests)
			}
			if len(pr.Comments) != 1 || !strings.HasPrefix(pr.Comments[0].Body, gate.Marker) {
				t.Errorf("comments: %+v", pr.Comments)
			}
			for _, r := range f.Requests {
				if strings.Contains(r, "01-lama") || strings.Contains(r, "site/config.yaml") {
					t.Errorf("read outside the PR's bundles: %s", r)
				}
			}
			if tt.check != nil {
				tt.check(t, f, v)
			}
		})
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func gitStatus(state, desc string) githubfake.Status {
	return githubfake.Status{SHA: headSHA, State: state, Description: desc, Context: "warta/sop",
		TargetURL: "https://github.example/" + owner + "/" + repo + "/actions/runs/99"}
}

// TestSecondRun runs the gate twice, as on two events: the Kabid review is
// requested once, and the one comment is edited, never duplicated.
func TestSecondRun(t *testing.T) {
	f, pr := newFake(t)
	pr.Reviews = []githubfake.Review{review(1, "kasi1", "APPROVED", headSHA, 5)}
	pr.Comments = []githubfake.Comment{{ID: 1, User: "staf1", Body: "Mohon ditinjau."}}
	cfg := loadConfig(t, TeamRoles)
	c := client(t, f)
	now := func() time.Time { return t0.Add(time.Hour) }
	f.Now = now() // GitHub's clock and the runner's agree
	run := func() *gate.Verdict {
		t.Helper()
		v, err := gate.Run(t.Context(), c, owner, repo, 7, cfg, gate.RunOptions{Now: now})
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		return v
	}
	v := run()
	if v.State != "pending" || len(pr.RequestedTeams) != 1 {
		t.Fatalf("first run: %s, requested %q", v.State, pr.RequestedTeams)
	}
	first := pr.Comments[1].Body
	if !strings.Contains(first, "Ulasan Kabid PLIP diminta dari @\u200b"+owner+"/kabid-plip pada 25 Nov 09:00 WIB") {
		t.Errorf("first comment does not say who was asked:\n%s", first)
	}

	// Second event: nothing changed; nothing is requested again.
	run()
	if n := f.Count("POST /repos/" + owner + "/" + repo + "/pulls/7/requested_reviewers"); n != 1 {
		t.Errorf("%d review requests after two runs, want 1", n)
	}
	if n := f.Count("POST /repos/" + owner + "/" + repo + "/issues/7/comments"); n != 1 {
		t.Errorf("%d comments created, want 1", n)
	}

	// Third event: the Kabid approves (GitHub drops the team request); the
	// comment is edited in place.
	pr.RequestedTeams = nil
	pr.Reviews = append(pr.Reviews, review(2, "kabid1", "APPROVED", headSHA, 9))
	v = run()
	if v.State != "success" {
		t.Fatalf("third run: %s %q", v.State, v.Reasons)
	}
	if len(pr.Comments) != 2 || pr.Comments[0].Body != "Mohon ditinjau." {
		t.Fatalf("comments: %+v", pr.Comments)
	}
	if n := f.Count("PATCH /repos/" + owner + "/" + repo + "/issues/comments/"); n != 1 {
		t.Errorf("%d comment edits, want 1 (the second run changed nothing)", n)
	}
	if pr.Comments[1].Body == first || !strings.Contains(pr.Comments[1].Body, "✅ **Lulus**") {
		t.Errorf("comment not updated:\n%s", pr.Comments[1].Body)
	}
	if n := f.Count("POST /repos/" + owner + "/" + repo + "/pulls/7/requested_reviewers"); n != 1 {
		t.Errorf("%d review requests after three runs, want 1", n)
	}
	if len(f.Statuses) != 3 {
		t.Errorf("%d statuses, want 3", len(f.Statuses))
	}
}

// TestNoStatus: --no-status writes nothing; the fake fails on any write.
func TestNoStatus(t *testing.T) {
	f, pr := newFake(t)
	f.ReadOnly = true
	pr.Reviews = []githubfake.Review{review(1, "kasi1", "APPROVED", headSHA, 5)}
	v, err := gate.Run(t.Context(), client(t, f), owner, repo, 7, loadConfig(t, TeamRoles), gate.RunOptions{NoStatus: true})
	if err != nil {
		t.Fatal(err)
	}
	if v.State != "pending" || len(f.Writes()) != 0 {
		t.Errorf("state %s, writes %q", v.State, f.Writes())
	}
}

// TestEvaluateWritesNothing: the publish helper's entry point only reads.
func TestEvaluateWritesNothing(t *testing.T) {
	f, pr := newFake(t)
	f.ReadOnly = true
	pr.Merged, pr.MergedBy = t0.Add(10*time.Minute), "kasi1"
	pr.Reviews = []githubfake.Review{review(1, "kasi1", "APPROVED", headSHA, 5), review(2, "kabid1", "APPROVED", headSHA, 8)}
	v, err := gate.Evaluate(t.Context(), client(t, f), owner, repo, 7, loadConfig(t, TeamRoles))
	if err != nil {
		t.Fatal(err)
	}
	if v.State != "success" || v.HeadSHA != headSHA {
		t.Errorf("verdict %+v", v)
	}
	if n := f.Count("GET /repos/" + owner + "/" + repo + "/contents"); n != 0 {
		t.Errorf("Evaluate fetched content")
	}
}

func TestComment(t *testing.T) {
	f, pr := newFake(t)
	pr.Reviews = []githubfake.Review{review(1, "kasi1", "APPROVED", headSHA, 5)}
	pr.Events = []githubfake.Event{{ID: 1, Event: "review_requested", Actor: "kasi1", Team: "kabid-plip", At: t0.Add(6 * time.Minute)}}
	pr.RequestedTeams = []string{"kabid-plip"}
	cfg := loadConfig(t, TeamRoles)
	if _, err := gate.Run(t.Context(), client(t, f), owner, repo, 7, cfg, gate.RunOptions{Now: func() time.Time { return t0.Add(10 * time.Minute) }}); err != nil {
		t.Fatal(err)
	}
	if n := f.Count("POST /repos/" + owner + "/" + repo + "/pulls/7/requested_reviewers"); n != 0 {
		t.Errorf("Kabid team requested again")
	}
	body := pr.Comments[0].Body
	for _, want := range []string{
		gate.Marker,
		"⏳ **Menunggu**",
		"| ✅ | 1–2. Penugasan dan arahan | lihat isu #12 |",
		"| ✅ | 3. Staf menyusun naskah dan foto; Kasi PIP mengoreksi | @\u200b", // mentions are neutralised in text
		"| ✅ | 4. Kasi PIP meneruskan ke Kabid PLIP |",
		"25 Nov 08:05 WIB | 25 Nov 08:06 WIB | 1 mnt | 2 mnt |",
		"| ⏳ | 5. Kabid PLIP memverifikasi |  | 25 Nov 08:06 WIB |  | berjalan 4 mnt | 2 mnt |",
		"#### Jembatan Baru Way Sekampung Diresmikan",
		"<b>Facebook</b>:",
		"<b>Instagram</b>:",
		"foto: <code>foto.png</code>",
		"<b>X</b>:",
		"karakter berbobot",
		"https://example.lampungprov.go.id/berita/2026/11/25-jembatan-baru/",
		"#infrastruktur #jembatan",
		"### Hasil `warta check`",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("comment lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(body)
	}
}

func TestCommentReportsCheckProblems(t *testing.T) {
	f, pr := newFake(t)
	f.Trees[headSHA][bundle+"/index.md"] = []byte(strings.Replace(articleMD, "location: Kabupaten Lampung Timur\n", "", 1))
	cfg := loadConfig(t, TeamRoles)
	v, err := gate.Run(t.Context(), client(t, f), owner, repo, 7, cfg, gate.RunOptions{Now: func() time.Time { return t0 }})
	if err != nil {
		t.Fatal(err)
	}
	body := pr.Comments[0].Body
	if len(v.Problems) == 0 || !strings.Contains(body, "1 kesalahan") || !strings.Contains(body, bundle+"/index.md") || !strings.Contains(body, "location") {
		t.Errorf("problems %v; comment:\n%s", v.Problems, body)
	}
}

func TestRunErrors(t *testing.T) {
	tests := []struct {
		name  string
		setup func(f *githubfake.Server, pr *githubfake.PR)
		pr    int
		kind  ghclient.Kind
		want  string // in Describe
	}{
		{"unknown PR", func(f *githubfake.Server, pr *githubfake.PR) {}, 8, ghclient.NotFound, "404"},
		{"status without permission", func(f *githubfake.Server, pr *githubfake.PR) {
			f.Fail["POST /repos/"+owner+"/"+repo+"/statuses/"] = 403
		}, 7, ghclient.Forbidden, "statuses: write"},
		{"comment without permission", func(f *githubfake.Server, pr *githubfake.PR) {
			f.Fail["POST /repos/"+owner+"/"+repo+"/issues/7/comments"] = 403
		}, 7, ghclient.Forbidden, "pull-requests: write"},
		{"team not readable", func(f *githubfake.Server, pr *githubfake.PR) {
			delete(f.Teams, owner+"/kasi-pip")
			pr.Reviews = []githubfake.Review{review(1, "kasi1", "APPROVED", headSHA, 5)}
		}, 7, ghclient.NotFound, "read:org"},
		{"server keeps failing", func(f *githubfake.Server, pr *githubfake.PR) {
			f.Fail["GET /repos/"+owner+"/"+repo+"/pulls/7/reviews"] = 502
		}, 7, ghclient.ServerError, "502"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, pr := newFake(t)
			tt.setup(f, pr)
			_, err := gate.Run(t.Context(), client(t, f), owner, repo, tt.pr, loadConfig(t, TeamRoles), gate.RunOptions{})
			if err == nil {
				t.Fatal("no error")
			}
			a := ghclient.Classify(err)
			if a.Kind != tt.kind || !strings.Contains(ghclient.Describe(err), tt.want) {
				t.Errorf("kind %s, %q; want %s, %q", a.Kind, ghclient.Describe(err), tt.kind, tt.want)
			}
		})
	}
}

func TestStatusDescriptionFits(t *testing.T) {
	f, pr := newFake(t)
	var names []string
	for i := range 12 {
		u := fmt.Sprintf("pengulas-dengan-nama-sangat-panjang-%02d", i)
		names = append(names, u)
		pr.Reviews = append(pr.Reviews, review(int64(i+1), u, "CHANGES_REQUESTED", headSHA, i))
	}
	cfg := loadConfig(t, "roles:\n  kasi: {users: ["+strings.Join(names, ", ")+"]}\n  kabid: {users: [kabid1]}\n")
	v, err := gate.Run(t.Context(), client(t, f), owner, repo, 7, cfg, gate.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if v.State != "failure" || len([]rune(f.Statuses[0].Description)) > 140 {
		t.Errorf("%s %q", v.State, f.Statuses[0].Description)
	}
}
