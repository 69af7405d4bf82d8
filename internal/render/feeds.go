package render

import (
	"bytes"
	"fmt"
	"html"
	"net/url"
	"slices"
	"strings"
	"time"

	"plexus/internal/feed"
	"plexus/internal/site"
)

// feedFile renders one of the site's feeds or calendars into buf.
func (r *Renderer) feedFile(buf *bytes.Buffer, f *site.Feed) error {
	var err error
	if f.Format == site.ICal {
		err = feed.ICal(buf, r.calendar(f))
	} else {
		var fd *feed.Feed
		if fd, err = r.newsFeed(f); err == nil {
			switch f.Format {
			case site.RSS:
				err = feed.RSS(buf, fd)
			case site.Atom:
				err = feed.Atom(buf, fd)
			case site.JSONFeed:
				err = feed.JSON(buf, fd)
			}
		}
	}
	if err != nil {
		return fmt.Errorf("%s: %w", strings.TrimPrefix(f.Path, "/"), err)
	}
	return nil
}

// newsFeed maps a site feed onto the feed package's data: full content
// with every URL made absolute, the author's name (and email address when
// the author page gives one), regions and tags as categories.
func (r *Renderer) newsFeed(f *site.Feed) (*feed.Feed, error) {
	s := r.opts.Site
	fd := &feed.Feed{
		Title:       f.Title,
		Description: f.Description,
		Language:    s.Language,
		Link:        f.Page.Permalink,
		Self:        f.Permalink,
		Author:      s.Title,
		Image:       s.FeedImage,
		Items:       make([]feed.Item, 0, len(f.Items)),
	}
	if len(f.Items) == 0 {
		// Atom needs a date even for an empty feed: the site's last
		// change, which a rebuild does not move as the clock would.
		fd.Updated = r.lastChange()
	}
	for _, p := range f.Items {
		base, err := url.Parse(p.Permalink)
		if err != nil {
			return nil, err
		}
		content, err := p.Content()
		if err != nil {
			return nil, err
		}
		body := string(content)
		if p.Event != nil {
			body = eventDetails(p) + body
		}
		it := feed.Item{
			Title:       p.Title,
			Link:        p.Permalink,
			Published:   site.PublishedAt(p),
			Updated:     p.Updated,
			Categories:  categories(p),
			Summary:     feed.AbsoluteHTML(string(p.Summary), base),
			SummaryText: p.SummaryText,
			Content:     feed.AbsoluteHTML(body, base),
		}
		if p.Image != "" {
			// A site path or another site's URL (site.Page.Image).
			img, err := url.Parse(p.Image)
			if err != nil {
				return nil, err
			}
			it.Image = base.ResolveReference(img).String()
		}
		if a := p.Author; a != nil {
			it.AuthorName = a.Name
			if a.Page != nil {
				it.AuthorURL = a.Page.Permalink
				it.AuthorEmail = a.Page.Profile.Email
			}
		}
		fd.Items = append(fd.Items, it)
	}
	return fd, nil
}

// eventDetails is the when and where of an event, put before its content
// in feeds so that a reader sees them without opening the page.
func eventDetails(p *site.Page) string {
	var b strings.Builder
	b.WriteString("<p><strong>When:</strong> ")
	b.WriteString(html.EscapeString(EventWhen(p.Event)))
	b.WriteString("<br><strong>Where:</strong> ")
	b.WriteString(html.EscapeString(eventPlace(p.Event)))
	if st := p.Event.Status; st != site.StatusScheduled {
		b.WriteString("<br><strong>Status:</strong> ")
		b.WriteString(html.EscapeString(string(st)))
	}
	b.WriteString("</p>\n")
	return b.String()
}

// calendar maps a site calendar onto the feed package's data.
func (r *Renderer) calendar(f *site.Feed) *feed.Calendar {
	s := r.opts.Site
	cal := &feed.Calendar{Name: f.Title, Description: f.Description, Location: s.Location(),
		Events: make([]feed.Event, 0, len(f.Items))}
	for _, p := range f.Items {
		e := p.Event
		ev := feed.Event{
			UID:        uid(p),
			URL:        p.Permalink,
			Summary:    p.Title,
			Location:   eventPlace(e),
			Start:      e.Start,
			End:        e.End,
			AllDay:     e.AllDay,
			Stamp:      p.Lastmod(),
			Sequence:   sequence(p),
			Status:     calendarStatus(e.Status),
			Categories: categories(p),
		}
		if ev.Stamp.IsZero() {
			ev.Stamp = e.Start
		}
		var desc []string
		if p.SummaryText != "" {
			desc = append(desc, p.SummaryText)
		}
		if e.Join != "" && e.Going() {
			desc = append(desc, "Join online: "+e.Join)
		}
		if e.Registration != "" && e.Going() {
			desc = append(desc, "Register: "+e.Registration)
		}
		desc = append(desc, "Details: "+p.Permalink)
		ev.Description = strings.Join(desc, "\n\n")
		cal.Events = append(cal.Events, ev)
	}
	return cal
}

// uid is an event's calendar UID, derived from its URL so that it never
// changes while the URL does not: "network-events-x@example.org".
func uid(p *site.Page) string {
	u, err := url.Parse(p.Permalink)
	if err != nil {
		return p.Permalink
	}
	return strings.ReplaceAll(strings.Trim(u.Path, "/"), "/", "-") + "@" + u.Host
}

// sequenceEpoch is where SEQUENCE counts from: minutes since then fit the
// 32-bit integer RFC 5545 allows until the year 6000.
var sequenceEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// sequence is an event's iCalendar SEQUENCE: 0 until the event has an
// updated date, then the minutes from 2000 to it, so that it rises every
// time a writer sets a later updated date, as clients require to take the
// change.
func sequence(p *site.Page) int {
	if p.Updated.IsZero() || p.Updated.Before(sequenceEpoch) {
		return 0
	}
	return int(p.Updated.Sub(sequenceEpoch) / time.Minute)
}

func calendarStatus(s site.Status) string {
	switch s {
	case site.StatusCancelled:
		return "CANCELLED"
	case site.StatusPostponed:
		return "TENTATIVE"
	}
	return "CONFIRMED"
}

// eventPlace says where an event is, in plain text.
func eventPlace(e *site.Event) string {
	place := strings.Join(slices.DeleteFunc([]string{e.Venue, e.Address}, func(s string) bool { return s == "" }), ", ")
	switch {
	case place != "" && e.Online:
		return place + ", and online"
	case place != "":
		return place
	case e.Online:
		return "Online"
	}
	return ""
}

func categories(p *site.Page) []string {
	out := make([]string, 0, len(p.Regions)+len(p.Tags))
	for _, r := range p.Regions {
		out = append(out, r.Name)
	}
	for _, t := range p.Tags {
		out = append(out, t.Name)
	}
	return out
}

// sitemaps renders sitemap.xml for every page but the 404 page: one
// sitemap, or an index of sitemap-N.xml files when the site has more pages
// than one sitemap may hold.
func (r *Renderer) sitemaps(emit func(path string, data []byte) error) error {
	s := r.opts.Site
	var urls []feed.SitemapURL
	for _, p := range s.Pages {
		if !inSitemap(p) {
			continue
		}
		u := feed.SitemapURL{Loc: p.Permalink}
		if !p.IsList() {
			u.Lastmod = p.Lastmod()
		}
		urls = append(urls, u)
	}
	var buf bytes.Buffer
	if len(urls) <= feed.MaxSitemapURLs {
		if err := feed.Sitemap(&buf, urls); err != nil {
			return fmt.Errorf("sitemap.xml: %w", err)
		}
		return emit("sitemap.xml", buf.Bytes())
	}
	var parts []feed.SitemapURL
	for chunk := range slices.Chunk(urls, feed.MaxSitemapURLs) {
		name := sitemapPart(len(parts))
		buf.Reset()
		if err := feed.Sitemap(&buf, chunk); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if err := emit(name, buf.Bytes()); err != nil {
			return err
		}
		parts = append(parts, feed.SitemapURL{Loc: s.AbsURL("/" + name)})
	}
	buf.Reset()
	if err := feed.SitemapIndex(&buf, parts); err != nil {
		return fmt.Errorf("sitemap.xml: %w", err)
	}
	return emit("sitemap.xml", buf.Bytes())
}

// sitemapNames are the files sitemaps makes.
func sitemapNames(s *site.Site) []string {
	n := 0
	for _, p := range s.Pages {
		if inSitemap(p) {
			n++
		}
	}
	names := []string{"sitemap.xml"}
	if n > feed.MaxSitemapURLs {
		for i := range (n + feed.MaxSitemapURLs - 1) / feed.MaxSitemapURLs {
			names = append(names, sitemapPart(i))
		}
	}
	return names
}

// inSitemap reports whether p is listed in the sitemap: every page but
// the 404 page.
func inSitemap(p *site.Page) bool { return p.Kind != site.KindNotFound }

func sitemapPart(i int) string { return fmt.Sprintf("sitemap-%d.xml", i+1) }
