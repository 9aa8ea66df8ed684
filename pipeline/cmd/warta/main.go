// Command warta runs the newsroom pipeline of the SOP "Akurasi Informasi":
// check, build, serve, gate, publish and report. See README.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/kominfotik-lampung/warta/pipeline/cli"
)

func main() {
	tuneGC(os.Getenv)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], cli.Stdio{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}, os.Getenv)
	stop()
	os.Exit(code)
}

// tuneGC trades memory for speed unless the user set GOGC or GOMEMLIMIT:
// a build allocates many short-lived buffers, and with the default GOGC=100
// the collector ran often enough to cost about 0.3 s CPU on 10,000 articles
// (docs/performance.md); the 200 MiB soft limit keeps the peak in check.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(200 << 20)
	}
}
