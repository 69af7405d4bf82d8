package render

import (
	"bytes"
	"html/template"
	"sync"
	"sync/atomic"

	"plexus/internal/render/compiled"
	"plexus/internal/site"
)

// layouts is one parse of the site's layouts.
//
// Each layout and each partial is an entry of a template set of its own (a
// clone of the partials and baseof, with the layout), which executes that
// entry alone. html/template escapes a set's entry, and the templates it
// calls, on its first execution, rewriting their trees; in a set whose one
// entry has been executed, the trees stay as they are, so they can be
// compiled (package compiled) while other pages render.
type layouts struct {
	sets    map[string]*entry  // layout name → its set
	base    *template.Template // baseof and the partials, never executed: cloned for partials
	funcs   template.FuncMap
	compile bool // run entries compiled once html/template has escaped them

	mu       sync.Mutex
	partials map[string]*entry // partial name → a set executing it, for partialCached
}

// partial returns the entry executing the partial name for partialCached,
// made on its first use; nil when there is no such template.
func (ls *layouts) partial(name string) *entry {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if e, ok := ls.partials[name]; ok {
		return e
	}
	var e *entry
	if ls.base.Lookup(name) != nil {
		if set, err := ls.base.Clone(); err == nil {
			e = &entry{set: set.Lookup(name)}
		}
	}
	ls.partials[name] = e
	return e
}

// entry is a template set's one entry, and its compiled form once there is
// one.
type entry struct {
	set   *template.Template // the entry, looked up in its set
	tried atomic.Bool        // compiling has begun
	done  atomic.Bool        // and ended, with fast set if it succeeded
	fast  atomic.Pointer[compiled.Template]
	stock atomic.Int64 // executions by html/template, the first ones included
	// stopped is set when fast stopped at a page, which html/template
	// then rendered.
	stopped atomic.Bool
}

// uncompiled reports whether html/template rendered pages of e for want
// of a compiled form: it could not be compiled, or stopped at a page.
func (e *entry) uncompiled() bool {
	return e.done.Load() && (e.fast.Load() == nil || e.stopped.Load())
}

// execute renders the entry for p into w: compiled when it is, else with
// html/template, which escapes the entry on its first execution so that
// it can then be compiled. A compiled execution that stops (see package
// compiled) is done again with html/template, which writes the page or
// says what is wrong with it.
func (ls *layouts) execute(e *entry, w *bytes.Buffer, p *site.Page) error {
	if t := e.fast.Load(); t != nil {
		start := w.Len()
		if t.Execute(w, p) == nil {
			return nil
		}
		w.Truncate(start)
		e.stopped.Store(true)
	}
	e.stock.Add(1)
	err := e.set.Execute(w, p)
	if err == nil && ls.compile && !e.tried.Swap(true) {
		// Left to html/template when it cannot be compiled.
		if t, err := compiled.Compile(e.set, e.set.Name(), ls.funcs); err == nil {
			e.fast.Store(t)
		}
		e.done.Store(true)
	}
	return err
}

// Uncompiled names the layouts and partials that could not be compiled,
// or whose compiled form stopped at a page, and how many pages
// html/template rendered with each (the first, which escape them,
// included).
func (r *Renderer) Uncompiled() map[string]int64 {
	out := map[string]int64{}
	r.run.mu.Lock()
	defer r.run.mu.Unlock()
	for _, entries := range []map[string]*entry{r.run.sets, r.run.partials} {
		for name, e := range entries {
			if e != nil && e.uncompiled() {
				out[name] = e.stock.Load()
			}
		}
	}
	return out
}
