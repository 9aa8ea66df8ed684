package reqlog

import (
	"net/url"
	"strings"
	"sync"
	"testing"
)

type req string

func (r req) Dump() string { return string(r) + "\n" }

func TestLog(t *testing.T) {
	var l Log[req]
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); l.Add("GET /x") }()
	}
	wg.Wait()
	if l.Len() != 50 || len(l.All()) != 50 || strings.Count(l.Dump(), "GET /x\n") != 50 {
		t.Fatalf("len %d dump %q", l.Len(), l.Dump())
	}
}

func TestWriteValuesSorted(t *testing.T) {
	var b strings.Builder
	WriteValues(&b, "form", url.Values{"z": {"1"}, "a": {"x y", "2"}})
	want := "  form a=\"x y\"\n  form a=\"2\"\n  form z=\"1\"\n"
	if b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}
