package wib

import (
	"fmt"
	"time"
)

// Weekday is the Indonesian name of d: "Minggu", "Senin", … "Sabtu".
func Weekday(d time.Weekday) string {
	return [...]string{"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"}[d]
}

// Month is the Indonesian name of m: "Januari" … "Desember".
func Month(m time.Month) string {
	return [...]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
		"Agustus", "September", "Oktober", "November", "Desember"}[m-1]
}

// Date writes the day of t in loc: "25 November 2026".
func Date(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	return fmt.Sprintf("%d %s %d", t.Day(), Month(t.Month()), t.Year())
}

// DayMonth writes the day of t in loc with a three-letter month, for
// chart labels: "25 Nov", "17 Agu".
func DayMonth(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	return fmt.Sprintf("%d %s", t.Day(), Month(t.Month())[:3])
}

// LongDate writes t in loc as an article shows it, with the zone named by
// ZoneName: "Rabu, 25 November 2026, 09.00 WIB".
func LongDate(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	return fmt.Sprintf("%s, %s, %02d.%02d %s", Weekday(t.Weekday()), Date(t, loc), t.Hour(), t.Minute(), ZoneName(t))
}

// DateTime writes t in loc as the SOP report shows it, with the zone's
// abbreviation from the zone database: "25 November 2026 14:05 WIB".
func DateTime(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	return Date(t, loc) + " " + t.Format("15:04 MST")
}
