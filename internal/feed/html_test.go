package feed

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func TestAbsoluteHTML(t *testing.T) {
	// The page's URL under a site with a subpath, as render passes it.
	page := "https://example.org/network/posts/x/"
	tests := []struct {
		name string
		base string
		in   string
		want string
	}{
		{"relative to the page", page,
			`<img src="chart.svg" alt="Chart">`,
			`<img src="https://example.org/network/posts/x/chart.svg" alt="Chart">`},
		{"from the site root", page,
			`<a href="/network/posts/y/">y</a>`,
			`<a href="https://example.org/network/posts/y/">y</a>`},
		{"up a level", page,
			`<a href="../y/">y</a>`,
			`<a href="https://example.org/network/posts/y/">y</a>`},
		{"home page of a site with a subpath", "https://example.org/network/",
			`<a href="posts/y/">y</a>`,
			`<a href="https://example.org/network/posts/y/">y</a>`},
		{"base without its final slash", "https://example.org/network",
			`<a href="posts/y/">y</a> <a href="/network/about/">about</a>`,
			`<a href="https://example.org/posts/y/">y</a> <a href="https://example.org/network/about/">about</a>`},
		{"site at the root", "https://example.org/",
			`<img src="img/a.png">`,
			`<img src="https://example.org/img/a.png">`},
		{"fragment, as footnotes write", page,
			`<sup><a href="#fn:1">1</a></sup>`,
			`<sup><a href="https://example.org/network/posts/x/#fn:1">1</a></sup>`},
		{"query", page,
			`<a href="?page=2">next</a>`,
			`<a href="https://example.org/network/posts/x/?page=2">next</a>`},
		{"protocol-relative", page,
			`<img src="//cdn.example.com/a.png">`,
			`<img src="https://cdn.example.com/a.png">`},
		{"absolute and other schemes kept", page,
			`<a href="https://other.org/x">o</a><a href="mailto:a@b.org">m</a><a href="tel:+44123">t</a><img src="data:image/png;base64,AAAA"><a href="javascript:void(0)">j</a>`,
			`<a href="https://other.org/x">o</a><a href="mailto:a@b.org">m</a><a href="tel:+44123">t</a><img src="data:image/png;base64,AAAA"><a href="javascript:void(0)">j</a>`},
		{"empty value kept", page, `<a href="">self</a>`, `<a href="">self</a>`},
		{"unparsable kept", page, `<a href="%zz">bad</a>`, `<a href="%zz">bad</a>`},
		{"white space trimmed", page,
			"<a href=\" a.html\n\">a</a>",
			`<a href="https://example.org/network/posts/x/a.html">a</a>`},
		{"entities in the value", page,
			`<a href="a?x=1&amp;y=2">a</a>`,
			`<a href="https://example.org/network/posts/x/a?x=1&amp;y=2">a</a>`},
		{"srcset candidates", page,
			`<img srcset="a-1x.png 1x, /network/img/a-2x.png 2x,https://cdn.example.com/a3.png 3x" src="a.png">`,
			`<img srcset="https://example.org/network/posts/x/a-1x.png 1x, https://example.org/network/img/a-2x.png 2x, https://cdn.example.com/a3.png 3x" src="https://example.org/network/posts/x/a.png">`},
		{"srcset widths and a URL with a comma", page,
			`<source srcset="a,b.png 480w, c.png 800w">`,
			`<source srcset="https://example.org/network/posts/x/a,b.png 480w, https://example.org/network/posts/x/c.png 800w">`},
		{"srcset without descriptors", page,
			`<img srcset="a.png, b.png">`,
			`<img srcset="https://example.org/network/posts/x/a.png, https://example.org/network/posts/x/b.png">`},
		// A URL is a run of non-space characters: without a space after
		// it, a comma is part of the URL, as browsers read it.
		{"srcset comma without a space", page,
			`<img srcset="a.png,b.png">`,
			`<img srcset="https://example.org/network/posts/x/a.png,b.png">`},
		{"srcset trailing comma ends the URL", page,
			`<img srcset="a.png, b.png,">`,
			`<img srcset="https://example.org/network/posts/x/a.png, https://example.org/network/posts/x/b.png">`},
		{"srcset already absolute kept byte for byte", page,
			`<img srcset="https://a.org/1.png 1x,https://a.org/2.png 2x">`,
			`<img srcset="https://a.org/1.png 1x,https://a.org/2.png 2x">`},
		{"video poster and source", page,
			`<video poster="p.jpg" controls><source src="v.mp4" type="video/mp4"><track src="c.vtt"></video>`,
			`<video poster="https://example.org/network/posts/x/p.jpg" controls=""><source src="https://example.org/network/posts/x/v.mp4" type="video/mp4"><track src="https://example.org/network/posts/x/c.vtt"></video>`},
		{"cite, action, formaction, object data, longdesc", page,
			`<blockquote cite="src.html">q</blockquote><form action="f"><button formaction="g">b</button></form><object data="o.svg"></object><img longdesc="d.html">`,
			`<blockquote cite="https://example.org/network/posts/x/src.html">q</blockquote><form action="https://example.org/network/posts/x/f"><button formaction="https://example.org/network/posts/x/g">b</button></form><object data="https://example.org/network/posts/x/o.svg"></object><img longdesc="https://example.org/network/posts/x/d.html">`},
		{"data on other elements is not a URL", page, `<div data="x">d</div>`, `<div data="x">d</div>`},
		{"SVG href and xlink:href", page,
			`<svg><use href="i.svg#a"/><image xlink:href="p.png"/></svg>`,
			`<svg><use href="https://example.org/network/posts/x/i.svg#a"/><image xlink:href="https://example.org/network/posts/x/p.png"/></svg>`},
		{"upper case and unquoted", page,
			`<A HREF=a.html>a</A>`,
			`<a href="https://example.org/network/posts/x/a.html">a</A>`},
		{"everything else byte for byte", page,
			"<!-- a comment href=\"x\" -->\n<p class='x'  id=y>Text &amp; more href=\"z\" &nbsp;</p><br/><hr>\n",
			"<!-- a comment href=\"x\" -->\n<p class='x'  id=y>Text &amp; more href=\"z\" &nbsp;</p><br/><hr>\n"},
		{"script and style left alone", page,
			`<script>var a = '<a href="x">';</script><style>a{background:url(b.png)}</style>`,
			`<script>var a = '<a href="x">';</script><style>a{background:url(b.png)}</style>`},
		{"attribute values re-escaped", page,
			`<a href="a.html" title='say "hi" &amp; <bye>'>a</a>`,
			`<a href="https://example.org/network/posts/x/a.html" title="say &#34;hi&#34; &amp; &lt;bye&gt;">a</a>`},
		{"noscript read as HTML", page,
			`<noscript><img src="a.png"></noscript><NOSCRIPT class=x><a href=b>b</a></NOSCRIPT>`,
			`<noscript><img src="https://example.org/network/posts/x/a.png"></noscript><NOSCRIPT class=x><a href="https://example.org/network/posts/x/b">b</a></NOSCRIPT>`},
		{"unfinished tag kept", page, `<p>a</p><a href="x`, `<p>a</p><a href="x`},
		{"empty", page, "", ""},
		{"emoji and invalid UTF-8 kept", page, "<p>🩺 \xff</p>", "<p>🩺 \xff</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := AbsoluteHTML(tt.in, mustURL(tt.base))
			if got != tt.want {
				t.Errorf("AbsoluteHTML(%q, %s)\n= %q;\nwant %q", tt.in, tt.base, got, tt.want)
			}
			if again := AbsoluteHTML(got, mustURL(tt.base)); again != got {
				t.Errorf("a second pass gives %q; want no change", again)
			}
		})
	}
}

func TestAbsoluteHTMLNoBase(t *testing.T) {
	in := `<a href="x">x</a>`
	for _, base := range []*url.URL{nil, mustURL("/network/")} {
		if got := AbsoluteHTML(in, base); got != in {
			t.Errorf("AbsoluteHTML(%q, %v) = %q; want it unchanged", in, base, got)
		}
	}
}

func TestHTMLText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<p>Short &amp; <em>sweet</em></p>", "Short & sweet"},
		{"<p>a</p><p>b</p>", "a b"},
		{"a<br>b", "a b"},
		{"<p>x<script>alert(1)</script>y</p>", "xy"},
		{"<style>p{}</style><p>t</p>", "t"},
		{"  lots \n of   space ", "lots of space"},
		{"<a href=\"x\">link</a>ed", "linked"},
		{"&lt;script&gt;", "<script>"},
		{"<noscript><p>no</p>script</noscript>", "no script"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := htmlText(tt.in); got != tt.want {
			t.Errorf("htmlText(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"tab\tnl\ncr\r", "tab\tnl\ncr\r"},
		{"a\x00b\x01c\x1bd\x1fe", "abcde"},
		{"del\x7f", "del"},
		{"c1\u0080\u0085\u009f.", "c1."},
		{"nonchar\uFFFE\uFFFF.", "nonchar."},
		{"bad\xff", "bad\uFFFD"},
		{"run\xff\xfe\xfd.", "run\uFFFD."},
		{"two\xff.\xfe", "two\uFFFD.\uFFFD"},
		{"surrogate\xed\xa0\x80.", "surrogate\uFFFD."},
		{"emoji 🩺 and \u00a0nbsp", "emoji 🩺 and \u00a0nbsp"},
		{strings.Repeat("é", 3), "ééé"},
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// ExampleAbsoluteHTML makes a post's HTML fit for a feed before it goes
// into Item.Content.
func ExampleAbsoluteHTML() {
	page, _ := url.Parse("https://example.org/network/posts/x/")
	fmt.Println(AbsoluteHTML(`<p><img src="chart.svg" srcset="chart@2x.png 2x"> <a href="/network/about/">About</a><sup><a href="#fn:1">1</a></sup></p>`, page))
	// Output:
	// <p><img src="https://example.org/network/posts/x/chart.svg" srcset="https://example.org/network/posts/x/chart@2x.png 2x"> <a href="https://example.org/network/about/">About</a><sup><a href="https://example.org/network/posts/x/#fn:1">1</a></sup></p>
}
