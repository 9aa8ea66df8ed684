package wib

import "time"

// FrontMatterLayout is the `date` warta new writes into front matter:
// RFC 3339 with the offset always as digits ("2026-11-25T09:00:00+07:00").
const FrontMatterLayout = "2006-01-02T15:04:05-07:00"

// ParseDate reads a front-matter `date`: RFC 3339, or a date with or
// without a time and no zone, which is then a time in loc (the site's
// zone, WIB unless configured otherwise).
func ParseDate(s string, loc *time.Location) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	for _, layout := range [...]string{
		"2006-01-02T15:04:05",
		"2006-01-02T15:04",
		"2006-01-02 15:04:05",
		"2006-01-02 15:04",
		time.DateOnly,
	} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
