package intake

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/config"
	"github.com/kominfotik-lampung/warta/pipeline/content"
)

// Check runs the checks of `warta check` on the draft's bundle alone
// (content.LoadFiles: a temporary folder holding only the bundle) and
// returns each error as a Defect on the form field it comes from. Warnings
// do not block a draft and are left out.
func Check(ctx context.Context, cfg *config.Config, d *Draft) ([]Defect, error) {
	files, err := d.Files()
	if err != nil {
		return nil, err
	}
	_, probs, err := content.LoadFiles(ctx, files, cfg, content.Options{Inspect: true})
	if err != nil {
		return nil, fmt.Errorf("intake: check bundle: %w", err)
	}
	index := string(files[path.Join(d.Dir(), "index.md")])
	var out []Defect
	for _, p := range probs {
		if p.Severity != article.Error {
			continue
		}
		field := fieldAt(index, p.Pos.Line, p.Code)
		fix := p.Hint
		if fix == "" {
			fix = "perbaiki isian ini lalu sunting isu"
		}
		out = append(out, Defect{Field: field, Msg: p.Msg, Fix: fix})
	}
	return out, nil
}

var (
	topKeyRe = regexp.MustCompile(`^([a-z_]+):`)
	srcRe    = regexp.MustCompile(`^\s*-\s*src:\s*foto-(\d)\.`)
)

// fieldAt maps a line of the generated index.md to the form field its
// value came from: the front-matter key above it, the photo item it is in,
// or the body.
func fieldAt(index string, line int, code string) string {
	byKey := map[string]string{"title": "judul", "date": "waktu", "summary": "ringkasan", "activity": "kegiatan",
		"location": "lokasi", "tags": "tag", "assignment": "penugasan", "author": "judul"}
	field, photo, fences := "judul", "", 0
	for i, l := range strings.Split(index, "\n") {
		if i+1 > line && line > 0 {
			break
		}
		if l == "---" {
			fences++
			continue
		}
		if fences >= 2 {
			return "isi"
		}
		if m := topKeyRe.FindStringSubmatch(l); m != nil {
			photo = ""
			if f, ok := byKey[m[1]]; ok {
				field = f
			} else if m[1] == "images" {
				field = "foto_1"
			}
		}
		if m := srcRe.FindStringSubmatch(l); m != nil {
			photo = m[1]
		}
	}
	if photo != "" {
		if code == "alt-kosong" {
			return "alt_" + photo
		}
		return "foto_" + photo
	}
	return field
}
