package intake

import (
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// MaxPhotos is how many photo fields the form has (foto_1 … foto_4).
const MaxPhotos = 4

// NoResponse is what GitHub writes into the issue body for an optional
// field left empty.
const NoResponse = "_No response_"

// Field is one field of naskah.yml: its id (also the URL parameter that
// prefills it) and its label (the "### <label>" heading of its answer in the
// issue body). A test checks these against the form.
type Field struct {
	ID, Label string
}

// Fields lists the fields of naskah.yml in form order.
func Fields() []Field {
	fs := []Field{
		{"judul", "Judul berita"},
		{"ringkasan", "Ringkasan"},
		{"kegiatan", "Kegiatan"},
		{"lokasi", "Lokasi kegiatan"},
		{"waktu", "Waktu kegiatan"},
		{"isi", "Isi berita"},
	}
	for i := 1; i <= MaxPhotos; i++ {
		n := strconv.Itoa(i)
		fs = append(fs,
			Field{"foto_" + n, "Foto " + n},
			Field{"alt_" + n, "Isi foto " + n},
			Field{"keterangan_" + n, "Keterangan foto " + n})
	}
	return append(fs, Field{"tag", "Tag"}, Field{"penugasan", "Nomor penugasan"})
}

// Label returns the label of field id, or id itself for an unknown id.
func Label(id string) string {
	for _, f := range Fields() {
		if f.ID == id {
			return f.Label
		}
	}
	return id
}

// Answers are the form answers by field id; a field left empty, answered
// "_No response_" or missing from the body is absent.
type Answers map[string]string

// ParseBody reads the answers from an issue body as GitHub renders an
// issue form: for each field "### <label>", a blank line, then the answer
// or "_No response_". Headings that name no field of the form are kept as
// part of the answer before them (a writer may type "### " in the body
// text); labels match without regard to case or surrounding spaces.
func ParseBody(body string) Answers {
	byLabel := map[string]string{}
	for _, f := range Fields() {
		byLabel[strings.ToLower(f.Label)] = f.ID
	}
	a := Answers{}
	cur := ""
	var buf []string
	flush := func() {
		if cur != "" {
			v := strings.TrimSpace(strings.Join(buf, "\n"))
			if v != "" && v != NoResponse {
				a[cur] = v
			} else {
				delete(a, cur)
			}
		}
		buf = buf[:0]
	}
	text := strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\r", "\n")
	for _, line := range strings.Split(text, "\n") {
		if h, ok := strings.CutPrefix(line, "### "); ok {
			if id, known := byLabel[strings.ToLower(strings.TrimSpace(h))]; known {
				flush()
				cur = id
				continue
			}
		}
		if cur != "" {
			buf = append(buf, line)
		}
	}
	flush()
	return a
}

var (
	// <img … src="URL" …>, the markup GitHub inserts for an image
	// attached in a text area (src in double or single quotes).
	imgSrcRe = regexp.MustCompile(`(?is)<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)')`)
	// ![alt](URL) and [name](URL): the Markdown GitHub inserts for an
	// attached image or file.
	mdLinkRe = regexp.MustCompile(`!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)`)
	// A bare attachment URL on its own (what some clients paste).
	bareURLRe = regexp.MustCompile(`(?m)^\s*(https?://\S+/user-attachments/\S+)\s*$`)
)

// PhotoURLs returns the addresses of the files attached in a photo answer,
// in order: <img src="…"> tags, Markdown images and links, and bare
// attachment URLs on a line of their own.
func PhotoURLs(answer string) []string {
	type hit struct {
		at  int
		url string
	}
	var hits []hit
	for _, m := range imgSrcRe.FindAllStringSubmatchIndex(answer, -1) {
		u := answer[m[2]:m[3]]
		if m[2] < 0 {
			u = answer[m[4]:m[5]]
		}
		hits = append(hits, hit{m[0], u})
	}
	for _, m := range mdLinkRe.FindAllStringSubmatchIndex(answer, -1) {
		hits = append(hits, hit{m[0], answer[m[2]:m[3]]})
	}
	for _, m := range bareURLRe.FindAllStringSubmatchIndex(answer, -1) {
		hits = append(hits, hit{m[0], answer[m[2]:m[3]]})
	}
	slices.SortFunc(hits, func(a, b hit) int { return a.at - b.at })
	var out []string
	for _, h := range hits {
		// GitHub escapes attribute values it writes (&amp; in queries).
		out = append(out, html.UnescapeString(strings.TrimSpace(h.url)))
	}
	return out
}
