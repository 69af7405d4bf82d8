package serve

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// copySite copies the build package's test site into a temporary folder.
func copySite(t *testing.T) string {
	t.Helper()
	from := filepath.Join("..", "build", "testdata", "site")
	to := t.TempDir()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		dst := filepath.Join(to, rel)
		os.MkdirAll(filepath.Dir(dst), 0o755)
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return to
}

// testServer makes a server for src without listening, built once.
func testServer(t *testing.T, src string) *server {
	t.Helper()
	s := newServer(Options{Source: src, Now: "2026-11-22", Log: io.Discard}, filepath.Join(t.TempDir(), "site"), "http://127.0.0.1:1313/")
	s.rebuild(context.Background(), nil)
	if s.failure != "" {
		t.Fatal(s.failure)
	}
	return s
}

// body returns what the server serves at target, "" for an error status.
func body(s *server, target string) string {
	w := get(s, target)
	if w.Code != http.StatusOK {
		return ""
	}
	return w.Body.String()
}

func get(s *server, target string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "http://127.0.0.1:1313/", nil)
	r.URL.Path = target
	s.ServeHTTP(w, r)
	return w
}

func TestServeFiles(t *testing.T) {
	s := testServer(t, copySite(t))
	// A file beside the site folder, which no request may reach, and a
	// link to it planted in the folder served (the build never writes one).
	secret := filepath.Join(filepath.Dir(s.dest), "secret.txt")
	os.WriteFile(secret, []byte("secret"), 0o644)
	if err := os.Symlink(secret, filepath.Join(s.dest, "leak.txt")); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		path     string
		status   int
		ctype    string
		contains string
	}{
		{"/", 200, "text/html; charset=utf-8", "<title>Test &amp; Network</title>"},
		{"/posts/first/", 200, "text/html; charset=utf-8", `<script src="/__plexus/reload.js?v=1" defer></script></body>`},
		{"/posts/first", 301, "", ""},
		{"/css/style.css", 200, "text/css; charset=utf-8", ""},
		{"/feed.xml", 200, "application/rss+xml", "<rss"},
		{"/atom.xml", 200, "application/atom+xml", "<feed"},
		{"/feed.json", 200, "application/feed+json", "jsonfeed.org"},
		{"/calendar.ics", 200, "text/calendar; charset=utf-8", "BEGIN:VCALENDAR"},
		{"/sitemap.xml", 200, "application/xml", "<urlset"},
		{"/robots.txt", 200, "text/plain; charset=utf-8", "User-agent"},
		{"/posts/bundle/chart.svg", 200, "image/svg+xml", "<svg"},
		{"/no/such/page/", 404, "text/html; charset=utf-8", "Page not found"},
		{"/../secret.txt", 404, "", "Page not found"},
		{"/posts/../../secret.txt", 404, "", "Page not found"},
		{"/%2e%2e/secret.txt", 404, "", "Page not found"},
		{"//secret.txt", 404, "", "Page not found"},
		{"/leak.txt", 404, "", "Page not found"},
		{"/" + filepath.Dir(s.dest) + "/secret.txt", 404, "", "Page not found"},
		{"/__plexus/reload.js", 200, "text/javascript; charset=utf-8", "EventSource"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			w := get(s, tt.path)
			if w.Code != tt.status {
				t.Errorf("got status %d; want %d", w.Code, tt.status)
			}
			if tt.ctype != "" && w.Header().Get("Content-Type") != tt.ctype {
				t.Errorf("got Content-Type %q; want %q", w.Header().Get("Content-Type"), tt.ctype)
			}
			if !strings.Contains(w.Body.String(), tt.contains) {
				t.Errorf("body lacks %q", tt.contains)
			}
			if strings.Contains(w.Body.String(), "secret") && !strings.Contains(tt.path, "reload") {
				t.Error("served a file outside the site")
			}
		})
	}
	for path, want := range map[string]string{
		"/posts/first":       "/posts/first/",
		"/posts/first?a=1":   "/posts/first/?a=1",
		"//posts/first":      "/posts/first/", // not "//posts/first/": the host "posts"
		"/posts/./first":     "/posts/first/",
		"/posts/bundle":      "/posts/bundle/",
		"//posts/bundle?a=1": "/posts/bundle/?a=1",
	} {
		w := httptest.NewRecorder()
		r := httptest.NewRequest(http.MethodGet, "http://127.0.0.1:1313/", nil)
		r.URL.Path, r.URL.RawQuery, _ = strings.Cut(path, "?")
		s.ServeHTTP(w, r)
		if w.Code != 301 || w.Header().Get("Location") != want {
			t.Errorf("%s: got %d to %q; want 301 to %q", path, w.Code, w.Header().Get("Location"), want)
		}
	}
	// Pages are rendered as they are asked for: none is written to disk
	// (where plexus build's output could pick up the reload script).
	if _, err := os.Stat(filepath.Join(s.dest, "posts", "first", "index.html")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("got %v for the post's page on disk; want none", err)
	}
}

func TestContentType(t *testing.T) {
	for name, want := range map[string]string{
		"a/index.html": "text/html; charset=utf-8", "x.CSS": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8",
		"feed.xml": "application/rss+xml", "regions/london/atom.xml": "application/atom+xml", "feed.json": "application/feed+json",
		"other.xml": "application/xml", "data.json": "application/json", "event.ics": "text/calendar; charset=utf-8",
		"photo.JPG": "image/jpeg", "logo.svg": "image/svg+xml", "font.woff2": "font/woff2", "noext": "application/octet-stream",
	} {
		if got := contentType(name); got != want {
			t.Errorf("contentType(%q) = %q; want %q", name, got, want)
		}
	}
}

func TestInject(t *testing.T) {
	for in, want := range map[string]string{
		"<html><body><p>x</p></body></html>": `<html><body><p>x</p><script src="/__plexus/reload.js?v=3" defer></script></body></html>`,
		"<p>no body</p>":                     `<p>no body</p><script src="/__plexus/reload.js?v=3" defer></script>`,
		"<BODY>a</BODY>":                     `<BODY>a<script src="/__plexus/reload.js?v=3" defer></script></BODY>`,
	} {
		if got := inject([]byte(in), 3); got != want {
			t.Errorf("inject(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestDebounce(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in := make(chan string)
	out := make(chan []string)
	go debounce(ctx, in, out, 30*time.Millisecond)

	for _, name := range []string{"a.md", "b.md", "a.md", "a.md", "c.md"} { // a burst, closer together than the wait
		in <- name
		time.Sleep(5 * time.Millisecond)
	}
	select {
	case got := <-out:
		if want := []string{"a.md", "b.md", "c.md"}; !slices.Equal(got, want) {
			t.Errorf("got batch %q; want %q", got, want)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("no rebuild after a burst")
	}
	select {
	case <-out:
		t.Fatal("a burst gave two rebuilds")
	case <-time.After(100 * time.Millisecond):
	}
	in <- "d.md"                       // a later change is a rebuild of its own,
	time.Sleep(100 * time.Millisecond) // due now, but not yet taken;
	select {                           // a change while it waits joins it
	case in <- "e.md":
	case <-time.After(2 * time.Second):
		t.Fatal("debounce took no change while a batch waited to be taken")
	}
	time.Sleep(100 * time.Millisecond)
	select {
	case got := <-out:
		if want := []string{"d.md", "e.md"}; !slices.Equal(got, want) {
			t.Errorf("got batch %q; want %q", got, want)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("no rebuild after a second change")
	}
	close(in)
	if _, ok := <-out; ok {
		t.Error("out not closed when in is")
	}
}

// TestWatchLinkedFolder: a site whose content/ is a link to a folder
// elsewhere is built through the link, so it is watched through it too.
func TestWatchLinkedFolder(t *testing.T) {
	root, elsewhere := t.TempDir(), t.TempDir()
	os.MkdirAll(filepath.Join(elsewhere, "posts"), 0o755)
	if err := os.Symlink(elsewhere, filepath.Join(root, "content")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	w, err := watch(root)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	os.WriteFile(filepath.Join(elsewhere, "posts", "a.md"), []byte("x"), 0o644)
	select {
	case name := <-w.changes:
		if rel, _ := filepath.Rel(root, name); filepath.ToSlash(rel) != "content/posts/a.md" {
			t.Errorf("got change %q; want content/posts/a.md under %s", name, root)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("no change seen in a linked content folder")
	}
}

func TestRelevant(t *testing.T) {
	w := &watcher{root: "/site"}
	for name, want := range map[string]bool{
		"/site/content/posts/a.md":        true,
		"/site/content/posts/new/img.png": true,
		"/site/layouts/_default/x.html":   true,
		"/site/static/css/style.css":      true,
		"/site/config.toml":               true,
		"/site/public/index.html":         false,
		"/site/README.md":                 false,
		"/site/content/posts/.a.md.swp":   false,
		"/site/content/posts/a.md~":       false,
		"/site/content/posts/4913":        false,
		"/site/content/posts/#a.md#":      false,
		"/site/content/.git/HEAD":         false,
		"/site/.public.plexus-123/x.html": false,
	} {
		if got := w.relevant(fsnotifyEvent(name)); got != want {
			t.Errorf("relevant(%q) = %v; want %v", name, got, want)
		}
	}
}

func fsnotifyEvent(name string) fsnotify.Event { return fsnotify.Event{Name: name, Op: fsnotify.Write} }
