// Package golden compares test output with golden files in testdata/, and
// rewrites them when the test runs with -update.
package golden

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Check compares the file at got with the golden file want; with update it
// rewrites want instead. A mismatch fails t with a line diff.
func Check(t testing.TB, got, want string, update bool) {
	t.Helper()
	data, err := os.ReadFile(got)
	if err != nil {
		t.Fatalf("golden: read output: %v", err)
	}
	CheckBytes(t, data, want, update)
}

// CheckBytes is Check for output held in memory.
func CheckBytes(t testing.TB, got []byte, want string, update bool) {
	t.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(want), 0o755); err != nil {
			t.Fatalf("golden: %v", err)
		}
		if err := os.WriteFile(want, got, 0o644); err != nil {
			t.Fatalf("golden: write %s: %v", want, err)
		}
		return
	}
	exp, err := os.ReadFile(want)
	if err != nil {
		t.Fatalf("golden: read %s: %v (run the test with -update to create it)", want, err)
	}
	if bytes.Equal(got, exp) {
		return
	}
	t.Errorf("output differs from %s (run with -update to accept):\n%s", want, Diff(string(exp), string(got)))
}

// Diff returns a line diff of want and got: lines only in want start with
// "-", lines only in got with "+", and up to two lines of context around
// each change are kept, as in unified diff output.
func Diff(want, got string) string {
	a := strings.Split(want, "\n")
	b := strings.Split(got, "\n")
	// Longest common subsequence table; golden files are small.
	n, m := len(a), len(b)
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type line struct {
		op   byte
		text string
		no   int
	}
	var ops []line
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			ops = append(ops, line{' ', a[i], i + 1})
			i++
			j++
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			ops = append(ops, line{'+', b[j], j + 1})
			j++
		default:
			ops = append(ops, line{'-', a[i], i + 1})
			i++
		}
	}
	const ctx = 2
	keep := make([]bool, len(ops))
	for k, o := range ops {
		if o.op == ' ' {
			continue
		}
		for d := max(0, k-ctx); d <= min(len(ops)-1, k+ctx); d++ {
			keep[d] = true
		}
	}
	var sb strings.Builder
	gap := false
	for k, o := range ops {
		if !keep[k] {
			gap = true
			continue
		}
		if gap {
			sb.WriteString("...\n")
			gap = false
		}
		fmt.Fprintf(&sb, "%c%5d %s\n", o.op, o.no, o.text)
	}
	return sb.String()
}
