package article

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Platform limits, from the platforms' documentation.
const (
	// XMaxWeighted is X's limit in weighted characters (twitter-text v3).
	XMaxWeighted = 280
	// XURLWeight is what any URL counts on X, whatever its length (t.co).
	XURLWeight = 23
	// InstagramMaxCaption is the caption limit in characters.
	InstagramMaxCaption = 2200
	// InstagramMaxHashtags is the hashtag limit of one caption.
	InstagramMaxHashtags = 30
	// FacebookMaxMessage is a practical limit for a Page post message.
	FacebookMaxMessage = 63206
)

// SocialOptions carries the config that shapes social texts.
type SocialOptions struct {
	// XLink puts the article URL into the X post (social.x.link, default true).
	XLink bool
	// Hashtags are added to every post, after the article's own tags.
	Hashtags []string
}

var urlRe = regexp.MustCompile(`https?://[^\s]+`)

// XWeightedLength counts text as X does (twitter-text v3 configuration):
// code points in the Latin and general punctuation ranges weigh 1, all
// others 2, and every URL counts XURLWeight whatever its length.
func XWeightedLength(text string) int {
	n := 0
	last := 0
	for _, m := range urlRe.FindAllStringIndex(text, -1) {
		n += weighRunes(text[last:m[0]])
		n += XURLWeight * 100
		last = m[1]
	}
	n += weighRunes(text[last:])
	return (n + 99) / 100
}

func weighRunes(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r <= 4351, r >= 8192 && r <= 8205, r >= 8208 && r <= 8223, r >= 8242 && r <= 8247:
			n += 100
		default:
			n += 200
		}
	}
	return n
}

// Hashtag turns a tag into a hashtag, keeping the writer's case: "PPID" →
// "#PPID", "ppid" → "#ppid". Words of a tag of several are joined with
// the first letter of each raised, so the hashtag stays readable:
// "Infrastruktur jalan" → "#InfrastrukturJalan". It returns "" when
// nothing usable is left.
func Hashtag(tag string) string {
	tag = strings.TrimPrefix(strings.TrimSpace(tag), "#")
	words := strings.FieldsFunc(tag, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_'
	})
	var b strings.Builder
	for _, w := range words {
		if len(words) > 1 {
			r, size := utf8.DecodeRuneInString(w)
			b.WriteRune(unicode.ToUpper(r))
			w = w[size:]
		}
		b.WriteString(w)
	}
	if b.Len() == 0 {
		return ""
	}
	return "#" + b.String()
}

// Hashtags returns the article's hashtags followed by the site-wide ones,
// without duplicates, in order.
func (a *Article) Hashtags(extra []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range append(append([]string{}, a.Tags...), extra...) {
		h := Hashtag(t)
		if h == "" || seen[strings.ToLower(h)] {
			continue
		}
		seen[strings.ToLower(h)] = true
		out = append(out, h)
	}
	return out
}

// CountHashtags counts "#word" tokens in a text.
func CountHashtags(text string) int {
	n := 0
	for _, f := range strings.Fields(text) {
		if len(f) > 1 && f[0] == '#' {
			n++
		}
	}
	return n
}

// SocialText is the text platform gets for the article whose public URL is
// url. A `social:` override replaces the composed text only: the Instagram
// caption always carries the URL (a later run recognises the post by it),
// and an X override carries it too unless o.XLink is false, as the composed
// X text does (DESIGN §7). An override that already holds the URL keeps it
// where the writer put it.
func SocialText(a *Article, platform, url string, o SocialOptions) string {
	tags := strings.Join(a.Hashtags(o.Hashtags), " ")
	override := strings.TrimSpace(a.Social[platform])
	switch platform {
	case Facebook:
		if override != "" {
			return override
		}
		return joinParas(a.Title, a.Summary, tags)
	case Instagram:
		if override != "" {
			if !strings.Contains(override, url) {
				override = joinParas(override, "Selengkapnya: "+url)
			}
			return override
		}
		return joinParas(a.Title, a.Summary, "Selengkapnya: "+url, tags)
	case X:
		if override != "" {
			if o.XLink && url != "" && !strings.Contains(override, url) {
				override += " " + url
			}
			return override
		}
		return composeX(a.Title, url, o.XLink, a.Hashtags(o.Hashtags))
	}
	return ""
}

// composeX builds "title url #tags" within XMaxWeighted, dropping hashtags
// first and then shortening the title on a word boundary.
func composeX(title, url string, link bool, tags []string) string {
	build := func(t string, tags []string) string {
		parts := []string{t}
		if link && url != "" {
			parts = append(parts, url)
		}
		parts = append(parts, tags...)
		return strings.Join(parts, " ")
	}
	for n := len(tags); n >= 0; n-- {
		if s := build(title, tags[:n]); XWeightedLength(s) <= XMaxWeighted {
			return s
		}
	}
	// Even the bare title is too long: cut it on a word boundary.
	room := XMaxWeighted - XWeightedLength(build("", nil))
	return build(ShortenWeighted(title, room), nil)
}

// ShortenWeighted cuts s on a word boundary and appends "…" so that the
// result weighs at most max on X; s is returned unchanged when it fits.
func ShortenWeighted(s string, max int) string {
	if XWeightedLength(s) <= max {
		return s
	}
	const ellipsis = "…" // U+2026 weighs 2: it is outside twitter-text's light ranges
	max -= XWeightedLength(ellipsis)
	out := ""
	for _, w := range strings.Fields(s) {
		next := strings.TrimSpace(out + " " + w)
		if XWeightedLength(next) > max {
			break
		}
		out = next
	}
	if out == "" { // a single overlong word: cut by runes
		for _, r := range s {
			if XWeightedLength(out+string(r)) > max {
				break
			}
			out += string(r)
		}
	}
	return strings.TrimRight(out, " ,;:-") + ellipsis
}

func joinParas(ps ...string) string {
	var keep []string
	for _, p := range ps {
		if p = strings.TrimSpace(p); p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, "\n\n")
}

// RuneLen is the length in characters (code points), as Instagram counts.
func RuneLen(s string) int { return utf8.RuneCountInString(s) }

// CorrectionText is what platform gets for correction c of the article
// whose public URL is url (DESIGN §10): the kind, the note and the URL. On
// Facebook it is a comment of the Page under the post, on Instagram a
// comment under the media (the URL as plain text), on X a reply within
// XMaxWeighted, the URL there only when o.XLink; the note is shortened on
// a word boundary to fit, the kind never dropped.
func CorrectionText(c Correction, platform, url string, o SocialOptions) string {
	label := CorrectionLabel(c.Kind) + ": "
	note := strings.Join(strings.Fields(c.Note), " ")
	switch platform {
	case Facebook, Instagram:
		return joinParas(label+note, "Berita telah diperbarui: "+url)
	case X:
		tail := ""
		if o.XLink && url != "" {
			tail = " " + url
		}
		room := XMaxWeighted - XWeightedLength(label+tail)
		return label + ShortenWeighted(note, room) + tail
	}
	return ""
}
