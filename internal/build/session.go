package build

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"time"

	"plexus/internal/config"
	"plexus/internal/content"
	"plexus/internal/diag"
	"plexus/internal/markdown"
	"plexus/internal/render"
	"plexus/internal/site"
)

// Session keeps one site in memory for plexus serve and renders its pages,
// feeds and calendars when they are asked for (File), from the site graph
// as it stands. Nothing rendered is kept, so nothing shown is ever stale:
// an edit rebuilds the graph (or, for a body, changes one page of it), and
// every list, index, feed and calendar rendered after it is current. A
// rebuild costs reading the changed files and making the graph, not
// rendering every page, which is what makes a preview of a large site fast.
//
// Only the static and bundle files are written, to the destination folder.
type Session struct {
	opts Options

	mu   sync.RWMutex // Build and Update change last; File and Verify read it
	last *state       // nil before the first build
}

// NewSession returns a session for opts, which it gives a Cache.
func NewSession(opts Options) *Session {
	opts.Cache = NewCache()
	return &Session{opts: opts}
}

// Build loads the whole site (through the cache), then renders every file
// once without keeping it (Verify), so that a template that fails on some
// page, or a broken link, is reported now. On an error the last site
// stays as it was.
func (s *Session) Build(ctx context.Context) (*Result, error) {
	start := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	prev := s.last
	res, err := s.load(ctx)
	if err != nil {
		return nil, err
	}
	warnings, err := s.last.verify(ctx)
	if err != nil {
		s.last = prev
		return nil, err
	}
	res.Warnings = append(res.Warnings, warnings...)
	res.Verified = true
	res.Elapsed = time.Since(start)
	return res, nil
}

func (s *Session) load(ctx context.Context) (*Result, error) {
	opts := s.opts
	opts.session = s
	return Build(ctx, opts)
}

// Update brings the site up to date with the changed files (paths under the
// site folder, as a watcher reports them). An edit of pages' bodies that
// leaves their frontmatter and summaries as they were changes those pages
// in place; other changes to content/ rebuild the site graph; a change to
// anything else (a template, a static file, config.toml) is a Build. The
// result's Verified is false when the site was not rendered through: call
// Verify then, to find errors and broken links.
func (s *Session) Update(ctx context.Context, changed []string) (*Result, error) {
	s.mu.Lock()
	if s.last != nil {
		if res, ok := s.last.update(s.opts.Cache, changed); ok {
			s.mu.Unlock()
			return res, nil
		}
	}
	content := s.last != nil
	for _, name := range changed {
		if rel, err := filepath.Rel(s.opts.siteDir(), name); err != nil || !strings.HasPrefix(filepath.ToSlash(rel), "content/") {
			content = false
		}
	}
	if !content {
		s.mu.Unlock()
		return s.Build(ctx)
	}
	defer s.mu.Unlock()
	return s.load(ctx)
}

// File renders the site's file at path (slash-separated, relative to the
// output folder, such as "posts/x/index.html") into w. It reports false
// when the site has no such file, or has never built.
func (s *Session) File(w *bytes.Buffer, path string) (bool, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.last == nil {
		return false, nil
	}
	return s.last.render.File(w, path)
}

// Has reports whether the site has a file at path that File renders.
func (s *Session) Has(path string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.last != nil && s.last.render.Makes(path)
}

// Warning is a problem that does not stop the build.
type Warning = site.Warning

// Verify renders every file of the site as it stands, keeping none, and
// checks its links. It returns the broken links as warnings, and fails on
// the first page a template cannot render. Update waits for it: cancel ctx
// first to update at once.
func (s *Session) Verify(ctx context.Context) ([]*Warning, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.last == nil {
		return nil, nil
	}
	return s.last.verify(ctx)
}

func (o Options) siteDir() string {
	if o.Source == "" {
		return "."
	}
	return o.Source
}

// state is a loaded site kept in memory.
type state struct {
	src, dest string
	cfg       *config.Config
	conv      *markdown.Converter
	site      *site.Site
	render    *render.Renderer
	bodies    *memStore
	copied    []string // the static and bundle files, written to dest
}

// verify renders every file and checks the links, as Verify.
func (st *state) verify(ctx context.Context) ([]*site.Warning, error) {
	mode := st.cfg.Publish.BrokenLinks
	var links *linkChecker
	if mode != "ignore" {
		var err error
		if links, err = newLinkChecker(st.copied, os.DirFS(st.dest), st.render, st.cfg, false); err != nil {
			return nil, err
		}
	}
	err := st.render.Render(ctx, func(p string, data []byte) error {
		if links != nil && strings.HasSuffix(p, ".html") {
			links.stream.Page(p, data)
		}
		return nil
	})
	if err != nil || links == nil {
		return nil, err
	}
	broken, err := links.finish(ctx, nil, st.src, st.cfg, st.site)
	var warnings []*site.Warning
	for _, e := range broken {
		if w, ok := e.(*diag.Error); ok {
			warnings = append(warnings, w)
		}
	}
	return warnings, err
}

// edit is a page whose body changed, and its new content.
type edit struct {
	page   *site.Page
	path   string // under content/
	doc    markdown.Doc
	cached *cachedFile
}

// update changes pages in place when every changed file is a published
// page whose frontmatter and summary are as they were (an edit of its
// body); ok is false when the site graph must be rebuilt.
func (st *state) update(cache *Cache, changed []string) (res *Result, ok bool) {
	start := time.Now()
	byFile := make(map[string]*site.Page, len(changed))
	for _, p := range st.site.Pages {
		if p.File != "" && !p.IsList() {
			byFile[p.File] = p
		}
	}
	var edits []edit
	for _, name := range changed {
		rel, err := filepath.Rel(st.src, name)
		if err != nil {
			return nil, false
		}
		rel = filepath.ToSlash(rel)
		p := byFile[rel]
		path, isContent := strings.CutPrefix(rel, content.Dir+"/")
		if p == nil || !isContent || !strings.HasSuffix(path, ".md") {
			return nil, false
		}
		cache.mu.Lock()
		old := cache.files[path]
		cache.mu.Unlock()
		info, err := os.Stat(name)
		if old == nil || err != nil {
			return nil, false
		}
		src, err := os.ReadFile(name)
		if err != nil {
			return nil, false
		}
		f, err := content.Parse(path, src)
		if err != nil || !reflect.DeepEqual(f.Front, old.file.Front) || !reflect.DeepEqual(f.Lines, old.file.Lines) {
			return nil, false // an error to report, or new frontmatter: rebuild the graph
		}
		doc, err := st.conv.Convert(f.Body)
		if err != nil || !sameSummary(&doc, &old.doc) {
			return nil, false
		}
		kept := *f
		kept.Body = nil
		kept.Resources = old.file.Resources
		edits = append(edits, edit{page: p, path: path, doc: doc,
			cached: &cachedFile{size: info.Size(), mod: info.ModTime(), file: &kept, doc: doc}})
	}
	if len(edits) == 0 {
		return nil, false
	}
	for _, e := range edits {
		cache.mu.Lock()
		cache.files[e.path] = e.cached
		cache.mu.Unlock()
		st.bodies.replace(e.page.Body, e.doc.HTML)
		e.page.Body.Len = len(e.doc.HTML)
		e.page.Words = e.doc.Words
		e.page.ReadingTime = markdown.ReadingTime(e.doc.Words)
		e.page.TOC = e.doc.TOC
	}
	st.render.Forget() // cards may show what changed
	return &Result{Edited: len(edits), Warnings: st.site.Warnings, Deferred: true, Elapsed: time.Since(start)}, true
}

// sameSummary reports whether two conversions of a body agree on what the
// site graph copies out of a page when it is built: the summary (a region's
// description, an author's feed's, an event's calendar entry's), whether the
// body goes on after it, and whether there is a body at all.
func sameSummary(a, b *markdown.Doc) bool {
	return bytes.Equal(a.Summary, b.Summary) && a.SummaryText == b.SummaryText &&
		a.Truncated == b.Truncated && (len(a.HTML) > 0) == (len(b.HTML) > 0)
}
