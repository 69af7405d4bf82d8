package build

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"
	"github.com/mmcdole/gofeed"

	"plexus/internal/site"
)

// buildFeeds builds a site and returns its output folder.
func buildFeeds(t *testing.T, src string) string {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Options{Source: src, Destination: dest, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	return dest
}

// urlAttr finds URL attributes in HTML, to check they are all absolute.
var urlAttr = regexp.MustCompile(`(?i)\s(href|src|srcset|poster)="([^"]*)"`)

// checkAbsolute fails for any relative URL in an HTML fragment.
func checkAbsolute(t *testing.T, where, html string) {
	t.Helper()
	for _, m := range urlAttr.FindAllStringSubmatch(html, -1) {
		for _, u := range strings.Split(m[2], ",") {
			u = strings.Fields(strings.TrimSpace(u) + " x")[0]
			if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "mailto:") {
				t.Errorf("%s: relative URL %s=%q in content", where, m[1], u)
			}
		}
	}
}

// TestFeedsParse reads every feed of the example site and the test site
// with a real feed parser, and every calendar with a real iCalendar
// parser: each must parse, and every link and URL in it must be absolute.
func TestFeedsParse(t *testing.T) {
	for _, src := range []string{"testdata/site", "../.."} {
		t.Run(src, func(t *testing.T) {
			dest := buildFeeds(t, src)
			var feeds, calendars int
			err := filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				rel, _ := filepath.Rel(dest, p)
				data, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				switch name := filepath.Base(p); {
				case name == "feed.xml" || name == "atom.xml" || name == "feed.json":
					feeds++
					checkFeed(t, rel, data)
				case strings.HasSuffix(name, ".ics"):
					calendars++
					checkCalendar(t, rel, data)
				}
				if strings.HasSuffix(p, ".xml") {
					checkWellFormed(t, rel, data)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if feeds < 4 || calendars < 2 {
				t.Errorf("found %d feeds and %d calendars; want the site's, its regions' and its events'", feeds, calendars)
			}
		})
	}
}

func checkFeed(t *testing.T, rel string, data []byte) {
	t.Helper()
	f, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		t.Errorf("%s: %v", rel, err)
		return
	}
	if f.Title == "" || !strings.HasPrefix(f.Link, "https://") {
		t.Errorf("%s: got title %q, link %q; want both, the link absolute", rel, f.Title, f.Link)
	}
	for _, it := range f.Items {
		where := rel + ": " + it.Title
		if it.Title == "" || !strings.HasPrefix(it.Link, "https://") || it.PublishedParsed == nil {
			t.Errorf("%s: got title %q, link %q, published %v", where, it.Title, it.Link, it.Published)
		}
		if it.Content == "" {
			t.Errorf("%s: no full content", where)
		}
		checkAbsolute(t, where, it.Content)
		checkAbsolute(t, where, it.Description)
	}
}

func checkWellFormed(t *testing.T, rel string, data []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Errorf("%s: not well-formed XML: %v", rel, err)
			return
		}
	}
}

func checkCalendar(t *testing.T, rel string, data []byte) {
	t.Helper()
	cal, err := ical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		t.Errorf("%s: %v", rel, err)
		return
	}
	for _, ev := range cal.Events() {
		summary, _ := ev.Props.Text(ical.PropSummary)
		start, err := ev.DateTimeStart(time.UTC)
		if err != nil || summary == "" {
			t.Errorf("%s: event %q: start %v (%v)", rel, summary, start, err)
		}
		if u := ev.Props.Get(ical.PropURL); u == nil || !strings.HasPrefix(u.Value, "https://") {
			t.Errorf("%s: event %q has no absolute URL", rel, summary)
		}
	}
}

// TestFeedContent checks what the test site's feeds say, item by item.
func TestFeedContent(t *testing.T) {
	dest := buildFeeds(t, "testdata/site")
	parse := func(rel string) *gofeed.Feed {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(dest, rel))
		if err != nil {
			t.Fatal(err)
		}
		f, err := gofeed.NewParser().Parse(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		return f
	}
	titles := func(f *gofeed.Feed) []string {
		var out []string
		for _, it := range f.Items {
			out = append(out, it.Title)
		}
		return out
	}

	// The site's feeds hold the posts, newest first, in every format alike.
	want := []string{"Care models, part 2", "Care models, part 1", "A bundle", "Second post 🦴 ]]> done", `First post: <script>alert('x')</script> & more`}
	for _, rel := range []string{"feed.xml", "atom.xml", "feed.json"} {
		f := parse(rel)
		if got := titles(f); !slices.Equal(got, want) {
			t.Errorf("%s: got items %q; want %q", rel, got, want)
		}
		if f.FeedLink != "https://example.org/network/"+rel && f.FeedType != "json" {
			t.Errorf("%s: got self link %q", rel, f.FeedLink)
		}
	}

	rss := parse("feed.xml")
	first := rss.Items[len(rss.Items)-1]
	if first.Link != "https://example.org/network/posts/first/" {
		t.Errorf("got link %q", first.Link)
	}
	if !strings.Contains(first.Content, `href="https://example.org/network/posts/second/"`) ||
		!strings.Contains(first.Content, `href="https://example.org/network/posts/first/#fn:1"`) {
		t.Errorf("links in content are not absolute:\n%s", first.Content)
	}
	if first.PublishedParsed == nil || !first.PublishedParsed.Equal(time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("got published %v; want 2026-01-10 09:00 GMT", first.Published)
	}
	if a := first.Authors; len(a) != 1 || a[0].Name != "Ada Lovelace" {
		t.Errorf("got authors %+v; want Ada Lovelace", a)
	}
	if cats := first.Categories; !slices.Equal(cats, []string{"London", "Back Pain", "Exercise"}) {
		t.Errorf("got categories %q", cats)
	}
	bundle := rss.Items[2]
	if !strings.Contains(bundle.Content, `src="https://example.org/network/posts/bundle/chart.svg"`) {
		t.Errorf("bundle image not absolute:\n%s", bundle.Content)
	}
	raw, _ := os.ReadFile(filepath.Join(dest, "feed.xml"))
	if !bytes.Contains(raw, []byte("<author>ada@example.org (Ada Lovelace)</author>")) {
		t.Error("RSS <author> lacks the author page's email address")
	}

	// A region's feed holds its posts and events, by publication date.
	if got, want := titles(parse("regions/london/feed.xml")), []string{"Regional meeting", "Care models, part 1", `First post: <script>alert('x')</script> & more`}; !slices.Equal(got, want) {
		t.Errorf("London feed: got %q; want %q", got, want)
	}
}

// TestCalendarContent reads the test site's calendars with an iCalendar
// parser: times in the site's zone, status, escaping, sequence.
func TestCalendarContent(t *testing.T) {
	dest := buildFeeds(t, "testdata/site")
	data, err := os.ReadFile(filepath.Join(dest, "calendar.ics"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte("\r\n")) || bytes.Contains(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte("\n")) {
		t.Error("calendar lines must end in CRLF, and only there")
	}
	cal, err := ical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		t.Fatal(err)
	}
	london, _ := time.LoadLocation("Europe/London")
	events := map[string]ical.Event{}
	for _, ev := range cal.Events() {
		s, _ := ev.Props.Text(ical.PropSummary)
		events[s] = ev
	}
	if len(events) != 3 {
		t.Fatalf("got %d events; want 3", len(events))
	}
	webinar, ok := events["Webinar, with commas; and semicolons"]
	if !ok {
		t.Fatalf("no event with the unescaped title; got %v", slices.Collect(maps.Keys(events)))
	}
	start, _ := webinar.DateTimeStart(london)
	end, _ := webinar.DateTimeEnd(london)
	if !start.Equal(time.Date(2026, 12, 3, 14, 0, 0, 0, london)) || !end.Equal(time.Date(2026, 12, 3, 15, 30, 0, 0, london)) {
		t.Errorf("webinar: got %v – %v; want 3 December 2026 14:00–15:30 London", start, end)
	}
	if p := webinar.Props.Get(ical.PropDateTimeStart); p == nil || p.Params.Get(ical.ParamTimezoneID) != "Europe/London" {
		t.Errorf("webinar DTSTART has no TZID=Europe/London: %+v", p)
	}
	meeting := events["Regional meeting"]
	start, _ = meeting.DateTimeStart(london)
	if !start.Equal(time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("meeting: got start %v; want 10:00 BST (09:00 UTC)", start)
	}
	if seq := meeting.Props.Get(ical.PropSequence); seq == nil || seq.Value == "" || seq.Value == "0" {
		t.Errorf("meeting was updated, so its SEQUENCE must be raised; got %+v", seq)
	}
	if seq := webinar.Props.Get(ical.PropSequence); seq != nil && seq.Value != "0" {
		t.Errorf("webinar was never updated; got SEQUENCE %q", seq.Value)
	}
	if loc, _ := meeting.Props.Text(ical.PropLocation); loc != "City Hall, 1 Main Street, London" {
		t.Errorf("got location %q", loc)
	}
	cancelled := events["Cancelled workshop"]
	if st, _ := cancelled.Props.Text(ical.PropStatus); st != "CANCELLED" {
		t.Errorf("got status %q; want CANCELLED", st)
	}
	if p := cancelled.Props.Get(ical.PropDateTimeStart); p == nil || p.ValueType() != ical.ValueDate {
		t.Errorf("an all-day event's DTSTART must be a DATE: %+v", p)
	}
	uid, _ := webinar.Props.Text(ical.PropUID)
	if uid != "network-events-webinar@example.org" {
		t.Errorf("got UID %q; want one derived from the event's URL", uid)
	}

	// Each event page has its own calendar file with the one event.
	one, err := os.ReadFile(filepath.Join(dest, "events", "webinar", "event.ics"))
	if err != nil {
		t.Fatal(err)
	}
	c1, err := ical.NewDecoder(bytes.NewReader(one)).Decode()
	if err != nil || len(c1.Events()) != 1 {
		t.Fatalf("event.ics: %v, %d events", err, len(c1.Events()))
	}
	if u, _ := c1.Events()[0].Props.Text(ical.PropUID); u != uid {
		t.Errorf("event.ics UID %q differs from calendar.ics's %q", u, uid)
	}
}

func TestSitemapAndRobots(t *testing.T) {
	// The example site has no robots.txt of its own: plexus writes one.
	robots, err := os.ReadFile(filepath.Join(buildFeeds(t, "../.."), "robots.txt"))
	if err != nil || !strings.Contains(string(robots), "Sitemap: https://msk-network.example.org/sitemap.xml") {
		t.Errorf("robots.txt: %v\n%s", err, robots)
	}
	// The test site has its own in static/, which is kept as it is.
	dest := buildFeeds(t, "testdata/site")
	if robots, err := os.ReadFile(filepath.Join(dest, "robots.txt")); err != nil || string(robots) != "User-agent: *\n" {
		t.Errorf("got robots.txt %q (%v); want the site's own", robots, err)
	}
	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	data, _ := os.ReadFile(filepath.Join(dest, "sitemap.xml"))
	if err := xml.Unmarshal(data, &sm); err != nil {
		t.Fatal(err)
	}
	var pages int
	filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") && filepath.Base(p) != "404.html" {
			pages++
		}
		return nil
	})
	if len(sm.URLs) != pages {
		t.Errorf("sitemap lists %d URLs; the site has %d pages besides 404.html", len(sm.URLs), pages)
	}
	for _, u := range sm.URLs {
		if !strings.HasPrefix(u.Loc, "https://example.org/network/") {
			t.Errorf("sitemap URL %q is not under the baseURL", u.Loc)
		}
	}
}

// TestNoFeedsWithoutAbsoluteBaseURL: a site without an absolute baseURL
// still builds, with a warning and no feeds.
func TestNoFeedsWithoutAbsoluteBaseURL(t *testing.T) {
	src := copySite(t)
	cfg := filepath.Join(src, "config.toml")
	b, _ := os.ReadFile(cfg)
	os.WriteFile(cfg, bytes.Replace(b, []byte(`baseURL = "https://example.org/network/"`), []byte(`baseURL = "/network/"`), 1), 0o644)
	res, err := Build(context.Background(), Options{Source: src, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if res.Feeds != 0 {
		t.Errorf("got %d feeds; want none", res.Feeds)
	}
	if !slices.ContainsFunc(res.Warnings, func(w *site.Warning) bool { return strings.Contains(w.Msg, "baseURL is not an absolute URL") }) {
		t.Errorf("got warnings %v; want one about baseURL", res.Warnings)
	}
	for _, f := range []string{"feed.xml", "sitemap.xml", "calendar.ics", "events/webinar/event.ics"} {
		if _, err := os.Stat(filepath.Join(src, "public", f)); !os.IsNotExist(err) {
			t.Errorf("%s was written", f)
		}
	}
}
