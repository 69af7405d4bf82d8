package check

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
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
		c, err := newChecker(Options{FS: fstest.MapFS{}, BaseURL: "https://example.org/network/", External: true})
		if err != nil {
			t.Fatal(err)
		}
		c.files = map[string]bool{"index.html": true, "posts/x/index.html": true, name: true}
		c.pages = []string{name}
		c.index = map[string]int{name: 0}
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
