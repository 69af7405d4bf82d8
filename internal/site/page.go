package site

import (
	"html/template"
	"strings"
	"time"

	"plexus/internal/markdown"
)

// Kind says what a page is; it chooses the page's layout.
type Kind string

// The kinds of page. Post, event, author and page come from content files;
// the others are generated list pages: the home page, a section (/posts/,
// /events/, /authors/), a taxonomy's list of its terms (/regions/, /tags/,
// /series/) and a term's page (/regions/london/, /tags/back-pain/,
// /series/msk-transformation/).
const (
	KindHome     Kind = "home"
	KindSection  Kind = "section"
	KindTaxonomy Kind = "taxonomy"
	KindTerm     Kind = "term"
	KindPost     Kind = "post"
	KindEvent    Kind = "event"
	KindAuthor   Kind = "author"
	KindPage     Kind = "page"
	// KindNotFound is the page served for a missing URL, at /404.html.
	KindNotFound Kind = "404"
)

// Page is one page of the site: a post, event, author or plain page read from
// a content file, or a generated list page (home, a section, a taxonomy or
// a term, and their pager pages). Fields a kind does not use are zero.
type Page struct {
	Kind Kind
	// Section is the first folder of the page's URL: "posts", "events",
	// "authors", "regions", "tags", "series"; "" for the home page and
	// top-level pages.
	Section string
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
	Regions     []*Region     // the regions the page names, without national-on-regions
	Tags        []*Tag
	// Series is the series a post is part of, or the series a series page
	// lists; nil otherwise. SeriesPart is the post's place in its series,
	// 1 to len(Series.Parts): the order series_part gives, not the number
	// written, so that "part N of M" is always true.
	Series      *Series
	SeriesPart  int
	Image       string // URL of the page's image; relative names resolve against the page
	ImageAlt    string
	Params      map[string]any // frontmatter keys plexus does not know, for templates; nil for none
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

	// Site is the site the page belongs to.
	Site *Site

	// Feeds are the feeds and calendars that follow this page: the site's
	// on the home page, a region's on its page, an event's event.ics.
	Feeds []*Feed

	// Pages is what a list page or an author page lists (for a paginated
	// list, this pager page's share); Pager is set on paginated lists.
	Pages []*Page
	Pager *Pager

	// Region and Tag are what a region's or a tag's page is about (and its
	// pager pages'); nil on other pages.
	Region *Region
	Tag    *Tag
	// Related are, on a post, up to three other posts that share its tags
	// or regions, the most related first (see the package documentation).
	Related []*Page

	// Body locates the page's rendered Markdown in the build's store; the
	// site graph never reads it.
	Body BodyRef

	// dec is what Decode keeps for Attach and New, which drops it once it
	// has resolved it: kept apart, it costs pages that New makes, and every
	// page after New, one pointer instead of 168 bytes.
	dec *decoded
}

// decoded is a content page's frontmatter as written, before New resolves
// it, and the lines its errors name.
type decoded struct {
	summary     string   // the frontmatter summary, Markdown
	authorKey   string   // as written, resolved by New
	regionKeys  []string // validated by Decode, resolved by New
	tagNames    []string
	seriesKey   string // normalised by Decode, resolved by New
	seriesTitle string
	seriesPart  int // as written; 0 when not given
	partLine    int // line of series_part (else of series), for errors
	titleLine   int // line of series_title
	line        int // first line of the frontmatter, for errors about the page as a whole
	warnings    []*Warning
}

// BodyRef locates a page body in the build's content store.
type BodyRef struct {
	Offset int64
	Len    int
}

// Clone returns a copy of a decoded page that New may change without
// changing p: New fills in a page's event, profile and lists as it builds
// the site, so a page decoded once (plexus serve's cache) is cloned for
// each site made of it.
func (p *Page) Clone() *Page {
	c := *p
	if p.dec != nil {
		d := *p.dec
		c.dec = &d
	}
	if p.Event != nil {
		e := *p.Event
		c.Event = &e
	}
	if p.Profile != nil {
		pr := *p.Profile
		c.Profile = &pr
	}
	return &c
}

// Content is the page's rendered Markdown, for templates; "" for a page
// without a body.
func (p *Page) Content() (template.HTML, error) {
	if p.Body.Len == 0 || p.Site == nil || p.Site.Bodies == nil {
		return "", nil
	}
	b, err := p.Site.Bodies(p)
	return template.HTML(b), err
}

// Listing is .Pages filed as an Index: on a region's, a tag's or an
// author's page, this pager page's share of its posts, upcoming events and
// past events, each in the order .Pages has them. A layout that shows the
// three apart ranges over each once, instead of over .Pages once for each.
func (p *Page) Listing() Index {
	var ix Index
	for _, q := range p.Pages {
		ix.add(q)
	}
	return ix
}

// Lastmod is Updated when set, else Date.
func (p *Page) Lastmod() time.Time {
	if !p.Updated.IsZero() {
		return p.Updated
	}
	return p.Date
}

// IsList reports whether the page is a generated list page.
func (p *Page) IsList() bool {
	switch p.Kind {
	case KindHome, KindSection, KindTaxonomy, KindTerm:
		return true
	}
	return false
}

// SeriesPrev is the part of the post's series before it, or nil when it is
// the first or in no series.
func (p *Page) SeriesPrev() *Page {
	if p.Series == nil || p.Kind != KindPost || p.SeriesPart < 2 {
		return nil
	}
	return p.Series.Parts[p.SeriesPart-2]
}

// SeriesNext is the part of the post's series after it, or nil when it is
// the last or in no series.
func (p *Page) SeriesNext() *Page {
	if p.Series == nil || p.Kind != KindPost || p.SeriesPart < 1 || p.SeriesPart >= len(p.Series.Parts) {
		return nil
	}
	return p.Series.Parts[p.SeriesPart]
}

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

// Profile holds what an author page has beyond its biography: the
// author's details and, in Index, the posts and events they wrote.
type Profile struct {
	Name         string
	Role         string
	Organisation string
	Photo        string // URL
	PhotoAlt     string
	Email        string // for RSS's <author>, which must be an email address
	Links        []Link
	Index
}

// Index is what a region, a tag or an author has to its name: the
// published posts and events filed under it, each list in the site's
// order. The lists share their pages with the site; they are not copies.
type Index struct {
	Posts    []*Page // newest first
	Upcoming []*Page // events still to end, soonest first
	Past     []*Page // events over, most recent first
}

// Count is how many posts and events the index holds.
func (ix *Index) Count() int { return len(ix.Posts) + len(ix.Upcoming) + len(ix.Past) }

// EventCount is how many events, upcoming and past, the index holds.
func (ix *Index) EventCount() int { return len(ix.Upcoming) + len(ix.Past) }

// add files p under the index, keeping the site's order when p comes in it.
func (ix *Index) add(p *Page) {
	switch {
	case p.Kind == KindPost:
		ix.Posts = append(ix.Posts, p)
	case p.Event != nil && p.Event.Upcoming:
		ix.Upcoming = append(ix.Upcoming, p)
	case p.Event != nil:
		ix.Past = append(ix.Past, p)
	}
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
	// National reports whether this region stands for the whole network
	// (config.toml's network.national); WithNational whether the region's
	// Index includes the national region's posts and events
	// (network.national_on_regions).
	National     bool
	WithNational bool
	// Page is the region's page, /regions/<key>/ (its first pager page).
	Page *Page
	// Index holds what the region's page lists: the posts and events that
	// name the region and, when config.toml's network.national_on_regions
	// is true, those that name the national region too.
	Index
	// Authors are the author pages that name the region, by name.
	Authors []*Page
}

// ContactURL is the region's contact as a link: a web address as it is,
// an email address as a mailto: link; "" when there is no contact.
func (r *Region) ContactURL() string {
	switch {
	case r.Contact == "":
		return ""
	case strings.Contains(r.Contact, "://"), strings.HasPrefix(r.Contact, "mailto:"):
		return r.Contact
	}
	return "mailto:" + r.Contact
}

// Tag is a topic label. Key is the normalised form ("back-pain"); Name is
// the form first written ("Back pain").
type Tag struct {
	Key  string
	Name string
	// Page is the tag's page, /tags/<key>/ (its first pager page).
	Page *Page
	// Index holds the posts and events with the tag.
	Index
}

// Series is a run of posts that name one series key, read in order.
type Series struct {
	Key string // normalised like a tag's: "msk-transformation"
	// Name is the first series_title its parts give, or else the key with
	// spaces for hyphens and a capital first letter.
	Name  string
	Page  *Page   // the series' page, /series/<key>/ (its first pager page)
	Parts []*Page // the published parts, in order
}

// Pager is one page of a paginated list.
type Pager struct {
	Number int // 1-based
	Total  int // number of pager pages
	// First, Prev, Next and Last are the RelPermalinks of the other pager
	// pages; Prev and Next are "" at the ends.
	First, Prev, Next, Last string

	first *Page // the list's first page, whose feeds the others follow
}
