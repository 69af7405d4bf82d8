package site

import (
	"fmt"
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
	if fmt.Sprint(p.regionKeys) != "[london]" || len(p.tagNames) != 3 {
		t.Errorf("got regions %v tags %v", p.regionKeys, p.tagNames)
	}
}

func TestUnknownKeyWarning(t *testing.T) {
	p := page(t, testCfg(t), "posts/a.md", "---\ntitle: A\ndate: 2026-01-01\nregoins: [london]\n---\n")
	if len(p.warnings) != 1 || !strings.Contains(p.warnings[0].Error(), `a.md:4: unknown key "regoins"`) ||
		!strings.Contains(p.warnings[0].Error(), `did you mean "regions"?`) {
		t.Errorf("got warnings %v; want one about regoins on line 4", p.warnings)
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
