package site

import (
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"plexus/internal/textblock"
)

// Pack copies a page and everything it keeps into the Packer's blocks: the
// copy equals the page, and shares none of its text.
func TestPack(t *testing.T) {
	cfg := testCfg(t)
	long := strings.Repeat("Long ", textblock.Size/4/5+1)
	pages := []*Page{
		page(t, cfg, "posts/a.md", "---\ntitle: A post\ndate: 2026-01-02\nimage: a.png\nimage_alt: A picture\n---\n"+
			"Plain words first.\n\n## One\n\nText.\n\n### Two\n\nMore.\n"),
		page(t, cfg, "posts/b.md", "---\ntitle: B post\ndate: 2026-01-03\nsummary: \"*Marked* up\"\n---\nBody.\n"),
		page(t, cfg, "events/e.md", event("2026-12-01 10:00", "2026-12-01 12:00",
			"location: {venue: Hall, address: 1 Road}", "online: true", "join: https://example.org/j", "organiser: Org", "status: postponed")),
		page(t, cfg, "posts/long.md", "---\ntitle: "+long+"\ndate: 2026-01-04\n---\nBody.\n"),
		page(t, cfg, "posts/c.md", "---\ntitle: C post\ndate: 2026-01-05\n---\n## Three\n\nText.\n\n## Four\n"),
		page(t, cfg, "events/f.md", event("2027-01-01 10:00", "2027-01-01 12:00", "location: {venue: Room, address: 2 Lane}")),
		page(t, cfg, "about.md", "---\ntitle: About\nmenu: main\nweight: 2\n---\n"),
	}
	var k Packer
	// The text of every page packed: all but the long title fit in one
	// block, one after the other.
	var lo, hi uintptr
	var size int
	var packed, wants []*Page
	for _, p := range pages {
		want := p.Clone()
		q := k.Pack(p)
		packed, wants = append(packed, q), append(wants, want)
		if q == p || q.Event != nil && q.Event == want.Event {
			t.Fatalf("%s: Pack returned the page or its event itself", p.File)
		}
		if !reflect.DeepEqual(q, want) {
			t.Errorf("%s: packed page differs:\n got %+v\nwant %+v", p.File, q, want)
		}
		texts := [][2]string{{q.Section, want.Section}, {q.File, want.File}, {q.Title, want.Title},
			{q.Slug, want.Slug}, {string(q.Summary), string(want.Summary)}, {q.Image, want.Image},
			{q.ImageAlt, want.ImageAlt}, {q.Menu, want.Menu}}
		if !strings.Contains(string(q.Summary), "<p>"+q.SummaryText+"</p>") {
			texts = append(texts, [2]string{q.SummaryText, want.SummaryText})
		}
		for i, h := range q.TOC {
			texts = append(texts, [2]string{h.ID, want.TOC[i].ID}, [2]string{h.Text, want.TOC[i].Text})
		}
		if e := q.Event; e != nil {
			texts = append(texts, [2]string{e.Venue, want.Event.Venue}, [2]string{e.Address, want.Event.Address},
				[2]string{e.Join, want.Event.Join}, [2]string{e.Registration, want.Event.Registration},
				[2]string{e.Organiser, want.Event.Organiser}, [2]string{string(e.Status), string(want.Event.Status)})
		}
		for _, s := range texts {
			if s[0] == "" {
				continue
			}
			if unsafe.StringData(s[0]) == unsafe.StringData(s[1]) {
				t.Errorf("%s: %q still shares the decoded page's memory", p.File, s[0])
			}
			if s[0] == long {
				continue
			}
			start := uintptr(unsafe.Pointer(unsafe.StringData(s[0])))
			if lo == 0 || start < lo {
				lo = start
			}
			hi = max(hi, start+uintptr(len(s[0])))
			size += len(s[0])
		}
	}
	// Packing a page changes none packed before it.
	for i, q := range packed {
		if !reflect.DeepEqual(q, wants[i]) {
			t.Errorf("%s: changed by packing the pages after it:\n got %+v\nwant %+v", q.File, q, wants[i])
		}
	}
	if hi-lo != uintptr(size) {
		t.Errorf("the pages' text spans %d bytes; want %d, one string after the other", hi-lo, size)
	}
	// A summary's plain text, when it is the text inside its <p>, is still
	// a part of it: one string kept, not two.
	a := packed[0]
	if a.SummaryText != "Plain words first." ||
		unsafe.StringData(a.SummaryText) != unsafe.StringData(string(a.Summary)[len("<p>"):]) {
		t.Errorf("summary text %q is not the text inside summary %q", a.SummaryText, a.Summary)
	}
}
