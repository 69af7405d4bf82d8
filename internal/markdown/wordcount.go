package markdown

import (
	"encoding/binary"
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// wordCounter counts words across the text nodes of a document, so that a
// word split between nodes ("*em*phasis", "it&rsquo;s") counts once.
type wordCounter struct {
	n      int
	inWord bool
}

func (w *wordCounter) gap() { w.inWord = false }

var asciiSpace = [utf8.RuneSelf]bool{' ': true, '\t': true, '\n': true, '\r': true, '\f': true, '\v': true}

// Byte-wise constants for the eight-bytes-at-a-time loop in add.
const (
	ones  = 0x0101010101010101
	low7  = 0x7f7f7f7f7f7f7f7f
	highs = 0x8080808080808080
)

// spaceBits returns the high bit of each byte of x that is an ASCII space as
// asciiSpace defines it. Each byte below 0x80 stays below 0x80 after the
// XOR, and adding at most 0x7f to it cannot carry into the next byte, so
// every such byte is classified exactly. A byte of 0x80 or more may carry
// into the bytes above it, which add then ignores.
func spaceBits(x uint64) uint64 {
	notBlank := (x ^ ones*' ') + low7 // high bit set unless the byte is ' '
	atLeastTab := x + ones*(0x80-'\t')
	aboveCR := x + ones*(0x80-'\r'-1)
	return (^notBlank | atLeastTab&^aboveCR) & highs
}

// add counts the words of b, eight bytes at a time while they are ASCII,
// which most text is; a rune of two or more bytes is decoded and classified
// by unicode.IsSpace one at a time.
func (w *wordCounter) add(b []byte) {
	// A word starts at a non-space byte after a space. afterSpace holds
	// the high bit of byte 0 when the byte before b is a space, ready to be
	// merged into a chunk's mask: keeping it so, rather than as a bool,
	// saves about a tenth of the time on English text.
	n, afterSpace := w.n, uint64(0)
	if !w.inWord {
		afterSpace = 0x80
	}
	for len(b) > 0 {
		if len(b) >= 8 {
			x := binary.LittleEndian.Uint64(b)
			space := spaceBits(x)
			starts := ^space & (space<<8 | afterSpace)
			nonASCII := x & highs
			if nonASCII == 0 {
				n += bits.OnesCount64(starts)
				afterSpace = space >> 56
				b = b[8:]
				continue
			}
			// Only the bytes below the first non-ASCII one are exact:
			// count those, and leave the rest to the rune path below.
			if shift := uint(bits.TrailingZeros64(nonASCII)) &^ 7; shift > 0 {
				n += bits.OnesCount64(starts & (1<<shift - 1))
				afterSpace = space >> (shift - 8) & 0x80
				b = b[shift/8:]
			}
		}
		// The rune path takes the tail, and a whole run of non-ASCII
		// runes, so that text in another script does not reload a chunk
		// at every rune.
		for len(b) > 0 && (len(b) < 8 || b[0] >= utf8.RuneSelf) {
			space, size := false, 1
			if c := b[0]; c < utf8.RuneSelf {
				space = asciiSpace[c]
			} else {
				var r rune
				r, size = utf8.DecodeRune(b)
				space = unicode.IsSpace(r)
			}
			if !space && afterSpace != 0 {
				n++
			}
			afterSpace = 0
			if space {
				afterSpace = 0x80
			}
			b = b[size:]
		}
	}
	w.n, w.inWord = n, afterSpace == 0
}
