package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the tests need Europe/London wherever they run

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/rss"
)

// london is the site's zone in the tests: BST (+01:00) until 25 October
// 2026 at 01:00 UTC, GMT after.
var london = mustLoad("Europe/London")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// nasty is text with everything that breaks feeds written naively: markup,
// entities, quotes, a CDATA end, emoji, control characters that XML 1.0
// forbids, DEL, a C1 control, and invalid UTF-8.
const nasty = "Tom & Jerry's <script>alert(\"x\")</script> ]]> 🩺 caf\u00e9\x00\x1b\x7f\u0085 bad\xff\xfe end"

// nastyClean is nasty as every format must show it.
const nastyClean = "Tom & Jerry's <script>alert(\"x\")</script> ]]> 🩺 caf\u00e9 bad\uFFFD end"

func testFeed() *Feed {
	return &Feed{
		Title:       "Clinical network & friends <NW>",
		Description: "News from the \"network\" ]]> \x01",
		Language:    "en-GB",
		Link:        "https://example.org/network/",
		Self:        "https://example.org/network/feed.xml",
		Image:       "https://example.org/network/img/logo.png",
		Items: []Item{
			{
				Title:       "Autumn meeting",
				Link:        "https://example.org/network/posts/autumn/",
				Published:   time.Date(2026, 10, 24, 14, 0, 0, 0, london), // BST
				Updated:     time.Date(2026, 10, 26, 9, 30, 0, 0, london), // GMT
				AuthorName:  "Ada Lovelace",
				AuthorEmail: "ada@example.org",
				AuthorURL:   "https://example.org/network/authors/ada/",
				Categories:  []string{"North West", "Tom & Jerry <b>", ""},
				Summary:     `<p>Short &amp; <em>sweet</em> <a href="https://example.org/network/posts/autumn/#more">more</a></p>`,
				SummaryText: "Short & sweet more",
				Content: `<p>See <img src="https://example.org/network/posts/autumn/chart.png" alt="a &lt;chart&gt;"> and ` +
					`<code>if a &lt; b &amp;&amp; c ]]&gt; d</code>.</p>` + "\n<p>Text with ]]> and 🩺 and \x00 NUL</p>",
				Image: "https://example.org/network/posts/autumn/chart.png",
			},
			{
				Title:      nasty,
				Link:       "https://example.org/network/posts/nasty/?a=1&b=2",
				Published:  time.Date(2026, 11, 3, 14, 0, 0, 0, london), // GMT
				AuthorName: "Dr <Guest> & \"Co\"",
				Categories: []string{nasty},
				Summary:    "<p>" + nasty + "</p>",
				Content:    "<p>" + nasty + "</p>",
			},
			{
				Title:     "No author, summary only",
				Link:      "https://example.org/network/posts/plain/",
				Published: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC),
				Summary:   "<p>Just a <strong>summary</strong>.</p><p>Two paragraphs.</p>",
			},
		},
	}
}

// formats are the three feed encoders, each with its own self URL.
var formats = []struct {
	name  string
	write func(io.Writer, *Feed) error
	self  string
	typ   string // gofeed's FeedType
}{
	{"rss", RSS, "https://example.org/network/feed.xml", "rss"},
	{"atom", Atom, "https://example.org/network/atom.xml", "atom"},
	{"json", JSON, "https://example.org/network/feed.json", "json"},
}

func encode(t *testing.T, write func(io.Writer, *Feed) error, f *Feed) string {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf, f); err != nil {
		t.Fatalf("got error %v; want none", err)
	}
	return buf.String()
}

// TestFeedsParse reads every feed back with gofeed, a real feed parser,
// and checks what a reader would see.
func TestFeedsParse(t *testing.T) {
	for _, ft := range formats {
		t.Run(ft.name, func(t *testing.T) {
			f := testFeed()
			f.Self = ft.self
			out := encode(t, ft.write, f)
			got, err := gofeed.NewParser().ParseString(out)
			if err != nil {
				t.Fatalf("gofeed: %v\n%s", err, out)
			}
			if got.FeedType != ft.typ {
				t.Errorf("feed type %q; want %q", got.FeedType, ft.typ)
			}
			if got.Title != clean(f.Title) {
				t.Errorf("feed title %q; want %q", got.Title, clean(f.Title))
			}
			if got.Link != f.Link {
				t.Errorf("feed link %q; want %q", got.Link, f.Link)
			}
			if got.FeedLink != ft.self {
				t.Errorf("feed self link %q; want %q", got.FeedLink, ft.self)
			}
			if got.Language != "en-GB" {
				t.Errorf("language %q; want en-GB", got.Language)
			}
			if got.Image == nil || got.Image.URL != f.Image {
				t.Errorf("image %+v; want %q", got.Image, f.Image)
			}
			if ft.name != "json" { // JSON Feed has no feed-level date
				// The newest date is the second item's publication,
				// after the first item's update.
				newest := f.Items[1].Published
				if got.UpdatedParsed == nil || !got.UpdatedParsed.Equal(newest) {
					t.Errorf("feed updated %v; want the newest item's date %v", got.UpdatedParsed, newest)
				}
			}
			if len(got.Items) != len(f.Items) {
				t.Fatalf("%d items; want %d", len(got.Items), len(f.Items))
			}
			for i, want := range f.Items {
				it := got.Items[i]
				if it.Title != clean(want.Title) {
					t.Errorf("item %d title %q; want %q", i, it.Title, clean(want.Title))
				}
				if it.Link != want.Link {
					t.Errorf("item %d link %q; want %q", i, it.Link, want.Link)
				}
				if it.GUID != want.Link {
					t.Errorf("item %d id %q; want %q", i, it.GUID, want.Link)
				}
				checkDate(t, "published", i, it.Published, it.PublishedParsed, want.Published)
				switch ft.name {
				case "atom": // updated is required
					checkDate(t, "updated", i, it.Updated, it.UpdatedParsed, want.lastmod())
				case "json": // date_modified only when modified
					if want.Updated.IsZero() {
						if it.UpdatedParsed != nil {
							t.Errorf("item %d date_modified %v; want none", i, it.UpdatedParsed)
						}
					} else {
						checkDate(t, "updated", i, it.Updated, it.UpdatedParsed, want.Updated)
					}
				} // RSS has no item updated date
				var names []string
				for _, a := range it.Authors {
					names = append(names, a.Name)
				}
				wantNames := []string(nil)
				if want.AuthorName != "" {
					wantNames = []string{clean(want.AuthorName)}
				}
				if strings.Join(names, "|") != strings.Join(wantNames, "|") {
					t.Errorf("item %d authors %q; want %q", i, names, wantNames)
				}
				var wantCats []string
				for _, c := range want.Categories {
					if c != "" {
						wantCats = append(wantCats, clean(c))
					}
				}
				if strings.Join(it.Categories, "|") != strings.Join(wantCats, "|") {
					t.Errorf("item %d categories %q; want %q", i, it.Categories, wantCats)
				}
				wantContent := clean(want.Content)
				if ft.name == "json" && wantContent == "" {
					wantContent = clean(want.Summary) // content_html is required
				}
				if it.Content != wantContent {
					t.Errorf("item %d content\n%q; want\n%q", i, it.Content, wantContent)
				}
				wantSummary := clean(want.Summary)
				if ft.name == "json" { // plain text: SummaryText, else the summary's text
					wantSummary = []string{"Short & sweet more", "Tom & Jerry's ]]> 🩺 caf\u00e9 bad\uFFFD end", "Just a summary. Two paragraphs."}[i]
				}
				if it.Description != wantSummary {
					t.Errorf("item %d summary\n%q; want\n%q", i, it.Description, wantSummary)
				}
			}
		})
	}
}

// checkDate checks a date is the same instant, written with the same
// offset: a reader shows 14:00 +01:00 for a meeting at 14:00 in summer.
// gofeed's parsed dates are in UTC, so the offset is read from the date as
// written.
func checkDate(t *testing.T, what string, i int, raw string, parsed *time.Time, want time.Time) {
	t.Helper()
	if parsed == nil || !parsed.Equal(want) {
		t.Errorf("item %d %s %v (%q); want %v", i, what, parsed, raw, want)
		return
	}
	var written time.Time
	var err error
	for _, layout := range []string{time.RFC1123Z, time.RFC3339} {
		if written, err = time.Parse(layout, raw); err == nil {
			break
		}
	}
	if err != nil {
		t.Errorf("item %d %s %q is neither RFC 1123 with a numeric zone nor RFC 3339", i, what, raw)
		return
	}
	_, gotOff := written.Zone()
	_, wantOff := want.Zone()
	if gotOff != wantOff {
		t.Errorf("item %d %s %q has offset %ds; want %ds", i, what, raw, gotOff, wantOff)
	}
}

// TestRSSDetails checks what gofeed's universal feed leaves out: the guid
// is a permalink, dates are RFC 1123 with a numeric zone, dc:creator and
// <author> are set apart.
func TestRSSDetails(t *testing.T) {
	out := encode(t, RSS, testFeed())
	f, err := (&rss.Parser{}).Parse(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Tue, 03 Nov 2026 14:00:00 +0000"; f.LastBuildDate != want {
		t.Errorf("lastBuildDate %q; want %q", f.LastBuildDate, want)
	}
	wantPub := []string{"Sat, 24 Oct 2026 14:00:00 +0100", "Tue, 03 Nov 2026 14:00:00 +0000", "Sun, 01 Mar 2026 09:00:00 +0000"}
	wantAuthor := []string{"ada@example.org (Ada Lovelace)", "", ""}
	wantCreator := []string{"Ada Lovelace", clean("Dr <Guest> & \"Co\""), ""}
	for i, it := range f.Items {
		if it.PubDate != wantPub[i] {
			t.Errorf("item %d pubDate %q; want %q", i, it.PubDate, wantPub[i])
		}
		if it.GUID == nil || it.GUID.Value != testFeed().Items[i].Link || it.GUID.IsPermalink != "true" {
			t.Errorf("item %d guid %+v; want the link with isPermaLink=true", i, it.GUID)
		}
		if it.Author != wantAuthor[i] {
			t.Errorf("item %d author %q; want %q", i, it.Author, wantAuthor[i])
		}
		var creator string
		if it.DublinCoreExt != nil && len(it.DublinCoreExt.Creator) > 0 {
			creator = it.DublinCoreExt.Creator[0]
		}
		if creator != wantCreator[i] {
			t.Errorf("item %d dc:creator %q; want %q", i, creator, wantCreator[i])
		}
	}
}

// TestXMLWellFormed parses the XML feeds with encoding/xml, which rejects
// characters XML 1.0 forbids, and checks that every prefix is declared.
func TestXMLWellFormed(t *testing.T) {
	for _, ft := range formats[:2] {
		t.Run(ft.name, func(t *testing.T) {
			checkXML(t, encode(t, ft.write, testFeed()))
		})
	}
}

// checkXML checks that doc is well-formed XML whose element names all
// resolve to a namespace when they have a prefix.
func checkXML(t *testing.T, doc string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(doc))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, doc)
		}
		if se, ok := tok.(xml.StartElement); ok {
			// encoding/xml leaves an undeclared prefix as the Space.
			if sp := se.Name.Space; sp != "" && !strings.Contains(sp, "/") {
				t.Errorf("element %s:%s: prefix %q is not declared", sp, se.Name.Local, sp)
			}
		}
	}
}

// TestRSSNamespaces checks every prefix used is declared on <rss>.
func TestRSSNamespaces(t *testing.T) {
	out := encode(t, RSS, testFeed())
	for _, p := range []string{"atom:", "content:", "dc:"} {
		decl := `xmlns:` + strings.TrimSuffix(p, ":") + `="`
		if strings.Contains(out, "<"+p) && !strings.Contains(out, decl) {
			t.Errorf("prefix %s used; want it declared with %s", p, decl)
		}
	}
}

// TestJSONValid decodes the JSON feed with encoding/json and checks the
// fields gofeed does not report.
func TestJSONValid(t *testing.T) {
	out := encode(t, JSON, testFeed())
	if !json.Valid([]byte(out)) {
		t.Fatalf("not valid JSON:\n%s", out)
	}
	var doc struct {
		Version string `json:"version"`
		Items   []struct {
			Image   string `json:"image"`
			Authors []struct {
				Name string `json:"name"`
				URL  string `json:"url"`
			} `json:"authors"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != "https://jsonfeed.org/version/1.1" {
		t.Errorf("version %q; want https://jsonfeed.org/version/1.1", doc.Version)
	}
	if got := doc.Items[0].Image; got != testFeed().Items[0].Image {
		t.Errorf("item 0 image %q; want %q", got, testFeed().Items[0].Image)
	}
	if a := doc.Items[0].Authors; len(a) != 1 || a[0].URL != "https://example.org/network/authors/ada/" {
		t.Errorf("item 0 authors %+v; want Ada with her page's URL", a)
	}
	if strings.Contains(out, "ada@example.org") {
		t.Errorf("JSON feed has the author's email address; want it only in RSS <author>")
	}
}

// TestAtomAuthor checks RFC 4287's rule: a feed-level author unless every
// entry has one.
func TestAtomAuthor(t *testing.T) {
	tests := []struct {
		name   string
		author string
		items  []string // the items' author names
		want   string   // the feed-level author, "" for none
	}{
		{"every entry has one", "", []string{"Ada", "Bo"}, ""},
		{"an entry has none", "", []string{"Ada", ""}, "Network"},
		{"feed author given", "The network", []string{"Ada"}, "The network"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &Feed{Title: "Network", Link: "https://example.org/", Author: tt.author}
			for _, a := range tt.items {
				f.Items = append(f.Items, Item{Title: "x", Link: "https://example.org/x/", Published: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), AuthorName: a})
			}
			out := encode(t, Atom, f)
			var doc struct {
				Authors []struct {
					Name string `xml:"name"`
				} `xml:"author"`
			}
			if err := xml.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err)
			}
			got := ""
			if len(doc.Authors) > 0 {
				got = doc.Authors[0].Name
			}
			if got != tt.want || len(doc.Authors) > 1 {
				t.Errorf("feed authors %+v; want %q", doc.Authors, tt.want)
			}
		})
	}
}

// TestFeedErrors checks that bad input is refused with a message naming
// the item, and that nothing is written.
func TestFeedErrors(t *testing.T) {
	date := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		feed Feed
		want []string // substrings of the error
	}{
		{"no link", Feed{Title: "x"}, []string{"feed link is missing"}},
		{"relative link", Feed{Link: "/network/"}, []string{`feed link "/network/" is not an absolute http(s) URL`}},
		{"relative item link", Feed{Link: "https://example.org/", Items: []Item{{Title: "A", Link: "posts/a/", Published: date}}},
			[]string{`item 1 ("A"): link "posts/a/" is not an absolute http(s) URL`}},
		{"space in link", Feed{Link: "https://example.org/a b/"}, []string{"percent-encode"}},
		{"javascript", Feed{Link: "javascript:alert(1)"}, []string{"not an absolute http(s) URL"}},
		{"no date", Feed{Link: "https://example.org/", Items: []Item{{Title: "A", Link: "https://example.org/a/"}}},
			[]string{`item 1 ("A"): no published date`}},
		{"every problem", Feed{Link: "https://example.org/", Self: "feed.xml", Items: []Item{{Title: "A", Link: "a"}, {Title: "B", Link: "https://example.org/b/", Published: date, AuthorURL: "ftp://x/"}}},
			[]string{"feed self", `item 1 ("A"): link`, `item 1 ("A"): no published date`, `item 2 ("B"): author URL`}},
	}
	for _, tt := range tests {
		for _, ft := range formats {
			t.Run(tt.name+"/"+ft.name, func(t *testing.T) {
				var buf bytes.Buffer
				err := ft.write(&buf, &tt.feed)
				if err == nil {
					t.Fatalf("got no error; want %q", tt.want)
				}
				for _, w := range tt.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q; want it to contain %q", err, w)
					}
				}
				if buf.Len() != 0 {
					t.Errorf("wrote %d bytes; want none on error", buf.Len())
				}
			})
		}
	}
}

// TestEmptyFeed checks a feed without items: RSS and JSON are still
// valid, and Atom, which requires a date, asks for Feed.Updated.
func TestEmptyFeed(t *testing.T) {
	f := &Feed{Title: "Empty", Link: "https://example.org/"}
	for _, ft := range formats {
		t.Run(ft.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := ft.write(&buf, f)
			if ft.name == "atom" {
				if err == nil || !strings.Contains(err.Error(), "Feed.Updated") {
					t.Fatalf("got error %v; want one asking for Feed.Updated", err)
				}
				g := *f
				g.Updated = time.Date(2026, 1, 1, 0, 0, 0, 0, london)
				buf.Reset()
				err = ft.write(&buf, &g)
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := gofeed.NewParser().ParseString(buf.String())
			if err != nil {
				t.Fatalf("gofeed: %v\n%s", err, buf.String())
			}
			if len(got.Items) != 0 {
				t.Errorf("%d items; want 0", len(got.Items))
			}
			if ft.name == "json" && !strings.Contains(buf.String(), `"items": []`) {
				t.Errorf("JSON feed without items:\n%s\nwant \"items\": []", buf.String())
			}
			if ft.name == "rss" && !strings.Contains(buf.String(), "<description>Empty</description>") {
				t.Errorf("RSS without a description:\n%s\nwant the title to stand in", buf.String())
			}
		})
	}
}

// TestWriteError checks a failing writer's error is returned.
func TestWriteError(t *testing.T) {
	want := errors.New("disk full")
	for _, ft := range formats {
		if err := ft.write(failWriter{want}, testFeed()); !errors.Is(err, want) {
			t.Errorf("%s: got error %v; want %v", ft.name, err, want)
		}
	}
}

type failWriter struct{ err error }

func (w failWriter) Write([]byte) (int, error) { return 0, w.err }

// TestIntoBuffer: an encoder writes into a bytes.Buffer it is given, after
// what it holds, what it writes to any other writer.
func TestIntoBuffer(t *testing.T) {
	encoders := map[string]func(io.Writer) error{
		"rss":  func(w io.Writer) error { return RSS(w, testFeed()) },
		"atom": func(w io.Writer) error { return Atom(w, testFeed()) },
		"json": func(w io.Writer) error { return JSON(w, testFeed()) },
		"ical": func(w io.Writer) error { return ICal(w, testCalendar()) },
	}
	for name, encode := range encoders {
		var other strings.Builder
		if err := encode(&other); err != nil {
			t.Fatal(err)
		}
		buf := bytes.NewBufferString("before|")
		if err := encode(buf); err != nil {
			t.Fatal(err)
		}
		if got, want := buf.String(), "before|"+other.String(); got != want || len(other.String()) < 100 {
			t.Errorf("%s: into a buffer %q; want %q", name, got, want)
		}
	}
}
