package article

import (
	"strings"
	"testing"
	"time"
)

func TestXWeightedLength(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"halo", 4},
		{"https://example.lampungprov.go.id/berita/2026/11/25-sangat-panjang-sekali/", 23},
		{"baca https://a.id/x selengkapnya", 5 + 23 + 13},
		{"日本", 4},
		{"é—…", 4}, // é and — weigh 1; … (U+2026) is outside the light ranges
		{"😀", 2},   // emoji outside the light ranges weigh 2
		{"", 0},
	}
	for _, tt := range tests {
		if got := XWeightedLength(tt.text); got != tt.want {
			t.Errorf("XWeightedLength(%q) = %d, want %d", tt.text, got, tt.want)
		}
	}
}

func TestSocialText(t *testing.T) {
	a := &Article{Title: "Gubernur Resmikan Jembatan", Summary: "Jembatan baru dibuka.", Tags: []string{"infrastruktur jalan", "Jembatan", "jembatan"},
		Date: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
	url := "https://a.id/berita/2026/11/25-jembatan/"
	o := SocialOptions{XLink: true, Hashtags: []string{"ProvinsiLampung"}}
	if got, want := SocialText(a, Facebook, url, o), "Gubernur Resmikan Jembatan\n\nJembatan baru dibuka.\n\n#InfrastrukturJalan #Jembatan #ProvinsiLampung"; got != want {
		t.Errorf("facebook:\n%q\nwant\n%q", got, want)
	}
	if got := SocialText(a, Instagram, url, o); !strings.Contains(got, "Selengkapnya: "+url) || CountHashtags(got) != 3 {
		t.Errorf("instagram: %q", got)
	}
	if got, want := SocialText(a, X, url, o), "Gubernur Resmikan Jembatan "+url+" #InfrastrukturJalan #Jembatan #ProvinsiLampung"; got != want {
		t.Errorf("x: %q", got)
	}
	o.XLink = false
	if got := SocialText(a, X, url, o); strings.Contains(got, "https://") {
		t.Errorf("x without link still has URL: %q", got)
	}
	a.Social = map[string]string{Instagram: "Teks khusus", X: "Khusus X"}
	if got := SocialText(a, Instagram, url, o); got != "Teks khusus\n\nSelengkapnya: "+url {
		t.Errorf("instagram override must keep the URL: %q", got)
	}
	if got := SocialText(a, X, url, o); got != "Khusus X" {
		t.Errorf("x override with social.x.link false: %q", got)
	}
}

// TestXOverrideKeepsURL: an X override is posted with the article URL when
// social.x.link is true (the default), like Facebook and Instagram, and the
// URL counts 23 in the 280 limit.
func TestXOverrideKeepsURL(t *testing.T) {
	url := "https://a.id/berita/2026/11/25-jembatan/"
	a := &Article{Title: "Jembatan", Social: map[string]string{X: "Khusus X"}}
	o := SocialOptions{XLink: true}
	got := SocialText(a, X, url, o)
	if got != "Khusus X "+url {
		t.Errorf("x override with social.x.link true: %q, want the URL after it", got)
	}
	if n := XWeightedLength(got); n != len("Khusus X ")+XURLWeight {
		t.Errorf("weighted length %d, want %d (the URL counts 23)", n, len("Khusus X ")+XURLWeight)
	}
	a.Social[X] = "Baca " + url + " sekarang"
	if got := SocialText(a, X, url, o); got != a.Social[X] {
		t.Errorf("an override holding the URL must stay as written: %q", got)
	}
}

func TestComposeXShortensTitleOnWordBoundary(t *testing.T) {
	title := strings.Repeat("Pembangunan ", 40) + "Selesai"
	a := &Article{Title: title, Tags: []string{"a"}}
	got := SocialText(a, X, "https://a.id/x/", SocialOptions{XLink: true})
	if n := XWeightedLength(got); n > XMaxWeighted {
		t.Fatalf("%d > 280: %q", n, got)
	}
	if !strings.HasSuffix(got, "Pembangunan… https://a.id/x/") {
		t.Errorf("not cut on a word boundary: %q", got)
	}
	if strings.Contains(got, "#A") {
		t.Errorf("hashtags must go before the title is cut: %q", got)
	}
}

func TestHashtag(t *testing.T) {
	for in, want := range map[string]string{"kopi robusta": "#KopiRobusta", "#Lampung": "#Lampung", "HUT-ke 62": "#HUTKe62", "!!": "",
		"PPID": "#PPID", "ppid": "#ppid", "eGovernment": "#eGovernment", "SP4N-LAPOR!": "#SP4NLAPOR", "  #BPS_Lampung ": "#BPS_Lampung"} {
		if got := Hashtag(in); got != want {
			t.Errorf("Hashtag(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCorrectionText(t *testing.T) {
	const url = "https://example.go.id/berita/2026/11/25-jembatan/"
	c := Correction{Kind: HakJawab, Note: "Sebelumnya tertulis panjang jembatan 40 meter;\n yang benar 45 meter."}
	o := SocialOptions{XLink: true}
	fb := CorrectionText(c, Facebook, url, o)
	if want := "Hak jawab: Sebelumnya tertulis panjang jembatan 40 meter; yang benar 45 meter.\n\nBerita telah diperbarui: " + url; fb != want {
		t.Errorf("facebook:\n%s\nwant\n%s", fb, want)
	}
	if ig := CorrectionText(c, Instagram, url, o); ig != fb {
		t.Errorf("instagram %q, want the facebook text", ig)
	}
	if x := CorrectionText(c, X, url, o); x != "Hak jawab: Sebelumnya tertulis panjang jembatan 40 meter; yang benar 45 meter. "+url {
		t.Errorf("x: %q", x)
	}
	if x := CorrectionText(c, X, url, SocialOptions{XLink: false}); strings.Contains(x, "https://") {
		t.Errorf("x without link carries the URL: %q", x)
	}
	// A long note is shortened on X; the kind and the URL stay.
	long := Correction{Kind: Ralat, Note: strings.Repeat("Sebelumnya tertulis angka yang keliru pada paragraf kedua. ", 10)}
	x := CorrectionText(long, X, url, o)
	if n := XWeightedLength(x); n > XMaxWeighted {
		t.Errorf("x text weighs %d > %d: %q", n, XMaxWeighted, x)
	}
	if !strings.HasPrefix(x, "Ralat: Sebelumnya") || !strings.HasSuffix(x, "… "+url) {
		t.Errorf("x text %q: want the kind first, the note cut with …, the URL last", x)
	}
	for kind, want := range map[string]string{Ralat: "Ralat", Koreksi: "Koreksi", HakJawab: "Hak jawab", Pembaruan: "Pembaruan", "": "Ralat", "lain": "lain"} {
		if got := CorrectionLabel(kind); got != want {
			t.Errorf("CorrectionLabel(%q) = %q, want %q", kind, got, want)
		}
	}
}
