package article

import "time"

// Correction kinds (DESIGN.md §10), as written in front matter.
const (
	Ralat     = "ralat"
	Koreksi   = "koreksi"
	HakJawab  = "hak-jawab"
	Pembaruan = "pembaruan"
)

// CorrectionKinds lists the kinds a correction may have, in a fixed order.
var CorrectionKinds = []string{Ralat, Koreksi, HakJawab, Pembaruan}

// CorrectionLabel is the Bahasa Indonesia name of a correction kind, as
// readers see it on the site, in the report and on every platform:
// "Ralat", "Koreksi", "Hak jawab", "Pembaruan". An empty kind reads
// "Ralat"; a kind `warta check` rejects reads as written (such an article
// is built but never posted).
func CorrectionLabel(kind string) string {
	switch kind {
	case Ralat, "":
		return "Ralat"
	case Koreksi:
		return "Koreksi"
	case HakJawab:
		return "Hak jawab"
	case Pembaruan:
		return "Pembaruan"
	}
	return kind
}

// Correction is one published correction of an article, an entry of its
// `corrections` list. The list only grows: an entry's index is its identity
// in the ledger.
type Correction struct {
	Date time.Time // zero when the date could not be read (check reports it)
	Kind string
	Note string
	Pos  Pos // where the entry stands in the front matter
}

// Retraction withdraws an article: its URL stays and shows the reason.
type Retraction struct {
	Date   time.Time
	Reason string
	Pos    Pos
}

// Retracted reports whether the article was withdrawn.
func (a *Article) Retracted() bool { return a.Retraction != nil }

// Updated is the time of the article's latest correction or retraction,
// or its date when it has none.
func (a *Article) Updated() time.Time {
	t := a.Date
	for _, c := range a.Corrections {
		if c.Date.After(t) {
			t = c.Date
		}
	}
	if a.Retraction != nil && a.Retraction.Date.After(t) {
		t = a.Retraction.Date
	}
	return t
}
