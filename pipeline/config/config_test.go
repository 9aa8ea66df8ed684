package config

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"
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
		{"office unknown key", "  kabid: {team: kabid-plip}\n", "  kabid: {team: kabid-plip}\noffice: {nama: Dinas}\n", "8 kunci-tidak-dikenal kunci `office.nama` tidak dikenal"},
		{"logo not svg or png", "  kabid: {team: kabid-plip}\n", "  kabid: {team: kabid-plip}\noffice:\n  logo: img/logo.gif\n", "9 logo-salah `office.logo` \"img/logo.gif\" bukan berkas SVG atau PNG di dalam site/static/"},
		{"logo outside static", "  kabid: {team: kabid-plip}\n", "  kabid: {team: kabid-plip}\noffice:\n  logo: ../logo.svg\n", "9 logo-salah `office.logo` \"../logo.svg\" bukan berkas SVG atau PNG di dalam site/static/"},
		{"bad email", "  kabid: {team: kabid-plip}\n", "  kabid: {team: kabid-plip}\noffice:\n  email: dinas.lampung\n", "9 surel-salah `office.email` \"dinas.lampung\" bukan alamat surel"},
		{"bad phone", "  kabid: {team: kabid-plip}\n", "  kabid: {team: kabid-plip}\noffice:\n  phone: telepon kami\n", "9 telepon-salah `office.phone` \"telepon kami\" bukan nomor telepon"},
		{"account not https", "  kabid: {team: kabid-plip}\n", "  kabid: {team: kabid-plip}\noffice:\n  accounts:\n    instagram: instagram.com/dinas\n", "10 akun-salah `office.accounts.instagram` \"instagram.com/dinas\" bukan alamat https:// yang lengkap"},
		{"unknown account", "  kabid: {team: kabid-plip}\n", "  kabid: {team: kabid-plip}\noffice:\n  accounts: {myspace: https://a.id/}\n", "9 kunci-tidak-dikenal kunci `office.accounts.myspace` tidak dikenal"},
		{"authors not a map", "  kabid: {team: kabid-plip}\n", "  kabid: {team: kabid-plip}\nauthors: [budi]\n", "8 tipe-salah nilai `authors` harus berupa daftar kunci (`kunci: nilai`), bukan daftar (list)"},
		{"author without name", "  kabid: {team: kabid-plip}\n", "  kabid: {team: kabid-plip}\nauthors:\n  budi: \"\"\n", "9 nilai-salah nama penulis untuk `budi` kosong"},
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

func TestOfficeAndAuthors(t *testing.T) {
	src := `site: {title: T, base_url: "https://a.id/"}
roles: {kasi: {team: k}, kabid: {team: b}}
office:
  name: Dinas Contoh
  logo: img/logo.svg
  address: Jl. Contoh No. 1
  phone: "+62 721 123-456"
  email: dinas@contoh.go.id
  about: Berita kegiatan dinas.
  accounts:
    youtube: https://www.youtube.com/@contoh
    facebook: https://www.facebook.com/contoh
authors:
  staf-pip-3: Rina Wulandari
`
	fsys := fstest.MapFS{Path: {Data: []byte(src)}}
	c, probs, err := Load(fsys)
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	probs = c.FileProblems(fsys)
	if len(probs) != 1 || probs[0].Code != "logo-hilang" || probs[0].Pos.Line != 5 || probs[0].Msg != "logo `img/logo.svg` tidak ada di site/static/" {
		t.Fatalf("missing logo: %v", probs)
	}
	fsys[StaticDir+"/img/logo.svg"] = &fstest.MapFile{Data: []byte("<svg/>")}
	if probs = c.FileProblems(fsys); len(probs) > 0 {
		t.Fatalf("%v", probs)
	}
	var keys []string
	for _, a := range c.Office.Accounts.List() {
		keys = append(keys, a.Key+"="+a.URL)
	}
	if got := strings.Join(keys, " "); got != "facebook=https://www.facebook.com/contoh youtube=https://www.youtube.com/@contoh" {
		t.Errorf("accounts in order: %s", got)
	}
	for login, want := range map[string]string{"staf-pip-3": "Rina Wulandari", "@Staf-PIP-3": "Rina Wulandari", "budi": "budi", "@budi": "budi"} {
		if got := c.AuthorName(login); got != want {
			t.Errorf("AuthorName(%q) = %q, want %q", login, got, want)
		}
	}
	// An old config without the new keys stays valid and shows logins.
	old, probs, err := Parse([]byte("site: {title: T, base_url: \"https://a.id/\"}\nroles: {kasi: {team: k}, kabid: {team: b}}\n"), Path)
	if err != nil || len(probs) > 0 || old.Office != (Office{}) || old.AuthorName("budi") != "budi" {
		t.Errorf("old config: %v %v %+v", err, probs, old.Office)
	}
}
