package check

import (
	"context"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

// TestCheck checks the testdata site, whose pages hold one deliberate
// fault of each kind among links that must pass.
func TestCheck(t *testing.T) {
	const notUnder = "outside the site: /posts/good/ is not under the base path /network/"
	want := []struct {
		fault string
		b     Broken
	}{
		{"relative link on the 404 page", Broken{"404.html", "css/style.css", "link href", "relative link on the 404 page, which is served for missing URLs in any folder: write it from the site root", false}},
		{"missing social image, absolute self URL", Broken{"about/index.html", "https://example.org/network/img/og.png", "meta og:image", "no such file img/og.png", false}},
		{"alias redirecting to a missing page", Broken{"gone/index.html", "/network/posts/gone/", "meta refresh", "no such file posts/gone/index.html", false}},
		{"link to a missing feed", Broken{"index.html", "/network/tags/knee/feed.xml", "link href", "no such file tags/knee/feed.xml", false}},
		{"root link without the base path", Broken{"index.html", "/posts/good/", "a href", notUnder, false}},
		{"malformed URL", Broken{"index.html", "http://[::1", "a href", "malformed URL: missing ']' in host", false}},
		{"absolute self URL to a missing page", Broken{"index.html", "http://example.org/network/missing/", "a href", "no such file missing/index.html", false}},
		{"javascript: URL", Broken{"index.html", "javascript:void(0)", "a href", "javascript: URL is not a link: use a button, or a link to a page", false}},
		{"webcal link to a missing calendar", Broken{"index.html", "webcal://example.org/network/regions/x/calendar.ics", "a href", "no such file regions/x/calendar.ics", false}},
		{"missing fragment on the same page", Broken{"posts/good/index.html", "#nope", "a href", `no element with id "nope" on this page`, false}},
		{"missing fragment on another page", Broken{"posts/good/index.html", "../../about/#missing", "a href", `no element with id "missing" on about/index.html`, false}},
		{"missing page", Broken{"posts/good/index.html", "../missing-post/", "a href", "no such file posts/missing-post/index.html", false}},
		{"missing fragment on the same page, by its URL", Broken{"posts/good/index.html", "/network/posts/good/#nope", "a href", `no element with id "nope" on this page`, false}},
		{"missing video poster", Broken{"posts/good/index.html", "/network/video/poster.jpg", "video poster", "no such file video/poster.jpg", false}},
		{"missing image", Broken{"posts/good/index.html", "missing.jpg", "img src", "no such file posts/good/missing.jpg", false}},
		{"bad srcset entry", Broken{"posts/good/index.html", "photo-2x.jpg", "img srcset", "no such file posts/good/photo-2x.jpg", false}},
	}
	got, err := checkFolder(context.Background(), os.DirFS("testdata/site"), Options{BaseURL: "https://example.org/network/"})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range want {
		t.Run(w.fault, func(t *testing.T) {
			if !slices.Contains(got, w.b) {
				t.Errorf("got no %v; want it reported", w.b)
			}
		})
	}
	for _, b := range got {
		if !slices.ContainsFunc(want, func(w struct {
			fault string
			b     Broken
		}) bool {
			return w.b == b
		}) {
			t.Errorf("got %v; want no such report", b)
		}
	}
	if !slices.IsSortedFunc(got, func(a, b Broken) int {
		return strings.Compare(a.Page+"\x00"+a.Link, b.Page+"\x00"+b.Link)
	}) {
		t.Errorf("got reports in the order %v; want them sorted by page, then link", got)
	}
}

// TestCheckBaseURL checks the same site with a baseURL that has no host:
// absolute links to example.org are then another site's, not checked.
func TestCheckBaseURL(t *testing.T) {
	tests := []struct {
		baseURL string
		link    string
		want    bool // reported
	}{
		{"https://example.org/network/", "http://example.org/network/missing/", true},
		{"/network/", "http://example.org/network/missing/", false},
		{"https://example.org/network", "http://example.org/network/missing/", true},
		{"https://example.org:8443/network/", "http://example.org/network/missing/", false},
		{"https://example.org/network/", "/posts/good/", true},
		{"/network/", "/posts/good/", true},
		{"/network/", "../missing-post/", true},
	}
	for _, tt := range tests {
		t.Run(tt.baseURL+" "+tt.link, func(t *testing.T) {
			broken, err := checkFolder(context.Background(), os.DirFS("testdata/site"), Options{BaseURL: tt.baseURL})
			if err != nil {
				t.Fatal(err)
			}
			got := slices.ContainsFunc(broken, func(b Broken) bool { return b.Link == tt.link })
			if got != tt.want {
				t.Errorf("reported %q: got %v; want %v", tt.link, got, tt.want)
			}
		})
	}
}

func TestCheckErrors(t *testing.T) {
	tests := []struct {
		name string
		fsys fs.FS
		opts Options
		want string
	}{
		{"missing folder", os.DirFS("testdata/nosuch"), Options{}, "no such file or directory"},
		{"baseURL of another scheme", os.DirFS("testdata/site"), Options{BaseURL: "ftp://example.org/"}, `baseURL "ftp://example.org/" is not an http(s) URL or a path`},
		{"baseURL without a host", os.DirFS("testdata/site"), Options{BaseURL: "https:/network/"}, "is not an http(s) URL or a path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := checkFolder(context.Background(), tt.fsys, tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %v; want one containing %q", err, tt.want)
			}
		})
	}
}

func TestCheckCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	got, err := checkFolder(ctx, os.DirFS("testdata/site"), Options{BaseURL: "https://example.org/network/"})
	if !errors.Is(err, context.Canceled) || got != nil {
		t.Errorf("got %v, %v; want nil, context.Canceled", got, err)
	}
}

// TestCheckDuplicates: a link broken the same way twice on a page is one
// report, however it is written into the page.
func TestCheckDuplicates(t *testing.T) {
	page := `<a href="/x/">x</a><a href="/x/">x again</a><img src="/x/" alt=""><a href="/y/">y</a>`
	fsys := mapFS(map[string]string{"index.html": page, "a/index.html": page})
	got, err := checkFolder(context.Background(), fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a/index.html /x/", "a/index.html /y/", "index.html /x/", "index.html /y/"}
	var links []string
	for _, b := range got {
		links = append(links, b.Page+" "+b.Link)
	}
	if !slices.Equal(links, want) {
		t.Errorf("got %q; want %q", links, want)
	}
}

// TestCheckGit: the .git folder of a Pages checkout is not part of the site.
func TestCheckGit(t *testing.T) {
	fsys := mapFS(map[string]string{
		"index.html":               `<a href="/.git/HEAD">history</a>`,
		".git/HEAD":                "ref: refs/heads/main",
		".git/hooks/index.html":    `<a href="/missing/">missing</a>`,
		".well-known/security.txt": "Contact: mailto:security@example.org",
		"about/index.html":         `<a href="/.well-known/security.txt">security</a>`,
	})
	got, err := checkFolder(context.Background(), fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Broken{{Page: "index.html", Link: "/.git/HEAD", Attr: "a href", Reason: "no such file .git/HEAD"}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v; want %v", got, want)
	}
	// Nor when publishing carries it over from the previous output.
	s, _ := NewStream(Options{}, []string{"index.html"})
	s.Page("index.html", []byte(`<a href="/.git/HEAD">history</a>`))
	s.AddFiles([]string{".git/HEAD"})
	if got, _ := s.Finish(context.Background()); !slices.Equal(got, want) {
		t.Errorf("with .git carried over: got %v; want %v", got, want)
	}
}

// TestResolve resolves links as a page of a site under /network/ sees them.
func TestResolve(t *testing.T) {
	files := []string{"index.html", "posts/x/index.html", "posts/x/a b.jpg", "posts/café/index.html",
		"feed.xml", "calendar.ics", "img/a.png", "posts/x/y", "404.html"}
	tests := []struct {
		page, link string
		want       string // "file F#frag", "external U", "skip", or the reason
	}{
		{"index.html", "/network/posts/x/", "file posts/x/index.html"},
		{"index.html", "/network/posts/x", "file posts/x/index.html"},
		{"index.html", "/network/posts/x/index.html", "file posts/x/index.html"},
		{"index.html", "/network/posts/x/y", "file posts/x/y"},
		{"index.html", "/network/", "file index.html"},
		{"index.html", "/network", "file index.html"},
		{"index.html", "/network/posts/x/#intro", "file posts/x/index.html#intro"},
		{"index.html", "/network/posts/x/#", "file posts/x/index.html#"},
		{"index.html", "/network/posts/x/?page=2#c%C3%A9", "file posts/x/index.html#c%C3%A9"},
		{"index.html", "posts/x/a%20b.jpg", "file posts/x/a b.jpg"},
		{"index.html", "posts/x/a b.jpg", "file posts/x/a b.jpg"},
		{"index.html", "/network/posts/caf%C3%A9/", "file posts/café/index.html"},
		{"index.html", "/network/posts/CAF%C3%A9/", "no such file posts/CAFé/index.html"},
		{"posts/x/index.html", "../../img/a.png", "file img/a.png"},
		{"posts/x/index.html", "../../../../img/a.png", "outside the site: /img/a.png is not under the base path /network/"},
		{"posts/x/index.html", "a%20b.jpg", "file posts/x/a b.jpg"},
		{"posts/x/index.html", "", "skip"},
		{"posts/x/index.html", "#top", "file posts/x/index.html#top"},
		{"posts/x/index.html", "?q=1", "file posts/x/index.html"},
		{"index.html", "/network/posts/z/", "no such file posts/z/index.html"},
		{"index.html", "/network/img/", "no such file img/index.html"},
		{"index.html", "/network/img", "no such file img"},
		{"index.html", "/img/a.png", "outside the site: /img/a.png is not under the base path /network/"},
		{"index.html", "/network/../img/a.png", "outside the site: /img/a.png is not under the base path /network/"},
		{"index.html", "https://example.org/network/feed.xml", "file feed.xml"},
		{"index.html", "HTTP://Example.ORG:80/network/feed.xml", "file feed.xml"},
		{"index.html", "https://example.org/network/a/../feed.xml", "file feed.xml"},
		{"index.html", "https://example.org:8443/network/feed.xml", "external https://example.org:8443/network/feed.xml"},
		{"index.html", "https://example.org/other/", "external https://example.org/other/"},
		{"index.html", "https://example.org/networks/", "external https://example.org/networks/"},
		{"index.html", "https://other.example/x#y", "external https://other.example/x"},
		{"index.html", "//example.org/network/feed.xml", "file feed.xml"},
		{"index.html", "//cdn.example/x.js", "external https://cdn.example/x.js"},
		{"index.html", "webcal://example.org/network/calendar.ics", "file calendar.ics"},
		{"index.html", "webcal://other.example/c.ics", "external https://other.example/c.ics"},
		{"index.html", "mailto:a@example.org", "skip"},
		{"index.html", "MAILTO:a@example.org", "skip"},
		{"index.html", "tel:+44", "skip"},
		{"index.html", "data:image/png;base64,AAAA", "skip"},
		{"index.html", "javascript:alert(1)", "javascript: URL is not a link: use a button, or a link to a page"},
		{"index.html", "https:no-host", "malformed URL: no host"},
		{"index.html", "/network/%zz", `malformed URL: invalid URL escape "%zz"`},
	}
	// External: the other sites' URLs as it would fetch them (without it,
	// resolve only tells that a link is another site's; FuzzResolve).
	c, err := newChecker(Options{BaseURL: "https://example.org/network/", External: true})
	if err != nil {
		t.Fatal(err)
	}
	c.files = map[string]bool{}
	for _, f := range files {
		c.files[f] = true
	}
	for _, tt := range tests {
		t.Run(tt.page+" "+tt.link, func(t *testing.T) {
			tg := c.resolve(&url.URL{Path: c.basePath + tt.page}, tt.link)
			if got := describe(c, tg); got != tt.want {
				t.Errorf("got %s; want %s", got, tt.want)
			}
		})
	}
}

func describe(c *checker, t target) string {
	switch {
	case t.reason != "":
		return t.reason
	case t.external != "":
		return "external " + t.external
	case t.missing != "":
		file, _ := c.fileFor(t.missing)
		return "no such file " + file
	case t.file == "":
		return "skip"
	case t.frag != nil:
		return "file " + t.file + "#" + *t.frag
	}
	return "file " + t.file
}

func TestHasID(t *testing.T) {
	ids := "\x00intro\x00café\x00a b\x00fn:1\x00"
	tests := []struct {
		frag    string
		want    bool // on a page with ids
		withOut bool // on a page without any
	}{
		{"intro", true, false},
		{"Intro", false, false},
		{"caf%C3%A9", true, false},
		{"café", true, false},
		{"a%20b", true, false},
		{"fn:1", true, false},
		{"fn", false, false},
		{"", true, true},
		{"top", true, true},
		{"TOP", true, true},
		{"t%6Fp", true, true},
		{"missing", false, false},
		{"%zz", false, false},
	}
	for _, tt := range tests {
		if got := hasID(ids, tt.frag); got != tt.want {
			t.Errorf("hasID(%q) = %v; want %v", tt.frag, got, tt.want)
		}
		if got := hasID("", tt.frag); got != tt.withOut {
			t.Errorf("hasID(no ids, %q) = %v; want %v", tt.frag, got, tt.withOut)
		}
	}
}

// TestScan lists the links and ids the tokenizer finds in each kind of
// element.
func TestScan(t *testing.T) {
	tests := []struct {
		html string
		want string // "id X" and "attr: url" lines, joined by "; "
	}{
		{`<a href=" /x/ " id=top>`, "id top; a href: /x/"},
		{`<a name="old">`, "id old"},
		{`<p name="notanchor" id="">`, ""},
		{`<A HREF="/X?a=1&amp;b=2">`, "a href: /X?a=1&b=2"},
		{`<area href="/m">`, "area href: /m"},
		{`<link rel="stylesheet" href="/s.css">`, "link href: /s.css"},
		{`<link rel="preconnect" href="https://f.example">`, ""},
		{`<link rel="DNS-Prefetch" href="https://f.example">`, ""},
		{`<link rel="preload" as="image" imagesrcset="/a.png 1x, /b.png 2x">`, "link imagesrcset: /a.png; link imagesrcset: /b.png"},
		{`<img src="/a.png" srcset="/a.png 1x,/b.png 2x">`, "img src: /a.png; img srcset: /a.png; img srcset: /b.png"},
		{`<source src="/v.mp4" srcset="/s.webp">`, "source src: /v.mp4; source srcset: /s.webp"},
		{`<script src="/x.js"></script><script>var a = "<a href='/no'>";</script>`, "script src: /x.js"},
		{`<iframe src="/f"></iframe><embed src="/e"><audio src="/a"></audio><track src="/t">`, "iframe src: /f; embed src: /e; audio src: /a; track src: /t"},
		{`<video src="/v" poster="/p.jpg">`, "video src: /v; video poster: /p.jpg"},
		{`<object data="/o.pdf">`, "object data: /o.pdf"},
		{`<input type="image" src="/i.png"><input type="text" src="/no">`, "input src: /i.png"},
		{`<svg><use href="#icon"/><image xlink:href="/i.svg"/></svg>`, "use href: #icon; image xlink:href: /i.svg"},
		{`<meta property="og:image" content="https://e.example/i.png">`, "meta og:image: https://e.example/i.png"},
		{`<meta name="twitter:image" content="/i.png">`, "meta twitter:image: /i.png"},
		{`<meta name="description" content="/not-a-link">`, ""},
		{`<meta http-equiv="refresh" content="0; url=/new/">`, "meta refresh: /new/"},
		{`<meta http-equiv="Refresh" content="5;URL='/new/'">`, "meta refresh: /new/"},
		{`<meta http-equiv="refresh" content="30">`, ""},
		{`<base href="/b/">`, "base href: /b/ (base)"},
		{`<!-- <a href="/commented"> --><textarea><a href="/text"></textarea>`, ""},
		{`<blockquote cite="https://e.example/"><form action="/submit">`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.html, func(t *testing.T) {
			var got []string
			scan([]byte(tt.html), func(id string) { got = append(got, "id "+id) }, func(l link) {
				s := l.attr() + ": " + l.url
				if l.base {
					s += " (base)"
				}
				got = append(got, s)
			})
			if s := strings.Join(got, "; "); s != tt.want {
				t.Errorf("got %q; want %q", s, tt.want)
			}
		})
	}
}

// TestBase: relative links resolve against a page's <base href>.
func TestBase(t *testing.T) {
	fsys := mapFS(map[string]string{
		"posts/x/index.html": `<head><base href="/network/img/"></head><img src="a.png" alt=""><img src="b.png" alt="">`,
		"img/a.png":          "png",
	})
	got, err := checkFolder(context.Background(), fsys, Options{BaseURL: "/network/"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Reason != "no such file img/b.png" {
		t.Errorf("got %v; want only b.png missing, from img/", got)
	}
}

// TestNotFoundPage: the 404 page must link from the site root, unless its
// <base> says where its relative links start.
func TestNotFoundPage(t *testing.T) {
	tests := []struct {
		page string
		want int // broken links
	}{
		{`<link rel="stylesheet" href="css/style.css"><a href="../">up</a>`, 2},
		{`<link rel="stylesheet" href="/network/css/style.css"><a href="#top">top</a><a href="?q=1">q</a>`, 0},
		{`<link rel="stylesheet" href="https://example.org/network/css/style.css"><a href="mailto:a@example.org">mail</a>`, 0},
		{`<base href="/network/"><link rel="stylesheet" href="css/style.css">`, 0},
	}
	for _, tt := range tests {
		fsys := mapFS(map[string]string{"404.html": tt.page, "index.html": "", "css/style.css": ""})
		got, err := checkFolder(context.Background(), fsys, Options{BaseURL: "https://example.org/network/"})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != tt.want {
			t.Errorf("%s: got %v; want %d broken links", tt.page, got, tt.want)
		}
	}
}

func TestSrcset(t *testing.T) {
	tests := []struct {
		srcset string
		want   []string
	}{
		{"", nil},
		{"a.jpg", []string{"a.jpg"}},
		{"a.jpg 1x, b.jpg 2x", []string{"a.jpg", "b.jpg"}},
		{" a.jpg 480w ,b.jpg 800w,\n c.jpg 1200w ", []string{"a.jpg", "b.jpg", "c.jpg"}},
		{"a.jpg,b.jpg 2x", []string{"a.jpg,b.jpg"}}, // a comma inside a URL is part of it
		{"/img/a,b.jpg 800w, /img/c.jpg 1600w", []string{"/img/a,b.jpg", "/img/c.jpg"}},
		{"data:image/png;base64,AAAA 1x, b.png 2x", []string{"data:image/png;base64,AAAA", "b.png"}},
		{"a.jpg (x, y) 1x, b.jpg", []string{"a.jpg", "b.jpg"}},
		{",,, a.jpg,,, ,b.jpg", []string{"a.jpg", "b.jpg"}},
	}
	for _, tt := range tests {
		if got := srcset(tt.srcset); !slices.Equal(got, tt.want) {
			t.Errorf("srcset(%q) = %q; want %q", tt.srcset, got, tt.want)
		}
	}
}

func TestRefreshURL(t *testing.T) {
	tests := []struct {
		content, want string
	}{
		{"0; url=/x/", "/x/"},
		{"0;URL=/x/", "/x/"},
		{"0; url = '/x/'", "/x/"},
		{`0; url="/x/`, "/x/"},
		{"0, /x/", "/x/"},
		{"0; /x/", "/x/"},
		{"5", ""},
		{"0; url=", ""},
	}
	for _, tt := range tests {
		if got, _ := refreshURL(tt.content); got != tt.want {
			t.Errorf("refreshURL(%q) = %q; want %q", tt.content, got, tt.want)
		}
	}
}

// mapFS is a site of files given as slash paths and contents.
func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

// TestStream: handing the pages over as a build makes them, in any order
// and from many goroutines, finds what reading them from the folder finds.
func TestStream(t *testing.T) {
	fsys, opts := os.DirFS("testdata/site"), Options{BaseURL: "https://example.org/network/"}
	want, err := checkFolder(context.Background(), fsys, opts)
	if err != nil {
		t.Fatal(err)
	}
	files, err := walk(fsys)
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewStream(Options{BaseURL: opts.BaseURL}, files)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for _, f := range slices.Backward(files) {
		if !IsHTML(f) {
			continue
		}
		b, err := os.ReadFile(filepath.Join("testdata/site", f))
		if err != nil {
			t.Fatal(err)
		}
		wg.Go(func() { s.Page(f, b) })
	}
	wg.Wait()
	got, err := s.Finish(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("pages handed over backwards from many goroutines found\n%v\nin order, from the folder\n%v", got, want)
	}

	// A page the build did not name is the build's mistake, not a link's.
	s, _ = NewStream(Options{}, []string{"index.html"})
	s.Page("stray/index.html", []byte(`<a href="/">home</a>`))
	if _, err := s.Finish(context.Background()); err == nil || !strings.Contains(err.Error(), "stray/index.html is not among") {
		t.Errorf("got %v; want an error naming stray/index.html", err)
	}

	// Files carried over from the previous output join after the pages:
	// links to them are not broken; links to neither are.
	s, _ = NewStream(Options{}, []string{"index.html"})
	s.Page("index.html", []byte(`<a href="/legacy/">old</a><a href="/legacy/gone.html">gone</a>`))
	s.AddFiles([]string{"legacy/index.html"})
	got, err = s.Finish(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := []Broken{{"index.html", "/legacy/gone.html", "a href", "no such file legacy/gone.html", false}}; !slices.Equal(got, want) {
		t.Errorf("got %v; want %v", got, want)
	}
}

// members lists a nameSet's names by name, as a reference for known.
func members(s *nameSet) map[string]string {
	m := map[string]string{}
	for _, n := range s.slots {
		if n != "" {
			m[n] = n
		}
	}
	return m
}

func TestKnown(t *testing.T) {
	for _, names := range []*nameSet{tagNames, interesting} {
		all := members(names)
		for n := range all {
			if got, ok := known(names, []byte(strings.ToUpper(n))); !ok || got != n {
				t.Errorf("known(%q) = %q, %v; want %q", strings.ToUpper(n), got, ok, n)
			}
		}
		for _, n := range []string{"p", "div", "li", "span", "class", "style", "hrefs", "sr", "", "a-very-long-attribute-name"} {
			if _, ok := all[n]; ok {
				continue
			}
			if got, ok := known(names, []byte(n)); ok {
				t.Errorf("known(%q) = %q; want none", n, got)
			}
		}
	}
}

// TestFragmentLinks: a link to a fragment of its own page names an id of
// the page, unless the page's <base> is another page or another site.
func TestFragmentLinks(t *testing.T) {
	tests := []struct {
		page string
		want int // broken links
	}{
		{`<a href="#here">x</a><p id="here">`, 0},
		{`<a href="#gone">x</a><p id="here">`, 1},
		{`<a href="#fn:1">x</a><p id="fn:1">`, 0},
		{`<a href="#">top</a><a href="#top">top</a>`, 0},
		{`<a href="#%zz">x</a><p id="%zz">`, 1}, // url.Parse refuses it: malformed
		{`<base href="https://other.example/"><a href="#gone">x</a>`, 0},
		{`<base href="/network/other/"><a href="#gone">x</a>`, 1},
	}
	for _, tt := range tests {
		fsys := mapFS(map[string]string{"posts/x/index.html": tt.page, "other/index.html": `<p id="elsewhere">`})
		got, err := checkFolder(context.Background(), fsys, Options{BaseURL: "https://example.org/network/"})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != tt.want {
			t.Errorf("%s: got %v; want %d broken links", tt.page, got, tt.want)
		}
	}
}
