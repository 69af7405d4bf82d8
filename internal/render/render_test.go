package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"plexus/internal/config"
	"plexus/internal/site"
)

func testSite(t *testing.T, pages ...*site.Page) *site.Site {
	t.Helper()
	cfg, err := config.Parse([]byte("title = \"Net\"\nbaseURL = \"https://example.org/sub/\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := site.New(cfg, site.Options{Now: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)}, pages)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var theme = fstest.MapFS{
	"_default/baseof.html":   {Data: []byte(`<title>{{block "title" .}}{{.Site.Title}}{{end}}</title>{{template "partials/nav.html" .}}{{block "main" .}}{{end}}`)},
	"_default/single.html":   {Data: []byte(`{{define "main"}}default single {{.Title}}{{end}}`)},
	"_default/list.html":     {Data: []byte(`{{define "main"}}default list {{.Title}} {{len .Pages}}{{end}}`)},
	"partials/nav.html":      {Data: []byte(`[theme nav]`)},
	"posts/single.html":      {Data: []byte(`{{define "main"}}theme post {{.Title}}{{end}}`)},
	"404.html":               {Data: []byte(`standalone 404 {{relURL "/"}}`)},
	"events/README.txt":      {Data: []byte(`not a template`)},
	"partials/.hidden.html~": {Data: []byte(`{{ broken`)},
}

func renderAll(t *testing.T, s *site.Site, layouts fstest.MapFS) map[string]string {
	t.Helper()
	var lfs any = layouts
	if layouts == nil {
		lfs = nil
	}
	opts := Options{Site: s, Theme: theme}
	if lfs != nil {
		opts.Layouts = layouts
	}
	r, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	got := map[string]string{}
	err = r.Render(context.Background(), func(path string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		got[path] = string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The preview server's way, a file at a time, makes the same files.
	outputs := r.Outputs()
	if len(outputs) != len(got) {
		t.Errorf("Outputs lists %d files; Render made %d", len(outputs), len(got))
	}
	for _, path := range outputs {
		var buf bytes.Buffer
		ok, err := r.File(&buf, path)
		if !ok || err != nil || buf.String() != got[path] {
			t.Errorf("File(%q) = %v, %v, %q; Render made %q", path, ok, err, buf.String(), got[path])
		}
	}
	if ok, _ := r.File(new(bytes.Buffer), "no/such/index.html"); ok {
		t.Error("File made a file Render does not make")
	}
	return got
}

func posts() []*site.Page {
	return []*site.Page{
		{Kind: site.KindPost, Section: "posts", File: "content/posts/a.md", Title: "A", Slug: "a", Params: map[string]any{}, Date: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)},
		{Kind: site.KindPage, File: "content/about.md", Title: "About", Slug: "about", Params: map[string]any{}},
	}
}

func TestLookupAndOverride(t *testing.T) {
	got := renderAll(t, testSite(t, posts()...), nil)
	want := map[string]string{
		"posts/a/index.html": "<title>Net</title>[theme nav]theme post A",
		"about/index.html":   "<title>Net</title>[theme nav]default single About",
		"index.html":         "<title>Net</title>[theme nav]default list Net 1",
		"posts/index.html":   "<title>Net</title>[theme nav]default list Posts 1",
		"404.html":           "standalone 404 /sub/",
	}
	for path, w := range want {
		if got[path] != w {
			t.Errorf("%s: got %q; want %q", path, got[path], w)
		}
	}

	// The site's layouts replace the theme's file by file.
	got = renderAll(t, testSite(t, posts()...), fstest.MapFS{
		"partials/nav.html": {Data: []byte(`[site nav]`)},
		"index.html":        {Data: []byte(`{{define "title"}}Home{{end}}{{define "main"}}site home{{end}}`)},
	})
	want = map[string]string{
		"posts/a/index.html": "<title>Net</title>[site nav]theme post A",
		"index.html":         "<title>Home</title>[site nav]site home",
	}
	for path, w := range want {
		if got[path] != w {
			t.Errorf("with site layouts, %s: got %q; want %q", path, got[path], w)
		}
	}
}

func TestTemplateErrors(t *testing.T) {
	tests := []struct {
		name    string
		layouts fstest.MapFS
		want    string
	}{
		{"parse error", fstest.MapFS{"posts/single.html": {Data: []byte("{{define \"main\"}}\n\n{{.Title}\n{{end}}")}},
			"layouts/posts/single.html:3: bad character U+007D"},
		{"exec error", fstest.MapFS{"posts/single.html": {Data: []byte("{{define \"main\"}}\n{{.Nope}}{{end}}")}},
			"layouts/posts/single.html:2: executing \"main\" at <.Nope>: can't evaluate field Nope"},
		{"bad where field", fstest.MapFS{"posts/single.html": {Data: []byte("{{define \"main\"}}{{where .Site.Posts \"Colour\" 1}}{{end}}")}},
			`cannot filter by "Colour"`},
	}
	// Minified layouts lose their lines; errors name the lines written.
	oneLine := func(text string) (string, error) { return strings.ReplaceAll(text, "\n", ""), nil }
	for _, tt := range tests {
		for _, minify := range []func(string) (string, error){nil, oneLine} {
			t.Run(fmt.Sprintf("%s, minified %t", tt.name, minify != nil), func(t *testing.T) {
				s := testSite(t, posts()...)
				r, err := New(Options{Site: s, Theme: theme, Layouts: tt.layouts, MinifyLayout: minify})
				if err == nil {
					err = r.Render(context.Background(), func(string, []byte) error { return nil })
				}
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("got %v; want an error containing %q", err, tt.want)
				}
				if tt.name == "exec error" && !strings.Contains(err.Error(), "(rendering content/posts/a.md)") {
					t.Errorf("got %v; want it to name the page", err)
				}
			})
		}
	}
}

// TestMinifyLayout: pages render through the layouts MinifyLayout gives,
// or through the layout as written where it gives an error or a layout
// that does not parse.
func TestMinifyLayout(t *testing.T) {
	const layout = "{{define \"main\"}}\n<p>{{.Title}}</p>\n{{end}}"
	for _, tt := range []struct {
		name   string
		minify func(string) (string, error)
		want   string
	}{
		{"minified", func(s string) (string, error) { return strings.ReplaceAll(s, "\n", ""), nil }, "[theme nav]<p>A</p>"},
		{"an error", func(s string) (string, error) { return "", errors.New("no") }, "[theme nav]\n<p>A</p>\n"},
		{"not a template", func(s string) (string, error) { return s + "{{", nil }, "[theme nav]\n<p>A</p>\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			layouts := fstest.MapFS{"posts/single.html": {Data: []byte(layout)}}
			r, err := New(Options{Site: testSite(t, posts()...), Theme: theme, Layouts: layouts, MinifyLayout: tt.minify})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := r.Page(&buf, r.opts.Site.Posts[0]); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(buf.String(), tt.want) {
				t.Errorf("got\n%s\nwant it to hold %q", buf.String(), tt.want)
			}
		})
	}
}

func TestMissingLayout(t *testing.T) {
	s := testSite(t, posts()...)
	r, err := New(Options{Site: s, Theme: fstest.MapFS{"index.html": {Data: []byte("home")}}})
	if err != nil {
		t.Fatal(err)
	}
	err = r.Render(context.Background(), func(string, []byte) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "no layout for this") || !strings.Contains(err.Error(), "layouts/_default/single.html") {
		t.Errorf("got %v; want a missing-layout error naming the files to add", err)
	}
}

func TestEscaping(t *testing.T) {
	p := &site.Page{Kind: site.KindPost, Section: "posts", File: "content/posts/x.md", Slug: "x", Params: map[string]any{}, Date: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC),
		Title: `</title><script>alert("x")</script> & "q"`}
	s := testSite(t, p)
	got := renderAll(t, s, fstest.MapFS{"posts/single.html": {Data: []byte(`<h1>{{.Title}}</h1><a title="{{.Title}}" href="/?q={{.Title}}">x</a>`)}})
	out := got["posts/x/index.html"]
	if strings.Contains(out, "<script>") || strings.Contains(out, `"q"`) {
		t.Errorf("title not escaped: %s", out)
	}
}

func TestEventWhen(t *testing.T) {
	london, _ := time.LoadLocation("Europe/London")
	d := func(y int, m time.Month, day, h, min int) time.Time {
		return time.Date(y, m, day, h, min, 0, 0, london)
	}
	tests := []struct {
		e    site.Event
		want string
	}{
		{site.Event{Start: d(2026, 12, 1, 14, 0), End: d(2026, 12, 1, 15, 30)}, "Tuesday 1 December 2026, 14:00–15:30 GMT"},
		{site.Event{Start: d(2026, 6, 2, 9, 0), End: d(2026, 6, 2, 10, 0)}, "Tuesday 2 June 2026, 09:00–10:00 BST"},
		{site.Event{Start: d(2026, 12, 1, 0, 0), End: d(2026, 12, 2, 0, 0), AllDay: true}, "Tuesday 1 December 2026"},
		{site.Event{Start: d(2027, 3, 10, 0, 0), End: d(2027, 3, 12, 0, 0), AllDay: true}, "Wednesday 10 – Thursday 11 March 2027"},
		{site.Event{Start: d(2027, 3, 31, 0, 0), End: d(2027, 4, 2, 0, 0), AllDay: true}, "Wednesday 31 March – Thursday 1 April 2027"},
		{site.Event{Start: d(2026, 12, 31, 0, 0), End: d(2027, 1, 2, 0, 0), AllDay: true}, "Thursday 31 December 2026 – Friday 1 January 2027"},
		{site.Event{Start: d(2027, 3, 10, 9, 0), End: d(2027, 3, 11, 17, 0)}, "Wednesday 10 March 2027, 09:00 – Thursday 11 March 2027, 17:00 GMT"},
	}
	for _, tt := range tests {
		if got := EventWhen(&tt.e); got != tt.want {
			t.Errorf("got %q; want %q", got, tt.want)
		}
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		n        int
		in, want string
	}{
		{20, "short", "short"},
		{11, "hello there world", "hello there…"},
		{10, "hello there world", "hello…"},
		{12, "hello there, world", "hello there…"},
		{5, "unbreakable", "unbre…"},
		{4, "héllo wörld", "héll…"},
	}
	for _, tt := range tests {
		if got := truncate(tt.n, tt.in); got != tt.want {
			t.Errorf("truncate(%d, %q): got %q; want %q", tt.n, tt.in, got, tt.want)
		}
	}
}

func TestWhereAndSort(t *testing.T) {
	nw := &site.Region{Key: "north-west"}
	pages := []*site.Page{
		{Title: "b", Slug: "b", Regions: []*site.Region{nw}, Author: &site.Author{Key: "amara", Name: "Amara"}},
		{Title: "A", Slug: "a", Tags: []*site.Tag{{Key: "back-pain"}}, Author: &site.Author{Name: "Guest"}, Series: &site.Series{Key: "care-models"}},
	}
	for _, tt := range []struct {
		field string
		value any
		want  string
	}{
		{"Region", "north-west", "b"}, {"Tag", "Back Pain", "a"}, {"Author", "amara", "b"}, {"Author", "Guest", "a"}, {"Slug", "a", "a"}, {"Region", "london", ""},
		{"Series", "Care Models", "a"}, {"Series", "other", ""},
	} {
		got, err := where(pages, tt.field, tt.value)
		if err != nil {
			t.Fatal(err)
		}
		var s []string
		for _, p := range got {
			s = append(s, p.Slug)
		}
		if strings.Join(s, " ") != tt.want {
			t.Errorf("where %s %v: got %q; want %q", tt.field, tt.value, s, tt.want)
		}
	}
	sorted, _ := sortBy(pages, "Title")
	if sorted[0].Slug != "a" || pages[0].Slug != "b" {
		t.Errorf("sortBy Title: got %s first (input changed: %v); want a, input unchanged", sorted[0].Slug, pages[0].Slug != "b")
	}
	if got := first(5, pages); len(got) != 2 {
		t.Errorf("first 5 of 2: got %d", len(got))
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	for _, buf := range []*bytes.Buffer{&a, &b} {
		got := renderAll(t, testSite(t, posts()...), nil)
		for _, k := range []string{"index.html", "posts/a/index.html", "about/index.html"} {
			buf.WriteString(got[k])
		}
	}
	if a.String() != b.String() {
		t.Error("two renders differ")
	}
}

func TestTaxonomyLookup(t *testing.T) {
	cfg, err := config.Parse([]byte("title = \"Net\"\n[regions.london]\nname = \"London\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	p := &site.Page{Kind: site.KindPost, Section: "posts", File: "content/posts/a.md", Title: "A", Slug: "a", Params: map[string]any{}, Date: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)}
	s, err := site.New(cfg, site.Options{Now: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)}, []*site.Page{p})
	if err != nil {
		t.Fatal(err)
	}
	// With only the theme's _default/list.html, every taxonomy and term
	// page falls back to it.
	got := renderAll(t, s, nil)
	for _, path := range []string{"regions/index.html", "regions/london/index.html", "tags/index.html", "series/index.html"} {
		if !strings.Contains(got[path], "default list") {
			t.Errorf("%s: got %q; want the list fallback", path, got[path])
		}
	}
	got = renderAll(t, s, fstest.MapFS{
		"_default/taxonomy.html": {Data: []byte(`taxonomy {{.Section}} {{len .Pages}}`)},
		"_default/term.html":     {Data: []byte(`term {{.Title}}`)},
		"regions/term.html":      {Data: []byte(`region {{.Region.Name}} {{.Region.Count}}`)},
	})
	for path, want := range map[string]string{
		"regions/index.html":        "taxonomy regions 1",
		"regions/london/index.html": "region London 0",
		"tags/index.html":           "taxonomy tags 0",
		"series/index.html":         "taxonomy series 0",
	} {
		if got[path] != want {
			t.Errorf("%s: got %q; want %q", path, got[path], want)
		}
	}
}

func TestPlural(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{{0, "0 posts"}, {1, "1 post"}, {2, "2 posts"}} {
		if got := plural(tt.n, "post", "posts"); got != tt.want {
			t.Errorf("plural(%d): got %q; want %q", tt.n, got, tt.want)
		}
	}
}

// TestFeedItemImage: a feed item's image is absolute, whether the page
// names it by a site path or by another site's URL.
func TestFeedItemImage(t *testing.T) {
	pages := posts()
	pages[0].Image = "https://cdn.example.org/pics/a.png?w=640"
	b := *pages[0]
	b.File, b.Title, b.Slug, b.Image = "content/posts/b.md", "B", "b", "/posts/b/chart%20one.png"
	got := renderAll(t, testSite(t, append(pages, &b)...), nil)["feed.json"]
	for _, want := range []string{`"image":"https://cdn.example.org/pics/a.png?w=640"`, `"image":"https://example.org/sub/posts/b/chart%20one.png"`} {
		if !strings.Contains(strings.ReplaceAll(got, " ", ""), want) {
			t.Errorf("feed.json lacks %s:\n%s", want, got)
		}
	}
}

// TestPartialCachedHolds: the cache holds as many outputs as its budget
// allows, dropping the oldest first; a page whose output was dropped gets it
// rendered again.
func TestPartialCachedHolds(t *testing.T) {
	const pages = 70
	var ps []*site.Page
	for i := range pages {
		ps = append(ps, &site.Page{Kind: site.KindPost, Section: "posts", File: fmt.Sprintf("content/posts/p%03d.md", i),
			Title: fmt.Sprintf("P%03d", i), Slug: fmt.Sprint("p", i), Params: map[string]any{}, Date: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)})
	}
	run := func(held int) (changed int) {
		for _, p := range ps {
			p.Title = strings.TrimSuffix(p.Title, " (changed)")
		}
		s := testSite(t, ps...)
		r, err := New(Options{Site: s, Theme: theme, Layouts: fstest.MapFS{
			"posts/single.html":  {Data: []byte(`{{define "main"}}{{partialCached "partials/card.html" .}}{{end}}`)},
			"partials/card.html": {Data: []byte(`card {{.Title}}`)},
		}})
		if err != nil {
			t.Fatal(err)
		}
		r.cached.budget = int64(held * len("card P000")) // every card is as long
		for round := range 2 {
			for _, p := range s.Posts {
				var buf bytes.Buffer
				if err := r.Page(&buf, p); err != nil {
					t.Fatal(err)
				}
				if round == 1 && strings.HasSuffix(buf.String(), " (changed)") {
					changed++
				}
				if want := "card " + strings.TrimSuffix(p.Title, " (changed)"); !strings.Contains(buf.String(), want) {
					t.Errorf("round %d: page %q; want it to show %q", round, buf.String(), want)
				}
				if round == 0 {
					p.Title += " (changed)" // the second round shows what was cached
				}
			}
		}
		return changed
	}
	if got := run(pages); got != 0 {
		t.Errorf("budget for every output: %d pages rendered again; want none", got)
	}
	// Oldest first: the six dropped while the first round went on are
	// rendered again, each dropping the oldest held then, and so on round.
	if got := run(pages - 6); got != pages {
		t.Errorf("budget for all but six: %d pages rendered again; want all %d", got, pages)
	}
	if got := run(0); got != pages {
		t.Errorf("no budget: %d pages rendered again; want all %d", got, pages)
	}
}

func TestPartialCached(t *testing.T) {
	s := testSite(t, posts()...)
	r, err := New(Options{Site: s, Theme: theme, Layouts: fstest.MapFS{
		"posts/single.html": {Data: []byte(`{{define "main"}}` +
			`{{partialCached "partials/card.html" .}}|{{partialCached "partials/tag.html" .}}|` +
			`{{partialCached "partials/card.html" .Site.Home}}|{{partialCached "partials/empty.html" .}}{{end}}`)},
		"partials/card.html":  {Data: []byte(`card {{.Title}}`)},
		"partials/tag.html":   {Data: []byte(`tag {{.Title}}`)},
		"partials/empty.html": {Data: []byte(`{{/* nothing */}}`)},
	}})
	if err != nil {
		t.Fatal(err)
	}
	post := s.Posts[0]
	render := func(want string) {
		t.Helper()
		var buf bytes.Buffer
		if err := r.Page(&buf, post); err != nil {
			t.Fatal(err)
		}
		if got := buf.String(); !strings.HasSuffix(got, want) {
			t.Errorf("page %q; want it to end %q", got, want)
		}
	}
	render("card A|tag A|card Net|")
	post.Title = "Changed"
	render("card A|tag A|card Net|") // as cached
	r.Forget()
	render("card Changed|tag Changed|card Net|")

	// A partial that does not exist fails every time, not only the first.
	r, err = New(Options{Site: s, Theme: theme, Layouts: fstest.MapFS{
		"posts/single.html": {Data: []byte(`{{define "main"}}{{partialCached "partials/none.html" .}}{{end}}`)},
	}})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := r.Page(new(bytes.Buffer), post); err == nil || !strings.Contains(err.Error(), `no template "partials/none.html"`) {
			t.Errorf("got %v; want no template", err)
		}
	}
}

// TestRenderOrder: the pages that list posts or events come first, by the
// newest of what they list, ties and the other pages in their own order.
func TestRenderOrder(t *testing.T) {
	day := func(d int) *site.Page {
		return &site.Page{Kind: site.KindPost, Date: time.Date(2026, 1, d, 0, 0, 0, 0, time.UTC)}
	}
	lists := func(ps ...*site.Page) *site.Page { return &site.Page{Kind: site.KindSection, Pages: ps} }
	pages := []*site.Page{
		lists(day(1), day(5)),
		day(9), // lists nothing: after every list, however new
		lists(day(3)),
		lists(day(2), day(5)), // as new as the first: after it
		lists(),
		{Kind: site.KindEvent, Event: &site.Event{Start: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)}},
		lists(&site.Page{Kind: site.KindEvent, Event: &site.Event{Start: time.Date(2026, 1, 4, 0, 0, 0, 0, time.UTC)}}),
	}
	if got, want := renderOrder(pages), []int{0, 3, 6, 2, 1, 4, 5}; !slices.Equal(got, want) {
		t.Errorf("got %v; want %v", got, want)
	}
}
