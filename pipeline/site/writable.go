package site

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"

	"github.com/kominfotik-lampung/warta/pipeline/article"
)

// maxNameBytes is the longest file or folder name that Linux, macOS and
// Windows file systems take (NAME_MAX).
const maxNameBytes = 255

// nameTooLong reports whether a segment of rel is longer than a file
// system takes.
func nameTooLong(rel string) bool {
	for seg := range strings.SplitSeq(rel, "/") {
		if len(seg) > maxNameBytes {
			return true
		}
	}
	return false
}

// writable reports whether rel can be written beside the paths claimed so
// far: no segment too long, no claimed file where rel needs a folder, and
// no claimed file below rel (rel would have to be a folder). A claimed
// folder is no claimed file, nor are the folders above it: the search
// for a file in rel's way stops there.
func (b *builder) writable(rel string) bool {
	if nameTooLong(rel) || b.claimedDirs[rel] {
		return false
	}
	for d := parent(rel); d != "" && !b.claimedDirs[d]; d = parent(d) {
		if _, ok := b.claimed[d]; ok {
			return false
		}
	}
	return true
}

// keyPos is the line of a front-matter key of a, found by reading its
// file (articles do not keep positions of every key); line 1 if not found.
func (b *builder) keyPos(a *article.Article, key string) article.Pos {
	pos := article.Pos{File: a.File, Line: 1}
	if b.fsys == nil {
		return pos
	}
	f, err := b.fsys.Open(a.File)
	if err != nil {
		return pos
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if strings.HasPrefix(sc.Text(), key+":") {
			return article.Pos{File: a.File, Line: n, Col: 1}
		}
		if n > 1 && sc.Text() == "---" {
			break
		}
	}
	return pos
}

// failedWrite is an output file a job could not write because of its
// name.
type failedWrite struct {
	rel string
	err error
}

// nameError reports whether err is a write that failed because of the
// path (too long a name, a file where a folder is needed or the reverse),
// not because of the disk.
func nameError(err error) bool {
	return errors.Is(err, syscall.ENAMETOOLONG) || errors.Is(err, syscall.ENOTDIR) ||
		errors.Is(err, syscall.EISDIR) || errors.Is(err, fs.ErrExist)
}

// dropUnwritable is a job's error filter: a file that content named so it
// cannot be written is dropped and recorded (settleFailed reports it),
// so the rest of the site is still built; any other error stays.
func (b *builder) dropUnwritable(rel string, err error) error {
	if err == nil || !nameError(err) {
		return err
	}
	b.out.forget(rel)
	b.mu.Lock()
	b.failed = append(b.failed, failedWrite{rel, err})
	b.mu.Unlock()
	return nil
}

// settleFailed turns the dropped files into problems of the article that
// asked for them, once plan is done; a dropped file no article asked for
// is an error of the build.
func (b *builder) settleFailed() error {
	for _, f := range b.failed {
		owner := b.claimed[f.rel]
		if !strings.HasSuffix(owner, ".md") {
			return fmt.Errorf("site: write %s: %w", f.rel, f.err)
		}
		b.problems = append(b.problems, article.Errorf(article.Pos{File: owner, Line: 1}, "berkas-tidak-dapat-ditulis",
			"ganti alamat, alias, tag atau nama foto yang menghasilkan berkas ini",
			"berkas situs `%s` dari naskah ini tidak dapat ditulis dan dilewati", f.rel))
	}
	return nil
}
