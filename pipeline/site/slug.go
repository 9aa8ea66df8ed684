package site

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/kominfotik-lampung/warta/pipeline/article"
)

// termSlug is the URL segment of a tag or location page: article.Slug of
// the name ("Bandar Lampung, Lampung" → "bandar-lampung-lampung"), or,
// when the name has no Latin letter or digit, "t-" and a short hash of
// it, so that it still gets a page.
func termSlug(name string) string {
	if s := article.Slug(name); s != "" {
		return s
	}
	sum := sha256.Sum256([]byte(name))
	return "t-" + hex.EncodeToString(sum[:4])
}
