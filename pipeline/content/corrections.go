package content

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/wib"
)

// The hints of the correction rules, shared by Load and CheckFutureCorrections.
const (
	hintCorrectionDate = "tulis waktu ralat dimuat, misalnya `date: \"2026-12-01 14:00\"` (WIB) atau `2026-12-01T14:00:00+07:00`"
	hintRetractionDate = "tulis waktu pencabutan, misalnya `date: \"2026-12-01 14:00\"` (WIB) atau `2026-12-01T14:00:00+07:00`"
)

// corrections checks the `corrections` and `retraction` entries of a news
// article against rules that need no history (DESIGN.md §10): a known
// kind, a readable date not before the article's, a note or reason. It
// runs after the article's date was read. A date in the future depends on
// the clock, so CheckFutureCorrections reports it.
func (v *validator) corrections(a *article.Article, fm *frontMatter) {
	for i, c := range fm.Corrections {
		key := fmt.Sprintf("corrections[%d]", i)
		v.entryDate(key, c.Date, hintCorrectionDate, "ralat")
		if i < len(a.Corrections) && !a.Corrections[i].Date.IsZero() && !a.Date.IsZero() && a.Corrections[i].Date.Before(a.Date) {
			v.errf(key+".date", "ralat-sebelum-terbit",
				fmt.Sprintf("ralat dimuat setelah berita terbit (%s); perbaiki tanggalnya", wib.DateTime(a.Date, v.cfg.Location)),
				"tanggal ralat %s lebih awal dari tanggal berita", wib.DateTime(a.Corrections[i].Date, v.cfg.Location))
		}
		switch kind := strings.TrimSpace(c.Kind); {
		case kind == "":
			v.errf(key+".kind", "ralat-jenis-kosong", "isi `kind:` dengan ralat, koreksi, hak-jawab atau pembaruan",
				"jenis ralat (`kind`) belum diisi")
		case !slices.Contains(article.CorrectionKinds, kind):
			v.errf(key+".kind", "ralat-jenis-salah", "gunakan salah satu: ralat, koreksi, hak-jawab atau pembaruan (huruf kecil)",
				"jenis ralat `%s` tidak dikenal", kind)
		}
		if strings.TrimSpace(c.Note) == "" {
			v.errf(key+".note", "ralat-catatan-kosong",
				"tulis `note:` yang dibaca publik, misalnya \"Sebelumnya tertulis 120 meter; yang benar 150 meter.\"",
				"catatan ralat (`note`) kosong")
		}
	}
	r := fm.Retraction
	if r == nil {
		return
	}
	v.entryDate("retraction", r.Date, hintRetractionDate, "pencabutan")
	if a.Retraction != nil && !a.Retraction.Date.IsZero() && !a.Date.IsZero() && a.Retraction.Date.Before(a.Date) {
		v.errf("retraction.date", "pencabutan-sebelum-terbit",
			fmt.Sprintf("berita dicabut setelah terbit (%s); perbaiki tanggalnya", wib.DateTime(a.Date, v.cfg.Location)),
			"tanggal pencabutan %s lebih awal dari tanggal berita", wib.DateTime(a.Retraction.Date, v.cfg.Location))
	}
	if strings.TrimSpace(r.Reason) == "" {
		v.errf("retraction.reason", "pencabutan-alasan-kosong",
			"tulis `reason:` yang diumumkan kepada publik (Pedoman Pemberitaan Media Siber butir 5), misalnya \"Dicabut karena ...\"",
			"alasan pencabutan (`reason`) kosong")
	}
}

// entryDate reports an empty or unreadable `date` of a correction or
// retraction entry at key; what names the entry in the message.
func (v *validator) entryDate(key, raw, hint, what string) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		v.errf(key+".date", "tanggal-"+what+"-kosong", hint, "tanggal %s (`date`) belum diisi", what)
		return
	}
	if _, ok := wib.ParseDate(raw, v.cfg.Location); !ok {
		v.errf(key+".date", "tanggal-"+what+"-salah", hint, "tanggal %s `%s` tidak dapat dibaca", what, raw)
	}
}

// CheckFutureCorrections reports the corrections and retractions of set
// dated after now: a correction is dated when it is published, so a date
// ahead of the clock is a typo (DESIGN.md §10). It is apart from Load
// because Load's results do not depend on the clock (they are cached).
func CheckFutureCorrections(set *Set, now time.Time, loc *time.Location) []article.Problem {
	var probs []article.Problem
	for _, a := range set.Articles {
		for i, c := range a.Corrections {
			if c.Date.After(now) {
				probs = append(probs, article.Errorf(c.Pos, "ralat-masa-depan",
					"tulis waktu ralat yang sudah lewat (waktu ralat dimuat, WIB)",
					"tanggal ralat corrections[%d] (%s) masih di masa depan", i, wib.DateTime(c.Date, loc)))
			}
		}
		if r := a.Retraction; r != nil && r.Date.After(now) {
			probs = append(probs, article.Errorf(r.Pos, "pencabutan-masa-depan",
				"tulis waktu pencabutan yang sudah lewat (WIB)",
				"tanggal pencabutan (%s) masih di masa depan", wib.DateTime(r.Date, loc)))
		}
	}
	return probs
}
