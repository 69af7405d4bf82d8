package build

import (
	"bytes"
	"context"
	"io/fs"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"plexus/internal/config"
	"plexus/internal/content"
	"plexus/internal/diag"
	"plexus/internal/markdown"
	"plexus/internal/site"
)

// Cache keeps what one build learned for the next, for plexus serve: each
// content file's split frontmatter and converted Markdown, checked by the
// file's size and modification time, so that a rebuild reads and converts
// only the files that changed. Its zero value is not usable; use NewCache.
// A Cache may serve one build at a time.
type Cache struct {
	mu     sync.Mutex
	conv   markdown.Options // how the cached documents were converted
	config string           // the config the cached pages were decoded with
	files  map[string]*cachedFile
}

type cachedFile struct {
	size int64
	mod  time.Time
	file *content.File // without its body
	doc  markdown.Doc
	// page is the file decoded, before a site graph was made of it (which
	// changes its pages); nil when not decoded with the current config.
	page *site.Page
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{files: map[string]*cachedFile{}} }

// loader reads, decodes and converts the site's pages, and stores their
// bodies for rendering.
type loader struct {
	cfg      *config.Config
	key      string // what of the config and options the decoded pages depend on
	drafts   bool   // publish drafts
	convOpts markdown.Options
	conv     *markdown.Converter // made with convOpts
	bodies   bodyStore
	cache    *Cache // nil: read every file

	// pages has a slot for each file of the tree, so that the pages come
	// out in the tree's order, sorted by file, as the site graph sorts
	// them: sorting a large site's pages from the order they were read in
	// took a tenth of the site graph's time at 100,000 posts. A file with
	// no page (a draft, an error) leaves its slot nil.
	pages []*site.Page
}

// decode decodes a file and gives the page its converted body.
func (l *loader) decode(f *content.File, doc *markdown.Doc) (*site.Page, error) {
	p, err := site.Decode(l.cfg, f)
	if err != nil {
		return nil, err
	}
	return p, p.Attach(l.conv, doc)
}

// keep stores a decoded page's body and keeps the page in the slot of
// file i of the tree.
func (l *loader) keep(i int, p *site.Page, body []byte) error {
	var err error
	if p.Body, err = l.bodies.Put(body); err != nil {
		return err
	}
	l.pages[i] = p
	return nil
}

// cached gives file i its cached page: a copy of the one decoded before,
// or, when there is none, the file decoded now.
func (l *loader) cached(i int, c *cachedFile) error {
	if c.page == nil {
		p, err := l.decode(c.file, &c.doc)
		if err != nil {
			return err
		}
		c.page = p.Clone()
	}
	p := c.page.Clone()
	p.Resources = c.file.Resources
	return l.keep(i, p, c.doc.HTML)
}

// load reads every page of tree, on every core. Without a cache each file
// is read, split and converted; with one, only files that changed since
// the last build are, and the rest come from the cache.
func (l *loader) load(ctx context.Context, fsys fs.FS, tree *content.Tree) ([]*site.Page, error) {
	l.pages = make([]*site.Page, len(tree.Pages))
	err := l.read(ctx, fsys, tree)
	return slices.DeleteFunc(l.pages, func(p *site.Page) bool { return p == nil }), err
}

// read fills l.pages from the files of tree.
func (l *loader) read(ctx context.Context, fsys fs.FS, tree *content.Tree) error {
	cache := l.cache
	if cache == nil {
		// Each worker takes a Packer for a page. They are this build's: a
		// Packer's block holds the pages packed in it, and through them
		// their site. (With a cache, pages live on between builds, and a
		// packed one would keep its whole block.)
		packers := sync.Pool{New: func() any { return new(site.Packer) }}
		return content.Load(ctx, fsys, tree, func(i int, f *content.File) error {
			p, err := site.Decode(l.cfg, f)
			if err != nil {
				return err
			}
			if p.Draft && !l.drafts {
				return nil // not published: not worth converting
			}
			// Without a cache the bodies go to the file store, which copies
			// them, so one buffer per worker serves every body.
			buf := htmlBuffers.Get().(*bytes.Buffer)
			defer putHTMLBuffer(buf)
			buf.Reset()
			convert := l.conv.ConvertTo
			if p.SummaryGiven() {
				convert = l.conv.ConvertBodyTo // the body's summary is not shown
			}
			doc, err := convert(buf, f.Body)
			if err != nil {
				return err
			}
			if err := p.Attach(l.conv, &doc); err != nil {
				return err
			}
			k := packers.Get().(*site.Packer)
			p = k.Pack(p)
			packers.Put(k)
			return l.keep(i, p, doc.HTML)
		})
	}

	cache.mu.Lock()
	defer cache.mu.Unlock()
	if cache.conv != l.convOpts {
		cache.conv, cache.files = l.convOpts, map[string]*cachedFile{}
	}
	if cache.config != l.key {
		cache.config = l.key
		for _, c := range cache.files {
			c.page = nil
		}
	}
	changed := &content.Tree{Resources: tree.Resources}
	var changedAt, hitAt []int // the files' places in tree.Pages
	var hits []*cachedFile
	stats := map[string]fs.FileInfo{}
	seen := make(map[string]bool, len(tree.Pages))
	for i, p := range tree.Pages {
		seen[p] = true
		info, err := fs.Stat(fsys, p)
		if err != nil {
			changed.Pages, changedAt = append(changed.Pages, p), append(changedAt, i) // Load reports it
			continue
		}
		stats[p] = info
		if c := cache.files[p]; c != nil && c.size == info.Size() && c.mod.Equal(info.ModTime()) {
			c.file.Resources = tree.Resources[p] // a bundle may have gained or lost files
			hits, hitAt = append(hits, c), append(hitAt, i)
			continue
		}
		changed.Pages, changedAt = append(changed.Pages, p), append(changedAt, i)
	}
	for p := range cache.files {
		if !seen[p] {
			delete(cache.files, p)
		}
	}

	var (
		errs diag.List
		emu  sync.Mutex
		wg   sync.WaitGroup
		next atomic.Int64
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(hits) {
					return
				}
				if err := l.cached(hitAt[i], hits[i]); err != nil {
					emu.Lock()
					errs.Add(err)
					emu.Unlock()
				}
			}
		})
	}
	wg.Wait()

	var cmu sync.Mutex
	err := content.Load(ctx, fsys, changed, func(j int, f *content.File) error {
		doc, err := l.conv.Convert(f.Body)
		if err != nil {
			return err
		}
		kept := *f
		kept.Body = nil
		c := &cachedFile{file: &kept, doc: doc}
		if info := stats[f.Path]; info != nil {
			c.size, c.mod = info.Size(), info.ModTime()
			cmu.Lock()
			cache.files[f.Path] = c
			cmu.Unlock()
		}
		return l.cached(changedAt[j], c)
	})
	errs.Add(err)
	return errs.Err()
}

var htmlBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putHTMLBuffer returns a buffer to htmlBuffers, unless an unusually long
// body made it big.
func putHTMLBuffer(b *bytes.Buffer) {
	if b.Cap() <= 1<<20 {
		htmlBuffers.Put(b)
	}
}

// bodyStore keeps rendered page bodies between conversion and rendering.
type bodyStore interface {
	Put(b []byte) (site.BodyRef, error)
	Get(p *site.Page) (string, error)
	Close() error
}

// memStore keeps bodies in memory, for builds with a Cache, whose
// documents are in memory already.
type memStore struct {
	mu     sync.Mutex
	bodies [][]byte
}

func (m *memStore) Put(b []byte) (site.BodyRef, error) {
	if len(b) == 0 {
		return site.BodyRef{}, nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.bodies = append(m.bodies, b)
	return site.BodyRef{Offset: int64(len(m.bodies) - 1), Len: len(b)}, nil
}

func (m *memStore) Get(p *site.Page) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return bytesString(m.bodies[p.Body.Offset]), nil
}

// bytesString is b as a string without a copy. A body's bytes are never
// written once converted, and templates take a page's body as a string,
// so the copy would be made for every page each time a template asks.
func bytesString(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// replace gives the body at ref new bytes; a Session's edit of a page.
func (m *memStore) replace(ref site.BodyRef, b []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if ref.Len > 0 {
		m.bodies[ref.Offset] = b
	}
}

func (m *memStore) Close() error { return nil }
