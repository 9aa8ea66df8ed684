package cli

import (
	"context"
	"fmt"
)

// PLACEHOLDER until the owner of this command replaces the file.
func runPublish(ctx context.Context, e *Env, args []string) int {
	fmt.Fprintln(e.Err, "warta publish: belum tersedia")
	return ExitUsage
}
