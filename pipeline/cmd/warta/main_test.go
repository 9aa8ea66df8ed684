package main

import (
	"errors"
	"os/exec"
	"strings"
	"testing"
)

// TestNoTestingPackagesInBinary: no testing/* package (testing/fstest,
// testing/iotest, …) may be linked into the shipped warta binary; test
// helpers belong in _test.go files and internal test packages.
func TestNoTestingPackagesInBinary(t *testing.T) {
	// go test puts its own GOROOT/bin first on the PATH of the test.
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("no go command to list the dependencies with: %v", err)
	}
	cmd := exec.CommandContext(t.Context(), goTool, "list", "-deps", ".")
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
			stderr = ee.Stderr
		}
		t.Fatalf("go list -deps: %v\n%s", err, stderr)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list -deps listed only %q", deps)
	}
	for _, p := range deps {
		if p == "testing" || strings.HasPrefix(p, "testing/") {
			t.Errorf("the warta binary links %s", p)
		}
	}
}
