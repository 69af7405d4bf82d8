package feed

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
	"github.com/emersion/go-ical"
)

// longText is long enough to be folded several times, with emoji and
// accented letters to land on the fold points.
var longText = strings.Repeat("Clinical network meeting 🩺 café, ", 6) + "end"

func testCalendar() *Calendar {
	return &Calendar{
		Name:        "North West events; meetings, webinars",
		Description: "All events\nof the network",
		Location:    london,
		Events: []Event{
			{
				UID:         "/network/events/autumn/@example.org",
				URL:         "https://example.org/network/events/autumn/",
				Summary:     "Autumn meeting: " + nasty,
				Description: "Line one; with, punctuation \\ backslash\r\nLine two\rLine three\nLine four\t(tab)\n" + longText,
				Location:    "Room 1; Floor 2, Main Building\\Annex",
				Start:       time.Date(2026, 10, 24, 14, 0, 0, 0, london), // BST
				End:         time.Date(2026, 10, 24, 16, 0, 0, 0, london),
				Stamp:       time.Date(2026, 10, 1, 10, 0, 0, 0, london), // 09:00Z
				Status:      "CONFIRMED",
				Categories:  []string{"North West", "a,b;c", ""},
			},
			{
				UID:      "/network/events/webinar/@example.org",
				URL:      "https://example.org/network/events/webinar/?x=1,2;3",
				Summary:  "Winter webinar",
				Start:    time.Date(2026, 11, 3, 14, 0, 0, 0, london), // GMT
				End:      time.Date(2026, 11, 3, 15, 30, 0, 0, london),
				Stamp:    time.Date(2026, 11, 1, 12, 0, 0, 0, london),
				Sequence: 2,
				Status:   "CANCELLED",
			},
			{
				UID:     "/network/events/conference/@example.org",
				Summary: "Two-day conference",
				Start:   time.Date(2026, 11, 22, 0, 0, 0, 0, london),
				End:     time.Date(2026, 11, 24, 0, 0, 0, 0, london), // exclusive
				AllDay:  true,
				Stamp:   time.Date(2026, 9, 1, 0, 0, 0, 0, london),
				Status:  "TENTATIVE",
			},
			{
				UID:     "/network/events/summer-day/@example.org",
				Summary: "One summer day",
				Start:   time.Date(2026, 7, 1, 0, 0, 0, 0, london), // midnight BST: 23:00Z the day before
				AllDay:  true,
				Stamp:   time.Date(2026, 6, 1, 0, 0, 0, 0, london),
			},
		},
	}
}

func encodeICal(t *testing.T, c *Calendar) string {
	t.Helper()
	var buf bytes.Buffer
	if err := ICal(&buf, c); err != nil {
		t.Fatalf("got error %v; want none", err)
	}
	return buf.String()
}

// TestICalEmersion reads the calendar with github.com/emersion/go-ical and
// checks what a calendar client would show.
func TestICalEmersion(t *testing.T) {
	c := testCalendar()
	out := encodeICal(t, c)
	cal, err := ical.NewDecoder(strings.NewReader(out)).Decode()
	if err != nil {
		t.Fatalf("go-ical: %v\n%s", err, out)
	}
	// go-ical's encoder checks the properties each component requires
	// and allows once.
	if err := ical.NewEncoder(new(bytes.Buffer)).Encode(cal); err != nil {
		t.Errorf("go-ical finds the calendar invalid: %v", err)
	}
	if got, _ := cal.Props.Text("X-WR-CALNAME"); got != c.Name {
		t.Errorf("X-WR-CALNAME %q; want %q", got, c.Name)
	}
	if got, _ := cal.Props.Text("X-WR-CALDESC"); got != c.Description {
		t.Errorf("X-WR-CALDESC %q; want %q", got, c.Description)
	}
	events := cal.Events()
	if len(events) != len(c.Events) {
		t.Fatalf("%d events; want %d", len(events), len(c.Events))
	}
	for i, want := range c.Events {
		e := events[i]
		text := func(name string) string {
			t.Helper()
			p := e.Props.Get(name)
			if p == nil {
				return ""
			}
			s, err := p.Text()
			if err != nil {
				t.Errorf("event %d %s: %v", i, name, err)
			}
			return s
		}
		for _, f := range []struct{ name, got, want string }{
			{"UID", text("UID"), want.UID},
			{"SUMMARY", text("SUMMARY"), clean(want.Summary)},
			{"DESCRIPTION", text("DESCRIPTION"), newlines(clean(want.Description))},
			{"LOCATION", text("LOCATION"), want.Location},
			{"STATUS", text("STATUS"), want.Status},
		} {
			if f.got != f.want {
				t.Errorf("event %d %s\n%q; want\n%q", i, f.name, f.got, f.want)
			}
		}
		if p := e.Props.Get("URL"); p == nil && want.URL != "" || p != nil && p.Value != want.URL {
			t.Errorf("event %d URL %v; want %q", i, p, want.URL)
		}
		if p := e.Props.Get("SEQUENCE"); p == nil {
			t.Errorf("event %d has no SEQUENCE", i)
		} else if n, _ := p.Int(); n != want.Sequence {
			t.Errorf("event %d SEQUENCE %d; want %d", i, n, want.Sequence)
		}
		var cats []string
		if p := e.Props.Get("CATEGORIES"); p != nil {
			cats, _ = p.TextList()
		}
		if wantCats := slices.DeleteFunc(slices.Clone(want.Categories), func(s string) bool { return s == "" }); !slices.Equal(cats, wantCats) {
			t.Errorf("event %d CATEGORIES %q; want %q", i, cats, wantCats)
		}
		if stamp, err := e.Props.DateTime("DTSTAMP", nil); err != nil || !stamp.Equal(want.Stamp) || stamp.Location() != time.UTC {
			t.Errorf("event %d DTSTAMP %v (%v); want %v in UTC", i, stamp, err, want.Stamp)
		}

		start, err := e.DateTimeStart(nil)
		if err != nil {
			t.Fatalf("event %d DTSTART: %v", i, err)
		}
		end, err := e.DateTimeEnd(nil)
		if err != nil {
			t.Fatalf("event %d DTEND: %v", i, err)
		}
		if want.AllDay {
			// A date: the calendar day as written, whatever the zone.
			wantEnd := want.End
			if wantEnd.IsZero() {
				wantEnd = want.Start.AddDate(0, 0, 1)
			}
			if p := e.Props.Get("DTSTART"); p.ValueType() != ical.ValueDate {
				t.Errorf("event %d DTSTART value type %q; want DATE", i, p.ValueType())
			}
			if got, w := start.Format(time.DateOnly), want.Start.Format(time.DateOnly); got != w {
				t.Errorf("event %d start day %s; want %s", i, got, w)
			}
			if got, w := end.Format(time.DateOnly), wantEnd.Format(time.DateOnly); got != w {
				t.Errorf("event %d end day %s; want %s (exclusive)", i, got, w)
			}
			continue
		}
		// A time in the site's zone: 14:00 BST, then 14:00 GMT.
		for _, tm := range []struct {
			what      string
			got, want time.Time
		}{{"start", start, want.Start}, {"end", end, want.End}} {
			_, gotOff := tm.got.Zone()
			_, wantOff := tm.want.Zone()
			if !tm.got.Equal(tm.want) || tm.got.Location().String() != "Europe/London" || gotOff != wantOff {
				t.Errorf("event %d %s %v; want %v in Europe/London", i, tm.what, tm.got, tm.want)
			}
		}
	}
}

// newlines turns CRLF and CR into LF, as iCalendar's "\n" escape does.
func newlines(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// TestICalArran reads the calendar with github.com/arran4/golang-ical, a
// second parser with its own reading of folding, escaping and zones.
func TestICalArran(t *testing.T) {
	c := testCalendar()
	out := encodeICal(t, c)
	cal, err := ics.ParseCalendar(strings.NewReader(out))
	if err != nil {
		t.Fatalf("golang-ical: %v\n%s", err, out)
	}
	if n := len(cal.Timezones()); n != 1 {
		t.Errorf("%d VTIMEZONEs; want 1", n)
	}
	events := cal.Events()
	if len(events) != len(c.Events) {
		t.Fatalf("%d events; want %d", len(events), len(c.Events))
	}
	for i, want := range c.Events {
		e := events[i]
		if e.Id() != want.UID {
			t.Errorf("event %d UID %q; want %q", i, e.Id(), want.UID)
		}
		if p := e.GetProperty(ics.ComponentPropertySummary); p == nil || p.Value != clean(want.Summary) {
			t.Errorf("event %d SUMMARY %v; want %q", i, p, clean(want.Summary))
		}
		if want.Description != "" {
			if p := e.GetProperty(ics.ComponentPropertyDescription); p == nil || p.Value != newlines(clean(want.Description)) {
				t.Errorf("event %d DESCRIPTION %v; want %q", i, p, newlines(clean(want.Description)))
			}
		}
		if want.AllDay {
			start, err := e.GetAllDayStartAt()
			if err != nil || start.Format(time.DateOnly) != want.Start.Format(time.DateOnly) {
				t.Errorf("event %d all-day start %v (%v); want %s", i, start, err, want.Start.Format(time.DateOnly))
			}
			continue
		}
		start, err := e.GetStartAt()
		if err != nil || !start.Equal(want.Start) {
			t.Errorf("event %d start %v (%v); want %v", i, start, err, want.Start)
		}
		end, err := e.GetEndAt()
		if err != nil || !end.Equal(want.End) {
			t.Errorf("event %d end %v (%v); want %v", i, end, err, want.End)
		}
	}
}

// TestICalRules checks each rule of RFC 5545 the encoder follows, on the
// bytes it writes.
func TestICalRules(t *testing.T) {
	c := testCalendar()
	out := encodeICal(t, c)
	lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
	// unfolded are the content lines, continuation lines joined.
	var unfolded []string
	for _, l := range lines {
		if strings.HasPrefix(l, " ") && len(unfolded) > 0 {
			unfolded[len(unfolded)-1] += l[1:]
		} else {
			unfolded = append(unfolded, l)
		}
	}
	prop := func(name string) []string {
		var vals []string
		for _, l := range unfolded {
			if rest, ok := strings.CutPrefix(l, name); ok && (rest[0] == ':' || rest[0] == ';') {
				vals = append(vals, l)
			}
		}
		return vals
	}

	t.Run("CRLF line endings", func(t *testing.T) {
		if !strings.HasSuffix(out, "\r\n") {
			t.Errorf("output ends %q; want CRLF", out[len(out)-5:])
		}
		if n, m := strings.Count(out, "\n"), strings.Count(out, "\r\n"); n != m {
			t.Errorf("%d line feeds, %d of them after a CR; want all", n, m)
		}
		if n, m := strings.Count(out, "\r"), strings.Count(out, "\r\n"); n != m {
			t.Errorf("%d carriage returns, %d of them before an LF; want all", n, m)
		}
	})
	t.Run("lines at most 75 octets", func(t *testing.T) {
		folded := 0
		for i, l := range lines {
			if len(l) > 75 {
				t.Errorf("line %d is %d octets; want at most 75: %q", i+1, len(l), l)
			}
			if strings.HasPrefix(l, " ") {
				folded++
			}
		}
		if folded < 3 {
			t.Errorf("%d continuation lines; want the long description folded", folded)
		}
	})
	t.Run("no UTF-8 character split", func(t *testing.T) {
		for i, l := range lines {
			if !utf8.ValidString(l) {
				t.Errorf("line %d is not valid UTF-8 on its own: %q", i+1, l)
			}
		}
	})
	t.Run("TEXT escaped", func(t *testing.T) {
		want := `LOCATION:Room 1\; Floor 2\, Main Building\\Annex`
		if got := prop("LOCATION"); len(got) == 0 || got[0] != want {
			t.Errorf("got %q; want %q", got, want)
		}
		desc := prop("DESCRIPTION")[0]
		if wantPrefix := `DESCRIPTION:Line one\; with\, punctuation \\ backslash\nLine two\nLine three\nLine four` + "\t(tab)\\n"; !strings.HasPrefix(desc, wantPrefix) {
			t.Errorf("got %q; want it to start %q", desc, wantPrefix)
		}
		if got, want := prop("CATEGORIES")[0], `CATEGORIES:North West,a\,b\;c`; got != want {
			t.Errorf("got %q; want %q", got, want)
		}
		if got, want := prop("X-WR-CALNAME")[0], `X-WR-CALNAME:North West events\; meetings\, webinars`; got != want {
			t.Errorf("got %q; want %q", got, want)
		}
	})
	t.Run("control characters removed", func(t *testing.T) {
		for i, l := range unfolded {
			if j := strings.IndexFunc(l, func(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f }); j >= 0 {
				t.Errorf("content line %d has control character %q: %q", i+1, l[j], l)
			}
		}
	})
	t.Run("VCALENDAR header", func(t *testing.T) {
		want := []string{"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:" + prodID, "CALSCALE:GREGORIAN", "METHOD:PUBLISH"}
		if got := unfolded[:len(want)]; !slices.Equal(got, want) {
			t.Errorf("got %q; want %q", got, want)
		}
		if got := unfolded[len(unfolded)-1]; got != "END:VCALENDAR" {
			t.Errorf("last line %q; want END:VCALENDAR", got)
		}
	})
	t.Run("DTSTAMP in UTC", func(t *testing.T) {
		want := []string{"DTSTAMP:20261001T090000Z", "DTSTAMP:20261101T120000Z", "DTSTAMP:20260831T230000Z", "DTSTAMP:20260531T230000Z"}
		if got := prop("DTSTAMP"); !slices.Equal(got, want) {
			t.Errorf("got %q; want %q", got, want)
		}
	})
	t.Run("local times with TZID", func(t *testing.T) {
		want := []string{
			"DTSTART;TZID=Europe/London:20261024T140000",
			"DTSTART;TZID=Europe/London:20261103T140000",
			"DTSTART;VALUE=DATE:20261122",
			"DTSTART;VALUE=DATE:20260701",
		}
		if got := prop("DTSTART")[len(prop("DTSTART"))-4:]; !slices.Equal(got, want) {
			t.Errorf("got %q; want %q", got, want)
		}
	})
	t.Run("all-day end exclusive", func(t *testing.T) {
		want := []string{
			"DTEND;TZID=Europe/London:20261024T160000",
			"DTEND;TZID=Europe/London:20261103T153000",
			"DTEND;VALUE=DATE:20261124",
			"DTEND;VALUE=DATE:20260702",
		}
		if got := prop("DTEND"); !slices.Equal(got, want) {
			t.Errorf("got %q; want %q", got, want)
		}
	})
	t.Run("STATUS", func(t *testing.T) {
		want := []string{"STATUS:CONFIRMED", "STATUS:CANCELLED", "STATUS:TENTATIVE"}
		if got := prop("STATUS"); !slices.Equal(got, want) {
			t.Errorf("got %q; want %q", got, want)
		}
	})
	t.Run("SEQUENCE", func(t *testing.T) {
		want := []string{"SEQUENCE:0", "SEQUENCE:2", "SEQUENCE:0", "SEQUENCE:0"}
		if got := prop("SEQUENCE"); !slices.Equal(got, want) {
			t.Errorf("got %q; want %q", got, want)
		}
	})
	t.Run("URL not escaped", func(t *testing.T) {
		want := []string{"URL:https://example.org/network/events/autumn/", "URL:https://example.org/network/events/webinar/?x=1,2;3"}
		if got := prop("URL"); !slices.Equal(got, want) {
			t.Errorf("got %q; want %q", got, want)
		}
	})
	t.Run("UID", func(t *testing.T) {
		var want []string
		for _, e := range c.Events {
			want = append(want, "UID:"+e.UID)
		}
		if got := prop("UID"); !slices.Equal(got, want) {
			t.Errorf("got %q; want %q", got, want)
		}
	})
}

// TestVTimezone checks the generated VTIMEZONE against Go's zone data: for
// every hour of the years covered, and a second either side of each
// change, the offset a client computes from the VTIMEZONE (the newest
// observance begun by then) is Go's.
func TestVTimezone(t *testing.T) {
	zones := []string{
		"Europe/London", "America/New_York", "Australia/Lord_Howe", // 30-minute DST
		"Asia/Tokyo", "Asia/Kolkata", "Pacific/Chatham", "Europe/Dublin", // negative DST in tzdata
		"Africa/Casablanca", "America/Sao_Paulo", "Pacific/Apia", // DST dropped in 2019/2021
	}
	for _, name := range zones {
		t.Run(name, func(t *testing.T) {
			loc := mustLoad(name)
			c := &Calendar{Location: loc, Events: []Event{
				{UID: "a", Start: time.Date(2026, 10, 24, 14, 0, 0, 0, loc), Stamp: time.Unix(0, 0)},
				{UID: "b", Start: time.Date(2027, 2, 3, 14, 0, 0, 0, loc), End: time.Date(2027, 2, 3, 15, 0, 0, 0, loc), Stamp: time.Unix(0, 0)},
			}}
			out := encodeICal(t, c)
			cal, err := ical.NewDecoder(strings.NewReader(out)).Decode()
			if err != nil {
				t.Fatalf("go-ical: %v\n%s", err, out)
			}
			obs := observances(t, cal)
			if len(obs) == 0 {
				t.Fatalf("no STANDARD or DAYLIGHT in\n%s", out)
			}
			check := func(u time.Time) {
				_, want := u.In(loc).Zone()
				got, ok := offsetAt(obs, u)
				if !ok || got != want {
					t.Errorf("offset at %v from the VTIMEZONE %d (found %v); want %d\n%s", u.UTC(), got, ok, want, out)
				}
			}
			from := time.Date(2025, 1, 1, 0, 0, 0, 0, loc)
			to := time.Date(2028, 1, 1, 0, 0, 0, 0, loc)
			for u := from; u.Before(to); u = u.Add(time.Hour) {
				check(u)
			}
			for u := from; ; {
				_, end := u.ZoneBounds()
				if end.IsZero() || !end.Before(to) {
					break
				}
				check(end.Add(-time.Second))
				check(end)
				u = end
			}
			// And the events' own local times read back.
			for i, e := range c.Events {
				p := cal.Events()[i].Props.Get("DTSTART")
				local, err := time.ParseInLocation("20060102T150405", p.Value, time.UTC)
				if err != nil {
					t.Fatal(err)
				}
				if got := localToUTC(obs, local); !got.Equal(e.Start) {
					t.Errorf("event %d starts at %v by the VTIMEZONE; want %v", i, got, e.Start)
				}
			}
		})
	}
}

// observance is a STANDARD or DAYLIGHT component, as a client reads it.
type observance struct {
	onset    time.Time // in UTC
	from, to int       // offsets in seconds
}

func observances(t *testing.T, cal *ical.Calendar) []observance {
	t.Helper()
	var obs []observance
	for _, tz := range cal.Children {
		if tz.Name != "VTIMEZONE" {
			continue
		}
		for _, o := range tz.Children {
			if o.Name != "STANDARD" && o.Name != "DAYLIGHT" {
				t.Errorf("VTIMEZONE holds %s", o.Name)
				continue
			}
			from := parseOffset(t, o.Props.Get("TZOFFSETFROM").Value)
			to := parseOffset(t, o.Props.Get("TZOFFSETTO").Value)
			start := o.Props.Get("DTSTART").Value
			local, err := time.ParseInLocation("20060102T150405", start, time.UTC)
			if err != nil {
				t.Fatalf("observance DTSTART %q: %v (want a local date-time)", start, err)
			}
			obs = append(obs, observance{onset: local.Add(-time.Duration(from) * time.Second), from: from, to: to})
		}
	}
	return obs
}

func parseOffset(t *testing.T, s string) int {
	t.Helper()
	if (len(s) != 5 && len(s) != 7) || (s[0] != '+' && s[0] != '-') || s == "-0000" {
		t.Fatalf("UTC offset %q; want +hhmm[ss]", s)
	}
	n := func(i int) int {
		v, err := strconv.Atoi(s[i : i+2])
		if err != nil {
			t.Fatalf("UTC offset %q: %v", s, err)
		}
		return v
	}
	sec := n(1)*3600 + n(3)*60
	if len(s) == 7 {
		sec += n(5)
	}
	if s[0] == '-' {
		sec = -sec
	}
	return sec
}

// offsetAt is the offset in effect at u: the TZOFFSETTO of the observance
// with the latest onset not after u.
func offsetAt(obs []observance, u time.Time) (int, bool) {
	var best *observance
	for i, o := range obs {
		if !o.onset.After(u) && (best == nil || o.onset.After(best.onset)) {
			best = &obs[i]
		}
	}
	if best == nil {
		return 0, false
	}
	return best.to, true
}

// localToUTC is the instant a local time (given as a UTC time with the
// same clock reading) stands for under the observances.
func localToUTC(obs []observance, local time.Time) time.Time {
	// Try each offset in use; the right one maps back to itself.
	for _, o := range obs {
		u := local.Add(-time.Duration(o.to) * time.Second)
		if off, ok := offsetAt(obs, u); ok && off == o.to {
			return u
		}
	}
	return time.Time{}
}

// TestICalUTC checks that without a zone every time is written in UTC.
func TestICalUTC(t *testing.T) {
	for _, loc := range []*time.Location{nil, time.UTC} {
		c := testCalendar()
		c.Location = loc
		out := encodeICal(t, c)
		for _, bad := range []string{"VTIMEZONE", "TZID", "X-WR-TIMEZONE"} {
			if strings.Contains(out, bad) {
				t.Errorf("location %v: output has %s; want none", loc, bad)
			}
		}
		for _, want := range []string{"DTSTART:20261024T130000Z", "DTEND:20261024T150000Z", "DTSTART:20261103T140000Z", "DTSTART;VALUE=DATE:20260701"} {
			if !strings.Contains(out, want+"\r\n") {
				t.Errorf("location %v: no line %q in\n%s", loc, want, out)
			}
		}
	}
}

// TestICalNoTimedEvents checks that a calendar of all-day events has no
// VTIMEZONE, which nothing would refer to.
func TestICalNoTimedEvents(t *testing.T) {
	c := testCalendar()
	c.Events = c.Events[2:]
	if out := encodeICal(t, c); strings.Contains(out, "VTIMEZONE") {
		t.Errorf("got a VTIMEZONE with only all-day events:\n%s", out)
	}
	c.Events = nil
	out := encodeICal(t, c)
	if _, err := ical.NewDecoder(strings.NewReader(out)).Decode(); err != nil {
		t.Errorf("empty calendar does not parse: %v\n%s", err, out)
	}
}

func TestICalErrors(t *testing.T) {
	at := time.Date(2026, 5, 1, 10, 0, 0, 0, london)
	ok := Event{UID: "u", Start: at, Stamp: at}
	tests := []struct {
		name string
		cal  Calendar
		want string
	}{
		{"no UID", Calendar{Events: []Event{{Summary: "S", Start: at, Stamp: at}}}, `event 1 ("S"): no UID`},
		{"no start", Calendar{Events: []Event{{UID: "u", Stamp: at}}}, "no start"},
		{"no stamp", Calendar{Events: []Event{{UID: "u", Start: at}}}, "no stamp"},
		{"end before start", Calendar{Events: []Event{{UID: "u", Start: at, End: at.Add(-time.Hour), Stamp: at}}}, "end 2026-05-01T09:00:00+01:00 is before start"},
		{"all-day end same day", Calendar{Events: []Event{{UID: "u", Start: at, End: at.Add(time.Hour), AllDay: true, Stamp: at}}}, "all-day end 2026-05-01 is not after start 2026-05-01"},
		{"bad status", Calendar{Events: []Event{{UID: "u", Start: at, Stamp: at, Status: "cancelled"}}}, `status "cancelled" is not CONFIRMED`},
		{"negative sequence", Calendar{Events: []Event{{UID: "u", Start: at, Stamp: at, Sequence: -1}}}, "negative sequence"},
		{"relative URL", Calendar{Events: []Event{{UID: "u", Start: at, Stamp: at, URL: "/events/x/"}}}, `URL "/events/x/" is not an absolute`},
		{"local zone", Calendar{Location: time.Local, Events: []Event{ok}}, `calendar location "Local" has no IANA name`},
		{"second event", Calendar{Events: []Event{ok, {Summary: "Two", Start: at, Stamp: at}}}, `event 2 ("Two"): no UID`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.cal.Location == time.Local && time.Local.String() != "Local" {
				t.Skip("time.Local has a name here")
			}
			var buf bytes.Buffer
			err := ICal(&buf, &tt.cal)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got error %v; want one containing %q", err, tt.want)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes; want none on error", buf.Len())
			}
		})
	}
	want := errors.New("disk full")
	if err := ICal(failWriter{want}, testCalendar()); !errors.Is(err, want) {
		t.Errorf("got error %v; want %v", err, want)
	}
}

func TestFold(t *testing.T) {
	emoji := "🩺" // 4 octets
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"short", "SUMMARY:hi", "SUMMARY:hi\r\n"},
		{"empty", "", "\r\n"},
		{"exactly 75", strings.Repeat("a", 75), strings.Repeat("a", 75) + "\r\n"},
		{"76", strings.Repeat("a", 76), strings.Repeat("a", 75) + "\r\n a\r\n"},
		{"continuation holds 74 after its space", strings.Repeat("a", 75+74+1),
			strings.Repeat("a", 75) + "\r\n " + strings.Repeat("a", 74) + "\r\n a\r\n"},
		// The emoji would take octets 74 to 77: it moves whole to the
		// next line, which leaves the first line 73 octets long.
		{"emoji straddling 75", strings.Repeat("a", 73) + emoji + "b",
			strings.Repeat("a", 73) + "\r\n " + emoji + "b\r\n"},
		{"emoji ending at 75", strings.Repeat("a", 71) + emoji + "b",
			strings.Repeat("a", 71) + emoji + "\r\n b\r\n"},
		{"emoji from 75", strings.Repeat("a", 74) + emoji,
			strings.Repeat("a", 74) + "\r\n " + emoji + "\r\n"},
		{"emoji straddling the second fold", strings.Repeat("a", 75+72) + emoji,
			strings.Repeat("a", 75) + "\r\n " + strings.Repeat("a", 72) + "\r\n " + emoji + "\r\n"},
		{"two-octet letters", strings.Repeat("é", 40),
			strings.Repeat("é", 37) + "\r\n " + strings.Repeat("é", 3) + "\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fold(tt.in)
			if got != tt.want {
				t.Errorf("fold(%q)\n= %q;\nwant %q", tt.in, got, tt.want)
			}
			checkFolded(t, tt.in, got)
		})
	}
}

// checkFolded checks the folding rules on folded, the fold of line.
func checkFolded(t *testing.T, line, folded string) {
	t.Helper()
	if !strings.HasSuffix(folded, "\r\n") {
		t.Fatalf("fold(%q) = %q; want it to end in CRLF", line, folded)
	}
	parts := strings.Split(strings.TrimSuffix(folded, "\r\n"), "\r\n")
	var joined strings.Builder
	for i, p := range parts {
		if len(p) > 75 {
			t.Errorf("fold(%q): line %d is %d octets; want at most 75", line, i+1, len(p))
		}
		if i > 0 {
			if !strings.HasPrefix(p, " ") {
				t.Errorf("fold(%q): continuation %q does not start with a space", line, p)
			}
			p = p[1:]
			if p == "" {
				t.Errorf("fold(%q): continuation line %d is empty", line, i+1)
			}
		}
		if utf8.ValidString(line) && !utf8.ValidString(p) {
			t.Errorf("fold(%q): line %d %q splits a character", line, i+1, p)
		}
		joined.WriteString(p)
	}
	if joined.String() != line {
		t.Errorf("fold(%q) unfolds to %q; want the line back", line, joined.String())
	}
}

func TestEscapeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{`a\b`, `a\\b`},
		{"a;b", `a\;b`},
		{"a,b", `a\,b`},
		{"a\nb", `a\nb`},
		{"a\r\nb", `a\nb`},
		{"a\rb", `a\nb`},
		{"a\n\nb", `a\n\nb`},
		{"a\r\n\r\nb", `a\n\nb`},
		{`\n`, `\\n`}, // a backslash and an n, not a newline
		{`\;`, `\\\;`},
		{`\\,`, `\\\\\,`},
		{"colon: kept", "colon: kept"}, // colons need no escape in TEXT
		{`"quotes"`, `"quotes"`},
		{"tab\tkept", "tab\tkept"},
		{"nul\x00esc\x1bdel\x7fc1\u0085gone", "nulescdelc1gone"},
		{"bad\xffutf8", "bad\uFFFDutf8"},
		{"emoji 🩺", "emoji 🩺"},
	}
	for _, tt := range tests {
		if got := escapeText(tt.in); got != tt.want {
			t.Errorf("escapeText(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestUTCOffset(t *testing.T) {
	tests := []struct {
		sec  int
		want string
	}{
		{0, "+0000"}, {3600, "+0100"}, {-5 * 3600, "-0500"}, {5*3600 + 1800, "+0530"},
		{12*3600 + 45*60, "+1245"}, {-(3*3600 + 30*60), "-0330"}, {-75, "-000115"}, {-1, "-000001"},
	}
	for _, tt := range tests {
		if got := utcOffset(tt.sec); got != tt.want {
			t.Errorf("utcOffset(%d) = %q; want %q", tt.sec, got, tt.want)
		}
	}
}

func TestParamValue(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Europe/London", "Europe/London"},
		{"America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"},
		{"Etc/GMT+5", "Etc/GMT+5"},
		{"a:b", `"a:b"`},
		{"a;b,c", `"a;b,c"`},
		{`say "hi"`, "say hi"},
		{"a\nb\x00", "ab"},
	}
	for _, tt := range tests {
		if got := paramValue(tt.in); got != tt.want {
			t.Errorf("paramValue(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// ExampleICal shows a calendar of one event in the site's zone.
func ExampleICal() {
	london, _ := time.LoadLocation("Europe/London")
	cal := &Calendar{
		Name:     "Events",
		Location: london,
		Events: []Event{{
			UID:     "/events/autumn/@example.org",
			URL:     "https://example.org/events/autumn/",
			Summary: "Autumn meeting, Manchester",
			Start:   time.Date(2026, 10, 24, 14, 0, 0, 0, london),
			End:     time.Date(2026, 10, 24, 16, 0, 0, 0, london),
			Stamp:   time.Date(2026, 10, 1, 9, 0, 0, 0, london),
			Status:  "CONFIRMED",
		}},
	}
	var buf bytes.Buffer
	if err := ICal(&buf, cal); err != nil {
		panic(err)
	}
	fmt.Print(strings.ReplaceAll(buf.String(), "\r\n", "\n"))
	// Output:
	// BEGIN:VCALENDAR
	// VERSION:2.0
	// PRODID:-//plexus//plexus static site generator//EN
	// CALSCALE:GREGORIAN
	// METHOD:PUBLISH
	// X-WR-CALNAME:Events
	// X-WR-TIMEZONE:Europe/London
	// BEGIN:VTIMEZONE
	// TZID:Europe/London
	// BEGIN:STANDARD
	// DTSTART:20241027T020000
	// TZOFFSETFROM:+0100
	// TZOFFSETTO:+0000
	// TZNAME:GMT
	// END:STANDARD
	// BEGIN:DAYLIGHT
	// DTSTART:20250330T010000
	// TZOFFSETFROM:+0000
	// TZOFFSETTO:+0100
	// TZNAME:BST
	// END:DAYLIGHT
	// BEGIN:STANDARD
	// DTSTART:20251026T020000
	// TZOFFSETFROM:+0100
	// TZOFFSETTO:+0000
	// TZNAME:GMT
	// END:STANDARD
	// BEGIN:DAYLIGHT
	// DTSTART:20260329T010000
	// TZOFFSETFROM:+0000
	// TZOFFSETTO:+0100
	// TZNAME:BST
	// END:DAYLIGHT
	// BEGIN:STANDARD
	// DTSTART:20261025T020000
	// TZOFFSETFROM:+0100
	// TZOFFSETTO:+0000
	// TZNAME:GMT
	// END:STANDARD
	// END:VTIMEZONE
	// BEGIN:VEVENT
	// UID:/events/autumn/@example.org
	// DTSTAMP:20261001T080000Z
	// DTSTART;TZID=Europe/London:20261024T140000
	// DTEND;TZID=Europe/London:20261024T160000
	// SUMMARY:Autumn meeting\, Manchester
	// URL:https://example.org/events/autumn/
	// STATUS:CONFIRMED
	// SEQUENCE:0
	// END:VEVENT
	// END:VCALENDAR
}
