package wib

import (
	"testing"
	"time"
)

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestLocation(t *testing.T) {
	loc := Location()
	if loc.String() != Zone {
		t.Errorf("Location() = %s, want %s (time/tzdata is linked in)", loc, Zone)
	}
	name, off := time.Date(2026, 11, 25, 9, 0, 0, 0, loc).Zone()
	if name != "WIB" || off != 7*3600 {
		t.Errorf("zone = %s %d, want WIB +7h", name, off)
	}
}

func TestFormats(t *testing.T) {
	jkt := zone(t, "Asia/Jakarta")
	at := time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		loc  *time.Location
		want string
	}{
		{jkt, "Rabu, 25 November 2026, 09.00 WIB"},
		{zone(t, "Asia/Makassar"), "Rabu, 25 November 2026, 10.00 WITA"},
		{zone(t, "Asia/Jayapura"), "Rabu, 25 November 2026, 11.00 WIT"},
		{time.UTC, "Rabu, 25 November 2026, 02.00 UTC+00.00"},
		{zone(t, "Asia/Kolkata"), "Rabu, 25 November 2026, 07.30 UTC+05.30"},
		{zone(t, "America/Sao_Paulo"), "Selasa, 24 November 2026, 23.00 UTC-03.00"},
	} {
		if got := LongDate(at, tt.loc); got != tt.want {
			t.Errorf("LongDate(%s) = %q, want %q", tt.loc, got, tt.want)
		}
	}
	for _, tt := range []struct{ got, want string }{
		{LongDate(time.Date(2026, 8, 16, 17, 0, 0, 0, time.UTC), jkt), "Senin, 17 Agustus 2026, 00.00 WIB"},
		{Date(time.Date(2026, 1, 4, 23, 0, 0, 0, time.UTC), jkt), "5 Januari 2026"},
		{DayMonth(time.Date(2026, 8, 16, 17, 0, 0, 0, time.UTC), jkt), "17 Agu"},
		{DateTime(time.Date(2026, 11, 25, 7, 5, 0, 0, time.UTC), jkt), "25 November 2026 14:05 WIB"},
		{DateTime(time.Date(2026, 11, 25, 7, 5, 0, 0, time.UTC), time.UTC), "25 November 2026 07:05 UTC"},
		{Weekday(time.Friday) + " " + Month(time.May), "Jumat Mei"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	jkt := zone(t, "Asia/Jakarta")
	nine := time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC) // 09:00 WIB
	for _, tt := range []struct {
		in   string
		want time.Time
	}{
		{"2026-11-25T09:00:00+07:00", nine},
		{"2026-11-25T02:00:00Z", nine},
		{"2026-11-25T10:00:00+08:00", nine},
		{"2026-11-25T09:00:00", nine},
		{"2026-11-25T09:00", nine},
		{"2026-11-25 09:00:00", nine},
		{"2026-11-25 09:00", nine},
		{"2026-11-25", time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)},
		{nine.In(jkt).Format(FrontMatterLayout), nine},
	} {
		got, ok := ParseDate(tt.in, jkt)
		if !ok || !got.Equal(tt.want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", tt.in, got, ok, tt.want)
		}
	}
	if got, _ := ParseDate("2026-11-25 09:00", time.UTC); !got.Equal(nine.Add(7 * time.Hour)) {
		t.Errorf("a zone-less date is read in the given zone: %v", got)
	}
	for _, in := range []string{"", "25 November 2026", "2026-13-01", "2026-11-25T09:00:00+0700", "kemarin"} {
		if got, ok := ParseDate(in, jkt); ok {
			t.Errorf("ParseDate(%q) = %v, want failure", in, got)
		}
	}
}
