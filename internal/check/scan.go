package check

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// link is a URL found in a page and where it was.
type link struct {
	url  string
	attr string
	base bool // the href of <base>: the page's links resolve against it
}

// scan tokenizes an HTML page, calling id for each element id (and <a>
// name) and visit for each link.
func scan(b []byte, id func(string), visit func(link)) {
	z := html.NewTokenizer(bytes.NewReader(b))
	var attrs []attr
	for {
		switch z.Next() {
		case html.ErrorToken:
			return // io.EOF: the tokenizer reports no other error on a bytes.Reader
		case html.StartTagToken, html.SelfClosingTagToken:
		default:
			continue
		}
		name, more := z.TagName()
		attrs = attrs[:0]
		for more {
			var k, v []byte
			k, v, more = z.TagAttr()
			if interesting[string(k)] {
				attrs = append(attrs, attr{string(k), string(v)})
			}
		}
		links(string(name), attrs, id, visit)
	}
}

type attr struct{ key, val string }

// interesting lists the attributes that links reads; the others are not
// copied out of the tokenizer.
var interesting = map[string]bool{
	"id": true, "name": true, "href": true, "xlink:href": true, "src": true,
	"srcset": true, "imagesrcset": true, "poster": true, "data": true,
	"rel": true, "type": true, "content": true, "property": true, "http-equiv": true,
}

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
			visit(link{url: trim(v), attr: tag + " " + key})
		}
	}
	set := func(key string) {
		if v, ok := get(key); ok {
			for _, u := range srcset(v) {
				visit(link{url: u, attr: tag + " " + key})
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
				visit(link{url: u, attr: "meta refresh"})
			}
			return
		}
		for _, key := range []string{"property", "name"} {
			if v, _ := get(key); metaLinks[strings.ToLower(trim(v))] {
				visit(link{url: trim(content), attr: "meta " + strings.ToLower(trim(v))})
				return
			}
		}
	case "base":
		if v, ok := get("href"); ok {
			visit(link{url: trim(v), attr: "base href", base: true})
		}
	}
}

// trim removes the ASCII whitespace that browsers ignore around a URL.
func trim(s string) string { return strings.Trim(s, " \t\n\f\r") }

func hasToken(list, token string) bool {
	for _, f := range strings.Fields(list) {
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
