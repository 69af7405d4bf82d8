package site

import (
	"html/template"
	"unsafe"

	"plexus/internal/markdown"
	"plexus/internal/textblock"
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
	text   textblock.Blocks
	pages  []Page
	events []Event
	heads  []markdown.Heading
	// For the site graph (Site.pack): pager pages, their pagers, feeds.
	pagers []Pager
	feeds  []Feed
}

// Block sizes, in elements (a block of text is textblock.Size bytes).
const (
	pageBlock  = 64
	eventBlock = 64
	headBlock  = 256
)

// Pack returns a copy of a page from Decode and Attach in the Packer's
// blocks. The page passed is no longer to be used.
func (k *Packer) Pack(p *Page) *Page {
	q := &take(&k.pages, 1, pageBlock)[0]
	*q = *p
	q.Section = k.str(q.Section)
	q.File = k.str(q.File)
	q.Title = k.str(q.Title)
	q.Slug = k.str(q.Slug)
	q.Summary = template.HTML(k.str(string(q.Summary)))
	// Attach may have made the plain text a part of the HTML (inside its
	// <p>): keep it so, one string, not two.
	if n := len(q.SummaryText); n > 0 && len(p.Summary) >= 3+n &&
		unsafe.StringData(p.SummaryText) == unsafe.StringData(string(p.Summary)[3:]) {
		q.SummaryText = string(q.Summary)[3 : 3+n]
	} else {
		q.SummaryText = k.str(q.SummaryText)
	}
	q.Image = k.str(q.Image)
	q.ImageAlt = k.str(q.ImageAlt)
	q.Menu = k.str(q.Menu)
	if len(q.TOC) > 0 {
		toc := take(&k.heads, len(q.TOC), headBlock)
		for i, h := range q.TOC {
			toc[i] = markdown.Heading{Level: h.Level, ID: k.str(h.ID), Text: k.str(h.Text)}
		}
		q.TOC = toc
	}
	if q.Event != nil {
		e := &take(&k.events, 1, eventBlock)[0]
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

// take returns n elements from the front of *block, starting a new block
// of size elements (or n, if more) when it has fewer left.
func take[T any](block *[]T, n, size int) []T {
	if len(*block) < n {
		*block = make([]T, max(size, n))
	}
	s := (*block)[:n:n]
	*block = (*block)[n:]
	return s
}

// str copies s into the current block of text.
func (k *Packer) str(s string) string { return k.text.String(s) }
