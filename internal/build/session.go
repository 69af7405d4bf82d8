package build

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"time"

	"plexus/internal/config"
	"plexus/internal/content"
	"plexus/internal/markdown"
	"plexus/internal/render"
	"plexus/internal/site"
)

// Session builds one site again and again into one folder, for plexus
// serve. It keeps a Cache, and the last build's site graph and templates in
// memory, so that Update can publish an edit that touches nothing but a
// page's body in milliseconds instead of rebuilding the whole site.
type Session struct {
	opts Options
	last *state // nil before the first build and after a failed one
}

// NewSession returns a session for opts, which it gives a Cache.
func NewSession(opts Options) *Session {
	opts.Cache = NewCache()
	return &Session{opts: opts}
}

// Build builds the whole site (through the cache).
func (s *Session) Build(ctx context.Context) (*Result, error) {
	opts := s.opts
	opts.session = s
	s.last = nil
	return Build(ctx, opts)
}

// Update publishes the changes to the given files (paths under the site
// folder, as a watcher reports them). When every one is a published page
// whose frontmatter, summary, reading time and table of contents are as
// they were (an edit of the body's text), and no template shows a body on
// another page than its own, it renders again only those pages and the
// feeds that carry their content, and writes them in place.
// Anything else (a new, removed or renamed file, a template, config.toml,
// a frontmatter change) is a whole build. Nothing it shows is stale: a
// body edit changes no list, index or calendar.
func (s *Session) Update(ctx context.Context, changed []string) (res *Result, err error) {
	if s.last != nil {
		if res, ok, err := s.last.update(ctx, s.opts.Cache, changed); ok {
			if err != nil {
				s.last = nil // the next update rebuilds everything
			}
			return res, err
		}
	}
	return s.Build(ctx)
}

// state is a built site kept in memory.
type state struct {
	src, dest string
	cfg       *config.Config
	conv      *markdown.Converter
	site      *site.Site
	render    *render.Renderer
	bodies    *memStore
	byFile    map[string]*site.Page // published content pages by source file
}

func newState(src, dest string, cfg *config.Config, conv *markdown.Converter, s *site.Site, r *render.Renderer, bodies *memStore) *state {
	st := &state{src: src, dest: dest, cfg: cfg, conv: conv, site: s, render: r, bodies: bodies, byFile: map[string]*site.Page{}}
	for _, p := range s.Pages {
		if p.File != "" && !p.IsList() {
			st.byFile[p.File] = p
		}
	}
	return st
}

// edit is a page whose body changed, and its new content.
type edit struct {
	page   *site.Page
	path   string // under content/
	doc    markdown.Doc
	cached *cachedFile
}

// update applies body-only edits; ok is false when a whole build is needed.
func (st *state) update(ctx context.Context, cache *Cache, changed []string) (res *Result, ok bool, err error) {
	start := time.Now()
	var edits []edit
	for _, name := range changed {
		rel, err := filepath.Rel(st.src, name)
		if err != nil {
			return nil, false, nil
		}
		rel = filepath.ToSlash(rel)
		p := st.byFile[rel]
		path, isContent := strings.CutPrefix(rel, content.Dir+"/")
		if p == nil || !isContent || !strings.HasSuffix(path, ".md") {
			return nil, false, nil
		}
		cache.mu.Lock()
		old := cache.files[path]
		cache.mu.Unlock()
		info, err := os.Stat(name)
		if old == nil || err != nil {
			return nil, false, nil
		}
		src, err := os.ReadFile(name)
		if err != nil {
			return nil, false, nil
		}
		f, err := content.Parse(path, src)
		if err != nil || !reflect.DeepEqual(f.Front, old.file.Front) || !reflect.DeepEqual(f.Lines, old.file.Lines) {
			return nil, false, nil // an error to report, or new frontmatter: a whole build
		}
		doc, err := st.conv.Convert(f.Body)
		if err != nil || !sameOutside(&doc, &old.doc, st.render.ShowsWords()) {
			return nil, false, nil
		}
		kept := *f
		kept.Body = nil
		kept.Resources = old.file.Resources
		edits = append(edits, edit{page: p, path: path, doc: doc,
			cached: &cachedFile{size: info.Size(), mod: info.ModTime(), file: &kept, doc: doc}})
	}
	if len(edits) == 0 || st.render.ShowsBodiesElsewhere() {
		return nil, false, nil
	}

	// From here on the edits are applied; an error leaves the served site
	// partly updated, so the caller rebuilds it whole next time.
	res = &Result{Warnings: st.site.Warnings}
	var buf bytes.Buffer
	write := func(rel string) error {
		res.Files++
		res.Written++
		res.Bytes += int64(buf.Len())
		return writeInPlace(filepath.Join(st.dest, filepath.FromSlash(rel)), buf.Bytes())
	}
	for _, e := range edits {
		cache.mu.Lock()
		cache.files[e.path] = e.cached
		cache.mu.Unlock()
		e.page.Body, _ = st.bodies.Put(e.doc.HTML)
		e.page.Words = e.doc.Words
		buf.Reset()
		if err := st.render.Page(&buf, e.page); err != nil {
			return nil, true, err
		}
		if err := write(render.OutputPath(e.page)); err != nil {
			return nil, true, err
		}
		res.Pages++
	}
	for _, f := range st.site.Feeds {
		if f.Format == site.ICal || !slices.ContainsFunc(edits, func(e edit) bool { return slices.Contains(f.Items, e.page) }) {
			continue // calendars carry summaries, not bodies
		}
		buf.Reset()
		if err := st.render.Feed(&buf, f); err != nil {
			return nil, true, err
		}
		if err := write(strings.TrimPrefix(f.Path, "/")); err != nil {
			return nil, true, err
		}
		res.Feeds++
	}
	res.Elapsed = time.Since(start)
	return res, true, ctx.Err()
}

// sameOutside reports whether two conversions of a body agree on all that
// pages other than the body's own show: the summary, whether the body goes
// on after it, the reading time, the headings, and the word count when a
// template shows it.
func sameOutside(a, b *markdown.Doc, words bool) bool {
	return bytes.Equal(a.Summary, b.Summary) && a.SummaryText == b.SummaryText &&
		a.Truncated == b.Truncated && (len(a.HTML) > 0) == (len(b.HTML) > 0) &&
		markdown.ReadingTime(a.Words) == markdown.ReadingTime(b.Words) &&
		reflect.DeepEqual(a.TOC, b.TOC) && (!words || a.Words == b.Words)
}

// writeInPlace replaces a file by renaming a new one over it, so that a
// reader of the served folder sees the old file or the new, never half.
func writeInPlace(name string, data []byte) error {
	tmp := name + ".plexus-tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}
