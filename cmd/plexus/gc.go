package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// memFloor is the memory a build may use before the garbage collector
// runs, however little of it is live.
const memFloor = 160 << 20

// tuneGC paces the garbage collector by memory instead of by heap growth:
// it runs when the program's memory reaches twice what the last
// collection found live, or memFloor if that is more. Go's default
// (GOGC=100) runs it when the heap doubles, which at the start of a build,
// when little is live, is every few megabytes: over a hundred collections
// in a 10,000-post build, where this makes about twenty-five. Large sites
// get about Go's default pacing, but bounded by all of the program's
// memory, not the heap alone. GOGC or GOMEMLIMIT in the environment turn
// this off. The returned function restores Go's default.
func tuneGC() (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	var (
		mu      sync.Mutex // restore waits for a tune under way
		stopped bool
	)
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	// tune runs after each collection (as the finalizer of an object made
	// just before it) and sets the limit that starts the next one.
	var tune func(*sentinel)
	tune = func(*sentinel) {
		mu.Lock()
		defer mu.Unlock()
		if stopped {
			return
		}
		metrics.Read(sample)
		debug.SetMemoryLimit(int64(max(memFloor, 2*sample[0].Value.Uint64())))
		runtime.SetFinalizer(&sentinel{}, tune)
	}
	tune(nil)
	debug.SetGCPercent(-1)
	return func() {
		mu.Lock()
		defer mu.Unlock()
		stopped = true
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
	}
}

// sentinel has a pointer so that it is not a tiny allocation, whose
// finalizer waits for the objects that share its memory block.
type sentinel struct{ _ *int }
