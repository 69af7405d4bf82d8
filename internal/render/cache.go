package render

import (
	"html/template"
	"sync"
	"unsafe"

	"plexus/internal/site"
)

// partialCache holds partialCached's output: for each partial, each page's,
// up to a number of bytes; past it, the outputs stored first are dropped,
// and rendered again if they are asked for again. Render renders the list
// pages in the order of their newest entries (renderOrder), so that the
// lists showing a post's card show it at about the same time: a card is
// rendered once and taken from memory by every list, whatever the site's
// size, and only a few thousand are held at once.
//
// A large site has hundreds of thousands of entries, looked up several
// times per page, so they are kept in plain maps by page, without the boxed
// keys and values and the nodes per entry of a sync.Map, which the garbage
// collector would have to mark again in every collection.
type partialCache struct {
	mu    sync.RWMutex
	names map[string]*pageCache

	fifo   sync.Mutex // the outputs held, oldest first, and their size
	queue  []held
	head   int
	bytes  int64
	budget int64
}

// held is one output held by the cache.
type held struct {
	pc   *pageCache
	page *site.Page
	size int64
}

// cacheShards spreads a partial's pages over locks, so that workers
// rendering different pages seldom wait for each other.
const cacheShards = 16

// heldBytes is how much of partialCached's output the cache holds: every
// card of a site of about 10,000 posts (some 12 MB), and on larger sites,
// rendered in the order of their lists' dates, the cards of the posts whose
// lists are being rendered. Each byte held costs two or three of a build's
// peak memory, whose limit (twice what is live) it raises.
const heldBytes = 16 << 20

// pageCache is one partial's output for each page it was rendered with.
type pageCache struct {
	shards [cacheShards]pageShard
}

type pageShard struct {
	mu sync.Mutex
	m  map[*site.Page]template.HTML
}

// of returns the partial name's cache, adding it on first use.
func (c *partialCache) of(name string) *pageCache {
	c.mu.RLock()
	pc := c.names[name]
	c.mu.RUnlock()
	if pc != nil {
		return pc
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if pc = c.names[name]; pc == nil { // not added while this call waited
		if c.names == nil {
			c.names = map[string]*pageCache{}
		}
		pc = new(pageCache)
		c.names[name] = pc
	}
	return pc
}

// shard is the part of the cache that holds page p.
func (pc *pageCache) shard(p *site.Page) *pageShard {
	// Pages are at least 64 bytes apart: the low bits say nothing.
	return &pc.shards[uintptr(unsafe.Pointer(p))>>6%cacheShards]
}

func (pc *pageCache) load(p *site.Page) (template.HTML, bool) {
	s := pc.shard(p)
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[p]
	return v, ok
}

func (pc *pageCache) drop(p *site.Page) {
	s := pc.shard(p)
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, p)
}

// store holds the output html of pc's partial for p, and drops the oldest
// outputs held while they come to more than the budget.
func (c *partialCache) store(pc *pageCache, p *site.Page, html template.HTML) {
	s := pc.shard(p)
	s.mu.Lock()
	if s.m == nil {
		s.m = map[*site.Page]template.HTML{}
	}
	_, again := s.m[p] // two workers rendered it at once: held once
	s.m[p] = html
	s.mu.Unlock()
	if again {
		return
	}
	c.fifo.Lock()
	defer c.fifo.Unlock()
	c.queue = append(c.queue, held{pc, p, int64(len(html))})
	c.bytes += int64(len(html))
	for c.bytes > c.budget && c.head < len(c.queue) {
		old := c.queue[c.head]
		c.queue[c.head] = held{}
		c.head++
		c.bytes -= old.size
		old.pc.drop(old.page)
	}
	if c.head > len(c.queue)/2 { // reuse the room of the dropped
		c.queue = c.queue[:copy(c.queue, c.queue[c.head:])]
		c.head = 0
	}
}

// clear forgets every partial's output.
func (c *partialCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.names = nil
	c.fifo.Lock()
	defer c.fifo.Unlock()
	c.queue, c.head, c.bytes = nil, 0, 0
}
