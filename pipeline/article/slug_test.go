package article

import (
	"regexp"
	"strings"
	"testing"
)

func TestSlug(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Gubernur Resmikan Jembatan Way Sekampung", "gubernur-resmikan-jembatan-way-sekampung"},
		{"Bandar Lampung, Lampung", "bandar-lampung-lampung"},
		{"  Infrastruktur  ", "infrastruktur"},
		{"UMKM & Koperasi", "umkm-koperasi"},
		{"HUT RI ke-81", "hut-ri-ke-81"},
		{"Bantuan Rp1,5 Miliar untuk 2.000 Petani", "bantuan-rp1-5-miliar-untuk-2-000-petani"},
		{"Peringatan Isra Mi'raj di Masjid Al-Furqon", "peringatan-isra-miraj-di-masjid-al-furqon"},
		{"Sholat Jum’at Bersama", "sholat-jumat-bersama"},
		{"Pūrṇa", "purna"},
		{"Café Été", "cafe-ete"},
		{"  Café & Kopi—Robusta 2026 ", "cafe-kopi-robusta-2026"},
		{"Ṭhānī Ñoño Çelik İzmir", "thani-nono-celik-izmir"},
		{"Ｊａｋａｒｔａ ﬁesta ²", "jakarta-fiesta-2"},
		{"../../etc", "etc"},
		{"--a--b--", "a-b"},
		{"!!!", ""},
		{"日本", ""},
		{"", ""},
		{strings.Repeat("panjang ", 20), "panjang-panjang-panjang-panjang-panjang-panjang-panjang"},
		{strings.Repeat("a", 70), strings.Repeat("a", 60)},
		{strings.Repeat("b", 25) + " " + strings.Repeat("c", 40), strings.Repeat("b", 25)},
		{strings.Repeat("b", 10) + " " + strings.Repeat("c", 60), strings.Repeat("b", 10) + "-" + strings.Repeat("c", 49)},
	} {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

var slugRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// FuzzSlug: a slug is empty or lower-case ASCII words joined by single
// hyphens, at most MaxSlugLen long, and slugging it again changes nothing.
func FuzzSlug(f *testing.F) {
	for _, s := range []string{"Pūrṇa", "HUT RI ke-81", "Jum'at", "日本", "Ｊａｋａｒｔａ", strings.Repeat("kata ", 20), "a\u0301-\u0301b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Slug(s)
		if got != "" && !slugRe.MatchString(got) {
			t.Fatalf("Slug(%q) = %q, not a slug", s, got)
		}
		if len(got) > MaxSlugLen {
			t.Fatalf("Slug(%q) = %q, longer than %d", s, got, MaxSlugLen)
		}
		if again := Slug(got); again != got {
			t.Fatalf("Slug(%q) = %q, but Slug(%q) = %q", s, got, got, again)
		}
	})
}
