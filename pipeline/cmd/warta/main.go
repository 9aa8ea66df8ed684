// Command warta runs the newsroom pipeline of the SOP "Akurasi Informasi":
// check, build, serve, gate, publish and report. See README.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"syscall"

	"github.com/kominfotik-lampung/warta/pipeline/cli"
)

func main() {
	tuneGC(os.Getenv)
	stopProfile := startProfile(os.Getenv("WARTA_CPUPROFILE"))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], cli.Stdio{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}, os.Getenv)
	stop()
	stopProfile()
	writeHeapProfile(os.Getenv("WARTA_MEMPROFILE"))
	os.Exit(code)
}

// startProfile writes a CPU profile to file for maintainers
// (WARTA_CPUPROFILE, docs/performance.md); "" or a file that cannot be
// made profiles nothing.
func startProfile(file string) (stop func()) {
	if file == "" {
		return func() {}
	}
	f, err := os.Create(file)
	if err != nil {
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// writeHeapProfile writes the heap profile (what is live, what was
// allocated) to file for maintainers; "" writes nothing.
func writeHeapProfile(file string) {
	if file == "" {
		return
	}
	if f, err := os.Create(file); err == nil {
		// The profile is as of the last collection: without one here it
		// would leave out what was allocated since.
		runtime.GC()
		_ = pprof.Lookup("heap").WriteTo(f, 0)
		f.Close()
	}
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
