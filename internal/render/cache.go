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
	mu    sync.Mutex                   // taken to add a partial
	names atomic.Pointer[[]*pageCache] // read without a lock; replaced, not changed
}

// cacheShards spreads a partial's pages over locks, so that workers
// rendering different pages seldom wait for each other.
const cacheShards = 16

// pageCache is one partial's output for each page it was rendered with.
type pageCache struct {
	name   string
	shards [cacheShards]struct {
		sync.Mutex
		m map[*site.Page]cachedPartial
	}
}

// cachedPartial is a partial's HTML, or where it is in the Spill when ref
// is set.
type cachedPartial struct {
	html template.HTML
	ref  site.BodyRef
}

// of returns the partial name's cache, adding it on first use.
func (c *partialCache) of(name string) *pageCache {
	if names := c.names.Load(); names != nil {
		for _, pc := range *names {
			if pc.name == name {
				return pc
			}
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var names []*pageCache
	if old := c.names.Load(); old != nil {
		names = *old
	}
	for _, pc := range names {
		if pc.name == name {
			return pc // added while this call waited
		}
	}
	pc := &pageCache{name: name}
	names = append(names[:len(names):len(names)], pc)
	c.names.Store(&names)
	return pc
}

// shard is the part of the cache that holds page p.
func (pc *pageCache) shard(p *site.Page) (*sync.Mutex, *map[*site.Page]cachedPartial) {
	// Pages are at least 64 bytes apart: the low bits say nothing.
	s := &pc.shards[uintptr(unsafe.Pointer(p))>>6%cacheShards]
	return &s.Mutex, &s.m
}

func (pc *pageCache) load(p *site.Page) (cachedPartial, bool) {
	mu, m := pc.shard(p)
	mu.Lock()
	defer mu.Unlock()
	v, ok := (*m)[p]
	return v, ok
}

func (pc *pageCache) store(p *site.Page, v cachedPartial) {
	mu, m := pc.shard(p)
	mu.Lock()
	defer mu.Unlock()
	if *m == nil {
		*m = map[*site.Page]cachedPartial{}
	}
	(*m)[p] = v
}

// clear forgets every partial's output.
func (c *partialCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.names.Store(nil)
}
