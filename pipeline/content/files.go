package content

import (
	"context"
	"fmt"
	"os"
	"path"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/config"
)

// LoadFiles runs Load on files that are not in a checkout (a draft made
// from an issue form): slash paths relative to the repository root, such as
// content/berita/.../index.md. They are written into a temporary folder
// through an os.Root, so no path can leave it, and removed afterwards.
func LoadFiles(ctx context.Context, files map[string][]byte, cfg *config.Config, opt Options) (*Set, []article.Problem, error) {
	tmp, err := os.MkdirTemp("", "warta-files-")
	if err != nil {
		return nil, nil, fmt.Errorf("content: temporary folder: %w", err)
	}
	defer os.RemoveAll(tmp)
	root, err := os.OpenRoot(tmp)
	if err != nil {
		return nil, nil, fmt.Errorf("content: temporary folder: %w", err)
	}
	defer root.Close()
	for p, data := range files {
		if err := root.MkdirAll(path.Dir(p), 0o755); err != nil {
			return nil, nil, fmt.Errorf("content: write %s: %w", p, err)
		}
		if err := root.WriteFile(p, data, 0o644); err != nil {
			return nil, nil, fmt.Errorf("content: write %s: %w", p, err)
		}
	}
	return Load(ctx, root.FS(), cfg, opt)
}
