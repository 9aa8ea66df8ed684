package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	tests := []struct {
		name, want, got string
		has             []string
	}{
		{"changed line", "a\nb\nc\n", "a\nB\nc\n", []string{"-    2 b", "+    2 B"}},
		{"added line", "a\nc", "a\nb\nc", []string{"+    2 b"}},
		{"removed line", "a\nb\nc", "a\nc", []string{"-    2 b"}},
		{"far context cut", "1\n2\n3\n4\n5\n6\n7\n8", "1\n2\n3\n4\n5\n6\n7\nX", []string{"...", "-    8 8", "+    8 X"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Diff(tt.want, tt.got)
			for _, h := range tt.has {
				if !strings.Contains(d, h) {
					t.Errorf("diff lacks %q:\n%s", h, d)
				}
			}
		})
	}
	if d := Diff("same\n", "same\n"); strings.ContainsAny(d, "+-") {
		t.Errorf("equal inputs give a diff:\n%s", d)
	}
}

func TestCheckUpdateThenMatch(t *testing.T) {
	dir := t.TempDir()
	want := filepath.Join(dir, "testdata", "x.golden")
	CheckBytes(t, []byte("hello\n"), want, true)
	data, err := os.ReadFile(want)
	if err != nil || string(data) != "hello\n" {
		t.Fatalf("update wrote %q, %v", data, err)
	}
	CheckBytes(t, []byte("hello\n"), want, false)

	ft := &fakeTB{TB: t}
	CheckBytes(ft, []byte("bye\n"), want, false)
	if !ft.failed || !strings.Contains(ft.msg, "+    1 bye") {
		t.Errorf("mismatch not reported as diff: failed=%v msg=%q", ft.failed, ft.msg)
	}
}

type fakeTB struct {
	testing.TB
	failed bool
	msg    string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Errorf(format string, args ...any) {
	f.failed = true
	f.msg = strings.TrimSpace(sprintf(format, args...))
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
