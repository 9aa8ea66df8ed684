package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"testing"
)

// A digest goes through gob as itself; bytes of another length are an
// error, not a digest padded or cut.
func TestDigestGob(t *testing.T) {
	want := Digest(sha256.Sum256([]byte("warta")))
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(want); err != nil {
		t.Fatal(err)
	}
	var got Digest
	if err := gob.NewDecoder(&buf).Decode(&got); err != nil || got != want {
		t.Fatalf("round trip: %x, %v; want %x", got, err, want)
	}
	for _, n := range []int{0, 31, 33} {
		if err := got.GobDecode(make([]byte, n)); err == nil {
			t.Errorf("GobDecode of %d bytes: no error", n)
		}
	}
}
