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
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

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
	var wg sync.WaitGroup
	next := make(chan string)
	var mu sync.Mutex
	var firstErr error
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for p := range next {
				if err := convert(md, root, *out, p, &buf); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		fmt.Fprintln(os.Stderr, "floor:", firstErr)
		os.Exit(1)
	}
}

func convert(md *markdown.Renderer, root, out, p string, buf *bytes.Buffer) error {
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
	buf.Reset()
	if _, err := md.Convert(body, buf); err != nil {
		return err
	}
	rel, _ := filepath.Rel(root, filepath.Dir(p))
	dir := filepath.Join(out, strings.TrimPrefix(rel, string(filepath.Separator)))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "index.html"), buf.Bytes(), 0o644)
}
