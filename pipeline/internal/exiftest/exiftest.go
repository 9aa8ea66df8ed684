// Package exiftest makes JPEG photos as phone cameras write them, with an
// EXIF orientation tag, for the tests of photo and site.
package exiftest

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

// Colours of the four quadrants of the upright test picture.
var (
	Red    = color.RGBA{220, 20, 20, 255}
	Green  = color.RGBA{20, 200, 20, 255}
	Blue   = color.RGBA{20, 20, 220, 255}
	Yellow = color.RGBA{230, 220, 20, 255}
)

// Upright is the picture as it is meant to be seen: red top left, green
// top right, blue bottom left, yellow bottom right.
var Upright = [4]color.RGBA{Red, Green, Blue, Yellow}

// Stored gives, for each EXIF orientation, the colours of the stored
// image's quadrants (top left, top right, bottom left, bottom right) that
// show as Upright. Worked out by hand from the EXIF 2.3 table (§4.6.4,
// which side of the picture the stored row 0 and column 0 are), not from
// the code under test.
var Stored = map[int][4]color.RGBA{
	1: {Red, Green, Blue, Yellow}, // row 0 top, column 0 left
	2: {Green, Red, Yellow, Blue}, // top, right
	3: {Yellow, Blue, Green, Red}, // bottom, right
	4: {Blue, Yellow, Red, Green}, // bottom, left
	5: {Red, Blue, Green, Yellow}, // left, top
	6: {Green, Yellow, Red, Blue}, // right, top
	7: {Yellow, Green, Blue, Red}, // right, bottom
	8: {Blue, Red, Yellow, Green}, // left, bottom
}

// Quadrants draws a w×h image of four coloured quadrants q (top left, top
// right, bottom left, bottom right).
func Quadrants(w, h int, q [4]color.RGBA) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			i := 0
			if x >= w/2 {
				i++
			}
			if y >= h/2 {
				i += 2
			}
			img.SetRGBA(x, y, q[i])
		}
	}
	return img
}

// JPEG encodes the stored picture of orientation o, w×h as stored, with an
// EXIF segment holding the orientation tag and a GPS position (which must
// never reach the site).
func JPEG(t testing.TB, w, h, o int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, Quadrants(w, h, Stored[o]), &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return WithOrientation(b.Bytes(), o)
}

// WithOrientation inserts, right after the start of image, an APP1 EXIF
// segment whose IFD0 has the orientation tag (0x0112) set to o and a GPS
// IFD pointer (0x8825) to a GPS IFD with a latitude reference.
func WithOrientation(jpg []byte, o int) []byte {
	le := binary.LittleEndian
	var t []byte
	t = append(t, 'I', 'I', 42, 0)
	t = le.AppendUint32(t, 8) // IFD0 right after the header
	// IFD0: two entries, then the offset of the next IFD (none).
	t = le.AppendUint16(t, 2)
	t = le.AppendUint16(t, 0x0112) // Orientation
	t = le.AppendUint16(t, 3)      // SHORT
	t = le.AppendUint32(t, 1)
	t = le.AppendUint16(t, uint16(o))
	t = le.AppendUint16(t, 0)
	gpsAt := 8 + 2 + 2*12 + 4
	t = le.AppendUint16(t, 0x8825) // GPSInfo IFD pointer
	t = le.AppendUint16(t, 4)      // LONG
	t = le.AppendUint32(t, 1)
	t = le.AppendUint32(t, uint32(gpsAt))
	t = le.AppendUint32(t, 0)
	// GPS IFD: GPSLatitudeRef "S".
	t = le.AppendUint16(t, 1)
	t = le.AppendUint16(t, 0x0001)
	t = le.AppendUint16(t, 2) // ASCII
	t = le.AppendUint32(t, 2)
	t = append(t, 'S', 0, 0, 0)
	t = le.AppendUint32(t, 0)

	payload := append([]byte("Exif\x00\x00"), t...)
	seg := []byte{0xFF, 0xE1}
	seg = binary.BigEndian.AppendUint16(seg, uint16(len(payload)+2))
	seg = append(seg, payload...)
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// HasMetadata reports whether a JPEG has an APP1 segment (EXIF or XMP)
// before its image data, or the EXIF intro anywhere.
func HasMetadata(jpg []byte) bool {
	if bytes.Contains(jpg, []byte("Exif\x00\x00")) {
		return true
	}
	i := 2
	for i+4 <= len(jpg) && jpg[i] == 0xFF {
		m := jpg[i+1]
		if m == 0xE1 {
			return true
		}
		if m == 0xDA {
			return false
		}
		i += 2 + int(binary.BigEndian.Uint16(jpg[i+2:]))
	}
	return false
}
