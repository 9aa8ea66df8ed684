package content

import (
	"strings"
	"testing"
	"time"
)

func TestLoadCorrectionsAndRetraction(t *testing.T) {
	src := strings.Replace(goodArticle, "tags:", `corrections:
  - {date: "2026-11-26 10:00", kind: ralat, note: "Sebelumnya tertulis 120 meter; yang benar 150 meter."}
  - date: 2026-11-27T08:00:00+07:00
    kind: hak-jawab
    note: Tanggapan kontraktor.
retraction: {date: "2026-11-28 12:00", reason: "Dicabut atas permintaan narasumber."}
tags:`, 1)
	set, probs := load(t, testFS(t, map[string]string{goodDir + "index.md": src}))
	if len(probs) != 0 {
		t.Fatalf("unexpected problems: %v", probs)
	}
	a := set.Articles[0]
	if len(a.Corrections) != 2 {
		t.Fatalf("corrections = %d, want 2", len(a.Corrections))
	}
	c := a.Corrections[0]
	wantDate := time.Date(2026, 11, 26, 3, 0, 0, 0, time.UTC)
	if !c.Date.Equal(wantDate) || c.Kind != "ralat" || !strings.Contains(c.Note, "150 meter") {
		t.Errorf("corrections[0] = %+v, want 2026-11-26 10:00 WIB, ralat, the note", c)
	}
	if c.Pos.Line != 13 {
		t.Errorf("corrections[0] at line %d, want 13", c.Pos.Line)
	}
	if a.Corrections[1].Kind != "hak-jawab" || a.Corrections[1].Pos.Line != 14 {
		t.Errorf("corrections[1] = %+v, want hak-jawab at line 14", a.Corrections[1])
	}
	if !a.Retracted() || a.Retraction.Reason != "Dicabut atas permintaan narasumber." {
		t.Fatalf("retraction = %+v", a.Retraction)
	}
	if got := a.Updated(); !got.Equal(time.Date(2026, 11, 28, 5, 0, 0, 0, time.UTC)) {
		t.Errorf("Updated() = %v, want the retraction time", got)
	}
}

// TestCorrectionRules is one row per rule on `corrections` and
// `retraction` that needs no history: goodArticle with the given entries
// before `tags:` (line 12), asserting code, file, line and message of the
// single problem.
func TestCorrectionRules(t *testing.T) {
	idx := goodDir + "index.md"
	tests := []struct {
		name, entries string
		code          string
		line          int
		msg           string
	}{
		{"unknown kind", "corrections:\n  - {date: \"2026-11-26 10:00\", kind: ralat-besar, note: Catatan.}\n",
			"ralat-jenis-salah", 13, "jenis ralat `ralat-besar` tidak dikenal"},
		{"kind missing", "corrections:\n  - date: \"2026-11-26 10:00\"\n    note: Catatan.\n",
			"ralat-jenis-kosong", 13, "jenis ralat (`kind`) belum diisi"},
		{"empty note", "corrections:\n  - date: \"2026-11-26 10:00\"\n    kind: koreksi\n    note: \"  \"\n",
			"ralat-catatan-kosong", 15, "catatan ralat (`note`) kosong"},
		{"date unreadable", "corrections:\n  - {date: kemarin sore, kind: ralat, note: Catatan.}\n",
			"tanggal-ralat-salah", 13, "tanggal ralat `kemarin sore` tidak dapat dibaca"},
		{"date missing", "corrections:\n  - {kind: pembaruan, note: Catatan.}\n",
			"tanggal-ralat-kosong", 13, "tanggal ralat (`date`) belum diisi"},
		{"dated before the article", "corrections:\n  - {date: \"2026-11-25 08:00\", kind: hak-jawab, note: Catatan.}\n",
			"ralat-sebelum-terbit", 13, "tanggal ralat 25 November 2026 08:00 WIB lebih awal dari tanggal berita"},
		{"second entry", "corrections:\n  - {date: \"2026-11-26 10:00\", kind: ralat, note: Catatan.}\n  - {date: \"2026-11-26 11:00\", kind: Koreksi, note: Catatan.}\n",
			"ralat-jenis-salah", 14, "jenis ralat `Koreksi` tidak dikenal"},
		{"empty reason", "retraction: {date: \"2026-11-26 10:00\", reason: \"\"}\n",
			"pencabutan-alasan-kosong", 12, "alasan pencabutan (`reason`) kosong"},
		{"retraction date unreadable", "retraction:\n  date: 2026-13-01\n  reason: Dicabut.\n",
			"tanggal-pencabutan-salah", 13, "tanggal pencabutan `2026-13-01` tidak dapat dibaca"},
		{"retraction before the article", "retraction: {date: \"2026-11-24 10:00\", reason: Dicabut.}\n",
			"pencabutan-sebelum-terbit", 12, "tanggal pencabutan 24 November 2026 10:00 WIB lebih awal dari tanggal berita"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(goodArticle, "tags:", tt.entries+"tags:", 1)
			_, probs := load(t, testFS(t, map[string]string{idx: src}))
			if len(probs) != 1 {
				t.Fatalf("got %d problems, want 1: %v", len(probs), probs)
			}
			p := probs[0]
			if p.Code != tt.code || p.Pos.File != idx || p.Pos.Line != tt.line || p.Msg != tt.msg || p.Hint == "" {
				t.Errorf("got %s:%d %q [%s] (hint %q)\nwant %s:%d %q [%s]", p.Pos.File, p.Pos.Line, p.Msg, p.Code, p.Hint, idx, tt.line, tt.msg, tt.code)
			}
		})
	}
}

func TestCheckFutureCorrections(t *testing.T) {
	idx := goodDir + "index.md"
	src := strings.Replace(goodArticle, "tags:", `corrections:
  - {date: "2026-11-26 10:00", kind: ralat, note: Catatan.}
  - {date: "2026-11-28 10:00", kind: ralat, note: Catatan.}
retraction: {date: "2026-11-29 10:00", reason: Dicabut.}
tags:`, 1)
	set, probs := load(t, testFS(t, map[string]string{idx: src}))
	if len(probs) != 0 {
		t.Fatal(probs)
	}
	now := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	got := CheckFutureCorrections(set, now, time.FixedZone("WIB", 7*3600))
	want := []string{
		idx + ":14:5: tanggal ralat corrections[1] (28 November 2026 10:00 WIB) masih di masa depan [ralat-masa-depan]",
		idx + ":15:13: tanggal pencabutan (29 November 2026 10:00 WIB) masih di masa depan [pencabutan-masa-depan]",
	}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if line, _, _ := strings.Cut(got[i].String(), "\n"); line != want[i] {
			t.Errorf("got  %s\nwant %s", line, want[i])
		}
	}
}
