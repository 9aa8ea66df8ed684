// Package cli is warta's command line: one file per subcommand (flags →
// options → run), all wiring of the workflow packages, every message staff
// read (Bahasa Indonesia) and the exit codes of DESIGN.md §5.
package cli
