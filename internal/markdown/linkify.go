package markdown

import (
	"bytes"
	"slices"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// gfm is GitHub Flavored Markdown as extension.GFM makes it, with its
// autolinks (extension.Linkify) found the same way, sooner.
//
// goldmark tries the autolink parser at every space of every paragraph,
// and for each it looks for an e-mail address in the word that follows:
// a sixth of the time a page takes to convert. A link it finds starts with
// "http:", "https:", "ftp:" or "www.", or is an address with an "@", so a
// block of text with no ":", "@" or "www." has none; quickLinkify answers
// for such a block without asking the parser, and asks it for the others,
// so the HTML is the same.
var gfm goldmark.Extender = gfmExtender{linkify: true}

// gfmWithoutLinkify is gfm without autolinks, for Converter.parse.
var gfmWithoutLinkify goldmark.Extender = gfmExtender{}

type gfmExtender struct{ linkify bool }

func (e gfmExtender) Extend(m goldmark.Markdown) {
	if e.linkify {
		m.Parser().AddOptions(parser.WithInlineParsers(
			// The priority extension.Linkify gives its parser.
			util.Prioritized(quickLinkify{extension.NewLinkifyParser()}, 999),
		))
	}
	extension.Table.Extend(m)
	// Before the table extension's (500): a lower number is registered last.
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(newCellRenderer(), 400)))
	extension.Strikethrough.Extend(m)
	extension.TaskList.Extend(m)
}

// parse parses a page body as the converter's goldmark does, in two thirds
// of the time for most bodies.
//
// Even answered at once, the autolink parser costs goldmark some work at
// every space: a third of the time it takes to parse. Without it the
// parser makes the same document, with text split into fewer nodes, unless
//   - the autolink parser would have found a link. Until the first link
//     it finds in a block both parsers go the same way, and where it
//     starts, the parser without it reads the link's first characters
//     ("http:", "https:", "ftp:", "www.") as text;
//   - or a line ends in spaces that goldmark keeps only when it splits text
//     at them (see keepsSpaces).
//
// So a body is parsed without autolinks, and the text of each block with
// one of those prefixes in a text node outside code is parsed again with
// them (see reparse), or, when that cannot be done, the whole body. A body
// with an "@" (e-mail addresses) or such a line is parsed with autolinks
// at once.
func (c *Converter) parse(src []byte) ast.Node {
	if bytes.IndexByte(src, '@') >= 0 || keepsSpaces(src) {
		return c.md.Parser().Parse(text.NewReader(src))
	}
	doc := c.plain.Parse(text.NewReader(src))
	starts := linkStarts(src)
	if len(starts) == 0 {
		return doc
	}
	for _, b := range blocksWithStarts(doc, starts) {
		if !c.reparse(b, src) {
			return c.md.Parser().Parse(text.NewReader(src))
		}
	}
	return doc
}

// reparse parses the text of b, a paragraph or heading parsed without
// autolinks, again with them, and reports whether it did.
//
// The block's lines are parsed alone, from the start of the first to the
// end of the last: in a list, a quote or a footnote, those of its lines
// after the first are read with what starts them ("> ", indentation) as
// text is. Their text is parsed as in the body when they make a paragraph
// of the same lines, and the lines have no "[" or "]": no link, footnote
// or reference, which would depend on the rest of the body. The block
// then takes that paragraph's inline nodes.
func (c *Converter) reparse(b ast.Node, src []byte) bool {
	switch b.Kind() {
	case ast.KindParagraph, ast.KindTextBlock, ast.KindHeading:
	default:
		return false
	}
	lines := b.Lines()
	if lines.Len() == 0 {
		return false
	}
	for i := range lines.Len() {
		if seg := lines.At(i); bytes.ContainsAny(seg.Value(src), "[]") {
			return false
		}
	}
	start, end := lines.At(0).Start, lines.At(lines.Len()-1).Stop
	// A reader of src up to end, at start: the nodes it makes point into
	// src as the body's do.
	r := text.NewReader(src[:end])
	r.SetPosition(0, text.NewSegment(start, start))
	r.AdvanceLine()
	p := c.md.Parser().Parse(r).FirstChild()
	if p == nil || p.Kind() != ast.KindParagraph || p.NextSibling() != nil || !sameLines(p.Lines(), lines) {
		return false
	}
	// The footnote extension's links back to the text, which it adds to
	// a footnote's last paragraph once the body is parsed, stay at its end.
	var backlink ast.Node
	for n := b.FirstChild(); n != nil; {
		next := n.NextSibling()
		if n.Kind() != extast.KindFootnoteBacklink {
			b.RemoveChild(b, n)
		} else if backlink == nil {
			backlink = n
		}
		n = next
	}
	for n := p.FirstChild(); n != nil; n = p.FirstChild() {
		if backlink != nil {
			b.InsertBefore(b, backlink, n)
		} else {
			b.AppendChild(b, n)
		}
	}
	return true
}

func sameLines(a, b *text.Segments) bool {
	if a.Len() != b.Len() {
		return false
	}
	for i := range a.Len() {
		if a.At(i) != b.At(i) {
			return false
		}
	}
	return true
}

// linkStarts returns, in order, where src has a prefix an autolink starts
// with.
func linkStarts(src []byte) []int {
	var starts []int
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], ':')
		if j < 0 {
			break
		}
		i += j
		switch {
		case i >= 4 && string(src[i-4:i]) == "http":
			starts = append(starts, i-4)
		case i >= 5 && string(src[i-5:i]) == "https":
			starts = append(starts, i-5)
		case i >= 3 && string(src[i-3:i]) == "ftp":
			starts = append(starts, i-3)
		}
		i++
	}
	n := len(starts)
	for i := 0; ; {
		j := bytes.Index(src[i:], []byte("www."))
		if j < 0 {
			break
		}
		starts = append(starts, i+j)
		i += j + 1
	}
	if n > 0 && n < len(starts) {
		slices.Sort(starts)
	}
	return starts
}

// keepsSpaces reports whether a line of src ends in spaces that goldmark
// keeps only when it splits text at spaces. It trims the spaces (tabs,
// "\r") from the text of a line's end, which starts at the line's last
// space or tab when text is split at every space: so the parser with
// autolinks keeps the spaces before that one, and the parser without them
// keeps none. A hard line break's two spaces ("  \n") are not the line's.
func keepsSpaces(src []byte) bool {
	for i := 0; i < len(src); {
		end := len(src)
		if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
			end = i + j
		}
		line := src[i:end]
		i = end + 1
		if len(line) < 2 || !util.IsSpace(line[len(line)-1]) {
			continue
		}
		if end < len(src) {
			if bytes.HasSuffix(line, []byte("  ")) {
				line = line[:len(line)-2]
			} else if bytes.HasSuffix(line, []byte("  \r")) {
				line = line[:len(line)-3]
			}
		}
		line = bytes.TrimRight(line, "\r") // not where text is split
		if k := len(line); k >= 2 && util.IsSpace(line[k-1]) && util.IsSpace(line[k-2]) {
			return true
		}
	}
	return false
}

// blocksWithStarts returns the blocks of doc, in order, that have one of
// starts (in order) in a text node of their own outside code spans.
func blocksWithStarts(doc ast.Node, starts []int) []ast.Node {
	var blocks []ast.Node
	var block ast.Node // the block being walked
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if n.Type() == ast.TypeBlock {
			block = n
			if lines := n.Lines(); lines.Len() > 0 && !startIn(starts, lines.At(0).Start, lines.At(lines.Len()-1).Stop) {
				// Its text is within its lines: none of starts is.
				return ast.WalkSkipChildren, nil
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.CodeSpan:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			if startIn(starts, n.Segment.Start, n.Segment.Stop) && (len(blocks) == 0 || blocks[len(blocks)-1] != block) {
				blocks = append(blocks, block)
			}
		}
		return ast.WalkContinue, nil
	})
	return blocks
}

// startIn reports whether one of starts (in order) is in [lo, hi).
func startIn(starts []int, lo, hi int) bool {
	i, _ := slices.BinarySearch(starts, lo)
	return i < len(starts) && starts[i] < hi
}

// quickLinkify is the autolink parser, asked only in blocks that may hold
// a link.
type quickLinkify struct{ parser.InlineParser }

// linkifyBlock is what quickLinkify knows of the block being parsed: its
// lines, and whether they have what URLs and e-mail addresses need.
type linkifyBlock struct {
	lines     *text.Segments
	url, mail bool
}

var linkifyKey = parser.NewContextKey()

func (q quickLinkify) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	// The parser parses a block's inlines from its lines: parent is the
	// block, and the same one from its first space to its last.
	b, _ := pc.Get(linkifyKey).(*linkifyBlock)
	if b == nil {
		b = &linkifyBlock{}
		pc.Set(linkifyKey, b)
	}
	if lines := parent.Lines(); b.lines != lines {
		b.lines = lines
		b.url, b.mail = false, false
		src := block.Source()
		for i := range lines.Len() {
			seg := lines.At(i)
			v := seg.Value(src)
			b.url = b.url || bytes.IndexByte(v, ':') >= 0 || bytes.Contains(v, []byte("www."))
			b.mail = b.mail || bytes.IndexByte(v, '@') >= 0
		}
	}
	if !b.url && !b.mail {
		return nil
	}
	// The parser looks at the line from here, past a trigger character,
	// for a URL or an e-mail address: one of these prefixes, or an "@"
	// after at most 64 characters of a word (util.FindEmailIndex).
	line, _ := block.PeekLine()
	if len(line) > 0 {
		switch line[0] {
		case ' ', '*', '_', '~', '(':
			line = line[1:]
		}
	}
	if b.url && len(line) > 0 && (line[0] == 'h' || line[0] == 'f' || line[0] == 'w') {
		for _, prefix := range linkPrefixes {
			if bytes.HasPrefix(line, prefix) {
				return q.InlineParser.Parse(parent, block, pc)
			}
		}
	}
	if b.mail {
		if at := bytes.IndexByte(line[:min(len(line), 65)], '@'); at > 0 && bytes.IndexAny(line[:at], " \t\n\r") < 0 {
			return q.InlineParser.Parse(parent, block, pc)
		}
	}
	return nil
}

var linkPrefixes = [][]byte{[]byte("http:"), []byte("https:"), []byte("ftp:"), []byte("www.")}
