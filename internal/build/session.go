package build

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"time"

	"plexus/internal/check"
	"plexus/internal/config"
	"plexus/internal/content"
	"plexus/internal/markdown"
	"plexus/internal/publish"
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

	mu     sync.RWMutex // Build and Update change last; File and Verify read it
	last   *state       // nil before the first build
	loaded *state       // what Build made for the session, before it is published
}

// NewSession returns a session for opts, which it gives a Cache.
func NewSession(opts Options) *Session {
	opts.Cache = NewCache()
	return &Session{opts: opts}
}

// Build loads the whole site (through the cache), then renders every file
// once without keeping it (Verify), so that a template that fails on some
// page, or a broken link, is reported now. On an error the last site
// stays as it was, static files included.
func (s *Session) Build(ctx context.Context) (*Result, error) {
	start := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	res, st, err := s.load(ctx)
	if err != nil {
		return nil, err
	}
	warnings, err := st.verify(ctx, st.out.FS())
	if err != nil {
		st.out.Abort()
		return nil, err
	}
	if err := s.publish(st); err != nil {
		return nil, err
	}
	res.Warnings = append(res.Warnings, warnings...)
	res.Verified = true
	res.Elapsed = time.Since(start)
	return res, nil
}

// load builds the site into a state whose static and bundle files are
// staged, not yet published.
func (s *Session) load(ctx context.Context) (*Result, *state, error) {
	opts := s.opts
	opts.session = s
	res, err := Build(ctx, opts)
	st := s.loaded
	s.loaded = nil
	return res, st, err
}

// publish puts st's static and bundle files in place of the last site's,
// and st in its place.
func (s *Session) publish(st *state) error {
	if err := st.out.Commit(); err != nil {
		st.out.Abort()
		return err
	}
	st.out = nil
	s.last = st
	return nil
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
	onlyContent := s.last != nil
	for _, name := range changed {
		if rel, err := filepath.Rel(s.opts.siteDir(), name); err != nil || !strings.HasPrefix(filepath.ToSlash(rel), content.Dir+"/") {
			onlyContent = false
		}
	}
	if !onlyContent {
		s.mu.Unlock()
		return s.Build(ctx)
	}
	defer s.mu.Unlock()
	res, st, err := s.load(ctx)
	if err != nil {
		return nil, err
	}
	return res, s.publish(st)
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
	return s.last.verify(ctx, os.DirFS(s.last.dest))
}

// state is a loaded site kept in memory.
type state struct {
	src, dest string
	cfg       *config.Config
	conv      *markdown.Converter
	site      *site.Site
	render    *render.Renderer
	bodies    *memStore
	out       *publish.Output // the static and bundle files, until published
	copied    []string        // the static and bundle files, in dest once published
}

// verify renders every file and checks the links, as Verify; fsys holds
// the static and bundle files.
func (st *state) verify(ctx context.Context, fsys fs.FS) ([]*site.Warning, error) {
	var links *check.Stream
	if st.cfg.Publish.BrokenLinks != "ignore" {
		var err error
		if links, err = startLinks(st.copied, fsys, st.render, st.cfg, false); err != nil {
			return nil, err
		}
	}
	err := st.render.Render(ctx, func(p string, data []byte) error {
		if links != nil && strings.HasSuffix(p, ".html") {
			links.Page(p, data)
		}
		return nil
	})
	if err != nil || links == nil {
		return nil, err
	}
	broken, err := finishLinks(ctx, links, nil, st.src, st.cfg, st.site)
	return warnings(broken), err
}

// edit is a page whose body changed, and its new content.
type edit struct {
	page   *site.Page
	path   string      // under content/
	cached *cachedFile // its new entry, with the converted body
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
		edits = append(edits, edit{page: p, path: path,
			cached: &cachedFile{size: info.Size(), mod: info.ModTime(), file: &kept, doc: doc}})
	}
	if len(edits) == 0 {
		return nil, false
	}
	for _, e := range edits {
		cache.mu.Lock()
		cache.files[e.path] = e.cached
		cache.mu.Unlock()
		st.bodies.replace(e.page.Body, e.cached.doc.HTML)
		e.page.Body.Len = len(e.cached.doc.HTML)
		e.page.AttachBody(&e.cached.doc)
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
