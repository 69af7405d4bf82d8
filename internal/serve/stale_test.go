package serve

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestNeverStale makes the edits writers make, one after another, and
// checks after each rebuild that every page, list, index, feed and
// calendar showing the change is current.
func TestNeverStale(t *testing.T) {
	src := copySite(t)
	s := testServer(t, src)
	posts := filepath.Join(src, "content", "posts")
	read := func(rel string) string { return body(s, "/"+rel) }
	var mtime = time.Now()
	var touched []string
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(posts, name)
		touched = append(touched, p)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		// Saves in one test run can share a clock tick; a writer's are
		// seconds apart.
		mtime = mtime.Add(time.Second)
		os.Chtimes(p, mtime, mtime)
	}
	edit := func(name, old, new string) {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(posts, name))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), old) {
			t.Fatalf("%s does not contain %q", name, old)
		}
		write(name, strings.Replace(string(b), old, new, 1))
	}
	// rebuild publishes the changes as the watcher reports them: the files
	// touched since the last rebuild.
	rebuild := func() {
		t.Helper()
		s.rebuild(context.Background(), touched)
		touched = nil
		if s.failure != "" {
			t.Fatal(s.failure)
		}
	}
	type check struct {
		file string
		re   string // a regular expression the file must (or, with !, must not) match
	}
	expect := func(step string, checks ...check) {
		t.Helper()
		for _, c := range checks {
			want := !strings.HasPrefix(c.re, "!")
			re := regexp.MustCompile(strings.TrimPrefix(c.re, "!"))
			if got := re.MatchString(read(c.file)); got != want {
				t.Errorf("%s: %s matches %q: %v; want %v", step, c.file, c.re, got, want)
			}
		}
	}

	// An edit of the body alone changes the page in place, without
	// building the site graph again.
	var log strings.Builder
	s.opts.Log = &log
	edit("first.md", "More text", "A sentence added while writing. More text")
	rebuild()
	if !strings.HasPrefix(log.String(), "updated 1 page in place") {
		t.Errorf("got %q; want the one page updated in place", log.String())
	}
	expect("body edited",
		check{"posts/first/index.html", "A sentence added while writing"},
		check{"feed.xml", "A sentence added while writing"},
		check{"regions/london/feed.xml", "A sentence added while writing"},
		check{"authors/ada/feed.xml", "A sentence added while writing"},
	)

	// An edit of the first paragraph changes the summary that lists show.
	log.Reset()
	edit("first.md", "The first paragraph,", "The opening paragraph,")
	rebuild()
	if !regexp.MustCompile(`^loaded \d\d+ pages`).MatchString(log.String()) {
		t.Errorf("got %q; want the site loaded again", log.String())
	}
	expect("summary edited",
		check{"posts/first/index.html", "The opening paragraph"},
		check{"regions/london/index.html", "The opening paragraph"},
		check{"tags/back-pain/index.html", "The opening paragraph"},
	)

	edit("first.md", `title: "First post: <script>alert('x')</script> & more"`, `title: "Renamed in place"`)
	rebuild()
	expect("title edited",
		check{"posts/first/index.html", "<h1>Renamed in place</h1>"},
		check{"regions/london/index.html", "Renamed in place"},
		check{"tags/back-pain/index.html", "Renamed in place"},
		check{"authors/ada/feed.xml", "<title>Renamed in place</title>"},
		check{"feed.xml", "<title>Renamed in place</title>"},
		check{"regions/london/feed.xml", "<title>Renamed in place</title>"},
		check{"sitemap.xml", "posts/first/"},
		check{"posts/index.html", "!First post"},
	)

	edit("first.md", "date: 2026-01-10 09:00", "date: 2026-11-20 09:00")
	rebuild()
	expect("date changed: now the newest post",
		check{"index.html", "(?s)Latest posts.*?Renamed in place"},
		check{"posts/index.html", "Renamed in place"},
		check{"feed.xml", "(?s)<channel>.*?<item>\\s*<title>Renamed in place</title>"},
	)

	edit("draft.md", "draft: true", "draft: false")
	rebuild()
	expect("draft published",
		check{"posts/draft/index.html", "<h1>Draft</h1>"},
		check{"feed.xml", "<title>Draft</title>"},
		check{"sitemap.xml", "posts/draft/"},
	)

	edit("first.md", "regions: [london]", "regions: [north-west]")
	rebuild()
	expect("region changed",
		check{"regions/north-west/index.html", "Renamed in place"},
		check{"regions/london/index.html", "!Renamed in place"},
		check{"regions/north-west/feed.xml", "Renamed in place"},
		check{"regions/london/feed.xml", "!Renamed in place"},
		check{"posts/first/index.html", "North West"},
	)

	edit("first.md", "tags: [Back Pain, Exercise]", "tags: [Hip Fracture]")
	rebuild()
	expect("tags changed",
		check{"tags/hip-fracture/index.html", "Renamed in place"},
		check{"tags/hip-fracture/feed.xml", "Renamed in place"},
		check{"tags/back-pain/index.html", "!Renamed in place"},
		check{"tags/index.html", "Hip Fracture"},
	)

	write("added.md", "---\ntitle: A new arrival\ndate: 2026-11-21\nregions: [london]\ntags: [exercise]\n---\nJust added.\n")
	rebuild()
	expect("post added",
		check{"posts/added/index.html", "<h1>A new arrival</h1>"},
		check{"index.html", "A new arrival"},
		check{"posts/index.html", "A new arrival"},
		check{"regions/london/index.html", "A new arrival"},
		check{"tags/exercise/index.html", "A new arrival"},
		check{"feed.xml", "A new arrival"},
		check{"atom.xml", "A new arrival"},
		check{"feed.json", "A new arrival"},
	)

	if err := os.Rename(filepath.Join(posts, "added.md"), filepath.Join(posts, "moved.md")); err != nil {
		t.Fatal(err)
	}
	touched = append(touched, filepath.Join(posts, "added.md"), filepath.Join(posts, "moved.md"))
	rebuild()
	expect("post renamed",
		check{"posts/moved/index.html", "<h1>A new arrival</h1>"},
		check{"posts/added/index.html", "^$"},
		check{"feed.xml", "posts/moved/"},
		check{"feed.xml", "!posts/added/"},
		check{"sitemap.xml", "!posts/added/"},
	)

	if err := os.Remove(filepath.Join(posts, "moved.md")); err != nil {
		t.Fatal(err)
	}
	touched = append(touched, filepath.Join(posts, "moved.md"))
	rebuild()
	expect("post deleted",
		check{"posts/moved/index.html", "^$"},
		check{"index.html", "!A new arrival"},
		check{"regions/london/index.html", "!A new arrival"},
		check{"feed.xml", "!A new arrival"},
	)

	// An event's status and time, in its page and the calendars.
	events := filepath.Join(src, "content", "events")
	b, _ := os.ReadFile(filepath.Join(events, "webinar.md"))
	e := strings.Replace(string(b), "start: 2026-12-03 14:00", "start: 2026-12-03 15:00\nstatus: cancelled", 1)
	e = strings.Replace(e, "end: 2026-12-03 15:30", "end: 2026-12-03 16:30", 1)
	os.WriteFile(filepath.Join(events, "webinar.md"), []byte(e), 0o644)
	mtime = mtime.Add(time.Second)
	os.Chtimes(filepath.Join(events, "webinar.md"), mtime, mtime)
	touched = append(touched, filepath.Join(events, "webinar.md"))
	rebuild()
	expect("event cancelled and moved",
		check{"events/webinar/index.html", "15:00–16:30"},
		check{"events/webinar/index.html", "(?i)cancelled"},
		check{"calendar.ics", "DTSTART;TZID=Europe/London:20261203T150000"},
		check{"calendar.ics", "STATUS:CANCELLED"},
		check{"events/webinar/event.ics", "STATUS:CANCELLED"},
		check{"regions/national/calendar.ics", "DTSTART;TZID=Europe/London:20261203T150000"},
	)
}

// TestBodyShownElsewhere: when a layout shows posts' full text on another
// page (here the home page), a body edit must show there too.
func TestBodyShownElsewhere(t *testing.T) {
	src := copySite(t)
	os.MkdirAll(filepath.Join(src, "layouts"), 0o755)
	os.WriteFile(filepath.Join(src, "layouts", "index.html"),
		[]byte(`<!DOCTYPE html><html lang="en"><title>Home</title><main>{{ range .Pages }}<article>{{ .Content }}</article>{{ end }}</main></html>`), 0o644)
	s := testServer(t, src)
	editFirst(t, s, src, "More text", "Shown on the home page too. More text")
	if s.failure != "" {
		t.Fatal(s.failure)
	}
	if !strings.Contains(body(s, "/"), "Shown on the home page too") {
		t.Error("the home page, which shows the post's full text, is stale")
	}
}

// TestErrorsDuringServe: an error that stops the build keeps the last good
// site; a page a template fails on, found after the reload, is served as
// its error, while the other pages are served; fixing it clears both.
func TestErrorsDuringServe(t *testing.T) {
	src := copySite(t)
	layout := filepath.Join(src, "layouts", "posts", "single.html")
	os.MkdirAll(filepath.Dir(layout), 0o755)
	// Fails on a post whose pick is past the end of its items.
	good := `{{define "main"}}<h1>{{.Title}}</h1>{{with .Params.pick}}{{index $.Params.items .}}{{end}}{{end}}`
	os.WriteFile(layout, []byte(good), 0o644)
	s := testServer(t, src)
	post := filepath.Join(src, "content", "posts", "first.md")
	original, _ := os.ReadFile(post)
	mtime := time.Now()
	save := func(name, text string) {
		t.Helper()
		os.WriteFile(name, []byte(text), 0o644)
		mtime = mtime.Add(time.Second)
		os.Chtimes(name, mtime, mtime)
		s.rebuild(context.Background(), []string{name})
		waitVerified(t, s)
	}
	served := func(path string) (int, string) {
		w := get(s, path)
		return w.Code, w.Body.String()
	}

	// A template that fails on every post, saved: the build fails at
	// once, naming the layout and line, and the last good site stays.
	save(layout, "{{define \"main\"}}\n<h1>{{.Title}}</h1>\n{{index .Params.nothing 3}}{{end}}")
	if !strings.Contains(s.failure, "layouts/posts/single.html:3") {
		t.Errorf("got failure %q; want one naming layouts/posts/single.html:3", s.failure)
	}
	if code, page := served("/posts/second/"); code != 200 || !strings.Contains(page, "<h1>Second post") {
		t.Errorf("got %d %q; want the last good page", code, page)
	}
	save(layout, good)
	if s.failure != "" {
		t.Fatalf("got failure %q after the fix", s.failure)
	}

	// A stylesheet removed while a layout still asks for it: the last good
	// site keeps its stylesheet too.
	css := filepath.Join(src, "static", "css", "extra.css")
	os.MkdirAll(filepath.Dir(css), 0o755)
	os.WriteFile(css, []byte("h1 { color: teal }"), 0o644)
	save(layout, `{{define "main"}}<link rel="stylesheet" href="{{asset "css/extra.css"}}"><h1>{{.Title}}</h1>{{end}}`)
	if s.failure != "" {
		t.Fatalf("got failure %q", s.failure)
	}
	_, page := served("/posts/second/")
	href := regexp.MustCompile(`href="(/css/extra\.[0-9a-f]+\.css)"`).FindStringSubmatch(page)
	if href == nil {
		t.Fatalf("the page links no fingerprinted extra.css: %q", page)
	}
	os.Remove(css)
	s.rebuild(context.Background(), []string{css})
	if s.failure == "" {
		t.Fatal("got no failure for a layout asking for a removed stylesheet")
	}
	if code, _ := served(href[1]); code != 200 {
		t.Errorf("got %d for %s, the last good site's stylesheet; want 200", code, href[1])
	}
	save(layout, good)
	if s.failure != "" {
		t.Fatalf("got failure %q after the fix", s.failure)
	}

	// Content that makes the template fail on its one page.
	save(post, strings.Replace(string(original), "tags:", "pick: 5\nitems: [a]\ntags:", 1))
	if !strings.Contains(s.failure, "index out of range") || !strings.Contains(s.failure, "content/posts/first.md") {
		t.Errorf("got failure %q; want the index error, rendering content/posts/first.md", s.failure)
	}
	if code, page := served("/posts/first/"); code != 500 || !strings.Contains(page, "index out of range") || !strings.Contains(page, "reload.js") {
		t.Errorf("got %d %q; want 500 with the error and the reload script", code, page)
	}
	if code, _ := served("/posts/second/"); code != 200 {
		t.Errorf("got %d for another post; want 200", code)
	}
	save(post, string(original))
	if s.failure != "" {
		t.Errorf("got failure %q after the fix", s.failure)
	}
	if code, _ := served("/posts/first/"); code != 200 {
		t.Errorf("got %d after the fix; want 200", code)
	}
}

// TestBrokenLinkWarnings: the background check reports a link broken by an
// edit of a body, at its file and line.
func TestBrokenLinkWarnings(t *testing.T) {
	src := copySite(t)
	s := testServer(t, src)
	var log strings.Builder
	s.opts.Log = &log
	editFirst(t, s, src, "More text", "See [this](/posts/nowhere/). More text")
	waitVerified(t, s)
	if want := `warning: content/posts/first.md:12: broken link "/posts/nowhere/"`; !strings.Contains(log.String(), want) {
		t.Errorf("got log %q; want %q", log.String(), want)
	}
}

// editFirst replaces old with new in the site's first post, a second later
// than now, and rebuilds.
func editFirst(t *testing.T, s *server, src, old, new string) {
	t.Helper()
	post := filepath.Join(src, "content", "posts", "first.md")
	b, err := os.ReadFile(post)
	if err != nil || !strings.Contains(string(b), old) {
		t.Fatalf("first.md (%v) has no %q to replace", err, old)
	}
	os.WriteFile(post, []byte(strings.Replace(string(b), old, new, 1)), 0o644)
	later := time.Now().Add(time.Second)
	os.Chtimes(post, later, later)
	s.rebuild(context.Background(), []string{post})
}

// waitVerified waits for the background check of the whole site that
// follows a rebuild, when one runs.
func waitVerified(t *testing.T, s *server) {
	t.Helper()
	s.buildMu.Lock()
	running, done := s.cancelVerify != nil, s.verified
	s.buildMu.Unlock()
	if !running {
		return
	}
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the background check of the site did not end")
	}
}
