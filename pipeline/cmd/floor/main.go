// Command floor is the benchmark floor for `warta build`: it only converts
// each article body under DIR/content with goldmark (configured as warta's
// markdown package configures it) and writes one HTML file per article,
// with all cores. Nothing else: no templates, lists, feeds or images. The
// ratio warta/floor in .ci/bench says how much the rest of the build costs.
//
//	go run ./pipeline/cmd/floor -src CORPUS -out DIR
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/kominfotik-lampung/warta/pipeline/markdown"
)

func main() {
	src := flag.String("src", "", "site folder holding content/")
	out := flag.String("out", "", "output folder")
	flag.Parse()
	if *src == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	var files []string
	root := filepath.Join(*src, "content")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == "index.md" {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
	md := markdown.New()
	// The first failure stops the files not yet started.
	g, ctx := errgroup.WithContext(context.Background())
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, f := range files {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			return convert(md, root, *out, f)
		})
	}
	if err := g.Wait(); err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}

func convert(md *markdown.Renderer, root, out, p string) error {
	data, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	body := data
	if bytes.HasPrefix(data, []byte("---\n")) {
		if i := bytes.Index(data[4:], []byte("\n---\n")); i >= 0 {
			body = data[4+i+5:]
		}
	}
	var buf bytes.Buffer
	if _, err := md.Convert(body, &buf); err != nil {
		return err
	}
	rel, _ := filepath.Rel(root, filepath.Dir(p))
	dir := filepath.Join(out, strings.TrimPrefix(rel, string(filepath.Separator)))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "index.html"), buf.Bytes(), 0o644)
}
