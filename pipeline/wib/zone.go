package wib

import (
	"fmt"
	"time"
	_ "time/tzdata" // Asia/Jakarta, and any zone site.timezone names, on any machine
)

// Zone is the IANA name of Western Indonesia Time, the default time zone
// of a site (site.timezone in site/config.yaml).
const Zone = "Asia/Jakarta"

// Location returns Asia/Jakarta. The binary carries the zone database
// (time/tzdata), so it is found on any machine; were it ever missing, a
// fixed UTC+7 named WIB stands in, the offset Jakarta has kept since 1964.
func Location() *time.Location {
	loc, err := time.LoadLocation(Zone)
	if err != nil {
		return time.FixedZone("WIB", 7*60*60)
	}
	return loc
}

// ZoneName names t's zone by its offset: WIB, WITA or WIT for Indonesia's
// three zones, "UTC+hh.mm" for any other.
func ZoneName(t time.Time) string {
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
