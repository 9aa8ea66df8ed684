package article

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// MaxSlugLen is the length Slug cuts at: long enough for a headline's
// first words, short enough for a folder name and a readable URL.
const MaxSlugLen = 60

// Slug turns a title, tag or place name into a URL segment: lower-case
// ASCII letters and digits in words joined by single hyphens, as in
// "Pūrṇa Wisata, Bandar Lampung" → "purna-wisata-bandar-lampung".
// Letters lose their diacritics (compatibility decomposition, NFKD, then
// combining marks dropped, so "é" is "e" and "ｆｉ" is "fi"); apostrophes
// inside words vanish ("Jum'at" → "jumat"); anything else separates words.
// A slug longer than MaxSlugLen is cut at its last hyphen before the
// limit (mid-word when the first words are very long). It returns "" when
// nothing is left, as for a name in another script.
func Slug(s string) string {
	var b strings.Builder
	sep := false
	for _, r := range norm.NFKD.String(s) {
		r = unicode.ToLower(r)
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			if sep && b.Len() > 0 {
				b.WriteByte('-')
			}
			sep = false
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r), r == '\'', r == '’':
			// A diacritic of the letter before, or an apostrophe: the word goes on.
		default:
			sep = true
		}
	}
	slug := b.String()
	if len(slug) > MaxSlugLen {
		slug = slug[:MaxSlugLen]
		if i := strings.LastIndexByte(slug, '-'); i > MaxSlugLen/3 {
			slug = slug[:i]
		}
		slug = strings.TrimRight(slug, "-")
	}
	return slug
}
