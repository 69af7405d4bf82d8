package site

import (
	"html/template"
	"strings"
	"unsafe"

	"plexus/internal/markdown"
)

// A Packer copies what a decoded page keeps for the whole build (the page,
// its event, its table of contents and their text) into large blocks
// shared by many pages. Decoded, a page's data is spread thinly over the
// heap among the garbage of reading it (YAML and Markdown syntax trees), so
// that once that garbage is collected much of the memory around it cannot
// be reused for anything else: at 100,000 posts over 200 MB of the heap was
// such gaps while the site rendered, memory the collector counts against
// its budget and that made it collect more often. Packed, the garbage is
// left in memory that is freed whole.
//
// The zero Packer is ready to use. A Packer is not safe for concurrent use.
type Packer struct {
	text   []byte // the free end of the current block of text
	pages  []Page
	events []Event
	heads  []markdown.Heading
}

// Block sizes: a page in 64 KiB of text is what is lost at worst when a
// block is left for a new one.
const (
	textBlock  = 64 << 10
	pageBlock  = 64
	eventBlock = 64
	headBlock  = 256
)

// Pack returns a copy of a page from Decode and Attach in the Packer's
// blocks. The page passed is no longer to be used.
func (k *Packer) Pack(p *Page) *Page {
	if len(k.pages) == 0 {
		k.pages = make([]Page, pageBlock)
	}
	q := &k.pages[0]
	k.pages = k.pages[1:]
	*q = *p
	q.Section = k.str(q.Section)
	q.File = k.str(q.File)
	q.Title = k.str(q.Title)
	q.Slug = k.str(q.Slug)
	q.Summary = template.HTML(k.str(string(q.Summary)))
	if !shareSummaryText(q) {
		q.SummaryText = k.str(q.SummaryText)
	}
	q.Image = k.str(q.Image)
	q.ImageAlt = k.str(q.ImageAlt)
	q.Menu = k.str(q.Menu)
	if len(q.TOC) > 0 {
		if len(k.heads) < len(q.TOC) {
			k.heads = make([]markdown.Heading, max(headBlock, len(q.TOC)))
		}
		toc := k.heads[:len(q.TOC):len(q.TOC)]
		k.heads = k.heads[len(q.TOC):]
		for i, h := range q.TOC {
			toc[i] = markdown.Heading{Level: h.Level, ID: k.str(h.ID), Text: k.str(h.Text)}
		}
		q.TOC = toc
	}
	if q.Event != nil {
		if len(k.events) == 0 {
			k.events = make([]Event, eventBlock)
		}
		e := &k.events[0]
		k.events = k.events[1:]
		*e = *q.Event
		e.Venue = k.str(e.Venue)
		e.Address = k.str(e.Address)
		e.Join = k.str(e.Join)
		e.Registration = k.str(e.Registration)
		e.Organiser = k.str(e.Organiser)
		e.Status = Status(k.str(string(e.Status)))
		q.Event = e
	}
	return q
}

// str copies s into the current block of text.
func (k *Packer) str(s string) string {
	if len(s) == 0 {
		return ""
	}
	if len(s) > textBlock/4 {
		return strings.Clone(s) // a block of its own
	}
	if len(k.text) < len(s) {
		k.text = make([]byte, textBlock)
	}
	n := copy(k.text, s)
	b := k.text[:n:n]
	k.text = k.text[n:]
	return bytesString(b)
}

// bytesString is b as a string without a copy: a block's bytes are never
// written again once handed out.
func bytesString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
