package content

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kominfotik-lampung/warta/pipeline/article"
)

// fastFrontMatter decodes front matter of the shape `warta new` writes and
// most sites have: top-level `key: scalar`, lists of scalars (block or
// flow), `images` as a block list of `key: scalar` maps, `social` as a
// block map; scalars plain, single- or double-quoted on one line. It gives
// exactly what the YAML decoder and article.DecodeYAML give (values and
// positions) for such input, several times faster; for anything else
// (comments, multi-line scalars, anchors, tabs, escapes, unknown or
// repeated keys, empty values: whatever might need a problem report) it
// returns ok=false and the caller takes the general path.
func fastFrontMatter(file string, data []byte) (fm *frontMatter, at article.Positions, ok bool) {
	if len(data) == 0 || !utf8.Valid(data) {
		return nil, nil, false
	}
	for k := 0; k < len(data); {
		c := data[k]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' || c == 0x7f {
				return nil, nil, false // tabs, CR, control characters
			}
			k++
			continue
		}
		r, n := utf8.DecodeRune(data[k:])
		// C1 controls and NEL, line and paragraph separators (YAML
		// line breaks), BOM and non-characters.
		if r <= 0x9f || r == 0x2028 || r == 0x2029 || r == 0xfeff || r >= 0xfffe && r <= 0xffff {
			return nil, nil, false
		}
		k += n
	}
	p := &fastParser{file: file, lines: strings.Split(string(data), "\n"), at: article.Positions{}}
	fm = &frontMatter{}
	if !p.document(fm) {
		return nil, nil, false
	}
	return fm, p.at, true
}

type fastParser struct {
	file  string
	lines []string
	at    article.Positions
}

// pos is the file position of line i (0-based in the front matter, which
// starts on file line 2), byte column c (0-based).
func (p *fastParser) pos(i, c int) article.Pos {
	return article.Pos{File: p.file, Line: i + 2, Col: c + 1}
}

func blank(l string) bool { return strings.TrimLeft(l, " ") == "" }

func indent(l string) int { return len(l) - len(strings.TrimLeft(l, " ")) }

// next returns the first non-blank line from i, or len(lines).
func (p *fastParser) next(i int) int {
	for i < len(p.lines) && blank(p.lines[i]) {
		i++
	}
	return i
}

// keyAt splits "key: value" starting at column c of line l; vc is the
// column of the value ("" for none).
func keyAt(l string, c int) (key, val string, vc int, ok bool) {
	j := c
	for j < len(l) && (l[j] >= 'a' && l[j] <= 'z' || l[j] >= 'A' && l[j] <= 'Z' || l[j] == '_' || l[j] >= '0' && l[j] <= '9' && j > c) {
		j++
	}
	if j == c || j >= len(l) || l[j] != ':' || (j+1 < len(l) && l[j+1] != ' ') {
		return "", "", 0, false
	}
	vc = j + 1
	for vc < len(l) && l[vc] == ' ' {
		vc++
	}
	return l[c:j], l[vc:], vc, true
}

var fastStringKeys = map[string]func(*frontMatter) *string{
	"title":    func(f *frontMatter) *string { return &f.Title },
	"date":     func(f *frontMatter) *string { return &f.Date },
	"summary":  func(f *frontMatter) *string { return &f.Summary },
	"activity": func(f *frontMatter) *string { return &f.Activity },
	"location": func(f *frontMatter) *string { return &f.Location },
}

var fastListKeys = map[string]func(*frontMatter) *[]string{
	"author":    func(f *frontMatter) *[]string { return &f.Author },
	"tags":      func(f *frontMatter) *[]string { return &f.Tags },
	"platforms": func(f *frontMatter) *[]string { return &f.Platforms },
	"aliases":   func(f *frontMatter) *[]string { return &f.Aliases },
}

func (p *fastParser) document(fm *frontMatter) bool {
	seen := map[string]bool{}
	i := p.next(0)
	if i == len(p.lines) {
		return false
	}
	p.at[""] = p.pos(i, 0)
	for i < len(p.lines) {
		l := p.lines[i]
		key, val, vc, ok := keyAt(l, 0)
		if !ok || seen[key] {
			return false
		}
		seen[key] = true
		if val != "" {
			// A value on the key's line: the next line must not continue it.
			if n := p.next(i + 1); n < len(p.lines) && indent(p.lines[n]) > 0 {
				return false
			}
		}
		switch {
		case fastStringKeys[key] != nil:
			s, ok := scalar(val)
			if !ok {
				return false
			}
			*fastStringKeys[key](fm) = s
			p.at[key] = p.pos(i, vc)
			i++
		case fastListKeys[key] != nil:
			var list []string
			if val == "" {
				if list, i, ok = p.blockList(i+1, key); !ok {
					return false
				}
			} else if strings.HasPrefix(val, "[") {
				if list, ok = p.flowList(i, vc, key); !ok {
					return false
				}
				i++
			} else {
				s, ok := scalar(val)
				if !ok {
					return false
				}
				list = []string{s}
				p.at[key] = p.pos(i, vc)
				i++
			}
			*fastListKeys[key](fm) = list
		case key == "images" && val == "":
			if fm.Images, i, ok = p.images(i + 1); !ok {
				return false
			}
		case key == "social" && val == "":
			if fm.Social, i, ok = p.social(i + 1); !ok {
				return false
			}
		case key == "draft" && (val == "true" || val == "false"):
			fm.Draft = val == "true"
			p.at[key] = p.pos(i, vc)
			i++
		case key == "assignment" && val != "" && (val == "0" || val[0] != '0') && strings.Trim(val, "0123456789") == "":
			n, err := strconv.Atoi(val)
			if err != nil {
				return false
			}
			fm.Assignment = n
			p.at[key] = p.pos(i, vc)
			i++
		default:
			return false
		}
		i = p.next(i)
		if i < len(p.lines) && indent(p.lines[i]) > 0 {
			return false
		}
	}
	return true
}

// seqStart finds the block sequence that follows a key: its first line and
// the column of its dashes.
func (p *fastParser) seqStart(i int) (int, int, bool) {
	i = p.next(i)
	if i == len(p.lines) {
		return 0, 0, false
	}
	l := p.lines[i]
	c := indent(l)
	if !strings.HasPrefix(l[c:], "- ") {
		return 0, 0, false
	}
	return i, c, true
}

// items walks the items of a block sequence whose dashes stand at column
// c, from line i; each calls item with the item's line and the column of
// its content, and gets back the line after the item.
func (p *fastParser) items(i, c int, item func(line, col int) (int, bool)) (int, bool) {
	for {
		i = p.next(i)
		if i == len(p.lines) {
			return i, true
		}
		l := p.lines[i]
		ind := indent(l)
		if ind < c || (ind == c && c == 0 && !strings.HasPrefix(l, "- ")) {
			if ind != 0 {
				return 0, false
			}
			return i, true
		}
		if ind != c || !strings.HasPrefix(l[c:], "- ") || len(l) <= c+2 || l[c+2] == ' ' {
			return 0, false
		}
		var ok bool
		if i, ok = item(i, c+2); !ok {
			return 0, false
		}
	}
}

func (p *fastParser) blockList(i int, key string) ([]string, int, bool) {
	i, c, ok := p.seqStart(i)
	if !ok {
		return nil, 0, false
	}
	p.at[key] = p.pos(i, c)
	var list []string
	end, ok := p.items(i, c, func(line, col int) (int, bool) {
		s, ok := scalar(p.lines[line][col:])
		if !ok {
			return 0, false
		}
		if _, _, _, isMap := keyAt(p.lines[line], col); isMap {
			return 0, false
		}
		p.at[key+"["+strconv.Itoa(len(list))+"]"] = p.pos(line, col)
		list = append(list, s)
		// The item must not continue on the next line.
		if n := p.next(line + 1); n < len(p.lines) && indent(p.lines[n]) > col-2 {
			return 0, false
		}
		return line + 1, true
	})
	return list, end, ok
}

func (p *fastParser) images(i int) ([]article.Image, int, bool) {
	i, c, ok := p.seqStart(i)
	if !ok {
		return nil, 0, false
	}
	p.at["images"] = p.pos(i, c)
	var imgs []article.Image
	end, ok := p.items(i, c, func(line, col int) (int, bool) {
		ip := "images[" + strconv.Itoa(len(imgs)) + "]"
		img := article.Image{Pos: p.pos(line, col)}
		p.at[ip] = img.Pos
		seen := map[string]bool{}
		for {
			key, val, vc, ok := keyAt(p.lines[line], col)
			if !ok || seen[key] || val == "" {
				return 0, false
			}
			seen[key] = true
			s, ok := scalar(val)
			if !ok {
				return 0, false
			}
			switch key {
			case "src":
				img.Src = s
			case "alt":
				img.Alt = s
			case "caption":
				img.Caption = s
			case "credit":
				img.Credit = s
			default:
				return 0, false
			}
			p.at[ip+"."+key] = p.pos(line, vc)
			n := p.next(line + 1)
			if n == len(p.lines) || indent(p.lines[n]) < col {
				line = n
				break
			}
			if indent(p.lines[n]) != col {
				return 0, false
			}
			line = n
		}
		imgs = append(imgs, img)
		return line, true
	})
	return imgs, end, ok
}

func (p *fastParser) social(i int) (map[string]string, int, bool) {
	i = p.next(i)
	if i == len(p.lines) {
		return nil, 0, false
	}
	c := indent(p.lines[i])
	if c == 0 {
		return nil, 0, false
	}
	p.at["social"] = p.pos(i, c)
	m := map[string]string{}
	for i < len(p.lines) {
		l := p.lines[i]
		if ind := indent(l); ind != c {
			if ind == 0 {
				break
			}
			return nil, 0, false
		}
		key, val, vc, ok := keyAt(l, c)
		if !ok || val == "" {
			return nil, 0, false
		}
		if _, dup := m[key]; dup {
			return nil, 0, false
		}
		s, ok := scalar(val)
		if !ok {
			return nil, 0, false
		}
		m[key] = s
		p.at["social."+key] = p.pos(i, vc)
		i = p.next(i + 1)
	}
	return m, i, true
}

// flowList reads "[a, b]" standing at column vc of line i.
func (p *fastParser) flowList(i, vc int, key string) ([]string, bool) {
	l := p.lines[i]
	for j := 0; j < len(l); j++ {
		if l[j] >= utf8.RuneSelf {
			return nil, false // columns would count runes
		}
	}
	p.at[key] = p.pos(i, vc)
	list := []string{}
	j := vc + 1
	for {
		for j < len(l) && l[j] == ' ' {
			j++
		}
		if j < len(l) && l[j] == ']' && len(list) == 0 {
			j++
			break
		}
		start := j
		var item string
		switch {
		case j < len(l) && (l[j] == '"' || l[j] == '\''):
			end := quotedEnd(l, j)
			if end < 0 {
				return nil, false
			}
			s, ok := scalar(l[j:end])
			if !ok {
				return nil, false
			}
			item, j = s, end
		default:
			end := strings.IndexAny(l[j:], ",]")
			if end < 0 {
				return nil, false
			}
			raw := strings.TrimRight(l[j:j+end], " ")
			if raw == "" || strings.ContainsAny(raw, "[]{}#\"'") {
				return nil, false
			}
			s, ok := scalar(raw)
			if !ok {
				return nil, false
			}
			item, j = s, j+end
		}
		p.at[key+"["+strconv.Itoa(len(list))+"]"] = p.pos(i, start)
		list = append(list, item)
		for j < len(l) && l[j] == ' ' {
			j++
		}
		if j >= len(l) {
			return nil, false
		}
		if l[j] == ']' {
			j++
			break
		}
		if l[j] != ',' {
			return nil, false
		}
		j++
	}
	if strings.TrimRight(l[j:], " ") != "" {
		return nil, false
	}
	return list, true
}

// quotedEnd returns the index just after the quoted scalar that starts at
// l[j], or -1.
func quotedEnd(l string, j int) int {
	q := l[j]
	for k := j + 1; k < len(l); k++ {
		switch {
		case q == '"' && l[k] == '\\':
			k++
		case l[k] == q && q == '\'' && k+1 < len(l) && l[k+1] == '\'':
			k++
		case l[k] == q:
			return k + 1
		}
	}
	return -1
}

// scalar decodes a one-line scalar value (with possible trailing spaces);
// ok is false for anything but a plain string, a double-quoted string
// with only \" and \\ escapes, or a single-quoted string.
func scalar(v string) (string, bool) {
	v = strings.TrimRight(v, " ")
	if v == "" {
		return "", false
	}
	switch v[0] {
	case '"':
		end := quotedEnd(v, 0)
		if end != len(v) {
			return "", false
		}
		in := v[1 : len(v)-1]
		if !strings.Contains(in, `\`) {
			return in, true
		}
		var b strings.Builder
		for k := 0; k < len(in); k++ {
			if in[k] == '\\' {
				if k+1 >= len(in) || (in[k+1] != '"' && in[k+1] != '\\') {
					return "", false
				}
				k++
			}
			b.WriteByte(in[k])
		}
		return b.String(), true
	case '\'':
		end := quotedEnd(v, 0)
		if end != len(v) {
			return "", false
		}
		return strings.ReplaceAll(v[1:len(v)-1], "''", "'"), true
	}
	if strings.ContainsRune("-?:,[]{}#&*!|>%@`", rune(v[0])) || strings.Contains(v, ": ") || strings.Contains(v, " #") ||
		strings.HasSuffix(v, ":") {
		return "", false
	}
	switch v {
	case "~", "null", "Null", "NULL":
		return "", false
	}
	return v, true
}
