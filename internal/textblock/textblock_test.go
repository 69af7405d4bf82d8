package textblock

import (
	"strings"
	"testing"
	"unsafe"
)

// The strings come back equal, in one block one after the other, without
// sharing the memory they were copied from; a long one gets its own copy.
func TestBlocks(t *testing.T) {
	var b Blocks
	src := []byte("abcdef")
	one := b.Bytes(src[:3])
	two := b.String(string(src[3:]))
	src[0] = 'X' // the copy is not the caller's memory
	if one != "abc" || two != "def" {
		t.Fatalf("got %q and %q; want \"abc\" and \"def\"", one, two)
	}
	if unsafe.StringData(two) != (*byte)(unsafe.Add(unsafe.Pointer(unsafe.StringData(one)), 3)) {
		t.Error("two strings in a row are not next to each other in one block")
	}
	long := strings.Repeat("x", Size/4+1)
	kept := b.String(long)
	if kept != long || unsafe.StringData(kept) == unsafe.StringData(long) {
		t.Error("a long string is not copied on its own")
	}
	if b.String("") != "" || len(b.free) != Size-6 {
		t.Errorf("after the long and the empty string, %d bytes free; want %d", len(b.free), Size-6)
	}
	// A string that does not fit starts a new block.
	b.free = b.free[:2]
	three := b.String("ghi")
	if three != "ghi" || len(b.free) != Size-3 {
		t.Errorf("got %q with %d bytes free; want \"ghi\" in a new block, %d free", three, len(b.free), Size-3)
	}
}
