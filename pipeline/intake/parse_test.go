package intake

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/kominfotik-lampung/warta/pipeline/wib"
)

// renderedBody is an issue body as GitHub renders naskah.yml answers:
// "### <label>", a blank line, the answer or "_No response_".
func renderedBody(answers map[string]string) string {
	var b strings.Builder
	for _, f := range Fields() {
		v := answers[f.ID]
		if v == "" {
			v = NoResponse
		}
		b.WriteString("### " + f.Label + "\n\n" + v + "\n\n")
	}
	return strings.TrimSuffix(b.String(), "\n\n")
}

func TestParseBody(t *testing.T) {
	body := renderedBody(map[string]string{
		"judul":  "Gubernur Resmikan Jembatan",
		"isi":    "Paragraf satu.\n\n### Bukan label\nParagraf dua.",
		"foto_1": `<img width="1200" alt="IMG_1" src="https://github.com/user-attachments/assets/0f1e2d3c-aaaa-bbbb-cccc-000000000001" />`,
		"foto_2": "![IMG_2](https://github.com/user-attachments/assets/0f1e2d3c-aaaa-bbbb-cccc-000000000002)",
	})
	a := ParseBody(strings.ReplaceAll(body, "\n", "\r\n"))
	if a["judul"] != "Gubernur Resmikan Jembatan" {
		t.Errorf("judul = %q", a["judul"])
	}
	if a["isi"] != "Paragraf satu.\n\n### Bukan label\nParagraf dua." {
		t.Errorf("isi = %q", a["isi"])
	}
	if _, ok := a["waktu"]; ok {
		t.Errorf("_No response_ must be absent, got %q", a["waktu"])
	}
	got := slices.Concat(PhotoURLs(a["foto_1"]), PhotoURLs(a["foto_2"]))
	want := []string{"https://github.com/user-attachments/assets/0f1e2d3c-aaaa-bbbb-cccc-000000000001",
		"https://github.com/user-attachments/assets/0f1e2d3c-aaaa-bbbb-cccc-000000000002"}
	if !slices.Equal(got, want) {
		t.Errorf("photo URLs = %q", got)
	}
}

func TestBuildDefectsAndDate(t *testing.T) {
	loc, _ := time.LoadLocation(wib.Zone)
	created := time.Date(2026, 11, 25, 2, 30, 45, 0, time.UTC)
	d, defects := Build(Answers{
		"judul": "Pūrṇa Wisata", "ringkasan": "R.", "kegiatan": "K", "lokasi": "L", "isi": "I",
		"foto_1": "![a](https://github.com/user-attachments/assets/1)", "alt_1": "Alt",
		"tag": " a, ,b ", "penugasan": "#12",
	}, BuildOptions{Issue: 5, Author: "staf1", Created: created, Loc: loc})
	if len(defects) > 0 {
		t.Fatalf("defects: %v", defects)
	}
	if d.Dir() != "content/berita/2026/11/25-purna-wisata" || d.Branch() != "naskah/5-purna-wisata" {
		t.Errorf("dir %s branch %s", d.Dir(), d.Branch())
	}
	if got := d.Date.Format(wib.FrontMatterLayout); got != "2026-11-25T09:30:00+07:00" {
		t.Errorf("date = %s", got)
	}
	if !slices.Equal(d.Tags, []string{"a", "b"}) || d.Assignment != 12 {
		t.Errorf("tags %q assignment %d", d.Tags, d.Assignment)
	}
	d, _ = Build(Answers{"judul": "J", "ringkasan": "R", "kegiatan": "K", "lokasi": "L", "isi": "I", "waktu": "2026-12-01 14.05 WIB",
		"foto_1": "![a](https://github.com/user-attachments/assets/1)", "alt_1": "A"}, BuildOptions{Created: created, Loc: loc})
	if d == nil || d.Date.Format(wib.FrontMatterLayout) != "2026-12-01T14:05:00+07:00" {
		t.Errorf("waktu with WIB and a dot: %v", d)
	}

	_, defects = Build(Answers{"judul": "J", "kegiatan": "K", "lokasi": "L", "isi": "I", "waktu": "besok pagi",
		"foto_1": "foto menyusul", "keterangan_3": "Ket"}, BuildOptions{Created: created, Loc: loc})
	var fields []string
	for _, d := range defects {
		fields = append(fields, d.Field)
		if d.Msg == "" || d.Fix == "" {
			t.Errorf("defect without message or fix: %+v", d)
		}
	}
	if want := []string{"ringkasan", "waktu", "foto_1", "foto_3"}; !slices.Equal(fields, want) {
		t.Errorf("defect fields = %q, want %q", fields, want)
	}
}

func FuzzParseBody(f *testing.F) {
	f.Add(renderedBody(map[string]string{"judul": "J", "foto_1": `<img src="https://github.com/user-attachments/assets/x" />`}))
	f.Add("### Judul berita\n\n_No response_\n### Foto 1\n![a](<u> \"t\")")
	f.Add("<img src='a'><img src=\"\">")
	f.Fuzz(func(t *testing.T, body string) {
		a := ParseBody(body)
		for id, v := range a {
			if v == "" || v == NoResponse || v != strings.TrimSpace(v) {
				t.Errorf("answer %s = %q", id, v)
			}
			if Label(id) == id {
				t.Errorf("unknown field id %q", id)
			}
			for _, u := range PhotoURLs(v) {
				if utf8.ValidString(v) && !utf8.ValidString(u) {
					t.Errorf("invalid URL from valid text: %q", u)
				}
			}
		}
	})
}
