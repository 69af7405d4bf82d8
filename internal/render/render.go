// Package render turns the site graph into HTML files with html/template.
// It writes nothing itself: each finished file goes to the caller's emit
// function as it is made, so a large site is never held in memory whole.
//
// # Templates and lookup
//
// Templates are the site's layouts/ folder over the default theme's,
// file by file: a site's layouts/posts/single.html replaces the theme's and
// every other theme file stays. A template is named by its path under
// layouts/, and errors name it so: "layouts/posts/single.html:7: …".
//
// Each layout is parsed together with _default/baseof.html and every file
// in partials/. A layout that defines "main" is rendered through baseof.html,
// which calls {{block "main" .}} (and may call "title" and others); a layout
// that defines no "main" is a whole page by itself. Partials are called with
// {{template "partials/header.html" .}}.
//
// html/template escapes a layout when it first renders a page with it;
// the renderer then compiles the escaped layout (package compiled) and
// renders the rest of its pages with that, for the same output in a
// fraction of the time. What compiled templates do not run is left to
// html/template (Renderer.Uncompiled names the layouts it rendered).
//
// The layout for a page is the first that exists of:
//
//	home page        index.html, _default/list.html
//	section          <section>/list.html, _default/list.html
//	                 (/posts/, /events/, /authors/ and their pager pages)
//	taxonomy         <section>/taxonomy.html, _default/taxonomy.html,
//	                 _default/list.html (/regions/, /tags/, /series/)
//	term             <section>/term.html, _default/term.html,
//	                 _default/list.html (/regions/london/, /tags/back-pain/,
//	                 /series/msk-transformation/ and their pager pages)
//	content page     <section>/single.html, _default/single.html
//	                 (posts, events, author pages and their pager pages,
//	                 plain pages)
//	404 page         404.html, _default/single.html
//
// The section of a taxonomy or term page is its taxonomy: regions, tags or
// series. So regions/term.html lays out a region's page, and
// _default/term.html a tag's page when there is no tags/term.html.
//
// # Data
//
// Every template receives the page, a *site.Page: its fields (.Kind,
// .Title, .Date, .Summary, .Author, .Regions, .Tags, .Series, .SeriesPart,
// .Related, .Event, .Profile, .Pages, .Pager, .Region, .Tag, .Permalink,
// .RelPermalink, .Params …), .Site (site.Site: .Title, .Description,
// .Menus, .Regions, .Tags, .Series, .Posts, .Upcoming, .Past, .Authors,
// .Params, .Now …) and .Content, the page's rendered Markdown. Every page
// in a list is the same kind of value, so .Content and .Site work on the
// pages of .Pages too. (The page itself, not a wrapper around it, is dot:
// html/template looks fields up by name on every use, and a field found
// through an embedded struct costs ten times one found directly.)
//
// Lists are computed once, in the site graph, so that no template needs to
// scan the whole site for each page: a region's or tag's posts and events
// are .Region.Posts, .Region.Upcoming and .Region.Past (.Tag.… alike), an
// author's are .Profile.Posts …, a post's series is .Series with its
// .Parts, and .SeriesPrev and .SeriesNext are the neighbouring parts. On a
// region's, tag's or author's page, .Pages is this pager page's share of
// each of the upcoming events, the posts and the past events, in that
// order (page 2 has the second ten of each, when the page size is ten); on
// a series' page, its parts. On a taxonomy page, .Pages are the term
// pages, each with its .Region, .Tag or .Series.
//
// # Functions
//
//	relURL "css/x.css"          the path under the site's base path
//	asset "css/style.css"       a static file's URL: a stylesheet's or script's
//	                            fingerprinted one, "/css/style.1a2b3c4d5e.css"
//	absURL "x"                  the same as a full URL
//	dateFormat "2 Jan 2006" t   a time in the site's timezone, Go layout
//	isoDate t                   RFC 3339, for <time datetime>
//	eventWhen .Event            "Tuesday 3 December 2026, 14:00–15:30 GMT"
//	markdownify "*text*"        inline Markdown to HTML
//	truncate 140 "text"         at most n characters, cut at a word, with "…"
//	plural 3 "post" "posts"     "3 posts"; "1 post"
//	urlize "Back Pain"          "back-pain"
//	safeHTML "<b>x</b>"         trust a string as HTML (only for trusted text)
//	first 5 pages               the first n pages
//	dict "Page" . "Level" 3     a map, to pass several values to a partial
//	partialCached "partials/x.html" .
//	                            a partial rendered once per page and reused
//	                            (while the cache holds it: see partialCache),
//	                            for cards listed on many pages; its output
//	                            must depend on the page alone
//	where pages "Region" "x"    pages with a field equal to a value: Kind,
//	                            Section, Slug, Author (key or name), Region,
//	                            Tag (key, any of the page's) and Series (key)
//	sortBy pages "Title"        a sorted copy: Title, Date (newest first), Start
//	reverse pages               a reversed copy
package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"plexus/internal/diag"
	"plexus/internal/feed"
	"plexus/internal/markdown"
	"plexus/internal/site"
)

// Dir is the layouts folder's name in a site folder and in the theme.
const Dir = "layouts"

// Options configures a Renderer.
type Options struct {
	// Site is the site to render.
	Site *site.Site
	// Theme holds the default theme's layouts; Layouts the site's own
	// (nil for none). Both are rooted at their layouts folder.
	Theme, Layouts fs.FS
	// Markdown renders markdownify's input.
	Markdown *markdown.Converter
	// SkipRobots leaves robots.txt to the site, which has its own.
	SkipRobots bool
	// Asset maps a static file's path ("css/style.css") to the path it
	// is published at ("css/style.1a2b3c4d5e.css"), reporting false for
	// no such file, for the asset function; nil takes every path as it is.
	Asset func(name string) (string, bool)
	// Workers is how many pages Render renders at once; 0 is one per
	// core. plexus serve leaves a core free for the browser's requests.
	Workers int
	// Uncompiled renders every page with html/template alone, without
	// compiling its layouts (package compiled): for tests that compare
	// the two.
	Uncompiled bool
	// MinifyLayout, when set, minifies each layout's text before it is
	// parsed, so that pages come out minified (publish.MinifyLayout). A
	// layout it cannot minify is used as it is, and all of them when a
	// minified one does not parse. Errors name lines of the layouts as
	// they are written.
	MinifyLayout func(text string) (string, error)
}

// Renderer holds the parsed templates; it is made once per build.
type Renderer struct {
	opts      Options
	run       *layouts          // the layouts pages render with
	texts     map[string]string // the layouts as written, when run's are minified; else nil
	plain     *layouts          // texts parsed, for errors' lines: plainLayouts
	plainOnce sync.Once
	sources   map[string]string // template name → its path, for errors
	theme     map[string]bool   // template names that come from the default theme

	nowUse NowUse // how the templates read .Now

	lastOnce sync.Once
	last     time.Time // the site's last change, for empty feeds

	cached partialCache

	pathsOnce   sync.Once
	pagePaths   []string // the output path of each page
	outputsOnce sync.Once
	outputs     map[string]int // output path → index in pages then feeds, or sitemapFile, robotsFile; for File and Makes
}

// bigFile is the size past which a worker's buffer is let go of once its
// file is out, rather than kept for the next: a page is some tens of
// kilobytes, while the calendar of every event of a 100,000-post site is
// 14 MB, and its buffer grew to twice that.
const bigFile = 4 << 20

// Outputs that are neither a page nor a feed.
const (
	sitemapFile = -1 - iota
	robotsFile
)

// partialCached renders a partial of ls for a page once and reuses the
// HTML while the cache holds it: a post's card is on the posts list, the
// home page, its regions', tags' and author's pages. Only for partials
// whose output depends on the page alone, not on where it is shown. The
// plain layouts, when pages render through minified ones, render it
// afresh: they only render a page again to find an error's line.
func (r *Renderer) partialCached(ls *layouts, name string, p *site.Page) (template.HTML, error) {
	// The cache first: every card of every list asks, most find it there.
	// A name with no template never gets into it.
	var cache *pageCache
	if ls == r.run {
		cache = r.cached.of(name)
		if html, ok := cache.load(p); ok {
			return html, nil
		}
	}
	e := ls.partial(name)
	if e == nil {
		return "", fmt.Errorf("partialCached: no template %q", name)
	}
	var b bytes.Buffer
	if err := ls.execute(e, &b, p); err != nil {
		return "", err
	}
	html := template.HTML(b.String())
	if cache != nil {
		r.cached.store(cache, p, html)
	}
	return html, nil
}

// baseof is the skeleton layout every "main"-defining layout renders through.
const baseof = "_default/baseof.html"

// New reads and parses every template once for the site in opts. Pages'
// bodies (.Content) are read through the site's Bodies.
func New(opts Options) (*Renderer, error) {
	r := &Renderer{}
	r.cached.budget = heldBytes
	r.opts, r.sources, r.theme = opts, map[string]string{}, map[string]bool{}
	files := map[string]fs.FS{}
	for _, layer := range []struct {
		fsys  fs.FS
		theme bool
	}{{opts.Theme, true}, {opts.Layouts, false}} {
		if layer.fsys == nil {
			continue
		}
		err := fs.WalkDir(layer.fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && p == "." {
					return fs.SkipAll
				}
				return err
			}
			if !d.IsDir() && strings.HasSuffix(p, ".html") && !strings.HasPrefix(path.Base(p), ".") {
				files[p] = layer.fsys
				r.sources[p] = Dir + "/" + p
				r.theme[p] = layer.theme
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	texts := map[string]string{}
	for name, fsys := range files {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		for _, m := range readsNow.FindAllSubmatch(b, -1) {
			r.nowUse = max(r.nowUse, NowYear)
			if len(m[1]) == 0 {
				r.nowUse = NowAny
			}
		}
		texts[name] = string(b)
	}
	plain, err := r.parse(texts)
	if err != nil || opts.MinifyLayout == nil {
		r.run = plain
		return r, err
	}
	small := map[string]string{}
	for name, text := range texts {
		small[name] = text
		if s, err := opts.MinifyLayout(text); err == nil {
			small[name] = s
		}
	}
	if r.run, err = r.parse(small); err != nil {
		r.run = plain // a minified layout does not parse: render as written
		return r, nil
	}
	// The layouts as written are parsed again when a page fails, to name
	// the line of the error: their trees are not kept for every page.
	r.texts = texts
	return r, nil
}

// plainLayouts returns the layouts as written, when pages render with
// minified ones, for errors' lines; nil when pages render as written.
func (r *Renderer) plainLayouts() *layouts {
	if r.texts == nil {
		return nil
	}
	r.plainOnce.Do(func() {
		r.plain, _ = r.parse(r.texts)
		r.plain.compile = false // they render a page only to find its error
	})
	return r.plain
}

// parse parses the layouts' texts, by name: each layout with baseof and
// the partials.
func (r *Renderer) parse(texts map[string]string) (*layouts, error) {
	fm := funcs(r.opts.Site, r.opts.Markdown, r.opts.Asset)
	ls := &layouts{sets: map[string]*entry{}, partials: map[string]*entry{}, funcs: fm, compile: !r.opts.Uncompiled}
	// partialCached takes any value, and refuses all but a page itself,
	// so that compiled templates call it directly (compiled.callDirectly).
	fm["partialCached"] = func(name string, v any) (template.HTML, error) {
		p, ok := v.(*site.Page)
		if !ok || p == nil {
			return "", fmt.Errorf("partialCached %q: the second argument must be a page, not %T", name, v)
		}
		return r.partialCached(ls, name, p)
	}
	base := template.New("").Funcs(fm)
	var names []string
	for _, name := range slices.Sorted(maps.Keys(texts)) {
		if name != baseof && !strings.HasPrefix(name, "partials/") {
			names = append(names, name)
			continue
		}
		if _, err := base.New(name).Parse(texts[name]); err != nil {
			return nil, r.templateError(err, "")
		}
	}
	var errs diag.List
	for _, name := range names {
		text := texts[name]
		set, err := base.Clone()
		if err == nil {
			_, err = set.New(name).Parse(text)
		}
		if err != nil {
			errs.Add(r.templateError(err, ""))
			continue
		}
		top := name
		if defineMain.MatchString(text) {
			if set.Lookup(baseof) == nil {
				errs.Add(diag.Errorf(r.sources[name], 1, "defines \"main\" but there is no layouts/%s to render it through", baseof))
				continue
			}
			top = baseof
		}
		ls.sets[name] = &entry{set: set.Lookup(top)}
	}
	// base itself is not executed: partialCached executes each partial in
	// a clone of its own (layouts.partial).
	ls.base = base
	return ls, errs.Err()
}

var defineMain = regexp.MustCompile(`{{-?\s*define\s+"main"`)

// readsNow finds a template's uses of .Now (.Site.Now, $s.Now …), and
// whether each is of its year alone.
var readsNow = regexp.MustCompile(`\.Now\b(\.Year\b)?`)

// NowUse says how a site's output depends on the build's time beyond what
// the site graph makes of it (which pages are published, which events are
// upcoming).
type NowUse int

const (
	NowNone NowUse = iota // not at all
	NowYear               // templates show the year (a copyright line)
	NowAny                // templates read the time otherwise, or an empty feed is dated by it
)

// NowUse reports how the output depends on the build's time.
func (r *Renderer) NowUse() NowUse {
	if r.lastChange().Equal(r.opts.Site.Now) {
		for _, f := range r.opts.Site.Feeds {
			if len(f.Items) == 0 && f.Format != site.ICal {
				return NowAny // an empty feed of a site without dates
			}
		}
	}
	return r.nowUse
}

// lastChange is the latest date or update of the site's pages, or, for a
// site without any, the build's now.
func (r *Renderer) lastChange() time.Time {
	r.lastOnce.Do(func() {
		s := r.opts.Site
		for _, p := range s.Pages {
			if t := p.Lastmod(); !p.IsList() && t.After(r.last) {
				r.last = t
			}
		}
		if r.last.IsZero() {
			r.last = s.Now
		}
	})
	return r.last
}

// Layout returns the name of the layout a page renders with, or "" when
// there is none.
func (r *Renderer) Layout(p *site.Page) string {
	for _, name := range candidates(p) {
		if _, ok := r.run.sets[name]; ok {
			return name
		}
	}
	return ""
}

func candidates(p *site.Page) []string {
	switch p.Kind {
	case site.KindHome:
		return []string{"index.html", "_default/list.html"}
	case site.KindSection:
		return []string{p.Section + "/list.html", "_default/list.html"}
	case site.KindTaxonomy:
		return []string{p.Section + "/taxonomy.html", "_default/taxonomy.html", "_default/list.html"}
	case site.KindTerm:
		return []string{p.Section + "/term.html", "_default/term.html", "_default/list.html"}
	case site.KindNotFound:
		return []string{"404.html", "_default/single.html"}
	}
	if p.Section != "" {
		return []string{p.Section + "/single.html", "_default/single.html"}
	}
	return []string{"_default/single.html"}
}

// OutputPath is where a page's HTML goes, relative to the output folder:
// "/posts/x/" is "posts/x/index.html".
func OutputPath(p *site.Page) string {
	out := strings.TrimPrefix(p.Path, "/")
	if out == "" || strings.HasSuffix(out, "/") {
		out += "index.html"
	}
	return out
}

// Render renders every page, feed and calendar of the site on every core,
// then the sitemap and robots.txt, and calls emit with each file's output
// path and bytes. emit is called concurrently; the bytes are reused once emit returns, so emit
// must write or copy them. Render reports the errors of every page that
// failed.
func (r *Renderer) Render(ctx context.Context, emit func(path string, data []byte) error) error {
	s := r.opts.Site
	for _, p := range s.Pages {
		if r.Layout(p) == "" {
			return diag.Errorf(p.File, 0, "no layout for this %s page: add one of %s", p.Kind, layoutList(candidates(p)))
		}
	}
	var (
		next  atomic.Int64
		mu    sync.Mutex
		errs  diag.List
		wg    sync.WaitGroup
		fatal atomic.Bool
	)
	jobs := len(s.Pages) + len(s.Feeds)
	// Emit each page's path as paths made it: the publisher and the link
	// check keep the paths they are given, and one copy of each is enough.
	r.paths()
	order := renderOrder(s.Pages)
	// The sitemap and robots.txt are made beside the pages, not after
	// them: a large site's sitemap is a few seconds' work of one core.
	extras := make(chan error, 1)
	go func() { extras <- r.extras(emit) }()
	workers := r.opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	for range workers {
		wg.Go(func() {
			var buf bytes.Buffer
			for !fatal.Load() {
				i := int(next.Add(1) - 1)
				if i >= jobs || ctx.Err() != nil {
					return
				}
				if buf.Cap() > bigFile {
					// A site's calendar of every event: not kept for the
					// pages after it, which are all smaller.
					buf = bytes.Buffer{}
				}
				buf.Reset()
				var out string
				var err error
				if i < len(s.Pages) {
					i = order[i]
					out = r.pagePaths[i]
					err = r.Page(&buf, s.Pages[i])
				} else {
					f := s.Feeds[i-len(s.Pages)]
					out, err = strings.TrimPrefix(f.Path, "/"), r.feedFile(&buf, f)
				}
				if err == nil {
					if err = emit(out, buf.Bytes()); err != nil {
						fatal.Store(true) // the output cannot be written: stop
					}
				}
				if err != nil {
					mu.Lock()
					errs.Add(err)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	extrasErr := <-extras
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := errs.Err(); err != nil {
		return err
	}
	return extrasErr
}

// extras emits the sitemap and robots.txt, for a site whose links can be
// absolute.
func (r *Renderer) extras(emit func(path string, data []byte) error) error {
	s := r.opts.Site
	if !s.Absolute() {
		return nil // a sitemap's and robots.txt's links must be absolute
	}
	if err := r.sitemaps(emit); err != nil {
		return err
	}
	if r.opts.SkipRobots {
		return nil
	}
	var buf bytes.Buffer
	if err := feed.Robots(&buf, s.AbsURL("/sitemap.xml")); err != nil {
		return err
	}
	return emit("robots.txt", buf.Bytes())
}

// renderOrder is the order Render renders pages in, as indexes of pages:
// the pages that list posts or events (the home page, the lists and their
// pager pages, author pages) by the newest of what they list, newest
// first, and then the others, each group in its own order. The lists that
// show a post's card then show it within a short time of each other, while
// the cache holds it (partialCache).
func renderOrder(pages []*site.Page) []int {
	order := make([]int, len(pages))
	newest := make([]time.Time, len(pages))
	for i, p := range pages {
		order[i] = i
		for _, q := range p.Pages {
			if t := site.PublishedAt(q); t.After(newest[i]) {
				newest[i] = t
			}
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return newest[b].Compare(newest[a]) })
	return order
}

// Forget drops what the renderer remembers of pages between renders (the
// partials of partialCached), after the caller changed a page in place.
func (r *Renderer) Forget() { r.cached.clear() }

// Outputs lists the path of every file Render makes.
func (r *Renderer) Outputs() []string {
	s := r.opts.Site
	out := make([]string, 0, len(s.Pages)+len(s.Feeds)+2)
	r.eachOutput(func(path string, _ int) { out = append(out, path) })
	return out
}

// eachOutput calls f with the path of every file Render makes and what
// makes it: an index in the site's pages then its feeds, or sitemapFile
// or robotsFile.
func (r *Renderer) eachOutput(f func(path string, what int)) {
	s := r.opts.Site
	for i, p := range r.paths() {
		f(p, i)
	}
	for i, fd := range s.Feeds {
		f(strings.TrimPrefix(fd.Path, "/"), len(s.Pages)+i)
	}
	if !s.Absolute() {
		return // a sitemap's and robots.txt's links must be absolute
	}
	for _, name := range sitemapNames(s) {
		f(name, sitemapFile)
	}
	if !r.opts.SkipRobots {
		f("robots.txt", robotsFile)
	}
}

// paths is the output path of each page, made once.
func (r *Renderer) paths() []string {
	r.pathsOnce.Do(func() {
		// Parts of one string, not a string a page: 160,000 objects less
		// for the collector to mark while a 100,000-post site renders.
		pages := r.opts.Site.Pages
		n := 0
		for _, p := range pages {
			n += len(p.Path) + len("index.html")
		}
		var b strings.Builder
		b.Grow(n)
		ends := make([]int, len(pages))
		for i, p := range pages {
			b.WriteString(OutputPath(p))
			ends[i] = b.Len()
		}
		all, start := b.String(), 0
		r.pagePaths = make([]string, len(pages))
		for i, end := range ends {
			r.pagePaths[i], start = all[start:end], end
		}
	})
	return r.pagePaths
}

// outputIndex maps each output path to what makes it (see eachOutput).
// Only the preview server's File and Makes need it: a build renders every
// file in turn, without a map of them all.
func (r *Renderer) outputIndex() map[string]int {
	r.outputsOnce.Do(func() {
		s := r.opts.Site
		r.outputs = make(map[string]int, len(s.Pages)+len(s.Feeds)+2)
		r.eachOutput(func(path string, what int) { r.outputs[path] = what })
	})
	return r.outputs
}

// Makes reports whether Render makes a file at path.
func (r *Renderer) Makes(path string) bool {
	_, ok := r.outputIndex()[path]
	return ok
}

// File renders the one file of Render's output at path (as Outputs names
// it) into w, for a preview server that renders pages as they are asked
// for. It reports false when Render makes no such file.
func (r *Renderer) File(w *bytes.Buffer, path string) (bool, error) {
	s := r.opts.Site
	i, ok := r.outputIndex()[path]
	switch {
	case !ok:
		return false, nil
	case i == robotsFile:
		return true, feed.Robots(w, s.AbsURL("/sitemap.xml"))
	case i == sitemapFile:
		return true, r.sitemaps(func(name string, data []byte) error {
			if name == path {
				w.Write(data)
			}
			return nil
		})
	case i < len(s.Pages):
		return true, r.Page(w, s.Pages[i])
	}
	return true, r.feedFile(w, s.Feeds[i-len(s.Pages)])
}

// Page renders one page into w.
func (r *Renderer) Page(w *bytes.Buffer, p *site.Page) error {
	name := r.Layout(p)
	if name == "" {
		return diag.Errorf(p.File, 0, "no layout for this %s page: add one of %s", p.Kind, layoutList(candidates(p)))
	}
	if err := r.run.execute(r.run.sets[name], w, p); err != nil {
		if plain := r.plainLayouts(); plain != nil && plain.sets[name] != nil {
			// The minified layouts' lines are not the ones written: find
			// the error again in the layouts as written.
			var again bytes.Buffer
			if err2 := plain.execute(plain.sets[name], &again, p); err2 != nil {
				err = err2
			}
		}
		src := p.File
		if src == "" {
			src = p.Path
		}
		return r.templateError(err, src)
	}
	return nil
}

func layoutList(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = Dir + "/" + n
	}
	return strings.Join(out, " or ")
}

var templatePos = regexp.MustCompile(`^template: ([^:]+):(\d+):(?:\d+:)? ?`)

// templateError rewrites html/template's "template: name:line:col: msg" as
// a diag error at layouts/name:line, noting the page being rendered.
func (r *Renderer) templateError(err error, page string) error {
	msg := err.Error()
	m := templatePos.FindStringSubmatch(msg)
	if m == nil {
		if page != "" {
			msg += " (rendering " + page + ")"
		}
		return diag.Errorf("", 0, "%s", strings.TrimPrefix(msg, "template: "))
	}
	var line int
	fmt.Sscan(m[2], &line)
	msg = msg[len(m[0]):]
	if r.theme[m[1]] {
		msg += " (in the default theme)"
	}
	if page != "" {
		msg += " (rendering " + page + ")"
	}
	file := r.sources[m[1]]
	if file == "" {
		file = Dir + "/" + m[1]
	}
	return diag.Errorf(file, line, "%s", msg)
}
