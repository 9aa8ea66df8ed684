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

// DecodeYAML decodes node into v (a pointer to a struct) strictly: unknown
// keys, duplicate keys and values of the wrong type become Problems with
// their position, and decoding goes on so that every problem is reported.
// Struct fields are matched by their `yaml` tag; "-" fields are skipped.
// A []string also accepts a single scalar. file names the source and
// lineOffset is added to node lines (front matter starts below "---").
func DecodeYAML(node *yaml.Node, v any, file string, lineOffset int) ([]Problem, Positions) {
	d := &decoder{file: file, off: lineOffset, at: Positions{}}
	if node.Kind == yaml.DocumentNode {
		if len(node.Content) == 0 {
			return nil, d.at
		}
		node = node.Content[0]
	}
	d.at[""] = d.pos(node)
	d.decode(node, reflect.ValueOf(v).Elem(), "")
	return d.probs, d.at
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
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
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
