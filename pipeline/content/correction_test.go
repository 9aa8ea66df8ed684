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
