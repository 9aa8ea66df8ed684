package site

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Slug turns a tag or location name into a URL segment: lower-case ASCII
// letters and digits joined by single dashes ("Bandar Lampung, Lampung" →
// "bandar-lampung-lampung"). Letters with diacritics lose them; a name with
// nothing left becomes "t-" and a short hash, so it still gets a page.
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		r = fold(r)
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		sum := sha256.Sum256([]byte(name))
		return "t-" + hex.EncodeToString(sum[:4])
	}
	return b.String()
}

// fold maps common Latin letters with diacritics to ASCII.
func fold(r rune) rune {
	switch r {
	case 'à', 'á', 'â', 'ä', 'ã', 'å':
		return 'a'
	case 'è', 'é', 'ê', 'ë':
		return 'e'
	case 'ì', 'í', 'î', 'ï':
		return 'i'
	case 'ò', 'ó', 'ô', 'ö', 'õ':
		return 'o'
	case 'ù', 'ú', 'û', 'ü':
		return 'u'
	case 'ñ':
		return 'n'
	case 'ç':
		return 'c'
	case 'ý', 'ÿ':
		return 'y'
	}
	return r
}
