package gate

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// States of the commit status.
const (
	Success = "success"
	Pending = "pending"
	Failure = "failure"
)

// Review states of the GitHub REST API.
const (
	Approved         = "APPROVED"
	ChangesRequested = "CHANGES_REQUESTED"
	Dismissed        = "DISMISSED"
	Commented        = "COMMENTED"
)

// Review is one submitted pull request review, as the rules need it.
type Review struct {
	ID          int64
	User        string
	State       string
	CommitID    string
	SubmittedAt time.Time
}

// Member says which roles a reviewer fills.
type Member struct {
	Kasi, Kabid bool
	// Pending lists role titles whose team invitation the user has not
	// accepted yet; a pending invitation is not membership.
	Pending []string
}

// Input is everything the rules look at.
type Input struct {
	Author         string
	HeadSHA        string
	Draft          bool
	TouchesContent bool
	// Reviews in any order; they are sorted by submission time, then ID.
	Reviews []Review
	// Members maps a lower-cased login to its roles; missing = no role.
	Members map[string]Member
	// KasiTitle and KabidTitle name the roles in Reasons ("Kasi PIP").
	KasiTitle, KabidTitle string
}

// Decision is the rules' verdict.
type Decision struct {
	State       string
	Description string
	// Kasi are the Kasi members whose approval of the head commit counts;
	// Kabid the Kabid members whose later approval of it counts.
	Kasi, Kabid []string
	// ChangesBy are role members whose latest review requests changes.
	ChangesBy []string
	// Reasons explain the verdict to staff, one sentence each.
	Reasons []string
	// KasiApproval and KabidApproval are the counting approvals (the
	// earliest of each), nil when there is none.
	KasiApproval, KabidApproval *Review
}

// maxDescription is GitHub's limit for a commit status description.
const maxDescription = 140

// Decide applies DESIGN.md §6 to in.
func Decide(in Input) Decision {
	kasiT, kabidT := orDefault(in.KasiTitle, "Kasi"), orDefault(in.KabidTitle, "Kabid")
	var d Decision
	if !in.TouchesContent {
		d.State = Success
		d.Description = "bukan naskah berita: PR ini tidak mengubah content/"
		d.Reasons = []string{"PR tidak mengubah apa pun di content/, jadi persetujuan SOP tidak diperlukan"}
		return d
	}

	reviews := append([]Review(nil), in.Reviews...)
	sort.SliceStable(reviews, func(i, j int) bool {
		if !reviews[i].SubmittedAt.Equal(reviews[j].SubmittedAt) {
			return reviews[i].SubmittedAt.Before(reviews[j].SubmittedAt)
		}
		return reviews[i].ID < reviews[j].ID
	})
	// Only the latest APPROVED / CHANGES_REQUESTED / DISMISSED review of each
	// reviewer counts; COMMENTED (and PENDING drafts) change nothing.
	latest := map[string]int{} // lower login → index in reviews
	var order []string
	for i, r := range reviews {
		switch r.State {
		case Approved, ChangesRequested, Dismissed:
		default:
			continue
		}
		k := strings.ToLower(r.User)
		if _, ok := latest[k]; !ok {
			order = append(order, k)
		}
		latest[k] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return latest[order[i]] < latest[order[j]] })

	author := strings.ToLower(in.Author)
	type approval struct {
		r   Review
		idx int
		m   Member
	}
	var approvals []approval
	for _, k := range order {
		idx := latest[k]
		r := reviews[idx]
		m := in.Members[k]
		for _, p := range m.Pending {
			d.Reasons = append(d.Reasons, fmt.Sprintf("@%s belum menerima undangan tim %s; undangan yang tertunda belum dihitung sebagai anggota", r.User, p))
		}
		if !m.Kasi && !m.Kabid {
			if r.State == Approved || r.State == ChangesRequested {
				d.Reasons = append(d.Reasons, fmt.Sprintf("ulasan @%s tidak dihitung: bukan anggota %s maupun %s", r.User, kasiT, kabidT))
			}
			continue
		}
		if k == author {
			d.Reasons = append(d.Reasons, fmt.Sprintf("@%s adalah penulis PR; penulis tidak dapat mengisi peran persetujuan", r.User))
			continue
		}
		switch r.State {
		case ChangesRequested:
			d.ChangesBy = append(d.ChangesBy, r.User)
			d.Reasons = append(d.Reasons, fmt.Sprintf("@%s (%s) meminta perubahan pada %s", r.User, roleNames(m, kasiT, kabidT), r.SubmittedAt.UTC().Format(time.RFC3339)))
		case Dismissed:
			d.Reasons = append(d.Reasons, fmt.Sprintf("ulasan @%s telah diabaikan (dismissed) dan tidak dihitung", r.User))
		case Approved:
			if r.CommitID != in.HeadSHA {
				d.Reasons = append(d.Reasons, fmt.Sprintf("persetujuan @%s untuk commit lama %s; ada commit baru %s, minta persetujuan ulang", r.User, short(r.CommitID), short(in.HeadSHA)))
				continue
			}
			approvals = append(approvals, approval{r, idx, m})
		}
	}

	// One person never fills both roles. A member of both counts as Kabid
	// when a different Kasi member approved before them, else as Kasi; the
	// earliest Kasi approver therefore always stays Kasi.
	var kasiApprovals []approval
	for _, a := range approvals {
		if a.m.Kasi {
			kasiApprovals = append(kasiApprovals, a)
		}
	}
	for _, a := range approvals {
		asKabid := false
		if a.m.Kabid {
			for _, k := range kasiApprovals {
				if k.idx < a.idx && !strings.EqualFold(k.r.User, a.r.User) {
					asKabid = true
					break
				}
			}
		}
		switch {
		case asKabid:
			d.Kabid = append(d.Kabid, a.r.User)
			if d.KabidApproval == nil {
				r := a.r
				d.KabidApproval = &r
			}
			if a.m.Kasi {
				d.Reasons = append(d.Reasons, fmt.Sprintf("@%s anggota %s dan %s; persetujuannya dihitung sekali saja, sebagai %s", a.r.User, kasiT, kabidT, kabidT))
			}
		case a.m.Kasi:
			d.Kasi = append(d.Kasi, a.r.User)
			if d.KasiApproval == nil {
				r := a.r
				d.KasiApproval = &r
			}
			if a.m.Kabid {
				d.Reasons = append(d.Reasons, fmt.Sprintf("@%s anggota %s dan %s; persetujuannya dihitung sekali saja, sebagai %s", a.r.User, kasiT, kabidT, kasiT))
			}
		default: // a Kabid approval with no earlier Kasi approval by someone else
			d.Reasons = append(d.Reasons, fmt.Sprintf("persetujuan @%s (%s) belum dihitung: %s harus menyetujui lebih dahulu, lalu %s menyetujui lagi", a.r.User, kabidT, kasiT, kabidT))
		}
	}

	switch {
	case in.Draft:
		d.State = Pending
		d.Description = "PR masih draf; tandai siap ditinjau (Ready for review) untuk memulai SOP"
	case len(d.ChangesBy) > 0:
		d.State = Failure
		d.Description = "Perlu perbaikan: perubahan diminta oleh " + mentions(d.ChangesBy)
	case len(d.Kasi) > 0 && len(d.Kabid) > 0:
		d.State = Success
		d.Description = fmt.Sprintf("Terverifikasi: %s @%s, lalu %s @%s", kasiT, d.KasiApproval.User, kabidT, d.KabidApproval.User)
	case len(d.Kasi) > 0:
		d.State = Pending
		d.Description = fmt.Sprintf("Menunggu verifikasi %s (sudah disetujui %s @%s)", kabidT, kasiT, d.KasiApproval.User)
	default:
		d.State = Pending
		d.Description = fmt.Sprintf("Menunggu persetujuan %s untuk commit terbaru", kasiT)
	}
	d.Description = truncate(d.Description, maxDescription)
	return d
}

func roleNames(m Member, kasi, kabid string) string {
	switch {
	case m.Kasi && m.Kabid:
		return kasi + "/" + kabid
	case m.Kasi:
		return kasi
	}
	return kabid
}

func mentions(users []string) string {
	out := make([]string, len(users))
	for i, u := range users {
		out[i] = "@" + u
	}
	return strings.Join(out, ", ")
}

func short(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// truncate cuts s to at most n characters, ending with "…" when cut.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
