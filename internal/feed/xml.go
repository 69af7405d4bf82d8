package feed

import (
	"bytes"
	"io"
	"strings"
)

// xmlWriter writes an indented XML document into a buffer. It is just
// enough for the feeds and sitemaps: elements with attributes and text,
// written in the order the encoder calls for them, so the output is the
// same byte for byte for the same input (encoding/xml's namespace handling
// would rename prefixes and cannot declare them on the root alone).
type xmlWriter struct {
	buf   *bytes.Buffer
	depth int
	// quotes escapes quotes in text too, as the sitemap protocol asks
	// of every value although XML does not need it.
	quotes bool
}

// newXMLWriter starts a document in buf.
func newXMLWriter(buf *bytes.Buffer) *xmlWriter {
	x := &xmlWriter{buf: buf}
	x.buf.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	return x
}

// bufferFor returns the buffer to write a document for w into: w itself
// when it is a bytes.Buffer, as the renderer's are, so that a feed of
// whole posts is not built in a buffer of its own, grown as it goes, and
// copied; written returns what writing it to w returns when it is not.
func bufferFor(w io.Writer) *bytes.Buffer {
	if b, ok := w.(*bytes.Buffer); ok {
		return b
	}
	return new(bytes.Buffer)
}

func written(w io.Writer, buf *bytes.Buffer) error {
	if w == io.Writer(buf) {
		return nil
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// start writes a start tag; attrs are name, value pairs.
func (x *xmlWriter) start(name string, attrs ...string) {
	x.indent()
	x.tag(name, attrs)
	x.buf.WriteString(">\n")
	x.depth++
}

// end writes the end tag of the element start opened.
func (x *xmlWriter) end(name string) {
	x.depth--
	x.indent()
	x.buf.WriteString("</" + name + ">\n")
}

// elem writes an element holding text. An empty text gives an empty
// element, written <name></name> so that it reads as "no value" to people
// too.
func (x *xmlWriter) elem(name, text string, attrs ...string) {
	x.indent()
	x.tag(name, attrs)
	x.buf.WriteByte('>')
	escapeXML(x.buf, text, false, x.quotes)
	x.buf.WriteString("</" + name + ">\n")
}

// empty writes an empty element, <name attrs/>.
func (x *xmlWriter) empty(name string, attrs ...string) {
	x.indent()
	x.tag(name, attrs)
	x.buf.WriteString("/>\n")
}

func (x *xmlWriter) tag(name string, attrs []string) {
	x.buf.WriteString("<" + name)
	for i := 0; i+1 < len(attrs); i += 2 {
		x.buf.WriteString(" " + attrs[i] + `="`)
		escapeXML(x.buf, attrs[i+1], true, true)
		x.buf.WriteByte('"')
	}
}

func (x *xmlWriter) indent() {
	x.buf.WriteString(strings.Repeat("  ", x.depth))
}

// escapeXML writes s as XML character data (or, with attr, as an attribute
// value in double quotes), cleaned of the characters XML 1.0 forbids.
// With quotes, ' and " are escaped too.
// Escaping every '>' keeps "]]>" out of the text, which XML does not allow
// outside CDATA. A carriage return is written as a reference because a
// parser would turn a literal one into a line feed; in attributes, tabs
// and line feeds are too, because attribute value normalisation would
// turn them into spaces.
func escapeXML(b *bytes.Buffer, s string, attr, quotes bool) {
	s = clean(s)
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\r':
			esc = "&#xD;"
		case '"':
			if !quotes {
				continue
			}
			esc = "&quot;"
		case '\'':
			if !quotes {
				continue
			}
			esc = "&apos;"
		case '\n':
			if !attr {
				continue
			}
			esc = "&#xA;"
		case '\t':
			if !attr {
				continue
			}
			esc = "&#x9;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(esc)
		last = i + 1
	}
	b.WriteString(s[last:])
}
