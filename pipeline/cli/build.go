package cli

import (
	"context"
	"fmt"
)

// PLACEHOLDER until the owner of this command replaces the file.
func runBuild(ctx context.Context, e *Env, args []string) int {
	fmt.Fprintln(e.Err, "warta build: belum tersedia")
	return ExitUsage
}
