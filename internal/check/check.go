// Package check verifies the links of a built site: that every link, image,
// stylesheet, script and media source inside the site names a file of the
// output folder, that every #fragment names an element on its page, and, when
// asked, that links to other sites answer. It reads the output pages as the
// build hands them over (Stream), so it checks what readers will get,
// whatever template or Markdown made it.
//
// # What is checked
//
// Every HTML page (*.html, *.htm) of the output is scanned once; a .git
// folder (the history of a Pages checkout) is not part of the site. These
// attributes hold links:
//
//	a, area             href
//	link                href (not for rel preconnect or dns-prefetch), imagesrcset
//	img, source         src, srcset (each candidate of a srcset on its own)
//	script, iframe,
//	embed, audio, track src
//	video               src, poster
//	object              data
//	input type=image    src
//	svg a, use, image   href, xlink:href
//	meta                content of og:image, og:url, twitter:image and the like;
//	                    the url= part of http-equiv="refresh" (alias pages)
//	base                href, against which the page's relative links resolve
//
// A link is resolved as a browser would, against the page's own URL: the
// base path (the path of the baseURL, such as /network/) followed by the
// page's output path. Feeds, calendars, the sitemap and other files are not
// read, but links to them must name a file that exists.
//
// # Which links are internal
//
// A relative link (post/, ../x.jpg, #top, ?page=2) or one written from the
// root (/network/posts/x/) is internal, and so is an absolute link to the
// site itself: same host as the baseURL (http or https, default port or
// not) and a path under its base path. A webcal:// link is checked as the
// https:// URL that a calendar application fetches.
//
// An internal link must name a file of the output folder, after
// percent-decoding (/posts/caf%C3%A9/ names posts/café/index.html). A path
// ending in a slash names the folder's index.html. A folder written without
// its trailing slash (/posts/x) is accepted when posts/x/index.html exists:
// static hosts redirect it to /posts/x/. A query string is ignored. A root
// link outside the base path (/posts/x/ on a site under /network/) is broken:
// it is the mark of a template that forgot the base path, and a link to
// another site on the same host should be written as an absolute URL.
//
// A fragment must name an element of the target page by its id, or an <a>
// by its name, matched as the HTML standard says: as written, then
// percent-decoded. An empty fragment and #top (any case) need no element:
// browsers scroll to the top. Fragments of links to files other than HTML
// pages (feed.xml#x, paper.pdf#page=2) are not checked.
//
// On the 404 page, a relative link that is not just a fragment or a query is
// broken: the host serves 404.html for every missing URL, in any folder, and
// the link resolves from there.
//
// # What is skipped or reported
//
// mailto:, tel:, sms:, data: and other schemes that name no document are
// skipped; so is a link to another site unless Options.External is set.
// A javascript: URL is reported: it is not a link, and readers of assistive
// technology and of pages without scripts cannot follow it.
//
// # Links to other sites
//
// With Options.External, every distinct http(s) URL outside the site is
// requested once, however many pages link to it and with whatever fragments
// (fragments of other sites are not checked). The request is HEAD, retried as
// GET when the HEAD fails with an error status or a connection error, because
// some servers refuse or mishandle HEAD. A link is broken when the final
// answer, after redirects, is an error status (404 Not Found), or when there
// is none (timeout, connection refused, no such host). At most
// Options.Concurrency requests are in flight at once, and at most
// Options.PerHost to any one host, so that a site linking to one host from
// every page does not hammer it.
//
// # Memory
//
// Links to another page without a fragment are checked while their page is
// scanned, then forgotten. Links with a fragment are kept (they are few) and
// checked once every page is in, against the ids of their target. The ids
// of every page are kept, as one string per page, since which pages are
// targets is known only at the end and rendering a page twice costs more
// than keeping its ids. No page is kept: Stream.Page keeps no reference to
// the bytes it is given.
package check

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"plexus/internal/textblock"
)

// Options says what to check; the zero values are the defaults.
type Options struct {
	// BaseURL is the site's baseURL, such as "https://example.org/network/"
	// or just a path ("/network/"). Its path is the base path every root
	// link must start with; its host makes absolute links to the site
	// internal. "" is "/": served from the root, no absolute link internal.
	BaseURL string
	// External also checks links to other sites (over the network).
	External bool
	// Client makes the requests to other sites; nil is http.DefaultClient,
	// which follows up to 10 redirects. Timeout applies whatever the client.
	Client *http.Client
	// Concurrency is the most requests to other sites in flight at once;
	// 0 (or less) is DefaultConcurrency.
	Concurrency int
	// PerHost is the most requests in flight to any one host; 0 (or less)
	// is DefaultPerHost.
	PerHost int
	// Timeout bounds each request to another site, redirects included;
	// 0 (or less) is DefaultTimeout.
	Timeout time.Duration
}

// Defaults for the zero values of Options.
const (
	DefaultConcurrency = 16
	DefaultPerHost     = 2
	DefaultTimeout     = 15 * time.Second
)

// Broken is a link that does not resolve.
type Broken struct {
	// Page is the output path of the page with the link, slash-separated
	// and relative to the output folder: "posts/x/index.html".
	Page string
	// Link is the URL as written in the HTML, after entity decoding and
	// without surrounding whitespace; for a srcset, the one candidate URL.
	Link string
	// Attr says where the link is, as the element and attribute:
	// "a href", "img srcset", "meta og:image", "meta refresh".
	Attr string
	// Reason says what is wrong, in plain words: "no such file
	// posts/y/index.html", "no element with id \"intro\" on
	// about/index.html", "404 Not Found", "timeout".
	Reason string
	// External reports a link to another site, which is broken only as
	// far as that site answered at the time of the check.
	External bool
}

func (b Broken) String() string {
	return fmt.Sprintf("%s: <%s> %q: %s", b.Page, b.Attr, b.Link, b.Reason)
}

// Stream checks the pages of a site as a build makes them, so that no
// page is read back from disk: the build names every file of the site
// first, then hands over each page's bytes.
type Stream struct {
	c *checker

	mu      sync.Mutex
	free    []*result // results not in use by a Page call
	results []*result // every result made
	unknown []string  // pages given to Page that files did not name
}

// NewStream starts a check of a site whose output files (slash-separated
// paths relative to the output folder, every one, HTML or not) are files.
// A .git folder among them is left out.
func NewStream(opts Options, files []string) (*Stream, error) {
	c, err := newChecker(opts)
	if err != nil {
		return nil, err
	}
	c.files = make(map[string]bool, len(files))
	for _, f := range files {
		if !ofSite(f) {
			continue
		}
		c.files[f] = true
		if IsHTML(f) {
			c.pages = append(c.pages, f)
		}
	}
	slices.Sort(c.pages)
	c.pages = slices.Compact(c.pages)
	c.ids = make([]string, len(c.pages))
	return &Stream{c: c}, nil
}

// AddFiles names files that join the site after its pages are made, as
// the files a publish carries over from the previous output do: links to
// them are not broken. Their own links are not checked (the build did not
// make them), nor fragments of them. Call it after the last Page and
// before Finish.
func (s *Stream) AddFiles(files []string) {
	for _, f := range files {
		if ofSite(f) {
			s.c.files[f] = true
		}
	}
}

// ofSite reports whether the output file f is part of the site: a .git
// folder, the history of a Pages checkout, is not.
func ofSite(f string) bool {
	return f != ".git" && !strings.HasPrefix(f, ".git/")
}

// Page checks the page at path, one of the files named to NewStream, whose
// bytes are b. It may be called from many goroutines at once, and keeps no
// reference to b.
func (s *Stream) Page(path string, b []byte) {
	i, ok := s.c.pageIndex(path)
	s.mu.Lock()
	if !ok {
		s.unknown = append(s.unknown, path)
		s.mu.Unlock()
		return
	}
	var r *result
	if n := len(s.free); n > 0 {
		r, s.free = s.free[n-1], s.free[:n-1]
	} else {
		r = &result{external: map[string][]use{}}
		s.results = append(s.results, r)
	}
	s.mu.Unlock()
	s.c.scanPage(i, b, r)
	s.mu.Lock()
	s.free = append(s.free, r)
	s.mu.Unlock()
}

// Finish checks what can be checked only once every page is in (links to
// fragments of other pages, and links to other sites when asked) and
// returns the broken links sorted by page, then link, then reason; a link
// broken the same way twice on one page is reported once. The error is
// for a page not named to NewStream, or ctx ending; a broken link is not
// an error. Pages not given to Page count as pages
// without ids or links.
func (s *Stream) Finish(ctx context.Context) ([]Broken, error) {
	c := s.c
	if len(s.unknown) > 0 {
		slices.Sort(s.unknown)
		return nil, fmt.Errorf("check: %s is not among the site's files", s.unknown[0])
	}
	var missing []use // links to a path that named no file when read
	for _, r := range s.results {
		c.broken = append(c.broken, r.broken...)
		c.frags = append(c.frags, r.frags...)
		missing = append(missing, r.missing...)
		for u, uses := range r.external {
			c.external[u] = append(c.external[u], uses...)
		}
	}
	for _, u := range missing {
		if file, ok := c.fileFor(u.target); !ok {
			c.broken = append(c.broken, Broken{Page: u.page, Link: u.link, Attr: u.attr, Reason: "no such file " + file})
		}
	}
	if c.opts.External && len(c.external) > 0 {
		if err := c.checkExternal(ctx); err != nil {
			return nil, err
		}
	}
	c.checkFragments()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	broken := c.broken
	slices.SortFunc(broken, func(a, b Broken) int {
		return cmp.Or(cmp.Compare(a.Page, b.Page), cmp.Compare(a.Link, b.Link),
			cmp.Compare(a.Reason, b.Reason), cmp.Compare(a.Attr, b.Attr))
	})
	return slices.CompactFunc(broken, func(a, b Broken) bool {
		return a.Page == b.Page && a.Link == b.Link && a.Reason == b.Reason
	}), nil
}

// checker holds one run's state. The fields set before the pages are read
// (opts through index) are only read afterwards, so the page workers share
// them without locks.
type checker struct {
	opts     Options
	basePath string   // decoded, starting and ending with "/"
	self     *url.URL // scheme and host of the site, nil when BaseURL has none
	origin   string   // self as BaseURL writes it, "https://example.org"; "" without self

	files map[string]bool // every output file, slash-separated
	pages []string        // the HTML pages, sorted: a page's index is found by binary search, without a second map of every page

	// ids[i] is written by the one worker reading page i; the rest is
	// merged from the workers' results by Finish.
	ids      []string // the ids of pages[i] as "\x00id\x00id\x00", or ""
	broken   []Broken
	frags    []use            // links to a fragment of another page
	external map[string][]use // links to other sites, by URL without fragment
}

// use is one link of a page that is checked after every page is read.
type use struct {
	page, link, attr string
	target, frag     string // for fragments: the target page and the raw fragment
}

func newChecker(opts Options) (*checker, error) {
	c := &checker{opts: opts, basePath: "/", external: map[string][]use{}}
	if opts.BaseURL != "" {
		u, err := url.Parse(opts.BaseURL)
		if err != nil || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https") || (u.Scheme != "") != (u.Host != "") {
			return nil, fmt.Errorf("check: baseURL %q is not an http(s) URL or a path", opts.BaseURL)
		}
		if u.Host != "" {
			c.self = &url.URL{Scheme: u.Scheme, Host: u.Host}
			c.origin = u.Scheme + "://" + u.Host
		}
		c.basePath = "/" + strings.Trim(u.Path, "/") + "/"
		if c.basePath == "//" {
			c.basePath = "/"
		}
	}
	return c, nil
}

// IsHTML reports whether the file name is a page, whose links are checked.
func IsHTML(name string) bool {
	return strings.HasSuffix(name, ".html") || strings.HasSuffix(name, ".htm")
}

// maxResolved bounds each result's cache of resolved links.
const maxResolved = 1024

// result is what one worker found on its pages.
type result struct {
	// resolved caches the targets of links that mean the same on every
	// page (written from the site root, or absolute): the header's and
	// footer's links are on every page of a site. It holds at most
	// maxResolved: those come first, and a link to one post, found on a
	// few lists, is not worth keeping while the site renders.
	resolved map[string]target
	broken   []Broken
	frags    []use
	missing  []use // links to a file not (yet) among the site's
	external map[string][]use

	ids []byte // the page being scanned's ids, as they are found
	// text keeps each page's ids: as a string each, the ids of a large
	// site's pages were 115,000 objects for the collector to mark while
	// the site rendered.
	text textblock.Blocks
}

// scanPage records the ids of page i, whose bytes are b, checks its links
// that can be checked at once and keeps the others in r.
func (c *checker) scanPage(i int, b []byte, r *result) {
	page := c.pages[i]
	pageURL := &url.URL{Path: c.basePath + page}
	var (
		// Links to a fragment of this page, checked once all its ids are
		// known; not kept to Finish with the others, since nearly every
		// page has some (a skip link, a table of contents).
		same []use
	)
	report := func(url, attr, reason string) {
		// Finish reports a link broken the same way twice on a page once.
		r.broken = append(r.broken, Broken{Page: page, Link: url, Attr: attr, Reason: reason})
	}
	based := false
	visit := func(l link) {
		if l.base {
			if u, err := url.Parse(l.url); err == nil {
				pageURL = pageURL.ResolveReference(u)
				based = true
			}
			return
		}
		if page == notFoundPage && !based && pathRelative(l.url) {
			report(l.url, l.attr(), "relative link on the 404 page, which is served for missing URLs in any folder: write it from the site root")
			return
		}
		var t target
		if rooted := !based && (strings.HasPrefix(l.url, "/") && !strings.HasPrefix(l.url, "//") ||
			strings.HasPrefix(l.url, "https://") || strings.HasPrefix(l.url, "http://")); rooted {
			if r.resolved == nil {
				r.resolved = map[string]target{}
			}
			var ok bool
			if t, ok = r.resolved[l.url]; !ok {
				t = c.resolve(pageURL, l.url)
				if len(r.resolved) < maxResolved {
					r.resolved[l.url] = t
				}
			}
		} else {
			t = c.resolve(pageURL, l.url)
		}
		switch {
		case t.reason != "":
			report(l.url, l.attr(), t.reason)
		case t.missing != "":
			// Judged in Finish: a file carried over from the previous
			// output may yet name it (Stream.AddFiles).
			r.missing = append(r.missing, use{page: page, link: l.url, attr: l.attr(), target: t.missing})
		case t.external != "":
			if c.opts.External {
				r.external[t.external] = append(r.external[t.external], use{page: page, link: l.url, attr: l.attr()})
			}
		case t.file == "" || t.frag == nil:
			// Nothing to check, or nothing more.
		case t.file == page:
			same = append(same, use{link: l.url, attr: l.attr(), frag: *t.frag})
		case IsHTML(t.file):
			r.frags = append(r.frags, use{page: page, link: l.url, attr: l.attr(), target: t.file, frag: *t.frag})
		}
	}
	r.ids = r.ids[:0]
	scan(b, func(id string) {
		if len(r.ids) == 0 {
			r.ids = append(r.ids, 0)
		}
		r.ids = append(append(r.ids, id...), 0)
	}, visit)
	c.ids[i] = r.text.Bytes(r.ids)
	for _, u := range same {
		if !hasID(c.ids[i], u.frag) {
			report(u.link, u.attr, fmt.Sprintf("no element with id %q on this page", fragmentName(u.frag)))
		}
	}
}

// pageIndex is the index of the page path in pages.
func (c *checker) pageIndex(path string) (int, bool) {
	return slices.BinarySearch(c.pages, path)
}

// checkFragments checks the links to a fragment of another page.
func (c *checker) checkFragments() {
	for _, u := range c.frags {
		i, ok := c.pageIndex(u.target)
		if ok && !hasID(c.ids[i], u.frag) {
			c.broken = append(c.broken, Broken{Page: u.page, Link: u.link, Attr: u.attr,
				Reason: fmt.Sprintf("no element with id %q on %s", fragmentName(u.frag), u.target)})
		}
	}
}

// hasID reports whether the fragment frag, as written after the "#",
// names an element in ids, following the HTML standard's steps for finding
// the indicated part of a document.
func hasID(ids, frag string) bool {
	if frag == "" || strings.Contains(ids, "\x00"+frag+"\x00") {
		return true
	}
	decoded := fragmentName(frag)
	return strings.Contains(ids, "\x00"+decoded+"\x00") || strings.EqualFold(decoded, "top")
}

// fragmentName is a fragment percent-decoded, as the id it should match.
func fragmentName(frag string) string {
	if d, err := url.PathUnescape(frag); err == nil {
		return d
	}
	return frag
}

// target is where a link leads: a file of the site (with the fragment, if
// the link has one), another site, nothing to check, or a reason it is broken.
type target struct {
	file     string
	frag     *string
	external string
	reason   string
	missing  string // a path under the base path that names no file yet
}

// notFoundPage is the page static hosts serve for a missing URL.
const notFoundPage = "404.html"

// pathRelative reports whether raw is a link relative to the page's folder,
// such as css/style.css or ../x/, and not to the site root, the page itself
// (#x, ?q) or another site.
func pathRelative(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && u.Scheme == "" && u.Host == "" && u.Path != "" && !strings.HasPrefix(u.Path, "/")
}

// resolve resolves the link raw, found on a page whose URL is pageURL.
// Links from the site root, and the site's own absolute URLs (a canonical
// link, a feed's), are most of a site's; when they are clean paths it
// finds what resolveURL would, without parsing them.
func (c *checker) resolve(pageURL *url.URL, raw string) target {
	if cleanPath(raw) {
		return c.inSite(raw, nil)
	}
	if frag, ok := strings.CutPrefix(raw, "#"); ok && plainFragment(frag) &&
		pageURL.Scheme == "" && pageURL.Host == "" && cleanPath(pageURL.Path) {
		// A fragment of the page itself (not of a <base> elsewhere): the
		// skip link and the table of contents of nearly every page.
		return c.inSite(pageURL.Path, &frag)
	}
	if c.origin != "" && strings.HasPrefix(raw, c.origin) {
		if p := raw[len(c.origin):]; cleanPath(p) {
			if _, ok := c.underBase(p); ok {
				return c.inSite(p, nil)
			}
		}
	}
	return c.resolveURL(pageURL, raw)
}

// plainFragment reports whether a fragment is of letters, digits and
// "-_.:~" alone, which url.Parse takes as they are: others (a "%", a space)
// go through resolve.
func plainFragment(f string) bool { return onlyOf(f, "-_.:~") }

// cleanPath reports whether raw is a path from the site root that resolves
// to itself: letters, digits, "-", "_", ".", "~" and single slashes, and
// no dot segments.
func cleanPath(raw string) bool {
	if raw == "" || raw[0] != '/' || strings.Contains(raw, "//") || !onlyOf(raw, "-_.~/") {
		return false
	}
	return !strings.Contains(raw, "/./") && !strings.Contains(raw, "/../") &&
		!strings.HasSuffix(raw, "/.") && !strings.HasSuffix(raw, "/..")
}

// onlyOf reports whether s is of ASCII letters, digits and the bytes of
// also alone.
func onlyOf(s, also string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') && strings.IndexByte(also, c) < 0 {
			return false
		}
	}
	return true
}

// resolveURL is resolve for any link.
func (c *checker) resolveURL(pageURL *url.URL, raw string) target {
	if raw == "" {
		return target{} // the page itself
	}
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return target{reason: "malformed URL: " + err.Error()}
	}
	var frag *string
	if i := strings.IndexByte(raw, '#'); i >= 0 {
		f := raw[i+1:]
		frag = &f
	}
	switch strings.ToLower(u.Scheme) {
	case "":
		if u.Host != "" { // protocol-relative: //host/path
			u.Scheme = "https"
			if c.self != nil {
				u.Scheme = c.self.Scheme
			}
		}
	case "http", "https":
	case "webcal":
		u.Scheme = "https"
	case "javascript":
		return target{reason: "javascript: URL is not a link: use a button, or a link to a page"}
	default:
		return target{} // mailto:, tel:, data: and the like name no document
	}
	if u.Host != "" && !c.opts.External && (c.self == nil || !strings.EqualFold(u.Hostname(), c.self.Hostname())) {
		// Another site's, and not checked: no need to resolve it.
		return target{external: raw}
	}
	abs := pageURL.ResolveReference(u) // also removes dot segments from absolute URLs
	if abs.IsAbs() && !c.isSelf(abs) {
		if abs.Host == "" {
			return target{reason: "malformed URL: no host"}
		}
		ext := *abs
		ext.Fragment, ext.RawFragment = "", ""
		return target{external: ext.String()}
	}
	return c.inSite(abs.Path, frag)
}

// inSite is the target of a link to the decoded path p of the site's host.
func (c *checker) inSite(p string, frag *string) target {
	rel, ok := c.underBase(p)
	if !ok {
		return target{reason: fmt.Sprintf("outside the site: %s is not under the base path %s", p, c.basePath)}
	}
	file, ok := c.fileFor(rel)
	if !ok {
		return target{missing: rel}
	}
	return target{file: file, frag: frag}
}

// fileFor returns the file a decoded path under the base path names, and
// whether the site has it; when not, the file it should be.
func (c *checker) fileFor(rel string) (string, bool) {
	switch {
	case rel == "" || strings.HasSuffix(rel, "/"):
		rel += "index.html"
	case c.files[rel]:
	case c.files[rel+"/index.html"]:
		rel += "/index.html" // a folder without its slash: the host redirects
	}
	return rel, c.files[rel]
}

// isSelf reports whether the absolute URL u is a URL of the site: on its
// host and under its base path. Another path of the same host may be
// another site.
func (c *checker) isSelf(u *url.URL) bool {
	if c.self == nil || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	_, under := c.underBase(u.Path)
	return under && strings.EqualFold(u.Hostname(), c.self.Hostname()) && port(u) == port(c.self)
}

// underBase returns the part of the decoded URL path p after the base
// path, if p is under it.
func (c *checker) underBase(p string) (rel string, ok bool) {
	switch {
	case strings.HasPrefix(p, c.basePath):
		return p[len(c.basePath):], true
	case p+"/" == c.basePath:
		return "", true // /network for /network/: the host redirects
	}
	return "", false
}

// port is the port of an http(s) URL, "" for the scheme's default: a site
// served over https usually answers on http too, to redirect.
func port(u *url.URL) string {
	switch p := u.Port(); {
	case u.Scheme == "http" && p == "80", u.Scheme == "https" && p == "443":
		return ""
	default:
		return p
	}
}
