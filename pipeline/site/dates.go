package site

import (
	"fmt"
	"strconv"
	"time"
)

func dayName(d time.Weekday) string {
	return [...]string{"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"}[d]
}

// MonthName is the Indonesian name of m.
func MonthName(m time.Month) string {
	return [...]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
		"Agustus", "September", "Oktober", "November", "Desember"}[m-1]
}

// LongDate formats t in loc the Indonesian way, with the zone of Indonesia's
// three time zones: "Rabu, 25 November 2026, 09.00 WIB".
func LongDate(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	return fmt.Sprintf("%s, %s, %02d.%02d %s", dayName(t.Weekday()), ShortDate(t, loc), t.Hour(), t.Minute(), zoneName(t))
}

// ShortDate formats the day of t in loc: "25 November 2026".
func ShortDate(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	return strconv.Itoa(t.Day()) + " " + MonthName(t.Month()) + " " + strconv.Itoa(t.Year())
}

// zoneName names Indonesia's zones by offset (WIB, WITA, WIT) and any other
// zone as "UTC+hh.mm".
func zoneName(t time.Time) string {
	_, off := t.Zone()
	switch off {
	case 7 * 3600:
		return "WIB"
	case 8 * 3600:
		return "WITA"
	case 9 * 3600:
		return "WIT"
	}
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("UTC%c%02d.%02d", sign, off/3600, off%3600/60)
}
