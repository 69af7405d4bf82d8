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
	restore := tuneGC()
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
	restore()
	if pct := debug.SetGCPercent(100); pct != 100 {
		t.Errorf("GC percent %d after restore; want 100", pct)
	}
	if limit := debug.SetMemoryLimit(-1); limit != math.MaxInt64 {
		t.Errorf("memory limit %d after restore; want none", limit)
	}

	t.Setenv("GOGC", "50")
	debug.SetGCPercent(50)
	defer debug.SetGCPercent(100)
	tuneGC()()
	if pct := debug.SetGCPercent(50); pct != 50 {
		t.Errorf("GC percent %d with GOGC=50 set; want it left alone", pct)
	}
}
