package publish

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// entries lists the names in dir, to check nothing is left behind.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestCommitReplacesDestination(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	write(t, filepath.Join(dest, "old.html"), "old")
	write(t, filepath.Join(dest, ".git", "HEAD"), "ref")
	write(t, filepath.Join(dest, ".well-known", "x"), "old well-known")

	o, err := Begin(dest, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := o.Write("posts/a/index.html", "a page", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if err := o.Write(".well-known/x", "a page", []byte("new well-known")); err != nil {
		t.Fatal(err)
	}
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(dest, "posts/a/index.html")); got != "new" {
		t.Errorf("got %q; want new", got)
	}
	if _, err := os.Stat(filepath.Join(dest, "old.html")); !os.IsNotExist(err) {
		t.Errorf("old.html survived the commit (err %v)", err)
	}
	if got := read(t, filepath.Join(dest, ".git", "HEAD")); got != "ref" {
		t.Errorf("got .git/HEAD %q; want it carried over", got)
	}
	if got := read(t, filepath.Join(dest, ".well-known", "x")); got != "new well-known" {
		t.Errorf("got %q; a written dotfile must win over the old one", got)
	}
	if got := entries(t, root); len(got) != 1 || got[0] != "public" {
		t.Errorf("got %v beside the destination; want only public", got)
	}
}

func TestCommitToNewDestination(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "deep", "public")
	o, err := Begin(dest, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := o.Write("index.html", "a page", []byte("home")); err != nil {
		t.Fatal(err)
	}
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(dest, "index.html")); got != "home" {
		t.Errorf("got %q", got)
	}
	if info, err := os.Stat(dest); err != nil || info.Mode().Perm() != 0o755 {
		t.Errorf("got %v, %v; want a 0755 folder", info.Mode(), err)
	}
}

func TestAbortLeavesDestination(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	write(t, filepath.Join(dest, "index.html"), "previous")
	o, err := Begin(dest, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := o.Write("index.html", "a page", []byte("half-built")); err != nil {
		t.Fatal(err)
	}
	if err := o.Abort(); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(dest, "index.html")); got != "previous" {
		t.Errorf("got %q; want the previous output", got)
	}
	if got := entries(t, root); len(got) != 1 {
		t.Errorf("got %v; the staging folder must be gone", got)
	}
}

func TestPathSafety(t *testing.T) {
	root := t.TempDir()
	o, err := Begin(filepath.Join(root, "public"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Abort()
	for _, p := range []string{"../escape.html", "/etc/passwd", "a/../../b", "", ".", "a//b", `a\..\b`, "./a"} {
		if err := o.Write(p, "test", []byte("x")); err == nil || !strings.Contains(err.Error(), "must stay inside the output folder") {
			t.Errorf("Write(%q): got %v; want a refusal", p, err)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "escape.html")); !os.IsNotExist(err) {
		t.Error("a file was written outside the output folder")
	}
}

func TestTwoSourcesForOneFile(t *testing.T) {
	o, err := Begin(filepath.Join(t.TempDir(), "public"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Abort()
	if err := o.Write("about/index.html", "content/about.md", []byte("x")); err != nil {
		t.Fatal(err)
	}
	err = o.Copy("about/index.html", "static/about/index.html", fstest.MapFS{"f": {Data: []byte("y")}}, "f")
	if err == nil || !strings.Contains(err.Error(), "about/index.html is made twice, from content/about.md and from static/about/index.html") {
		t.Errorf("got %v; want an error naming both sources", err)
	}
}

func TestStaticLayers(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	o, err := Begin(dest, Options{})
	if err != nil {
		t.Fatal(err)
	}
	theme := fstest.MapFS{"css/style.css": {Data: []byte("theme css")}, "img/logo.svg": {Data: []byte("theme logo")}, ".DS_Store": {Data: []byte("x")}}
	own := fstest.MapFS{"css/style.css": {Data: []byte("site css")}, "robots.txt": {Data: []byte("site robots")}}
	if err := o.Static(Layer{"static (default theme)", theme}, Layer{"static", own}, Layer{"missing", nil}); err != nil {
		t.Fatal(err)
	}
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	// The site's stylesheet is also published under its fingerprint: the
	// first ten hex digits of the SHA-256 of "site css".
	fp := "css/style.89d7437899.css"
	for path, want := range map[string]string{"css/style.css": "site css", fp: "site css", "img/logo.svg": "theme logo", "robots.txt": "site robots"} {
		if got := read(t, filepath.Join(dest, path)); got != want {
			t.Errorf("%s: got %q; want %q", path, got, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dest, ".DS_Store")); !os.IsNotExist(err) {
		t.Error("a hidden static file was published")
	}
	if st := o.Stats(); st.Files != 4 || st.Copied != 4 {
		t.Errorf("got %d files, %d copied; want 4", st.Files, st.Copied)
	}
	for name, want := range map[string]string{"css/style.css": fp, "img/logo.svg": "img/logo.svg", "robots.txt": "robots.txt", "nope.css": ""} {
		if got, ok := o.Asset(name); got != want || ok != (want != "") {
			t.Errorf("Asset(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
}

func TestDestinationIsAFile(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	write(t, dest, "not a folder")
	if _, err := Begin(dest, Options{}); err == nil || !strings.Contains(err.Error(), "is a file, not a folder") {
		t.Errorf("got %v", err)
	}
}
