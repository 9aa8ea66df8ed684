package htmlexec

import (
	"reflect"
	"text/template/parse"
)

// function compiles a call of a text/template builtin. Anything else
// (functions of a FuncMap, print, printf, call, html, js, urlquery…) is
// not compiled.
func (c *compiler) function(sc *scope, name string, argNodes []parse.Node, dot reflect.Type) (expr, error) {
	args := make([]expr, len(argNodes))
	for i, n := range argNodes {
		a, err := c.operand(sc, n, dot)
		if err != nil {
			return expr{}, err
		}
		args[i] = a
	}
	boolType := reflect.TypeFor[bool]()
	switch name {
	case "not":
		if len(args) != 1 {
			return expr{}, unsupported("not with %d arguments", len(args))
		}
		a := args[0]
		return expr{typ: boolType, eval: func(s *state, d reflect.Value) (reflect.Value, error) {
			v, err := a.eval(s, d)
			if err != nil {
				return v, err
			}
			t, _ := isTrue(indirectInterface(v))
			return reflect.ValueOf(!t), nil
		}}, nil
	case "and", "or":
		if len(args) == 0 {
			return expr{}, unsupported("%s without arguments", name)
		}
		or := name == "or"
		typ := args[0].typ
		for _, a := range args[1:] {
			if a.typ != typ {
				typ = nil
			}
		}
		if typ != nil && typ.Kind() == reflect.Interface {
			typ = nil
		}
		return expr{typ: typ, eval: func(s *state, d reflect.Value) (reflect.Value, error) {
			var v reflect.Value
			for _, a := range args {
				var err error
				if v, err = a.eval(s, d); err != nil {
					return v, err
				}
				if t, _ := isTrue(indirectInterface(v)); t == or {
					return v, nil
				}
			}
			return v, nil
		}}, nil
	case "eq", "ne", "lt", "le", "gt", "ge":
		if len(args) < 2 || (name != "eq" && len(args) != 2) {
			return expr{}, unsupported("%s with %d arguments", name, len(args))
		}
		return expr{typ: boolType, eval: func(s *state, d reflect.Value) (reflect.Value, error) {
			vs := make([]reflect.Value, len(args))
			for i, a := range args {
				v, err := a.eval(s, d)
				if err != nil {
					return v, err
				}
				vs[i] = indirectInterface(v)
			}
			r, ok := compare(name, vs[0], vs[1:])
			if !ok {
				return reflect.Value{}, ErrFallback
			}
			return reflect.ValueOf(r), nil
		}}, nil
	case "len":
		if len(args) != 1 {
			return expr{}, unsupported("len with %d arguments", len(args))
		}
		a := args[0]
		return expr{typ: reflect.TypeFor[int](), eval: func(s *state, d reflect.Value) (reflect.Value, error) {
			v, err := a.eval(s, d)
			if err != nil {
				return v, err
			}
			v, isNil := indirect2(v)
			if isNil {
				return reflect.Value{}, ErrFallback
			}
			switch v.Kind() {
			case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
				return reflect.ValueOf(v.Len()), nil
			}
			return reflect.Value{}, ErrFallback
		}}, nil
	case "index":
		if len(args) != 2 {
			return expr{}, unsupported("index with %d arguments", len(args))
		}
		t := args[0].typ
		for t != nil && t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t == nil || (t.Kind() != reflect.Slice && t.Kind() != reflect.Array) {
			return expr{}, unsupported("index of %v", args[0].typ)
		}
		item, at := args[0], args[1]
		return expr{typ: t.Elem(), eval: func(s *state, d reflect.Value) (reflect.Value, error) {
			v, err := item.eval(s, d)
			if err != nil {
				return v, err
			}
			i, err := at.eval(s, d)
			if err != nil {
				return i, err
			}
			v, isNil := indirect2(indirectInterface(v))
			i = indirectInterface(i)
			if isNil || (v.Kind() != reflect.Slice && v.Kind() != reflect.Array) {
				return reflect.Value{}, ErrFallback
			}
			var x int64
			switch basicKind(i) {
			case intKind:
				x = i.Int()
			case uintKind:
				if i.Uint() > uint64(v.Len()) {
					return reflect.Value{}, ErrFallback
				}
				x = int64(i.Uint())
			default:
				return reflect.Value{}, ErrFallback
			}
			if x < 0 || x >= int64(v.Len()) {
				return reflect.Value{}, ErrFallback
			}
			return v.Index(int(x)), nil
		}}, nil
	}
	return expr{}, unsupported("function %s", name)
}

type kind int

const (
	invalidKind kind = iota
	boolKind
	intKind
	stringKind
	uintKind
	otherKind
)

func basicKind(v reflect.Value) kind {
	switch v.Kind() {
	case reflect.Bool:
		return boolKind
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return intKind
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return uintKind
	case reflect.String:
		return stringKind
	case reflect.Invalid:
		return invalidKind
	}
	return otherKind
}

// compare is text/template's eq, ne, lt, le, gt and ge for booleans,
// integers and strings; ok is false for anything else (text/template
// compares more, or fails: the caller falls back).
func compare(op string, a reflect.Value, bs []reflect.Value) (result, ok bool) {
	switch op {
	case "eq":
		for _, b := range bs {
			eq, ok := equal(a, b)
			if !ok {
				return false, false
			}
			if eq {
				return true, true
			}
		}
		return false, true
	case "ne":
		eq, ok := equal(a, bs[0])
		return !eq, ok
	}
	b := bs[0]
	lt, ok := less(a, b)
	if !ok {
		return false, false
	}
	switch op {
	case "lt":
		return lt, true
	case "ge":
		return !lt, true
	}
	eq, ok := equal(a, b)
	if !ok {
		return false, false
	}
	if op == "le" {
		return lt || eq, true
	}
	return !lt && !eq, true // gt
}

func equal(a, b reflect.Value) (bool, bool) {
	ka, kb := basicKind(a), basicKind(b)
	switch {
	case ka == intKind && kb == uintKind:
		return a.Int() >= 0 && uint64(a.Int()) == b.Uint(), true
	case ka == uintKind && kb == intKind:
		return b.Int() >= 0 && a.Uint() == uint64(b.Int()), true
	case ka != kb:
		return false, false
	}
	switch ka {
	case boolKind:
		return a.Bool() == b.Bool(), true
	case intKind:
		return a.Int() == b.Int(), true
	case uintKind:
		return a.Uint() == b.Uint(), true
	case stringKind:
		return a.String() == b.String(), true
	}
	return false, false
}

func less(a, b reflect.Value) (bool, bool) {
	ka, kb := basicKind(a), basicKind(b)
	switch {
	case ka == intKind && kb == uintKind:
		return a.Int() < 0 || uint64(a.Int()) < b.Uint(), true
	case ka == uintKind && kb == intKind:
		return b.Int() >= 0 && a.Uint() < uint64(b.Int()), true
	case ka != kb:
		return false, false
	}
	switch ka {
	case intKind:
		return a.Int() < b.Int(), true
	case uintKind:
		return a.Uint() < b.Uint(), true
	case stringKind:
		return a.String() < b.String(), true
	}
	return false, false
}

// isTrue is text/template's truth of a value.
func isTrue(val reflect.Value) (truth, ok bool) {
	if !val.IsValid() {
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
		truth = true
	default:
		return
	}
	return truth, true
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

// indirect2 is text/template's indirect: through pointers and interfaces
// to a value, reporting a nil on the way.
func indirect2(v reflect.Value) (rv reflect.Value, isNil bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}
