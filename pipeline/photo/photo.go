package photo

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // photos: JPEG, PNG and WebP are accepted
	_ "image/png"
	"io"
	"io/fs"

	"github.com/evanoberholster/imagemeta"
	_ "golang.org/x/image/webp"
)

// Info describes a photo from its header.
type Info struct {
	// Width and Height are those of the upright photo: swapped from the
	// stored ones when Orientation is 5 to 8.
	Width, Height int
	// Format is the decoder's name: "jpeg", "png" or "webp".
	Format string
	// Orientation is the EXIF orientation, 1 to 8; 1 (as stored) when the
	// photo has none or it cannot be read.
	Orientation int
}

// Pixels is the number of pixels of the photo.
func (i Info) Pixels() int64 { return int64(i.Width) * int64(i.Height) }

// DecodeBytes estimates the memory that decoding the photo and making
// its derivatives holds at once: up to 8 bytes a pixel for the decoded
// image (16-bit PNG), 4 for the RGBA copy that is scaled, 4 for the
// upright copy.
func (i Info) DecodeBytes() int64 { return i.Pixels() * 16 }

// Read reads the header of the photo in r: its format and its upright
// size. It reads the header and, for a JPEG, the segments before the
// image data, never the whole file.
func Read(r io.ReadSeeker) (Info, error) {
	cfg, format, err := image.DecodeConfig(r)
	if err != nil {
		return Info{}, err
	}
	info := Info{Width: cfg.Width, Height: cfg.Height, Format: format, Orientation: 1}
	if format == "jpeg" {
		if _, err := r.Seek(0, io.SeekStart); err != nil {
			return Info{}, fmt.Errorf("photo: rewind: %w", err)
		}
		info.Orientation = jpegOrientation(r)
	}
	if info.Orientation >= 5 {
		info.Width, info.Height = info.Height, info.Width
	}
	return info, nil
}

// ReadFile is Read of the file name in fsys.
func ReadFile(fsys fs.FS, name string) (Info, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return Info{}, err
	}
	defer f.Close()
	if rs, ok := f.(io.ReadSeeker); ok {
		return Read(rs)
	}
	// Every fs this project reads through (os.DirFS, fstest.MapFS)
	// returns seekable files; any other is read whole.
	data, err := io.ReadAll(f)
	if err != nil {
		return Info{}, err
	}
	return Read(bytes.NewReader(data))
}

// Decode decodes a photo and turns it upright; info is what Read tells
// of data.
func Decode(data []byte) (image.Image, Info, error) {
	info, err := Read(bytes.NewReader(data))
	if err != nil {
		return nil, Info{}, err
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, Info{}, err
	}
	return Upright(img, info.Orientation), info, nil
}

// JPEG markers read while looking for the EXIF segment.
const (
	markerSOI  = 0xD8
	markerEOI  = 0xD9
	markerSOS  = 0xDA
	markerAPP1 = 0xE1
	markerTEM  = 0x01
	markerRST0 = 0xD0
	markerRST7 = 0xD7
)

var exifIntro = []byte("Exif\x00\x00")

// jpegOrientation walks the JPEG segments before the image data and
// returns the orientation of the first EXIF APP1 segment (an XMP APP1
// may come first), or 1.
func jpegOrientation(r io.Reader) int {
	br := bufio.NewReader(r)
	var soi [2]byte
	if _, err := io.ReadFull(br, soi[:]); err != nil || soi[0] != 0xFF || soi[1] != markerSOI {
		return 1
	}
	for {
		m, err := nextMarker(br)
		if err != nil || m == markerSOS || m == markerEOI {
			return 1
		}
		if m == markerTEM || (m >= markerRST0 && m <= markerRST7) {
			continue // no length follows
		}
		var lb [2]byte
		if _, err := io.ReadFull(br, lb[:]); err != nil {
			return 1
		}
		n := int(binary.BigEndian.Uint16(lb[:])) - 2
		if n < 0 {
			return 1
		}
		if m != markerAPP1 || n < len(exifIntro) {
			if _, err := br.Discard(n); err != nil {
				return 1
			}
			continue
		}
		seg := make([]byte, n)
		if _, err := io.ReadFull(br, seg); err != nil {
			return 1
		}
		if !bytes.HasPrefix(seg, exifIntro) {
			continue
		}
		return exifOrientation(seg)
	}
}

// nextMarker reads the next marker byte, skipping 0xFF fill bytes.
func nextMarker(br *bufio.Reader) (byte, error) {
	c, err := br.ReadByte()
	if err != nil {
		return 0, err
	}
	if c != 0xFF {
		return 0, errors.New("photo: no marker")
	}
	for c == 0xFF {
		if c, err = br.ReadByte(); err != nil {
			return 0, err
		}
	}
	return c, nil
}

// exifOrientation reads the orientation tag of a raw EXIF block
// ("Exif\0\0" and a TIFF structure); 1 when it has none or is malformed.
// The block is at most 64 KB (one JPEG segment), and imagemeta reads only
// it; a panic on a hostile block must not stop a build.
func exifOrientation(seg []byte) (o int) {
	defer func() {
		if recover() != nil {
			o = 1
		}
	}()
	x, err := imagemeta.DecodeTiff(bytes.NewReader(seg[len(exifIntro):]))
	if err != nil {
		return 1
	}
	v := int(x.Orientation)
	if v < 1 || v > 8 {
		return 1
	}
	return v
}
