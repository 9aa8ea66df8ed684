package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/config"
	"github.com/kominfotik-lampung/warta/pipeline/content"
)

// loadConfig reads site/config.yaml. On failure it prints why (in Bahasa)
// and returns ok=false; config problems are returned for the caller to print.
func (e *Env) loadConfig(fsys fs.FS) (*config.Config, []article.Problem, bool) {
	cfg, probs, err := config.Load(fsys)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(e.Err, "warta: %s tidak ditemukan di %s\n    saran: jalankan warta dari akar repositori atau beri --root FOLDER\n", config.Path, e.Root)
		} else {
			fmt.Fprintf(e.Err, "warta: %s tidak dapat dibaca: %v\n", config.Path, err)
		}
		return nil, nil, false
	}
	return cfg, probs, true
}

// loadRepo reads config and content of the repository at e.Root. ok=false
// means it could not run (exit 2, message printed); config errors are
// usage errors too, since nothing can be judged against a broken config.
func (e *Env) loadRepo(ctx context.Context, opt content.Options) (*config.Config, *content.Set, []article.Problem, bool) {
	fsys := os.DirFS(e.Root)
	cfg, cprobs, ok := e.loadConfig(fsys)
	if !ok {
		return nil, nil, nil, false
	}
	if article.HasErrors(cprobs) {
		printProblems(e, cprobs)
		fmt.Fprintln(e.Err, "warta: perbaiki site/config.yaml terlebih dahulu")
		return nil, nil, nil, false
	}
	set, probs, err := content.Load(ctx, fsys, cfg, opt)
	if err != nil {
		fmt.Fprintf(e.Err, "warta: folder content/ tidak dapat dibaca: %v\n", err)
		return nil, nil, nil, false
	}
	return cfg, set, append(cprobs, probs...), true
}

// printProblems writes problems as text to stderr, one a line plus hints.
func printProblems(e *Env, probs []article.Problem) {
	w := bufio.NewWriter(e.Err)
	for _, p := range probs {
		w.WriteString(p.String())
		w.WriteByte('\n')
	}
	_ = w.Flush()
}
