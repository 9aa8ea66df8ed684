package article

import (
	"fmt"
	"sort"
	"strconv"
)

// Pos is a position in a source file; Line and Col start at 1, 0 means unknown.
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
	Col  int    `json:"col,omitempty"`
}

// String formats the position as file:line:col, leaving out unknown parts.
func (p Pos) String() string {
	return string(p.Append(nil))
}

// Append appends what String returns to b.
func (p Pos) Append(b []byte) []byte {
	b = append(b, p.File...)
	if p.Line != 0 {
		b = strconv.AppendInt(append(b, ':'), int64(p.Line), 10)
		if p.Col != 0 {
			b = strconv.AppendInt(append(b, ':'), int64(p.Col), 10)
		}
	}
	return b
}

// Severity says whether a Problem blocks an article.
type Severity int

const (
	// Error blocks the article: check exits 1 and it is not built or posted.
	Error Severity = iota
	// Warning is reported but blocks nothing.
	Warning
)

// String returns "error" or "warning", the words GitHub annotations use.
func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// MarshalText makes Severity read as a word in JSON output.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Problem is one finding about content or configuration, meant for staff:
// Msg and Hint are Bahasa Indonesia, Code is stable for tests and tooling.
type Problem struct {
	Pos      Pos      `json:"pos"`
	Severity Severity `json:"severity"`
	Code     string   `json:"code"`
	Msg      string   `json:"message"`
	Hint     string   `json:"hint,omitempty"`
}

// String formats the problem as "file:line:col: msg [code]" plus a hint line.
func (p Problem) String() string {
	return string(p.Append(nil))
}

// Append appends what String returns to b: printing thousands of
// problems through one reused buffer is several times faster than
// making a string of each. (Not AppendText: encoding packages would take
// that as the text form and marshal a Problem as a string.)
func (p Problem) Append(b []byte) []byte {
	b = p.Pos.Append(b)
	b = append(b, ": "...)
	if p.Severity == Warning {
		b = append(b, "peringatan: "...)
	}
	b = append(b, p.Msg...)
	b = append(b, " ["...)
	b = append(b, p.Code...)
	b = append(b, ']')
	if p.Hint != "" {
		b = append(b, "\n    saran: "...)
		b = append(b, p.Hint...)
	}
	return b
}

// Errorf builds an Error-severity problem.
func Errorf(pos Pos, code, hint, format string, args ...any) Problem {
	return Problem{Pos: pos, Severity: Error, Code: code, Msg: fmt.Sprintf(format, args...), Hint: hint}
}

// Warnf builds a Warning-severity problem.
func Warnf(pos Pos, code, hint, format string, args ...any) Problem {
	return Problem{Pos: pos, Severity: Warning, Code: code, Msg: fmt.Sprintf(format, args...), Hint: hint}
}

// HasErrors reports whether any problem has Error severity.
func HasErrors(ps []Problem) bool {
	for _, p := range ps {
		if p.Severity == Error {
			return true
		}
	}
	return false
}

// SortProblems orders problems by file, line, column and code, so output is
// stable whatever order the checks ran in.
func SortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		return a.Code < b.Code
	})
}
