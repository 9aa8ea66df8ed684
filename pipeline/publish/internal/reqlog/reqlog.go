// Package reqlog keeps the requests a fake API received and renders them
// canonically for golden files; the Graph and X fakes share it.
package reqlog

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
)

// Log is the requests received so far, in order; safe for concurrent use.
type Log[T interface{ Dump() string }] struct {
	mu   sync.Mutex
	reqs []T
}

// Add appends r.
func (l *Log[T]) Add(r T) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reqs = append(l.reqs, r)
}

// Len is the number of requests received.
func (l *Log[T]) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.reqs)
}

// All returns a copy of every request received.
func (l *Log[T]) All() []T {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.reqs)
}

// Dump renders every request with its own Dump, in order.
func (l *Log[T]) Dump() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b strings.Builder
	for _, r := range l.reqs {
		b.WriteString(r.Dump())
	}
	return b.String()
}

// WriteValues writes one `  kind name="value"` line per value, names sorted,
// so a dump does not depend on map order.
func WriteValues(b *strings.Builder, kind string, v url.Values) {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, val := range v[k] {
			fmt.Fprintf(b, "  %s %s=%q\n", kind, k, val)
		}
	}
}
