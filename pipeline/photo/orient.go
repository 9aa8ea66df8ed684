package photo

import (
	"image"

	xdraw "golang.org/x/image/draw"
)

// Upright returns img as it is meant to be seen under EXIF orientation o
// (1 to 8). Orientation 1, or a value out of range, returns img itself.
// Any other returns a new *image.RGBA; an *image.RGBA input is read
// directly, others are converted first.
func Upright(img image.Image, o int) image.Image {
	if o < 2 || o > 8 {
		return img
	}
	src, ok := img.(*image.RGBA)
	if !ok {
		b := img.Bounds()
		src = image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
		xdraw.Draw(src, src.Bounds(), img, b.Min, xdraw.Src)
	}
	w, h := src.Rect.Dx(), src.Rect.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	// Where stored pixel (x, y) goes: EXIF 2.3 §4.6.4 names, for each
	// value, which side of the picture the stored row 0 and column 0 are.
	to := func(x, y int) (int, int) {
		switch o {
		case 2: // row 0 top, column 0 right
			return w - 1 - x, y
		case 3: // bottom, right
			return w - 1 - x, h - 1 - y
		case 4: // bottom, left
			return x, h - 1 - y
		case 5: // row 0 left, column 0 top
			return y, x
		case 6: // right, top
			return h - 1 - y, x
		case 7: // right, bottom
			return h - 1 - y, w - 1 - x
		default: // 8: left, bottom
			return y, w - 1 - x
		}
	}
	for y := range h {
		row := src.Pix[y*src.Stride:]
		for x := range w {
			u, v := to(x, y)
			copy(dst.Pix[v*dst.Stride+u*4:v*dst.Stride+u*4+4], row[x*4:x*4+4])
		}
	}
	return dst
}
