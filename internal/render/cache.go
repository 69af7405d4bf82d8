package render

import (
	"html/template"
	"sync"
	"sync/atomic"
	"unsafe"

	"plexus/internal/site"
)

// partialCache holds partialCached's output: for each partial, each page's.
// A large site has hundreds of thousands of entries, looked up several
// times per page, so they are kept in plain maps by page, without the
// boxed keys and values and the nodes per entry of a sync.Map, which the
// garbage collector would have to mark again in every collection.
type partialCache struct {
	mu    sync.RWMutex
	names map[string]*pageCache
	held  atomic.Int64 // bytes of output kept in memory though a Spill is set
}

// cacheShards spreads a partial's pages over locks, so that workers
// rendering different pages seldom wait for each other.
const cacheShards = 16

// heldBytes is how much of partialCached's output stays in memory when the
// rest goes to the Spill: the first outputs rendered, among them those
// rendered for the home page and shown on every page (the footer, the
// site's feed links), and every card of a site of 10,000 posts or so
// (about 12 MB of them), which the lists then take from memory, not from
// the Spill each time they show one. A large site's hundreds of thousands
// of cards are spilled but for that much: each byte held costs two or three
// of its peak memory, whose limit (twice what is live) it raises.
const heldBytes = 16 << 20

// pageCache is one partial's output for each page it was rendered with.
type pageCache struct {
	shards [cacheShards]pageShard
}

type pageShard struct {
	mu sync.Mutex
	m  map[*site.Page]cachedPartial
}

// cachedPartial is a partial's HTML, or where it is in the Spill when ref
// is set.
type cachedPartial struct {
	html template.HTML
	ref  site.BodyRef
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

// hold reports whether an output of n bytes may stay in memory, with at
// most limit bytes held in all.
func (c *partialCache) hold(n, limit int64) bool {
	if c.held.Add(n) <= limit {
		return true
	}
	c.held.Add(-n)
	return false
}

func (pc *pageCache) load(p *site.Page) (cachedPartial, bool) {
	s := pc.shard(p)
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[p]
	return v, ok
}

func (pc *pageCache) store(p *site.Page, v cachedPartial) {
	s := pc.shard(p)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[*site.Page]cachedPartial{}
	}
	s.m[p] = v
}

// clear forgets every partial's output.
func (c *partialCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.names = nil
}
