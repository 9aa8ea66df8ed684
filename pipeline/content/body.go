package content

import "bytes"

// MaxBodyDepth is the deepest nesting of lists and block quotes a body may
// have. goldmark's time grows with the square of the depth (a list nested
// 1000 deep in 1 MB takes seconds, 3000 deep tens of seconds); a news
// article needs three levels at most.
const MaxBodyDepth = 16

// bodyDepth estimates, without parsing, how deep the Markdown containers
// (list items and block quotes) of body nest, and the first 1-based line
// of body where the deepest nesting stands. It follows CommonMark as far
// as nesting goes: a list item stays open for the lines indented at least
// to its content, and any number of `>`, `-`, `*`, `+` and `1.` markers
// may open containers on one line. A line made of `-`, `*` or `_` and
// spaces only is a thematic break, not items. It never underestimates a
// nesting goldmark would build, so the cap holds whatever the input.
func bodyDepth(body []byte) (depth, line int) {
	var open []int // content column of each open list item
	n := 0
	for len(body) > 0 {
		n++
		l := body
		if i := bytes.IndexByte(body, '\n'); i >= 0 {
			l, body = body[:i], body[i+1:]
		} else {
			body = nil
		}
		col, i := indent(l, 0, 0)
		if i == len(l) || thematicBreak(l[i:]) {
			continue // blank lines and breaks open and close nothing
		}
		quotes := 0
		for i < len(l) && l[i] == '>' {
			quotes++
			col, i = indent(l, i+1, col+1)
		}
		// Items whose content column this line does not reach are closed.
		for len(open) > 0 && open[len(open)-1] > col {
			open = open[:len(open)-1]
		}
		for i < len(l) {
			c := l[i]
			w := markerWidth(l[i:])
			switch {
			case c == '>':
				quotes++
				col, i = indent(l, i+1, col+1)
				continue
			case w > 0:
				// The item's content starts after the marker and its
				// spaces; with none, or five and more (code), one space.
				next, j := indent(l, i+w, col+w)
				content := next
				if j == len(l) || next-(col+w) > 4 {
					content = col + w + 1
				}
				open = append(open, content)
				col, i = next, j
				continue
			}
			break
		}
		if d := len(open) + quotes; d > depth {
			depth, line = d, n
		}
	}
	return depth, line
}

// indent skips spaces and tabs of l from i, where the column is col; tabs
// stop at multiples of 4. It returns the new column and index.
func indent(l []byte, i, col int) (int, int) {
	for ; i < len(l); i++ {
		switch l[i] {
		case ' ':
			col++
		case '\t':
			col += 4 - col%4
		default:
			return col, i
		}
	}
	return col, i
}

// markerWidth is the width of a list marker at the start of s ("-", "*",
// "+", or up to 9 digits and "." or ")"), followed by a space, a tab or
// the end of the line; 0 if there is none.
func markerWidth(s []byte) int {
	w := 0
	switch {
	case len(s) > 0 && (s[0] == '-' || s[0] == '*' || s[0] == '+'):
		w = 1
	default:
		for w < len(s) && w < 9 && '0' <= s[w] && s[w] <= '9' {
			w++
		}
		if w == 0 || w >= len(s) || (s[w] != '.' && s[w] != ')') {
			return 0
		}
		w++
	}
	if w < len(s) && s[w] != ' ' && s[w] != '\t' {
		return 0
	}
	return w
}

// thematicBreak reports whether s (a line from its first non-blank byte)
// is a break such as "* * *" or "---".
func thematicBreak(s []byte) bool {
	c, n := s[0], 0
	if c != '-' && c != '*' && c != '_' {
		return false
	}
	for _, b := range bytes.TrimRight(s, " \t\r") {
		switch b {
		case c:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}
