package content

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kominfotik-lampung/warta/pipeline/config"
)

func TestCheckCodeowners(t *testing.T) {
	tests := []struct {
		name  string
		file  string // CODEOWNERS content; "" = absent
		users bool   // roles by users instead of teams
		want  []string
	}{
		{"both teams", "* @org/maintainers\n/content/ @org/kasi-pip @org/kabid-plip\n", false, nil},
		{"users roles", "/content/ @kasi-satu @kabid-satu\n", true, nil},
		{"absent", "", false, []string{"CODEOWNERS codeowners-hilang berkas CODEOWNERS tidak ada: GitHub tidak akan meminta tinjauan Kasi dan Kabid"}},
		{"kabid missing", "/content/ @org/kasi-pip\n", false, []string{"CODEOWNERS:1 codeowners-beda CODEOWNERS tidak memberi /content/ kepada peran kabid (Kepala Bidang PLIP)"}},
		{"stranger owns content", "/content/ @org/kasi-pip @org/kabid-plip @org/lain\n", false, []string{"CODEOWNERS:1 codeowners-beda pemilik @org/lain untuk /content/ bukan anggota peran Kasi maupun Kabid di site/config.yaml"}},
		{"later rule wins", "/content/ @org/kasi-pip @org/kabid-plip\n/content/halaman/ @org/maintainers\n", false, []string{
			"CODEOWNERS:2 codeowners-beda pemilik @org/maintainers untuk /content/halaman/ bukan anggota peran Kasi maupun Kabid di site/config.yaml",
			"CODEOWNERS:2 codeowners-beda CODEOWNERS tidak memberi /content/halaman/ kepada peran kasi (Kepala Seksi PIP)",
			"CODEOWNERS:2 codeowners-beda CODEOWNERS tidak memberi /content/halaman/ kepada peran kabid (Kepala Bidang PLIP)",
		}},
		{"no rule for content", "/pipeline/ @org/maintainers\n", false, []string{
			"CODEOWNERS codeowners-konten tidak ada aturan CODEOWNERS untuk content/berita/2026/01/01-contoh/index.md",
			"CODEOWNERS codeowners-konten tidak ada aturan CODEOWNERS untuk content/berita/2026/01/01-contoh/foto.jpg",
			"CODEOWNERS codeowners-konten tidak ada aturan CODEOWNERS untuk content/halaman/contoh.md",
		}},
		{"unparsable owner", "/content/ not-an-owner\n", false, []string{"CODEOWNERS:1 codeowners-rusak CODEOWNERS tidak dapat dibaca: line 1: invalid owner format 'not-an-owner' at position 11"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfgText := testConfig
			if tt.users {
				cfgText = strings.NewReplacer("team: kasi-pip,   users: []", "users: [kasi-satu]", "team: kabid-plip, users: []", "users: [kabid-satu]").Replace(cfgText)
			}
			fsys := fstest.MapFS{"site/config.yaml": {Data: []byte(cfgText)}}
			if tt.file != "" {
				fsys["CODEOWNERS"] = &fstest.MapFile{Data: []byte(tt.file)}
			}
			cfg, cprobs, err := config.Load(fsys)
			if err != nil || len(cprobs) > 0 {
				t.Fatal(err, cprobs)
			}
			var got []string
			for _, p := range CheckCodeowners(fsys, cfg) {
				got = append(got, p.Pos.String()+" "+p.Code+" "+p.Msg)
				if p.Hint == "" {
					t.Errorf("no hint for %s", p.Code)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
