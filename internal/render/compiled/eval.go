package compiled

import (
	"cmp"
	"fmt"
	"html/template"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"text/template/parse"
	"time"
)

// This file is text/template's exec.go for pipelines, commands, fields,
// calls and arguments, compiled: each function names the one it follows,
// and some (validateType, indirect, isTrue, safeCall …) are its own.
//
// Copyright 2011 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file (Go's, beside this one).

var (
	stringType       = reflect.TypeFor[string]()
	errorType        = reflect.TypeFor[error]()
	fmtStringerType  = reflect.TypeFor[fmt.Stringer]()
	reflectValueType = reflect.TypeFor[reflect.Value]()
	anyType          = reflect.TypeFor[any]()
)

// missingVal is the final value of a pipeline's first command: there is
// none. It is exec.go's, of a type of its own.
type missingValType struct{}

var missingVal = reflect.ValueOf(missingValType{})

var missingType = missingVal.Type()

func isMissing(v reflect.Value) bool {
	return v.Kind() == reflect.Struct && v.Type() == missingType
}

// pipeFn evaluates a pipeline.
type pipeFn func(s *state, dot reflect.Value) reflect.Value

// command evaluates a command of a pipeline; final is the value of the
// command before it, or missingVal.
type command func(s *state, dot, final reflect.Value) reflect.Value

// pipeline is evalPipeline. Its variables are pushed on the state's stack:
// the caller pops them.
func (c *compiler) pipeline(p *parse.PipeNode) (pipeFn, error) {
	if p == nil {
		return func(*state, reflect.Value) reflect.Value { return reflect.Value{} }, nil
	}
	cmds := make([]command, len(p.Cmds))
	for i, cmd := range p.Cmds {
		var err error
		if cmds[i], err = c.command(cmd); err != nil {
			return nil, err
		}
	}
	decl := make([]string, len(p.Decl))
	for i, v := range p.Decl {
		decl[i] = v.Ident[0]
	}
	assign := p.IsAssign
	return func(s *state, dot reflect.Value) reflect.Value {
		value := missingVal
		for _, cmd := range cmds {
			value = cmd(s, dot, value) // the previous value is this one's final argument
			// If the value has type interface{}, dig down one level.
			if value.Kind() == reflect.Interface && value.Type().NumMethod() == 0 {
				value = value.Elem()
			}
		}
		for _, name := range decl {
			if assign {
				s.setVar(name, value)
			} else {
				s.vars = append(s.vars, variable{name, value})
			}
		}
		return value
	}, nil
}

func notAFunction(s *state, nargs int, final reflect.Value) {
	if nargs > 1 || !isMissing(final) {
		s.fail("can't give argument to non-function")
	}
}

// command is evalCommand.
func (c *compiler) command(cmd *parse.CommandNode) (command, error) {
	nargs := len(cmd.Args)
	args, err := c.args(cmd.Args[1:])
	if err != nil {
		return nil, err
	}
	switch n := cmd.Args[0].(type) {
	case *parse.FieldNode:
		chain, err := c.fieldChain(n.Ident, args)
		if err != nil {
			return nil, err
		}
		return func(s *state, dot, final reflect.Value) reflect.Value {
			return chain(s, dot, dot, final)
		}, nil
	case *parse.ChainNode:
		return c.chain(n, args)
	case *parse.IdentifierNode:
		return c.function(n.Ident, args)
	case *parse.PipeNode:
		pipe, err := c.pipeline(n)
		if err != nil {
			return nil, err
		}
		return func(s *state, dot, final reflect.Value) reflect.Value {
			notAFunction(s, nargs, final)
			return pipe(s, dot)
		}, nil
	case *parse.VariableNode:
		name := n.Ident[0]
		if len(n.Ident) == 1 {
			return func(s *state, dot, final reflect.Value) reflect.Value {
				value := s.varValue(name)
				notAFunction(s, nargs, final)
				return value
			}, nil
		}
		chain, err := c.fieldChain(n.Ident[1:], args)
		if err != nil {
			return nil, err
		}
		return func(s *state, dot, final reflect.Value) reflect.Value {
			return chain(s, dot, s.varValue(name), final)
		}, nil
	case *parse.DotNode:
		return func(s *state, dot, final reflect.Value) reflect.Value {
			notAFunction(s, nargs, final)
			return dot
		}, nil
	case *parse.BoolNode, *parse.NumberNode, *parse.StringNode:
		v, err := constant(n)
		if err != nil {
			return nil, err
		}
		return func(s *state, dot, final reflect.Value) reflect.Value {
			notAFunction(s, nargs, final)
			return v
		}, nil
	}
	// nil as a command, and whatever else: always an error at run time.
	return nil, unsupported("command %s", cmd)
}

// constant is the value of a literal where no type is asked for:
// evalEmptyInterface for literals, and idealConstant for numbers.
func constant(n parse.Node) (reflect.Value, error) {
	switch n := n.(type) {
	case *parse.BoolNode:
		return reflect.ValueOf(n.True), nil
	case *parse.StringNode:
		return reflect.ValueOf(n.Text), nil
	case *parse.NumberNode:
		switch {
		case n.IsComplex:
			return reflect.ValueOf(n.Complex128), nil
		case n.IsFloat && !isHexInt(n.Text) && !isRuneInt(n.Text) && strings.ContainsAny(n.Text, ".eEpP"):
			return reflect.ValueOf(n.Float64), nil
		case n.IsInt:
			i := int(n.Int64)
			if int64(i) != n.Int64 {
				return reflect.Value{}, unsupported("%s overflows int", n.Text)
			}
			return reflect.ValueOf(i), nil
		case n.IsUint:
			return reflect.Value{}, unsupported("%s overflows int", n.Text)
		}
		return reflect.Value{}, nil
	}
	return reflect.Value{}, unsupported("constant %s", n)
}

func isRuneInt(s string) bool { return len(s) > 0 && s[0] == '\'' }

func isHexInt(s string) bool {
	return len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && !strings.ContainsAny(s, "pP")
}

// chain is evalChainNode: (pipeline).Field1.Field2.
func (c *compiler) chain(n *parse.ChainNode, args []*arg) (command, error) {
	if n.Node.Type() == parse.NodeNil {
		return nil, unsupported("indirection through explicit nil in %s", n)
	}
	recv, err := c.arg(n.Node)
	if err != nil {
		return nil, err
	}
	chain, err := c.fieldChain(n.Field, args)
	if err != nil {
		return nil, err
	}
	return func(s *state, dot, final reflect.Value) reflect.Value {
		return chain(s, dot, recv.typed(s, dot, nil), final)
	}, nil
}

// chainFn evaluates .X.Y.Z on a receiver.
type chainFn func(s *state, dot, receiver, final reflect.Value) reflect.Value

// fieldChain is evalFieldChain: the last field gets the command's
// arguments and final value, if it is a method.
func (c *compiler) fieldChain(idents []string, args []*arg) (chainFn, error) {
	sites := make([]*fieldSite, len(idents))
	for i, name := range idents {
		sites[i] = &fieldSite{name: name}
	}
	last := sites[len(sites)-1]
	last.args = args
	if len(sites) == 1 {
		return last.eval, nil
	}
	inner := sites[:len(sites)-1]
	return func(s *state, dot, receiver, final reflect.Value) reflect.Value {
		for _, f := range inner {
			receiver = f.eval(s, dot, receiver, missingVal)
		}
		return last.eval(s, dot, receiver, final)
	}, nil
}

// fieldSite is one .Name of a field chain, with what it resolved to the
// last time it was evaluated on a struct.
type fieldSite struct {
	name  string
	args  []*arg // the command's arguments, for the last field of a chain
	cache atomic.Pointer[resolved]
}

// resolved says where a struct type's .Name is: a method of the type or
// its pointer type, or a field.
type resolved struct {
	typ    reflect.Type // the struct type
	addr   bool         // the struct value was addressable: *T's methods count
	method int          // the method's index, or -1 for a field
	call   *signature   // the method's
	index  []int        // the field's
}

// eval is evalField.
func (f *fieldSite) eval(s *state, dot, receiver, final reflect.Value) reflect.Value {
	if !receiver.IsValid() {
		return reflect.Value{} // missingkey=default: a missing key's value
	}
	receiver, isNil := indirect(receiver)
	if r := f.cache.Load(); r != nil && receiver.Kind() == reflect.Struct &&
		receiver.Type() == r.typ && receiver.CanAddr() == r.addr {
		if r.method >= 0 {
			ptr := receiver
			if r.addr {
				ptr = receiver.Addr()
			}
			return s.call(dot, ptr.Method(r.method), r.call, f.args, final)
		}
		if len(f.args) > 0 || !isMissing(final) {
			s.fail("%s has arguments but cannot be invoked as function", f.name)
		}
		if len(r.index) == 1 {
			return receiver.Field(r.index[0])
		}
		field, err := receiver.FieldByIndexErr(r.index)
		if err != nil {
			s.fail("%v", err)
		}
		return field
	}
	if receiver.Kind() == reflect.Interface && isNil {
		// Calling a method on a nil interface can't work.
		s.fail("nil pointer evaluating %s", f.name)
	}
	// Unless it's an interface, need to get to a value of type *T to
	// guarantee we see all methods of T and *T.
	ptr := receiver
	if ptr.Kind() != reflect.Interface && ptr.Kind() != reflect.Pointer && ptr.CanAddr() {
		ptr = ptr.Addr()
	}
	// (ptr is no interface: indirect goes through every one not nil.)
	if m, ok := ptr.Type().MethodByName(f.name); ok {
		method := ptr.Method(m.Index)
		sig := newSignature(method.Type())
		if receiver.Kind() == reflect.Struct {
			f.cache.Store(&resolved{typ: receiver.Type(), addr: receiver.CanAddr(), method: m.Index, call: sig})
		}
		return s.call(dot, method, sig, f.args, final)
	}
	hasArgs := len(f.args) > 0 || !isMissing(final)
	// It's not a method; must be a field of a struct or an element of a map.
	switch receiver.Kind() {
	case reflect.Struct:
		tField, ok := receiver.Type().FieldByName(f.name)
		if ok {
			field, err := receiver.FieldByIndexErr(tField.Index)
			if !tField.IsExported() {
				s.fail("%s is an unexported field of struct type %s", f.name, receiver.Type())
			}
			if err != nil {
				s.fail("%v", err)
			}
			// If it's a function, we must call it.
			if hasArgs {
				s.fail("%s has arguments but cannot be invoked as function", f.name)
			}
			f.cache.Store(&resolved{typ: receiver.Type(), addr: receiver.CanAddr(), method: -1, index: tField.Index})
			return field
		}
	case reflect.Map:
		// If it's a map, attempt to use the field name as a key.
		nameVal := reflect.ValueOf(f.name)
		if nameVal.Type().AssignableTo(receiver.Type().Key()) {
			if hasArgs {
				s.fail("%s is not a method but has arguments", f.name)
			}
			return receiver.MapIndex(nameVal) // missingkey=default: invalid when missing
		}
	}
	s.fail("can't evaluate field %s in type %s", f.name, receiver.Type())
	return reflect.Value{}
}

// signature is what evalCall needs of a function's type, worked out once.
type signature struct {
	numIn    int
	variadic bool
	in       []reflect.Type
	bad      error // goodFunc's verdict
}

func newSignature(typ reflect.Type) *signature {
	sig := &signature{numIn: typ.NumIn(), variadic: typ.IsVariadic()}
	for i := range sig.numIn {
		sig.in = append(sig.in, typ.In(i))
	}
	switch numOut := typ.NumOut(); {
	case numOut == 1:
	case numOut == 2 && typ.Out(1) == errorType:
	case numOut == 2:
		sig.bad = fmt.Errorf("invalid function signature: second return value should be error; is %s", typ.Out(1))
	default:
		sig.bad = fmt.Errorf("function has %d return values; should be 1 or 2", numOut)
	}
	return sig
}

// argv evaluates a call's arguments for a function of signature sig, as
// evalCall does, into buf when it is large enough.
func (s *state) argv(dot reflect.Value, sig *signature, args []*arg, final reflect.Value, buf []reflect.Value) []reflect.Value {
	numIn := len(args)
	if !isMissing(final) {
		numIn++
	}
	numFixed := len(args)
	if sig.variadic {
		numFixed = sig.numIn - 1 // the last is the variadic one
		if numIn < numFixed {
			s.fail("wrong number of args: want at least %d got %d", sig.numIn-1, len(args))
		}
	} else if numIn != sig.numIn {
		s.fail("wrong number of args: want %d got %d", sig.numIn, numIn)
	}
	if sig.bad != nil {
		s.fail("%v", sig.bad)
	}
	var argv []reflect.Value
	if numIn <= len(buf) {
		argv = buf[:numIn]
	} else {
		argv = make([]reflect.Value, numIn)
	}
	// Fixed args first, then the ... args.
	i := 0
	for ; i < numFixed && i < len(args); i++ {
		argv[i] = args[i].typed(s, dot, sig.in[i])
	}
	if sig.variadic {
		elem := sig.in[sig.numIn-1].Elem()
		for ; i < len(args); i++ {
			argv[i] = args[i].typed(s, dot, elem)
		}
	}
	if !isMissing(final) {
		t := sig.in[sig.numIn-1]
		if sig.variadic {
			if numIn-1 < numFixed {
				// The final value is a fixed parameter.
				t = sig.in[numIn-1]
			} else {
				t = t.Elem()
			}
		}
		argv[i] = s.validateType(final, t)
	}
	return argv
}

// call is evalCall for a function or method (with its receiver bound) that
// is neither a builtin nor an escaper.
func (s *state) call(dot, fun reflect.Value, sig *signature, args []*arg, final reflect.Value) reflect.Value {
	var buf [4]reflect.Value
	argv := s.argv(dot, sig, args, final, buf[:])
	v, err := safeCall(fun, argv)
	if err != nil {
		s.fail("error calling function: %w", err)
	}
	if v.Type() == reflectValueType {
		v = v.Interface().(reflect.Value)
	}
	return v
}

// safeCall runs fun.Call(args), and returns the resulting value and error,
// if any. If the call panics, the panic value is returned as an error.
func safeCall(fun reflect.Value, args []reflect.Value) (val reflect.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); ok {
				err = e
			} else {
				err = fmt.Errorf("%v", r)
			}
		}
	}()
	ret := fun.Call(args)
	if len(ret) == 2 && !ret[1].IsNil() {
		return ret[0], ret[1].Interface().(error)
	}
	return ret[0], nil
}

// function compiles a call of a named function: one of the set's
// functions or a builtin, in the order text/template finds them. The
// escapers html/template appends to actions are compiled by action; one
// called as a function (_eval_args_, which html/template puts before the
// html and urlquery builtins, refused) is left to html/template.
func (c *compiler) function(name string, args []*arg) (command, error) {
	if escapers[name] != nil || name == "_eval_args_" {
		// html/template's own, over any of the set's functions of the name.
		return nil, unsupported("escaper %s called as a function", name)
	}
	if fun, ok := c.funcs[name]; ok {
		sig := newSignature(fun.Type())
		if fn := fun.Interface(); directly(fn) {
			return func(s *state, dot, final reflect.Value) reflect.Value {
				var buf [3]reflect.Value
				v, err := callDirectly(fn, s.argv(dot, sig, args, final, buf[:]))
				if err != nil {
					s.fail("error calling %s: %w", name, err)
				}
				return v
			}, nil
		}
		return func(s *state, dot, final reflect.Value) reflect.Value {
			return s.call(dot, fun, sig, args, final)
		}, nil
	}
	switch name {
	case "and", "or":
		return andOr(name == "or", args), nil
	}
	if b, ok := builtins[name]; ok {
		return func(s *state, dot, final reflect.Value) reflect.Value {
			n := len(args)
			if !isMissing(final) {
				n++
			}
			if n < b.min || (b.max >= 0 && n > b.max) {
				s.fail("wrong number of args for %s: got %d", name, n)
			}
			var buf [3]reflect.Value
			argv := buf[:0]
			for _, a := range args {
				argv = append(argv, a.value(s, dot))
			}
			if !isMissing(final) {
				argv = append(argv, asValue(final))
			}
			v, err := b.fn(argv)
			if err != nil {
				s.fail("error calling %s: %w", name, err)
			}
			return v
		}, nil
	}
	switch name {
	case "print", "printf", "println":
		fun := reflect.ValueOf(map[string]any{"print": fmt.Sprint, "printf": fmt.Sprintf, "println": fmt.Sprintln}[name])
		sig := newSignature(fun.Type())
		return func(s *state, dot, final reflect.Value) reflect.Value {
			return s.call(dot, fun, sig, args, final)
		}, nil
	}
	return nil, unsupported("function %q", name)
}

// directly reports whether callDirectly calls fn: a function of a type
// that templates' functions often have.
func directly(fn any) bool {
	switch fn.(type) {
	case func(string) string, func(string) (string, error),
		func(string) template.HTML, func(string) (template.HTML, error),
		func(string, any) (template.HTML, error),
		func(time.Time) string, func(string, time.Time) string,
		func(int, string, string) string:
		return true
	}
	return false
}

// callDirectly calls fn, of a type directly accepts, without reflection,
// with the arguments as evalCall makes them. A panic in fn stops the
// execution, as any does: html/template then reports it.
func callDirectly(fn any, a []reflect.Value) (reflect.Value, error) {
	switch f := fn.(type) {
	case func(string) string:
		return reflect.ValueOf(f(a[0].String())), nil
	case func(string) (string, error):
		r, err := f(a[0].String())
		return reflect.ValueOf(r), err
	case func(string) template.HTML:
		return reflect.ValueOf(f(a[0].String())), nil
	case func(string) (template.HTML, error):
		r, err := f(a[0].String())
		return reflect.ValueOf(r), err
	case func(time.Time) string:
		return reflect.ValueOf(f(timeOf(a[0]))), nil
	case func(string, time.Time) string:
		return reflect.ValueOf(f(a[0].String(), timeOf(a[1]))), nil
	case func(string, any) (template.HTML, error):
		r, err := f(a[0].String(), anyOf(a[1]))
		return reflect.ValueOf(r), err
	case func(int, string, string) string:
		return reflect.ValueOf(f(int(a[0].Int()), a[1].String(), a[2].String())), nil
	}
	panic("callDirectly: not a function directly accepts")
}

// anyOf is what a parameter of type any receives for v (evalCall has made
// it a reflect.Value of that type).
func anyOf(v reflect.Value) any {
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	return v.Interface()
}

// timeOf is the time.Time v holds, read through its address when it has
// one, so that it is not copied to the heap.
func timeOf(v reflect.Value) time.Time {
	if v.CanAddr() {
		return *v.Addr().Interface().(*time.Time)
	}
	return v.Interface().(time.Time)
}

// andOr is evalCall's special case for the builtins and and or, which
// evaluate their arguments only until one decides.
func andOr(or bool, args []*arg) command {
	return func(s *state, dot, final reflect.Value) reflect.Value {
		if len(args) == 0 && isMissing(final) {
			s.fail("wrong number of args: want at least 1 got 0")
		}
		var v reflect.Value
		for _, a := range args {
			v = a.value(s, dot)
			if truth(v) == or {
				return v
			}
		}
		if !isMissing(final) {
			// The last argument comes from the pipeline: no earlier one
			// decided, so it is the value.
			v = asValue(final)
		}
		return v
	}
}

// asValue is what a builtin taking a reflect.Value receives for the
// value v: validateType(v, reflectValueType), then Call's unwrapping,
// without making the reflect.Value of a reflect.Value in between.
func asValue(v reflect.Value) reflect.Value {
	if v.IsValid() && v.Type() == reflectValueType {
		return v.Interface().(reflect.Value)
	}
	return v
}

// canBeNil reports whether an untyped nil can be assigned to the type.
func canBeNil(typ reflect.Type) bool {
	switch typ.Kind() {
	case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
		return true
	case reflect.Struct:
		return typ == reflectValueType
	}
	return false
}

// validateType guarantees that the value is valid and assignable to the
// type.
func (s *state) validateType(value reflect.Value, typ reflect.Type) reflect.Value {
	if !value.IsValid() {
		if typ == nil {
			// An untyped nil interface{}. Accept as a proper nil value.
			return reflect.ValueOf(nil)
		}
		if canBeNil(typ) {
			// Like above, but use the zero value of the non-nil type.
			return reflect.Zero(typ)
		}
		s.fail("invalid value; expected %s", typ)
	}
	if typ == reflectValueType && value.Type() != typ {
		return reflect.ValueOf(value)
	}
	if typ != nil && !value.Type().AssignableTo(typ) {
		if value.Kind() == reflect.Interface && !value.IsNil() {
			value = value.Elem()
			if value.Type().AssignableTo(typ) {
				return value
			}
			// fallthrough
		}
		// Does one dereference or indirection work?
		switch {
		case value.Kind() == reflect.Pointer && value.Type().Elem().AssignableTo(typ):
			value = value.Elem()
			if !value.IsValid() {
				s.fail("dereference of nil pointer of type %s", typ)
			}
		case reflect.PointerTo(value.Type()).AssignableTo(typ) && value.CanAddr():
			value = value.Addr()
		default:
			s.fail("wrong type for value; expected %s; got %s", typ, value.Type())
		}
	}
	return value
}

// arg is a compiled argument of a call: evalArg.
type arg struct {
	node parse.Node
	// eval evaluates a node that is not a literal, dot or nil.
	eval func(s *state, dot reflect.Value) reflect.Value
	// For literals: the value when no type is asked for, and the last
	// typed value made, by type.
	lit    reflect.Value
	litErr error // a number too large for an int, when taken as one
	conv   atomic.Pointer[typedLit]
}

type typedLit struct {
	typ reflect.Type
	val reflect.Value
}

func (c *compiler) args(nodes []parse.Node) ([]*arg, error) {
	var args []*arg
	for _, n := range nodes {
		a, err := c.arg(n)
		if err != nil {
			return nil, err
		}
		args = append(args, a)
	}
	return args, nil
}

func (c *compiler) arg(n parse.Node) (*arg, error) {
	a := &arg{node: n}
	switch n := n.(type) {
	case *parse.DotNode, *parse.NilNode:
	case *parse.BoolNode, *parse.NumberNode, *parse.StringNode:
		// A number too large for an int fails only where it is taken as
		// one (arg.constant): as a parameter of another type it is fine.
		a.lit, a.litErr = constant(n)
	case *parse.FieldNode:
		chain, err := c.fieldChain(n.Ident, nil)
		if err != nil {
			return nil, err
		}
		a.eval = func(s *state, dot reflect.Value) reflect.Value { return chain(s, dot, dot, missingVal) }
	case *parse.VariableNode:
		name := n.Ident[0]
		if len(n.Ident) == 1 {
			a.eval = func(s *state, dot reflect.Value) reflect.Value { return s.varValue(name) }
			break
		}
		chain, err := c.fieldChain(n.Ident[1:], nil)
		if err != nil {
			return nil, err
		}
		a.eval = func(s *state, dot reflect.Value) reflect.Value {
			return chain(s, dot, s.varValue(name), missingVal)
		}
	case *parse.PipeNode:
		pipe, err := c.pipeline(n)
		if err != nil {
			return nil, err
		}
		a.eval = pipe
	case *parse.IdentifierNode:
		fn, err := c.function(n.Ident, nil)
		if err != nil {
			return nil, err
		}
		a.eval = func(s *state, dot reflect.Value) reflect.Value { return fn(s, dot, missingVal) }
	case *parse.ChainNode:
		cmd, err := c.chain(n, nil)
		if err != nil {
			return nil, err
		}
		a.eval = func(s *state, dot reflect.Value) reflect.Value { return cmd(s, dot, missingVal) }
	default:
		return nil, unsupported("argument %s", n)
	}
	return a, nil
}

// typed is evalArg: the argument's value for a parameter of type typ
// (nil for none).
func (a *arg) typed(s *state, dot reflect.Value, typ reflect.Type) reflect.Value {
	switch a.node.(type) {
	case *parse.DotNode:
		return s.validateType(dot, typ)
	case *parse.NilNode:
		if canBeNil(typ) {
			return reflect.Zero(typ)
		}
		s.fail("cannot assign nil to %s", typ)
	case *parse.BoolNode, *parse.NumberNode, *parse.StringNode:
		return a.literal(s, typ)
	}
	return s.validateType(a.eval(s, dot), typ)
}

// value is the argument as a builtin taking a reflect.Value receives it.
func (a *arg) value(s *state, dot reflect.Value) reflect.Value {
	switch a.node.(type) {
	case *parse.DotNode:
		return asValue(dot)
	case *parse.NilNode:
		return reflect.Value{}
	case *parse.BoolNode, *parse.NumberNode, *parse.StringNode:
		return a.constant(s)
	}
	return asValue(a.eval(s, dot))
}

// constant is the literal's value where no type is asked for.
func (a *arg) constant(s *state) reflect.Value {
	if a.litErr != nil {
		s.fail("%v", a.litErr)
	}
	return a.lit
}

// literal is evalArg's conversion of a literal to the type asked for.
func (a *arg) literal(s *state, typ reflect.Type) reflect.Value {
	if t := a.conv.Load(); t != nil && t.typ == typ {
		return t.val
	}
	var v reflect.Value
	switch typ.Kind() {
	case reflect.Bool:
		n, ok := a.node.(*parse.BoolNode)
		if !ok {
			s.fail("expected bool; found %s", a.node)
		}
		v = reflect.New(typ).Elem()
		v.SetBool(n.True)
	case reflect.Complex64, reflect.Complex128:
		n, ok := a.node.(*parse.NumberNode)
		if !ok || !n.IsComplex {
			s.fail("expected complex; found %s", a.node)
		}
		v = reflect.New(typ).Elem()
		v.SetComplex(n.Complex128)
	case reflect.Float32, reflect.Float64:
		n, ok := a.node.(*parse.NumberNode)
		if !ok || !n.IsFloat {
			s.fail("expected float; found %s", a.node)
		}
		v = reflect.New(typ).Elem()
		v.SetFloat(n.Float64)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := a.node.(*parse.NumberNode)
		if !ok || !n.IsInt {
			s.fail("expected integer; found %s", a.node)
		}
		v = reflect.New(typ).Elem()
		v.SetInt(n.Int64)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		n, ok := a.node.(*parse.NumberNode)
		if !ok || !n.IsUint {
			s.fail("expected unsigned integer; found %s", a.node)
		}
		v = reflect.New(typ).Elem()
		v.SetUint(n.Uint64)
	case reflect.String:
		n, ok := a.node.(*parse.StringNode)
		if !ok {
			s.fail("expected string; found %s", a.node)
		}
		v = reflect.New(typ).Elem()
		v.SetString(n.Text)
	case reflect.Interface:
		if typ.NumMethod() != 0 {
			s.fail("can't handle %s for arg of type %s", a.node, typ)
		}
		v = a.constant(s)
	case reflect.Struct:
		if typ != reflectValueType {
			s.fail("can't handle %s for arg of type %s", a.node, typ)
		}
		v = reflect.ValueOf(a.constant(s))
	default:
		s.fail("can't handle %s for arg of type %s", a.node, typ)
	}
	a.conv.Store(&typedLit{typ, v})
	return v
}

// indirect returns the item at the end of indirection, and a bool to
// indicate if it's nil. If the returned bool is true, the returned value's
// kind will be either a pointer or interface.
func indirect(v reflect.Value) (rv reflect.Value, isNil bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}

// indirectInterface returns the concrete value in an interface value, or
// else the zero reflect.Value.
func indirectInterface(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Interface {
		return v
	}
	if v.IsNil() {
		return reflect.Value{}
	}
	return v.Elem()
}

// isTrue reports whether the value is 'true', in the sense of not the
// zero of its type, and whether the value has a meaningful truth value.
func isTrue(val reflect.Value) (truth, ok bool) {
	if !val.IsValid() {
		// Something like var x interface{}, never set. It's a form of nil.
		return false, true
	}
	switch val.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		truth = val.Len() > 0
	case reflect.Bool:
		truth = val.Bool()
	case reflect.Complex64, reflect.Complex128:
		truth = val.Complex() != 0
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		truth = !val.IsNil()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		truth = val.Int() != 0
	case reflect.Float32, reflect.Float64:
		truth = val.Float() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		truth = val.Uint() != 0
	case reflect.Struct:
		truth = true // Struct values are always true.
	default:
		return
	}
	return truth, true
}

type keyValue struct{ key, value reflect.Value }

// sortedMap is the map's entries in the order text/template ranges over
// them (internal/fmtsort's), for the kinds of keys templates meet: strings
// and integers. Other keys are left to html/template.
func sortedMap(s *state, m reflect.Value) []keyValue {
	var compare func(a, b reflect.Value) int
	switch m.Type().Key().Kind() {
	case reflect.String:
		compare = func(a, b reflect.Value) int { return cmp.Compare(a.String(), b.String()) }
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		compare = func(a, b reflect.Value) int { return cmp.Compare(a.Int(), b.Int()) }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		compare = func(a, b reflect.Value) int { return cmp.Compare(a.Uint(), b.Uint()) }
	default:
		s.leave("range over a map with " + m.Type().Key().String() + " keys")
	}
	sorted := make([]keyValue, 0, m.Len())
	for iter := m.MapRange(); iter.Next(); {
		sorted = append(sorted, keyValue{iter.Key(), iter.Value()})
	}
	slices.SortStableFunc(sorted, func(a, b keyValue) int { return compare(a.key, b.key) })
	return sorted
}
