package feed

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
)

// Feed is a list of items, written as RSS 2.0 by RSS, Atom 1.0 by Atom and
// JSON Feed 1.1 by JSON. Text fields are plain text unless they say HTML;
// URLs are absolute http(s) URLs, checked by the encoders. The zero value
// of an optional field leaves its element out.
type Feed struct {
	// Title names the feed (plain text), e.g. the site's title, or
	// "North West – Clinical network" for a region's feed.
	Title string
	// Description says what the feed holds (plain text). RSS requires a
	// channel description, so when it is empty Title stands in there.
	Description string
	// Language is a BCP 47 tag such as "en-GB"; "" leaves it out.
	Language string
	// Link is the absolute URL of the HTML page the feed mirrors, such as
	// the home page or a region's page. Required.
	Link string
	// Self is the absolute URL of the file being written, which differs per
	// format (feed.xml, atom.xml, feed.json): RSS's atom:link rel="self",
	// Atom's link rel="self" and id, JSON Feed's feed_url. Optional but
	// recommended; without it Atom's id is Link.
	Self string
	// Author is the feed's own author (plain text), usually the network's
	// name. Atom requires a feed author unless every entry has one: when
	// Author is empty and some item has no AuthorName, Title is used.
	// RSS has no place for a name without an email address, so it leaves
	// Author out.
	Author string
	// Updated is when the feed last changed: the newest item's date, never
	// the clock, so that builds are reproducible. Zero means the newest
	// Updated or Published of the items. Atom requires it, so an Atom feed
	// with no items needs it set (the build's now, for example).
	Updated time.Time
	// Image is the absolute URL of the feed's image or logo: RSS <image>,
	// Atom <logo>, JSON Feed icon. Optional.
	Image string
	// Items are written in the order given; the encoders sort nothing.
	// Limiting a feed to its newest N items is the caller's choice.
	Items []Item
}

// Item is one post or event in a Feed. Dates keep their zone: a post
// dated 14:00 in Europe/London is written as 14:00+01:00 in summer.
type Item struct {
	// Title is plain text: "<script>" in a title is shown as written.
	Title string
	// Link is the absolute permalink of the item's page, also its RSS guid,
	// Atom id and JSON Feed id. Required.
	Link string
	// Published is the item's date. Required.
	Published time.Time
	// Updated is when the item last changed significantly; zero when it has
	// not been updated.
	Updated time.Time
	// AuthorName is the author's name (plain text): RSS dc:creator, Atom
	// author name, JSON Feed authors[0].name. Optional.
	AuthorName string
	// AuthorEmail is written only in RSS's <author>, which must hold an
	// email address; JSON Feed has no email field and plexus does not put
	// addresses into Atom for harvesters to find. Optional.
	AuthorEmail string
	// AuthorURL is the absolute URL of the author's page: Atom author uri,
	// JSON Feed authors[0].url. Optional.
	AuthorURL string
	// Categories are the item's regions and tags by display name: RSS
	// category, Atom category term, JSON Feed tags. Empty names are skipped.
	Categories []string
	// Summary is the item's summary as HTML: RSS description, Atom summary
	// type="html".
	Summary string
	// SummaryText is Summary as plain text, for JSON Feed's summary, which
	// the specification defines as plain text. When empty it is derived
	// from Summary by dropping the tags and decoding the entities.
	SummaryText string
	// Content is the item's full HTML, with every URL absolute (see
	// AbsoluteHTML): RSS content:encoded, Atom content type="html", JSON
	// Feed content_html.
	Content string
	// Image is the absolute URL of the item's main image, written as JSON
	// Feed's image; RSS and Atom have no plain element for it (the content
	// shows it). Optional.
	Image string
}

// Namespaces the feeds use.
const (
	nsAtom    = "http://www.w3.org/2005/Atom"
	nsContent = "http://purl.org/rss/1.0/modules/content/"
	nsDC      = "http://purl.org/dc/elements/1.1/"
	jsonFeed  = "https://jsonfeed.org/version/1.1"
)

// RSS writes f as RSS 2.0 (https://www.rssboard.org/rss-specification)
// with the content, Dublin Core and Atom namespaces declared on <rss>.
// Nothing is written when f is invalid.
func RSS(w io.Writer, f *Feed) error {
	if err := f.check(); err != nil {
		return err
	}
	x := newXMLWriter(bufferFor(w))
	x.start("rss", "version", "2.0", "xmlns:atom", nsAtom, "xmlns:content", nsContent, "xmlns:dc", nsDC)
	x.start("channel")
	x.elem("title", f.Title)
	x.elem("link", f.Link)
	x.elem("description", or(f.Description, f.Title))
	if f.Language != "" {
		x.elem("language", f.Language)
	}
	if u := f.updated(); !u.IsZero() {
		x.elem("lastBuildDate", u.Format(time.RFC1123Z))
	}
	if f.Self != "" {
		x.empty("atom:link", "href", f.Self, "rel", "self", "type", "application/rss+xml")
	}
	if f.Image != "" {
		x.start("image")
		x.elem("url", f.Image)
		x.elem("title", f.Title)
		x.elem("link", f.Link)
		x.end("image")
	}
	for _, it := range f.Items {
		x.start("item")
		x.elem("title", it.Title)
		x.elem("link", it.Link)
		x.elem("guid", it.Link, "isPermaLink", "true")
		x.elem("pubDate", it.Published.Format(time.RFC1123Z))
		if it.AuthorName != "" {
			x.elem("dc:creator", it.AuthorName)
		}
		if it.AuthorEmail != "" {
			// The RSS convention: "address (Name)".
			author := it.AuthorEmail
			if it.AuthorName != "" {
				author += " (" + it.AuthorName + ")"
			}
			x.elem("author", author)
		}
		for _, c := range it.Categories {
			if c != "" {
				x.elem("category", c)
			}
		}
		if it.Summary != "" {
			x.elem("description", it.Summary)
		}
		if it.Content != "" {
			x.elem("content:encoded", it.Content)
		}
		x.end("item")
	}
	x.end("channel")
	x.end("rss")
	return written(w, x.buf)
}

// Atom writes f as an Atom 1.0 feed (RFC 4287). Nothing is written when f
// is invalid or has no date for the feed's updated element.
func Atom(w io.Writer, f *Feed) error {
	if err := f.check(); err != nil {
		return err
	}
	updated := f.updated()
	if updated.IsZero() {
		return errors.New("atom feed has no updated date: it has no items, so Feed.Updated must be set")
	}
	x := newXMLWriter(bufferFor(w))
	if f.Language != "" {
		x.start("feed", "xmlns", nsAtom, "xml:lang", f.Language)
	} else {
		x.start("feed", "xmlns", nsAtom)
	}
	x.elem("id", or(f.Self, f.Link))
	x.elem("title", f.Title)
	if f.Description != "" {
		x.elem("subtitle", f.Description)
	}
	x.elem("updated", updated.Format(time.RFC3339))
	x.empty("link", "rel", "alternate", "type", "text/html", "href", f.Link)
	if f.Self != "" {
		x.empty("link", "rel", "self", "type", "application/atom+xml", "href", f.Self)
	}
	if name := f.atomAuthor(); name != "" {
		x.start("author")
		x.elem("name", name)
		x.end("author")
	}
	if f.Image != "" {
		x.elem("logo", f.Image)
	}
	for _, it := range f.Items {
		x.start("entry")
		x.elem("id", it.Link)
		x.elem("title", it.Title)
		x.elem("updated", it.lastmod().Format(time.RFC3339))
		x.elem("published", it.Published.Format(time.RFC3339))
		x.empty("link", "rel", "alternate", "type", "text/html", "href", it.Link)
		if it.AuthorName != "" {
			x.start("author")
			x.elem("name", it.AuthorName)
			if it.AuthorURL != "" {
				x.elem("uri", it.AuthorURL)
			}
			x.end("author")
		}
		for _, c := range it.Categories {
			if c != "" {
				x.empty("category", "term", c)
			}
		}
		if it.Summary != "" {
			x.elem("summary", it.Summary, "type", "html")
		}
		if it.Content != "" {
			x.elem("content", it.Content, "type", "html")
		}
		x.end("entry")
	}
	x.end("feed")
	return written(w, x.buf)
}

// atomAuthor is the feed-level author's name, or "" when none is needed.
func (f *Feed) atomAuthor() string {
	if f.Author != "" {
		return f.Author
	}
	for _, it := range f.Items {
		if it.AuthorName == "" {
			return or(f.Title, f.Link)
		}
	}
	return ""
}

// The JSON Feed 1.1 document (https://www.jsonfeed.org/version/1.1/), in
// the specification's order of fields.
type (
	jsonFeedDoc struct {
		Version     string       `json:"version"`
		Title       string       `json:"title"`
		HomePageURL string       `json:"home_page_url"`
		FeedURL     string       `json:"feed_url,omitempty"`
		Description string       `json:"description,omitempty"`
		Icon        string       `json:"icon,omitempty"`
		Authors     []jsonAuthor `json:"authors,omitempty"`
		Language    string       `json:"language,omitempty"`
		Items       []jsonItem   `json:"items"`
	}
	jsonItem struct {
		ID            string       `json:"id"`
		URL           string       `json:"url"`
		Title         string       `json:"title,omitempty"`
		ContentHTML   string       `json:"content_html"`
		Summary       string       `json:"summary,omitempty"`
		Image         string       `json:"image,omitempty"`
		DatePublished string       `json:"date_published"`
		DateModified  string       `json:"date_modified,omitempty"`
		Authors       []jsonAuthor `json:"authors,omitempty"`
		Tags          []string     `json:"tags,omitempty"`
	}
	jsonAuthor struct {
		Name string `json:"name"`
		URL  string `json:"url,omitempty"`
	}
)

// JSON writes f as JSON Feed 1.1. Nothing is written when f is invalid.
func JSON(w io.Writer, f *Feed) error {
	if err := f.check(); err != nil {
		return err
	}
	doc := jsonFeedDoc{
		Version:     jsonFeed,
		Title:       clean(f.Title),
		HomePageURL: f.Link,
		FeedURL:     f.Self,
		Description: clean(f.Description),
		Icon:        f.Image,
		Language:    clean(f.Language),
		Items:       make([]jsonItem, 0, len(f.Items)),
	}
	if f.Author != "" {
		doc.Authors = []jsonAuthor{{Name: clean(f.Author)}}
	}
	for _, it := range f.Items {
		ji := jsonItem{
			ID:            it.Link,
			URL:           it.Link,
			Title:         clean(it.Title),
			ContentHTML:   clean(or(it.Content, it.Summary)),
			Image:         it.Image,
			DatePublished: it.Published.Format(time.RFC3339),
		}
		if ji.Summary = it.SummaryText; ji.Summary == "" {
			ji.Summary = htmlText(it.Summary) // only when needed: it parses the HTML
		}
		ji.Summary = clean(ji.Summary)
		if !it.Updated.IsZero() {
			ji.DateModified = it.Updated.Format(time.RFC3339)
		}
		if it.AuthorName != "" {
			ji.Authors = []jsonAuthor{{Name: clean(it.AuthorName), URL: it.AuthorURL}}
		}
		for _, c := range it.Categories {
			if c != "" {
				ji.Tags = append(ji.Tags, clean(c))
			}
		}
		doc.Items = append(doc.Items, ji)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// HTML in content_html reads better unescaped, and the file is served
	// as application/feed+json, never inlined into a page.
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// check reports every problem with f that would make a feed invalid.
func (f *Feed) check() error {
	var errs []error
	if msg := checkURL(f.Link, true); msg != "" {
		errs = append(errs, fmt.Errorf("feed link %s", msg))
	}
	for _, u := range []struct{ name, v string }{{"self", f.Self}, {"image", f.Image}} {
		if msg := checkURL(u.v, false); msg != "" {
			errs = append(errs, fmt.Errorf("feed %s %s", u.name, msg))
		}
	}
	for i, it := range f.Items {
		at := fmt.Sprintf("item %d (%q)", i+1, it.Title)
		if msg := checkURL(it.Link, true); msg != "" {
			errs = append(errs, fmt.Errorf("%s: link %s", at, msg))
		}
		if msg := checkURL(it.AuthorURL, false); msg != "" {
			errs = append(errs, fmt.Errorf("%s: author URL %s", at, msg))
		}
		if msg := checkURL(it.Image, false); msg != "" {
			errs = append(errs, fmt.Errorf("%s: image %s", at, msg))
		}
		if it.Published.IsZero() {
			errs = append(errs, fmt.Errorf("%s: no published date", at))
		}
	}
	return errors.Join(errs...)
}

// checkURL returns why s is not an absolute http(s) URL fit to be written
// as it is into a feed, or "" when it is (or when it is empty and not
// required).
func checkURL(s string, required bool) string {
	if s == "" {
		if required {
			return "is missing"
		}
		return ""
	}
	if strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f || r == '"' || r == '<' || r == '>' }) {
		return fmt.Sprintf("%q has spaces, quotes, angle brackets or control characters: percent-encode them", s)
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Sprintf("%q is not an absolute http(s) URL", s)
	}
	return ""
}

// updated is the feed's date: Updated, or the newest item's.
func (f *Feed) updated() time.Time {
	if !f.Updated.IsZero() {
		return f.Updated
	}
	var newest time.Time
	for _, it := range f.Items {
		if t := it.lastmod(); t.After(newest) {
			newest = t
		}
	}
	return newest
}

// lastmod is Updated when set, else Published.
func (it *Item) lastmod() time.Time {
	if !it.Updated.IsZero() {
		return it.Updated
	}
	return it.Published
}

// or returns a, or b when a is empty.
func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
