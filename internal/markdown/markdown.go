// Package markdown converts page bodies from Markdown to HTML with one
// goldmark configured once for the whole build: GitHub Flavored Markdown
// (tables, strikethrough, autolinks, task lists), footnotes, typographic
// quotes and dashes, and an id on every heading.
//
// Raw HTML in Markdown is dropped (goldmark writes a "raw HTML omitted"
// comment) unless Options.Unsafe is set: writers paste from word processors
// and email, and a stray <script> or <style> must not reach the site.
//
// Besides the HTML, Convert returns what list pages and feeds need: the
// summary (the text before a <!--more--> line, else the first paragraph),
// the word count and the table of contents.
package markdown

import (
	"bufio"
	"bytes"
	stdhtml "html"
	"html/template"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Options configures the converter. The zero value is the safe default.
type Options struct {
	// Unsafe keeps raw HTML written in the Markdown.
	Unsafe bool
	// BasePath is the path the site is served under, such as "/network/"
	// for baseURL https://example.org/network/. Links and images written
	// from the site root ("/posts/x/") get it in front, so that writers
	// link within the site the same way wherever it is hosted. "" or "/"
	// leaves them alone.
	BasePath string
}

// Converter turns Markdown into HTML. It is safe for concurrent use: goldmark
// keeps per-document state in a parser context, not in the converter.
type Converter struct {
	md goldmark.Markdown
	// plain parses as md's parser does, without autolinks: see parse.
	plain parser.Parser
}

// New returns a Converter configured with opts.
func New(opts Options) *Converter {
	rendererOpts := []goldmark.Option{goldmark.WithRendererOptions(html.WithWriter(textWriter{html.DefaultWriter}))}
	if opts.Unsafe {
		rendererOpts = append(rendererOpts, goldmark.WithRendererOptions(html.WithUnsafe()))
	}
	parserOpts := []parser.Option{parser.WithAutoHeadingID()}
	if base := strings.TrimSuffix(opts.BasePath, "/"); base != "" {
		parserOpts = append(parserOpts, parser.WithASTTransformers(util.Prioritized(rootLinks(base), 100)))
	}
	with := func(gfm goldmark.Extender) goldmark.Markdown {
		return goldmark.New(append(rendererOpts,
			goldmark.WithExtensions(gfm, extension.Footnote, extension.Typographer),
			goldmark.WithParserOptions(parserOpts...),
		)...)
	}
	return &Converter{md: with(gfm), plain: with(gfmWithoutLinkify).Parser()}
}

// textWriter is goldmark's HTML writer, writing at once the text it has
// nothing to do with: most text. goldmark's reads all text twice, a byte
// at a time, for backslash escapes and references, then for the bytes it
// escapes.
type textWriter struct{ html.Writer }

// special marks the bytes goldmark's writer acts on: "\" (escapes), "&"
// (references) and those it escapes ("\x00" it replaces).
var special = [256]bool{0: true, '"': true, '&': true, '<': true, '>': true, '\\': true}

func asIs(b []byte) bool {
	for _, c := range b {
		if special[c] {
			return false
		}
	}
	return true
}

func (w textWriter) Write(out util.BufWriter, source []byte) {
	if asIs(source) {
		_, _ = out.Write(source)
		return
	}
	w.Writer.Write(out, source)
}

func (w textWriter) RawWrite(out util.BufWriter, source []byte) {
	if asIs(source) {
		_, _ = out.Write(source)
		return
	}
	w.Writer.RawWrite(out, source)
}

// rootLinks prefixes base to link and image destinations that start at
// the site root.
type rootLinks string

func (base rootLinks) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	fix := func(dest []byte) []byte {
		if bytes.HasPrefix(dest, []byte(base+"/")) {
			return dest // written with the base path already
		}
		if len(dest) > 0 && dest[0] == '/' && (len(dest) == 1 || dest[1] != '/') {
			return append([]byte(base), dest...)
		}
		return dest
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch n := n.(type) {
			case *ast.Link:
				n.Destination = fix(n.Destination)
			case *ast.Image:
				n.Destination = fix(n.Destination)
			}
		}
		return ast.WalkContinue, nil
	})
}

// Doc is a converted page body.
type Doc struct {
	HTML []byte
	// Summary is the HTML of the text before a <!--more--> line, or of the
	// first paragraph when there is no such line, without footnote marks.
	Summary []byte
	// SummaryText is Summary as plain text, for meta descriptions.
	SummaryText string
	// Truncated reports whether the body goes on after the summary.
	Truncated bool
	Words     int
	TOC       []Heading
}

// Heading is an entry of a table of contents.
type Heading struct {
	Level int    // 2 for "##"
	ID    string // the heading's id attribute, for "#" links
	Text  string // plain text
}

// ReadingTime is the minutes an average reader takes for n words, at 220
// words a minute and never less than one.
func ReadingTime(words int) int {
	return max(1, (words+110)/220)
}

// writers holds the buffered writers goldmark renders through: it makes
// one for every call when given a plain io.Writer.
var writers = sync.Pool{New: func() any { return bufio.NewWriter(nil) }}

// render renders n into buf.
func (c *Converter) render(buf *bytes.Buffer, src []byte, n ast.Node) error {
	w := writers.Get().(*bufio.Writer)
	w.Reset(buf)
	err := c.md.Renderer().Render(w, src, n)
	w.Reset(nil)
	writers.Put(w)
	return err
}

// moreMarker separates a page's summary from the rest of its body.
const moreMarker = "<!--more-->"

// Convert renders a Markdown body. Its error comes only from the writer
// (never for bad Markdown: all text is valid Markdown).
func (c *Converter) Convert(src []byte) (Doc, error) {
	return c.ConvertTo(new(bytes.Buffer), src)
}

// ConvertTo is Convert writing the body's HTML into buf: the Doc's HTML
// is buf's bytes, good until buf is written again. A caller that copies
// the HTML elsewhere can reuse one buffer for every body.
func (c *Converter) ConvertTo(buf *bytes.Buffer, src []byte) (Doc, error) {
	return c.convert(buf, src, true)
}

// ConvertBodyTo is ConvertTo without the summary (Summary, SummaryText and
// Truncated stay empty): for a page whose frontmatter gives its summary.
func (c *Converter) ConvertBodyTo(buf *bytes.Buffer, src []byte) (Doc, error) {
	return c.convert(buf, src, false)
}

func (c *Converter) convert(buf *bytes.Buffer, src []byte, withSummary bool) (Doc, error) {
	doc := c.parse(src)
	var d Doc

	// Take the summary nodes before rendering, and remove the marker so it
	// does not appear as an HTML comment (or "raw HTML omitted").
	var summary []ast.Node
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if isMore(n, src) {
			for m := doc.FirstChild(); m != n; m = m.NextSibling() {
				summary = append(summary, m)
			}
			d.Truncated = n.NextSibling() != nil
			doc.RemoveChild(doc, n)
			break
		}
	}
	if !withSummary {
		summary, d.Truncated = nil, false
	} else if summary == nil {
		for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
			if n.Kind() == ast.KindParagraph {
				summary = []ast.Node{n}
				d.Truncated = n.NextSibling() != nil
				break
			}
		}
	}

	buf.Grow(len(src) + len(src)/4)
	if err := c.render(buf, src, doc); err != nil {
		return Doc{}, err
	}
	d.HTML = buf.Bytes()

	var text strings.Builder
	var sum bytes.Buffer
	for _, n := range summary {
		dropFootnoteLinks(n)
		if err := c.render(&sum, src, n); err != nil {
			return Doc{}, err
		}
		if text.Len() > 0 {
			text.WriteByte(' ')
		}
		plainText(&text, n, src)
	}
	d.Summary = bytes.TrimSpace(sum.Bytes())
	d.SummaryText = collapseSpace(text.String())

	var words wordCounter
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if n.Type() == ast.TypeBlock {
			words.gap() // a word never runs from one block into the next
		}
		switch n := n.(type) {
		case *ast.Text:
			words.add(n.Segment.Value(src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				words.gap()
			}
		case *ast.String:
			words.add(n.Value) // a typographer's entity, inside a word: "it&rsquo;s"
		case *ast.AutoLink:
			words.add(n.Label(src))
		case *ast.Heading:
			id, _ := n.AttributeString("id")
			idb, _ := id.([]byte)
			var t strings.Builder
			plainText(&t, n, src)
			d.TOC = append(d.TOC, Heading{Level: n.Level, ID: string(idb), Text: t.String()})
		}
		return ast.WalkContinue, nil
	})
	d.Words = words.n
	return d, nil
}

func isMore(n ast.Node, src []byte) bool {
	if n.Kind() != ast.KindHTMLBlock {
		return false
	}
	var b bytes.Buffer
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		b.Write(seg.Value(src))
	}
	return strings.TrimSpace(b.String()) == moreMarker
}

// dropFootnoteLinks removes footnote references from a summary, whose
// footnotes are not on the list page it is shown on.
func dropFootnoteLinks(n ast.Node) {
	var links []ast.Node
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Kind() == extast.KindFootnoteLink {
			links = append(links, n)
		}
		return ast.WalkContinue, nil
	})
	for _, l := range links {
		l.Parent().RemoveChild(l.Parent(), l)
	}
}

// plainText appends the text of n and its descendants to b, as a reader
// sees it: escapes and entities resolved, the typographer's quotes and
// dashes as characters, autolinks as their text.
func plainText(b *strings.Builder, n ast.Node, src []byte) {
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if n.Type() == ast.TypeBlock && b.Len() > 0 {
			b.WriteByte(' ') // list items, table cells: "a b", not "ab"
		}
		switch n := n.(type) {
		case *ast.Text:
			v := n.Segment.Value(src)
			if !n.IsRaw() {
				v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
			}
			b.Write(v)
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.WriteString(stdhtml.UnescapeString(string(n.Value)))
		case *ast.AutoLink:
			b.Write(n.Label(src))
		}
		return ast.WalkContinue, nil
	})
}

// collapseSpace is strings.Join(strings.Fields(s), " ") without the slice
// of fields.
func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for f := range strings.FieldsSeq(s) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(f)
	}
	return b.String()
}

// Inline renders a short Markdown text, such as a frontmatter summary, for
// use inside other markup: a single paragraph loses its <p> wrapper.
func (c *Converter) Inline(src string) (template.HTML, error) {
	var buf bytes.Buffer
	if err := c.md.Convert([]byte(src), &buf); err != nil {
		return "", err
	}
	out := bytes.TrimSpace(buf.Bytes())
	if bytes.HasPrefix(out, []byte("<p>")) && bytes.HasSuffix(out, []byte("</p>")) &&
		bytes.Count(out, []byte("<p>")) == 1 {
		out = out[3 : len(out)-4]
	}
	return template.HTML(out), nil
}
