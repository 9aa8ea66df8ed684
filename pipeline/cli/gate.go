package cli

import (
	"context"
	"fmt"
)

// PLACEHOLDER until the owner of this command replaces the file.
func runGate(ctx context.Context, e *Env, args []string) int {
	fmt.Fprintln(e.Err, "warta gate: belum tersedia")
	return ExitUsage
}
