package cli

import (
	"context"
	"fmt"
)

// PLACEHOLDER until the owner of this command replaces the file.
func runReport(ctx context.Context, e *Env, args []string) int {
	fmt.Fprintln(e.Err, "warta report: belum tersedia")
	return ExitUsage
}
