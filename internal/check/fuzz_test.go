package check

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func FuzzSrcset(f *testing.F) {
	for _, s := range []string{"a.jpg 1x, b.jpg 2x", "/img/a,b.jpg 800w", "data:x,y 1x", "a (,) b, c", ",,,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, u := range srcset(s) {
			if u == "" || strings.ContainsAny(u, " \t\n\f\r") || strings.HasPrefix(u, ",") || strings.HasSuffix(u, ",") {
				t.Errorf("srcset(%q) has candidate URL %q", s, u)
			}
			if !strings.Contains(s, u) {
				t.Errorf("srcset(%q) has %q, not in the input", s, u)
			}
		}
	})
}

func FuzzLineOf(f *testing.F) {
	f.Add([]byte("a\n[x](/posts/x/)\n"), "/network/posts/x/", "/network/")
	f.Add([]byte("image: a b.jpg"), "/p/a%20b.jpg", "")
	f.Fuzz(func(t *testing.T, source []byte, link, basePath string) {
		n := LineOf(source, link, basePath)
		if n < 0 || n > bytes.Count(source, []byte("\n"))+1 {
			t.Errorf("LineOf = %d for a source of %d lines", n, bytes.Count(source, []byte("\n"))+1)
		}
	})
}

// FuzzPage scans arbitrary pages and resolves their links: no panics, and
// every report names the page and a link of it.
func FuzzPage(f *testing.F) {
	f.Add(`<a href="/network/x/#y" id=y><img srcset="a.png 1x, b.png 2x"><base href="//h/">`, "posts/x/index.html")
	f.Add(`<meta http-equiv=refresh content="0;url='webcal://example.org/network/c.ics'">`, "404.html")
	f.Add("<a href=\"javascript:x\"><a href=\"\x00%zz\"><a href=\"#nope\">", "index.html")
	f.Fuzz(func(t *testing.T, page, name string) {
		c, err := newChecker(Options{BaseURL: "https://example.org/network/", External: true})
		if err != nil {
			t.Fatal(err)
		}
		c.files = map[string]bool{"index.html": true, "posts/x/index.html": true, name: true}
		c.pages = []string{name}
		c.ids = make([]string, 1)
		r := &result{external: map[string][]use{}}
		c.scanPage(0, []byte(page), r)
		c.broken = r.broken
		c.frags = r.frags
		c.checkFragments()
		for _, b := range c.broken {
			if b.Page != name || b.Reason == "" {
				t.Errorf("got %v; want a reason for page %q", b, name)
			}
		}
	})
}

// The names scan looks up, by name, for scanReference.
var tagNamesByName, interestingByName = members(tagNames), members(interesting)

// scanReference is scan written with golang.org/x/net/html's Tokenizer,
// which scan ports: FuzzScan holds scan to it.
func scanReference(b []byte, id func(string), visit func(link)) {
	z := html.NewTokenizer(bytes.NewReader(b))
	var attrs []attr
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.StartTagToken, html.SelfClosingTagToken:
		default:
			continue
		}
		name, more := z.TagName()
		attrs = attrs[:0]
		for more {
			var k, v []byte
			k, v, more = z.TagAttr()
			if _, ok := interestingByName[string(k)]; ok {
				attrs = append(attrs, attr{string(k), string(v)})
			}
		}
		links(tagNamesByName[string(name)], attrs, id, visit)
	}
}

// scanEvents lists what a scan function reports, in order.
func scanEvents(scan func([]byte, func(string), func(link)), b []byte) []string {
	var got []string
	scan(b, func(id string) { got = append(got, "id "+id) }, func(l link) {
		got = append(got, fmt.Sprintf("%s: %q base=%v", l.attr(), l.url, l.base))
	})
	return got
}

func FuzzScan(f *testing.F) {
	for _, s := range []string{
		`<a href=" /x/ " id=top><A HREF='/Y' ID=Up>`,
		`<a href=/x/>t</a><a/href="/y"><a =href="/z"><a href = "/w" / >`,
		`<a title=">" href="/q">x</a></a title=">"><a href="/after">`,
		`<!-- <a href="/c"> --><!--><a href="/d"><!---><a href="/e"><!-- --!><a href="/f">`,
		`<!DOCTYPE html><?xml x><!x><a href="/g"></><a href="/h"></ x><a href="/i">`,
		`<script>if (a<b) x="</scrip";</script><a href="/j"><script><!--<script></script>--></script><a href="/k">`,
		`<style>a{}</STYLE ><a href="/l"><title><a href="/no"></title><textarea></textarea><a href="/m">`,
		`<noscript><a href="/no"></noscript><xmp><a href="/no"></xmp><plaintext><a href="/no">`,
		`<a href="/x?a=1&amp;b=2&copy=3&copy;&#x41;&#65">`,
		`<a href="a&#39;b&amp;c&#34;&#126;&#127;&#31;&#0039;&amp&lt;&gt;&quot;&ampx;&#;&#1234;">`,
		"<a href=\"/x\r\ny\"><img src=\"a\rb\">",
		`<img srcset="a.png 1x, b.png 2x"><meta http-equiv=refresh content="0;url=/r/"><base href="/b/">`,
		`<svg><use href="#i"/><image xlink:href="/s.svg"/></svg><a href="/unclosed"`,
		`<a href="/v" id="a`,
		"<a\x00 href=\"/n\"><\x00a href=\"/o\"><a href=\"/p\x00\">",
	} {
		f.Add([]byte(s))
	}
	for _, p := range themePages(f) {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, want := scanEvents(scan, b), scanEvents(scanReference, b)
		if !slices.Equal(got, want) {
			t.Errorf("scan(%q)\n got %q\nwant %q (x/net/html)", b, got, want)
		}
	})
}

// themePages are pages of the default theme, as a build writes them
// (copied from the build package's golden files).
func themePages(tb testing.TB) [][]byte {
	var pages [][]byte
	for _, name := range []string{"home.html", "post.html"} {
		b, err := os.ReadFile("testdata/pages/" + name)
		if err != nil {
			tb.Fatal(err)
		}
		pages = append(pages, b)
	}
	return pages
}

func BenchmarkScan(b *testing.B) {
	pages := themePages(b)
	for _, bb := range []struct {
		name string
		scan func([]byte, func(string), func(link))
	}{{"scan", scan}, {"x-net-html", scanReference}} {
		b.Run(bb.name, func(b *testing.B) {
			n := 0
			for _, p := range pages {
				n += len(p)
			}
			b.SetBytes(int64(n))
			for b.Loop() {
				for _, p := range pages {
					bb.scan(p, func(string) {}, func(link) {})
				}
			}
		})
	}
}

// FuzzResolve checks resolve's shortcuts against resolveURL's parsing of
// every link, with other sites' links resolved (as for External): without
// External, resolve only needs to tell that a link is another site's.
func FuzzResolve(f *testing.F) {
	for _, s := range []string{"/network/posts/x/", "/network/./a", "/network/a/..", "/other/", "/network", "/network/~x.y_z-1.html", "/network/a//b",
		"https://example.org/network/posts/x/", "https://example.org/other/", "https://Example.org/network/", "https://example.org:443/network/",
		"https://example.org/network/a/../b", "http://example.org/network/", "https://other.org/x", "//example.org/network/", "//other.org/x#y",
		"webcal://example.org/network/a.ics", "#main", "../x", "mailto:a@b", "https://example.org", "https://example.org/network"} {
		f.Add(s, "posts/x/index.html")
	}
	f.Fuzz(func(t *testing.T, raw, page string) {
		c, err := newChecker(Options{BaseURL: "https://example.org/network/"})
		if err != nil {
			t.Fatal(err)
		}
		ref, _ := newChecker(Options{BaseURL: "https://example.org/network/", External: true})
		c.files = map[string]bool{"index.html": true, "posts/x/index.html": true, "a.html": true}
		ref.files = c.files
		pageURL := &url.URL{Path: c.basePath + page}
		got, want := c.resolve(pageURL, raw), ref.resolveURL(pageURL, raw)
		if want.external != "" && got.external != "" {
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("resolve(%q) = %+v; parsed as a URL: %+v", raw, got, want)
		}
	})
}
