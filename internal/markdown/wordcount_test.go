package markdown

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// refCounter is wordCounter as it was before the eight-byte loop, one rune
// at a time: simple enough to trust, so the tests compare with it.
type refCounter struct {
	n      int
	inWord bool
}

func (w *refCounter) gap() { w.inWord = false }

func (w *refCounter) add(b []byte) {
	for i := 0; i < len(b); {
		c := b[i]
		var space bool
		if c < utf8.RuneSelf {
			space = asciiSpace[c]
			i++
		} else {
			r, size := utf8.DecodeRune(b[i:])
			space = unicode.IsSpace(r)
			i += size
		}
		if space {
			w.inWord = false
		} else if !w.inWord {
			w.inWord = true
			w.n++
		}
	}
}

// counts returns the word counts of wordCounter and refCounter after an
// add call for each of calls, with a gap before each call but the first if
// gaps is set.
func counts(calls []string, gaps bool) (got, want int) {
	var w wordCounter
	var ref refCounter
	for i, c := range calls {
		if gaps && i > 0 {
			w.gap()
			ref.gap()
		}
		w.add([]byte(c))
		ref.add([]byte(c))
	}
	return w.n, ref.n
}

func TestWordCounter(t *testing.T) {
	long := strings.Repeat("The quick brown fox jumps over the lazy dog. ", 3)
	tests := []struct {
		name  string
		calls []string
		gaps  bool
		want  int
	}{
		{"no calls", nil, false, 0},
		{"empty", []string{""}, false, 0},
		{"empties", []string{"", "", ""}, true, 0},
		{"one word", []string{"hello"}, false, 1},
		{"sentence", []string{"The quick brown fox jumps over the lazy dog."}, false, 9},
		{"long", []string{long}, false, 27},
		{"outer spaces", []string{"   two    words   "}, false, 2},
		{"every ASCII space", []string{"a b\tc\nd\ve\ff\rg"}, false, 7},
		{"only spaces", []string{"\t\n\v\f\r \t\n\v\f\r "}, false, 0},
		{"next to the space range", []string{"a\bb\x0ec\x1cd\x1fe!f\x00g\x7fh"}, false, 1},
		{"NBSP", []string{"a\u00a0b"}, false, 2},
		{"NEL", []string{"a\u0085b"}, false, 2},
		{"U+2000 to U+200A", []string{"a\u2000b\u2001c\u2002d\u2003e\u2004f\u2005g\u2006h\u2007i\u2008j\u2009k\u200al"}, false, 12},
		{"zero width space is no space", []string{"a\u200bb"}, false, 1},
		{"ideographic space", []string{"a\u3000b"}, false, 2},
		{"ogham space", []string{"a\u1680b"}, false, 2},
		{"accents", []string{"café naïve über"}, false, 3},
		{"CJK", []string{"日本語 テキスト 中文"}, false, 3},
		{"invalid bytes", []string{"a\xffb \xfe \x80\x80"}, false, 3},
		{"truncated rune", []string{"a \xe3\x80"}, false, 2},
		{"NBSP split into invalid bytes", []string{"a\xc2", "\xa0b"}, false, 1},
		{"space rune straddles a chunk", []string{"1234567\u3000abc"}, false, 2},
		{"NBSP straddles a chunk", []string{"abcdefg\u00a0h"}, false, 2},
		{"letter straddles a chunk", []string{"abcdef é b"}, false, 3},
		{"runes then ASCII", []string{"\u3000\u3000\u3000 ab cd ef gh ij"}, false, 5},
		{"ASCII then runes", []string{"ab cd ef gh\u00a0é\u00a0é"}, false, 6},
		{"word split across calls", []string{"hel", "lo world"}, false, 2},
		{"long word split across calls", []string{"abcdefghij", "klmnopqrst uv"}, false, 2},
		{"space in its own call", []string{"a", " ", "b"}, false, 2},
		{"gap between calls", []string{"hel", "lo world"}, true, 3},
		{"gap between long calls", []string{"abcdefghij", "klmnopqrst uv"}, true, 3},
		{"gap after a space", []string{"a ", "b"}, true, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ref := counts(tt.calls, tt.gaps)
			if ref != tt.want {
				t.Fatalf("refCounter: got %d; want %d", ref, tt.want)
			}
			if got != tt.want {
				t.Errorf("got %d; want %d", got, tt.want)
			}
			// Splitting the text anywhere into two calls without a gap
			// must not change the count.
			if tt.gaps {
				return
			}
			s := strings.Join(tt.calls, "")
			for i := range len(s) + 1 {
				if got, want := counts([]string{s[:i], s[i:]}, false); got != want {
					t.Errorf("split at %d: got %d; want %d", i, got, want)
				}
			}
		})
	}
}

// TestWordCounterLengths puts one space or rune at each offset of texts of
// 0 to 20 bytes, so that it falls at each place in an eight-byte chunk and
// in the tail, after a call that ends in a word and after none.
func TestWordCounterLengths(t *testing.T) {
	marks := []string{" ", "\t", "\v", "\r", "\b", "\x0e", "\u00a0", "\u3000", "é", "\xff"}
	for n := range 21 {
		for p := range n + 1 {
			for _, m := range marks {
				s := strings.Repeat("x", p) + m + strings.Repeat("x", n-p)
				for _, calls := range [][]string{{s}, {"x", s}, {" ", s}} {
					if got, want := counts(calls, false); got != want {
						t.Errorf("%q: got %d; want %d", calls, got, want)
					}
				}
			}
		}
		alternating := strings.Repeat("x ", n+1)[:n+1]
		for _, calls := range [][]string{{alternating[:n]}, {"x", alternating[:n]}, {"x", alternating[1:]}} {
			if got, want := counts(calls, false); got != want {
				t.Errorf("%q: got %d; want %d", calls, got, want)
			}
		}
	}
}

// FuzzWordCounter cuts the text into calls by cuts: the low six bits of
// each byte are the length of the next call, and its high bit puts a gap
// before it. What remains when cuts runs out is the last call.
func FuzzWordCounter(f *testing.F) {
	f.Add([]byte("The quick brown fox jumps over the lazy dog."), []byte{3, 0x85, 20})
	f.Add([]byte("a\u00a0b\u3000c\u2009d é\xff\v\f"), []byte{7, 1, 0x88})
	f.Add([]byte("1234567\u3000abc"), []byte{})
	f.Fuzz(func(t *testing.T, text, cuts []byte) {
		var w wordCounter
		var ref refCounter
		rest := text
		for _, c := range cuts {
			if c&0x80 != 0 {
				w.gap()
				ref.gap()
			}
			k := min(int(c&0x3f), len(rest))
			w.add(rest[:k])
			ref.add(rest[:k])
			rest = rest[k:]
		}
		w.add(rest)
		ref.add(rest)
		if w.n != ref.n {
			t.Errorf("%q cut by %v: got %d; want %d", text, cuts, w.n, ref.n)
		}
	})
}

// BenchmarkWordCounter counts the words of a typical post, all of it in
// one call: about 8 kB of English, nearly all ASCII.
func BenchmarkWordCounter(b *testing.B) {
	body := benchBody(b)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		var w wordCounter
		w.add(body)
	}
}
