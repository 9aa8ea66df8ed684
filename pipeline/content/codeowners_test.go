package content

import (
	"bytes"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/hmarr/codeowners"

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
		{"default owner after content wins", "/content/ @org/kasi-pip @org/kabid-plip\n* @org/maintainers\n", false, []string{
			"CODEOWNERS:2 codeowners-urutan aturan CODEOWNERS * berlaku juga untuk content/ dan menimpa aturan naskah, karena GitHub memakai aturan terakhir yang cocok",
		}},
		{"default owner only", "* @org/maintainers\n", false, []string{
			"CODEOWNERS:1 codeowners-urutan aturan CODEOWNERS * berlaku juga untuk content/ dan menimpa aturan naskah, karena GitHub memakai aturan terakhir yang cocok",
		}},
		{"everything under a later pattern", "* @org/maintainers\n/content/ @org/kasi-pip @org/kabid-plip\n** @org/docs\n", false, []string{
			"CODEOWNERS:3 codeowners-urutan aturan CODEOWNERS ** berlaku juga untuk content/ dan menimpa aturan naskah, karena GitHub memakai aturan terakhir yang cocok",
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

// TestRepositoryCodeowners reads the repository's own CODEOWNERS: content/
// goes to the two SOP roles only (CheckCodeowners finds nothing), and every
// other path, including ones nobody listed such as go.work, vendor/ or a new
// top-level folder, has the maintainers as owner. Without that default, a
// pull request adding a go.work next to an article needed only the Kasi and
// Kabid, who review text, yet changed the code publish.yml runs with the
// social secrets (issue 11, item 1).
func TestRepositoryCodeowners(t *testing.T) {
	repo := os.DirFS("../..")
	cfg, cprobs, err := config.Load(repo)
	if err != nil || len(cprobs) > 0 {
		t.Fatal(err, cprobs)
	}
	if probs := CheckCodeowners(repo, cfg); len(probs) > 0 {
		t.Errorf("warta check on the repository's CODEOWNERS: %v", probs)
	}
	data, err := fs.ReadFile(repo, "CODEOWNERS")
	if err != nil {
		t.Fatal(err)
	}
	rules, err := codeowners.ParseFile(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	owners := func(p string) string {
		rule, err := rules.Match(p)
		if err != nil || rule == nil {
			return "(none)"
		}
		var out []string
		for _, o := range rule.Owners {
			out = append(out, o.String())
		}
		return strings.Join(out, " ")
	}
	const maintainers = "@kominfotik-lampung/maintainers"
	for _, p := range []string{
		"go.work", "go.work.sum", "vendor/modules.txt", "pipeline/vendor/x/x.go", "tools/gen.go",
		"go.mod", "go.sum", "pipeline/cmd/warta/main.go", "site/templates/base.html",
		".github/workflows/publish.yml", ".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS",
		".ci/run", "README.md", ".gitignore",
	} {
		if got := owners(p); got != maintainers {
			t.Errorf("%s is owned by %s, want %s", p, got, maintainers)
		}
	}
	for _, p := range []string{"content/berita/2026/11/25-uji/index.md", "content/berita/2026/11/25-uji/vendor/x.go", "content/halaman/tentang.md"} {
		if got, want := owners(p), "@kominfotik-lampung/kasi-pip @kominfotik-lampung/kabid-plip"; got != want {
			t.Errorf("%s is owned by %s, want %s", p, got, want)
		}
	}
}
