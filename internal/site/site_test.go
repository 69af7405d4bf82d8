package site

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"plexus/internal/config"
	"plexus/internal/content"
	"plexus/internal/markdown"
)

const testConfig = `
title = "Test Network"
baseURL = "https://example.org/network/"
[pagination]
size = 2
[regions.north-west]
name = "North West"
[regions.london]
name = "London"
[regions.national]
name = "National"
weight = -1
`

func testCfg(t *testing.T) *config.Config {
	t.Helper()
	cfg, err := config.Parse([]byte(testConfig))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// page decodes one content file, failing the test on error.
func page(t *testing.T, cfg *config.Config, path, src string) *Page {
	t.Helper()
	p, err := decode(cfg, path, src)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return p
}

func decode(cfg *config.Config, path, src string) (*Page, error) {
	f, err := content.Parse(path, []byte(src))
	if err != nil {
		return nil, err
	}
	p, err := Decode(cfg, f)
	if err != nil {
		return nil, err
	}
	doc, err := markdown.New(markdown.Options{}).Convert(f.Body)
	if err != nil {
		return nil, err
	}
	return p, p.Attach(markdown.New(markdown.Options{}), &doc)
}

var london = func() *time.Location { l, _ := time.LoadLocation("Europe/London"); return l }()

func TestDecodeErrors(t *testing.T) {
	cfg := testCfg(t)
	tests := []struct {
		name, path, src, want string
	}{
		{"missing title", "posts/a.md", "---\ndate: 2026-01-01\n---\nbody", "content/posts/a.md:1: missing title"},
		{"missing post date", "posts/a.md", "---\ntitle: A\n---\nbody", "content/posts/a.md:1: missing date"},
		{"bad date", "posts/a.md", "---\ntitle: A\ndate: 22/11/2026\n---\n", `content/posts/a.md:3: date: cannot read "22/11/2026" as a date`},
		{"title a list", "posts/a.md", "---\ntitle: [a, b]\ndate: 2026-01-01\n---\n", "content/posts/a.md:2: title must be text, not a list"},
		{"draft not bool", "posts/a.md", "---\ntitle: A\ndate: 2026-01-01\ndraft: maybe\n---\n", "content/posts/a.md:4: draft must be true or false, not text"},
		{"unknown region", "posts/a.md", "---\ntitle: A\ndate: 2026-01-01\nregions: [north-wst]\n---\n", `content/posts/a.md:4: unknown region "north-wst" (did you mean "north-west"?)`},
		{"region as name", "posts/a.md", "---\ntitle: A\ndate: 2026-01-01\nregions: [North West]\n---\n", `content/posts/a.md:4: region "North West" is written as a key: use "north-west"`},
		{"bad slug", "posts/a.md", "---\ntitle: A\ndate: 2026-01-01\nslug: ../../etc\n---\n", `content/posts/a.md:4: slug "../../etc" may hold only lower-case letters, digits and hyphens: write "etc"`},
		{"image without alt", "posts/a.md", "---\ntitle: A\ndate: 2026-01-01\nimage: x.jpg\n---\n", "content/posts/a.md:4: image needs a description"},
		{"event without start", "events/e.md", "---\ntitle: E\n---\n", "content/events/e.md:1: event has no start"},
		{"event ends before start", "events/e.md", "---\ntitle: E\nstart: 2026-12-03 14:00\nend: 2026-12-03 13:00\n---\n", "content/events/e.md:4: event ends (2026-12-03 13:00) before it starts (2026-12-03 14:00)"},
		{"event bad status", "events/e.md", "---\ntitle: E\nstart: 2026-12-03 14:00\nstatus: canceled\n---\n", `content/events/e.md:4: unknown status "canceled" (did you mean "cancelled"?)`},
		{"event bad registration", "events/e.md", "---\ntitle: E\nstart: 2026-12-03 14:00\nregistration: www.example.org/x\n---\n", `content/events/e.md:4: registration "www.example.org/x" is not a web address`},
		{"event bad location key", "events/e.md", "---\ntitle: E\nstart: 2026-12-03 14:00\nlocation:\n  venu: Hall\n---\n", `content/events/e.md:4: location has venue and address, not "venu" (did you mean "venue"?)`},
		{"tag without letters", "posts/a.md", "---\ntitle: A\ndate: 2026-01-01\ntags: [ok, \"--\"]\n---\n", `content/posts/a.md:4: tag "--" has no letters or digits`},
		{"series without letters", "posts/a.md", "---\ntitle: A\ndate: 2026-01-01\nseries: \"!\"\n---\n", `content/posts/a.md:4: series "!" has no letters or digits`},
		{"series part zero", "posts/a.md", "---\ntitle: A\ndate: 2026-01-01\nseries: s\nseries_part: 0\n---\n", "content/posts/a.md:5: series_part must be 1 or more, not 0"},
		{"series part not a number", "posts/a.md", "---\ntitle: A\ndate: 2026-01-01\nseries: s\nseries_part: two\n---\n", "content/posts/a.md:5: series_part must be a whole number, not text"},
		{"author without name", "authors/a.md", "---\nrole: Lead\n---\n", "content/authors/a.md:1: missing name"},
		{"photo without alt", "authors/a.md", "---\nname: A\nphoto: a.svg\n---\n", "content/authors/a.md:3: photo needs a description"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decode(cfg, tt.path, tt.src)
			if err == nil {
				t.Fatalf("got no error; want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %q; want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestDecodeReportsEveryProblem(t *testing.T) {
	_, err := decode(testCfg(t), "posts/a.md", "---\ntitle: [x]\ndate: soon\nregions: [nowhere]\n---\n")
	if err == nil {
		t.Fatal("got no error")
	}
	for _, want := range []string{"a.md:2:", "a.md:3:", "a.md:4:"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("got %q; want it to report %q", err, want)
		}
	}
}

// TestDecodeErrorExact checks that each file reports one error, starting
// with want, where a Contains check would miss a second report or a wrong
// line.
func TestDecodeErrorExact(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"series part as text", "---\ntitle: A\ndate: 2026-01-01\nseries: s\nseries_part: \"0\"\n---\n",
			"content/posts/a.md:5: series_part must be a whole number, not text"},
		{"comment before the first key", "---\n# note\ntitle: A\n---\n",
			"content/posts/a.md:1: missing date"},
		{"blank line before the first key", "\n---\n\ntitle: A\n---\n",
			"content/posts/a.md:2: missing date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decode(testCfg(t), "posts/a.md", tt.src)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("got error %v; want one, starting %q", err, tt.want)
			}
		})
	}
}

func TestDecodeFields(t *testing.T) {
	cfg := testCfg(t)
	p := page(t, cfg, "posts/Hello World.md", `---
title: Hello
date: 2026-06-01 09:30
updated: 2026-06-02
author: amara
region: london
tags: [Back Pain, back-pain, Exercise]
summary: "A *short* summary"
colour: blue
---
First paragraph.

Second.
`)
	if p.Kind != KindPost || p.Section != "posts" {
		t.Errorf("got kind %q section %q; want post, posts", p.Kind, p.Section)
	}
	if p.Slug != "hello-world" {
		t.Errorf("got slug %q; want hello-world", p.Slug)
	}
	if want := time.Date(2026, 6, 1, 9, 30, 0, 0, london); !p.Date.Equal(want) || p.Date.Location().String() != "Europe/London" {
		t.Errorf("got date %v; want %v in Europe/London", p.Date, want)
	}
	if _, off := p.Date.Zone(); off != 3600 {
		t.Errorf("got offset %d; want BST (+3600)", off)
	}
	if got := string(p.Summary); got != "<p>A <em>short</em> summary</p>" || p.SummaryText != "A short summary" {
		t.Errorf("got summary %q", got)
	}
	if p.Params["colour"] != "blue" {
		t.Errorf("got params %v; want colour: blue", p.Params)
	}
	if fmt.Sprint(p.dec.regionKeys) != "[london]" || len(p.dec.tagNames) != 3 {
		t.Errorf("got regions %v tags %v", p.dec.regionKeys, p.dec.tagNames)
	}
}

func TestUnknownKeyWarning(t *testing.T) {
	p := page(t, testCfg(t), "posts/a.md", "---\ntitle: A\ndate: 2026-01-01\nregoins: [london]\n---\n")
	if len(p.dec.warnings) != 1 || !strings.Contains(p.dec.warnings[0].Error(), `a.md:4: unknown key "regoins"`) ||
		!strings.Contains(p.dec.warnings[0].Error(), `did you mean "regions"?`) {
		t.Errorf("got warnings %v; want one about regoins on line 4", p.dec.warnings)
	}
}

func TestEventTimes(t *testing.T) {
	cfg := testCfg(t)
	tests := []struct {
		name, front string
		start, end  time.Time
		allDay      bool
	}{
		{"start and end", "start: 2026-12-03 14:00\nend: 2026-12-03 15:30", time.Date(2026, 12, 3, 14, 0, 0, 0, london), time.Date(2026, 12, 3, 15, 30, 0, 0, london), false},
		{"no end lasts an hour", "start: 2026-12-03 14:00", time.Date(2026, 12, 3, 14, 0, 0, 0, london), time.Date(2026, 12, 3, 15, 0, 0, 0, london), false},
		{"all day", "start: 2026-12-03", time.Date(2026, 12, 3, 0, 0, 0, 0, london), time.Date(2026, 12, 4, 0, 0, 0, 0, london), true},
		{"days", "start: 2027-03-10\nend: 2027-03-11", time.Date(2027, 3, 10, 0, 0, 0, 0, london), time.Date(2027, 3, 12, 0, 0, 0, 0, london), true},
		{"utc", "start: 2026-07-01T13:00:00Z\nend: 2026-07-01T14:00:00Z", time.Date(2026, 7, 1, 14, 0, 0, 0, london), time.Date(2026, 7, 1, 15, 0, 0, 0, london), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := page(t, cfg, "events/e.md", "---\ntitle: E\n"+tt.front+"\n---\n")
			e := p.Event
			if !e.Start.Equal(tt.start) || !e.End.Equal(tt.end) || e.AllDay != tt.allDay {
				t.Errorf("got %v – %v all day %v; want %v – %v all day %v", e.Start, e.End, e.AllDay, tt.start, tt.end, tt.allDay)
			}
			if e.Status != StatusScheduled {
				t.Errorf("got status %q; want scheduled", e.Status)
			}
		})
	}
}

// testSite builds a site from path → source pairs at the given now.
func testSite(t *testing.T, opts Options, files map[string]string) (*Site, error) {
	t.Helper()
	cfg := testCfg(t)
	var pages []*Page
	for path, src := range files {
		pages = append(pages, page(t, cfg, path, src))
	}
	return New(cfg, opts, pages)
}

func post(date string, extra ...string) string {
	return "---\ntitle: T " + date + "\ndate: " + date + "\n" + strings.Join(extra, "\n") + "\n---\nBody.\n"
}

func event(start, end string, extra ...string) string {
	return "---\ntitle: E " + start + "\nstart: " + start + "\nend: " + end + "\n" + strings.Join(extra, "\n") + "\n---\nBody.\n"
}

var now = time.Date(2026, 11, 22, 12, 0, 0, 0, london)

func slugs(pages []*Page) string {
	var s []string
	for _, p := range pages {
		s = append(s, p.Slug)
	}
	return strings.Join(s, " ")
}

func TestNewSortsAndFilters(t *testing.T) {
	s, err := testSite(t, Options{Now: now}, map[string]string{
		"posts/b.md":      post("2026-03-01"),
		"posts/a.md":      post("2026-03-01"), // same date as b: file order breaks the tie
		"posts/c.md":      post("2026-05-01"),
		"posts/draft.md":  post("2026-04-01", "draft: true"),
		"posts/future.md": post("2026-12-01"),
		"events/past1.md": event("2026-10-01 10:00", "2026-10-01 11:00"),
		"events/past2.md": event("2026-11-01 10:00", "2026-11-01 11:00"),
		"events/now.md":   event("2026-11-22 11:00", "2026-11-22 13:00"), // under way: still upcoming
		"events/next.md":  event("2026-12-01 10:00", "2026-12-01 11:00"),
		"events/ended.md": event("2026-11-22 10:00", "2026-11-22 12:00"), // ends exactly at now: past
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := slugs(s.Posts), "c a b"; got != want {
		t.Errorf("got posts %q; want %q", got, want)
	}
	if got, want := slugs(s.Upcoming), "now next"; got != want {
		t.Errorf("got upcoming %q; want %q", got, want)
	}
	if got, want := slugs(s.Past), "ended past2 past1"; got != want {
		t.Errorf("got past %q; want %q", got, want)
	}
	if got, want := slugs(s.Events), "now next ended past2 past1"; got != want {
		t.Errorf("got events %q; want %q", got, want)
	}

	s, err = testSite(t, Options{Now: now, Drafts: true, Future: true}, map[string]string{
		"posts/draft.md":  post("2026-04-01", "draft: true"),
		"posts/future.md": post("2026-12-01"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := slugs(s.Posts), "future draft"; got != want {
		t.Errorf("with --drafts --future got posts %q; want %q", got, want)
	}
}

func TestURLs(t *testing.T) {
	s, err := testSite(t, Options{Now: now}, map[string]string{
		"posts/My Post.md":          post("2026-03-01"),
		"posts/custom.md":           post("2026-03-02", "slug: chosen"),
		"events/meet.md":            event("2026-12-01 10:00", "2026-12-01 11:00"),
		"authors/amara/index.md":    "---\nname: Amara\nphoto: photo.svg\nphoto_alt: Amara smiling\n---\nBio.",
		"about.md":                  "---\ntitle: About\n---\nx",
		"Guides/Getting Started.md": "---\ntitle: Start\n---\nx",
	})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range s.Pages {
		got[p.File] = p.RelPermalink + " " + p.Permalink
	}
	want := map[string]string{
		"content/posts/My Post.md":          "/network/posts/my-post/ https://example.org/network/posts/my-post/",
		"content/posts/custom.md":           "/network/posts/chosen/ https://example.org/network/posts/chosen/",
		"content/events/meet.md":            "/network/events/meet/ https://example.org/network/events/meet/",
		"content/authors/amara/index.md":    "/network/authors/amara/ https://example.org/network/authors/amara/",
		"content/about.md":                  "/network/about/ https://example.org/network/about/",
		"content/Guides/Getting Started.md": "/network/guides/getting-started/ https://example.org/network/guides/getting-started/",
		"":                                  "/network/404.html https://example.org/network/404.html",
	}
	for file, w := range want {
		if got[file] != w {
			t.Errorf("%s: got %q; want %q", file, got[file], w)
		}
	}
	if a := s.Authors[0]; a.Profile.Photo != "/network/authors/amara/photo.svg" {
		t.Errorf("got photo URL %q; want it beside the author page", a.Profile.Photo)
	}
}

func TestDuplicateURL(t *testing.T) {
	_, err := testSite(t, Options{Now: now}, map[string]string{
		"posts/a.md": post("2026-03-01"),
		"posts/b.md": post("2026-03-02", "slug: a"),
	})
	if err == nil || !strings.Contains(err.Error(), "content/posts/b.md:1: this page and content/posts/a.md both have the URL /posts/a/") {
		t.Errorf("got %v; want an error naming both files", err)
	}
}

func TestPagination(t *testing.T) {
	// Page size is 2 in testConfig.
	for _, tt := range []struct {
		posts int
		want  []string // each pager page's path and slugs
	}{
		{0, []string{"/posts/:"}},
		{1, []string{"/posts/:a"}},
		{2, []string{"/posts/:a b"}},
		{3, []string{"/posts/:a b", "/posts/page/2/:c"}},
		{5, []string{"/posts/:a b", "/posts/page/2/:c d", "/posts/page/3/:e"}},
	} {
		t.Run(fmt.Sprint(tt.posts), func(t *testing.T) {
			files := map[string]string{}
			for i := range tt.posts {
				name := string(rune('a' + i))
				files["posts/"+name+".md"] = post(fmt.Sprintf("2026-01-%02d", 28-i))
			}
			s, err := testSite(t, Options{Now: now}, files)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			var pagers []*Pager
			for _, p := range s.Pages {
				if p.Kind == KindSection && p.Section == "posts" {
					got = append(got, p.Path+":"+slugs(p.Pages))
					pagers = append(pagers, p.Pager)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %q; want %q", got, tt.want)
			}
			for i, pg := range pagers {
				if pg.Number != i+1 || pg.Total != len(tt.want) {
					t.Errorf("pager %d: got %d of %d; want %d of %d", i, pg.Number, pg.Total, i+1, len(tt.want))
				}
				if (i == 0) != (pg.Prev == "") || (i == len(pagers)-1) != (pg.Next == "") {
					t.Errorf("pager %d: got prev %q next %q", i, pg.Prev, pg.Next)
				}
			}
			if len(pagers) > 1 && pagers[1].Prev != "/network/posts/" {
				t.Errorf("got page 2's prev %q; want the section URL itself", pagers[1].Prev)
			}
		})
	}
}

func TestAuthorsAndGuests(t *testing.T) {
	s, err := testSite(t, Options{Now: now}, map[string]string{
		"authors/amara-okafor.md": "---\nname: Dr Amara Okafor\n---\nBio.",
		"posts/a.md":              post("2026-03-01", "author: amara-okafor"),
		"posts/b.md":              post("2026-03-02", "author: Professor Ruth Adeyemi"),
		"posts/c.md":              post("2026-03-03", "author: amara-okafr"),
	})
	if err != nil {
		t.Fatal(err)
	}
	byFile := map[string]*Page{}
	for _, p := range s.Posts {
		byFile[p.Slug] = p
	}
	if a := byFile["a"].Author; a.Page == nil || a.Name != "Dr Amara Okafor" || a.Key != "amara-okafor" {
		t.Errorf("got author %+v; want the author page", a)
	}
	if a := byFile["b"].Author; a.Page != nil || a.Name != "Professor Ruth Adeyemi" {
		t.Errorf("got author %+v; want a guest", a)
	}
	if len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0].Error(), `content/posts/c.md: author "amara-okafr" has no author page`) ||
		!strings.Contains(s.Warnings[0].Error(), `did you mean "amara-okafor"?`) {
		t.Errorf("got warnings %v; want one did-you-mean for c.md", s.Warnings)
	}
}

// Pages by one author share one Author, and each page by a guest whose
// name looks like a misspelt author key is warned about.
func TestAuthorShared(t *testing.T) {
	s, err := testSite(t, Options{Now: now}, map[string]string{
		"authors/amara-okafor.md": "---\nname: Dr Amara Okafor\n---\nBio.",
		"posts/a.md":              post("2026-03-01", "author: amara-okafor"),
		"posts/b.md":              post("2026-03-02", "author: amara-okafor"),
		"posts/c.md":              post("2026-03-03", "author: amara-okafr"),
		"posts/d.md":              post("2026-03-04", "author: amara-okafr"),
	})
	if err != nil {
		t.Fatal(err)
	}
	byFile := map[string]*Page{}
	for _, p := range s.Posts {
		byFile[p.Slug] = p
	}
	if a, b := byFile["a"].Author, byFile["b"].Author; a != b || a.Page == nil {
		t.Errorf("a's author %p and b's %p; want one, with its page", a, b)
	}
	if c, d := byFile["c"].Author, byFile["d"].Author; c != d || c.Page != nil || c.Name != "amara-okafr" {
		t.Errorf("c's author %+v and d's %+v; want one guest", c, d)
	}
	if len(s.Warnings) != 2 || !strings.Contains(s.Warnings[0].Error(), "content/posts/c.md:") ||
		!strings.Contains(s.Warnings[1].Error(), "content/posts/d.md:") ||
		!strings.Contains(s.Warnings[1].Error(), `did you mean "amara-okafor"?`) {
		t.Errorf("got warnings %v; want a did-you-mean for c.md and d.md", s.Warnings)
	}
}

func TestTagsNormalised(t *testing.T) {
	s, err := testSite(t, Options{Now: now}, map[string]string{
		"posts/a.md": post("2026-03-01", "tags: [Back Pain]"),
		"posts/b.md": post("2026-03-02", "tags: [back-pain, BACK  PAIN]"),
	})
	if err != nil {
		t.Fatal(err)
	}
	a, b := s.Posts[1], s.Posts[0]
	if len(a.Tags) != 1 || len(b.Tags) != 1 || a.Tags[0] != b.Tags[0] || a.Tags[0].Key != "back-pain" {
		t.Errorf("got tags %v and %v; want one shared back-pain tag", a.Tags, b.Tags)
	}
}

// testSiteWith is testSite with lines added to testConfig.
func testSiteWith(t *testing.T, extraConfig string, opts Options, files map[string]string) (*Site, error) {
	t.Helper()
	cfg, err := config.Parse([]byte(testConfig + extraConfig))
	if err != nil {
		t.Fatal(err)
	}
	var pages []*Page
	for path, src := range files {
		pages = append(pages, page(t, cfg, path, src))
	}
	return New(cfg, opts, pages)
}

// listed shows an index as "upcoming | posts | past" slugs.
func listed(ix Index) string {
	return slugs(ix.Upcoming) + " | " + slugs(ix.Posts) + " | " + slugs(ix.Past)
}

// pagesAt returns the pager pages of the list at path, in order.
func pagesAt(s *Site, path string) []*Page {
	var out []*Page
	for _, p := range s.Pages {
		if p.Path == path || strings.HasPrefix(p.Path, path+"page/") {
			out = append(out, p)
		}
	}
	return out
}

func TestRegionIndexes(t *testing.T) {
	files := map[string]string{
		"posts/nat.md":      post("2026-03-01", "regions: [national]"),
		"posts/ldn.md":      post("2026-03-02", "regions: [london]"),
		"posts/both.md":     post("2026-03-03", "regions: [national, london]"), // listed once on London
		"posts/nw.md":       post("2026-03-04", "regions: [north-west]"),
		"posts/none.md":     post("2026-03-05"),
		"events/ldn-up.md":  event("2026-12-01 10:00", "2026-12-01 11:00", "regions: [london]"),
		"events/nat-up.md":  event("2026-11-30 10:00", "2026-11-30 11:00", "regions: [national]"),
		"events/ldn-old.md": event("2026-10-01 10:00", "2026-10-01 11:00", "regions: [london]"),
		"authors/lead.md":   "---\nname: Lead\nregions: [london]\n---\nBio.",
	}
	for _, tt := range []struct {
		name, config string
		want         map[string]string // region key → listed
		pages        []string          // London's pager pages
	}{
		{"national only nationally", "[network]\nnational = \"national\"\n", map[string]string{
			"national":   "nat-up | both nat | ",
			"london":     "ldn-up | both ldn | ldn-old",
			"north-west": " | nw | ",
		}, []string{"/regions/london/:ldn-up both ldn ldn-old"}},
		{"national on every region", "[network]\nnational = \"national\"\nnational_on_regions = true\n", map[string]string{
			"national":   "nat-up | both nat | ",
			"london":     "nat-up ldn-up | both ldn nat | ldn-old",
			"north-west": "nat-up | nw both nat | ",
		}, []string{"/regions/london/:nat-up ldn-up both ldn ldn-old", "/regions/london/page/2/:nat"}},
		{"no national region", "", map[string]string{
			"national":   "nat-up | both nat | ",
			"london":     "ldn-up | both ldn | ldn-old",
			"north-west": " | nw | ",
		}, []string{"/regions/london/:ldn-up both ldn ldn-old"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := testSiteWith(t, tt.config, Options{Now: now}, files)
			if err != nil {
				t.Fatal(err)
			}
			var keys []string
			for _, r := range s.Regions {
				keys = append(keys, r.Key)
				if got, want := listed(r.Index), tt.want[r.Key]; got != want {
					t.Errorf("%s: got %q; want %q", r.Key, got, want)
				}
				if r.Page == nil || r.Page.Path != "/regions/"+r.Key+"/" || r.Page.Region != r || r.Page.Kind != KindTerm {
					t.Errorf("%s: got page %+v; want the region's term page", r.Key, r.Page)
				}
			}
			if got, want := strings.Join(keys, " "), "national london north-west"; got != want {
				t.Errorf("got regions %q; want %q (by weight, then name)", got, want)
			}
			if got := s.Regions[0].National; got != (tt.config != "") {
				t.Errorf("got national %v for %q", got, tt.config)
			}
			if got, want := s.Regions[1].WithNational, strings.Contains(tt.config, "true"); got != want || s.Regions[0].WithNational {
				t.Errorf("got London with national %v, national with national %v; want %v, false", got, s.Regions[0].WithNational, want)
			}
			ldn := s.Regions[1]
			if got := slugs(ldn.Authors); got != "lead" {
				t.Errorf("got London's authors %q; want lead", got)
			}
			// Size 2: each page has its share of upcoming events, then of
			// posts, then of past events.
			var got []string
			for _, p := range pagesAt(s, "/regions/london/") {
				got = append(got, p.Path+":"+slugs(p.Pages))
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.pages) {
				t.Errorf("got London's pages %q; want %q", got, tt.pages)
			}
			tax := pagesAt(s, "/regions/")[0]
			if tax.Kind != KindTaxonomy || len(tax.Pages) != 3 || tax.Pages[1] != ldn.Page {
				t.Errorf("got /regions/ %s listing %d pages; want the taxonomy of 3 region pages", tax.Kind, len(tax.Pages))
			}
		})
	}
}

func TestTagIndexes(t *testing.T) {
	s, err := testSite(t, Options{Now: now}, map[string]string{
		"posts/a.md":    post("2026-03-01", "tags: [Back Pain, exercise]"),
		"posts/b.md":    post("2026-03-02", "tags: [BACK PAIN]"),
		"posts/c.md":    post("2026-03-03", "tags: [Zebra, apple]"),
		"events/e.md":   event("2026-12-01 10:00", "2026-12-01 11:00", "tags: [Back Pain]"), // the first file to name it: its spelling is the name
		"events/old.md": event("2026-10-01 10:00", "2026-10-01 11:00", "tags: [back pain]"),
		"about.md":      "---\ntitle: About\ntags: [only-here]\n---\nx",
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tg := range s.Tags {
		got = append(got, fmt.Sprintf("%s=%s(%d)", tg.Key, tg.Name, tg.Count()))
	}
	// By name, ignoring case; a tag only a plain page has still has a page.
	want := "[apple=apple(1) back-pain=Back Pain(4) exercise=exercise(1) only-here=only-here(0) zebra=Zebra(1)]"
	if fmt.Sprint(got) != want {
		t.Errorf("got tags %v; want %s", got, want)
	}
	bp := s.Tags[1]
	if got, want := listed(bp.Index), "e | b a | old"; got != want {
		t.Errorf("got back-pain %q; want %q", got, want)
	}
	var paths []string
	for _, p := range pagesAt(s, "/tags/back-pain/") {
		paths = append(paths, p.Path+":"+slugs(p.Pages))
		if p.Tag != bp || p.Kind != KindTerm || p.Section != "tags" || p.Title != "Back Pain" {
			t.Errorf("%s: got tag %v kind %s section %s title %q", p.Path, p.Tag, p.Kind, p.Section, p.Title)
		}
	}
	if want := "[/tags/back-pain/:e b a old]"; fmt.Sprint(paths) != want {
		t.Errorf("got %v; want %s", paths, want)
	}
	if tax := pagesAt(s, "/tags/")[0]; tax.Kind != KindTaxonomy || tax.Title != "Topics" || len(tax.Pages) != 5 || tax.Pages[0] != s.Tags[0].Page {
		t.Errorf("got /tags/ %s %q with %d pages; want the Topics taxonomy of 5 tag pages", tax.Kind, tax.Title, len(tax.Pages))
	}
}

func TestAuthorIndexes(t *testing.T) {
	files := map[string]string{
		"authors/amara.md": "---\nname: Amara\n---\nBio.",
		"authors/idle.md":  "---\nname: Idle\n---\nBio.",
		"events/talk.md":   event("2026-12-01 10:00", "2026-12-01 11:00", "author: amara"),
		"events/old.md":    event("2026-10-01 10:00", "2026-10-01 11:00", "author: amara"),
		"posts/guest.md":   post("2026-03-09", "author: Someone Else"),
	}
	for i := range 3 {
		files[fmt.Sprintf("posts/p%d.md", i)] = post(fmt.Sprintf("2026-03-0%d", i+1), "author: amara")
	}
	s, err := testSite(t, Options{Now: now}, files)
	if err != nil {
		t.Fatal(err)
	}
	amara, idle := s.Authors[0], s.Authors[1]
	if got, want := listed(amara.Profile.Index), "talk | p2 p1 p0 | old"; got != want {
		t.Errorf("got Amara's %q; want %q", got, want)
	}
	if got := idle.Profile.Count(); got != 0 {
		t.Errorf("got %d pages for Idle; want 0", got)
	}
	// The author page is paginated like a list (size 2), its first page
	// at its own URL; pager pages share the profile but not the bundle.
	var got []string
	for _, p := range pagesAt(s, "/authors/amara/") {
		got = append(got, p.Path+":"+slugs(p.Pages))
		if p.Kind != KindAuthor || p.Profile != amara.Profile {
			t.Errorf("%s: got kind %s; want an author page sharing the profile", p.Path, p.Kind)
		}
	}
	want := "[/authors/amara/:talk p2 p1 old /authors/amara/page/2/:p0]"
	if fmt.Sprint(got) != want {
		t.Errorf("got %v; want %s", got, want)
	}
	if p := pagesAt(s, "/authors/idle/"); len(p) != 1 || p[0].Pager.Total != 1 || len(p[0].Pages) != 0 {
		t.Errorf("got %d pages for an author with nothing written; want one, empty", len(p))
	}
}

func TestSeries(t *testing.T) {
	s, err := testSite(t, Options{Now: now}, map[string]string{
		// Numbered parts, in an order other than their dates and files.
		"posts/c.md": post("2026-01-01", "series: Care Models", "series_part: 2"),
		"posts/a.md": post("2026-03-01", "series: care-models", "series_part: 3", "series_title: Care models, explained"),
		"posts/b.md": post("2026-02-01", "series: care-models", "series_part: 1"),
		// Unnumbered parts go by date; the name comes from the key.
		"posts/y.md":      post("2026-05-01", "series: msk-basics"),
		"posts/x.md":      post("2026-04-01", "series: msk-basics"),
		"posts/future.md": post("2027-01-01", "series: msk-basics"), // not published: not a part
		"posts/plain.md":  post("2026-06-01"),
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, sr := range s.Series {
		got = append(got, sr.Key+"="+sr.Name+":"+slugs(sr.Parts))
	}
	if want := "[care-models=Care models, explained:b c a msk-basics=Msk basics:x y]"; fmt.Sprint(got) != want {
		t.Errorf("got series %v; want %s", got, want)
	}
	bySlug := map[string]*Page{}
	for _, p := range s.Posts {
		bySlug[p.Slug] = p
	}
	for _, tt := range []struct {
		slug, prev, next string
		part             int
	}{
		{"b", "", "c", 1}, {"c", "b", "a", 2}, {"a", "c", "", 3}, {"x", "", "y", 1}, {"y", "x", "", 2}, {"plain", "", "", 0},
	} {
		p := bySlug[tt.slug]
		var prev, next string
		if q := p.SeriesPrev(); q != nil {
			prev = q.Slug
		}
		if q := p.SeriesNext(); q != nil {
			next = q.Slug
		}
		if p.SeriesPart != tt.part || prev != tt.prev || next != tt.next {
			t.Errorf("%s: got part %d, prev %q, next %q; want %d, %q, %q", tt.slug, p.SeriesPart, prev, next, tt.part, tt.prev, tt.next)
		}
	}
	sp := pagesAt(s, "/series/care-models/")
	if len(sp) != 2 || sp[0].Series != s.Series[0] || sp[0].Kind != KindTerm || sp[0].Title != "Care models, explained" || slugs(sp[0].Pages) != "b c" {
		t.Errorf("got %d series pages; want 2, the first listing parts b c", len(sp))
	}
	if tax := pagesAt(s, "/series/")[0]; tax.Kind != KindTaxonomy || len(tax.Pages) != 2 {
		t.Errorf("got /series/ %s with %d pages; want the taxonomy of 2", tax.Kind, len(tax.Pages))
	}
}

func TestSeriesProblems(t *testing.T) {
	for _, tt := range []struct {
		name  string
		files map[string]string
		err   string // an error New must return
		warn  string // else a warning it must give
	}{
		{"same part number", map[string]string{
			"posts/a.md": post("2026-01-01", "series: s", "series_part: 1"),
			"posts/b.md": post("2026-02-01", "tags: [x]", "series: s", "series_part: 1"),
		}, `content/posts/b.md:6: series_part 1 of series "s" is also the part number of content/posts/a.md: give each part its own number`, ""},
		{"same number as a post not yet published", map[string]string{
			"posts/a.md": post("2026-01-01", "series: s", "series_part: 2"),
			"posts/z.md": post("2027-01-01", "series: s", "series_part: 2"),
		}, `content/posts/z.md:5: series_part 2 of series "s" is also the part number of content/posts/a.md`, ""},
		{"same number in two series is fine", map[string]string{
			"posts/a.md": post("2026-01-01", "series: s", "series_part: 1"),
			"posts/b.md": post("2026-02-01", "series: t", "series_part: 1"),
		}, "", ""},
		{"unnumbered among numbered", map[string]string{
			"posts/a.md": post("2026-01-01", "series: s", "series_part: 1"),
			"posts/b.md": post("2026-02-01", "series: s"),
		}, "", `content/posts/b.md:4: the other parts of series "s" have a series_part and this post has none`},
		{"two titles", map[string]string{
			"posts/a.md": post("2026-01-01", "series: s", "series_part: 1", "series_title: One"),
			"posts/b.md": post("2026-02-01", "series: s", "series_part: 2", "series_title: Two"),
		}, "", `content/posts/b.md:6: series_title "Two" differs from an earlier part's, so the series is named "One"`},
		{"an event in a series", map[string]string{
			"events/e.md": event("2026-12-01 10:00", "2026-12-01 11:00", "series: s"),
		}, "", `content/events/e.md:5: only posts make up a series, so this event is not listed in series "s"`},
		{"part without series", map[string]string{
			"posts/a.md": post("2026-01-01", "series_part: 2"),
		}, "", `content/posts/a.md:4: series_part is ignored without series`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := testSite(t, Options{Now: now}, tt.files)
			switch {
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Fatalf("got error %v; want %q", err, tt.err)
			case tt.err != "":
				return
			case err != nil:
				t.Fatalf("got error %v; want none", err)
			}
			var warns []string
			for _, w := range s.Warnings {
				warns = append(warns, w.Error())
			}
			if tt.warn == "" && len(warns) > 0 || tt.warn != "" && (len(warns) != 1 || !strings.Contains(warns[0], tt.warn)) {
				t.Errorf("got warnings %q; want %q", warns, tt.warn)
			}
		})
	}
}

func TestRelated(t *testing.T) {
	s, err := testSite(t, Options{Now: now}, map[string]string{
		"posts/me.md":       post("2026-06-01", "tags: [a, b]", "regions: [london, north-west]"),
		"posts/two-tags.md": post("2026-01-01", "tags: [a, b]"),                         // 6
		"posts/tag-reg.md":  post("2026-02-01", "tags: [b]", "regions: [london]"),       // 4
		"posts/tag-new.md":  post("2026-05-01", "tags: [a]"),                            // 3, newer
		"posts/tag-old.md":  post("2026-04-01", "tags: [a]"),                            // 3, older
		"posts/tag-eq2.md":  post("2026-04-01", "tags: [b]"),                            // 3, same date as tag-old: file order
		"posts/regs.md":     post("2026-05-20", "regions: [london, north-west]"),        // 2
		"posts/nothing.md":  post("2026-05-30", "tags: [c]", "regions: [national]"),     // 0
		"events/e.md":       event("2026-12-01 10:00", "2026-12-01 11:00", "tags: [a]"), // not a post
	})
	if err != nil {
		t.Fatal(err)
	}
	bySlug := map[string]*Page{}
	for _, p := range s.Posts {
		bySlug[p.Slug] = p
	}
	for _, tt := range []struct{ slug, want string }{
		{"me", "two-tags tag-reg tag-new"},
		{"tag-old", "me tag-new two-tags"}, // 3 each: newest first
		{"regs", "me tag-reg"},             // 2, then 1
		{"nothing", ""},                    // shares nothing
		{"tag-eq2", "me tag-reg two-tags"}, // 3 each
		{"two-tags", "me tag-new tag-eq2"}, // me 6; then 3s, newest first, then by file
	} {
		if got := slugs(bySlug[tt.slug].Related); got != tt.want {
			t.Errorf("%s: got related %q; want %q", tt.slug, got, tt.want)
		}
	}
	if s.Upcoming[0].Related != nil {
		t.Errorf("got related posts on an event")
	}

	// Three posts share a tag (3 each), but a newer one sharing all three
	// regions and no tag scores 3 too, and ranks first.
	s, err = testSite(t, Options{Now: now}, map[string]string{
		"posts/me.md":   post("2026-01-01", "tags: [a]", "regions: [national, london, north-west]"),
		"posts/t1.md":   post("2026-02-01", "tags: [a]"),
		"posts/t2.md":   post("2026-02-02", "tags: [a]"),
		"posts/t3.md":   post("2026-02-03", "tags: [a]"),
		"posts/regs.md": post("2026-03-01", "regions: [national, london, north-west]"),
		"posts/two.md":  post("2026-04-01", "regions: [national, london]"), // 2: too little
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := slugs(s.Posts[len(s.Posts)-1].Related), "regs t3 t2"; got != want {
		t.Errorf("got related %q; want %q", got, want)
	}
}

func TestRelatedIsDeterministic(t *testing.T) {
	// Many posts with equal scores: the order must not depend on workers.
	files := map[string]string{}
	for i := range 1200 {
		files[fmt.Sprintf("posts/p%04d.md", i)] = post(fmt.Sprintf("2026-01-%02d", 1+i%28), fmt.Sprintf("tags: [t%d, all]", i%7))
	}
	var first []string
	for run := range 3 {
		s, err := testSite(t, Options{Now: now}, files)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range s.Posts {
			got = append(got, p.Slug+":"+slugs(p.Related))
		}
		if run == 0 {
			first = got
			continue
		}
		if fmt.Sprint(got) != fmt.Sprint(first) {
			t.Fatalf("run %d: related posts differ from the first run", run)
		}
	}
	// p0000 (tags t0 and all) shares both tags with the t0 posts (score 6),
	// the newest of which are dated the 22nd: p0021, p0049, p0077 …
	want := "p0000:p0021 p0049 p0077"
	if !slices.Contains(first, want) {
		t.Errorf("got no %q among the related posts", want)
	}
}

func TestTermPagination(t *testing.T) {
	// Page size is 2. Each of a term's three lists is paginated, and page N
	// shows the N-th share of each: lists of 0, 1, exactly one page and one
	// more than a page.
	for _, tt := range []struct {
		upcoming, posts, past int
		want                  []string
	}{
		{0, 0, 0, []string{"/regions/london/:"}},
		{0, 1, 0, []string{"/regions/london/:p0"}},
		{0, 2, 0, []string{"/regions/london/:p0 p1"}},
		{0, 3, 0, []string{"/regions/london/:p0 p1", "/regions/london/page/2/:p2"}},
		{1, 0, 0, []string{"/regions/london/:u0"}},
		{0, 0, 3, []string{"/regions/london/:x0 x1", "/regions/london/page/2/:x2"}},
		{3, 2, 1, []string{"/regions/london/:u0 u1 p0 p1 x0", "/regions/london/page/2/:u2"}},
		{1, 5, 3, []string{"/regions/london/:u0 p0 p1 x0 x1", "/regions/london/page/2/:p2 p3 x2", "/regions/london/page/3/:p4"}},
	} {
		t.Run(fmt.Sprint(tt.upcoming, tt.posts, tt.past), func(t *testing.T) {
			files := map[string]string{}
			for i := range tt.posts {
				files[fmt.Sprintf("posts/p%d.md", i)] = post(fmt.Sprintf("2026-01-%02d", 28-i), "regions: [london]")
			}
			for i := range tt.upcoming {
				day := fmt.Sprintf("2026-12-%02d", 1+i)
				files[fmt.Sprintf("events/u%d.md", i)] = event(day+" 10:00", day+" 11:00", "regions: [london]")
			}
			for i := range tt.past {
				day := fmt.Sprintf("2026-10-%02d", 28-i)
				files[fmt.Sprintf("events/x%d.md", i)] = event(day+" 10:00", day+" 11:00", "regions: [london]")
			}
			s, err := testSite(t, Options{Now: now}, files)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for i, p := range pagesAt(s, "/regions/london/") {
				got = append(got, p.Path+":"+slugs(p.Pages))
				// Listing files the same pages in their three groups, each
				// group's slugs starting with its letter.
				l := p.Listing()
				for _, g := range []struct {
					letter string
					pages  []*Page
				}{{"u", l.Upcoming}, {"p", l.Posts}, {"x", l.Past}} {
					for _, q := range g.pages {
						if !strings.HasPrefix(q.Slug, g.letter) {
							t.Errorf("%s: Listing files %s with the %s… pages", p.Path, q.Slug, g.letter)
						}
					}
				}
				if all := slices.Concat(l.Upcoming, l.Posts, l.Past); slugs(all) != slugs(p.Pages) {
					t.Errorf("%s: Listing holds %q; want .Pages, %q", p.Path, slugs(all), slugs(p.Pages))
				}
				pg := p.Pager
				if pg.Number != i+1 || pg.Total != len(tt.want) || (i == 0) != (pg.Prev == "") || (i == len(tt.want)-1) != (pg.Next == "") {
					t.Errorf("%s: got page %d of %d, prev %q, next %q", p.Path, pg.Number, pg.Total, pg.Prev, pg.Next)
				}
				if i == 1 && pg.Prev != "/network/regions/london/" {
					t.Errorf("got page 2's prev %q; want the region's URL itself", pg.Prev)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %q; want %q", got, tt.want)
			}
		})
	}
}

func TestListIntroductions(t *testing.T) {
	s, err := testSite(t, Options{Now: now}, map[string]string{
		"regions/london/_index.md": "---\ntitle: London network\nsummary: Our region.\n---\nWelcome.",
		"regions/_index.md":        "---\ntitle: Our regions\n---\nAll of them.",
		"tags/nowhere/_index.md":   "---\ntitle: Nowhere\n---\nNo such tag.",
		"posts/a.md":               post("2026-01-01", "regions: [london]"),
	})
	if err != nil {
		t.Fatal(err)
	}
	ldn := s.Regions[1]
	if ldn.Key != "london" || ldn.Page.Title != "London network" || ldn.Page.SummaryText != "Our region." || ldn.Page.File != "content/regions/london/_index.md" || ldn.Page.Kind != KindTerm {
		t.Errorf("got London's page %q %q from %q; want the _index.md's title and summary", ldn.Page.Title, ldn.Page.SummaryText, ldn.Page.File)
	}
	if tax := pagesAt(s, "/regions/")[0]; tax.Title != "Our regions" || tax.Kind != KindTaxonomy {
		t.Errorf("got /regions/ titled %q (%s); want Our regions", tax.Title, tax.Kind)
	}
	if nw := s.Regions[2]; nw.Page.Title != "North West" {
		t.Errorf("got %q; want the region's name when there is no _index.md", nw.Page.Title)
	}
	if len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0].Error(), "content/tags/nowhere/_index.md:1: plexus makes no list page at /tags/nowhere/") {
		t.Errorf("got warnings %v; want one about the tag page that does not exist", s.Warnings)
	}
}

func TestGeneratedURLTaken(t *testing.T) {
	// With one post and with enough for a second pager page, whose first
	// page is the one that loses its URL.
	for _, posts := range []int{1, 25} {
		files := map[string]string{"tags/back-pain.md": "---\ntitle: My page\n---\nx"}
		for i := range posts {
			files[fmt.Sprintf("posts/p%02d.md", i)] = post("2026-01-01", "tags: [Back pain]")
		}
		_, err := testSite(t, Options{Now: now}, files)
		if err == nil || !strings.Contains(err.Error(), `content/tags/back-pain.md:1: this page and the term page "Back pain" both have the URL /tags/back-pain/`) {
			t.Errorf("%d posts: got %v; want an error on the content file naming the tag page", posts, err)
		}
	}
	// The error is on the frontmatter's first line, whatever its keys' order.
	_, err := testSite(t, Options{Now: now}, map[string]string{
		"tags/back-pain.md": "\n\n---\ndate: 2026-01-01\ntitle: My page\n---\nx",
		"posts/a.md":        post("2026-01-01", "tags: [Back pain]"),
	})
	if err == nil || !strings.Contains(err.Error(), "content/tags/back-pain.md:3: this page") {
		t.Errorf("got %v; want the error on line 3, the frontmatter's opening line", err)
	}
}

// BenchmarkNew builds the graph of a site the size of the benchmark corpus
// (../shared/bench): 10,000 posts and 2,000 events in 7 regions, with 1–4 of
// 30 tags each.
func BenchmarkNew(b *testing.B) {
	regions := []string{"north-east-and-yorkshire", "north-west", "midlands", "east-of-england", "london", "south-east", "south-west"}
	src := "title = \"Bench\"\n[network]\nnational = \"north-west\"\nnational_on_regions = true\n"
	for _, r := range regions {
		src += "[regions." + r + "]\n"
	}
	cfg, err := config.Parse([]byte(src))
	if err != nil {
		b.Fatal(err)
	}
	var decoded []*Page
	for i := range 12000 {
		tags := make([]string, 1+i%4)
		for j := range tags {
			tags[j] = fmt.Sprintf("topic %d", (i*7+j*11)%30)
		}
		front := fmt.Sprintf("title: P%d\ndate: 2026-%02d-%02d\nregions: [%s, %s]\ntags: [%s]\n",
			i, 1+i%10, 1+i%28, regions[i%7], regions[(i/7)%7], strings.Join(tags, ", "))
		path := fmt.Sprintf("posts/p%05d.md", i)
		if i >= 10000 {
			path = fmt.Sprintf("events/e%05d.md", i)
			front += fmt.Sprintf("start: 2026-%02d-%02d 10:00\n", 1+i%12, 1+i%28)
		}
		f, err := content.Parse(path, []byte("---\n"+front+"---\nBody.\n"))
		if err != nil {
			b.Fatal(err)
		}
		p, err := Decode(cfg, f)
		if err != nil {
			b.Fatal(err)
		}
		decoded = append(decoded, p)
	}
	pages := make([]*Page, len(decoded))
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		for i, p := range decoded {
			cp := *p
			pages[i] = &cp
		}
		b.StartTimer()
		if _, err := New(cfg, Options{Now: now}, pages); err != nil {
			b.Fatal(err)
		}
	}
}

// A post that shares one topic less than others can tie with them by
// sharing every region, and then ranks by its place: the short cut through
// the posts with all topics but one must not stop at them.
func TestRelatedRegionsTieWithATopic(t *testing.T) {
	a, b, c := &Tag{Key: "a"}, &Tag{Key: "b"}, &Tag{Key: "c"}
	regions := []*Region{{Key: "r1"}, {Key: "r2"}, {Key: "r3"}}
	post := func(slug string, tags []*Tag, regions []*Region) *Page {
		return &Page{Slug: slug, Tags: tags, Regions: regions}
	}
	posts := []*Page{ // newest first
		post("p", []*Tag{a, b, c}, regions),
		post("y", []*Tag{a}, regions),        // 3 + 3
		post("x1", []*Tag{a, b}, nil),        // 6
		post("x2", []*Tag{b, a}, nil),        // 6
		post("x3", []*Tag{a, b}, nil),        // 6
		post("z", []*Tag{a, b}, regions[:1]), // 7, but older
	}
	relate(posts, regions)
	if got, want := slugs(posts[0].Related), "z y x1"; got != want {
		t.Errorf("related to p: %s; want %s", got, want)
	}
}

// TestRelatedMatchesBruteForce checks the indexed scoring against scoring
// every pair, on posts with few and many tags and regions (so that the
// short cuts, all topics shared and tiers cut off, and the region lists
// are all used).
func TestRelatedMatchesBruteForce(t *testing.T) {
	// Few topics make large groups of posts with the same ones (allTopics),
	// more make small groups that posts with all of a post's topics but
	// one can outrank (nearTopics), and many leave most posts to tiered.
	// Posts with more than pairTopics topics are read with every pair's
	// groups.
	for _, c := range []struct{ tagPool, maxTags int }{
		{3, 3}, {12, 3}, {150, 3}, {1000, 3}, {7, 5}, {12, 5}, {30, 5}, {14, 12}, {40, 12},
	} {
		t.Run(fmt.Sprint(c.tagPool, "x", c.maxTags), func(t *testing.T) {
			relatedMatchesBruteForce(t, c.tagPool, c.maxTags)
		})
	}
}

func relatedMatchesBruteForce(t *testing.T, tagPool, maxTags int) {
	cfg := testCfg(t)
	regionKeys := []string{"national", "london", "north-west"}
	var pages []*Page
	seed := uint32(7)
	rnd := func(n int) int { seed = seed*1664525 + 1013904223; return int(seed>>16) % n }
	for i := range 400 {
		var tags, regs []string
		for range rnd(maxTags + 1) {
			tags = append(tags, fmt.Sprintf("t%d", rnd(tagPool)))
		}
		for range rnd(4) {
			regs = append(regs, regionKeys[rnd(3)])
		}
		src := post(fmt.Sprintf("2026-%02d-%02d", 1+rnd(10), 1+rnd(28)),
			"tags: ["+strings.Join(tags, ", ")+"]", "regions: ["+strings.Join(regs, ", ")+"]")
		f, err := content.Parse(fmt.Sprintf("posts/p%03d.md", i), []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		p, err := Decode(cfg, f)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, p)
	}
	s, err := New(cfg, Options{Now: now}, pages)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range s.Posts {
		type cand struct{ score, index int }
		var cands []cand
		for j, q := range s.Posts {
			score := 0
			for _, tg := range p.Tags {
				if slices.Contains(q.Tags, tg) {
					score += tagWeight
				}
			}
			for _, r := range p.Regions {
				if slices.Contains(q.Regions, r) {
					score += regionWeight
				}
			}
			if j != i && score > 0 {
				cands = append(cands, cand{score, j})
			}
		}
		slices.SortFunc(cands, func(a, b cand) int { return cmp.Or(b.score-a.score, a.index-b.index) })
		var want []*Page
		for _, c := range cands[:min(3, len(cands))] {
			want = append(want, s.Posts[c.index])
		}
		if slugs(p.Related) != slugs(want) {
			t.Errorf("%s: got related %q; want %q", p.Slug, slugs(p.Related), slugs(want))
		}
	}
}

func TestPermalinkPatterns(t *testing.T) {
	cfg, err := config.Parse([]byte(testConfig + "[permalinks]\nposts = \"/:year/:month/:day/:slug/\"\nevents = \"/:section/:year/:slug/\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(cfg, Options{Now: now}, []*Page{
		page(t, cfg, "posts/a.md", post("2026-03-07")),
		page(t, cfg, "events/e.md", "---\ntitle: E\ndate: 2025-12-01\nstart: 2026-12-01\n---\n"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s.Posts[0].Path, "/2026/03/07/a/"; got != want {
		t.Errorf("got %q; want %q", got, want)
	}
	if got, want := s.Upcoming[0].Path, "/events/2025/e/"; got != want {
		t.Errorf("got %q; want %q", got, want)
	}
}

func TestContactURL(t *testing.T) {
	for _, tt := range []struct{ contact, want string }{
		{"", ""},
		{"london@example.org", "mailto:london@example.org"},
		{"mailto:london@example.org", "mailto:london@example.org"},
		{"https://example.org/contact", "https://example.org/contact"},
	} {
		if got := (&Region{Contact: tt.contact}).ContactURL(); got != tt.want {
			t.Errorf("ContactURL of %q: got %q; want %q", tt.contact, got, tt.want)
		}
	}
}

// TestClone: New fills in the pages it is given; a page decoded once and
// cloned for each site made of it must come out of New as it went in.
func TestClone(t *testing.T) {
	cfg := testCfg(t)
	files := map[string]string{
		"posts/a.md":               post("2026-01-01", "author: ada", "regions: [london]", "tags: [Knee]", "series: Care", "series_part: 1"),
		"posts/b.md":               post("2026-02-01", "author: ada", "regions: [london]", "tags: [Knee]", "series: Care", "series_part: 2"),
		"events/e.md":              event("2026-12-01 10:00", "2026-12-01 12:00", "regions: [london]", "author: ada"),
		"authors/ada.md":           "---\ntitle: Ada\nphoto: ada.jpg\nphoto_alt: Ada\n---\nBio.\n",
		"regions/london/_index.md": "---\ntitle: London\n---\n",
	}
	// Each file decoded twice: the pages that are cloned, and the same
	// pages again, which nothing shares with them.
	var decoded, before []*Page
	for path, src := range files {
		decoded = append(decoded, page(t, cfg, path, src))
		before = append(before, page(t, cfg, path, src))
	}
	for range 2 {
		var clones []*Page
		for _, p := range decoded {
			clones = append(clones, p.Clone())
		}
		if _, err := New(cfg, Options{Now: now}, clones); err != nil {
			t.Fatal(err)
		}
	}
	for i, p := range decoded {
		if !reflect.DeepEqual(p, before[i]) {
			t.Errorf("%s changed when a site was made of its clones", p.File)
		}
	}
}

// TestNewest: newest picks the n newest pages of lists as sorting them all
// and taking the first n would.
func TestNewest(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for round := range 50 {
		var lists [][]*Page
		var all []*Page
		for l := range 3 {
			var list []*Page
			for i := range rng.IntN(40) {
				p := &Page{File: fmt.Sprintf("content/%d/%d-%d.md", round, l, i), Date: day.AddDate(0, 0, rng.IntN(10))}
				if rng.IntN(4) == 0 { // an event without a date: its start
					p.Date, p.Event = time.Time{}, &Event{Start: day.AddDate(0, 0, rng.IntN(10))}
				}
				list = append(list, p)
			}
			lists = append(lists, list)
			all = append(all, list...)
		}
		slices.SortStableFunc(all, func(a, b *Page) int {
			return cmp.Or(PublishedAt(b).Compare(PublishedAt(a)), cmp.Compare(a.File, b.File))
		})
		for _, n := range []int{0, 1, 5, 20, 200} {
			want := all
			if n > 0 && len(want) > n {
				want = want[:n]
			}
			if got := newest(n, lists...); !slices.Equal(got, want) {
				t.Fatalf("round %d, n %d: got %d pages, not the %d newest in order", round, n, len(got), len(want))
			}
		}
	}
}
