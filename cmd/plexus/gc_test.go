package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
)

func TestTuneGC(t *testing.T) {
	t.Setenv("GOGC", "") // as if unset: tuneGC reads it with os.Getenv
	t.Setenv("GOMEMLIMIT", "")
	g := tuneGC()
	if pct := debug.SetGCPercent(-1); pct != -1 {
		t.Errorf("GC percent %d while tuned; want -1 (paced by the memory limit)", pct)
	}
	limit := debug.SetMemoryLimit(-1)
	if limit < memFloor || limit == math.MaxInt64 {
		t.Errorf("memory limit %d while tuned; want at least %d", limit, memFloor)
	}
	// A collection re-tunes: the limit stays set.
	runtime.GC()
	if limit := debug.SetMemoryLimit(-1); limit < memFloor || limit == math.MaxInt64 {
		t.Errorf("memory limit %d after a collection; want at least %d", limit, memFloor)
	}

	// A small site keeps the floor; a large one raises it, and the raised
	// floor outlives collections.
	g.sized(100)
	if limit := debug.SetMemoryLimit(-1); limit >= memFloor+100*memPerPage {
		t.Errorf("memory limit %d for 100 pages; want the floor's, about %d", limit, memFloor)
	}
	pages := 2 * memFloor / memPerPage
	want := int64(pages) * memPerPage
	g.sized(pages)
	if limit := debug.SetMemoryLimit(-1); limit != want {
		t.Errorf("memory limit %d for %d pages; want %d", limit, pages, want)
	}
	runtime.GC()
	runtime.GC() // the finalizer of the first may run after the second starts
	if limit := debug.SetMemoryLimit(-1); limit != want {
		t.Errorf("memory limit %d for %d pages after a collection; want %d", limit, pages, want)
	}

	g.stop()
	if pct := debug.SetGCPercent(100); pct != 100 {
		t.Errorf("GC percent %d after stop; want 100", pct)
	}
	if limit := debug.SetMemoryLimit(-1); limit != math.MaxInt64 {
		t.Errorf("memory limit %d after stop; want none", limit)
	}
	g.sized(pages) // a site sized after the build ended changes nothing
	if limit := debug.SetMemoryLimit(-1); limit != math.MaxInt64 {
		t.Errorf("memory limit %d when sized after stop; want none", limit)
	}

	t.Setenv("GOGC", "50")
	debug.SetGCPercent(50)
	defer debug.SetGCPercent(100)
	g = tuneGC()
	g.sized(pages)
	g.stop()
	if pct := debug.SetGCPercent(50); pct != 50 {
		t.Errorf("GC percent %d with GOGC=50 set; want it left alone", pct)
	}
	if limit := debug.SetMemoryLimit(-1); limit != math.MaxInt64 {
		t.Errorf("memory limit %d with GOGC=50 set; want none", limit)
	}
}
