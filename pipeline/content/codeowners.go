package content

import (
	"bytes"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"

	"github.com/hmarr/codeowners"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/config"
)

// CodeownersPaths are where GitHub looks for CODEOWNERS, in its order.
var codeownersPaths = []string{".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"}

// probePaths stand for "anything under content/": a news bundle file and a page.
var probePaths = []string{"content/berita/2026/01/01-contoh/index.md", "content/berita/2026/01/01-contoh/foto.jpg", "content/halaman/contoh.md"}

// outsidePath stands for "code": a rule matching it is not a content rule.
const outsidePath = "go.mod"

// CheckCodeowners verifies that CODEOWNERS gives content/ to both SOP roles
// and to nobody else, so review requests and config agree: every owner of
// content must be the Kasi or Kabid team of site/config.yaml or one of their
// users, and each role must be among the owners.
func CheckCodeowners(fsys fs.FS, cfg *config.Config) []article.Problem {
	var file string
	var data []byte
	for _, p := range codeownersPaths {
		if b, err := fs.ReadFile(fsys, p); err == nil {
			file, data = p, b
			break
		}
	}
	if file == "" {
		return []article.Problem{article.Errorf(article.Pos{File: "CODEOWNERS"}, "codeowners-hilang",
			"buat CODEOWNERS dengan baris `/content/ @org/kasi-pip @org/kabid-plip` (tim sesuai site/config.yaml)",
			"berkas CODEOWNERS tidak ada: GitHub tidak akan meminta tinjauan Kasi dan Kabid")}
	}
	rules, err := codeowners.ParseFile(bytes.NewReader(data))
	if err != nil {
		line := 0
		if m := regexp.MustCompile(`^line (\d+)`).FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
		}
		return []article.Problem{article.Errorf(article.Pos{File: file, Line: line}, "codeowners-rusak",
			"tulis pemilik sebagai @pengguna, @org/tim atau alamat email", "CODEOWNERS tidak dapat dibaca: %v", err)}
	}
	var probs []article.Problem
	reported := map[int]bool{}
	for _, p := range probePaths {
		rule, err := rules.Match(p)
		if err != nil || rule == nil {
			probs = append(probs, article.Errorf(article.Pos{File: file}, "codeowners-konten",
				"tambahkan baris `/content/ @org/"+cfg.Roles.Kasi.Team+" @org/"+cfg.Roles.Kabid.Team+"`",
				"tidak ada aturan CODEOWNERS untuk %s", p))
			continue
		}
		if reported[rule.LineNumber] {
			continue
		}
		reported[rule.LineNumber] = true
		pos := article.Pos{File: file, Line: rule.LineNumber}
		// A rule that also owns code (say the default `*`) placed after the
		// content rule overrides it: its owners are right for code, the
		// fix is the order of the lines.
		if wide, _ := rule.Match(outsidePath); wide {
			probs = append(probs, article.Errorf(pos, "codeowners-urutan",
				"letakkan baris `/content/ @org/"+cfg.Roles.Kasi.Team+" @org/"+cfg.Roles.Kabid.Team+"` sesudah baris ini",
				"aturan CODEOWNERS %s berlaku juga untuk content/ dan menimpa aturan naskah, karena GitHub memakai aturan terakhir yang cocok", rule.RawPattern()))
			continue
		}
		hasKasi, hasKabid := false, false
		for _, o := range rule.Owners {
			kasi, kabid := ownerIs(o, cfg.Roles.Kasi), ownerIs(o, cfg.Roles.Kabid)
			hasKasi = hasKasi || kasi
			hasKabid = hasKabid || kabid
			if !kasi && !kabid {
				probs = append(probs, article.Errorf(pos, "codeowners-beda",
					"samakan CODEOWNERS dengan `roles` di site/config.yaml: hapus pemilik ini atau tambahkan ke tim/users peran",
					"pemilik %s untuk %s bukan anggota peran Kasi maupun Kabid di site/config.yaml", o, rule.RawPattern()))
			}
		}
		for _, r := range []struct {
			ok   bool
			key  string
			role config.Role
		}{{hasKasi, "kasi", cfg.Roles.Kasi}, {hasKabid, "kabid", cfg.Roles.Kabid}} {
			if !r.ok {
				probs = append(probs, article.Errorf(pos, "codeowners-beda",
					fmt.Sprintf("tambahkan %s pada baris ini", roleOwners(r.role)),
					"CODEOWNERS tidak memberi %s kepada peran %s (%s)", rule.RawPattern(), r.key, r.role.Title))
			}
		}
	}
	return probs
}

// ownerIs reports whether a CODEOWNERS owner stands for role: its team
// ("slug" in any org, or "org/slug" exactly) or one of its users.
func ownerIs(o codeowners.Owner, role config.Role) bool {
	switch o.Type {
	case codeowners.TeamOwner:
		if role.Team == "" {
			return false
		}
		if strings.Contains(role.Team, "/") {
			return strings.EqualFold(o.Value, role.Team)
		}
		_, slug, _ := strings.Cut(o.Value, "/")
		return strings.EqualFold(slug, role.Team)
	case codeowners.UsernameOwner:
		for _, u := range role.Users {
			if strings.EqualFold(strings.TrimPrefix(u, "@"), o.Value) {
				return true
			}
		}
	}
	return false
}

func roleOwners(r config.Role) string {
	var out []string
	if r.Team != "" {
		t := r.Team
		if !strings.Contains(t, "/") {
			t = "<org>/" + t
		}
		out = append(out, "@"+t)
	}
	for _, u := range r.Users {
		out = append(out, "@"+strings.TrimPrefix(u, "@"))
	}
	return strings.Join(out, " ")
}
