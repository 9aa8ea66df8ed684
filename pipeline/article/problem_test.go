package article

import "testing"

func TestProblemString(t *testing.T) {
	for _, c := range []struct {
		p    Problem
		want string
	}{
		{Errorf(Pos{File: "a.md"}, "x", "", "pesan %d", 1), "a.md: pesan 1 [x]"},
		{Errorf(Pos{File: "a.md", Line: 3}, "x", "perbaiki", "pesan"), "a.md:3: pesan [x]\n    saran: perbaiki"},
		{Warnf(Pos{File: "a.md", Line: 3, Col: 12}, "y", "", "awas"), "a.md:3:12: peringatan: awas [y]"},
		{Warnf(Pos{File: "a.md", Col: 12}, "y", "h", "awas"), "a.md: peringatan: awas [y]\n    saran: h"},
	} {
		if got := c.p.String(); got != c.want {
			t.Errorf("String() = %q, want %q", got, c.want)
		}
		if got := string(c.p.Append([]byte(">"))); got != ">"+c.want {
			t.Errorf("Append = %q, want %q", got, ">"+c.want)
		}
	}
}
