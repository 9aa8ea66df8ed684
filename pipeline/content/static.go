package content

import (
	"io/fs"
	"strings"

	"github.com/kominfotik-lampung/warta/pipeline/article"
)

// staticSet is the files build copies from site/static, as case-folded
// site paths ("/js/cari.js").
type staticSet map[string]bool

// staticPaths lists the files below article.StaticDir in fsys, skipping
// hidden ones as build does; none when it cannot be read (a root without
// site/static copies nothing).
func staticPaths(fsys fs.FS) staticSet {
	s := staticSet{}
	_ = fs.WalkDir(fsys, article.StaticDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") && p != article.StaticDir {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			s[strings.ToLower(strings.TrimPrefix(p, article.StaticDir))] = true
		}
		return nil
	})
	return s
}

// reserved tells whether a page or alias at url ("/x/y/", written as
// x/y/index.html) would meet a static file: the same file, or a file
// where the build needs a folder (url below "/js/cari.js").
func (s staticSet) reserved(url string) string {
	url = strings.ToLower(url)
	if s[url+"index.html"] {
		return "berkas statis " + url + "index.html dari " + article.StaticDir
	}
	for p := strings.TrimSuffix(url, "/"); p != ""; p = p[:strings.LastIndexByte(p, '/')] {
		if s[p] {
			return "berkas statis " + p + " dari " + article.StaticDir
		}
	}
	return ""
}
