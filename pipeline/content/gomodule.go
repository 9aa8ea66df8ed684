package content

import (
	"context"
	"fmt"
	"io/fs"
	"path"

	"github.com/kominfotik-lampung/warta/pipeline/article"
)

// CheckGoModule refuses what would let a change that only the Kasi and
// Kabid review swap the code the publish workflow runs with the social
// secrets: a go.work or go.work.sum (a workspace can replace any module of
// go.mod by a local folder) and a vendor/ folder (the go command may build
// from it instead of the modules go.sum pins). The workflows also ignore
// both (GOWORK=off, GOFLAGS=-mod=mod); refusing them here makes the pull
// request that adds one fail `warta check` instead of lying dormant.
//
// It walks the whole repository: go.work anywhere (a step that runs go from
// a subfolder would find it), vendor at any depth, whether a folder or a
// symlink to one. It does not descend into .git and node_modules, which are
// not part of the module (the browser suite installs npm packages, some of
// which carry their own vendor folders). The error is only for a walk that
// could not run.
func CheckGoModule(ctx context.Context, fsys fs.FS) ([]article.Problem, error) {
	var probs []article.Problem
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		name := d.Name()
		isDir := d.IsDir() || d.Type()&fs.ModeSymlink != 0
		switch {
		case p == ".":
			return nil
		case d.IsDir() && (name == ".git" || name == "node_modules"):
			return fs.SkipDir
		case name == "go.work" || name == "go.work.sum":
			probs = append(probs, article.Errorf(article.Pos{File: p}, "go-work",
				fmt.Sprintf("hapus %s dari pull request ini; warta dibangun hanya dari go.mod dan go.sum, yang diubah lewat tinjauan maintainers", p),
				"berkas %s tidak boleh ada di repositori: workspace Go dapat mengganti kode yang dijalankan workflow publish (yang memegang kredensial media sosial) dengan kode dari folder lain", name))
		case name == "vendor" && isDir:
			probs = append(probs, article.Errorf(article.Pos{File: p + "/"}, "vendor",
				fmt.Sprintf("hapus folder %s/ dari pull request ini; dependensi diunduh sesuai go.sum, tidak disalin ke repositori", p),
				"folder %s/ tidak boleh ada di repositori: perintah go dapat membangun warta dari salinan kode di dalamnya, bukan dari modul yang dikunci go.sum", path.Base(p)))
			if d.IsDir() {
				return fs.SkipDir
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("content: walk the repository for go.work and vendor: %w", err)
	}
	return probs, nil
}
