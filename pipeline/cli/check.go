package cli

import (
	"context"
	"fmt"
)

// PLACEHOLDER until the owner of this command replaces the file.
func runCheck(ctx context.Context, e *Env, args []string) int {
	fmt.Fprintln(e.Err, "warta check: belum tersedia")
	return ExitUsage
}
