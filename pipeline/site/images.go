package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	_ "image/png" // originals may be PNG or WebP too
	"io"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	xdraw "golang.org/x/image/draw"
	_ "golang.org/x/image/webp"
	"golang.org/x/sync/semaphore"

	"github.com/kominfotik-lampung/warta/pipeline/article"
	pixinfo "github.com/kominfotik-lampung/warta/pipeline/photo"
)

// Instagram accepts feed photos between 4:5 (portrait) and 1.91:1
// (landscape), at most 1440 pixels wide.
const (
	InstagramMinRatio = 4.0 / 5.0
	InstagramMaxRatio = 1.91
	InstagramMaxWidth = 1440
)

// derivVersion changes whenever derivative bytes would change for the same
// input, so stale cache entries are not reused.
// v2: photos are turned upright by their EXIF orientation.
const derivVersion = "v2"

// variant is one derivative of a photo: a width, or the Instagram crop.
type variant struct {
	rel  string // output path, slash separated
	w, h int
	ig   bool
	key  string // cache name suffix
	// copyOf ≥ 0: the bytes are those of variants[copyOf] (the Instagram
	// file of a photo that needs no crop is its largest derivative).
	copyOf int
}

// photo is one original and the derivatives to make of it.
type photo struct {
	src      string // path in the content fs
	variants []variant
	cost     int64 // bytes decoding it holds at once (photo.Info.DecodeBytes)
	// maxPixels is build.max_image_megapixels in pixels: a larger file is
	// never decoded.
	maxPixels int64
}

// responsive is what a page needs to show a photo.
type responsive struct {
	widths  []int
	heights []int
	urls    []string // site paths, same order as widths
}

// derivativeWidths lists the widths to make of a photo w pixels wide: the
// configured widths below w, plus the largest width not above w, so a photo
// is never upscaled and large photos get every configured width.
func derivativeWidths(w int, cfg []int) []int {
	ws := append([]int(nil), cfg...)
	sort.Ints(ws)
	top := min(w, ws[len(ws)-1])
	var out []int
	for _, x := range ws {
		if x < top && (len(out) == 0 || out[len(out)-1] != x) {
			out = append(out, x)
		}
	}
	return append(out, top)
}

func scaledHeight(w, h, nw int) int {
	return max(1, int(math.Round(float64(h)*float64(nw)/float64(w))))
}

// instagramCrop is the centred crop of a w×h photo whose ratio lies within
// the Instagram range, and the size it is scaled to.
func instagramCrop(w, h int) (crop image.Rectangle, ow, oh int) {
	cw, ch := w, h
	r := float64(w) / float64(h)
	switch {
	case r < InstagramMinRatio:
		ch = max(1, int(math.Floor(float64(w)/InstagramMinRatio)))
	case r > InstagramMaxRatio:
		cw = max(1, int(math.Floor(float64(h)*InstagramMaxRatio)))
	}
	x0, y0 := (w-cw)/2, (h-ch)/2
	crop = image.Rect(x0, y0, x0+cw, y0+ch)
	ow, oh = cw, ch
	if cw > InstagramMaxWidth {
		ow = InstagramMaxWidth
		oh = scaledHeight(cw, ch, ow)
	}
	// Rounding may nudge the ratio out of range; pull it back in.
	if float64(ow)/float64(oh) < InstagramMinRatio {
		oh = int(math.Floor(float64(ow) / InstagramMinRatio))
	}
	if float64(ow)/float64(oh) > InstagramMaxRatio {
		oh = int(math.Ceil(float64(ow) / InstagramMaxRatio))
	}
	return crop, ow, oh
}

// planPhotos lists the derivatives of an article's photos and how its pages
// show them. Derivatives are named after the source (without extension)
// plus the width, in the article's own folder.
// A photo listed more than once is made once: its entries share the
// derivatives of the first. A photo over the pixel budget is left out
// (tooBig lists the indexes of a.Images), never decoded.
func planPhotos(a *article.Article, widths []int, maxMP int) (photos []photo, resp []responsive, tooBig []int) {
	maxPixels := int64(maxMP) * 1_000_000
	dir := strings.TrimSuffix(a.URLPath(), "/") // "/berita/…" or "/slug"
	relDir := strings.TrimPrefix(dir, "/")
	resp = make([]responsive, len(a.Images))
	used := map[string]bool{}
	first := map[string]int{} // cleaned src → index of its first entry
	for i, img := range a.Images {
		if img.Width < 1 || img.Height < 1 {
			continue
		}
		info := pixinfo.Info{Width: img.Width, Height: img.Height}
		if info.Pixels() > maxPixels {
			tooBig = append(tooBig, i)
			continue
		}
		if j, ok := first[path.Clean(img.Src)]; ok {
			resp[i] = resp[j]
			continue
		}
		first[path.Clean(img.Src)] = i
		stem := strings.TrimSuffix(path.Clean(img.Src), path.Ext(img.Src))
		if used[stem] {
			stem += "-" + strconv.Itoa(i+1)
		}
		used[stem] = true
		p := photo{src: path.Join(path.Dir(a.File), img.Src), cost: info.DecodeBytes(), maxPixels: maxPixels}
		for _, w := range derivativeWidths(img.Width, widths) {
			h := scaledHeight(img.Width, img.Height, w)
			name := fmt.Sprintf("%s-%dw.jpg", stem, w)
			p.variants = append(p.variants, variant{rel: path.Join(relDir, name), w: w, h: h, key: fmt.Sprintf("%dw", w), copyOf: -1})
			resp[i].widths = append(resp[i].widths, w)
			resp[i].heights = append(resp[i].heights, h)
			resp[i].urls = append(resp[i].urls, dir+"/"+name)
		}
		if i == 0 && a.Kind == article.News {
			ig := variant{rel: path.Join(relDir, article.InstagramImage), ig: true, key: "ig", copyOf: -1}
			crop, ow, oh := instagramCrop(img.Width, img.Height)
			last := len(p.variants) - 1
			if crop == image.Rect(0, 0, img.Width, img.Height) && p.variants[last].w <= InstagramMaxWidth {
				// No crop needed: the largest derivative already fits
				// Instagram, so scaling and encoding it again is waste.
				ig.w, ig.h, ig.copyOf = p.variants[last].w, p.variants[last].h, last
			} else {
				ig.w, ig.h = ow, oh
			}
			p.variants = append(p.variants, ig)
		}
		photos = append(photos, p)
	}
	return photos, resp, tooBig
}

// decodeMemory bounds the memory that photos being decoded at once may
// hold (photo.Info.DecodeBytes of each): decodes are limited by memory,
// not by the number of CPUs. A photo alone over it (at most
// photo.MaxPixels) still runs, alone.
const decodeMemory = 1 << 30

// imageMaker renders derivatives, reusing those in the cache dir.
type imageMaker struct {
	fsys    fs.FS
	cache   string // OS path; "" disables the cache
	quality int
	mem     *semaphore.Weighted // decodeMemory bytes
}

func newImageMaker(fsys fs.FS, cache string, quality int) *imageMaker {
	return &imageMaker{fsys: fsys, cache: cache, quality: quality, mem: semaphore.NewWeighted(decodeMemory)}
}

// make produces every variant of p and hands each to put. It returns how
// many were encoded (not found in the cache).
func (m *imageMaker) make(ctx context.Context, p photo, put func(rel string, data []byte) error) (int, error) {
	orig, err := fs.ReadFile(m.fsys, p.src)
	if err != nil {
		return 0, fmt.Errorf("site: read photo %s: %w", p.src, err)
	}
	sum := sha256.Sum256(orig)
	key := hex.EncodeToString(sum[:])
	out := make([][]byte, len(p.variants))
	missing := false
	for i, v := range p.variants {
		if v.copyOf >= 0 {
			continue
		}
		if m.cache == "" {
			missing = true
			break
		}
		data, err := os.ReadFile(m.cachePath(key, v))
		if err != nil {
			missing = true
			continue
		}
		out[i] = data
	}
	encoded := 0
	if missing {
		cost := min(max(p.cost, 1), decodeMemory)
		if err := m.mem.Acquire(ctx, cost); err != nil {
			return 0, err
		}
		defer m.mem.Release(cost)
		info, err := pixinfo.Read(bytes.NewReader(orig))
		if err != nil {
			return 0, fmt.Errorf("site: decode photo %s: %w", p.src, err)
		}
		if info.Pixels() > p.maxPixels {
			// Changed since content read it: still never decoded.
			return 0, fmt.Errorf("site: photo %s: %dx%d is over %d pixels", p.src, info.Width, info.Height, p.maxPixels)
		}
		src, _, err := image.Decode(bytes.NewReader(orig))
		if err != nil {
			return 0, fmt.Errorf("site: decode photo %s: %w", p.src, err)
		}
		// One conversion up front: scaling YCbCr directly converts every
		// pixel once per kernel tap.
		full := image.NewRGBA(image.Rect(0, 0, src.Bounds().Dx(), src.Bounds().Dy()))
		xdraw.Draw(full, full.Bounds(), src, src.Bounds().Min, xdraw.Src)
		// Phone photos are stored as the sensor saw them, with an EXIF
		// orientation; the derivatives carry no EXIF (image/jpeg writes
		// none), so they must be upright themselves.
		full = pixinfo.Upright(full, info.Orientation).(*image.RGBA)
		opaque := false
		switch src.(type) {
		case *image.YCbCr, *image.Gray, *image.CMYK:
			opaque = true // JPEG photos: no need to scan for transparency
		default:
			opaque = full.Opaque()
		}
		// Cascade: each size is scaled from the next larger one, which is
		// cheaper than scaling every size from the original.
		var prev image.Image = full
		order := make([]int, len(p.variants))
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(a, b int) bool { return p.variants[order[a]].w > p.variants[order[b]].w })
		crop, _, _ := instagramCrop(full.Bounds().Dx(), full.Bounds().Dy())
		for _, i := range order {
			v := p.variants[i]
			if v.copyOf >= 0 {
				continue
			}
			var dst *image.RGBA
			if v.ig && crop != full.Bounds() {
				dst = scale(full, crop, v.w, v.h, opaque)
			} else {
				dst = scale(prev, prev.Bounds(), v.w, v.h, opaque)
				prev = dst
			}
			if out[i] != nil {
				continue
			}
			var b bytes.Buffer
			if err := jpeg.Encode(&b, dst, &jpeg.Options{Quality: m.quality}); err != nil {
				return encoded, fmt.Errorf("site: encode %s: %w", v.rel, err)
			}
			out[i] = b.Bytes()
			encoded++
			if m.cache != "" {
				if err := writeAtomic(m.cachePath(key, v), out[i]); err != nil {
					return encoded, err
				}
			}
		}
	}
	for i, v := range p.variants {
		if v.copyOf >= 0 {
			out[i] = out[v.copyOf]
		}
		if err := put(v.rel, out[i]); err != nil {
			return encoded, err
		}
	}
	return encoded, nil
}

func (m *imageMaker) cachePath(key string, v variant) string {
	name := fmt.Sprintf("%s-%s-%dx%d-q%d-%s.jpg", key, v.key, v.w, v.h, m.quality, derivVersion)
	return filepath.Join(m.cache, key[:2], name)
}

// scale resizes the r part of src to w×h with Catmull-Rom, over white so
// transparent PNGs do not turn black in JPEG.
func scale(src image.Image, r image.Rectangle, w, h int, opaque bool) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	op := xdraw.Src
	if !opaque {
		xdraw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, xdraw.Src)
		op = xdraw.Over
	}
	if r.Dx() == w && r.Dy() == h {
		xdraw.Draw(dst, dst.Bounds(), src, r.Min, op)
		return dst
	}
	xdraw.CatmullRom.Scale(dst, dst.Bounds(), src, r, op, nil)
	return dst
}

// writeAtomic writes data to name through a temporary file beside it,
// so a reader never sees half a file.
func writeAtomic(name string, data []byte) error {
	return writeAtomicWith(name, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeAtomicWith is writeAtomic for a file that write makes.
func writeAtomicWith(name string, write func(w io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return fmt.Errorf("site: image cache: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(name), ".tmp-*")
	if err != nil {
		return fmt.Errorf("site: image cache: %w", err)
	}
	if err := write(f); err != nil {
		f.Close()
		os.Remove(f.Name())
		return fmt.Errorf("site: image cache: %w", err)
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("site: image cache: %w", err)
	}
	if err := os.Rename(f.Name(), name); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("site: image cache: %w", err)
	}
	return nil
}

// warnTooBig reports the photos of e left out for their pixel count.
func (b *builder) warnTooBig(e *entry) {
	for _, i := range e.tooBig {
		img := e.a.Images[i]
		pos := img.Pos
		if pos.File == "" {
			pos = article.Pos{File: e.a.File, Line: 1}
		}
		b.problems = append(b.problems, article.Errorf(pos, "foto-terlalu-banyak-piksel",
			"perkecil foto, misalnya menjadi lebar 2000 piksel, lalu simpan sebagai JPEG",
			"foto `%s` berukuran %dx%d piksel, melebihi batas %d megapiksel; foto ini tidak dimuat di situs",
			img.Src, img.Width, img.Height, b.cfg.Build.MaxImageMegapixels))
	}
}
