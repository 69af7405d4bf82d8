package site

import (
	"html/template"
	"time"

	"plexus/internal/markdown"
)

// Kind says what a page is; it chooses the page's layout.
type Kind string

// The kinds of page. Post, event, author and page come from content files;
// home and section are the generated list pages.
const (
	KindHome    Kind = "home"
	KindSection Kind = "section"
	KindPost    Kind = "post"
	KindEvent   Kind = "event"
	KindAuthor  Kind = "author"
	KindPage    Kind = "page"
	// KindNotFound is the page served for a missing URL, at /404.html.
	KindNotFound Kind = "404"
)

// Page is one page of the site: a post, event, author or plain page read from
// a content file, or a generated list page (home, a section and its pager
// pages). Fields a kind does not use are zero.
type Page struct {
	Kind    Kind
	Section string // first folder under content/: "posts", "events", "authors"; "" for the home page and top-level pages
	File    string // source file, e.g. content/posts/x.md; "" for generated pages

	Title       string
	Slug        string
	Date        time.Time // publication date in the site's timezone
	Updated     time.Time // last significant change; zero when not given
	Draft       bool
	Summary     template.HTML // the frontmatter summary, else the body's summary
	SummaryText string        // Summary as plain text
	Truncated   bool          // the body goes on after its summary
	Author      *Author       // nil when the page names no author
	Regions     []*Region
	Tags        []*Tag
	Series      string
	SeriesPart  int
	Image       string // URL of the page's image; relative names resolve against the page
	ImageAlt    string
	Params      map[string]any // frontmatter keys plexus does not know, for templates
	Words       int
	ReadingTime int // minutes
	TOC         []markdown.Heading
	Menu        string // name of the menu a plain page appears in
	Weight      int    // order within its menu

	Event   *Event   // set for events
	Profile *Profile // set for authors

	// Path is the page's URL path from the site root, e.g. "/posts/x/";
	// RelPermalink adds the baseURL's path and Permalink its scheme and host.
	Path         string
	RelPermalink string
	Permalink    string
	// Resources are a bundle's files, relative to content/, published
	// beside the page.
	Resources []string

	// Pages is what a list page lists (for a paginated list, this pager
	// page's share); Pager is set on paginated lists.
	Pages []*Page
	Pager *Pager

	// Body locates the page's rendered Markdown in the build's store; the
	// site graph never reads it.
	Body BodyRef

	summary    string   // the frontmatter summary, Markdown
	authorKey  string   // as written, resolved by New
	regionKeys []string // validated by Decode, resolved by New
	tagNames   []string
	line       int // first line of the frontmatter, for errors about the page as a whole
	warnings   []*Warning
}

// BodyRef locates a page body in the build's content store.
type BodyRef struct {
	Offset int64
	Len    int
}

// Lastmod is Updated when set, else Date.
func (p *Page) Lastmod() time.Time {
	if !p.Updated.IsZero() {
		return p.Updated
	}
	return p.Date
}

// IsList reports whether the page is a generated list page.
func (p *Page) IsList() bool { return p.Kind == KindHome || p.Kind == KindSection }

// Event holds what an event page has beyond a post.
type Event struct {
	Start, End   time.Time // in the site's timezone
	AllDay       bool      // start (and end) were written as dates without a time
	Venue        string
	Address      string
	Online       bool
	Join         string // link to join online
	Registration string // link to register
	Organiser    string
	Status       Status
	// Upcoming reports whether the event ends after the build's now.
	Upcoming bool
}

// Status is an event's state. The zero value is scheduled.
type Status string

// The event statuses a writer may give.
const (
	StatusScheduled   Status = "scheduled"
	StatusCancelled   Status = "cancelled"
	StatusPostponed   Status = "postponed"
	StatusMovedOnline Status = "moved-online"
)

var statuses = []string{string(StatusScheduled), string(StatusCancelled), string(StatusPostponed), string(StatusMovedOnline)}

// Going reports whether the event is still to take place as planned, so
// that readers may be asked to register.
func (e *Event) Going() bool {
	return e.Upcoming && (e.Status == StatusScheduled || e.Status == StatusMovedOnline)
}

// InPerson reports whether the event has a venue; Hybrid whether it is at a
// venue and online.
func (e *Event) InPerson() bool { return e.Venue != "" || e.Address != "" }

// Hybrid reports whether the event is both at a venue and online.
func (e *Event) Hybrid() bool { return e.InPerson() && e.Online }

// MultiDay reports whether the event ends on a later day than it starts.
func (e *Event) MultiDay() bool {
	ys, ms, ds := e.Start.Date()
	end := e.End
	if e.AllDay {
		end = end.Add(-time.Nanosecond) // an all-day end is midnight after the last day
	}
	ye, me, de := end.Date()
	return ys != ye || ms != me || ds != de
}

// Profile holds what an author page has beyond its biography.
type Profile struct {
	Name         string
	Role         string
	Organisation string
	Photo        string // URL
	PhotoAlt     string
	Links        []Link
}

// Link is a named external link.
type Link struct {
	Name string
	URL  string
}

// Author is who wrote a page: a person with an author page, or a guest
// known only by name (Page is nil).
type Author struct {
	Key  string // the author page's key; "" for a guest
	Name string
	Page *Page
}

// Region is a regional network declared in config.toml.
type Region struct {
	Key         string
	Name        string
	Description string
	Contact     string
}

// Tag is a topic label. Key is the normalised form ("back-pain"); Name is
// the form first written ("Back pain").
type Tag struct {
	Key  string
	Name string
}

// Pager is one page of a paginated list.
type Pager struct {
	Number int // 1-based
	Total  int // number of pager pages
	// First, Prev, Next and Last are the RelPermalinks of the other pager
	// pages; Prev and Next are "" at the ends.
	First, Prev, Next, Last string
}
