// Package compiled runs html/template templates faster than html/template
// does, with the same output.
//
// html/template parses a template and, on its first execution, escapes it:
// it rewrites the parse tree so that every action that prints a value ends
// in the escaper for the HTML context it stands in ({{.Title}} in a
// paragraph becomes {{.Title | _html_template_htmlescaper}}). It then runs
// the tree with text/template, which looks up every field by name and calls
// every function through reflection on every execution: about a
// microsecond an action, most of a page's rendering time.
//
// Compile takes the escaped tree of a template that html/template has
// executed and turns it into Go closures, once: each field access keeps
// the field index or method it resolved to for the type it last saw,
// literals are converted once, the builtins and html/template's escapers
// are called directly. The semantics are text/template's, statement for
// statement (the code follows text/template's exec.go, whose functions it
// names), and the escapers are html/template's, ported from its source.
//
// A template that html/template derives for the text of a <title> or a
// <textarea> (it is called there) is compiled from its tree as written,
// with the RCDATA escaper added as html/template adds it, when that tree
// is not escaped for another context too and its text cannot end the
// element.
//
// It does not do everything. Compile reports ErrUnsupported for a template
// that uses what it does not run: a template html/template derived for
// another context ({{template "x"}} inside an attribute or a script), an
// escaper for JavaScript or CSS, the builtins call, html, js and urlquery,
// or a printing action without an escaper (a tree html/template has not
// escaped). It takes the templates' missingkey option to be the default.
// Execute reports an error for everything text/template would report as
// one, and for the few values it leaves to html/template (a range over a
// map with keys other than strings and integers, over a channel or an
// iterator function; HTML typed content in an attribute).
// Its callers then render with html/template, which gives the output or
// the error message with its line: Execute's error says only that it
// stopped. Whenever Execute returns nil, its output is html/template's.
package compiled

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"text/template/parse"
)

// ErrUnsupported is Compile's error for a template it cannot run.
var ErrUnsupported = errors.New("not supported by compiled templates")

// Template is a compiled template. It is safe for concurrent use.
type Template struct {
	t *tmpl
}

// tmpl is a compiled template of the set: a called template is compiled
// once however many calls name it.
type tmpl struct {
	name string
	body stmt // set once compiled, after the tmpl is known, for recursive calls
}

// stmt executes a node: it writes to the state's output.
type stmt func(s *state, dot reflect.Value)

// state is one execution's: exec.go's state without the template, which
// the closures know.
type state struct {
	w      *bytes.Buffer
	vars   []variable
	depth  int
	flow   flow        // set by {{break}} or {{continue}} until their range sees it
	varBuf [4]variable // room for the first variables, made with the state
	// callee is the state of the templates this one calls, one after
	// another: made once, for this execution and the next (states).
	callee *state
}

// states keeps executions' states, and the states of the calls they made,
// for the next executions.
var states = sync.Pool{New: func() any { return new(state) }}

// enter returns the state for a template that s calls with dot.
func (s *state) enter(dot reflect.Value) *state {
	c := s.callee
	if c == nil {
		c = new(state)
		s.callee = c
	}
	c.w, c.depth, c.flow = s.w, s.depth+1, flowNone
	c.vars = append(c.varBuf[:0], variable{"$", dot})
	return c
}

// release drops what the states of an execution refer to, and returns
// them to states.
func (s *state) release() {
	for c := s; c != nil; c = c.callee {
		c.w, c.vars = nil, nil
		clear(c.varBuf[:])
	}
	states.Put(s)
}

type variable struct {
	name  string
	value reflect.Value
}

type flow uint8

const (
	flowNone flow = iota
	flowBreak
	flowContinue
)

// maxExecDepth is text/template's limit on nested template calls.
var maxExecDepth = func() int {
	if runtime.GOARCH == "wasm" {
		return 1000
	}
	return 100000
}()

// failure is the panic value that stops an execution; Execute returns it.
type failure struct{ err error }

func (s *state) fail(format string, args ...any) {
	panic(failure{fmt.Errorf(format, args...)})
}

// leave stops an execution that meets what it leaves to html/template:
// Execute's error is then ErrUnsupported.
func (s *state) leave(what string) {
	panic(failure{unsupported("%s", what)})
}

// Execute applies the template to data, writing to w. When it returns an
// error, what it wrote is incomplete and the caller should render with
// html/template instead (see the package documentation). The error is
// ErrUnsupported for a value that Execute leaves to html/template.
func (t *Template) Execute(w *bytes.Buffer, data any) (err error) {
	value, ok := data.(reflect.Value)
	if !ok {
		value = reflect.ValueOf(data)
	}
	s := states.Get().(*state)
	s.w, s.depth, s.flow = w, 0, flowNone
	s.vars = append(s.varBuf[:0], variable{"$", value})
	defer func() {
		s.release()
		if r := recover(); r != nil {
			switch r := r.(type) {
			case failure:
				err = r.err
			case error:
				err = fmt.Errorf("%s: %w", t.t.name, r)
			default:
				err = fmt.Errorf("%s: %v", t.t.name, r)
			}
		}
	}()
	t.t.body(s, value)
	return nil
}

// Compile compiles the template named name of set, and every template it
// calls, with the functions the set was given (funcs). The set must have
// executed that template at least once, so that html/template has escaped
// it; Compile refuses a tree that has not been (ErrUnsupported).
func Compile(set *template.Template, name string, funcs template.FuncMap) (*Template, error) {
	c := &compiler{set: set, funcs: map[string]reflect.Value{}, tmpls: map[string]*tmpl{}}
	for n, f := range funcs {
		v := reflect.ValueOf(f)
		if v.Kind() != reflect.Func {
			return nil, fmt.Errorf("function %q is not a function", n)
		}
		c.funcs[n] = v
	}
	t, err := c.template(name)
	if err != nil {
		return nil, err
	}
	return &Template{t: t}, nil
}

// compiler compiles a template and the templates it calls.
type compiler struct {
	set   *template.Template
	funcs map[string]reflect.Value
	tmpls map[string]*tmpl
	// rcdata is the name suffix of the context while compiling a template
	// that html/template derived for the text of a <title> or <textarea>,
	// from its tree as written (see template); "" otherwise.
	rcdata string
}

// rcdataContexts are the suffixes html/template gives the names of the
// templates it derives for the text of a <title> or a <textarea>
// (context.mangle).
var rcdataContexts = map[string]bool{
	"$htmltemplate_stateRCDATA_elementTitle":    true,
	"$htmltemplate_stateRCDATA_elementTextarea": true,
}

func unsupported(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrUnsupported, fmt.Sprintf(format, args...))
}

// template compiles the template name of the set.
func (c *compiler) template(name string) (*tmpl, error) {
	if t, ok := c.tmpls[name]; ok {
		return t, nil
	}
	base, context, derived := strings.Cut(name, "$htmltemplate_")
	context = "$htmltemplate_" + context
	if derived && !rcdataContexts[context] {
		return nil, unsupported("template %q is derived by html/template for a context compiled templates do not run", name)
	}
	ht := c.set.Lookup(base)
	if ht == nil || ht.Tree == nil || ht.Tree.Root == nil {
		return nil, unsupported("no template %q", base)
	}
	if derived && strings.Contains(ht.Tree.Root.String(), "_html_template_") {
		// Escaped for another context too: html/template's derived copy
		// is not the tree as written with the RCDATA escaper added.
		return nil, unsupported("template %q is escaped for HTML text as well as derived for RCDATA", base)
	}
	t := &tmpl{name: name}
	c.tmpls[name] = t
	outer := c.rcdata
	c.rcdata = ""
	if derived {
		c.rcdata = context
	}
	body, err := c.list(ht.Tree.Root)
	c.rcdata = outer
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	t.body = body
	return t, nil
}

func (c *compiler) list(l *parse.ListNode) (stmt, error) {
	if l == nil {
		return nil, nil
	}
	var stmts []stmt
	for _, n := range l.Nodes {
		st, err := c.node(n)
		if err != nil {
			return nil, err
		}
		if st != nil {
			stmts = append(stmts, st)
		}
	}
	switch len(stmts) {
	case 0:
		return func(*state, reflect.Value) {}, nil
	case 1:
		return stmts[0], nil
	}
	return func(s *state, dot reflect.Value) {
		for _, st := range stmts {
			st(s, dot)
			if s.flow != flowNone {
				return
			}
		}
	}, nil
}

// node compiles a node of a list: exec.go's walk.
func (c *compiler) node(n parse.Node) (stmt, error) {
	switch n := n.(type) {
	case *parse.TextNode:
		text := n.Text
		if c.rcdata != "" && bytes.Contains(text, []byte("</")) {
			// It may end the element, and html/template's escaping with it.
			return nil, unsupported("text %q in a template derived for RCDATA", text)
		}
		return func(s *state, _ reflect.Value) { s.w.Write(text) }, nil
	case *parse.CommentNode:
		return nil, nil
	case *parse.ActionNode:
		return c.action(n)
	case *parse.IfNode:
		return c.ifOrWith(false, n.Pipe, n.List, n.ElseList)
	case *parse.WithNode:
		return c.ifOrWith(true, n.Pipe, n.List, n.ElseList)
	case *parse.RangeNode:
		return c.rangeNode(n)
	case *parse.TemplateNode:
		// In a template derived for RCDATA, html/template derives the
		// templates it calls for RCDATA too.
		return c.call(n.Name+c.rcdata, n.Pipe)
	case *parse.BreakNode:
		return func(s *state, _ reflect.Value) { s.flow = flowBreak }, nil
	case *parse.ContinueNode:
		return func(s *state, _ reflect.Value) { s.flow = flowContinue }, nil
	case *parse.ListNode:
		return c.list(n)
	}
	return nil, unsupported("node %s", n)
}

// action compiles {{pipeline}}: it prints the pipeline's value unless the
// pipeline declares variables.
func (c *compiler) action(n *parse.ActionNode) (stmt, error) {
	if len(n.Pipe.Decl) > 0 {
		pipe, err := c.pipeline(n.Pipe)
		if err != nil {
			return nil, err
		}
		return func(s *state, dot reflect.Value) { pipe(s, dot) }, nil
	}
	cmds := n.Pipe.Cmds
	var escs []*escaper
	if c.rcdata != "" {
		// What html/template's escapeAction does in RCDATA, but for its
		// predefined escapers, which it merges with its own.
		for _, cmd := range cmds {
			if id, ok := cmd.Args[0].(*parse.IdentifierNode); ok && (id.Ident == "html" || id.Ident == "urlquery") {
				return nil, unsupported("%s in a template derived for RCDATA", id.Ident)
			}
		}
		escs = []*escaper{escapers["_html_template_rcdataescaper"]}
	} else {
		// html/template ends every printing action with escapers. One
		// that does not is in a tree it has not escaped, which must not
		// be run.
		k := len(cmds)
		for k > 1 && escaperCommand(cmds[k-1]) != nil {
			k--
		}
		if k == len(cmds) {
			return nil, unsupported("action %s has no escaper: the template is not escaped", n)
		}
		for _, cmd := range cmds[k:] {
			escs = append(escs, escaperCommand(cmd))
		}
		cmds = cmds[:k]
	}
	lead, err := c.pipeline(&parse.PipeNode{Cmds: cmds})
	if err != nil {
		return nil, err
	}
	// The escapers' strings go from one to the next, and the last one's
	// to the output, without a reflect.Value for each.
	first, rest := escs[0], escs[1:]
	return func(s *state, dot reflect.Value) {
		var str string
		if v := lead(s, dot); v.Kind() != reflect.String || v.Type() != stringType {
			str = first.one(s, s.validateType(v, anyType))
		} else if len(rest) == 0 && first.to != nil {
			first.to(s.w, v.String())
			return
		} else {
			str = first.str(v.String())
		}
		for i, e := range rest {
			if i == len(rest)-1 && e.to != nil {
				e.to(s.w, str)
				return
			}
			str = e.str(str)
		}
		s.w.WriteString(str)
	}, nil
}

// escaperCommand returns the escaper a command calls without arguments, or
// nil.
func escaperCommand(cmd *parse.CommandNode) *escaper {
	if id, ok := cmd.Args[0].(*parse.IdentifierNode); ok && len(cmd.Args) == 1 {
		return escapers[id.Ident]
	}
	return nil
}

// branch compiles the parts of an if, with or range.
func (c *compiler) branch(p *parse.PipeNode, list, elseList *parse.ListNode) (pipe pipeFn, body, orElse stmt, err error) {
	if pipe, err = c.pipeline(p); err != nil {
		return nil, nil, nil, err
	}
	if body, err = c.list(list); err != nil {
		return nil, nil, nil, err
	}
	orElse, err = c.list(elseList)
	return pipe, body, orElse, err
}

func (c *compiler) ifOrWith(with bool, p *parse.PipeNode, list, elseList *parse.ListNode) (stmt, error) {
	pipe, body, orElse, err := c.branch(p, list, elseList)
	if err != nil {
		return nil, err
	}
	return func(s *state, dot reflect.Value) {
		mark := len(s.vars)
		val := pipe(s, dot)
		truth, ok := isTrue(indirectInterface(val))
		if !ok {
			s.fail("if/with can't use %v", val)
		}
		switch {
		case truth && with:
			body(s, val)
		case truth:
			body(s, dot)
		case orElse != nil:
			orElse(s, dot)
		}
		s.vars = s.vars[:mark]
	}, nil
}

// rangeNode is exec.go's walkRange.
func (c *compiler) rangeNode(r *parse.RangeNode) (stmt, error) {
	pipe, body, orElse, err := c.branch(r.Pipe, r.List, r.ElseList)
	if err != nil {
		return nil, err
	}
	decl, assign := r.Pipe.Decl, r.Pipe.IsAssign
	// one runs the body for one element and reports whether the loop is to
	// stop ({{break}}); mark is the top of the variables' stack before any
	// of the body's are pushed. Made here, not per execution: a closure of
	// the loop's would go to the heap every time.
	one := func(s *state, mark int, index, elem reflect.Value) bool {
		if len(decl) > 0 {
			if assign {
				// With two variables, index comes first. With one,
				// we use the element.
				if len(decl) > 1 {
					s.setVar(decl[0].Ident[0], index)
				} else {
					s.setVar(decl[0].Ident[0], elem)
				}
			} else {
				// Set the top variable (lexically the second if there
				// are two) to the element.
				s.vars[len(s.vars)-1].value = elem
			}
		}
		if len(decl) > 1 {
			if assign {
				s.setVar(decl[1].Ident[0], elem)
			} else {
				s.vars[len(s.vars)-2].value = index
			}
		}
		body(s, elem)
		s.vars = s.vars[:mark]
		stop := s.flow == flowBreak
		s.flow = flowNone
		return stop
	}
	return func(s *state, dot reflect.Value) {
		outer := len(s.vars)
		val, _ := indirect(pipe(s, dot))
		mark := len(s.vars)
		ran := false
		switch val.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			if len(decl) > 1 {
				s.fail("can't use %v to iterate over more than one variable", val)
			}
			ran = rangeInt(s, mark, val, one)
		case reflect.Array, reflect.Slice:
			for i := range val.Len() {
				ran = true
				var index reflect.Value // only a second variable reads it
				if len(decl) > 1 {
					index = reflect.ValueOf(i)
				}
				if one(s, mark, index, val.Index(i)) {
					break
				}
			}
		case reflect.Map:
			for _, kv := range sortedMap(s, val) {
				ran = true
				if one(s, mark, kv.key, kv.value) {
					break
				}
			}
		case reflect.Invalid:
			// A nil map and the like: as an empty one.
		case reflect.Chan, reflect.Func:
			s.leave("range over a " + val.Kind().String())
		default:
			s.fail("range can't iterate over %v", val)
		}
		if !ran && orElse != nil {
			orElse(s, dot)
		}
		s.vars = s.vars[:outer]
	}, nil
}

// rangeInt ranges over an integer, the element being each value, as for a
// channel, and reports whether the body ran. Apart from rangeNode's
// closure, so that the sequence's closure takes only what it needs.
func rangeInt(s *state, mark int, val reflect.Value, one func(*state, int, reflect.Value, reflect.Value) bool) (ran bool) {
	for v := range val.Seq() {
		ran = true
		if one(s, mark, reflect.Value{}, v) {
			break
		}
	}
	return ran
}

// call compiles {{template "name" pipeline}}: exec.go's walkTemplate.
func (c *compiler) call(name string, p *parse.PipeNode) (stmt, error) {
	t, err := c.template(name)
	if err != nil {
		return nil, err
	}
	pipe, err := c.pipeline(p)
	if err != nil {
		return nil, err
	}
	return func(s *state, dot reflect.Value) {
		if s.depth == maxExecDepth {
			s.fail("exceeded maximum template depth (%v)", maxExecDepth)
		}
		// Variables declared by the pipeline persist.
		dot = pipe(s, dot)
		// No dynamic scoping: the called template sees no variables.
		t.body(s.enter(dot), dot)
	}, nil
}

// setVar overwrites the last declared variable with the given name.
func (s *state) setVar(name string, value reflect.Value) {
	for i := len(s.vars) - 1; i >= 0; i-- {
		if s.vars[i].name == name {
			s.vars[i].value = value
			return
		}
	}
	s.fail("undefined variable: %s", name)
}

// varValue returns the value of the named variable.
func (s *state) varValue(name string) reflect.Value {
	for i := len(s.vars) - 1; i >= 0; i-- {
		if s.vars[i].name == name {
			return s.vars[i].value
		}
	}
	s.fail("undefined variable: %s", name)
	return reflect.Value{}
}
