package sop

import (
	"sort"
	"strings"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/ledger"
)

// Record is one news PR read against the SOP: when each milestone happened,
// who made it happen, and how long each step took.
type Record struct {
	PR *PR
	// At holds each milestone's time; zero when GitHub or the ledger has
	// no record of it.
	At [numMilestones]time.Time
	// By holds who made each milestone happen ("" when unknown).
	By [numMilestones]string
	// Rounds counts the requests for changes (CHANGES_REQUESTED reviews by
	// anyone but the author): the SOP's correction rounds.
	Rounds int
	// Notes explain missing or odd milestones (Bahasa Indonesia).
	Notes []string
}

// Duration returns how long step s took and whether both ends are known. A
// step whose end came before its start (work done out of SOP order) counts
// as zero.
func (r *Record) Duration(s Step) (time.Duration, bool) {
	from, to := r.At[s.From], r.At[s.To]
	if from.IsZero() || to.IsZero() {
		return 0, false
	}
	return max(to.Sub(from), 0), true
}

// Start is the first known milestone before the merge: the issue's opening
// or, for a PR without assignment, the moment the PR was ready.
func (r *Record) Start() time.Time {
	for m := Opened; m < Merged; m++ {
		if !r.At[m].IsZero() {
			return r.At[m]
		}
	}
	return r.At[Merged]
}

// Total is the time from Start to the merge.
func (r *Record) Total() time.Duration { return max(r.At[Merged].Sub(r.Start()), 0) }

// Article is the PR's article IDs joined for display.
func (r *Record) Article() string { return strings.Join(r.PR.Articles, " ") }

// FirstDone returns, per article ID, the time of its earliest "done" line in
// the ledger: when it first appeared on any platform. Lines of corrections
// (a comment or reply under the post) do not count.
func FirstDone(entries []ledger.Entry) map[string]time.Time {
	m := map[string]time.Time{}
	for _, e := range entries {
		if e.State != ledger.Done || e.Time.IsZero() || e.Correction != 0 {
			continue
		}
		if t, ok := m[e.Article]; !ok || e.Time.Before(t) {
			m[e.Article] = e.Time
		}
	}
	return m
}

// Measure reads pr against the SOP. roles tells the Kasi and Kabid members
// apart from staff; firstDone comes from FirstDone.
//
// The mapping, also in docs/report.md:
//   - Opened: the assignment issue's creation, by its author.
//   - KasiAssigned: the issue's first "assigned" event naming a Kasi member.
//   - StaffAssigned: the first later "assigned" event naming someone who
//     is neither Kasi nor Kabid.
//   - Ready: the PR's creation, or its first "ready_for_review" event when
//     it was opened as a draft.
//   - KasiApproved: the first APPROVED review by a Kasi member who is not
//     the PR author.
//   - KabidRequested: a review request to a Kabid member or the Kabid team
//     standing at, or made after, the Kasi approval; without one, the
//     Kabid's first review after the Kasi approval.
//   - KabidApproved: the first APPROVED review, at or after the Kasi
//     approval, by a Kabid member who is neither the author nor that Kasi.
//   - Merged: the merge, by the actor of the "merged" event.
//   - Published: the earliest ledger "done" of the PR's articles after
//     the merge.
func Measure(pr *PR, roles Roles, firstDone map[string]time.Time) *Record {
	r := &Record{PR: pr, Notes: append([]string(nil), pr.Notes...)}
	set := func(m Milestone, at time.Time, by string) {
		r.At[m], r.By[m] = at, by
	}
	if is := pr.Issue; is != nil {
		set(Opened, is.Created, is.Author)
		var kasiAt time.Time
		for _, ev := range is.Assigned {
			if roles.IsKasi(ev.Assignee) {
				set(KasiAssigned, ev.At, ev.Actor)
				kasiAt = ev.At
				break
			}
		}
		for _, ev := range is.Assigned {
			if !ev.At.Before(kasiAt) && !roles.IsKasi(ev.Assignee) && !roles.IsKabid(ev.Assignee) {
				set(StaffAssigned, ev.At, ev.Actor)
				break
			}
		}
		if r.At[KasiAssigned].IsZero() {
			r.Notes = append(r.Notes, "isu penugasan tidak pernah ditugaskan ke anggota Kasi")
		}
		if r.At[StaffAssigned].IsZero() {
			r.Notes = append(r.Notes, "isu penugasan tidak pernah ditugaskan ke staf")
		}
	} else if pr.Assignment == 0 {
		r.Notes = append(r.Notes, "tanpa isu penugasan (PR langsung)")
	}

	set(Ready, pr.Created, pr.Author)
	for _, ev := range pr.Events {
		if ev.Kind == "convert_to_draft" {
			break // opened ready, later made a draft: ready since creation
		}
		if ev.Kind == "ready_for_review" {
			set(Ready, ev.At, ev.Actor)
			break
		}
	}

	reviews := append([]Review(nil), pr.Reviews...)
	sort.SliceStable(reviews, func(i, j int) bool { return reviews[i].At.Before(reviews[j].At) })
	var kasi string
	for _, rv := range reviews {
		if rv.State == "APPROVED" && roles.IsKasi(rv.User) && !strings.EqualFold(rv.User, pr.Author) {
			set(KasiApproved, rv.At, rv.User)
			kasi = rv.User
			break
		}
	}
	for _, rv := range reviews {
		if rv.State == "CHANGES_REQUESTED" && !strings.EqualFold(rv.User, pr.Author) {
			r.Rounds++
		}
	}
	if kasiAt := r.At[KasiApproved]; !kasiAt.IsZero() {
		r.measureForward(pr, roles, reviews, kasiAt)
	} else {
		r.Notes = append(r.Notes, "tidak ada persetujuan Kasi yang sah")
	}
	for _, rv := range reviews {
		if rv.State == "APPROVED" && roles.IsKabid(rv.User) && !strings.EqualFold(rv.User, pr.Author) &&
			!strings.EqualFold(rv.User, kasi) && !rv.At.Before(r.At[KasiApproved]) {
			set(KabidApproved, rv.At, rv.User)
			break
		}
	}
	if r.At[KabidApproved].IsZero() {
		r.Notes = append(r.Notes, "tidak ada persetujuan Kabid setelah persetujuan Kasi")
	}

	set(Merged, pr.Merged, pr.MergedBy)
	var pub time.Time
	published := false
	for _, id := range pr.Articles {
		t, ok := firstDone[id]
		if !ok {
			continue
		}
		published = true
		if t.Before(pr.Merged) {
			continue // an earlier PR published it; this one corrected it
		}
		if pub.IsZero() || t.Before(pub) {
			pub = t
		}
	}
	switch {
	case !pub.IsZero():
		set(Published, pub, "warta publish")
	case published:
		r.Notes = append(r.Notes, "artikel sudah terbit sebelum PR ini (PR perbaikan)")
	default:
		r.Notes = append(r.Notes, "belum ada catatan terbit di ledger")
	}
	return r
}

// measureForward finds when the Kabid review was asked for.
func (r *Record) measureForward(pr *PR, roles Roles, reviews []Review, kasiAt time.Time) {
	isKabid := func(ev Event) bool {
		return roles.IsKabid(ev.Reviewer) || (ev.Team != "" && roles.KabidTeam != "" && strings.EqualFold(ev.Team, roles.KabidTeam))
	}
	var standing *Event
	for i := range pr.Events {
		ev := &pr.Events[i]
		if ev.Kind != "review_requested" || !isKabid(*ev) {
			continue
		}
		if !ev.At.After(kasiAt) {
			standing = ev // asked before the Kasi approved: waiting already
			continue
		}
		if standing != nil {
			break
		}
		r.At[KabidRequested], r.By[KabidRequested] = ev.At, ev.Actor
		return
	}
	if standing != nil {
		r.At[KabidRequested], r.By[KabidRequested] = kasiAt, standing.Actor
		return
	}
	for _, rv := range reviews {
		if roles.IsKabid(rv.User) && !rv.At.Before(kasiAt) {
			r.At[KabidRequested], r.By[KabidRequested] = rv.At, rv.User
			r.Notes = append(r.Notes, "reviu Kabid tidak diminta; dihitung sejak Kabid mulai mereviu")
			return
		}
	}
}
