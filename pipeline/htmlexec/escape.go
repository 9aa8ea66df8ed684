// The escapers below are those of html/template (Go 1.26), copied so that
// they can be called without reflection; the comparison tests and
// FuzzSameAsHTMLTemplate hold them to html/template's output.
//
// Copyright 2011 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style license that can be
// found at https://go.dev/LICENSE.

package htmlexec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"reflect"
	"regexp"
	"strings"
	"unicode/utf8"
)

// filterFailsafe is what html/template writes in place of a value it
// rejects.
const filterFailsafe = "ZgotmplZ"

type contentType uint8

const (
	contentTypePlain contentType = iota
	contentTypeCSS
	contentTypeHTML
	contentTypeHTMLAttr
	contentTypeJS
	contentTypeJSStr
	contentTypeURL
	contentTypeSrcset
)

// escaper is one of html/template's escaping functions. typed takes any
// value, as the original does, and reports false where this copy does not
// follow the original (the caller then falls back to html/template); plain
// is the same function for a plain string.
type escaper struct {
	typed func(a any) (string, bool)
	plain func(s string) string
}

// escapers are the functions html/template inserts into pipelines, by the
// names it gives them. The others (CSS, JS strings, unquoted attributes…)
// make Compile fail, so such templates run on html/template.
var escapers = map[string]escaper{
	"_html_template_htmlescaper": {
		typed: func(a any) (string, bool) {
			s, t := stringify(a)
			if t == contentTypeHTML {
				return s, true
			}
			return htmlReplacer(s, htmlReplacementTable), true
		},
		plain: func(s string) string { return htmlReplacer(s, htmlReplacementTable) },
	},
	"_html_template_attrescaper": {
		typed: func(a any) (string, bool) {
			s, t := stringify(a)
			if t == contentTypeHTML {
				return "", false // html/template strips the tags first
			}
			return htmlReplacer(s, htmlReplacementTable), true
		},
		plain: func(s string) string { return htmlReplacer(s, htmlReplacementTable) },
	},
	"_html_template_rcdataescaper": {
		typed: func(a any) (string, bool) {
			s, t := stringify(a)
			if t == contentTypeHTML {
				return htmlReplacer(s, htmlNormReplacementTable), true
			}
			return htmlReplacer(s, htmlReplacementTable), true
		},
		plain: func(s string) string { return htmlReplacer(s, htmlReplacementTable) },
	},
	"_html_template_urlfilter": {
		typed: func(a any) (string, bool) {
			s, t := stringify(a)
			if t == contentTypeURL {
				return s, true
			}
			return urlFilter(s), true
		},
		plain: urlFilter,
	},
	"_html_template_urlnormalizer": {
		typed: func(a any) (string, bool) {
			s, _ := stringify(a)
			return urlProcessor(s, true), true
		},
		plain: func(s string) string { return urlProcessor(s, true) },
	},
	"_html_template_urlescaper": {
		typed: func(a any) (string, bool) {
			s, t := stringify(a)
			return urlProcessor(s, t == contentTypeURL), true
		},
		plain: func(s string) string { return urlProcessor(s, false) },
	},
	"_html_template_srcsetescaper": {
		typed: func(a any) (string, bool) {
			s, t := stringify(a)
			switch t {
			case contentTypeSrcset:
				return s, true
			case contentTypeURL:
				var b strings.Builder
				if processURLOnto(s, true, &b) {
					s = b.String()
				}
				return strings.ReplaceAll(s, ",", "%2c"), true
			}
			return srcset(s), true
		},
		plain: srcset,
	},
	"_html_template_jsvalescaper": {
		typed: func(a any) (string, bool) { return jsValEscaper(a), true },
		plain: func(s string) string { return jsValEscaper(s) },
	},
	"_html_template_commentescaper": {
		typed: func(any) (string, bool) { return "", true },
		plain: func(string) string { return "" },
	},
}

// stringify is html/template's stringify for one argument.
func stringify(a any) (string, contentType) {
	switch s := indirect(a).(type) {
	case string:
		return s, contentTypePlain
	case template.CSS:
		return string(s), contentTypeCSS
	case template.HTML:
		return string(s), contentTypeHTML
	case template.HTMLAttr:
		return string(s), contentTypeHTMLAttr
	case template.JS:
		return string(s), contentTypeJS
	case template.JSStr:
		return string(s), contentTypeJSStr
	case template.URL:
		return string(s), contentTypeURL
	case template.Srcset:
		return string(s), contentTypeSrcset
	}
	if a == nil {
		return "", contentTypePlain // untyped nil is skipped
	}
	return fmt.Sprint(indirectToStringerOrError(a)), contentTypePlain
}

// indirect returns the value, after dereferencing as many times as
// necessary to reach the base type (or nil).
func indirect(a any) any {
	if a == nil {
		return nil
	}
	if t := reflect.TypeOf(a); t.Kind() != reflect.Pointer {
		return a
	}
	v := reflect.ValueOf(a)
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	return v.Interface()
}

var (
	errorType       = reflect.TypeFor[error]()
	fmtStringerType = reflect.TypeFor[fmt.Stringer]()
	jsonMarshalType = reflect.TypeFor[json.Marshaler]()
)

// indirectToStringerOrError dereferences a until it reaches the base type,
// nil, or an implementation of fmt.Stringer or error.
func indirectToStringerOrError(a any) any {
	if a == nil {
		return nil
	}
	v := reflect.ValueOf(a)
	for !v.Type().Implements(fmtStringerType) && !v.Type().Implements(errorType) && v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	return v.Interface()
}

var htmlReplacementTable = []string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// htmlNormReplacementTable is htmlReplacementTable without '&'.
var htmlNormReplacementTable = []string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// htmlReplacer returns s with runes replaced according to replacementTable
// (html/template's htmlReplacer with badRunes true, the only way the
// escapers here call it).
func htmlReplacer(s string, replacementTable []string) string {
	written, b := 0, (*strings.Builder)(nil)
	r, w := rune(0), 0
	for i := 0; i < len(s); i += w {
		if c := s[i]; c < utf8.RuneSelf {
			r, w = rune(c), 1
		} else {
			r, w = utf8.DecodeRuneInString(s[i:])
		}
		if int(r) < len(replacementTable) {
			if repl := replacementTable[r]; len(repl) != 0 {
				if b == nil {
					b = new(strings.Builder)
					b.Grow(len(s) + 16)
				}
				b.WriteString(s[written:i])
				b.WriteString(repl)
				written = i + w
			}
		}
	}
	if b == nil {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

// writeHTMLReplaced writes htmlReplacer(s, replacementTable) to w without
// making the string.
func writeHTMLReplaced(w *bytes.Buffer, s string, replacementTable []string) {
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		// Every rune the tables replace is ASCII, and no byte of a
		// multi-byte UTF-8 sequence (nor of an invalid one, which
		// DecodeRune reads as one byte) is below utf8.RuneSelf.
		if int(c) < len(replacementTable) {
			if repl := replacementTable[c]; len(repl) != 0 {
				w.WriteString(s[written:i])
				w.WriteString(repl)
				written = i + 1
			}
		}
	}
	w.WriteString(s[written:])
}

// urlFilter defangs a URL whose scheme is not http, https or mailto.
func urlFilter(s string) string {
	if !isSafeURL(s) {
		return "#" + filterFailsafe
	}
	return s
}

// isSafeURL is true if s is a relative URL or if URL has a protocol in
// (http, https, mailto).
func isSafeURL(s string) bool {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return false
		}
	}
	return true
}

// urlProcessor normalizes (when norm is true) or escapes s.
func urlProcessor(s string, norm bool) string {
	if !urlNeedsWork(s, norm) {
		return s
	}
	var b strings.Builder
	if processURLOnto(s, norm, &b) {
		return b.String()
	}
	return s
}

// urlNeedsWork reports whether processURLOnto would change s.
func urlNeedsWork(s string, norm bool) bool {
	for i := 0; i < len(s); i++ {
		if !urlKeeps(s, i, norm) {
			return true
		}
	}
	return false
}

// urlKeeps reports whether processURLOnto keeps byte i of s as it is.
func urlKeeps(s string, i int, norm bool) bool {
	c := s[i]
	switch c {
	case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
		return norm
	case '-', '.', '_', '~':
		return true
	case '%':
		return norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])
	}
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// processURLOnto appends a normalized URL corresponding to its input to b
// and reports whether the appended content differs from s.
func processURLOnto(s string, norm bool, b *strings.Builder) bool {
	b.Grow(len(s) + 16)
	written := 0
	for i, n := 0, len(s); i < n; i++ {
		if urlKeeps(s, i, norm) {
			continue
		}
		b.WriteString(s[written:i])
		fmt.Fprintf(b, "%%%02x", s[i])
		written = i + 1
	}
	b.WriteString(s[written:])
	return written != 0
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// srcset filters and normalizes a plain srcset value.
func srcset(s string) string {
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		if s[i] == ',' {
			filterSrcsetElement(s, written, i, &b)
			b.WriteString(",")
			written = i + 1
		}
	}
	filterSrcsetElement(s, written, len(s), &b)
	return b.String()
}

const htmlSpaceAndASCIIAlnumBytes = "\x00\x36\x00\x00\x01\x00\xff\x03\xfe\xff\xff\x07\xfe\xff\xff\x07"

func isHTMLSpace(c byte) bool {
	return (c <= 0x20) && 0 != (htmlSpaceAndASCIIAlnumBytes[c>>3]&(1<<uint(c&0x7)))
}

func isHTMLSpaceOrASCIIAlnum(c byte) bool {
	return (c < 0x80) && 0 != (htmlSpaceAndASCIIAlnumBytes[c>>3]&(1<<uint(c&0x7)))
}

func filterSrcsetElement(s string, left int, right int, b *strings.Builder) {
	start := left
	for start < right && isHTMLSpace(s[start]) {
		start++
	}
	end := right
	for i := start; i < right; i++ {
		if isHTMLSpace(s[i]) {
			end = i
			break
		}
	}
	if url := s[start:end]; isSafeURL(url) {
		metadataOk := true
		for i := end; i < right; i++ {
			if !isHTMLSpaceOrASCIIAlnum(s[i]) {
				metadataOk = false
				break
			}
		}
		if metadataOk {
			b.WriteString(s[left:start])
			processURLOnto(url, true, b)
			b.WriteString(s[end:right])
			return
		}
	}
	b.WriteString("#")
	b.WriteString(filterFailsafe)
}

// indirectToJSONMarshaler dereferences a until it reaches the base type,
// nil, or an implementation of json.Marshaler.
func indirectToJSONMarshaler(a any) any {
	if a == nil {
		return nil
	}
	v := reflect.ValueOf(a)
	for !v.Type().Implements(jsonMarshalType) && v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	return v.Interface()
}

var scriptTagRe = regexp.MustCompile("(?i)<(/?)script")

// jsValEscaper escapes its input to a JS expression (JSON, so it also
// serves application/ld+json).
func jsValEscaper(arg any) string {
	a := indirectToJSONMarshaler(arg)
	switch t := a.(type) {
	case template.JS:
		return string(t)
	case template.JSStr:
		return `"` + string(t) + `"`
	case json.Marshaler:
		// Do not treat as a Stringer.
	case fmt.Stringer:
		a = t.String()
	}
	b, err := json.Marshal(a)
	if err != nil {
		errStr := err.Error()
		errStr = string(scriptTagRe.ReplaceAll([]byte(errStr), []byte(`\x3C${1}script`)))
		errStr = strings.ReplaceAll(errStr, "*/", "* /")
		errStr = strings.ReplaceAll(errStr, "<!--", `\x3C!--`)
		return fmt.Sprintf(" /* %s */null ", errStr)
	}
	if len(b) == 0 {
		return " null "
	}
	first, _ := utf8.DecodeRune(b)
	last, _ := utf8.DecodeLastRune(b)
	var buf strings.Builder
	pad := isJSIdentPart(first) || isJSIdentPart(last)
	if pad {
		buf.WriteByte(' ')
	}
	written := 0
	for i := 0; i < len(b); {
		rune, n := utf8.DecodeRune(b[i:])
		repl := ""
		if rune == 0x2028 {
			repl = `\u2028`
		} else if rune == 0x2029 {
			repl = `\u2029`
		}
		if repl != "" {
			buf.Write(b[written:i])
			buf.WriteString(repl)
			written = i + n
		}
		i += n
	}
	if buf.Len() != 0 {
		buf.Write(b[written:])
		if pad {
			buf.WriteByte(' ')
		}
		return buf.String()
	}
	return string(b)
}

func isJSIdentPart(r rune) bool {
	switch {
	case r == '$':
		return true
	case '0' <= r && r <= '9':
		return true
	case 'A' <= r && r <= 'Z':
		return true
	case r == '_':
		return true
	case 'a' <= r && r <= 'z':
		return true
	}
	return false
}
