package site

import (
	"cmp"
	"html/template"
	"slices"
	"strings"
	"time"
)

// FeedFormat is the format of a feed file.
type FeedFormat string

// The formats of feed files.
const (
	RSS      FeedFormat = "rss"
	Atom     FeedFormat = "atom"
	JSONFeed FeedFormat = "json"
	ICal     FeedFormat = "ics" // an iCalendar calendar of events
)

// Feed is a file readers subscribe to: a feed of posts and events, or a
// calendar of events. Which feeds a site has:
//
//	/feed.xml /atom.xml /feed.json                         latest posts
//	/events/feed.xml                                       latest announced events
//	/regions/<key>/feed.xml, atom.xml, feed.json           a region's latest posts and events
//	/tags/<key>/feed.xml  /authors/<key>/feed.xml          a topic's or author's latest posts and events
//	/calendar.ics  /regions/<key>/calendar.ics             every event; a region's events
//	/events/<slug>/event.ics                               one event
//
// Feeds hold config.toml's feeds.limit items (20 by default; 0 is all),
// newest first by publication date; calendars hold every event. A site
// whose baseURL is not absolute has no feeds, since every link in a feed
// must be.
type Feed struct {
	Format       FeedFormat
	Path         string // from the site root: "/regions/london/feed.xml"
	RelPermalink string
	Permalink    string
	Title        string
	Description  string
	Page         *Page   // the HTML page the feed follows
	Items        []*Page // posts and events; for a calendar, its events
}

// MediaType is the feed's MIME type, for <link rel="alternate" type=…>.
func (f *Feed) MediaType() string {
	switch f.Format {
	case RSS:
		return "application/rss+xml"
	case Atom:
		return "application/atom+xml"
	case JSONFeed:
		return "application/feed+json"
	}
	return "text/calendar"
}

// Name says what kind of feed it is, for link text: "RSS", "Atom", "JSON
// Feed" or "iCalendar".
func (f *Feed) Name() string {
	switch f.Format {
	case RSS:
		return "RSS"
	case Atom:
		return "Atom"
	case JSONFeed:
		return "JSON Feed"
	}
	return "iCalendar"
}

// Webcal is a calendar's address with the webcal scheme, which calendar
// apps open as a subscription; "" for other feeds. It is a template.URL
// because html/template allows only http(s) and mailto links by itself;
// the address is the calendar's own permalink, so it is safe.
func (f *Feed) Webcal() template.URL {
	if f.Format != ICal {
		return ""
	}
	for _, scheme := range []string{"https://", "http://"} {
		if rest, ok := strings.CutPrefix(f.Permalink, scheme); ok {
			return template.URL("webcal://" + rest)
		}
	}
	return ""
}

// makeFeeds lists the site's feeds and gives each page the feeds that
// follow it (Page.Feeds). It runs once every list page exists; events is
// the events section's page.
func (s *Site) makeFeeds(events *Page) {
	if !s.Absolute() {
		s.Warnings = append(s.Warnings, &Warning{File: "config.toml",
			Msg: "baseURL is not an absolute URL, so no feeds, calendars or sitemap are made: set baseURL = \"https://…/\""})
		return
	}
	add := func(page *Page, format FeedFormat, path, title, description string, items []*Page) *Feed {
		f := &take(&s.pack.feeds, 1, pageBlock)[0]
		*f = Feed{Format: format, Path: path, Title: title, Description: description, Page: page, Items: items}
		f.Permalink, f.RelPermalink = s.links(path)
		s.Feeds = append(s.Feeds, f)
		page.Feeds = append(page.Feeds, f)
		return f
	}
	news := func(page *Page, dir, title, description string, items []*Page) {
		add(page, RSS, dir+"feed.xml", title, description, items)
		add(page, Atom, dir+"atom.xml", title, description, items)
		add(page, JSONFeed, dir+"feed.json", title, description, items)
	}
	named := func(name string) string { return s.Title + ": " + name }

	// A feed holds the n newest of its lists (newest); the site's posts
	// are in date order already.
	n := s.cfg.Feeds.Limit
	latest := s.Posts
	if n > 0 && len(latest) > n {
		latest = latest[:n]
	}
	news(s.Home, "/", s.Title, s.Description, latest)
	calendar := add(s.Home, ICal, "/calendar.ics", named("events"), s.Description, s.Events)
	add(events, RSS, "/events/feed.xml", named("events"), s.Description, newest(n, s.Events))
	events.Feeds = append(events.Feeds, calendar)
	for _, r := range s.Regions {
		news(r.Page, "/regions/"+r.Key+"/", named(r.Name), r.Description, newest(n, r.Posts, r.Upcoming, r.Past))
		add(r.Page, ICal, "/regions/"+r.Key+"/calendar.ics", named(r.Name+" events"), r.Description, append(slices.Clip(r.Upcoming), r.Past...))
	}
	for _, t := range s.Tags {
		add(t.Page, RSS, "/tags/"+t.Key+"/feed.xml", named(t.Name), "", newest(n, t.Posts, t.Upcoming, t.Past))
	}
	for _, a := range s.Authors {
		add(a, RSS, a.Path+"feed.xml", named(a.Title), a.SummaryText, newest(n, a.Profile.Posts, a.Profile.Upcoming, a.Profile.Past))
	}
	for _, e := range s.Events {
		add(e, ICal, e.Path+"event.ics", e.Title, e.SummaryText, []*Page{e})
	}

	// A list's later pager pages are copies of its first, made before
	// the feeds: they follow the same feeds.
	for _, p := range s.Pages {
		if p.Pager != nil && p.Pager.Number > 1 {
			p.Feeds = p.Pager.first.Feeds
		}
	}
}

// newest returns the n newest of lists of posts and events (all of them
// when n is 0), newest publication first (an event without a date counts
// from its start), ties by file. A feed holds a few of a region's or a
// topic's thousands: they are picked out, not the thousands sorted.
func newest(n int, lists ...[]*Page) []*Page {
	newer := func(a, b *Page) int {
		return cmp.Or(PublishedAt(b).Compare(PublishedAt(a)), cmp.Compare(a.File, b.File))
	}
	var out []*Page
	if n <= 0 {
		for _, l := range lists {
			out = append(out, l...)
		}
		slices.SortFunc(out, newer) // content files: no two have one file
		return out
	}
	for _, l := range lists {
		for _, p := range l {
			if len(out) == n {
				if newer(p, out[n-1]) >= 0 {
					continue // not among the n newest so far
				}
				out = out[:n-1]
			}
			i, _ := slices.BinarySearchFunc(out, p, newer)
			out = slices.Insert(out, i, p)
		}
	}
	return out
}

// PublishedAt is when a page was published: its date, or for an event
// written without one, its start.
func PublishedAt(p *Page) time.Time {
	if p.Date.IsZero() && p.Event != nil {
		return p.Event.Start
	}
	return p.Date
}
