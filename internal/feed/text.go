package feed

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// clean makes s safe to write into any of the formats: invalid UTF-8
// becomes U+FFFD, and control characters other than tab, line feed and
// carriage return are dropped, as are the noncharacters U+FFFE and U+FFFF.
// XML 1.0 forbids C0 controls other than those three and the two
// noncharacters outright, and discourages DEL and the C1 controls; in
// iCalendar a control character other than tab is not allowed in TEXT; in
// JSON they are legal when escaped but are never what a writer meant. One
// rule for every format keeps the feeds of a page saying the same thing.
func clean(s string) string {
	// Both return s itself when they change nothing.
	return strings.Map(func(r rune) rune {
		if dropped(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// dropped reports whether clean removes the (valid) rune r.
func dropped(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return false
	case r < 0x20, 0x7f <= r && r <= 0x9f, r == 0xfffe, r == 0xffff:
		return true
	}
	return false
}

// htmlText returns the text a reader sees in the HTML fragment s, with
// runs of white space collapsed to one space: tags are dropped, entities
// decoded, and the contents of script, style and template elements left
// out. Block boundaries become spaces so that "<p>a</p><p>b</p>" reads
// "a b", not "ab".
func htmlText(s string) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(s))
	skip := 0 // depth inside elements whose text is not shown
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			if tt == html.StartTagToken && isNoscript(string(z.Raw())) {
				z.NextIsNotRawText() // as in AbsoluteHTML
			}
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch a {
			case atom.Script, atom.Style, atom.Template:
				switch {
				case tt == html.StartTagToken:
					skip++
				case tt == html.EndTagToken && skip > 0:
					skip--
				}
			case atom.A, atom.Abbr, atom.B, atom.Bdi, atom.Bdo, atom.Cite, atom.Code,
				atom.Data, atom.Del, atom.Dfn, atom.Em, atom.I, atom.Ins, atom.Kbd,
				atom.Mark, atom.Q, atom.S, atom.Samp, atom.Small, atom.Span,
				atom.Strong, atom.Sub, atom.Sup, atom.Time, atom.U, atom.Var, atom.Wbr:
				// Inline: no break in the text.
			default:
				b.WriteByte(' ')
			}
		}
	}
}
