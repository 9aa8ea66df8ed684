package content

import (
	"testing"

	"github.com/kominfotik-lampung/warta/pipeline/internal/exiftest"
)

// TestPhotoSizeUpright: check reads a phone photo's size as it is shown,
// after its EXIF orientation (issue 13).
func TestPhotoSizeUpright(t *testing.T) {
	for o := 1; o <= 8; o++ {
		fsys := testFS(t, map[string]string{
			goodDir + "index.md": goodArticle,
			goodDir + "foto.jpg": string(exiftest.JPEG(t, 60, 40, o)),
		})
		set, probs := load(t, fsys)
		if len(probs) != 0 || len(set.Articles) != 1 {
			t.Fatalf("orientation %d: problems %v", o, probs)
		}
		w, h := 60, 40
		if o >= 5 {
			w, h = 40, 60
		}
		if img := set.Articles[0].Images[0]; img.Width != w || img.Height != h {
			t.Errorf("orientation %d: size %dx%d, want %dx%d", o, img.Width, img.Height, w, h)
		}
	}
}
