package content

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	"github.com/kominfotik-lampung/warta/pipeline/config"
	"github.com/kominfotik-lampung/warta/pipeline/markdown"
	"github.com/kominfotik-lampung/warta/pipeline/wib"
)

// Dir is the content folder, relative to the repository root.
const Dir = "content"

// Set is the loaded content: valid news articles newest first, and pages.
type Set struct {
	// Articles are the renderable news articles (drafts and embargoed ones
	// included; callers filter with Article.Due), newest first. Those with
	// errors have Errors > 0 and only their valid photos in Images.
	Articles []*article.Article
	// Pages are the renderable static pages, by ID.
	Pages []*article.Article
	// Rejected lists the files that cannot be rendered at all: no readable
	// front matter, no title or no valid date.
	Rejected []string
}

// Options tune Load.
type Options struct {
	// Inspect parses each body for raw HTML and unsafe links (check does;
	// build gets the same findings while rendering).
	Inspect bool
	// Markdown is the renderer used by Inspect; nil makes one.
	Markdown *markdown.Renderer
	// Cache, when set, answers for files unchanged since it was filled
	// (their articles come back without Body: see ReadBody) and learns
	// the others.
	Cache *Cache
	// NoBody leaves Article.Body nil, for callers that read it later with
	// ReadBody: holding every body of a big site at once costs memory.
	NoBody bool
}

var (
	// A news bundle is berita/YYYY/MM/DD-slug; a bundle without the day
	// prefix (as Hugo sites often have) is accepted with a warning.
	newsRe = regexp.MustCompile(`^content/berita/(\d{4})/(\d{2})/(?:(\d{2})-)?([a-z0-9]+(?:-[a-z0-9]+)*)/index\.md$`)
	pageRe = regexp.MustCompile(`^content/halaman/([a-z0-9]+(?:-[a-z0-9]+)*)\.md$`)
)

// Load reads every article and page below content/ in fsys (rooted at the
// repository), validates them against cfg and returns the valid ones with
// every problem found. It errs only when content/ cannot be walked.
func Load(ctx context.Context, fsys fs.FS, cfg *config.Config, opt Options) (*Set, []article.Problem, error) {
	if opt.Inspect && opt.Markdown == nil {
		opt.Markdown = markdown.New()
	}
	type result struct {
		file  string
		a     *article.Article
		probs []article.Problem
	}
	// Files are loaded while the folders are still being read: the walk
	// waits on the file system, the loading on the CPU.
	var (
		results []result
		probs   []article.Problem
		mu      sync.Mutex
	)
	// Long-lived loaders rather than a goroutine a file: decoding grows a
	// goroutine's stack (YAML and goldmark recurse), and a fresh one for
	// each of 10,000 files grows it anew each time.
	var loaders errgroup.Group
	files := make(chan string, 64)
	for range runtime.GOMAXPROCS(0) {
		loaders.Go(func() error {
			for p := range files {
				if ctx.Err() != nil {
					continue // drain; Load reports ctx.Err below
				}
				a, ps := loadCached(fsys, p, cfg, opt)
				mu.Lock()
				results = append(results, result{p, a, ps})
				mu.Unlock()
			}
			return nil
		})
	}
	walkErr := walkFiles(ctx, fsys, Dir, func(p string, symlink bool) {
		if symlink && path.Ext(p) != "" && !strings.HasSuffix(p, ".md") {
			return // a photo: the article that lists it says so, with the line
		}
		if symlink {
			mu.Lock()
			defer mu.Unlock()
			probs = append(probs, symlinkProblem(p))
			return
		}
		if !strings.HasSuffix(p, ".md") {
			return // photos and other bundle files are read through their article
		}
		if newsRe.MatchString(p) || pageRe.MatchString(p) {
			files <- p
			return
		}
		if strings.EqualFold(path.Base(p), "readme.md") || strings.HasPrefix(path.Base(p), "_") {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		probs = append(probs, article.Errorf(article.Pos{File: p}, "letak-salah",
			"simpan berita sebagai content/berita/TTTT/BB/HH-judul-singkat/index.md (huruf kecil, angka, tanda hubung) dan halaman sebagai content/halaman/nama.md; `warta new \"Judul\"` membuatnya",
			"berkas Markdown di luar tata letak konten"))
	})
	close(files)
	_ = loaders.Wait() // loaders return no error; a cancelled ctx is below
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	if walkErr != nil {
		return nil, nil, fmt.Errorf("content: walk %s: %w", Dir, walkErr)
	}
	// The walk and the loaders finish in any order; sorting makes the
	// result deterministic.
	sort.Slice(results, func(i, j int) bool { return results[i].file < results[j].file })

	set := &Set{}
	// URL path, case-folded → file that claims it: a checkout on a
	// case-insensitive disk, or a web server, would mix up the others.
	byURL := map[string]string{}
	claim := func(url, file string, pos article.Pos) bool {
		if other, ok := byURL[strings.ToLower(url)]; ok {
			probs = append(probs, article.Errorf(pos, "url-ganda",
				"ganti nama folder/berkas atau hapus alias yang sama (huruf besar/kecil tidak membedakan alamat)",
				"alamat %s sudah dipakai oleh %s", url, other))
			return false
		}
		byURL[strings.ToLower(url)] = file
		return true
	}
	static := staticPaths(fsys)
	reserved := func(url string, alias bool, pos article.Pos) bool {
		what := article.ReservedURL(url, alias)
		if what == "" {
			what = static.reserved(url)
		}
		if what == "" {
			return false
		}
		fix := "ganti nama berkas halaman"
		if alias {
			fix = "hapus alias ini atau pilih jalur lain"
		}
		probs = append(probs, article.Errorf(pos, "url-ganda", fix+"; alamat ini ditulis sendiri oleh situs saat dibangun",
			"alamat %s sudah dipakai oleh situs (%s)", url, what))
		return true
	}
	type aliasAt struct {
		url string
		pos article.Pos
	}
	var aliases []aliasAt
	entryURLs := map[string]string{} // case-folded URL of each article and page → its file
	// One allocation for every problem: a big site has tens of thousands.
	n := len(probs)
	for _, r := range results {
		n += len(r.probs)
	}
	probs = slices.Grow(probs, n-len(probs))
	for _, r := range results {
		probs = append(probs, r.probs...)
		if r.a == nil || r.a.Title == "" || (r.a.Kind == article.News && r.a.Date.IsZero()) {
			if len(r.probs) > 0 {
				set.Rejected = append(set.Rejected, r.probs[0].Pos.File)
			}
			continue
		}
		for _, p := range r.probs {
			if p.Severity == article.Error {
				r.a.Errors++
			}
		}
		pos := article.Pos{File: r.a.File, Line: 1}
		if r.a.Kind == article.News || !reserved(r.a.URLPath(), false, pos) {
			claim(r.a.URLPath(), r.a.File, pos)
		}
		entryURLs[strings.ToLower(r.a.URLPath())] = r.a.File
		if r.a.Kind == article.Page {
			set.Pages = append(set.Pages, r.a)
		} else {
			set.Articles = append(set.Articles, r.a)
		}
	}
	// Aliases claim their paths after every article and page has its own:
	// an alias never takes an article's URL from it.
	for _, as := range [][]*article.Article{set.Articles, set.Pages} {
		for _, a := range as {
			for i, al := range a.Aliases {
				pos := article.Pos{File: a.File, Line: 1}
				if i < len(a.AliasPos) {
					pos = a.AliasPos[i]
				}
				if u := normalizeAlias(al); !reserved(u, true, pos) && claim(u, a.File, pos) {
					aliases = append(aliases, aliasAt{u, pos})
				}
			}
		}
	}
	// An alias inside an article's folder (its own or another's) would
	// meet the photo derivatives build writes there (foto-800w.jpg,
	// instagram.jpg).
	for _, al := range aliases {
		for p := path.Dir(strings.TrimSuffix(al.url, "/")); p != "/"; p = path.Dir(p) {
			if owner, ok := entryURLs[strings.ToLower(p+"/")]; ok {
				probs = append(probs, article.Errorf(al.pos, "url-ganda",
					"hapus alias ini atau pilih jalur di luar folder berita; folder berita memuat foto turunan yang ditulis situs",
					"alias %s berada di dalam alamat %s milik %s", al.url, p+"/", owner))
				break
			}
		}
	}
	SortNewestFirst(set.Articles)
	article.SortProblems(probs)
	return set, probs, nil
}

// walkFiles calls visit, concurrently, for every file below root,
// skipping hidden folders. A symbolic link below root (to a file or a
// folder) is visited with symlink set and never followed; root itself
// may be one. Folders are read in parallel (a site has a
// folder per article); when every walker is busy, a folder is read by the
// goroutine that found it. Order is not defined: callers sort. It stops
// at the first folder that cannot be read, or when ctx is cancelled.
func walkFiles(ctx context.Context, fsys fs.FS, root string, visit func(p string, symlink bool)) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(2 * runtime.GOMAXPROCS(0))
	var walk func(dir string) error
	walk = func(dir string) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		ents, err := fs.ReadDir(fsys, dir)
		if err != nil {
			return err
		}
		for _, d := range ents {
			p := path.Join(dir, d.Name())
			switch {
			case d.Type()&fs.ModeSymlink != 0:
				if !strings.HasPrefix(d.Name(), ".") {
					visit(p, true)
				}
				// Not followed: a link to a folder may hold a bundle.
			case !d.IsDir():
				visit(p, false)
			case strings.HasPrefix(d.Name(), "."):
			case !g.TryGo(func() error { return walk(p) }):
				if err := walk(p); err != nil {
					return err
				}
			}
		}
		return nil
	}
	g.Go(func() error { return walk(root) })
	return g.Wait()
}

// SortNewestFirst orders articles by date, newest first, then by ID.
func SortNewestFirst(as []*article.Article) {
	sort.SliceStable(as, func(i, j int) bool {
		if !as[i].Date.Equal(as[j].Date) {
			return as[i].Date.After(as[j].Date)
		}
		return as[i].ID < as[j].ID
	})
}

func normalizeAlias(a string) string {
	a = "/" + strings.Trim(a, "/") + "/"
	if a == "//" {
		return "/"
	}
	return a
}

// loadCached is loadFile through opt.Cache, when there is one.
func loadCached(fsys fs.FS, file string, cfg *config.Config, opt Options) (*article.Article, []article.Problem) {
	if opt.Cache == nil {
		return loadFile(fsys, file, cfg, opt)
	}
	if a, probs, ok := opt.Cache.reuse(fsys, file); ok {
		return a, probs
	}
	src, size, mtime, prob := readContent(fsys, file)
	if prob != nil {
		return nil, []article.Problem{*prob}
	}
	a, probs, photos := loadBytes(fsys, file, src, cfg, opt)
	opt.Cache.remember(fsys, file, src, size, mtime, a, probs, photos)
	return a, probs
}

// LoadFile loads one file of the content layout again, as Load would, for
// a caller that knows which file changed (`warta serve`). It always reads
// the file, tells the sha256 of the bytes it validated and, with
// opt.Cache set, stores the result there. It errs when the file is no
// article or page of the layout or cannot be read; a is nil when the file
// has no usable front matter, is a symbolic link or is larger than
// MaxFileBytes (probs say why). Checks across files (URLs claimed twice)
// are Load's alone.
func LoadFile(fsys fs.FS, file string, cfg *config.Config, opt Options) (a *article.Article, probs []article.Problem, hash [32]byte, err error) {
	if !newsRe.MatchString(file) && !pageRe.MatchString(file) {
		return nil, nil, hash, fmt.Errorf("content: %s is no article or page", file)
	}
	if opt.Inspect && opt.Markdown == nil {
		opt.Markdown = markdown.New()
	}
	if _, err := fs.Lstat(fsys, file); err != nil {
		return nil, nil, hash, err
	}
	src, size, mtime, prob := readContent(fsys, file)
	if prob != nil {
		return nil, []article.Problem{*prob}, hash, nil
	}
	a, probs, photos := loadBytes(fsys, file, src, cfg, opt)
	if opt.Cache != nil {
		opt.Cache.remember(fsys, file, src, size, mtime, a, probs, photos)
	}
	if a != nil {
		for _, p := range probs {
			if p.Severity == article.Error {
				a.Errors++
			}
		}
	}
	return a, probs, sha256.Sum256(src), nil
}

// loadFile reads and validates one Markdown file. It returns a nil article
// only when the file could not be read or has no usable front matter.
func loadFile(fsys fs.FS, file string, cfg *config.Config, opt Options) (*article.Article, []article.Problem) {
	src, _, _, prob := readContent(fsys, file)
	if prob != nil {
		return nil, []article.Problem{*prob}
	}
	a, probs, _ := loadBytes(fsys, file, src, cfg, opt)
	return a, probs
}

// readContent reads a Markdown file of content/ once it is known, by
// Lstat, to be a regular file (no symbolic link) of at most MaxFileBytes:
// a larger file is refused by its size alone and never read. A file that
// grows meanwhile is cut at MaxFileBytes+1 and refused too.
func readContent(fsys fs.FS, file string) (src []byte, size, mtime int64, prob *article.Problem) {
	st, err := fs.Lstat(fsys, file)
	if err == nil && st.Mode()&fs.ModeSymlink != 0 {
		p := symlinkProblem(file)
		return nil, 0, 0, &p
	}
	if err == nil && st.Size() > MaxFileBytes {
		p := tooLargeProblem(file, st.Size())
		return nil, 0, 0, &p
	}
	if err == nil {
		src, err = readAtMost(fsys, file, MaxFileBytes)
	}
	if errors.Is(err, errTooLarge) {
		p := tooLargeProblem(file, int64(len(src)))
		return nil, 0, 0, &p
	}
	if err != nil {
		p := article.Errorf(article.Pos{File: file}, "tidak-terbaca",
			"periksa izin berkas", "berkas tidak dapat dibaca: %v", err)
		return nil, 0, 0, &p
	}
	return src, st.Size(), st.ModTime().UnixNano(), nil
}

// errTooLarge is readAtMost's answer for a file beyond its limit.
var errTooLarge = errors.New("content: file too large")

// readAtMost reads file, or fails with errTooLarge past limit bytes.
func readAtMost(fsys fs.FS, file string, limit int64) ([]byte, error) {
	f, err := fsys.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Sized from Stat when it can be: io.ReadAll would grow its buffer
	// from 512 bytes up for every file. The read stays capped either way.
	var b bytes.Buffer
	if st, err := f.Stat(); err == nil && st.Size() > 0 {
		b.Grow(int(min(st.Size(), limit)) + bytes.MinRead)
	}
	if _, err := b.ReadFrom(io.LimitReader(f, limit+1)); err != nil {
		return nil, err
	}
	if int64(b.Len()) > limit {
		return b.Bytes(), errTooLarge
	}
	return b.Bytes(), nil
}

func tooLargeProblem(file string, size int64) article.Problem {
	return article.Errorf(article.Pos{File: file}, "berkas-terlalu-besar",
		fmt.Sprintf("berita cukup beberapa kilobyte: pisahkan teks yang sangat panjang menjadi beberapa berita dan simpan foto sebagai berkas terpisah di folder berita (batasnya %d KB)", MaxFileBytes>>10),
		"berkas berukuran %s, batasnya %d KB; berkas ini tidak dibaca", sizeText(size), MaxFileBytes>>10)
}

// sizeText writes a byte count for staff: "1,5 MB" or "900 KB".
func sizeText(n int64) string {
	if n >= 1<<20 {
		return strings.Replace(fmt.Sprintf("%.1f MB", float64(n)/(1<<20)), ".", ",", 1)
	}
	return fmt.Sprintf("%d KB", (n+1023)>>10)
}

func symlinkProblem(p string) article.Problem {
	return article.Errorf(article.Pos{File: p}, "tautan-simbolik",
		"ganti tautan ini dengan berkas atau folder yang sebenarnya (salin isinya ke sini); warta tidak membaca berkas di luar folder berita",
		"tautan simbolik tidak diizinkan")
}

// loadBytes validates the bytes src of file; photos are the `src` values of
// its images, valid or not.
func loadBytes(fsys fs.FS, file string, src []byte, cfg *config.Config, opt Options) (*article.Article, []article.Problem, []string) {
	fmData, body, bodyLine, ok := splitFrontMatter(src)
	if !ok {
		return nil, []article.Problem{article.Errorf(article.Pos{File: file, Line: 1}, "front-matter-hilang",
			"awali berkas dengan baris `---`, isi kunci title, date, summary, activity, location dan images, lalu tutup dengan `---`",
			"front matter tidak ditemukan atau tidak ditutup dengan `---`")}, nil
	}
	fm, probs, at := parseFrontMatter(file, fmData)
	if fm == nil {
		return nil, probs, nil
	}
	var photos []string
	for _, img := range fm.Images {
		photos = append(photos, img.Src)
	}
	a := &article.Article{
		File: file, Title: strings.TrimSpace(fm.Title), Summary: strings.TrimSpace(fm.Summary),
		Activity: strings.TrimSpace(fm.Activity), Location: strings.TrimSpace(fm.Location),
		Images: fm.Images, Author: fm.Author, Tags: fm.Tags, Draft: fm.Draft, Platforms: fm.Platforms,
		Social: fm.Social, Assignment: fm.Assignment, Aliases: fm.Aliases, Body: body, BodyLine: bodyLine,
	}
	a.Corrections, a.Retraction = corrections(fm, at, cfg)
	for i := range a.Aliases {
		a.AliasPos = append(a.AliasPos, at.At(fmt.Sprintf("aliases[%d]", i)))
	}
	v := &validator{file: file, at: at, cfg: cfg, fsys: fsys}
	if m := pageRe.FindStringSubmatch(file); m != nil {
		a.Kind = article.Page
		a.ID = "halaman/" + m[1]
		v.page(a, fm)
	} else {
		m := newsRe.FindStringSubmatch(file)
		a.Kind = article.News
		a.ID = strings.TrimSuffix(strings.TrimPrefix(file, Dir+"/"), "/index.md")
		folderDate := m[1] + "-" + m[2] + "-" + m[3]
		if m[3] == "" {
			folderDate = m[1] + "-" + m[2]
			v.probs = append(v.probs, article.Warnf(article.Pos{File: file}, "folder-tanpa-tanggal",
				"beri nama folder dengan awalan tanggal, misalnya "+path.Dir(path.Dir(file))+"/25-"+m[4]+"/ (alamat berita mengikuti nama folder)",
				"nama folder berita tidak diawali tanggal (HH-)"))
		}
		v.news(a, fm, folderDate)
		v.corrections(a, fm)
	}
	v.dropInvalidImages(a)
	deep := false
	if d, l := bodyDepth(body); d > MaxBodyDepth {
		// goldmark would spend seconds on it: the article is refused
		// whole, so no build or serve ever parses this body.
		deep = true
		v.probs = append(v.probs, article.Errorf(article.Pos{File: file, Line: bodyLine + l - 1}, "isi-terlalu-dalam",
			fmt.Sprintf("ratakan daftar bertingkat dan kutipan menjadi paling banyak %d tingkat; periksa spasi di awal baris dan tanda `-`, `*`, `>` yang berulang", MaxBodyDepth),
			"daftar/kutipan di isi berita bersarang %d tingkat, batasnya %d", d, MaxBodyDepth))
	}
	if opt.Inspect && !deep {
		res := opt.Markdown.Inspect(body)
		at := func(l int) article.Pos {
			if l < 1 {
				l = 1
			}
			return article.Pos{File: file, Line: bodyLine + l - 1}
		}
		for _, l := range res.RawHTMLLines {
			v.probs = append(v.probs, article.Warnf(at(l), "html-mentah",
				"gunakan Markdown (misalnya **tebal**, [tautan](https://…)); HTML mentah tidak ditampilkan di situs",
				"HTML mentah akan dibuang saat situs dibangun"))
		}
		for i, img := range res.LocalImages {
			if !listedImage(a, img) {
				// An error: the site copies only listed photos, so the page
				// would show a broken image.
				v.probs = append(v.probs, article.Errorf(at(res.LocalImageLines[i]), "foto-badan",
					"tambahkan foto ini ke `images` (dengan alt, caption dan credit) atau hapus dari isi; foto yang tidak terdaftar tidak disalin ke situs dan tampil rusak",
					"foto `%s` di isi berita tidak terdaftar di `images`", img))
			}
		}
		for _, l := range res.UnsafeLinkLines {
			v.probs = append(v.probs, article.Warnf(at(l), "tautan-berbahaya",
				"gunakan tautan http(s)://, mailto: atau tel:",
				"tautan dengan skema tidak aman (misalnya javascript: atau data:) dinonaktifkan"))
		}
	}
	if deep {
		return nil, append(probs, v.probs...), photos
	}
	if opt.NoBody {
		a.Body = nil
	}
	return a, append(probs, v.probs...), photos
}

// listedImage reports whether a body image destination names one of the
// article's `images`.
func listedImage(a *article.Article, dest string) bool {
	dest = path.Clean(strings.TrimPrefix(dest, "./"))
	for _, img := range a.Images {
		if path.Clean(img.Src) == dest {
			return true
		}
	}
	return false
}

// corrections converts the `corrections` and `retraction` keys; a date
// that does not parse stays zero (validation reports it).
func corrections(fm *frontMatter, at article.Positions, cfg *config.Config) ([]article.Correction, *article.Retraction) {
	var cs []article.Correction
	for i, c := range fm.Corrections {
		d, _ := wib.ParseDate(strings.TrimSpace(c.Date), cfg.Location)
		cs = append(cs, article.Correction{Date: d, Kind: strings.TrimSpace(c.Kind), Note: strings.TrimSpace(c.Note),
			Pos: at.At(fmt.Sprintf("corrections[%d]", i))})
	}
	if fm.Retraction == nil {
		return cs, nil
	}
	d, _ := wib.ParseDate(strings.TrimSpace(fm.Retraction.Date), cfg.Location)
	return cs, &article.Retraction{Date: d, Reason: strings.TrimSpace(fm.Retraction.Reason), Pos: at.At("retraction")}
}
