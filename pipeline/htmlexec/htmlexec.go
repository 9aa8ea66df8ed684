// Package htmlexec runs html/template templates without the reflective
// function calls of text/template: a template, once html/template has
// escaped it, is compiled for the Go type of its data into closures that
// read fields by index and call copies of html/template's escapers
// directly. The output is byte for byte what html/template writes.
//
// Only what a site's templates commonly use is compiled: fields of structs
// (no methods, maps or interfaces with fields), variables, if/with/range
// over slices with else, template calls, and the builtins eq, ne, lt, le,
// gt, ge, not, and, or, len and index. Compile reports ErrUnsupported for
// anything else, and Execute reports ErrFallback for a value it does not
// handle (a nil pointer, a failing builtin…); in both cases the caller runs
// html/template, which gives the same output or the real error message.
// Templates must not redefine builtins through Funcs.
package htmlexec

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"reflect"
	"strings"
	"text/template/parse"
)

var (
	// ErrUnsupported: the template uses something Compile does not do.
	ErrUnsupported = errors.New("htmlexec: template not supported")
	// ErrFallback: Execute met a value it does not handle; run the
	// template with html/template instead.
	ErrFallback = errors.New("htmlexec: execute with html/template")
)

// maxDepth bounds nested template calls (html/template allows more and
// reports the error; recursion that deep falls back).
const maxDepth = 1000

// Program is one template compiled for one data type. It is safe for
// concurrent use.
type Program struct {
	root *tmpl
	typ  reflect.Type
}

// Compile escapes template name of set (as html/template's Execute would)
// and compiles it for data of type typ.
func Compile(set *template.Template, name string, typ reflect.Type) (*Program, error) {
	// Escaping happens on the first execution; the data does not matter
	// (a nil pointer stops execution right after).
	if err := set.ExecuteTemplate(io.Discard, name, reflect.Zero(typ).Interface()); err != nil {
		var te *template.Error
		if errors.As(err, &te) {
			return nil, err // an escaping error: html/template reports it too
		}
	}
	c := &compiler{set: set, memo: map[tkey]*tmpl{}}
	t, err := c.template(name, typ)
	if err != nil {
		return nil, err
	}
	return &Program{root: t, typ: typ}, nil
}

// Execute appends the output for data to w. On error, w holds partial
// output: the caller truncates it.
func (p *Program) Execute(w *bytes.Buffer, data any) (err error) {
	v := reflect.ValueOf(data)
	if !v.IsValid() || v.Type() != p.typ {
		return ErrFallback
	}
	// A case this package did not foresee must not take the build down:
	// html/template gets to run the page instead.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrFallback, r)
		}
	}()
	s := &state{w: w}
	return p.root.run(s, v)
}

// tmpl is a compiled template for one type of dot.
type tmpl struct {
	name  string
	slots int // variables, $ included
	body  node
}

func (t *tmpl) run(s *state, dot reflect.Value) error {
	if s.depth >= maxDepth {
		return ErrFallback
	}
	saved := s.vars
	s.vars = make([]reflect.Value, t.slots)
	s.vars[0] = dot
	s.depth++
	err := t.body(s, dot)
	s.depth--
	s.vars = saved
	return err
}

// state is one execution.
type state struct {
	w     *bytes.Buffer
	vars  []reflect.Value // of the running template
	depth int
}

// node writes a part of a template.
type node func(s *state, dot reflect.Value) error

// expr evaluates to a value whose static type is typ (nil when unknown).
type expr struct {
	typ  reflect.Type
	eval func(s *state, dot reflect.Value) (reflect.Value, error)
}

type tkey struct {
	name string
	typ  reflect.Type
}

type compiler struct {
	set  *template.Template
	memo map[tkey]*tmpl
}

// scope is the variables visible at a point of a template.
type scope struct {
	vars  []variable
	slots *int
}

type variable struct {
	name string
	slot int
	typ  reflect.Type
}

// child is a scope inside sc: it sees sc's variables, and what it
// declares is gone at its end (slots stay unique within the template).
func (sc *scope) child() *scope {
	return &scope{vars: append([]variable(nil), sc.vars...), slots: sc.slots}
}

func (sc *scope) declare(name string, typ reflect.Type) variable {
	v := variable{name: name, slot: *sc.slots, typ: typ}
	*sc.slots++
	sc.vars = append(sc.vars, v)
	return v
}

func (sc *scope) lookup(name string) (variable, bool) {
	for i := len(sc.vars) - 1; i >= 0; i-- {
		if sc.vars[i].name == name {
			return sc.vars[i], true
		}
	}
	return variable{}, false
}

func unsupported(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrUnsupported}, args...)...)
}

func (c *compiler) template(name string, typ reflect.Type) (*tmpl, error) {
	k := tkey{name, typ}
	if t, ok := c.memo[k]; ok {
		return t, nil
	}
	ht := c.set.Lookup(name)
	if ht == nil || ht.Tree == nil || ht.Tree.Root == nil {
		return nil, unsupported("template %q", name)
	}
	t := &tmpl{name: name}
	c.memo[k] = t // before the body: a template may call itself
	slots := 0
	sc := &scope{slots: &slots}
	sc.declare("$", typ)
	body, err := c.list(sc, ht.Tree.Root, typ)
	if err != nil {
		delete(c.memo, k)
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	t.body, t.slots = body, slots
	return t, nil
}

func (c *compiler) list(sc *scope, l *parse.ListNode, dot reflect.Type) (node, error) {
	if l == nil {
		return func(*state, reflect.Value) error { return nil }, nil
	}
	var nodes []node
	for _, n := range l.Nodes {
		x, err := c.node(sc, n, dot)
		if err != nil {
			return nil, err
		}
		if x != nil {
			nodes = append(nodes, x)
		}
	}
	switch len(nodes) {
	case 0:
		return func(*state, reflect.Value) error { return nil }, nil
	case 1:
		return nodes[0], nil
	}
	return func(s *state, d reflect.Value) error {
		for _, n := range nodes {
			if err := n(s, d); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

func (c *compiler) node(sc *scope, n parse.Node, dot reflect.Type) (node, error) {
	switch n := n.(type) {
	case *parse.TextNode:
		text := n.Text
		return func(s *state, _ reflect.Value) error {
			s.w.Write(text)
			return nil
		}, nil
	case *parse.CommentNode:
		return nil, nil
	case *parse.ActionNode:
		return c.action(sc, n, dot)
	case *parse.IfNode:
		return c.ifWith(sc, n.Pipe, n.List, n.ElseList, dot, false)
	case *parse.WithNode:
		return c.ifWith(sc, n.Pipe, n.List, n.ElseList, dot, true)
	case *parse.RangeNode:
		return c.rangeNode(sc, n, dot)
	case *parse.TemplateNode:
		return c.call(sc, n, dot)
	}
	return nil, unsupported("%s", n)
}

// action compiles {{pipeline}}: a declaration, or output through the
// escapers html/template put at the end of the pipeline.
func (c *compiler) action(sc *scope, n *parse.ActionNode, dot reflect.Type) (node, error) {
	if len(n.Pipe.Decl) > 0 {
		e, err := c.pipe(sc, n.Pipe, dot)
		if err != nil {
			return nil, err
		}
		set, err := c.assign(sc, n.Pipe, e.typ)
		if err != nil {
			return nil, err
		}
		return func(s *state, d reflect.Value) error {
			v, err := e.eval(s, d)
			if err != nil {
				return err
			}
			set(s, v)
			return nil
		}, nil
	}
	cmds := n.Pipe.Cmds
	first := len(cmds)
	for first > 0 && isEscaper(cmds[first-1]) {
		first--
	}
	if first != 1 {
		// No escaper (html/template always adds one), or more than one
		// command before them.
		return nil, unsupported("pipeline %s", n.Pipe)
	}
	val, err := c.command(sc, cmds[0], dot)
	if err != nil {
		return nil, err
	}
	var chain []escaper
	for _, cmd := range cmds[1:] {
		chain = append(chain, escapers[cmd.Args[0].(*parse.IdentifierNode).Ident])
	}
	plainHTML := len(chain) == 1 && (isNamed(cmds[1], "_html_template_htmlescaper") ||
		isNamed(cmds[1], "_html_template_attrescaper") || isNamed(cmds[1], "_html_template_rcdataescaper"))
	if val.typ == stringType {
		if plainHTML {
			return func(s *state, d reflect.Value) error {
				v, err := val.eval(s, d)
				if err != nil {
					return err
				}
				writeHTMLReplaced(s.w, v.String(), htmlReplacementTable)
				return nil
			}, nil
		}
		return func(s *state, d reflect.Value) error {
			v, err := val.eval(s, d)
			if err != nil {
				return err
			}
			str := v.String()
			for _, e := range chain {
				str = e.plain(str)
			}
			s.w.WriteString(str)
			return nil
		}, nil
	}
	return func(s *state, d reflect.Value) error {
		v, err := val.eval(s, d)
		if err != nil {
			return err
		}
		str, ok := chain[0].typed(argOf(v))
		if !ok {
			return ErrFallback
		}
		for _, e := range chain[1:] {
			str = e.plain(str)
		}
		s.w.WriteString(str)
		return nil
	}, nil
}

var stringType = reflect.TypeFor[string]()

// argOf is what text/template passes for v to a parameter of type any.
func argOf(v reflect.Value) any {
	if !v.IsValid() {
		return nil
	}
	return v.Interface()
}

func isEscaper(cmd *parse.CommandNode) bool {
	if len(cmd.Args) != 1 {
		return false
	}
	id, ok := cmd.Args[0].(*parse.IdentifierNode)
	if !ok {
		return false
	}
	_, ok = escapers[id.Ident]
	return ok
}

func isNamed(cmd *parse.CommandNode, name string) bool {
	id, ok := cmd.Args[0].(*parse.IdentifierNode)
	return ok && id.Ident == name
}

// assign compiles the variable part of a pipeline ($x := …, $x = …) for a
// value of type typ.
func (c *compiler) assign(sc *scope, p *parse.PipeNode, typ reflect.Type) (func(*state, reflect.Value), error) {
	if len(p.Decl) != 1 {
		return nil, unsupported("%s", p)
	}
	name := p.Decl[0].Ident[0]
	if p.IsAssign {
		v, ok := sc.lookup(name)
		if !ok || v.typ != typ {
			return nil, unsupported("%s", p)
		}
		return func(s *state, x reflect.Value) { s.vars[v.slot] = x }, nil
	}
	v := sc.declare(name, typ)
	return func(s *state, x reflect.Value) { s.vars[v.slot] = x }, nil
}

func (c *compiler) ifWith(sc *scope, p *parse.PipeNode, list, elseList *parse.ListNode, dot reflect.Type, with bool) (node, error) {
	inner := sc.child()
	e, err := c.pipe(inner, p, dot)
	if err != nil {
		return nil, err
	}
	var set func(*state, reflect.Value)
	if len(p.Decl) > 0 {
		if set, err = c.assign(inner, p, e.typ); err != nil {
			return nil, err
		}
	}
	bodyDot := dot
	if with {
		bodyDot = e.typ
	}
	then, err := c.list(inner.child(), list, bodyDot)
	if err != nil {
		return nil, err
	}
	els, err := c.list(inner.child(), elseList, dot)
	if err != nil {
		return nil, err
	}
	return func(s *state, d reflect.Value) error {
		v, err := e.eval(s, d)
		if err != nil {
			return err
		}
		if set != nil {
			set(s, v)
		}
		truth, ok := isTrue(indirectInterface(v))
		if !ok {
			return ErrFallback
		}
		if truth {
			if with {
				return then(s, v)
			}
			return then(s, d)
		}
		return els(s, d)
	}, nil
}

func (c *compiler) rangeNode(sc *scope, n *parse.RangeNode, dot reflect.Type) (node, error) {
	p := n.Pipe
	if p.IsAssign || len(p.Decl) > 2 {
		return nil, unsupported("%s", n)
	}
	inner := sc.child()
	e, err := c.pipe(inner, p, dot)
	if err != nil {
		return nil, err
	}
	t := e.typ
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || (t.Kind() != reflect.Slice && t.Kind() != reflect.Array) || t.Elem().Kind() == reflect.Interface {
		return nil, unsupported("range over %v", e.typ)
	}
	elemType := t.Elem()
	idx, elem := -1, -1
	switch len(p.Decl) {
	case 1:
		elem = inner.declare(p.Decl[0].Ident[0], elemType).slot
	case 2:
		idx = inner.declare(p.Decl[0].Ident[0], reflect.TypeFor[int]()).slot
		elem = inner.declare(p.Decl[1].Ident[0], elemType).slot
	}
	body, err := c.list(inner.child(), n.List, elemType)
	if err != nil {
		return nil, err
	}
	els, err := c.list(inner.child(), n.ElseList, dot)
	if err != nil {
		return nil, err
	}
	return func(s *state, d reflect.Value) error {
		v, err := e.eval(s, d)
		if err != nil {
			return err
		}
		for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
			if v.IsNil() {
				return ErrFallback
			}
			v = v.Elem()
		}
		if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
			return ErrFallback
		}
		if v.Len() == 0 {
			return els(s, d)
		}
		for i := 0; i < v.Len(); i++ {
			x := v.Index(i)
			if idx >= 0 {
				s.vars[idx] = reflect.ValueOf(i)
			}
			if elem >= 0 {
				s.vars[elem] = x
			}
			if err := body(s, x); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

func (c *compiler) call(sc *scope, n *parse.TemplateNode, dot reflect.Type) (node, error) {
	var arg expr
	if n.Pipe == nil {
		arg = expr{eval: func(*state, reflect.Value) (reflect.Value, error) { return reflect.Value{}, nil }}
	} else {
		if len(n.Pipe.Decl) > 0 {
			return nil, unsupported("%s", n)
		}
		var err error
		if arg, err = c.pipe(sc, n.Pipe, dot); err != nil {
			return nil, err
		}
	}
	t, err := c.template(n.Name, arg.typ)
	if err != nil {
		return nil, err
	}
	return func(s *state, d reflect.Value) error {
		v, err := arg.eval(s, d)
		if err != nil {
			return err
		}
		return t.run(s, v)
	}, nil
}

// pipe compiles a pipeline that gives a value (no escapers): one command.
// Like text/template, a result of an empty interface type is unwrapped.
func (c *compiler) pipe(sc *scope, p *parse.PipeNode, dot reflect.Type) (expr, error) {
	if len(p.Cmds) != 1 {
		return expr{}, unsupported("pipeline %s", p)
	}
	e, err := c.command(sc, p.Cmds[0], dot)
	if err != nil {
		return expr{}, err
	}
	if e.typ != nil && e.typ.Kind() == reflect.Interface && e.typ.NumMethod() == 0 {
		inner := e.eval
		return expr{typ: nil, eval: func(s *state, d reflect.Value) (reflect.Value, error) {
			v, err := inner(s, d)
			if err != nil || v.Kind() != reflect.Interface {
				return v, err
			}
			return v.Elem(), nil // invalid for nil, as reflect.ValueOf(nil)
		}}, nil
	}
	return e, nil
}

func (c *compiler) command(sc *scope, cmd *parse.CommandNode, dot reflect.Type) (expr, error) {
	first := cmd.Args[0]
	if id, ok := first.(*parse.IdentifierNode); ok {
		return c.function(sc, id.Ident, cmd.Args[1:], dot)
	}
	if len(cmd.Args) != 1 {
		return expr{}, unsupported("command %s", cmd)
	}
	return c.operand(sc, first, dot)
}

// operand compiles a value: field, variable, dot, literal, (pipeline).
func (c *compiler) operand(sc *scope, n parse.Node, dot reflect.Type) (expr, error) {
	switch n := n.(type) {
	case *parse.DotNode:
		return expr{typ: dot, eval: func(_ *state, d reflect.Value) (reflect.Value, error) { return d, nil }}, nil
	case *parse.FieldNode:
		base := expr{typ: dot, eval: func(_ *state, d reflect.Value) (reflect.Value, error) { return d, nil }}
		return c.fields(base, n.Ident)
	case *parse.VariableNode:
		v, ok := sc.lookup(n.Ident[0])
		if !ok {
			return expr{}, unsupported("variable %s", n)
		}
		slot := v.slot
		base := expr{typ: v.typ, eval: func(s *state, _ reflect.Value) (reflect.Value, error) { return s.vars[slot], nil }}
		return c.fields(base, n.Ident[1:])
	case *parse.ChainNode:
		inner, ok := n.Node.(*parse.PipeNode)
		if !ok {
			return expr{}, unsupported("%s", n)
		}
		base, err := c.pipe(sc, inner, dot)
		if err != nil {
			return expr{}, err
		}
		return c.fields(base, n.Field)
	case *parse.PipeNode:
		if len(n.Decl) > 0 {
			return expr{}, unsupported("%s", n)
		}
		return c.pipe(sc, n, dot)
	case *parse.StringNode:
		v := reflect.ValueOf(n.Text)
		return expr{typ: stringType, eval: func(*state, reflect.Value) (reflect.Value, error) { return v, nil }}, nil
	case *parse.BoolNode:
		v := reflect.ValueOf(n.True)
		return expr{typ: v.Type(), eval: func(*state, reflect.Value) (reflect.Value, error) { return v, nil }}, nil
	case *parse.NumberNode:
		if !n.IsInt || n.IsComplex || strings.ContainsAny(n.Text, ".eEpP'") || int64(int(n.Int64)) != n.Int64 {
			return expr{}, unsupported("number %s", n)
		}
		v := reflect.ValueOf(int(n.Int64))
		return expr{typ: v.Type(), eval: func(*state, reflect.Value) (reflect.Value, error) { return v, nil }}, nil
	}
	return expr{}, unsupported("%s", n)
}

// fields compiles .A.B.C on base. Methods take precedence over fields in
// text/template, so a type with a method of that name is not compiled.
func (c *compiler) fields(base expr, names []string) (expr, error) {
	e := base
	for _, name := range names {
		t := e.typ
		if t == nil {
			return expr{}, unsupported("field %s of unknown type", name)
		}
		st := t
		for st.Kind() == reflect.Pointer {
			st = st.Elem()
		}
		if _, ok := reflect.PointerTo(st).MethodByName(name); ok {
			return expr{}, unsupported("method %s", name)
		}
		if st.Kind() != reflect.Struct {
			return expr{}, unsupported("field %s of %v", name, t)
		}
		f, ok := st.FieldByName(name)
		if !ok || !f.IsExported() || len(f.Index) != 1 {
			return expr{}, unsupported("field %s of %v", name, t)
		}
		i, inner := f.Index[0], e.eval
		e = expr{typ: f.Type, eval: func(s *state, d reflect.Value) (reflect.Value, error) {
			v, err := inner(s, d)
			if err != nil {
				return v, err
			}
			for v.Kind() == reflect.Pointer {
				if v.IsNil() {
					return reflect.Value{}, ErrFallback
				}
				v = v.Elem()
			}
			if v.Kind() != reflect.Struct {
				return reflect.Value{}, ErrFallback
			}
			return v.Field(i), nil
		}}
	}
	return e, nil
}
