package content

import (
	"bytes"

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

// parseFrontMatter decodes the front matter of file: YAML into a node
// tree once, then article.DecodeYAML walks it into the struct, noting
// where each key and value stands. The YAML starts on line 2 of the
// file, so node lines are offset by one.
func parseFrontMatter(file string, fmData []byte) (*frontMatter, []article.Problem, article.Positions) {
	var fm frontMatter
	var doc yaml.Node
	if err := yaml.Unmarshal(fmData, &doc); err != nil {
		line, msg := article.YAMLSyntaxError(err)
		if line > 0 {
			line++
		}
		return nil, []article.Problem{article.Errorf(article.Pos{File: file, Line: line}, "yaml-rusak",
			"periksa indentasi (spasi, bukan tab), titik dua setelah kunci, dan tanda kutip pada teks yang memuat `:` atau `#`",
			"front matter tidak dapat dibaca: %s", msg)}, nil
	}
	if len(doc.Content) == 0 {
		return &fm, nil, article.Positions{"": {File: file, Line: 1}}
	}
	probs, at := article.DecodeYAML(&doc, &fm, file, 1)
	return &fm, probs, at
}
