package markdown

import (
	"bytes"
	"slices"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
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
	extension.Strikethrough.Extend(m)
	extension.TaskList.Extend(m)
}

// parse parses a page body as the converter's goldmark does, in two thirds
// of the time when the body has no autolink.
//
// Even answered at once, the autolink parser costs goldmark some work at
// every space: a third of the time it takes to parse. Without it the
// parser makes the same document, with text split into fewer nodes, unless
//   - the autolink parser would have found a link. Until the first link
//     it finds both parsers go the same way, and where it starts, the
//     parser without it reads the link's first characters ("http:",
//     "https:", "ftp:", "www.") as text;
//   - or a line ends in spaces that goldmark keeps only when it splits text
//     at them (see keepsSpaces).
//
// So a body is parsed without autolinks, and again with them if a text
// node outside code holds one of those prefixes; a body with an "@"
// (e-mail addresses), with such a prefix where a link is likely, or with
// such a line is parsed with them at once.
func (c *Converter) parse(src []byte) ast.Node {
	starts, likely := linkStarts(src)
	if likely || keepsSpaces(src) {
		return c.md.Parser().Parse(text.NewReader(src))
	}
	doc := c.plain.Parse(text.NewReader(src))
	if len(starts) > 0 && startsInText(doc, starts) {
		return c.md.Parser().Parse(text.NewReader(src))
	}
	return doc
}

// linkStarts returns, in order, where src has a prefix an autolink starts
// with, and whether one of them is likely an autolink: after a space, at
// a line's start, after an emphasis mark or after "(" but not "](", which
// starts a link's destination. An "@" anywhere makes a link likely.
func linkStarts(src []byte) (starts []int, likely bool) {
	if bytes.IndexByte(src, '@') >= 0 {
		return nil, true
	}
	add := func(i int) {
		starts = append(starts, i)
		switch {
		case i == 0:
			likely = true
		case src[i-1] == '(':
			likely = likely || i < 2 || src[i-2] != ']'
		default:
			switch src[i-1] {
			case ' ', '\t', '\n', '*', '_', '~':
				likely = true
			}
		}
	}
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], ':')
		if j < 0 {
			break
		}
		i += j
		switch {
		case i >= 4 && string(src[i-4:i]) == "http":
			add(i - 4)
		case i >= 5 && string(src[i-5:i]) == "https":
			add(i - 5)
		case i >= 3 && string(src[i-3:i]) == "ftp":
			add(i - 3)
		}
		i++
	}
	n := len(starts)
	for i := 0; ; {
		j := bytes.Index(src[i:], []byte("www."))
		if j < 0 {
			break
		}
		add(i + j)
		i += j + 1
	}
	if n > 0 && n < len(starts) {
		slices.Sort(starts)
	}
	return starts, likely
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

// startsInText reports whether a text node of doc outside code spans
// holds one of starts (in order).
func startsInText(doc ast.Node, starts []int) bool {
	found := false
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.CodeSpan:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			i, _ := slices.BinarySearch(starts, n.Segment.Start)
			if i < len(starts) && starts[i] < n.Segment.Stop {
				found = true
				return ast.WalkStop, nil
			}
		}
		return ast.WalkContinue, nil
	})
	return found
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
