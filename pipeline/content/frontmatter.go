package content

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/kominfotik-lampung/warta/pipeline/article"
)

// frontMatter is the YAML front matter of DESIGN.md §3, as written.
type frontMatter struct {
	Title      string            `yaml:"title"`
	Date       string            `yaml:"date"`
	Summary    string            `yaml:"summary"`
	Activity   string            `yaml:"activity"`
	Location   string            `yaml:"location"`
	Images     []article.Image   `yaml:"images"`
	Author     []string          `yaml:"author"`
	Tags       []string          `yaml:"tags"`
	Draft      bool              `yaml:"draft"`
	Platforms  []string          `yaml:"platforms"`
	Social     map[string]string `yaml:"social"`
	Assignment int               `yaml:"assignment"`
	Aliases    []string          `yaml:"aliases"`
	// Corrections and Retraction are DESIGN.md §10.
	Corrections []correctionFM `yaml:"corrections"`
	Retraction  *retractionFM  `yaml:"retraction"`
}

// correctionFM is one entry of `corrections`, as written.
type correctionFM struct {
	Date string `yaml:"date"`
	Kind string `yaml:"kind"`
	Note string `yaml:"note"`
}

// retractionFM is `retraction`, as written.
type retractionFM struct {
	Date   string `yaml:"date"`
	Reason string `yaml:"reason"`
}

// splitFrontMatter separates "---\n<yaml>\n---\n<body>". It returns the YAML,
// the body, the file line where the body starts, and ok=false when the file
// has no front matter block (or it is not closed).
func splitFrontMatter(src []byte) (fm, body []byte, bodyLine int, ok bool) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")) // a BOM from Windows editors
	if !bytes.HasPrefix(src, []byte("---\n")) && !bytes.HasPrefix(src, []byte("---\r\n")) {
		return nil, src, 1, false
	}
	nl := bytes.IndexByte(src, '\n')
	rest := src[nl+1:]
	line := 2
	for {
		end := bytes.IndexByte(rest, '\n')
		var cur []byte
		if end < 0 {
			cur = rest
		} else {
			cur = rest[:end]
		}
		if string(bytes.TrimRight(cur, "\r \t")) == "---" {
			fm = src[nl+1 : len(src)-len(rest)]
			if end < 0 {
				return fm, nil, line + 1, true
			}
			return fm, rest[end+1:], line + 1, true
		}
		if end < 0 {
			return nil, src, 1, false
		}
		rest = rest[end+1:]
		line++
	}
}

// Size limits of a content file (issue 11, item 6): a news article is a
// few kilobytes; these keep a hostile or mistaken file from costing more
// than a normal one in check, build and serve.
const (
	// MaxFileBytes is the largest Markdown file the loader reads; a larger
	// one is refused by its size alone, without reading it.
	MaxFileBytes = 1 << 20
	// MaxFrontMatterBytes is the largest front matter block.
	MaxFrontMatterBytes = 64 << 10
	// maxSyntaxErrors is how many YAML syntax errors one check reports.
	maxSyntaxErrors = 5
)

// parseFrontMatter decodes the front matter of file: YAML into a node
// tree once, then article.DecodeYAML walks it into the struct, noting
// where each key and value stands. The YAML starts on line 2 of the
// file, so node lines are offset by one.
func parseFrontMatter(file string, fmData []byte) (*frontMatter, []article.Problem, article.Positions) {
	var fm frontMatter
	if len(fmData) > MaxFrontMatterBytes {
		return nil, []article.Problem{article.Errorf(article.Pos{File: file, Line: 1}, "front-matter-terlalu-besar",
			fmt.Sprintf("front matter cukup memuat judul, ringkasan, kegiatan, lokasi, foto dan tag; pindahkan teks panjang ke isi berita di bawah `---` penutup (batasnya %d KB)", MaxFrontMatterBytes>>10),
			"front matter berukuran %d KB, batasnya %d KB", (len(fmData)+1023)>>10, MaxFrontMatterBytes>>10)}, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(fmData, &doc); err != nil {
		return nil, syntaxProblems(file, fmData, err), nil
	}
	if len(doc.Content) == 0 {
		return &fm, nil, article.Positions{"": {File: file, Line: 1}}
	}
	probs, at := article.DecodeYAML(&doc, &fm, file, 1)
	if article.YAMLRefused(probs) {
		return nil, probs, nil // not decoded: nothing of it is usable
	}
	return &fm, append(probs, cutByComment(file, doc.Content[0])...), at
}

// syntaxProblems turns a YAML syntax error into problems on the right
// lines. The parser names where it noticed the error, often the start of
// the block or the end of the file; the line at fault is the last line of
// the shortest prefix of the front matter that fails the same way. That
// line is then blanked and the rest parsed again, so that several
// mistakes are reported at once (up to maxSyntaxErrors).
func syntaxProblems(file string, fmData []byte, err error) []article.Problem {
	lines := bytes.SplitAfter(fmData, []byte("\n"))
	var probs []article.Problem
	last := 0
	for range maxSyntaxErrors {
		_, msg := article.YAMLSyntaxError(err)
		k := sort.Search(len(lines), func(k int) bool {
			var n yaml.Node
			e := yaml.Unmarshal(bytes.Join(lines[:k+1], nil), &n)
			if e == nil {
				return false
			}
			_, m := article.YAMLSyntaxError(e)
			return m == msg
		}) + 1 // 1-based line within the front matter
		if k > len(lines) || k == last {
			k = 0 // not found: the parser's own line is the best left
			if line, _ := article.YAMLSyntaxError(err); line > 0 {
				k = line
			}
		}
		text, hint, _ := article.TranslateYAMLError(msg)
		pos := article.Pos{File: file, Line: 1}
		if k > 0 {
			pos.Line = k + 1
		}
		probs = append(probs, article.Errorf(pos, "yaml-rusak", hint, "%s", text))
		if k == 0 || k > len(lines) || k == last {
			break
		}
		last = k
		lines[k-1] = []byte("\n")
		var n yaml.Node
		if err = yaml.Unmarshal(bytes.Join(lines, nil), &n); err == nil {
			break
		}
	}
	return probs
}

// commentedKeys are the text values in which an unquoted " #" starts a
// YAML comment that silently cuts the text.
var commentedKeys = map[string]bool{"title": true, "summary": true, "activity": true, "location": true}

// cutByComment warns of each text value that a YAML comment cut short:
// `title: Pasar Rakyat #WayKananHebat di Baradatu` reads "Pasar Rakyat".
func cutByComment(file string, root *yaml.Node) []article.Problem {
	if root.Kind != yaml.MappingNode {
		return nil
	}
	var probs []article.Problem
	check := func(key string, v *yaml.Node) {
		if v.Kind != yaml.ScalarNode || v.Style != 0 || v.LineComment == "" {
			return
		}
		full := v.Value + " " + v.LineComment
		probs = append(probs, article.Warnf(article.Pos{File: file, Line: v.Line + 1, Col: v.Column}, "teks-terpotong-komentar",
			fmt.Sprintf("apit seluruh nilai dengan tanda kutip: `%s: %q`", leafKey(key), full),
			"teks setelah ` #` dianggap komentar YAML dan terbuang: `%s` terbaca %q", key, v.Value))
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i].Value, root.Content[i+1]
		switch {
		case commentedKeys[k]:
			check(k, v)
		case k == "images" && v.Kind == yaml.SequenceNode:
			for j, img := range v.Content {
				if img.Kind != yaml.MappingNode {
					continue
				}
				for m := 0; m+1 < len(img.Content); m += 2 {
					if ik := img.Content[m].Value; ik == "alt" || ik == "caption" {
						check(fmt.Sprintf("images[%d].%s", j, ik), img.Content[m+1])
					}
				}
			}
		}
	}
	return probs
}

func leafKey(key string) string {
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		return key[i+1:]
	}
	return key
}
