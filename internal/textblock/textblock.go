// Package textblock keeps many small strings that live as long as a build
// in large shared blocks of memory. The garbage collector marks one object
// for a block where it would mark one for each string, and a string copied
// out of the garbage of reading a file (a syntax tree, a buffer) does not
// keep that memory alive.
package textblock

import (
	"strings"
	"unsafe"
)

// Size is the size of a block: a string in Size/4 bytes is what is lost at
// worst when a block is left for a new one.
const Size = 64 << 10

// Blocks copies strings into its current block. The zero value is ready to
// use. It is not safe for concurrent use.
type Blocks struct {
	free []byte // the free end of the current block
}

// String returns a copy of s in the current block, or, for a string longer
// than Size/4, a copy of its own.
func (b *Blocks) String(s string) string {
	if len(s) == 0 {
		return ""
	}
	if len(s) > Size/4 {
		return strings.Clone(s)
	}
	if len(b.free) < len(s) {
		b.free = make([]byte, Size)
	}
	n := copy(b.free, s)
	kept := b.free[:n:n]
	b.free = b.free[n:]
	// No copy: a block's bytes are never written again once handed out.
	return unsafe.String(unsafe.SliceData(kept), n)
}

// Bytes is String for the bytes of p, which it does not keep.
func (b *Blocks) Bytes(p []byte) string {
	return b.String(unsafe.String(unsafe.SliceData(p), len(p)))
}
