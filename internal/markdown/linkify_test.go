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
		likely bool
	}{
		{"no prefixes: a:b, www, http", nil, false},
		{"[a](https://x.org) [b](http://y.org)", []int{4, 23}, false},
		{"see https://x.org", []int{4}, true},
		{"https://x.org at the start", []int{0}, true},
		{"a\nwww.x.org", []int{2}, true},
		{"(ftp://x.org)", []int{1}, true},
		{"*www.x.org*", []int{1}, true},
		{"`https://x.org`,www.y.org](www.z.org)", []int{1, 16, 27}, false},
		{"[a](https://x.org) www.y.org", []int{4, 19}, true},
		{"a@b", nil, true},
	}
	for _, tt := range tests {
		starts, likely := linkStarts([]byte(tt.src))
		if !slices.Equal(starts, tt.starts) || likely != tt.likely {
			t.Errorf("linkStarts(%q) = %v, %v; want %v, %v", tt.src, starts, likely, tt.starts, tt.likely)
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

// TestParseWithoutAutolinks checks which parser parsed a body. Both end a
// paragraph's line with a text node, and the one with autolinks starts it
// at the line's last space.
func TestParseWithoutAutolinks(t *testing.T) {
	c := New(Options{})
	tests := []struct {
		src   string
		plain bool
	}{
		{"one two", true},
		{"one [two](https://x.org)", true},
		{"one `https://x.org`", true},
		{"one <https://x.org>", true},
		{"one www.x.org", false},                      // likely
		{"one x](https://x.org)", false},              // not a link: an autolink
		{"one [x]y(https://x.org)", false},            // likewise
		{"one [two](https://x.org)\t\t\nfive", false}, // keepsSpaces
		{"one ahttps://x.org", false},                 // text, so parsed again
	}
	for _, tt := range tests {
		src := []byte(tt.src + " three four")
		last, ok := c.parse(src).FirstChild().LastChild().(*ast.Text)
		plain := ok && bytes.Contains(last.Segment.Value(src), []byte("three four"))
		if plain != tt.plain {
			t.Errorf("%q: parsed without autolinks %v, want %v", tt.src, plain, tt.plain)
		}
	}
}
