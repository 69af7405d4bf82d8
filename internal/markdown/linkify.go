package markdown

import (
	"bytes"

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
var gfm goldmark.Extender = gfmExtender{}

type gfmExtender struct{}

func (gfmExtender) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(
		// The priority extension.Linkify gives its parser.
		util.Prioritized(quickLinkify{extension.NewLinkifyParser()}, 999),
	))
	extension.Table.Extend(m)
	extension.Strikethrough.Extend(m)
	extension.TaskList.Extend(m)
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
