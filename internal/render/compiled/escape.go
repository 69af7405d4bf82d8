// The escapers in this file are html/template's (html.go, url.go,
// content.go, escape.go), for the contexts of HTML text, quoted and
// unquoted attributes, RCDATA elements (<title>, <textarea>), comments and
// URLs. Where one would strip the tags of HTML typed content (in an
// attribute), it stops the execution, so that html/template renders the
// page.
//
// Copyright 2011 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file (Go's, beside this one).

package compiled

import (
	"bytes"
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// An escaper is one of html/template's escaping functions, in up to
// three forms: one takes the value an action's first escaper receives
// from the pipeline before it; str takes a string, which is what a second
// escaper in a pipeline receives from the first; to, when set, writes what
// str returns to w instead, for the last escaper of an action. Each one
// calls its function itself: through a func value, the argument's slice
// would go to the heap.
type escaper struct {
	one func(s *state, v reflect.Value) string
	str func(string) string
	to  func(w *bytes.Buffer, s string)
}

// escapers are html/template's escaping functions, by the names its
// escaped trees call them.
var escapers map[string]*escaper

func init() {
	html := func(s string) string { return htmlReplacer(s, htmlReplacementTable, true) }
	htmlTo := htmlReplaceTo
	escapers = map[string]*escaper{
		"_html_template_htmlescaper": {
			func(s *state, v reflect.Value) string { return htmlEscaper(s, []reflect.Value{v}) }, html, htmlTo},
		"_html_template_attrescaper": {
			func(s *state, v reflect.Value) string { return attrEscaper(s, []reflect.Value{v}) }, html, htmlTo},
		"_html_template_rcdataescaper": {
			func(s *state, v reflect.Value) string { return rcdataEscaper(s, []reflect.Value{v}) }, html, htmlTo},
		"_html_template_urlfilter": {
			func(s *state, v reflect.Value) string { return urlFilter(s, []reflect.Value{v}) }, filterURL, nil},
		"_html_template_nospaceescaper": {
			func(s *state, v reflect.Value) string { return htmlNospaceEscaper(s, []reflect.Value{v}) }, nospace, nil},
		"_html_template_commentescaper": {
			func(*state, reflect.Value) string { return "" }, func(string) string { return "" }, nil},
		"_html_template_urlescaper": {
			func(_ *state, v reflect.Value) string { return urlProcessor(false, []reflect.Value{v}) },
			func(s string) string { return processURL(s, false) }, nil},
		"_html_template_urlnormalizer": {
			func(_ *state, v reflect.Value) string { return urlProcessor(true, []reflect.Value{v}) },
			func(s string) string { return processURL(s, true) }, nil},
	}
}

// filterFailsafe is html/template's replacement for an unsafe value.
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

var contentTypes = map[reflect.Type]contentType{
	reflect.TypeFor[template.CSS]():      contentTypeCSS,
	reflect.TypeFor[template.HTML]():     contentTypeHTML,
	reflect.TypeFor[template.HTMLAttr](): contentTypeHTMLAttr,
	reflect.TypeFor[template.JS]():       contentTypeJS,
	reflect.TypeFor[template.JSStr]():    contentTypeJSStr,
	reflect.TypeFor[template.URL]():      contentTypeURL,
	reflect.TypeFor[template.Srcset]():   contentTypeSrcset,
}

var intType = reflect.TypeFor[int]()

// stringify converts its arguments to a string and the type of the
// content. All pointers are dereferenced, as in the text/template package.
// The arguments are reflect.Values of what html/template receives as any.
func stringify(args []reflect.Value) (string, contentType) {
	if len(args) == 1 {
		v := args[0]
		if v.Kind() == reflect.Interface {
			v = v.Elem()
		}
		for v.Kind() == reflect.Pointer && !v.IsNil() {
			v = v.Elem()
		}
		if v.IsValid() {
			switch t := v.Type(); {
			case t == stringType:
				return v.String(), contentTypePlain
			case t == intType:
				return strconv.FormatInt(v.Int(), 10), contentTypePlain // as fmt.Sprint
			case v.Kind() == reflect.String:
				if ct, ok := contentTypes[t]; ok {
					return v.String(), ct
				}
			}
		}
	}
	vals := make([]any, 0, len(args))
	for _, arg := range args {
		a := arg.Interface()
		// We skip untyped nil arguments for backward compatibility.
		// Without this they would be output as <nil>, escaped.
		// See issue 25875.
		if a == nil {
			continue
		}
		vals = append(vals, indirectToStringerOrError(a))
	}
	return fmt.Sprint(vals...), contentTypePlain
}

// indirectToStringerOrError returns the value, after dereferencing as many
// times as necessary to reach the base type (or nil) or an implementation
// of fmt.Stringer or error.
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

// htmlNospaceEscaper escapes for inclusion in unquoted attribute values.
func htmlNospaceEscaper(s *state, args []reflect.Value) string {
	str, t := stringify(args)
	if str != "" && t == contentTypeHTML {
		s.leave("HTML content in an unquoted attribute")
	}
	return nospace(str)
}

// nospace is htmlNospaceEscaper for a string.
func nospace(s string) string {
	if s == "" {
		return filterFailsafe
	}
	return htmlReplacer(s, htmlNospaceReplacementTable, false)
}

// attrEscaper escapes for inclusion in quoted attribute values.
func attrEscaper(s *state, args []reflect.Value) string {
	str, t := stringify(args)
	if t == contentTypeHTML {
		s.leave("HTML content in an attribute")
	}
	return htmlReplacer(str, htmlReplacementTable, true)
}

// rcdataEscaper escapes for inclusion in an RCDATA element body.
func rcdataEscaper(_ *state, args []reflect.Value) string {
	str, t := stringify(args)
	if t == contentTypeHTML {
		return htmlReplacer(str, htmlNormReplacementTable, true)
	}
	return htmlReplacer(str, htmlReplacementTable, true)
}

// htmlEscaper escapes for inclusion in HTML text.
func htmlEscaper(_ *state, args []reflect.Value) string {
	str, t := stringify(args)
	if t == contentTypeHTML {
		return str
	}
	return htmlReplacer(str, htmlReplacementTable, true)
}

// htmlReplacementTable contains the runes that need to be escaped inside a
// quoted attribute value or in a text node.
var htmlReplacementTable = []string{
	// https://www.w3.org/TR/html5/syntax.html#attribute-value-(unquoted)-state
	// U+0000 NULL Parse error. Append a U+FFFD REPLACEMENT
	// CHARACTER character to the current attribute's value.
	// "
	// and similarly
	// https://www.w3.org/TR/html5/syntax.html#before-attribute-value-state
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// htmlNormReplacementTable is like htmlReplacementTable but without '&' to
// avoid over-encoding existing entities.
var htmlNormReplacementTable = []string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// htmlNospaceReplacementTable contains the runes that need to be escaped
// inside an unquoted attribute value: the HTML specials and what browsers
// end such a value at (see html/template's html.go).
var htmlNospaceReplacementTable = []string{
	0:    "&#xfffd;",
	'\t': "&#9;",
	'\n': "&#10;",
	'\v': "&#11;",
	'\f': "&#12;",
	'\r': "&#13;",
	' ':  "&#32;",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'=':  "&#61;",
	'>':  "&gt;",
	// A parse error in the attribute value (unquoted) and
	// before attribute value states.
	// Treated as a quoting character by IE.
	'`': "&#96;",
}

// htmlReplacer returns s with runes replaced according to replacementTable
// and when badRunes is true, certain bad runes are allowed through
// unescaped.
func htmlReplacer(s string, replacementTable []string, badRunes bool) string {
	var b strings.Builder
	written := 0
	r, w := rune(0), 0
	for i := 0; i < len(s); i += w {
		// Cannot use 'for range s' because we need to preserve the width
		// of the runes in the input. If we see a decoding error, the input
		// width will not be utf8.Runelen(r) and we will overrun the buffer.
		r, w = utf8.DecodeRuneInString(s[i:])
		if int(r) < len(replacementTable) {
			if repl := replacementTable[r]; len(repl) != 0 {
				if written == 0 {
					b.Grow(len(s))
				}
				b.WriteString(s[written:i])
				b.WriteString(repl)
				written = i + w
			}
		} else if badRunes {
			// No-op.
			// IE does not allow these ranges in unquoted attrs.
		} else if 0xfdd0 <= r && r <= 0xfdef || 0xfff0 <= r && r <= 0xffff {
			if written == 0 {
				b.Grow(len(s))
			}
			b.WriteString(s[written:i])
			b.WriteString("&#x")
			b.WriteString(strconv.FormatInt(int64(r), 16))
			b.WriteByte(';')
			written = i + w
		}
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

// htmlReplaceTo writes htmlReplacer(s, htmlReplacementTable, true) to w.
// The table's runes are all ASCII, and no byte of a longer UTF-8 sequence
// is: s is read a byte at a time, with htmlSpecial, instead of decoded.
func htmlReplaceTo(w *bytes.Buffer, s string) {
	written := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; htmlSpecial[c] {
			w.WriteString(s[written:i])
			w.WriteString(htmlReplacementTable[c])
			written = i + 1
		}
	}
	w.WriteString(s[written:])
}

// htmlSpecial marks the bytes that htmlReplacementTable replaces.
var htmlSpecial = func() (t [256]bool) {
	for c, repl := range htmlReplacementTable {
		t[c] = repl != ""
	}
	return t
}()

// urlFilter returns its input unless it contains an unsafe scheme in which
// case it defangs the entire URL (see html/template's url.go).
func urlFilter(_ *state, args []reflect.Value) string {
	s, t := stringify(args)
	if t == contentTypeURL {
		return s
	}
	return filterURL(s)
}

// filterURL is urlFilter for a string.
func filterURL(s string) string {
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

// urlProcessor normalizes (when norm is true) or escapes its input to
// produce a valid hierarchical or opaque URL part.
func urlProcessor(norm bool, args []reflect.Value) string {
	s, t := stringify(args)
	if t == contentTypeURL {
		norm = true
	}
	return processURL(s, norm)
}

// processURL is urlProcessor for a string, which it returns as it is,
// without a copy, when it needs no escaping.
func processURL(s string, norm bool) string {
	keep := &urlKept
	if norm {
		keep = &urlKeptNorm
	}
	for i := range len(s) {
		if !keep[s[i]] && !urlKeeps(s, i, norm) {
			var b strings.Builder
			processURLOnto(s, norm, &b)
			return b.String()
		}
	}
	return s
}

// urlKept and urlKeptNorm are the bytes urlKeeps keeps whatever follows
// them, when escaping and when normalizing.
var urlKept, urlKeptNorm = func() (esc, norm [256]bool) {
	for c := range 256 {
		if c != '%' {
			s := string(rune(c))
			if c >= 0x80 {
				s = string([]byte{byte(c)})
			}
			esc[c], norm[c] = urlKeeps(s, 0, false), urlKeeps(s, 0, true)
		}
	}
	return esc, norm
}()

// urlKeeps reports whether processURLOnto keeps s[i] as it is.
func urlKeeps(s string, i int, norm bool) bool {
	switch c := s[i]; c {
	case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
		return norm
	case '-', '.', '_', '~':
		return true
	case '%':
		return norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])
	default:
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
}

// processURLOnto appends a normalized URL corresponding to its input to b.
func processURLOnto(s string, norm bool, b *strings.Builder) {
	b.Grow(len(s) + 16)
	written := 0
	// The byte loop below assumes that all URLs use UTF-8 as the
	// content-encoding. This is similar to the URI to IRI encoding scheme
	// defined in section 3.1 of RFC 3987, and behaves the same as the
	// EcmaScript builtin encodeURIComponent.
	for i := range len(s) {
		// Single quote and parens are sub-delims in RFC 3986, but are
		// escaped so the output can be embedded in single quoted
		// attributes and unquoted CSS url(...) constructs; the unreserved
		// characters of RFC 3986 sec 2.3 are kept; when normalizing, valid
		// escapes are not encoded again.
		if urlKeeps(s, i, norm) {
			continue
		}
		b.WriteString(s[written:i])
		fmt.Fprintf(b, "%%%02x", s[i])
		written = i + 1
	}
	b.WriteString(s[written:])
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
