package photo_test

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
	"testing/fstest"

	"github.com/kominfotik-lampung/warta/pipeline/internal/exiftest"
	"github.com/kominfotik-lampung/warta/pipeline/photo"
)

// near tells whether two colours differ by little (JPEG is lossy).
func near(a color.Color, b color.RGBA) bool {
	r, g, bl, _ := a.RGBA()
	d := func(x uint32, y uint8) int { return max(int(x>>8)-int(y), int(y)-int(x>>8)) }
	return d(r, b.R) < 40 && d(g, b.G) < 40 && d(bl, b.B) < 40
}

// checkUpright asserts img shows exiftest.Upright: a quadrant colour
// sampled in the middle of each quadrant.
func checkUpright(t *testing.T, img image.Image) {
	t.Helper()
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	at := [4]image.Point{{w / 4, h / 4}, {3 * w / 4, h / 4}, {w / 4, 3 * h / 4}, {3 * w / 4, 3 * h / 4}}
	for i, p := range at {
		if c := img.At(b.Min.X+p.X, b.Min.Y+p.Y); !near(c, exiftest.Upright[i]) {
			t.Errorf("quadrant %d at %v: got %v, want %v", i, p, c, exiftest.Upright[i])
		}
	}
}

func TestOrientations(t *testing.T) {
	for o := 1; o <= 8; o++ {
		t.Run(string(rune('0'+o)), func(t *testing.T) {
			data := exiftest.JPEG(t, 60, 40, o) // stored landscape, as a phone sensor
			wantW, wantH := 60, 40
			if o >= 5 {
				wantW, wantH = 40, 60
			}
			info, err := photo.ReadFile(fstest.MapFS{"a.jpg": {Data: data}}, "a.jpg")
			if err != nil {
				t.Fatal(err)
			}
			if info != (photo.Info{Width: wantW, Height: wantH, Format: "jpeg", Orientation: o}) {
				t.Errorf("ReadFile = %+v, want %dx%d jpeg orientation %d", info, wantW, wantH, o)
			}
			img, info2, err := photo.Decode(data)
			if err != nil {
				t.Fatal(err)
			}
			if info2 != info {
				t.Errorf("Decode info = %+v, want %+v", info2, info)
			}
			if got := img.Bounds().Size(); got != image.Pt(wantW, wantH) {
				t.Errorf("decoded size %v, want %dx%d", got, wantW, wantH)
			}
			checkUpright(t, img)
		})
	}
}

func TestReadWithoutOrWithOtherMetadata(t *testing.T) {
	var plain bytes.Buffer
	if err := jpeg.Encode(&plain, exiftest.Quadrants(30, 20, exiftest.Upright), nil); err != nil {
		t.Fatal(err)
	}
	// An XMP APP1 segment before the EXIF one, as some editors write.
	xmp := append([]byte("http://ns.adobe.com/xap/1.0/\x00"), []byte("<x:xmpmeta/>")...)
	seg := binary.BigEndian.AppendUint16([]byte{0xFF, 0xE1}, uint16(len(xmp)+2))
	withEXIF := exiftest.WithOrientation(plain.Bytes(), 6)
	xmpFirst := append(append(append([]byte{}, withEXIF[:2]...), append(seg, xmp...)...), withEXIF[2:]...)
	// An EXIF block that is not TIFF at all.
	junk := append([]byte("Exif\x00\x00"), bytes.Repeat([]byte{0xAB}, 40)...)
	bad := binary.BigEndian.AppendUint16([]byte{0xFF, 0xE1}, uint16(len(junk)+2))
	broken := append(append(append([]byte{}, plain.Bytes()[:2]...), append(bad, junk...)...), plain.Bytes()[2:]...)
	var pngBuf bytes.Buffer
	if err := png.Encode(&pngBuf, exiftest.Quadrants(30, 20, exiftest.Upright)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		data []byte
		want photo.Info
	}{
		{"no exif", plain.Bytes(), photo.Info{Width: 30, Height: 20, Format: "jpeg", Orientation: 1}},
		{"xmp before exif", xmpFirst, photo.Info{Width: 20, Height: 30, Format: "jpeg", Orientation: 6}},
		{"malformed exif", broken, photo.Info{Width: 30, Height: 20, Format: "jpeg", Orientation: 1}},
		{"png", pngBuf.Bytes(), photo.Info{Width: 30, Height: 20, Format: "png", Orientation: 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := photo.Read(bytes.NewReader(c.data))
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("Read = %+v, want %+v", got, c.want)
			}
		})
	}
	if _, err := photo.Read(bytes.NewReader([]byte("not a photo"))); err == nil {
		t.Error("Read of text: no error")
	}
}

func TestPixelsAndDecodeBytes(t *testing.T) {
	i := photo.Info{Width: 12000, Height: 12000}
	if i.Pixels() != 144_000_000 {
		t.Errorf("12000x12000 = %d px, want 144,000,000", i.Pixels())
	}
	if i.DecodeBytes() != 16*144_000_000 {
		t.Errorf("DecodeBytes = %d, want 16 bytes a pixel", i.DecodeBytes())
	}
}

// FuzzRead: no input makes Read panic or report an orientation out of
// range.
func FuzzRead(f *testing.F) {
	var plain bytes.Buffer
	if err := jpeg.Encode(&plain, exiftest.Quadrants(8, 8, exiftest.Upright), nil); err != nil {
		f.Fatal(err)
	}
	for o := 1; o <= 8; o++ {
		f.Add(exiftest.WithOrientation(plain.Bytes(), o))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		info, err := photo.Read(bytes.NewReader(data))
		if err == nil && (info.Orientation < 1 || info.Orientation > 8) {
			t.Fatalf("orientation %d", info.Orientation)
		}
	})
}
