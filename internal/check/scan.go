package check

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// link is a URL found in a page and where it was.
type link struct {
	url      string
	tag, key string // where the link is: "img", "src"
	base     bool   // the href of <base>: the page's links resolve against it
}

// attr names where the link is, "img src", for reports. Only the links
// that are kept need it: most pass.
func (l link) attr() string { return l.tag + " " + l.key }

// scan finds the start tags of an HTML page, calling id for each element
// id (and <a> name) and visit for each link. It finds the tags and
// attributes golang.org/x/net/html's Tokenizer finds (FuzzScan holds it to
// that): it is a port of the parts of that tokenizer that read tags,
// comments and raw text. The text between tags, most of a page, is skipped
// with bytes.IndexByte instead of read a byte at a time, and only the
// attributes that links reads are copied; that makes it several times
// faster, and the link check runs on every page of every build.
func scan(b []byte, id func(string), visit func(link)) {
	var (
		spans []span
		attrs []attr
	)
	for i := 0; ; {
		lt := bytes.IndexByte(b[i:], '<')
		if lt < 0 || i+lt+1 >= len(b) {
			return
		}
		i += lt + 1
		switch c := b[i]; {
		case isLetter(c):
			var t tag
			var ok bool
			if t, spans, ok = readTag(b, i, spans[:0]); !ok {
				return
			}
			name, _ := known(tagNames, b[t.name0:t.name1])
			attrs = attrs[:0]
			for _, sp := range spans {
				if key, ok := known(interesting, b[sp.key0:sp.key1]); ok {
					attrs = append(attrs, attr{key, attrValue(b, i-1, t.end, key, sp)})
				}
			}
			links(name, attrs, id, visit)
			i = t.end
			if isRawText(name) {
				if i = rawEnd(b, t.name0-1, i, name); i < 0 {
					return // the rest of the page is raw text
				}
			}
		case c == '/':
			if i+1 >= len(b) {
				return
			}
			switch c := b[i+1]; {
			case c == '>':
				i += 2 // "</>" is nothing
			case isLetter(c):
				t, sp, ok := readTag(b, i+1, spans[:0])
				if spans = sp; !ok {
					return
				}
				i = t.end
			default:
				if i = closeAngle(b, i+1); i < 0 {
					return // a bogus comment to the end
				}
			}
		case c == '!':
			if i+2 >= len(b) {
				return // a comment to the end
			}
			if b[i+1] == '-' && b[i+2] == '-' {
				i = commentEnd(b, i+3)
			} else {
				i = closeAngle(b, i+1) // a doctype or a bogus comment
			}
			if i < 0 {
				return
			}
		case c == '?':
			if i = closeAngle(b, i); i < 0 {
				return
			}
		}
	}
}

// tag is where the parts of a tag are: its name is b[name0:name1], and it
// ends before end.
type tag struct{ name0, name1, end int }

// span is where an attribute's key and value are; the value is empty when
// the attribute has none.
type span struct{ key0, key1, val0, val1 int }

func isLetter(c byte) bool { return 'A' <= c&^0x20 && c&^0x20 <= 'Z' }

func isSpace(c byte) bool { return class[c]&space != 0 }

// class holds what each byte can end in a tag: a lookup instead of five
// or seven comparisons per byte of every tag name and attribute key.
var class = func() (t [256]uint8) {
	for _, c := range []byte(" \n\r\t\f") {
		t[c] |= space | endsName | endsKey
	}
	t['/'] |= endsName | endsKey
	t['>'] |= endsName | endsKey
	t['='] |= endsKey
	return t
}()

const (
	space    = 1 << iota
	endsName // a tag's name, as the Tokenizer's readTagName
	endsKey  // an attribute's key after its first byte, as readTagAttrKey
)

// readTag reads the tag whose name starts at b[i], appending its
// attributes to spans, as the Tokenizer's readTag does. It reports false
// when the page ends inside the tag, which the Tokenizer reports as an
// error, ending the page.
func readTag(b []byte, i int, spans []span) (tag, []span, bool) {
	t := tag{name0: i}
	for i++; ; i++ {
		if i >= len(b) {
			return t, spans, false
		}
		if class[b[i]]&endsName != 0 {
			break
		}
	}
	t.name1 = i
	for {
		i = skipSpace(b, i)
		if i >= len(b) {
			return t, spans, false
		}
		if b[i] == '>' {
			t.end = i + 1
			return t, spans, true
		}
		var sp span
		sp, i = readAttr(b, i)
		if sp.key0 != sp.key1 {
			spans = append(spans, sp)
		}
	}
}

// readAttr reads an attribute from b[i], as the Tokenizer's
// readTagAttrKey and readTagAttrVal do, and returns it and where reading
// stopped.
func readAttr(b []byte, i int) (span, int) {
	sp := span{key0: i}
	for ; i < len(b); i++ {
		c := b[i]
		if c == '=' && i == sp.key0 {
			continue // a leading "=" is part of the name
		}
		if class[c]&endsKey != 0 {
			break
		}
	}
	sp.key1 = i
	sp.val0, sp.val1 = i, i
	if i = skipSpace(b, i); i >= len(b) {
		return sp, i
	}
	switch b[i] {
	case '/':
		return sp, i + 1
	case '=':
	default:
		return sp, i
	}
	if i = skipSpace(b, i+1); i >= len(b) {
		return sp, i
	}
	switch q := b[i]; q {
	case '>':
		return sp, i
	case '"', '\'':
		sp.val0 = i + 1
		n := bytes.IndexByte(b[i+1:], q)
		if n < 0 {
			sp.val1 = len(b)
			return sp, len(b)
		}
		sp.val1 = i + 1 + n
		return sp, sp.val1 + 1
	default:
		sp.val0 = i
		for i++; i < len(b) && !isSpace(b[i]) && b[i] != '>'; i++ {
		}
		sp.val1 = i
		return sp, i
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// closeAngle returns the index after the first ">" from b[i], or -1.
func closeAngle(b []byte, i int) int {
	if n := bytes.IndexByte(b[i:], '>'); n >= 0 {
		return i + n + 1
	}
	return -1
}

// commentEnd returns the index after the end of the comment whose text
// starts at b[i], after "<!--", or -1 when it runs to the end of the page,
// as the Tokenizer's readComment finds it: "-->", "--!>", or at once
// "<!-->" and "<!--->".
func commentEnd(b []byte, i int) int {
	dashes, beginning := 0, true
	for ; i < len(b); i++ {
		switch b[i] {
		case '-':
			dashes++
			continue
		case '>':
			if dashes >= 2 || beginning {
				return i + 1
			}
		case '!':
			if dashes >= 2 {
				if i+1 >= len(b) {
					return -1
				}
				if i++; b[i] == '>' {
					return i + 1
				}
				if b[i] == '-' {
					dashes, beginning = 1, false
					continue
				}
			}
		}
		dashes, beginning = 0, false
	}
	return -1
}

// isRawText reports whether name is of an element whose content the
// Tokenizer reads as text up to its end tag: no tags inside it are seen.
// (A switch: a map lookup per tag was a tenth of scan's time.)
func isRawText(name string) bool {
	switch name {
	case "iframe", "noembed", "noframes", "noscript", "plaintext",
		"script", "style", "textarea", "title", "xmp":
		return true
	}
	return false
}

// rawEnd returns where the raw text of the element name, whose start tag
// is b[start:i], ends: at its end tag, or -1 at the end of the page.
func rawEnd(b []byte, start, i int, name string) int {
	if name == "plaintext" {
		return -1
	}
	end := endTag(b, i, name)
	if name != "script" {
		return end
	}
	text := b[i:]
	if end >= 0 {
		text = b[i:end]
	}
	if !bytes.Contains(text, []byte("<!--")) {
		return end
	}
	// "<!--" starts the script data's escaped states, in which an end tag
	// can be text: leave them to the Tokenizer.
	z := html.NewTokenizer(bytes.NewReader(b[start:]))
	z.Next() // the start tag
	if z.Next() != html.TextToken {
		return i
	}
	if end = i + len(z.Raw()); end >= len(b) {
		return -1
	}
	return end
}

// endTag returns the index of the first "</name" followed by a space, "/"
// or ">" from b[i], matching name without regard to case, or -1.
func endTag(b []byte, i int, name string) int {
	for {
		n := bytes.Index(b[i:], []byte("</"))
		if n < 0 {
			return -1
		}
		i += n
		rest := b[i+2:]
		if len(rest) > len(name) && bytes.EqualFold(rest[:len(name)], []byte(name)) {
			if c := rest[len(name)]; isSpace(c) || c == '/' || c == '>' {
				return i
			}
		}
		i += 2
	}
}

// known returns the name in names that b is, ignoring ASCII case as the
// Tokenizer does, without allocating.
func known(names *nameSet, b []byte) (string, bool) {
	var buf [16]byte
	if len(b) > len(buf) || len(b) == 0 {
		return "", false
	}
	l := buf[:len(b)]
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		l[i] = c
	}
	if name := names.slots[slot(l)]; name == string(l) {
		return name, true
	}
	return "", false
}

// A nameSet holds a few names, each in the slot its length and first and
// last bytes choose: a lookup in it is one comparison, where a map's hashes
// the name first, and scan looks up every tag and attribute of a page.
type nameSet struct {
	slots [256]string
}

func slot(l []byte) uint8 {
	return uint8(len(l)) ^ l[0]*2 ^ l[len(l)-1]*3
}

// set makes a nameSet; two names in one slot are a mistake to fix here.
func set(names ...string) *nameSet {
	s := new(nameSet)
	for _, n := range names {
		if prev := s.slots[slot([]byte(n))]; prev != "" {
			panic(fmt.Sprintf("check: names %q and %q take the same slot: change slot", prev, n))
		}
		s.slots[slot([]byte(n))] = n
	}
	return s
}

// tagNames are the elements that links and rawText name; scan gives the
// others to links as "", for their ids.
var tagNames = set("a", "area", "link", "img", "source", "script", "iframe", "embed",
	"audio", "track", "video", "object", "input", "use", "image", "meta", "base",
	"noembed", "noframes", "noscript", "plaintext", "style", "textarea", "title", "xmp")

// plainRefs decodes v if its only character references are those that
// html/template writes in attribute values (&amp; &lt; &gt; &quot; and
// decimal ones of printable ASCII, such as &#39;), which every HTML
// parser reads alike, and v holds no CR or NUL.
func plainRefs(v []byte) (string, bool) {
	if bytes.IndexAny(v, "\r\x00") >= 0 {
		return "", false
	}
	out := make([]byte, 0, len(v))
	for {
		i := bytes.IndexByte(v, '&')
		if i < 0 {
			return string(append(out, v...)), true
		}
		out, v = append(out, v[:i]...), v[i+1:]
		semi := bytes.IndexByte(v, ';')
		if semi < 0 || semi > 4 {
			return "", false
		}
		ref := v[:semi]
		switch c, ok := namedRefs[string(ref)]; {
		case ok:
			out = append(out, c)
		case len(ref) >= 3 && ref[0] == '#' && isDigits(ref[1:]):
			n, _ := strconv.Atoi(string(ref[1:]))
			if n < ' ' || n > '~' {
				return "", false
			}
			out = append(out, byte(n))
		default:
			return "", false
		}
		v = v[semi+1:]
	}
}

var namedRefs = map[string]byte{"amp": '&', "lt": '<', "gt": '>', "quot": '"'}

func isDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// attrValue is the value of the attribute key at sp, of the tag
// b[start:end], as the Tokenizer gives it: with its character references
// decoded, its line breaks made "\n" and NUL made U+FFFD. Values that need
// any of that, rare in generated pages, are read by the Tokenizer itself,
// which keeps the first of attributes of the same name, as links does.
func attrValue(b []byte, start, end int, key string, sp span) string {
	v := b[sp.val0:sp.val1]
	if !hasAny(v, '&', '\r', 0) {
		return string(v)
	}
	if s, ok := plainRefs(v); ok {
		return s
	}
	z := html.NewTokenizer(bytes.NewReader(b[start:end]))
	z.Next()
	for more := true; more; {
		var k, val []byte
		k, val, more = z.TagAttr()
		if string(k) == key {
			return string(val)
		}
	}
	return string(v)
}

type attr struct{ key, val string }

// interesting lists the attributes that links reads; the others are not
// copied out of the page.
var interesting = set("id", "name", "href", "xlink:href", "src", "srcset", "imagesrcset",
	"poster", "data", "rel", "type", "content", "property", "http-equiv")

// metaLinks are the names and properties of <meta> elements whose content
// is a URL that social sites and readers fetch.
var metaLinks = map[string]bool{
	"og:image": true, "og:image:url": true, "og:image:secure_url": true,
	"og:url": true, "og:audio": true, "og:video": true, "og:video:url": true,
	"twitter:image": true, "twitter:image:src": true, "twitter:player": true,
}

// links reports the ids and links of one start tag.
func links(tag string, attrs []attr, id func(string), visit func(link)) {
	get := func(key string) (string, bool) {
		for _, a := range attrs {
			if a.key == key {
				return a.val, true
			}
		}
		return "", false
	}
	one := func(key string) {
		if v, ok := get(key); ok {
			visit(link{url: trim(v), tag: tag, key: key})
		}
	}
	set := func(key string) {
		if v, ok := get(key); ok {
			for _, u := range srcset(v) {
				visit(link{url: u, tag: tag, key: key})
			}
		}
	}
	if v, ok := get("id"); ok && v != "" {
		id(v)
	}
	switch tag {
	case "a":
		if v, ok := get("name"); ok && v != "" {
			id(v)
		}
		one("href")
		one("xlink:href")
	case "area":
		one("href")
	case "link":
		rel, _ := get("rel")
		if !hasToken(rel, "preconnect") && !hasToken(rel, "dns-prefetch") {
			one("href")
		}
		set("imagesrcset")
	case "img", "source":
		one("src")
		set("srcset")
	case "script", "iframe", "embed", "audio", "track":
		one("src")
	case "video":
		one("src")
		one("poster")
	case "object":
		one("data")
	case "input":
		if t, _ := get("type"); strings.EqualFold(trim(t), "image") {
			one("src")
		}
	case "use", "image":
		one("href")
		one("xlink:href")
	case "meta":
		content, _ := get("content")
		if eq, _ := get("http-equiv"); strings.EqualFold(trim(eq), "refresh") {
			if u, ok := refreshURL(content); ok {
				visit(link{url: u, tag: "meta", key: "refresh"})
			}
			return
		}
		for _, key := range []string{"property", "name"} {
			if v, _ := get(key); metaLinks[strings.ToLower(trim(v))] {
				visit(link{url: trim(content), tag: "meta", key: strings.ToLower(trim(v))})
				return
			}
		}
	case "base":
		if v, ok := get("href"); ok {
			visit(link{url: trim(v), tag: "base", key: "href", base: true})
		}
	}
}

// trim removes the ASCII whitespace that browsers ignore around a URL.
func trim(s string) string {
	if s == "" || !isSpace(s[0]) && !isSpace(s[len(s)-1]) {
		return s // most URLs: no need to build Trim's set
	}
	return strings.Trim(s, " \t\n\f\r")
}

// hasAny reports whether v holds any of the bytes a, b and c: bytes.IndexAny
// builds a set on every call, and attribute values are short.
func hasAny(v []byte, a, b, c byte) bool {
	for _, x := range v {
		if x == a || x == b || x == c {
			return true
		}
	}
	return false
}

func hasToken(list, token string) bool {
	for f := range strings.FieldsSeq(list) {
		if strings.EqualFold(f, token) {
			return true
		}
	}
	return false
}

// refreshURL returns the URL of a <meta http-equiv="refresh"> content such
// as `0; url=/network/posts/x/`, if it has one.
func refreshURL(content string) (string, bool) {
	_, rest, ok := strings.Cut(content, ";")
	if !ok {
		if _, rest, ok = strings.Cut(content, ","); !ok {
			return "", false
		}
	}
	rest = trim(rest)
	if len(rest) >= 3 && strings.EqualFold(rest[:3], "url") {
		if r := strings.TrimLeft(rest[3:], " \t\n\f\r"); strings.HasPrefix(r, "=") {
			rest = trim(r[1:])
		}
	}
	if len(rest) > 0 && (rest[0] == '"' || rest[0] == '\'') {
		if i := strings.IndexByte(rest[1:], rest[0]); i >= 0 {
			rest = rest[1 : i+1]
		} else {
			rest = rest[1:]
		}
	}
	return rest, rest != ""
}

// srcset returns the URLs of the image candidates of a srcset attribute,
// parsed as the HTML standard says: a URL may contain commas, and a comma
// ends a candidate only after the URL or outside parentheses.
func srcset(s string) []string {
	var urls []string
	for {
		s = strings.TrimLeft(s, " \t\n\f\r,")
		if s == "" {
			return urls
		}
		end := strings.IndexAny(s, " \t\n\f\r")
		if end < 0 {
			end = len(s)
		}
		u := s[:end]
		s = s[end:]
		if t := strings.TrimRight(u, ","); t != u {
			urls = append(urls, t) // "a.jpg," has no descriptors
			continue
		}
		urls = append(urls, u)
		s = s[descriptorsEnd(s):]
	}
}

// descriptorsEnd returns the index of the comma that ends a candidate's
// descriptors in s, or len(s).
func descriptorsEnd(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth = max(0, depth-1)
		case ',':
			if depth == 0 {
				return i
			}
		}
	}
	return len(s)
}
