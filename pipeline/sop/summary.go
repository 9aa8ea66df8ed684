package sop

import (
	"math"
	"sort"
	"time"
)

// Report is everything the writers render.
type Report struct {
	Since, Until time.Time // the range of merge times, [Since, Until)
	Location     *time.Location
	Generated    time.Time
	Repository   string // owner/name, for links and titles
	Steps        []Step
	Records      []*Record // newest merge first
	Stats        []StepStats
	Weeks        []Week
	Waits        []Wait
	// Counts of records without an assignment issue and with at least one
	// step unknown.
	NoAssignment, Incomplete int
	// Corrections are the corrections and retractions dated in the range,
	// newest first (see Corrections); the caller fills them.
	Corrections []Correction
	// Warnings are notes about the whole report (Bahasa Indonesia), e.g.
	// that the ledger could not be read.
	Warnings []string
}

// StepStats summarises one step over all records that have it.
type StepStats struct {
	Step           Step
	N              int           // records where the step is known
	Missing        int           // records where it is not
	Median, P90    time.Duration // zero when N is 0
	Max            time.Duration
	OverStandard   int // records slower than the standard
	WithinStandard int
}

// Week is one calendar week (Monday to Sunday in the report's zone) of
// merges.
type Week struct {
	Start       time.Time // Monday 00:00 in the report's zone
	N           int
	MedianTotal time.Duration // median of Record.Total
	Rounds      int           // correction rounds in the week
}

// Wait is "Waiter finished and then waited on Awaited": the time of every
// step whose start was made by Waiter and whose end by Awaited.
type Wait struct {
	Waiter, Awaited string
	N               int
	Total, Median   time.Duration
}

// Summarize builds the Report of records, merged in [since, until).
func Summarize(records []*Record, steps []Step, since, until time.Time, loc *time.Location) *Report {
	rep := &Report{Since: since, Until: until, Location: loc, Steps: steps}
	rep.Records = append(rep.Records, records...)
	sort.SliceStable(rep.Records, func(i, j int) bool {
		a, b := rep.Records[i], rep.Records[j]
		if !a.At[Merged].Equal(b.At[Merged]) {
			return a.At[Merged].After(b.At[Merged])
		}
		return a.PR.Number > b.PR.Number
	})
	waits := map[[2]string][]time.Duration{}
	for _, st := range steps {
		s := StepStats{Step: st}
		var ds []time.Duration
		for _, r := range rep.Records {
			d, ok := r.Duration(st)
			if !ok {
				s.Missing++
				continue
			}
			ds = append(ds, d)
			if st.HasStandard() {
				if d > st.Standard {
					s.OverStandard++
				} else {
					s.WithinStandard++
				}
			}
			key := [2]string{orUnknown(r.By[st.From]), orUnknown(r.By[st.To])}
			waits[key] = append(waits[key], d)
		}
		s.N = len(ds)
		s.Median, s.P90, s.Max = Median(ds), Percentile(ds, 90), Percentile(ds, 100)
		rep.Stats = append(rep.Stats, s)
	}
	for _, r := range rep.Records {
		if r.PR.Issue == nil {
			rep.NoAssignment++
		}
		for _, st := range steps {
			if _, ok := r.Duration(st); !ok {
				rep.Incomplete++
				break
			}
		}
	}
	rep.Weeks = weeks(rep.Records, loc)
	for k, ds := range waits {
		var sum time.Duration
		for _, d := range ds {
			sum += d
		}
		rep.Waits = append(rep.Waits, Wait{Waiter: k[0], Awaited: k[1], N: len(ds), Total: sum, Median: Median(ds)})
	}
	sort.Slice(rep.Waits, func(i, j int) bool {
		a, b := rep.Waits[i], rep.Waits[j]
		if a.Total != b.Total {
			return a.Total > b.Total
		}
		if a.Waiter != b.Waiter {
			return a.Waiter < b.Waiter
		}
		return a.Awaited < b.Awaited
	})
	return rep
}

func orUnknown(s string) string {
	if s == "" {
		return "(tidak diketahui)"
	}
	return s
}

func weeks(records []*Record, loc *time.Location) []Week {
	by := map[time.Time][]*Record{}
	for _, r := range records {
		t := r.At[Merged].In(loc)
		day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
		monday := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
		by[monday] = append(by[monday], r)
	}
	var out []Week
	for start, rs := range by {
		w := Week{Start: start, N: len(rs)}
		var ds []time.Duration
		for _, r := range rs {
			ds = append(ds, r.Total())
			w.Rounds += r.Rounds
		}
		w.MedianTotal = Median(ds)
		out = append(out, w)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out
}

// Median is the middle value of ds (the mean of the two middle values for
// an even count); zero for none.
func Median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := sorted(ds)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// Percentile is the nearest-rank p-th percentile of ds: the smallest value
// with at least p percent of the values at or below it; zero for none.
func Percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := sorted(ds)
	rank := int(math.Ceil(float64(p) / 100 * float64(len(s))))
	return s[min(max(rank, 1), len(s))-1]
}

func sorted(ds []time.Duration) []time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s
}

// Slowest returns up to n records with the longest Total, slowest first.
func (rep *Report) Slowest(n int) []*Record {
	rs := append([]*Record(nil), rep.Records...)
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Total() > rs[j].Total() })
	if len(rs) > n {
		rs = rs[:n]
	}
	return rs
}
