package content

import (
	"bytes"
	"strings"
	"time"
	"unicode/utf8"
)

// simpleYAML decodes YAML frontmatter of the shape nearly all of it takes,
// one "key: value" line per key, as unmarshalYAML decodes it with yaml.v3,
// without yaml.v3's cost: it sets up a whole parser per document and
// tokenizes a byte at a time, a tenth of a clean build's work (with this,
// BenchmarkParse/yaml takes 3.8 µs a file instead of 21). ok is false for
// anything else, which yaml.v3 then reads; FuzzSimpleYAML holds the two to
// the same result.
//
// Every line is blank, a "#" comment, or starts with its key at column 0,
// the key being a letter followed by letters, digits, "-" and "_". The value
// is on the key's line: a double-quoted string without escapes, a
// single-quoted string without quotes inside, a [list] of such strings and
// plain words, true or false, a whole number, a date (kept as written) or
// a date and time with its zone, or a plain text starting with a letter.
// A comment may follow the value after a space.
func simpleYAML(data []byte) (front map[string]any, lines map[string]int, ok bool) {
	if !printable(data) {
		return nil, nil, false
	}
	front, lines = make(map[string]any, 8), make(map[string]int, 8)
	values := 0
	for n, rest := 1, data; len(rest) > 0; n++ {
		var l []byte
		l, rest, _ = bytes.Cut(rest, []byte("\n"))
		if len(bytes.TrimLeft(l, " ")) == 0 || l[0] == '#' {
			continue
		}
		if !isASCIILetter(l[0]) {
			return nil, nil, false
		}
		k := 1
		for k < len(l) && (isASCIILetter(l[k]) || isDigit(l[k]) || l[k] == '-' || l[k] == '_') {
			k++
		}
		// (yaml.v3 limits a key on its line to 1024 characters.)
		if k > 64 || k == len(l) || l[k] != ':' || k+1 == len(l) || l[k+1] != ' ' {
			return nil, nil, false // no value on the line, or not a simple key
		}
		key := string(l[:k])
		if _, dup := front[key]; dup {
			return nil, nil, false
		}
		v, count, ok := simpleValue(bytes.TrimLeft(l[k+2:], " "))
		if values += count; !ok || values > maxYAMLValues {
			return nil, nil, false
		}
		front[key], lines[key] = v, n
	}
	return front, lines, true
}

// simpleValue decodes a value that simpleYAML takes, and counts its values
// as yamlValue's budget does.
func simpleValue(b []byte) (any, int, bool) {
	if len(b) == 0 {
		return nil, 0, false
	}
	switch c := b[0]; {
	case c == '"' || c == '\'':
		s, n := quoted(b)
		if n < 0 || !commentOrNothing(b[n:]) {
			return nil, 0, false
		}
		return s, 1, true
	case c == '[':
		return simpleList(b)
	case isDigit(c):
		end := bytes.IndexByte(b, ' ')
		if end < 0 {
			end = len(b)
		}
		if !commentOrNothing(b[end:]) {
			return nil, 0, false
		}
		v, ok := number(b[:end])
		return v, 1, ok
	case isASCIILetter(c):
		word := bytes.TrimRight(b[:plainEnd(b, false)], " ")
		if !commentOrNothing(b[len(word):]) {
			return nil, 0, false
		}
		switch s := string(word); s {
		case "true":
			return true, 1, true
		case "false":
			return false, 1, true
		case "True", "TRUE", "False", "FALSE", "Null", "NULL", "null":
			return nil, 0, false
		default:
			return s, 1, true
		}
	}
	return nil, 0, false
}

// simpleList decodes a one-line flow sequence of quoted strings and plain
// words.
func simpleList(b []byte) (any, int, bool) {
	list := make([]any, 0, 4)
	i := skipSpaces(b, 1)
	if i < len(b) && b[i] == ']' {
		return list, 1, commentOrNothing(b[i+1:])
	}
	for i < len(b) {
		switch c := b[i]; {
		case c == '"' || c == '\'':
			s, n := quoted(b[i:])
			if n < 0 {
				return nil, 0, false
			}
			list, i = append(list, s), i+n
		case isASCIILetter(c):
			end := i + plainEnd(b[i:], true)
			s := string(bytes.TrimRight(b[i:end], " "))
			switch s {
			case "true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL":
				return nil, 0, false
			}
			list, i = append(list, s), end
		default:
			return nil, 0, false
		}
		if i = skipSpaces(b, i); i >= len(b) {
			return nil, 0, false
		}
		switch b[i] {
		case ']':
			return list, 1 + len(list), commentOrNothing(b[i+1:])
		case ',':
			if i = skipSpaces(b, i+1); i >= len(b) || b[i] == ']' {
				return nil, 0, false // a trailing comma
			}
		default:
			return nil, 0, false
		}
	}
	return nil, 0, false
}

// quoted returns the text of the quoted string that b starts with and its
// length with the quotes, or -1 for a string with an escape, a doubled
// single quote or no closing quote on the line.
func quoted(b []byte) (string, int) {
	q := b[0]
	end := bytes.IndexByte(b[1:], q)
	if end < 0 {
		return "", -1
	}
	s := b[1 : 1+end]
	if q == '"' && bytes.IndexByte(s, '\\') >= 0 || q == '\'' && 2+end < len(b) && b[2+end] == '\'' {
		return "", -1
	}
	return string(s), 2 + end
}

// plainEnd returns where the plain word that b starts with ends: at the
// first byte that is not a letter, digit, space, non-ASCII character or
// one of a few punctuation marks that mean nothing inside a plain scalar
// (":" and "#" can, so they end it), and in a list at a ",", "]" or "?",
// which end a plain scalar there.
func plainEnd(b []byte, inList bool) int {
	for i, c := range b {
		switch {
		case isASCIILetter(c) || isDigit(c) || c == ' ' || c >= 0x80:
		case inList && (c == ',' || c == ']' || c == '?'):
			return i
		case strings.IndexByte("-_.,()/'!?&+@%;=~*$^", c) >= 0:
		default:
			return i
		}
	}
	return len(b)
}

// commentOrNothing reports whether what follows a value on its line is
// nothing, spaces, or a comment after a space.
func commentOrNothing(b []byte) bool {
	i := skipSpaces(b, 0)
	return i == len(b) || i > 0 && b[i] == '#'
}

// number decodes a whole number, a date or a date and time with its zone,
// as yamlValue does; anything else that starts with a digit is left to
// yaml.v3.
func number(b []byte) (any, bool) {
	switch {
	case len(b) <= 18 && allDigits(b) && (b[0] != '0' || len(b) == 1):
		n := 0
		for _, c := range b {
			n = n*10 + int(c-'0')
		}
		return n, true
	case len(b) == 10 && dateShaped(b):
		return string(b), true // yamlValue keeps a date as written
	case len(b) == 20 && dateShaped(b) && b[10] == 'T' && timeShaped(b[11:19]) && b[19] == 'Z',
		len(b) == 25 && dateShaped(b) && b[10] == 'T' && timeShaped(b[11:19]) &&
			(b[19] == '+' || b[19] == '-') && allDigits(b[20:22]) && b[22] == ':' && allDigits(b[23:]):
		t, err := time.Parse(yamlTimestamp, string(b))
		return t, err == nil
	}
	return nil, false
}

// yamlTimestamp is the layout with which yaml.v3 reads a date and time.
const yamlTimestamp = "2006-1-2T15:4:5.999999999Z07:00"

// dateShaped reports whether b starts with "dddd-dd-dd".
func dateShaped(b []byte) bool {
	return allDigits(b[0:4]) && b[4] == '-' && allDigits(b[5:7]) && b[7] == '-' && allDigits(b[8:10])
}

// timeShaped reports whether b is "dd:dd:dd".
func timeShaped(b []byte) bool {
	return allDigits(b[0:2]) && b[2] == ':' && allDigits(b[3:5]) && b[5] == ':' && allDigits(b[6:8])
}

// printable reports whether data holds only what simpleYAML reads alike
// with yaml.v3: valid UTF-8 with no control character but the line feed
// (no tab or carriage return), and none of the characters YAML counts as
// line breaks (U+0085, U+2028, U+2029) or the byte-order mark.
func printable(data []byte) bool {
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if c < ' ' && c != '\n' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError, r < 0xa0, r == 0x2028, r == 0x2029, r == 0xfeff,
			0xd800 <= r && r < 0xe000, r == 0xfffe, r == 0xffff:
			return false
		}
		i += size
	}
	return true
}

func isASCIILetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func allDigits(b []byte) bool {
	for _, c := range b {
		if !isDigit(c) {
			return false
		}
	}
	return len(b) > 0
}

func skipSpaces(b []byte, i int) int {
	for i < len(b) && b[i] == ' ' {
		i++
	}
	return i
}
