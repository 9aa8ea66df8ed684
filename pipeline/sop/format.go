package sop

import (
	"fmt"
	"strings"
	"time"

	"github.com/kominfotik-lampung/warta/pipeline/wib"
)

// Dur writes d for readers: "2,5 menit" (tenths under an hour, with the
// Indonesian decimal comma), "2 jam 5 menit", "3 hari 4 jam".
func Dur(d time.Duration) string {
	if d < time.Hour {
		// Under an hour, tenths of a minute: the SOP's standards are 1 to 7
		// minutes, and a median of 2.5 must not read as 3.
		tenths := int64(max(d, 0).Round(6*time.Second) / (6 * time.Second))
		if tenths%10 == 0 || tenths >= 600 {
			return fmt.Sprintf("%d menit", (tenths+5)/10)
		}
		return fmt.Sprintf("%d,%d menit", tenths/10, tenths%10)
	}
	m := int64(d.Round(time.Minute) / time.Minute)
	if m < 0 {
		m = 0
	}
	days, hours, mins := m/(24*60), (m/60)%24, m%60
	switch {
	case days > 0 && hours > 0:
		return fmt.Sprintf("%d hari %d jam", days, hours)
	case days > 0:
		return fmt.Sprintf("%d hari", days)
	case hours > 0 && mins > 0:
		return fmt.Sprintf("%d jam %d menit", hours, mins)
	case hours > 0:
		return fmt.Sprintf("%d jam", hours)
	}
	return fmt.Sprintf("%d menit", mins)
}

// Minutes writes d in minutes with one decimal, for CSV.
func Minutes(d time.Duration) string { return fmt.Sprintf("%.1f", d.Minutes()) }

// RangeText writes the report's range as staff read it: the last day shown
// is the day before Until when Until is a midnight (an exclusive end).
func (rep *Report) RangeText() string {
	return wib.Date(rep.Since, rep.Location) + " dan " + wib.Date(rep.lastDay(), rep.Location)
}

func (rep *Report) lastDay() time.Time {
	u := rep.Until.In(rep.Location)
	if u.Hour() == 0 && u.Minute() == 0 && u.Second() == 0 && u.Nanosecond() == 0 {
		return u.Add(-time.Nanosecond)
	}
	return u
}

// EmptyText is what the report says when no news PR was merged.
func (rep *Report) EmptyText() string {
	return "Tidak ada PR berita yang digabung antara " + rep.RangeText() + "."
}

// zoneName is the zone's IANA name, for the report header.
func (rep *Report) zoneName() string {
	if rep.Location == nil {
		return "UTC"
	}
	return rep.Location.String()
}

// oneLine keeps a value on one line of a Markdown table.
func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	return strings.ReplaceAll(s, "|", "\\|")
}
