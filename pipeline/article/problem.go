package article

import (
	"fmt"
	"sort"
	"strings"
)

// Pos is a position in a source file; Line and Col start at 1, 0 means unknown.
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
	Col  int    `json:"col,omitempty"`
}

// String formats the position as file:line:col, leaving out unknown parts.
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	default:
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
	}
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
	var b strings.Builder
	b.WriteString(p.Pos.String())
	b.WriteString(": ")
	if p.Severity == Warning {
		b.WriteString("peringatan: ")
	}
	b.WriteString(p.Msg)
	b.WriteString(" [")
	b.WriteString(p.Code)
	b.WriteString("]")
	if p.Hint != "" {
		b.WriteString("\n    saran: ")
		b.WriteString(p.Hint)
	}
	return b.String()
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
