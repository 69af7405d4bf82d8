package markdown

import (
	"bytes"
	"os"
	"testing"

	"github.com/yuin/goldmark"
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
}

func TestLinkifySameAsGFM(t *testing.T) {
	ours := New(Options{})
	post, err := os.ReadFile("testdata/bench/post.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range append(linkifyCases, string(post)) {
		var want, got bytes.Buffer
		if err := withGFM.Convert([]byte(src), &want); err != nil {
			t.Fatal(err)
		}
		if err := ours.md.Convert([]byte(src), &got); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%q:\ngot  %s\nwant %s", src, got.String(), want.String())
		}
	}
}

func FuzzLinkify(f *testing.F) {
	for _, s := range linkifyCases {
		f.Add(s)
	}
	ours := New(Options{})
	f.Fuzz(func(t *testing.T, src string) {
		var want, got bytes.Buffer
		if withGFM.Convert([]byte(src), &want) != nil || ours.md.Convert([]byte(src), &got) != nil {
			return
		}
		if got.String() != want.String() {
			t.Errorf("%q:\ngot  %s\nwant %s", src, got.String(), want.String())
		}
	})
}
