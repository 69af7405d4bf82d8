// Package feed writes the files readers subscribe to and crawlers read:
// RSS 2.0, Atom 1.0 and JSON Feed 1.1 feeds, iCalendar (RFC 5545)
// calendars, sitemaps and robots.txt. It encodes plain data (Feed,
// Calendar, SitemapURL) and knows nothing of the site graph: render maps
// pages onto these types. Every encoder checks its input first and writes
// nothing when it is invalid, so a failed build never leaves half a feed;
// each builds the file in memory and writes it with one call.
//
// The output is deterministic: the same input gives the same bytes. No
// encoder reads the clock (a feed's date is its newest item's), sorts, or
// iterates over a map; items and events are written in the caller's order.
//
// # Text
//
// Fields are plain text unless documented as HTML. Text from writers may
// hold anything, so every value goes through one cleaning rule before it is
// escaped for its format: invalid UTF-8 becomes U+FFFD, and control
// characters other than tab, line feed and carriage return (C0, DEL, C1)
// are dropped, with the noncharacters U+FFFE and U+FFFF. XML 1.0 forbids
// most of them outright (a NUL makes a feed unreadable), iCalendar forbids
// them in TEXT, and no writer means one. HTML fields are cleaned the same
// way and otherwise passed through: making their URLs absolute is
// AbsoluteHTML's job, called by the caller before encoding.
//
// URLs (links, self links, images, author pages, event pages, sitemap
// locations) must be absolute http or https URLs without spaces, quotes,
// angle brackets or control characters; anything else is an error naming
// the item, since a relative link in a feed is a broken link in every
// reader.
//
// # RSS 2.0
//
// RSS writes <rss version="2.0"> declaring the atom, content and dc
// namespaces on the root (every prefix used is declared). The channel has
// title, link, description (Title when Description is empty: RSS requires
// one), language, lastBuildDate (Feed.Updated, else the newest item's
// date), atom:link rel="self" and an optional image. Each item has title,
// link, guid isPermaLink="true" (the link), pubDate in RFC 1123 with a
// numeric zone ("Sat, 24 Oct 2026 14:00:00 +0100"), dc:creator for the
// author's name, <author> only with an email address (RSS requires one
// there: "ada@example.org (Ada Lovelace)"), one category per region or tag,
// description (the summary HTML) and content:encoded (the full HTML).
//
// HTML is written as escaped text, not CDATA: the two are the same to an
// XML parser, and escaping has no special case, whereas CDATA must split
// every "]]>" in the content across two sections. Escaping every '>' also
// keeps "]]>" out of plain text, where XML forbids it.
//
// # Atom 1.0
//
// Atom follows RFC 4287: the feed has id (Self, else Link), title,
// subtitle, updated (required, so an Atom feed without items needs
// Feed.Updated), link rel="alternate" and rel="self", and an author:
// Feed.Author, or the feed's Title when some entry has no author of its own,
// since a feed must have an author unless every entry does. Each entry has
// id (the link), title, updated (Updated, else Published), published, link
// rel="alternate", author (name, and uri for the author's page), category
// term per region and tag, summary type="html" and content type="html".
// Titles are type="text": "<script>" in a title shows as written.
//
// # JSON Feed 1.1
//
// JSON writes version "https://jsonfeed.org/version/1.1", title,
// home_page_url, feed_url, description, icon, authors (Feed.Author) and
// language, and for each item id and url (the link), title, content_html
// (Content, else the summary HTML, since an item must have content),
// summary, image, date_published and date_modified (RFC 3339 with the
// item's own offset, date_modified only for updated items), authors (name
// and the author page's url) and tags. The specification defines summary as
// plain text ("a plain text sentence or two"), and readers show it as
// such, so summary is Item.SummaryText, or the summary HTML reduced to its
// text when that is empty. Email addresses are not written: JSON Feed has
// no field for them. HTML is not escaped into \u003c sequences: the file is
// never inlined into a page.
//
// Dates in every feed keep the zone they are given in: an item published
// at 14:00 Europe/London in summer is "14:00:00 +0100" in RSS and
// "14:00:00+01:00" in Atom and JSON Feed.
//
// # iCalendar
//
// ICal writes one VCALENDAR (VERSION:2.0, PRODID, CALSCALE:GREGORIAN,
// METHOD:PUBLISH, X-WR-CALNAME, X-WR-CALDESC, and X-WR-TIMEZONE for
// clients that read the zone from there) with a VEVENT per event: UID,
// DTSTAMP (in UTC, from Event.Stamp: never the clock), DTSTART and DTEND,
// SUMMARY, DESCRIPTION, LOCATION, URL, STATUS, SEQUENCE and CATEGORIES.
// Following RFC 5545:
//
//   - Lines end in CRLF and are folded so that no line is longer than 75
//     octets, the CRLF not counted; a continuation line starts with one
//     space, which counts toward its 75. A UTF-8 character is never split:
//     a line breaks before a character that would not fit.
//   - TEXT values escape backslash, semicolon and comma with a backslash
//     and write each line break (CRLF, CR or LF) as \n, in one pass so that
//     no escape is escaped twice. Colons and quotes need no escape in TEXT.
//     CATEGORIES escapes within each value and separates values with bare
//     commas. URL is a URI, not TEXT, and is written as it is.
//   - With Calendar.Location set to a named zone, times are local times
//     with TZID=<zone name>, and a VTIMEZONE describes the zone for the
//     years the timed events span plus the year before the first: one
//     STANDARD or DAYLIGHT component per change of offset, each with the
//     local DTSTART of the change, TZOFFSETFROM, TZOFFSETTO and TZNAME.
//     The changes come from Go's own zone data (time.Time.ZoneBounds
//     walks from one period to the next), so the VTIMEZONE says what Go
//     says, and the same zone data gives the same bytes. With a nil or UTC
//     Location, times are written in UTC with a "Z" and there is no
//     VTIMEZONE.
//   - All-day events are dates (VALUE=DATE), the calendar days as written
//     in the times' own zone, with an exclusive end: the day after the
//     last.
//
// iCalendar is encoded here rather than with a library: none of those
// looked at does all of the above (github.com/arran4/golang-ical folds
// right, but its setters write every time in UTC, it generates no
// VTIMEZONE from a time.Location, leaves a lone CR unescaped and control
// characters in, and backslash-escapes parameter values, which RFC 5545
// does not allow). The
// tests read every calendar back with two parsers, that one and
// github.com/emersion/go-ical.
//
// # Sitemaps and robots.txt
//
// Sitemap writes a <urlset> of the sitemaps.org protocol with loc and an
// optional lastmod (RFC 3339) per URL; SitemapIndex writes the
// <sitemapindex> that lists the parts of a larger site. Each is limited
// to MaxSitemapURLs entries and MaxSitemapBytes bytes, and a loc to 2,048
// characters; past a limit they return an error rather than a file search
// engines would reject. Quotes are entity-escaped too, as the protocol
// asks. Robots writes a robots.txt (RFC 9309) that allows every crawler
// everything and names the sitemap.
//
// # HTML in feeds
//
// Feed readers show content away from its page, so a relative link or
// image in it resolves against the feed's URL, or nothing. AbsoluteHTML
// rewrites every URL attribute (and each srcset candidate) of a fragment
// against the page's URL, keeping all else byte for byte.
package feed
