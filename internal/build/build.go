// Package build runs the pipeline: config → content → site → render →
// publish. It is the one package that knows every stage.
package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"plexus"
	"plexus/internal/check"
	"plexus/internal/config"
	"plexus/internal/content"
	"plexus/internal/diag"
	"plexus/internal/markdown"
	"plexus/internal/publish"
	"plexus/internal/render"
	"plexus/internal/site"
)

// Options says what to build. The zero value builds the site in the
// current folder into ./public with the clock's time.
type Options struct {
	Source      string // the site folder; "" is "."
	Destination string // the output folder; "" is "public"; relative to Source unless absolute
	Drafts      bool   // publish drafts
	Future      bool   // publish pages dated after now
	// Now is the build's notion of now, written as a frontmatter date
	// (read in the site's timezone); "" is the clock.
	Now     string
	BaseURL string // replaces config.toml's baseURL when set
	// Theme holds the default theme's layouts/ and static/; nil is the
	// theme embedded in the binary.
	Theme fs.FS
	// Cache, when set, carries parsed and converted content from one build
	// to the next (plexus serve); nil reads everything afresh.
	Cache *Cache
	// Progress, when set, is called with the name of each stage as it
	// finishes, for a progress display.
	Progress func(stage string)
	// Sized, when set, is called with the number of content pages once
	// the content folder is listed, before they are read: plexus sizes
	// the garbage collector's budget by it.
	Sized func(pages int)
	// session, when set, keeps this build's site in memory for a Session
	// and publishes only its static and bundle files: the Session renders
	// pages, feeds and calendars as they are asked for.
	session *Session
	// StrictLinks makes broken internal links errors whatever config.toml
	// says (plexus check).
	StrictLinks bool
	// External also checks links to other sites (plexus check --external);
	// a broken one fails the build.
	External bool
	// Minify, when set, overrides config.toml's [publish] minify, which
	// is on unless the site turns it off; plexus serve sets it false.
	Minify *bool
	// Uncompiled renders every page with html/template alone, without
	// compiled templates (render.Options.Uncompiled): for tests that
	// compare the two.
	Uncompiled bool
}

// siteDir is the site folder, Source or ".".
func (o Options) siteDir() string {
	if o.Source == "" {
		return "."
	}
	return o.Source
}

// Result reports what a build did.
type Result struct {
	Pages    int   // HTML pages rendered
	Feeds    int   // feeds and calendars written
	Files    int64 // files written in all
	Bytes    int64
	Warnings []*site.Warning
	Elapsed  time.Duration
	Stages   []Stage // time taken by each stage, in order
	// Verified reports a Session's build that rendered every file once,
	// keeping none, to find template errors and broken links.
	Verified bool
	// Deferred reports a Session's build, which published only the static
	// and bundle files: Pages and Feeds render when they are asked for.
	Deferred bool
	// UpToDate reports a build that found its output as it would write
	// it, from the same inputs, and did nothing (see record).
	UpToDate bool
	// Uncompiled names the layouts and partials whose pages html/template
	// rendered, as they could not be compiled (render.Renderer.Uncompiled),
	// and how many pages each: slower, and worth knowing for a theme.
	Uncompiled map[string]int64
	// Edited counts the pages a Session changed in place (an edit of
	// their bodies), without building the site again.
	Edited int

	// Of Files: copied from static/ and content/; new or changed since
	// the previous output; the same as before and left untouched.
	Static, Written, Unchanged int64
	Removed                    int64 // files of the previous output no longer made
	Saved                      int64 // bytes minifying saved on the files minified as written: not pages, which minified layouts make
}

// Stage is the time one stage of the build took.
type Stage struct {
	Name    string
	Elapsed time.Duration
}

func (r *Result) String() string {
	if r.UpToDate {
		return fmt.Sprintf("nothing changed since the last build: %d files (%s) as they were, in %s",
			r.Files, size(r.Bytes), r.Elapsed.Round(time.Millisecond))
	}
	if r.Edited > 0 {
		return fmt.Sprintf("updated %d %s in place in %s", r.Edited, plural(r.Edited, "page", "pages"), r.Elapsed.Round(time.Millisecond))
	}
	if r.Deferred {
		checked := ""
		if r.Verified {
			checked = ", every page rendered once to check it,"
		}
		return fmt.Sprintf("loaded %d pages, %d feeds, %d static files%s in %s",
			r.Pages, r.Feeds, r.Static, checked, r.Elapsed.Round(time.Millisecond))
	}
	s := fmt.Sprintf("built %d pages, %d feeds, %d static files: %d files (%s), %d written, %d unchanged",
		r.Pages, r.Feeds, r.Static, r.Files, size(r.Bytes), r.Written, r.Unchanged)
	if r.Removed > 0 {
		s += fmt.Sprintf(", %d removed", r.Removed)
	}
	if r.Saved > 0 {
		s += fmt.Sprintf(", %s saved by minifying feeds and static files", size(r.Saved))
	}
	return s + fmt.Sprintf(", in %s", r.Elapsed.Round(time.Millisecond))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// Build builds the site. On any error the destination is left as it was.
func Build(ctx context.Context, opts Options) (*Result, error) {
	start := time.Now()
	var stages []Stage
	mark := start
	stage := func(name string) {
		now := time.Now()
		stages = append(stages, Stage{name, now.Sub(mark)})
		mark = now
		if opts.Progress != nil {
			opts.Progress(name)
		}
	}
	src := opts.siteDir()
	dest := opts.Destination
	if dest == "" {
		dest = "public"
	}
	if !filepath.IsAbs(dest) {
		dest = filepath.Join(src, dest)
	}
	theme := opts.Theme
	if theme == nil {
		theme = plexus.Theme
	}

	cfg, cfgText, err := readConfig(src, opts.BaseURL)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	if opts.Now != "" {
		if now, err = content.ParseTime(opts.Now, cfg.Location); err != nil {
			return nil, fmt.Errorf("--now: %v", err)
		}
	}

	stage("config")
	// The inputs are hashed before any is read: a file changed while the
	// build reads it then makes the record's hash differ from the next
	// build's, which builds again, instead of leaving an output older than
	// its record says.
	inputs := inputsHash(src, opts, cfgText)
	if res, ok := upToDate(dest, inputs, now); ok {
		stage("up-to-date check")
		res.Written, res.Removed, res.Unchanged = 0, 0, res.Files
		res.UpToDate = true
		res.Elapsed = time.Since(start)
		res.Stages = stages
		return res, nil
	}
	stage("up-to-date check")
	minify := cfg.Publish.Minify
	if opts.Minify != nil {
		minify = *opts.Minify
	}
	out, err := publish.Begin(dest, publish.Options{Minify: minify, Keep: cfg.Publish.Keep})
	if err != nil {
		return nil, err
	}
	committed := false
	defer func() {
		if !committed {
			out.Abort()
		}
	}()
	var bodies bodyStore = &memStore{}
	if opts.Cache == nil {
		if bodies, err = newStore(filepath.Dir(dest)); err != nil {
			return nil, err
		}
	}
	defer bodies.Close()

	// Static files copy while content is read: they share nothing.
	staticErr := make(chan error, 1)
	go func() {
		staticErr <- out.Static(
			publish.Layer{Name: "static (default theme)", FS: sub(theme, "static")},
			publish.Layer{Name: "static", FS: dirFS(src, "static")},
		)
	}()

	contentFS := dirFS(src, content.Dir)
	tree := &content.Tree{}
	if contentFS != nil {
		if tree, err = content.Walk(contentFS); err != nil {
			<-staticErr
			return nil, err
		}
	}
	if opts.Sized != nil {
		opts.Sized(len(tree.Pages))
	}
	convOpts := markdown.Options{Unsafe: cfg.Markdown.Unsafe, BasePath: cfg.Base.Path}
	conv := markdown.New(convOpts)
	siteOpts := site.Options{Now: now, Drafts: opts.Drafts, Future: opts.Future}
	ld := &loader{cfg: cfg, key: string(cfgText) + "\x00" + opts.BaseURL, drafts: opts.Drafts,
		convOpts: convOpts, conv: conv, bodies: bodies, cache: opts.Cache}
	pages, loadErr := ld.load(ctx, contentFS, tree)
	stage("content and markdown")
	if err := <-staticErr; err != nil {
		return nil, err
	}
	if loadErr != nil {
		return nil, loadErr
	}
	stage("static files")

	s, err := site.New(cfg, siteOpts, pages)
	if err != nil {
		return nil, err
	}
	stage("site graph")
	if err := copyContentFiles(out, contentFS, tree, s); err != nil {
		return nil, err
	}
	stage("bundle files")

	s.Bodies = bodies.Get
	_, ownRobots := out.Asset("robots.txt") // static files are published by now
	ropts := render.Options{
		Site:       s,
		Theme:      sub(theme, render.Dir),
		Layouts:    dirFS(src, render.Dir),
		Markdown:   conv,
		SkipRobots: ownRobots,
		Asset:      out.Asset,
		Uncompiled: opts.Uncompiled,
	}
	if minify {
		ropts.MinifyLayout = publish.MinifyLayout
	}
	if opts.session != nil {
		// Leave a core to the preview's requests while it checks the site.
		ropts.Workers = max(1, runtime.GOMAXPROCS(0)-1)
	}
	r, err := render.New(ropts)
	if err != nil {
		return nil, err
	}
	if opts.session != nil {
		// The session publishes the static and bundle files once it has
		// checked the site, or throws them away (Session.Build).
		committed = true
		opts.session.loaded = &state{src: src, dest: dest, cfg: cfg, conv: conv, site: s, render: r,
			bodies: bodies.(*memStore), out: out, copied: out.Paths()}
		res := result(out.Stats(), len(s.Pages), s, start, stages)
		res.Deferred = true
		return res, nil
	}
	mode := cfg.Publish.BrokenLinks
	if opts.StrictLinks {
		mode = "error"
	}
	var links *check.Stream
	if mode != "ignore" || opts.External {
		if links, err = startLinks(out.Paths(), out.FS(), r, cfg, opts.External); err != nil {
			return nil, err
		}
	}
	var rendered atomic.Int64
	err = r.Render(ctx, func(p string, data []byte) error {
		if !strings.HasSuffix(p, ".html") {
			return out.Write(p, "a page", data) // a feed, a calendar, a sitemap
		}
		rendered.Add(1)
		if links != nil {
			links.Page(p, data)
		}
		return out.WriteAsIs(p, "a page", data) // minified by its layouts
	})
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	stage("render")
	if err := out.Finish(); err != nil {
		return nil, err
	}
	if links != nil {
		broken, err := finishLinks(ctx, links, out.Carried(), src, cfg, s)
		if err != nil {
			return nil, err
		}
		if mode == "error" || opts.External {
			if err := broken.Err(); err != nil {
				return nil, err
			}
		}
		s.Warnings = append(s.Warnings, warnings(broken)...)
		stage("link check")
	}
	if err := out.Commit(); err != nil {
		return nil, err
	}
	committed = true
	stage("publish")
	res := result(out.Stats(), int(rendered.Load()), s, start, stages)
	res.Uncompiled = r.Uncompiled()
	remember(dest, inputs, out.Sum(), now, until(now, pages, r.NowUse(), cfg), res)
	stage("build record")
	res.Elapsed, res.Stages = time.Since(start), stages
	return res, nil
}

// result reports a build of s that rendered pages HTML pages into an
// output that st counts.
func result(st publish.Stats, pages int, s *site.Site, start time.Time, stages []Stage) *Result {
	return &Result{
		Pages:    pages,
		Feeds:    len(s.Feeds),
		Files:    st.Files,
		Bytes:    st.Bytes,
		Warnings: s.Warnings,
		Elapsed:  time.Since(start),
		Stages:   stages,

		Static:    st.Copied,
		Written:   st.Written,
		Unchanged: st.Unchanged,
		Removed:   st.Removed,
		Saved:     st.Saved,
	}
}

// readConfig reads and parses config.toml, returning its text too.
func readConfig(src, baseURL string) (*config.Config, []byte, error) {
	b, err := os.ReadFile(filepath.Join(src, config.File))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fmt.Errorf("no %s in %s: is this a plexus site? Create %s with at least a title = \"…\" line",
			config.File, src, config.File)
	}
	if err != nil {
		return nil, nil, err
	}
	cfg, err := config.Parse(b)
	if err != nil {
		return nil, nil, err
	}
	if baseURL != "" {
		if err := cfg.SetBaseURL(baseURL); err != nil {
			return nil, nil, fmt.Errorf("--baseURL: %v", err)
		}
	}
	return cfg, b, nil
}

// copyContentFiles publishes bundle resources beside their pages and other
// non-Markdown files under content/ at their own paths.
func copyContentFiles(out *publish.Output, fsys fs.FS, tree *content.Tree, s *site.Site) error {
	var errs diag.List
	for _, p := range s.Pages {
		if len(p.Resources) == 0 {
			continue
		}
		bundle := path.Dir(p.File[len(content.Dir)+1:])
		dir := path.Dir(render.OutputPath(p))
		for _, r := range p.Resources {
			rel := path.Join(dir, r[len(bundle)+1:])
			errs.Add(out.Copy(rel, content.Dir+"/"+r, fsys, r))
		}
	}
	for _, f := range tree.Files {
		errs.Add(out.Copy(f, content.Dir+"/"+f, fsys, f))
	}
	return errs.Err()
}

// dirFS is the folder name under the site folder, or nil when there is none.
func dirFS(src, name string) fs.FS {
	dir := filepath.Join(src, name)
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return nil
	}
	return os.DirFS(dir)
}

func sub(fsys fs.FS, dir string) fs.FS {
	s, err := fs.Sub(fsys, dir)
	if err != nil {
		return nil
	}
	return s
}
