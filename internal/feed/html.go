package feed

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// urlAttrs are the attributes whose value is one URL, on any element.
var urlAttrs = map[string]bool{
	"action":     true, // form
	"background": true, // body, table (obsolete, still honoured)
	"cite":       true, // blockquote, q, del, ins
	"formaction": true, // button, input
	"href":       true, // a, area, link, base; SVG a, use, image
	"longdesc":   true, // img (obsolete)
	"manifest":   true, // html
	"poster":     true, // video
	"src":        true, // img, script, iframe, embed, source, track, audio, video, input
	"xlink:href": true, // SVG 1.1
}

// AbsoluteHTML returns the HTML fragment with every relative URL made
// absolute against base, the absolute URL of the page the fragment belongs
// to, so that feed readers, which show the fragment away from its page,
// find the links and images. It rewrites the attributes that hold a URL
// (href, src, poster, cite, action, formaction, longdesc, background,
// manifest, xlink:href, and data on object) and each candidate of srcset
// and imagesrcset, and leaves alone values that already have a scheme
// (https:, mailto:, data:, ...), empty values and values that are not
// URLs. A fragment-only link ("#fn:1", as footnotes are written) becomes
// the page's URL with that fragment: in a reader, a bare "#fn:1" would
// point into the feed.
//
// URLs resolve as RFC 3986 and browsers say: "chart.svg" against
// https://example.org/network/posts/x/ is .../posts/x/chart.svg, "/img/a.png"
// is https://example.org/img/a.png, and against a base without its final
// slash, https://example.org/network, "posts/" is https://example.org/posts/.
// So base must be the page's URL as it is served, with the final slash
// that directory-style URLs have.
//
// Everything else is kept byte for byte: only a tag with a URL to rewrite
// is written anew (its attributes double-quoted, its name lower case).
// Text, comments and the contents of script and style are not touched,
// nor are URLs in CSS (style attributes and elements); the contents of
// noscript are read as HTML, as a reader without scripts shows them. A
// nil or relative base returns the fragment as it is.
func AbsoluteHTML(fragment string, base *url.URL) string {
	if base == nil || !base.IsAbs() {
		return fragment
	}
	var b strings.Builder
	b.Grow(len(fragment) + len(fragment)/8)
	z := html.NewTokenizer(strings.NewReader(fragment))
	for {
		tt := z.Next()
		// Raw is the token's bytes as written; the tokens' raw bytes
		// partition the input, including what is left at the end.
		raw := string(z.Raw())
		switch tt {
		case html.ErrorToken:
			b.WriteString(raw)
			return b.String()
		case html.StartTagToken, html.SelfClosingTagToken:
			if tt == html.StartTagToken && isNoscript(raw) {
				// Feed readers run no scripts, so they show what is
				// in <noscript> (often the images of lazy loading):
				// read it as HTML, not as the raw text a browser
				// with scripts sees.
				z.NextIsNotRawText()
			}
			if !hasURLAttr(raw) {
				break
			}
			tok := z.Token()
			if absAttrs(&tok, base) {
				raw = tok.String()
			}
		}
		b.WriteString(raw)
	}
}

// isNoscript reports whether the raw start tag is a <noscript>.
func isNoscript(raw string) bool {
	const tag = "<noscript"
	if len(raw) <= len(tag) || !strings.EqualFold(raw[:len(tag)], tag) {
		return false
	}
	switch raw[len(tag)] {
	case ' ', '\t', '\n', '\f', '\r', '/', '>':
		return true
	}
	return false
}

// hasURLAttr reports whether the raw tag may have an attribute to rewrite,
// so that most tags are copied without being parsed into a Token.
func hasURLAttr(raw string) bool {
	return strings.Contains(raw, "=")
}

// absAttrs makes the URLs in tok's attributes absolute and reports
// whether it changed any.
func absAttrs(tok *html.Token, base *url.URL) bool {
	changed := false
	for i, a := range tok.Attr {
		var v string
		var ok bool
		switch {
		case a.Key == "srcset" || a.Key == "imagesrcset":
			v, ok = absSrcset(a.Val, base)
		case urlAttrs[a.Key] || a.Key == "data" && tok.Data == "object":
			v, ok = absURL(a.Val, base)
		}
		if ok {
			tok.Attr[i].Val = v
			changed = true
		}
	}
	return changed
}

// absURL resolves the relative URL s against base. It reports false, to
// leave s alone, when s is empty, already has a scheme or does not parse.
func absURL(s string, base *url.URL) (string, bool) {
	// Browsers strip leading and trailing ASCII white space from URL
	// attributes.
	s = strings.Trim(s, " \t\n\f\r")
	if s == "" {
		return "", false
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" {
		return "", false
	}
	return base.ResolveReference(u).String(), true
}

// absSrcset makes each candidate URL of a srcset absolute. It follows the
// HTML standard's srcset parsing: candidates are separated by commas, a
// URL is a run of non-space characters (so it may hold commas itself,
// unless it ends with them), and a descriptor runs to the next comma
// outside parentheses. Candidates are written back as "URL descriptors",
// joined by ", ".
func absSrcset(v string, base *url.URL) (string, bool) {
	const space = " \t\n\f\r"
	var cands []string
	changed := false
	s := v
	for {
		s = strings.TrimLeft(s, space+",")
		if s == "" {
			break
		}
		end := strings.IndexAny(s, space)
		if end < 0 {
			end = len(s)
		}
		u, desc := s[:end], ""
		s = s[end:]
		if strings.HasSuffix(u, ",") {
			u = strings.TrimRight(u, ",")
		} else {
			depth, i := 0, 0
		descriptor:
			for ; i < len(s); i++ {
				switch s[i] {
				case '(':
					depth++
				case ')':
					if depth > 0 {
						depth--
					}
				case ',':
					if depth == 0 {
						break descriptor
					}
				}
			}
			desc, s = strings.Trim(s[:i], space), s[i:]
		}
		if abs, ok := absURL(u, base); ok {
			u, changed = abs, true
		}
		if desc != "" {
			u += " " + desc
		}
		cands = append(cands, u)
	}
	if !changed {
		return v, false
	}
	return strings.Join(cands, ", "), true
}
