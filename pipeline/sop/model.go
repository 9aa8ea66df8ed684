package sop

import (
	"strings"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/config"
)

// PR is what GitHub records about one merged news pull request: the raw
// facts, before any SOP reading.
type PR struct {
	Number   int
	Title    string
	Author   string
	URL      string
	Created  time.Time
	Merged   time.Time
	MergedBy string // actor of the "merged" timeline event; "" if unknown
	// Articles are the IDs (berita/YYYY/MM/DD-slug) of the bundles the PR
	// touches, sorted.
	Articles []string
	// Assignment is the number of the assignment issue (from "Closes #N" in
	// the body or the article's front matter); 0 when there is none.
	Assignment int
	// Issue is the assignment issue, nil when there is none or it could
	// not be read (Notes says why).
	Issue *Issue
	// Events are the PR's timeline events warta reads (ready_for_review,
	// convert_to_draft, review_requested, merged), oldest first.
	Events []Event
	// Reviews are the PR's submitted reviews, oldest first.
	Reviews []Review
	// Notes explain facts that could not be read (Bahasa Indonesia).
	Notes []string
}

// Issue is the assignment issue.
type Issue struct {
	Number  int
	Title   string
	Author  string // who opened it (the Kabid, by the SOP)
	Created time.Time
	// Assigned are its "assigned" events, oldest first.
	Assigned []Event
}

// Event is one timeline event.
type Event struct {
	Kind  string // GitHub's event name: assigned, ready_for_review, ...
	Actor string // who did it
	At    time.Time
	// Assignee is the user assigned (assigned events).
	Assignee string
	// Reviewer and Team are who was asked to review (review_requested).
	Reviewer string
	Team     string
}

// Review is one submitted pull request review.
type Review struct {
	User  string
	State string // APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED
	At    time.Time
}

// Roles says who fills each SOP role: logins (compared case-insensitively)
// and, for review requests addressed to a team, the team slugs. Build it
// with NewRoles.
type Roles struct {
	KasiTeam, KabidTeam string
	kasi, kabid         map[string]bool
}

// NewRoles builds Roles from the members of each role (the config's users
// plus active team members, resolved by the caller) and the config's teams.
func NewRoles(kasi, kabid []string, cfg config.Roles) Roles {
	return Roles{KasiTeam: teamSlug(cfg.Kasi.Team), KabidTeam: teamSlug(cfg.Kabid.Team),
		kasi: lowerSet(kasi), kabid: lowerSet(kabid)}
}

// IsKasi reports whether login is a Kasi member.
func (r Roles) IsKasi(login string) bool { return login != "" && r.kasi[strings.ToLower(login)] }

// IsKabid reports whether login is a Kabid member.
func (r Roles) IsKabid(login string) bool { return login != "" && r.kabid[strings.ToLower(login)] }

func lowerSet(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, u := range list {
		m[strings.ToLower(u)] = true
	}
	return m
}

// teamSlug drops an "org/" prefix: review requests name the team by slug.
func teamSlug(t string) string {
	if i := strings.LastIndex(t, "/"); i >= 0 {
		return t[i+1:]
	}
	return t
}

// Milestone is one moment of the SOP that GitHub or the ledger records.
type Milestone int

// The milestones, in SOP order.
const (
	Opened         Milestone = iota // assignment issue opened (Kabid)
	KasiAssigned                    // issue assigned to a Kasi member
	StaffAssigned                   // issue assigned to a staff member
	Ready                           // PR ready for review
	KasiApproved                    // first valid Kasi approval
	KabidRequested                  // Kabid review requested (or Kabid review started)
	KabidApproved                   // Kabid approval
	Merged                          // PR merged
	Published                       // first "done" line in the ledger
	numMilestones
)

// Label is the milestone's name in Bahasa Indonesia.
func (m Milestone) Label() string {
	return [...]string{"isu penugasan dibuka", "ditugaskan ke Kasi", "ditugaskan ke staf", "PR siap direviu",
		"disetujui Kasi", "reviu Kabid diminta", "disetujui Kabid", "digabung", "terbit pertama"}[m]
}

// Step is one timed SOP step: from one milestone to the next.
type Step struct {
	Key   string // assign, direct, produce, correct, forward, verify, handback, publish
	Label string // Bahasa Indonesia
	From  Milestone
	To    Milestone
	// Standard is the SOP's time standard; negative when the SOP sets none.
	Standard time.Duration
}

// HasStandard reports whether the SOP sets a time for the step.
func (s Step) HasStandard() bool { return s.Standard >= 0 }

// Steps returns the timed steps in order, with the standards of cfg. The
// correction step (PR ready → first Kasi approval) and publishing have no
// standard in the SOP; they are shown so the timeline has no gap.
func Steps(std config.SOP) []Step {
	m := func(n int) time.Duration { return time.Duration(n) * time.Minute }
	return []Step{
		{"assign", "Penugasan ke Kasi", Opened, KasiAssigned, m(std.Assign)},
		{"direct", "Arahan ke staf", KasiAssigned, StaffAssigned, m(std.Direct)},
		{"produce", "Produksi naskah", StaffAssigned, Ready, m(std.Produce)},
		{"correct", "Koreksi Kasi", Ready, KasiApproved, -1},
		{"forward", "Teruskan ke Kabid", KasiApproved, KabidRequested, m(std.Forward)},
		{"verify", "Verifikasi Kabid", KabidRequested, KabidApproved, m(std.Verify)},
		{"handback", "Serahkan kembali (gabung)", KabidApproved, Merged, m(std.Handback)},
		{"publish", "Terbit (gabung → pos pertama)", Merged, Published, -1},
	}
}
