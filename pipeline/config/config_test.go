package config

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestRepoConfigIsValid(t *testing.T) {
	data, err := os.ReadFile("../../site/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, probs, err := Parse(data, Path)
	if err != nil || len(probs) > 0 {
		t.Fatalf("%v %v", err, probs)
	}
	if c.Location.String() != "Asia/Jakarta" || c.Site.PerPage != 10 || !c.Social.Enabled("x") || !c.Social.Options().XLink {
		t.Errorf("defaults not applied: %+v", c)
	}
	if c.SOP != (SOP{2, 5, 7, 2, 2, 1}) {
		t.Errorf("sop = %+v", c.SOP)
	}
	if got := c.ArticleURL("/berita/a/"); got != "https://example.lampungprov.go.id/berita/a/" {
		t.Errorf("ArticleURL = %s", got)
	}
}

func TestConfigProblems(t *testing.T) {
	base := `site:
  title: T
  base_url: https://a.id/
  timezone: Asia/Jakarta
roles:
  kasi:  {team: kasi-pip}
  kabid: {team: kabid-plip}
`
	tests := []struct {
		name, edit, with string
		want             string // "line code message"
	}{
		{"unknown key", "  timezone: Asia/Jakarta\n", "  timezone: Asia/Jakarta\n  tema: gelap\n", "5 kunci-tidak-dikenal kunci `site.tema` tidak dikenal"},
		{"typo suggests", "  timezone: Asia/Jakarta\n", "  timezon: Asia/Jakarta\n", "4 kunci-tidak-dikenal kunci `site.timezon` tidak dikenal"},
		{"wrong type", "  kabid: {team: kabid-plip}\n", "  kabid: {team: kabid-plip}\nsocial: {x: {enabled: ya}}\n", "8 tipe-salah nilai `social.x.enabled` harus berupa true atau false, bukan teks"},
		{"relative base url", "https://a.id/", "/berita/", "3 base-url `site.base_url` \"/berita/\" bukan alamat absolut yang diakhiri garis miring"},
		{"bad zone", "Asia/Jakarta", "Asia/Lampung", "4 zona-waktu zona waktu \"Asia/Lampung\" tidak dikenal"},
		{"role without members", "  kabid: {team: kabid-plip}", "  kabid: {title: Kabid}", "7 peran-kosong peran `roles.kabid` tidak punya anggota: tidak ada yang dapat menyetujui"},
		{"one person both roles", "  kasi:  {team: kasi-pip}\n  kabid: {team: kabid-plip}", "  kasi:  {users: [budi]}\n  kabid: {users: [Budi]}", "7 peran-ganda `budi` tercantum sebagai Kasi dan Kabid sekaligus"},
		{"broken yaml", "  title: T\n", "  title: T\n\tbad: tab\n", "2 yaml-rusak ada karakter tab di awal baris"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(base, tt.edit, tt.with, 1)
			if src == base {
				t.Fatal("edit did not apply")
			}
			_, probs, err := Parse([]byte(src), Path)
			if err != nil {
				t.Fatal(err)
			}
			if len(probs) != 1 {
				t.Fatalf("want 1 problem, got %v", probs)
			}
			p := probs[0]
			got := fmt.Sprintf("%d %s %s", p.Pos.Line, p.Code, p.Msg)
			if got != tt.want || p.Pos.File != Path || p.Hint == "" {
				t.Errorf("got  %q (%s, hint %q)\nwant %q", got, p.Pos.File, p.Hint, tt.want)
			}
		})
	}
}
