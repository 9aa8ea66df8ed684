package content

import (
	"io/fs"
	"strings"

	"github.com/kominfotik-lampung/warta/pipeline/article"
)

// staticSet is what site/static puts at the top of the site: folders
// ("/css/") and files ("/favicon.ico"), case-folded.
type staticSet struct {
	dirs, files []string
}

// staticPaths lists the top of article.StaticDir in fsys; none when it
// cannot be read (a root without site/static copies nothing).
func staticPaths(fsys fs.FS) staticSet {
	var s staticSet
	ents, err := fs.ReadDir(fsys, article.StaticDir)
	if err != nil {
		return s
	}
	for _, d := range ents {
		if strings.HasPrefix(d.Name(), ".") {
			continue
		}
		p := "/" + strings.ToLower(d.Name())
		if d.IsDir() {
			s.dirs = append(s.dirs, p+"/")
		} else {
			s.files = append(s.files, p)
		}
	}
	return s
}

// reserved tells whether a page or alias at url ("/x/y/") would write in
// a folder of site/static, or over or below one of its files: the whole
// of each top folder is the site's, so a file added there later never
// meets an alias.
func (s staticSet) reserved(url string) string {
	url = strings.ToLower(url)
	for _, d := range s.dirs {
		if strings.HasPrefix(url, d) {
			return "berkas statis " + d + " dari " + article.StaticDir
		}
	}
	for _, f := range s.files {
		if strings.HasPrefix(url, f+"/") {
			return "berkas statis " + f + " dari " + article.StaticDir
		}
	}
	return ""
}
