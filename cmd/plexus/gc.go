package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

const (
	// memFloor is the memory a build may use before the garbage
	// collector runs, however little of it is live.
	memFloor = 160 << 20
	// memPerPage is the memory a build may use per content page before
	// the collector runs. A build's live heap grows with its pages, to
	// about 3 KiB each once the site is rendering; the rest is room for
	// garbage, and the more room, the fewer collections, each of which
	// marks all that is live. 7 KiB a page lets a 100,000-post site
	// (120,000 pages) reach about 820 MiB: its peak RSS stays under
	// 900 MiB (bench/RESULTS.md), within issue 7's 1 GiB.
	memPerPage = 7 << 10
)

// gcPacer paces the garbage collector by memory instead of by heap growth:
// it runs when the program's memory reaches twice what the last
// collection found live, or a floor if that is more. The floor is
// memFloor, or memPerPage for each page of the site once its size is
// known, whichever is more.
//
// Go's default (GOGC=100) runs the collector when the heap doubles, which
// at the start of a build, when little is live, is every few megabytes:
// over a hundred collections in a 10,000-post build, where this makes
// about twenty. Large sites would get about Go's default pacing, but their
// live heap grows as their pages are read, and each collection marks all
// of it: at 100,000 posts, collections while reading took a third of the
// stage's time. A floor that grows with the site gives them room from the
// start, as much as the build's memory target allows.
//
// GOGC or GOMEMLIMIT in the environment turn this off.
type gcPacer struct {
	mu     sync.Mutex // a collection's tune, sized and stop take turns
	off    bool       // the environment paces the collector, or stopped
	floor  int64
	sample []metrics.Sample
}

// tuneGC starts pacing the collector; its stop method returns to Go's
// default pacing.
func tuneGC() *gcPacer {
	g := &gcPacer{floor: memFloor, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		g.off = true
		return g
	}
	g.tune(nil)
	debug.SetGCPercent(-1)
	return g
}

// tune runs after each collection (as the finalizer of an object made just
// before it) and sets the limit that starts the next one.
func (g *gcPacer) tune(*sentinel) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.off {
		return
	}
	g.setLimit()
	runtime.SetFinalizer(&sentinel{}, g.tune)
}

// setLimit sets the memory limit from the live heap and the floor.
func (g *gcPacer) setLimit() {
	metrics.Read(g.sample)
	debug.SetMemoryLimit(max(g.floor, 2*int64(g.sample[0].Value.Uint64())))
}

// sized raises the floor for a site of pages content pages; build calls it
// once the content folder is listed, before the pages are read.
func (g *gcPacer) sized(pages int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.off || int64(pages)*memPerPage <= g.floor {
		return
	}
	g.floor = int64(pages) * memPerPage
	g.setLimit()
}

// stop returns to Go's default pacing.
func (g *gcPacer) stop() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.off {
		return
	}
	g.off = true
	debug.SetGCPercent(100)
	debug.SetMemoryLimit(math.MaxInt64)
}

// sentinel has a pointer so that it is not a tiny allocation, whose
// finalizer waits for the objects that share its memory block.
type sentinel struct{ _ *int }
