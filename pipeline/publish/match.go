package publish

import "strings"

// SameURL reports whether two article URLs are the same page, ignoring a
// trailing slash (platforms and editors drop or add it).
func SameURL(a, b string) bool {
	a, b = strings.TrimSuffix(a, "/"), strings.TrimSuffix(b, "/")
	return a != "" && a == b
}

// TextHasURL reports whether text carries u as a whole URL (not merely as a
// prefix of a longer one): how a caption or message is matched to its
// article during reconciliation.
func TextHasURL(text, u string) bool {
	u = strings.TrimSuffix(u, "/")
	if u == "" {
		return false
	}
	for i := 0; ; {
		j := strings.Index(text[i:], u)
		if j < 0 {
			return false
		}
		end := i + j + len(u)
		rest := strings.TrimPrefix(text[end:], "/")
		if rest == "" || strings.ContainsAny(rest[:1], " \t\r\n)]}>\"'.,;:!?") {
			return true
		}
		i = end
	}
}

// SameText reports whether two texts are the same apart from whitespace
// (platforms trim, and may fold line breaks): how a comment or reply read
// back is matched to the correction it carries.
func SameText(a, b string) bool {
	return strings.Join(strings.Fields(a), " ") == strings.Join(strings.Fields(b), " ")
}
