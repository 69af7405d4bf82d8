package markdown

import (
	"bytes"
	"os"
	"reflect"
	"slices"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

// withGFM is the converter with goldmark's own GFM extension, which the
// converter's gfm must equal.
var withGFM = goldmark.New(
	goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.Typographer),
	goldmark.WithParserOptions(parser.WithAutoHeadingID()),
)

var linkifyCases = []string{
	"Visit www.example.org today, or http://example.org/a?b=c#d and https://x.y/z.",
	"Mail ada@example.org, or *ada@example.org*, or _www.x.org_ or ~www.y.org~ or (http://a.b/c).",
	"A link [www.x.org](http://y.org) and an autolink <http://z.org> and `www.code.org`.",
	"Times 10:30 and ratios 1:2, no link: here.",
	"ftp://files.example.org/x and mailto:someone@example.org and WWW.UPPER.ORG and HTTP://UPPER.ORG",
	"| a | b |\n|---|---|\n| www.cell.org | c@d.org |\n| plain | text |\n",
	"| left | centre | right | none |\n|:--|:-:|--:|---|\n| 1 | *2* | 3 | |\n| x |\n",
	"> quoted www.quote.org\n\n- item http://item.org\n- plain item\n\n1. x@y.org\n",
	"Footnote[^1] here.\n\n[^1]: See www.note.org for more.\n",
	"# Heading www.h.org\n\nText after the heading.",
	"word\\@escaped and a\\:b and www\\.not.org",
	"Trailing punctuation www.example.org. And (www.paren.org) and www.q.org?! and http://a.org/(x)",
	"Entities &amp; www.e.org&amp; and x@y.org&gt; done",
	"No candidates at all in this paragraph, only words and commas.\n\nAnother plain one.",
	"user@localhost and user@host. and @alone and a@b and _a@b.co_",
	"Soft\nline www.break.org\nand\nmore x@y.org",
	// Prefixes that the parser without autolinks must answer for.
	"A [link](https://example.org/a) and [another](http://example.org/b \"t\") and ![img](ftp://x.org/i.png).",
	"Not a link x](https://example.org/a) and [a]x(https://example.org/b) and ](www.c.org).",
	"After a link [a](b)https://x.org and code `c`https://y.org and **b**www.z.org and <i>http://h.org",
	"Inside words xhttps://a.org and wwww.b.org and ahttp:x and a:b and `https://code.org` in code.",
	"[https://label.org](https://dest.org) and [www.label.org][ref]\n\n[ref]: https://ref.org",
	"Autolinks <https://a.org> and <www.b.org> and \\https://c.org and &amp;https://d.org",
	"```\nhttps://fenced.org\n```\n\n    https://indented.org\n\ntext",
	"line one\nhttps://start.org\n\n* https://item.org\n\n> https://quote.org",
	"~~x~~https://s.org and _a_www.e.org and (https://p.org) and ((https://pp.org))",
	"Tab\thttps://tab.org and www... and http: and https:// and ftp:x",
	"| a | b |\n|---|---|\n| [c](https://cell.org) | `https://code.org` |\n",
	// Paragraphs parsed again alone, and blocks that are not.
	"One https://a.org/x.\n\n  Two\n  lines www.b.org and *c*\nthree http://c.org)\n\nFour [d](https://d.org).\n",
	"# Heading https://h.org\n\nPara https://p.org\n\n- item https://i.org\n\n> quote https://q.org\n\n[^1]: note https://n.org\n",
	"Para https://p.org\nnot a heading\n---\n\nPara https://p2.org\n| a |\n| - |\n| https://t.org |\n",
	"Para https://p.org\n\n[ref]: https://ref.org\n\nafter www.after.org\n\n    code https://code.org\n",
	"\tTabbed https://t.org\n\n   Indented https://i.org\n\nLast https://l.org",
	// Spaces at lines' ends, which goldmark keeps when it splits text at them.
	"a    \nb\t\t\nc \r\nd\r \ne  \nf   \ng \t  \nh  \\\ni\t\n[j](https://x.org)  \t\nk",
}

// fullOnly is ours parsing every body with autolinks: what Converter.parse
// must equal.
func fullOnly(c *Converter) *Converter {
	return &Converter{md: c.md, plain: c.md.Parser()}
}

// sameAsGFM checks that ours converts src as goldmark's GFM does, and to the
// same Doc (word count, headings, summary) as with autolinks every time.
func sameAsGFM(t *testing.T, ours, full *Converter, src string) {
	t.Helper()
	var want bytes.Buffer
	if err := withGFM.Convert([]byte(src), &want); err != nil {
		t.Fatal(err)
	}
	got, err := ours.Convert([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if string(got.HTML) != want.String() {
		t.Errorf("%q:\ngot  %s\nwant %s", src, got.HTML, want.String())
	}
	wantDoc, err := full.Convert([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, wantDoc) {
		t.Errorf("%q:\ngot  %+v\nwant %+v", src, got, wantDoc)
	}
}

func TestLinkifySameAsGFM(t *testing.T) {
	ours := New(Options{})
	full := fullOnly(ours)
	post, err := os.ReadFile("testdata/bench/post.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range append(linkifyCases, string(post)) {
		sameAsGFM(t, ours, full, src)
	}
}

func FuzzLinkify(f *testing.F) {
	for _, s := range linkifyCases {
		f.Add(s)
	}
	ours := New(Options{})
	full := fullOnly(ours)
	f.Fuzz(func(t *testing.T, src string) {
		sameAsGFM(t, ours, full, src)
	})
}

func TestLinkStarts(t *testing.T) {
	tests := []struct {
		src    string
		starts []int
	}{
		{"no prefixes: a:b, www, http, ftp", nil},
		{"[a](https://x.org) [b](http://y.org)", []int{4, 23}},
		{"see https://x.org", []int{4}},
		{"https://x.org at the start", []int{0}},
		{"a\nwww.x.org", []int{2}},
		{"`https://x.org`,www.y.org](www.z.org) ftp:x", []int{1, 16, 27, 38}},
	}
	for _, tt := range tests {
		if starts := linkStarts([]byte(tt.src)); !slices.Equal(starts, tt.starts) {
			t.Errorf("linkStarts(%q) = %v, want %v", tt.src, starts, tt.starts)
		}
	}
}

func TestKeepsSpaces(t *testing.T) {
	tests := []struct {
		src  string
		want bool
	}{
		{"a\nb \nc\t\nd \r\ne\n", false},
		{"a  \nb   \nc\t  \nd  \r\n", false}, // hard line breaks
		{"a  \\\nb \\\n", false},             // and with "\\"
		{"a    \nb", true},
		{"a\t\t\nb", true},
		{"a \t\nb", true},
		{"a\r \nb", true},
		{"a  \t  \nb", true},
		{"a \t  \nb", true},
		{"a\nb  ", true}, // no line break at the end
		{"a\nb \r", false},
	}
	for _, tt := range tests {
		if got := keepsSpaces([]byte(tt.src)); got != tt.want {
			t.Errorf("keepsSpaces(%q) = %v, want %v", tt.src, got, tt.want)
		}
	}
}

// TestParseWithoutAutolinks checks which parser parsed a body's first
// paragraph, "one two three four": both end a paragraph's line with a text
// node, and the one with autolinks starts it at the line's last space. The
// second paragraph, or list, is the case.
func TestParseWithoutAutolinks(t *testing.T) {
	c := New(Options{})
	full := fullOnly(c)
	tests := []struct {
		src   string
		plain bool
	}{
		{"x", true},
		{"x [y](https://x.org)", true},
		{"x `https://x.org`", true},
		{"x <https://x.org>", true},
		{"x www.x.org", true},                    // the paragraph alone again
		{"x\nwww.x.org\ny https://z.org", true},  // likewise
		{"x www.x.org\n\ny https://z.org", true}, // both paragraphs
		{"x x](https://x.org)", false},           // not a link: an autolink
		{"x [y]z(https://x.org)", false},         // likewise
		{"x ahttps://x.org", true},               // text, so parsed again
		{"- x https://x.org\n  y", true},         // a list item's text
		{"> x https://x.org", true},              // a quote's
		{"> x https://x.org\n> y", false},        // read alone, "> y" is a quote
		{"[^1]\n\n[^1]: x https://x.org", true},  // a footnote's
		{"## x https://x.org", true},             // a heading's
		{"x [y](z) https://x.org", false},        // has a link
		{"x x@y.org", false},                     // an "@"
		{"x [y](https://x.org)\t\t\nz", false},   // keepsSpaces
	}
	for _, tt := range tests {
		src := []byte("one two three four\n\n" + tt.src)
		last, ok := c.parse(src).FirstChild().LastChild().(*ast.Text)
		plain := ok && bytes.Equal(last.Segment.Value(src), []byte("one two three four"))
		if plain != tt.plain {
			t.Errorf("%q: first paragraph parsed without autolinks %v, want %v", tt.src, plain, tt.plain)
		}
		sameAsGFM(t, c, full, string(src))
	}
}
