package gate

import (
	"slices"
	"strings"
	"testing"
	"time"
)

const (
	oldSHA  = "1111111111111111111111111111111111111111"
	headSHA = "2222222222222222222222222222222222222222"
)

var t0 = time.Date(2026, 11, 25, 1, 0, 0, 0, time.UTC)

func rv(id int64, user, state, commit string, min int) Review {
	return Review{ID: id, User: user, State: state, CommitID: commit, SubmittedAt: t0.Add(time.Duration(min) * time.Minute)}
}

func TestDecide(t *testing.T) {
	kasi, kabid, both := Member{Kasi: true}, Member{Kabid: true}, Member{Kasi: true, Kabid: true}
	members := map[string]Member{"kasi1": kasi, "kasi2": kasi, "kabid1": kabid, "kabid2": kabid, "ganda": both, "penulis": kasi}
	tests := []struct {
		name   string
		in     Input
		state  string
		desc   string // substring of the description
		kasi   []string
		kabid  []string
		reason string // substring of one reason
	}{
		{name: "happy path", in: Input{Reviews: []Review{
			rv(1, "kasi1", Approved, headSHA, 1), rv(2, "kabid1", Approved, headSHA, 2)}},
			state: Success, desc: "Terverifikasi", kasi: []string{"kasi1"}, kabid: []string{"kabid1"}},
		{name: "no reviews waits for the Kasi", in: Input{},
			state: Pending, desc: "Menunggu persetujuan Kasi"},
		{name: "kasi approved waits for the Kabid", in: Input{Reviews: []Review{rv(1, "kasi1", Approved, headSHA, 1)}},
			state: Pending, desc: "Menunggu verifikasi Kabid", kasi: []string{"kasi1"}},
		{name: "Kabid before Kasi is pending", in: Input{Reviews: []Review{
			rv(1, "kabid1", Approved, headSHA, 1), rv(2, "kasi1", Approved, headSHA, 2)}},
			state: Pending, desc: "Menunggu verifikasi Kabid", kasi: []string{"kasi1"}, reason: "harus menyetujui lebih dahulu"},
		{name: "approvals of an older commit are stale", in: Input{Reviews: []Review{
			rv(1, "kasi1", Approved, oldSHA, 1), rv(2, "kabid1", Approved, oldSHA, 2)}},
			state: Pending, desc: "Menunggu persetujuan Kasi", reason: "commit lama 1111111"},
		{name: "stale Kabid approval after a new commit", in: Input{Reviews: []Review{
			rv(1, "kasi1", Approved, headSHA, 1), rv(2, "kabid1", Approved, oldSHA, 2)}},
			state: Pending, desc: "Menunggu verifikasi Kabid", kasi: []string{"kasi1"}, reason: "persetujuan ulang"},
		{name: "changes requested by the Kabid", in: Input{Reviews: []Review{
			rv(1, "kasi1", Approved, headSHA, 1), rv(2, "kabid1", ChangesRequested, headSHA, 2)}},
			state: Failure, desc: "Perlu perbaikan: perubahan diminta oleh @kabid1", kasi: []string{"kasi1"}},
		{name: "changes requested on an old commit stay in force", in: Input{Reviews: []Review{
			rv(1, "kasi1", ChangesRequested, oldSHA, 1), rv(2, "kasi2", Approved, headSHA, 2), rv(3, "kabid1", Approved, headSHA, 3)}},
			state: Failure, desc: "@kasi1", kasi: []string{"kasi2"}, kabid: []string{"kabid1"}},
		{name: "changes requested then approved by the same Kasi", in: Input{Reviews: []Review{
			rv(1, "kasi1", ChangesRequested, oldSHA, 1), rv(2, "kasi1", Approved, headSHA, 5), rv(3, "kabid1", Approved, headSHA, 6)}},
			state: Success, desc: "Terverifikasi", kasi: []string{"kasi1"}, kabid: []string{"kabid1"}},
		{name: "dismissed approval does not count", in: Input{Reviews: []Review{
			rv(1, "kasi1", Dismissed, headSHA, 1), rv(2, "kabid1", Approved, headSHA, 2)}},
			state: Pending, desc: "Menunggu persetujuan Kasi", reason: "dismissed"},
		{name: "dismissed request for changes no longer blocks", in: Input{Reviews: []Review{
			rv(1, "kabid2", Dismissed, oldSHA, 1), rv(2, "kasi1", Approved, headSHA, 2), rv(3, "kabid1", Approved, headSHA, 3)}},
			state: Success, kasi: []string{"kasi1"}, kabid: []string{"kabid1"}},
		{name: "one person in both roles alone is not enough", in: Input{Reviews: []Review{rv(1, "ganda", Approved, headSHA, 1)}},
			state: Pending, desc: "Menunggu verifikasi Kabid", kasi: []string{"ganda"}, reason: "dihitung sekali saja"},
		{name: "one person in both roles as Kabid after another Kasi", in: Input{Reviews: []Review{
			rv(1, "kasi1", Approved, headSHA, 1), rv(2, "ganda", Approved, headSHA, 2)}},
			state: Success, kasi: []string{"kasi1"}, kabid: []string{"ganda"}},
		{name: "one person in both roles as Kasi before a Kabid", in: Input{Reviews: []Review{
			rv(1, "ganda", Approved, headSHA, 1), rv(2, "kabid1", Approved, headSHA, 2)}},
			state: Success, kasi: []string{"ganda"}, kabid: []string{"kabid1"}},
		{name: "the PR author never fills a role", in: Input{Author: "penulis", Reviews: []Review{
			rv(1, "penulis", Approved, headSHA, 1), rv(2, "kabid1", Approved, headSHA, 2)}},
			state: Pending, desc: "Menunggu persetujuan Kasi", reason: "penulis PR"},
		{name: "author check ignores case", in: Input{Author: "Penulis", Reviews: []Review{
			rv(1, "penulis", Approved, headSHA, 1)}},
			state: Pending, desc: "Menunggu persetujuan Kasi", reason: "penulis PR"},
		{name: "COMMENTED after APPROVED changes nothing", in: Input{Reviews: []Review{
			rv(1, "kasi1", Approved, headSHA, 1), rv(2, "kasi1", Commented, headSHA, 2), rv(3, "kabid1", Approved, headSHA, 3), rv(4, "kabid1", Commented, headSHA, 4)}},
			state: Success, kasi: []string{"kasi1"}, kabid: []string{"kabid1"}},
		{name: "reviews out of order are sorted by time", in: Input{Reviews: []Review{
			rv(2, "kabid1", Approved, headSHA, 2), rv(1, "kasi1", Approved, headSHA, 1)}},
			state: Success, kasi: []string{"kasi1"}, kabid: []string{"kabid1"}},
		{name: "non-members do not count", in: Input{Reviews: []Review{
			rv(1, "tamu", Approved, headSHA, 1), rv(2, "tamu2", ChangesRequested, headSHA, 2)}},
			state: Pending, desc: "Menunggu persetujuan Kasi", reason: "bukan anggota"},
		{name: "pending team invitation is not membership", in: Input{Reviews: []Review{
			rv(1, "diundang", Approved, headSHA, 1)}},
			state: Pending, desc: "Menunggu persetujuan Kasi", reason: "belum menerima undangan"},
		{name: "draft PR is pending whatever the reviews", in: Input{Draft: true, Reviews: []Review{
			rv(1, "kasi1", Approved, headSHA, 1), rv(2, "kabid1", Approved, headSHA, 2)}},
			state: Pending, desc: "draf", kasi: []string{"kasi1"}, kabid: []string{"kabid1"}},
		{name: "PR touching no content", in: Input{TouchesContent: false, Reviews: []Review{rv(1, "kabid1", ChangesRequested, headSHA, 1)}},
			state: Success, desc: "bukan naskah berita"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			in.HeadSHA = headSHA
			in.KasiTitle, in.KabidTitle = "Kasi PIP", "Kabid PLIP"
			if tt.name != "PR touching no content" {
				in.TouchesContent = true
			}
			in.Members = map[string]Member{"diundang": {Pending: []string{"Kasi PIP"}}}
			for k, v := range members {
				in.Members[k] = v
			}
			d := Decide(in)
			if d.State != tt.state {
				t.Errorf("state %q, want %q (%q, reasons %q)", d.State, tt.state, d.Description, d.Reasons)
			}
			if !strings.Contains(d.Description, tt.desc) {
				t.Errorf("description %q lacks %q", d.Description, tt.desc)
			}
			if n := len([]rune(d.Description)); n > maxDescription {
				t.Errorf("description has %d characters", n)
			}
			if !slices.Equal(d.Kasi, tt.kasi) || !slices.Equal(d.Kabid, tt.kabid) {
				t.Errorf("kasi %q kabid %q, want %q %q", d.Kasi, d.Kabid, tt.kasi, tt.kabid)
			}
			if tt.reason != "" && !slices.ContainsFunc(d.Reasons, func(r string) bool { return strings.Contains(r, tt.reason) }) {
				t.Errorf("reasons %q lack %q", d.Reasons, tt.reason)
			}
			for _, k := range d.Kasi {
				if slices.Contains(d.Kabid, k) {
					t.Errorf("%s fills both roles", k)
				}
			}
		})
	}
}

func TestTruncate(t *testing.T) {
	long := strings.Repeat("é", 200)
	if got := truncate(long, maxDescription); len([]rune(got)) != maxDescription || !strings.HasSuffix(got, "…") {
		t.Errorf("truncate: %d runes", len([]rune(got)))
	}
	if got := truncate("pendek", maxDescription); got != "pendek" {
		t.Errorf("truncate short: %q", got)
	}
}
