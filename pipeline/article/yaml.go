package article

import (
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Positions maps a key path of a decoded YAML document ("title",
// "images[0]", "images[0].alt", "social.x") to where its value stands.
type Positions map[string]Pos

// At returns the position of path, falling back to its closest parent and
// then to the document's first line.
func (ps Positions) At(path string) Pos {
	for {
		if p, ok := ps[path]; ok {
			return p
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			return ps[""]
		}
		path = path[:i]
	}
}

// Limits on a YAML document DecodeYAML accepts. The front matter and the
// config are small by nature; these bounds keep a hostile file from
// costing more than a normal one (issue 11, item 6).
const (
	// MaxYAMLScalar is the longest value, in bytes (a long summary is a
	// few hundred).
	MaxYAMLScalar = 10_000
	// MaxYAMLItems is the most entries of one list or map.
	MaxYAMLItems = 100
	// MaxYAMLDepth is the deepest nesting of lists and maps (front matter
	// needs 3: images, an image, its keys).
	MaxYAMLDepth = 10
)

// DecodeYAML decodes node into v (a pointer to a struct) strictly: unknown
// keys, duplicate keys and values of the wrong type become Problems with
// their position, and decoding goes on so that every problem is reported.
// Struct fields are matched by their `yaml` tag; "-" fields are skipped.
// A []string also accepts a single scalar. file names the source and
// lineOffset is added to node lines (front matter starts below "---").
//
// Anchors and aliases (`&a`, `*a`) are refused, as are values, lists and
// nesting beyond MaxYAMLScalar, MaxYAMLItems and MaxYAMLDepth: such a
// document is not decoded at all (v stays as it was), since an alias lets
// a small file stand for a huge one.
func DecodeYAML(node *yaml.Node, v any, file string, lineOffset int) ([]Problem, Positions) {
	d := &decoder{file: file, off: lineOffset, at: Positions{}}
	if node.Kind == yaml.DocumentNode {
		if len(node.Content) == 0 {
			return nil, d.at
		}
		node = node.Content[0]
	}
	d.at[""] = d.pos(node)
	if d.bounded(node, 1); len(d.probs) > 0 {
		return d.probs, d.at
	}
	d.decode(node, reflect.ValueOf(v).Elem(), "")
	return d.probs, d.at
}

// YAMLRefused reports whether DecodeYAML refused the whole document
// (anchors, aliases or limits), leaving its target as it was.
func YAMLRefused(ps []Problem) bool {
	for _, p := range ps {
		switch p.Code {
		case "yaml-jangkar", "yaml-terlalu-panjang", "yaml-terlalu-banyak", "yaml-terlalu-dalam":
			return true
		}
	}
	return false
}

// bounded reports, as problems, every anchor, alias and size beyond the
// limits in the tree below n, without following aliases.
func (d *decoder) bounded(n *yaml.Node, depth int) {
	if n.Anchor != "" || n.Kind == yaml.AliasNode {
		d.probs = append(d.probs, Errorf(d.pos(n), "yaml-jangkar",
			"tulis nilainya langsung di setiap tempat; hapus `&nama` dan `*nama` (bila teks memang diawali `&` atau `*`, apit dengan tanda kutip)",
			"jangkar/alias YAML (&, *) tidak diizinkan"))
		if n.Kind == yaml.AliasNode {
			return
		}
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if len(n.Value) > MaxYAMLScalar {
			d.probs = append(d.probs, Errorf(d.pos(n), "yaml-terlalu-panjang",
				fmt.Sprintf("persingkat teks ini menjadi paling banyak %d byte", MaxYAMLScalar),
				"nilai sepanjang %d byte, batasnya %d", len(n.Value), MaxYAMLScalar))
		}
		return
	case yaml.SequenceNode, yaml.MappingNode:
		if depth > MaxYAMLDepth {
			d.probs = append(d.probs, Errorf(d.pos(n), "yaml-terlalu-dalam",
				"front matter hanya memakai daftar sederhana (misalnya `images`); hapus tingkat yang berlebih",
				"daftar bersarang lebih dari %d tingkat", MaxYAMLDepth))
			return
		}
		items := len(n.Content)
		if n.Kind == yaml.MappingNode {
			items /= 2
		}
		if items > MaxYAMLItems {
			d.probs = append(d.probs, Errorf(d.pos(n), "yaml-terlalu-banyak",
				fmt.Sprintf("kurangi isinya menjadi paling banyak %d", MaxYAMLItems),
				"daftar berisi %d entri, batasnya %d", items, MaxYAMLItems))
			return
		}
	}
	for _, c := range n.Content {
		d.bounded(c, depth+1)
	}
}

type decoder struct {
	file  string
	off   int
	probs []Problem
	at    Positions
}

func (d *decoder) pos(n *yaml.Node) Pos {
	return Pos{File: d.file, Line: n.Line + d.off, Col: n.Column}
}

func (d *decoder) typeErr(n *yaml.Node, path, want string) {
	d.probs = append(d.probs, Errorf(d.pos(n), "tipe-salah",
		fmt.Sprintf("tulis `%s` sebagai %s", leaf(path), want),
		"nilai `%s` harus berupa %s, bukan %s", path, want, kindName(n)))
}

func leaf(path string) string {
	if i := strings.LastIndex(path, "."); i >= 0 {
		return path[i+1:]
	}
	return path
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "daftar kunci (map)"
	case yaml.SequenceNode:
		return "daftar (list)"
	case yaml.AliasNode:
		return "alias"
	}
	switch n.Tag {
	case "!!int", "!!float":
		return "angka"
	case "!!bool":
		return "true/false"
	case "!!null":
		return "kosong"
	}
	return "teks"
}

var posType = reflect.TypeOf(Pos{})

func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // an empty value leaves the zero value; required checks catch it
	}
	switch v.Kind() {
	case reflect.Pointer:
		nv := reflect.New(v.Type().Elem())
		d.decode(n, nv.Elem(), path)
		v.Set(nv)
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			d.typeErr(n, path, "daftar kunci (`kunci: nilai`)")
			return
		}
		fields := map[string]int{}
		var names []string
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if f.Type == posType && f.Name == "Pos" {
				v.Field(i).Set(reflect.ValueOf(d.pos(n)))
				continue
			}
			tag := strings.Split(f.Tag.Get("yaml"), ",")[0]
			if tag == "" || tag == "-" || !f.IsExported() {
				continue
			}
			fields[tag] = i
			names = append(names, tag)
		}
		sort.Strings(names)
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			kp := k.Value
			if path != "" {
				kp = path + "." + k.Value
			}
			if seen[k.Value] {
				d.probs = append(d.probs, Errorf(d.pos(k), "kunci-ganda",
					"hapus salah satunya", "kunci `%s` ditulis dua kali", kp))
				continue
			}
			seen[k.Value] = true
			fi, ok := fields[k.Value]
			if !ok {
				hint := "hapus kunci ini atau perbaiki ejaannya; kunci yang dikenal: " + strings.Join(names, ", ")
				if s := closest(k.Value, names); s != "" {
					hint = fmt.Sprintf("maksudnya `%s`? kunci yang dikenal: %s", s, strings.Join(names, ", "))
				}
				d.probs = append(d.probs, Errorf(d.pos(k), "kunci-tidak-dikenal", hint,
					"kunci `%s` tidak dikenal", kp))
				continue
			}
			d.at[kp] = d.pos(val)
			d.decode(val, v.Field(fi), kp)
		}
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.typeErr(n, path, "teks")
			return
		}
		v.SetString(n.Value)
	case reflect.Bool:
		var b bool
		if n.Kind != yaml.ScalarNode || n.Decode(&b) != nil {
			d.typeErr(n, path, "true atau false")
			return
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int64:
		i, err := strconv.ParseInt(n.Value, 0, 64)
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || err != nil {
			d.typeErr(n, path, "bilangan bulat")
			return
		}
		v.SetInt(i)
	case reflect.Slice:
		et := v.Type().Elem()
		if n.Kind == yaml.ScalarNode && et.Kind() == reflect.String {
			v.Set(reflect.Append(reflect.MakeSlice(v.Type(), 0, 1), reflect.ValueOf(n.Value).Convert(et)))
			return
		}
		if n.Kind != yaml.SequenceNode {
			d.typeErr(n, path, "daftar (`- nilai` per baris, atau `[a, b]`)")
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, c := range n.Content {
			ip := fmt.Sprintf("%s[%d]", path, i)
			d.at[ip] = d.pos(c)
			d.decode(c, s.Index(i), ip)
		}
		v.Set(s)
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			d.typeErr(n, path, "daftar kunci (`kunci: nilai`)")
			return
		}
		m := reflect.MakeMap(v.Type())
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			kp := path + "." + k.Value
			d.at[kp] = d.pos(val)
			ev := reflect.New(v.Type().Elem()).Elem()
			d.decode(val, ev, kp)
			m.SetMapIndex(reflect.ValueOf(k.Value).Convert(v.Type().Key()), ev)
		}
		v.Set(m)
	default:
		panic(fmt.Sprintf("article: DecodeYAML cannot decode into %s", v.Type()))
	}
}

// closest returns the known name within edit distance 2 of s, if any.
func closest(s string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		if d := editDistance(strings.ToLower(s), n); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev = cur
	}
	return prev[len(rb)]
}

var yamlLineRe = regexp.MustCompile(`line (\d+)`)

// YAMLSyntaxError splits a go.yaml.in/yaml/v3 syntax error into its line
// (0 when it names none) and the parser's message without "yaml: line N:".
func YAMLSyntaxError(err error) (line int, msg string) {
	if m := yamlLineRe.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
	}
	msg = strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.TrimLeft(yamlLineRe.ReplaceAllString(msg, ""), ": ")
	return line, msg
}

// yamlErrors translates the syntax errors of go.yaml.in/yaml/v3 that
// writers meet most, by a fragment of the English message.
var yamlErrors = []struct{ frag, msg, hint string }{
	{"tab character", "ada karakter tab di awal baris",
		"ganti tab dengan spasi (YAML hanya menerima spasi untuk indentasi)"},
	{"mapping values are not allowed", "titik dua (`:`) yang tidak semestinya, atau indentasi baris ini tidak sejajar",
		"bila teks memuat `: `, apit seluruh nilai dengan tanda kutip, misalnya `summary: \"Rapat: hasilnya baik\"`; bila tidak, samakan indentasi dengan kunci di atasnya"},
	{"could not find expected ':'", "baris ini bukan `kunci: nilai`",
		"tambahkan `:` dan spasi setelah nama kunci, atau bila ini lanjutan teks baris sebelumnya, apit teks itu dengan tanda kutip"},
	{"did not find expected key", "ada teks tersisa setelah nilai bertanda kutip, atau indentasi tidak sejajar",
		"apit seluruh nilai dengan tanda kutip (tanda kutip di dalamnya ditulis `\\\"`), dan samakan indentasi dengan kunci di atasnya"},
	{"did not find expected '-' indicator", "indentasi daftar tidak sejajar",
		"samakan indentasi kunci dalam satu entri, misalnya `alt:` tepat di bawah `src:`"},
	{"cannot start any token", "nilai diawali karakter khusus (misalnya @, `, % atau tab)",
		"apit nilai dengan tanda kutip, misalnya `title: \"@gubernur meresmikan …\"`, dan ganti tab dengan spasi"},
	{"unknown anchor", "nilai diawali `*`",
		"apit nilai dengan tanda kutip, misalnya `title: \"*Penting* …\"`"},
	{"end of stream", "tanda kutip atau kurung yang dibuka di baris ini tidak ditutup",
		"tutup tanda kutip (`\"` atau `'`) atau kurung (`[`, `{`) di baris yang sama"},
	{"did not find expected ',' or", "kurung `[` atau `{` di baris ini tidak ditutup, atau koma hilang",
		"tutup kurungnya di baris yang sama, misalnya `tags: [jalan, jembatan]`, atau apit teks yang memuat koma dengan tanda kutip"},
	{"block sequence entries are not allowed", "tanda `-` (entri daftar) di tempat yang tidak semestinya",
		"tulis `-` di baris baru di bawah kuncinya, atau apit teks yang diawali `-` dengan tanda kutip"},
	{"did not find expected node content", "nilai hilang atau diawali karakter khusus",
		"isi nilai setelah `kunci: `, dan apit teks yang diawali karakter khusus dengan tanda kutip"},
	{"found undefined tag handle", "nilai diawali `!`",
		"apit nilai dengan tanda kutip, misalnya `title: \"!Penting …\"`"},
}

// TranslateYAMLError turns the message of a YAML syntax error (without
// "yaml: line N:", as YAMLSyntaxError returns it) into Bahasa Indonesia
// with a fix. known is false when it is none of the common ones: msg then
// keeps the parser's English words and hint is a general one.
func TranslateYAMLError(msg string) (text, hint string, known bool) {
	for _, e := range yamlErrors {
		if strings.Contains(msg, e.frag) {
			return e.msg, e.hint, true
		}
	}
	return "front matter tidak dapat dibaca: " + msg,
		"periksa indentasi (spasi, bukan tab), titik dua setelah kunci, dan tanda kutip pada teks yang memuat `:` atau `#`", false
}
