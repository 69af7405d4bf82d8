package feed

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Calendar is an iCalendar (RFC 5545) VCALENDAR of events, written by ICal.
type Calendar struct {
	// Name and Description name the calendar in clients that show it
	// (plain text): X-WR-CALNAME and X-WR-CALDESC. Optional.
	Name, Description string
	// Location is the zone the events' times are written in, as local
	// times with a TZID naming it and a VTIMEZONE describing it. It must
	// be a zone loaded by name (time.LoadLocation), since clients look
	// the TZID up. Nil or UTC writes every time in UTC with a "Z".
	Location *time.Location
	// Events are written in the order given.
	Events []Event
}

// Event is one VEVENT.
type Event struct {
	// UID identifies the event for ever, across calendar files, so that a
	// client updates rather than duplicates it: derive it from the event's
	// URL, e.g. "/network/events/x/@example.org". Required.
	UID string
	// URL is the absolute URL of the event's page. Optional.
	URL string
	// Summary, Description and Location are plain text. Optional.
	Summary     string
	Description string
	Location    string
	// Start is required. End is optional for a timed event (no DTEND is
	// written, so the event takes no time) and must not be before Start.
	Start, End time.Time
	// AllDay writes Start and End as dates (VALUE=DATE), taken in the
	// times' own zone, with End exclusive: an event on 22 November alone
	// has End on 23 November at midnight. A zero End means one day.
	AllDay bool
	// Stamp is DTSTAMP: when this version of the event was made, i.e. the
	// event page's date or updated date, never the clock. Required.
	Stamp time.Time
	// Sequence is the revision number, to be raised whenever the event
	// changes; clients ignore a change that does not raise it.
	Sequence int
	// Status is "CONFIRMED", "CANCELLED", "TENTATIVE", or "" to leave it
	// out.
	Status string
	// Categories are the event's regions and tags (plain text). Empty
	// names are skipped.
	Categories []string
}

// prodID names the program that made a calendar (RFC 5545 §3.7.3).
const prodID = "-//plexus//plexus static site generator//EN"

// ICal writes c as an iCalendar object (RFC 5545). Nothing is written when
// c is invalid.
func ICal(w io.Writer, c *Calendar) error {
	loc := c.Location
	utc := loc == nil || loc == time.UTC || loc.String() == "UTC"
	if !utc && (loc.String() == "Local" || loc.String() == "") {
		return fmt.Errorf("calendar location %q has no IANA name for TZID: load the zone with time.LoadLocation", loc.String())
	}
	if err := c.check(); err != nil {
		return err
	}
	x := icalWriter{buf: bufferFor(w)}
	x.prop("BEGIN", "VCALENDAR")
	x.prop("VERSION", "2.0")
	x.prop("PRODID", prodID)
	x.prop("CALSCALE", "GREGORIAN")
	x.prop("METHOD", "PUBLISH")
	if c.Name != "" {
		x.text("X-WR-CALNAME", c.Name)
	}
	if c.Description != "" {
		x.text("X-WR-CALDESC", c.Description)
	}
	if !utc {
		// Google Calendar and Apple Calendar read the calendar's zone
		// from here.
		x.text("X-WR-TIMEZONE", loc.String())
		if first, last, ok := c.years(loc); ok {
			x.vtimezone(loc,
				time.Date(first-1, time.January, 1, 0, 0, 0, 0, loc),
				time.Date(last+1, time.January, 1, 0, 0, 0, 0, loc))
		}
	}
	for _, e := range c.Events {
		x.prop("BEGIN", "VEVENT")
		x.text("UID", e.UID)
		x.prop("DTSTAMP", e.Stamp.UTC().Format("20060102T150405Z"))
		switch {
		case e.AllDay:
			end := e.End
			if end.IsZero() {
				end = e.Start.AddDate(0, 0, 1)
			}
			x.prop("DTSTART;VALUE=DATE", e.Start.Format("20060102"))
			x.prop("DTEND;VALUE=DATE", end.Format("20060102"))
		case utc:
			x.prop("DTSTART", e.Start.UTC().Format("20060102T150405Z"))
			if !e.End.IsZero() {
				x.prop("DTEND", e.End.UTC().Format("20060102T150405Z"))
			}
		default:
			tzid := ";TZID=" + paramValue(loc.String())
			x.prop("DTSTART"+tzid, e.Start.In(loc).Format("20060102T150405"))
			if !e.End.IsZero() {
				x.prop("DTEND"+tzid, e.End.In(loc).Format("20060102T150405"))
			}
		}
		if e.Summary != "" {
			x.text("SUMMARY", e.Summary)
		}
		if e.Description != "" {
			x.text("DESCRIPTION", e.Description)
		}
		if e.Location != "" {
			x.text("LOCATION", e.Location)
		}
		if e.URL != "" {
			// A URI value is not TEXT: it is written as it is (check
			// has made sure it holds no spaces or controls).
			x.prop("URL", e.URL)
		}
		if e.Status != "" {
			x.prop("STATUS", e.Status)
		}
		x.prop("SEQUENCE", strconv.Itoa(e.Sequence))
		var cats []string
		for _, cat := range e.Categories {
			if cat != "" {
				cats = append(cats, escapeText(cat))
			}
		}
		if len(cats) > 0 {
			// The commas between values are the list's; those inside
			// a value are escaped.
			x.prop("CATEGORIES", strings.Join(cats, ","))
		}
		x.prop("END", "VEVENT")
	}
	x.prop("END", "VCALENDAR")
	return written(w, x.buf)
}

// check reports every problem with c's events.
func (c *Calendar) check() error {
	var errs []error
	for i, e := range c.Events {
		at := fmt.Sprintf("event %d (%q)", i+1, e.Summary)
		if e.UID == "" {
			errs = append(errs, fmt.Errorf("%s: no UID", at))
		}
		if msg := checkURL(e.URL, false); msg != "" {
			errs = append(errs, fmt.Errorf("%s: URL %s", at, msg))
		}
		if e.Stamp.IsZero() {
			errs = append(errs, fmt.Errorf("%s: no stamp (DTSTAMP): give the event page's date or updated date", at))
		}
		switch {
		case e.Start.IsZero():
			errs = append(errs, fmt.Errorf("%s: no start", at))
		case e.End.IsZero():
		case e.AllDay && e.End.Format("20060102") <= e.Start.Format("20060102"):
			errs = append(errs, fmt.Errorf("%s: all-day end %s is not after start %s: an all-day end is the day after the last day",
				at, e.End.Format(time.DateOnly), e.Start.Format(time.DateOnly)))
		case !e.AllDay && e.End.Before(e.Start):
			errs = append(errs, fmt.Errorf("%s: end %s is before start %s", at, e.End.Format(time.RFC3339), e.Start.Format(time.RFC3339)))
		}
		if e.Sequence < 0 {
			errs = append(errs, fmt.Errorf("%s: negative sequence %d", at, e.Sequence))
		}
		switch e.Status {
		case "", "CONFIRMED", "CANCELLED", "TENTATIVE":
		default:
			errs = append(errs, fmt.Errorf("%s: status %q is not CONFIRMED, CANCELLED or TENTATIVE", at, e.Status))
		}
	}
	return errors.Join(errs...)
}

// years returns the first and last years, in loc, of the events' times
// written with a TZID, and false when there are none (all-day events are
// written as dates, which need no zone).
func (c *Calendar) years(loc *time.Location) (first, last int, ok bool) {
	for _, e := range c.Events {
		if e.AllDay {
			continue
		}
		for _, t := range []time.Time{e.Start, e.End} {
			if t.IsZero() {
				continue
			}
			y := t.In(loc).Year()
			if !ok || y < first {
				first = y
			}
			if !ok || y > last {
				last = y
			}
			ok = true
		}
	}
	return first, last, ok
}

// icalWriter writes content lines, folded and ending in CRLF.
type icalWriter struct {
	buf *bytes.Buffer
}

// prop writes a property whose name (with any parameters) and value are
// already in iCalendar syntax.
func (x *icalWriter) prop(name, value string) {
	x.buf.WriteString(fold(name + ":" + value))
}

// text writes a property of type TEXT.
func (x *icalWriter) text(name, value string) {
	x.prop(name, escapeText(value))
}

// vtimezone writes a VTIMEZONE for loc that is right from `from` until
// `to`: one STANDARD or DAYLIGHT component per change of offset, from the
// one that began the period in effect at `from` to the last before `to`.
// Go's time.Location does not expose its rules, but Time.ZoneBounds gives
// each period's exact start and end, so walking from one period to the
// next finds every transition, whether it comes from the zone's table
// or from its rule for later years. One component per transition (rather
// than RRULEs guessed from them) is valid RFC 5545 and always exact.
func (x *icalWriter) vtimezone(loc *time.Location, from, to time.Time) {
	x.prop("BEGIN", "VTIMEZONE")
	x.text("TZID", loc.String())
	start, end := from.ZoneBounds()
	if start.IsZero() {
		// A zone that has never changed: one period from the start of
		// the range (the date is not important, only that it is before
		// every event).
		name, offset := from.Zone()
		x.observance(from.IsDST(), from.Format("20060102T150405"), offset, offset, name)
	} else {
		x.transition(start)
	}
	for !end.IsZero() && end.Before(to) {
		x.transition(end)
		_, end = end.ZoneBounds()
	}
	x.prop("END", "VTIMEZONE")
}

// transition writes the observance that begins at t.
func (x *icalWriter) transition(t time.Time) {
	_, before := t.Add(-time.Second).Zone()
	name, after := t.Zone()
	// An observance's DTSTART is the local time, in the offset before
	// the change, at which it begins (RFC 5545 §3.6.5): 01:00 for the
	// change from GMT to BST at 01:00 UTC, 02:00 for the change back.
	onset := t.In(time.FixedZone("", before)).Format("20060102T150405")
	x.observance(t.IsDST(), onset, before, after, name)
}

func (x *icalWriter) observance(dst bool, onset string, from, to int, name string) {
	kind := "STANDARD"
	if dst {
		kind = "DAYLIGHT"
	}
	x.prop("BEGIN", kind)
	x.prop("DTSTART", onset)
	x.prop("TZOFFSETFROM", utcOffset(from))
	x.prop("TZOFFSETTO", utcOffset(to))
	if name != "" {
		x.text("TZNAME", name)
	}
	x.prop("END", kind)
}

// utcOffset formats an offset east of UTC in seconds as a UTC-OFFSET:
// "+0100", "-0500", "+0530", with seconds only when there are some.
// RFC 5545 does not allow "-0000".
func utcOffset(sec int) string {
	sign := byte('+')
	if sec < 0 {
		sign, sec = '-', -sec
	}
	s := fmt.Sprintf("%c%02d%02d", sign, sec/3600, sec/60%60)
	if sec%60 != 0 {
		s += fmt.Sprintf("%02d", sec%60)
	}
	return s
}

// escapeText escapes s as an iCalendar TEXT value (RFC 5545 §3.3.11):
// backslash, semicolon and comma get a backslash, and every line break
// (CRLF, CR or LF) becomes "\n". Doing it in one pass means no escape is
// escaped again. Control characters other than tab are not allowed in
// TEXT, so clean drops them first.
func escapeText(s string) string {
	s = clean(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', ';', ',':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			b.WriteString(`\n`)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// paramValue makes s a parameter value (RFC 5545 §3.1): double quotes are
// not allowed in one, and a value with ':', ';' or ',' must be quoted.
func paramValue(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '"' || r < ' ' || r == 0x7f {
			return -1
		}
		return r
	}, clean(s))
	if strings.ContainsAny(s, ":;,") {
		return `"` + s + `"`
	}
	return s
}

// fold folds a content line (RFC 5545 §3.1) and ends it with CRLF: no line
// is longer than 75 octets, not counting the CRLF, and each continuation
// line starts with one space, which counts toward its 75. A line is never
// split inside a UTF-8 sequence ("Multi-octet characters MUST NOT be
// split"), so a continuation may be shorter than it could be.
func fold(line string) string {
	const max = 75
	if len(line) <= max {
		return line + "\r\n"
	}
	var b strings.Builder
	b.Grow(len(line) + len(line)/(max-1)*3 + 2)
	limit := max
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		if cut == 0 {
			// Not UTF-8 (cleaned values always are): cut anywhere
			// rather than loop for ever.
			cut = limit
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		limit = max - 1
	}
	b.WriteString(line)
	b.WriteString("\r\n")
	return b.String()
}
