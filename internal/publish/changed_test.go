package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

// file is what a test knows of a file or folder in an output: its
// information (for os.SameFile, the time and the mode) and its bytes.
type file struct {
	info fs.FileInfo
	data string
}

// snapshot records every file and folder under dir, by slash path.
func snapshot(t *testing.T, dir string) map[string]file {
	t.Helper()
	files := map[string]file{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := os.Lstat(p)
		if err != nil {
			return err
		}
		var data []byte
		switch {
		case info.Mode().IsRegular():
			data, err = os.ReadFile(p)
		case info.Mode()&fs.ModeSymlink != 0:
			var target string
			target, err = os.Readlink(p)
			data = []byte("-> " + target)
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = file{info, string(data)}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// untouched fails unless rel is the very same file or folder, with the
// same time and bytes, in both snapshots.
func untouched(t *testing.T, before, after map[string]file, rel string) {
	t.Helper()
	b, ok1 := before[rel]
	a, ok2 := after[rel]
	switch {
	case !ok1 || !ok2:
		t.Errorf("%s: in the output before: %v, after: %v; want both", rel, ok1, ok2)
	case a.data != b.data:
		t.Errorf("%s: got %q; want %q", rel, a.data, b.data)
	case !a.info.ModTime().Equal(b.info.ModTime()):
		t.Errorf("%s: modification time changed from %v to %v", rel, b.info.ModTime(), a.info.ModTime())
	case a.info.Mode() != b.info.Mode():
		t.Errorf("%s: mode changed from %v to %v", rel, b.info.Mode(), a.info.Mode())
	case !a.info.IsDir() && a.info.Mode()&fs.ModeSymlink == 0 && !os.SameFile(a.info, b.info):
		t.Errorf("%s: a new file with the same bytes; want the same file", rel)
	}
}

// publishSite writes a small site's output into dest, as a build would:
// static files, pages written concurrently, a bundle file.
func publishSite(t *testing.T, dest string, opts Options, pages map[string]string) *Output {
	t.Helper()
	o, err := Begin(dest, opts)
	if err != nil {
		t.Fatal(err)
	}
	publishInto(t, o, pages)
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	return o
}

// publishInto writes a small site's files into o: static files, pages
// written concurrently, a bundle file.
func publishInto(t *testing.T, o *Output, pages map[string]string) {
	t.Helper()
	static := fstest.MapFS{
		"css/style.css": {Data: []byte("body {\n  color: #000000;\n}\n")},
		"img/logo.png":  {Data: []byte("\x89PNG not really")},
	}
	if err := o.Static(Layer{"static", static}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(pages))
	for rel, data := range pages {
		wg.Go(func() { errs <- o.Write(rel, "a page", []byte(data)) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	bundle := fstest.MapFS{"posts/a/chart.svg": {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"> <rect width="10" height="10"/> </svg>`)}}
	if err := o.Copy("posts/a/chart.svg", "content/posts/a/chart.svg", bundle, "posts/a/chart.svg"); err != nil {
		t.Fatal(err)
	}
}

func pages(n int) map[string]string {
	m := map[string]string{"index.html": "<p>home</p>\n", "feed.xml": "<rss>\n  <title>x</title>\n</rss>\n"}
	for i := range n {
		m[fmt.Sprintf("posts/p%d/index.html", i)] = fmt.Sprintf("<p>post %d</p>\n", i)
	}
	return m
}

func TestUnchangedOutputIsLeftAlone(t *testing.T) {
	for _, minify := range []bool{false, true} {
		t.Run(fmt.Sprintf("minify=%v", minify), func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			publishSite(t, dest, Options{Minify: minify}, pages(20))
			// Times in the past, so that a rewritten file could not have
			// the same time by chance.
			past := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
			filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
				return os.Chtimes(p, past, past)
			})
			before := snapshot(t, dest)

			o := publishSite(t, dest, Options{Minify: minify}, pages(20))
			after := snapshot(t, dest)
			if st := o.Stats(); st.Written != 0 || st.Unchanged != st.Files || st.Files != 26 || st.Removed != 0 {
				t.Errorf("got %+v; want all 26 files unchanged, none written", st)
			}
			if len(after) != len(before) {
				t.Errorf("got %d files and folders; want %d", len(after), len(before))
			}
			for rel := range before {
				untouched(t, before, after, rel)
			}
		})
	}
}

func TestOnlyChangedFilesAreWritten(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	publishSite(t, dest, Options{}, pages(5))
	past := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error { return os.Chtimes(p, past, past) })
	before := snapshot(t, dest)

	next := pages(5)
	next["posts/p1/index.html"] = "<p>post 1, edited</p>\n" // same folder, new bytes
	next["posts/p2/index.html"] = "<p>post 2</p>\r\n"       // one byte longer
	next["posts/p3/index.html"] = "<p>post X</p>\n"         // same size, new bytes
	delete(next, "posts/p4/index.html")
	next["posts/p5/index.html"] = "<p>new</p>\n"
	o := publishSite(t, dest, Options{}, next)
	after := snapshot(t, dest)

	st := o.Stats()
	if st.Written != 4 || st.Removed != 1 || st.Files != 11 || st.Unchanged != 7 {
		t.Errorf("got %+v; want 4 written (3 changed, 1 new), 7 unchanged, 1 removed", st)
	}
	// Folders whose names are the same keep their time, "." among them.
	for _, rel := range []string{"index.html", "feed.xml", "posts/p0/index.html", "posts/p0", "css/style.css", "img/logo.png", "posts/a/chart.svg", "posts/p1", "."} {
		untouched(t, before, after, rel)
	}
	for _, rel := range []string{"posts/p1/index.html", "posts/p2/index.html", "posts/p3/index.html"} {
		if after[rel].data != next[rel] || os.SameFile(after[rel].info, before[rel].info) || after[rel].info.ModTime().Equal(past) {
			t.Errorf("%s: got %q, same file %v; want the new bytes in a new file", rel, after[rel].data, os.SameFile(after[rel].info, before[rel].info))
		}
	}
	if _, ok := after["posts/p4"]; ok {
		t.Error("posts/p4 survived, though the build no longer makes it")
	}
	// posts/ lost p4 and gained p5: its time is the build's.
	if after["posts"].info.ModTime().Equal(past) {
		t.Error("the folder that changed kept its old time")
	}
}

// TestStaleFilesGoDotfilesAndKeptStay: files the build no longer makes are
// removed, but never dotfiles (at any depth, with what is in dot folders)
// nor kept paths, which survive as the very same files.
func TestStaleFilesGoDotfilesAndKeptStay(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	old := map[string]string{
		"index.html":                 "old home",
		"stale.html":                 "stale",
		"posts/gone/index.html":      "gone",
		"posts/gone/.htaccess":       "deny",
		".git/HEAD":                  "ref: refs/heads/gh-pages",
		".git/objects/ab/cdef":       "object",
		".nojekyll":                  "",
		"CNAME":                      "network.example.org",
		"downloads/report.pdf":       "pdf",
		"downloads/2025/old.pdf":     "older pdf",
		"leaflet.pdf":                "pdf",
		"notes.txt":                  "not kept",
		"sub/leaflet.pdf":            "* does not cross /",
		".well-known/security.txt":   "old security.txt",
		".well-known/other":          "kept beside a written dotfile",
		"made-dir/x.html":            "a folder where the build now makes a file",
		"made-file":                  "a file where the build now makes a folder",
		"made-dir-conflict/.keepme":  "dotfile in a folder that is now a file",
		"downloads-not-a-prefix.txt": "removed",
	}
	for rel, data := range old {
		write(t, filepath.Join(dest, rel), data)
	}
	os.MkdirAll(filepath.Join(dest, ".git", "refs", "tags"), 0o755) // an empty folder Git needs
	os.Symlink("objects/ab/cdef", filepath.Join(dest, ".git", "link"))
	before := snapshot(t, dest)

	o, err := Begin(dest, Options{Keep: []string{"/CNAME", "downloads/", "*.pdf"}})
	if err != nil {
		t.Fatal(err)
	}
	for rel, data := range map[string]string{
		"index.html":               "new home",
		".well-known/security.txt": "new security.txt",
		"made-dir":                 "now a file",
		"made-file/index.html":     "now a folder",
		"made-dir-conflict":        "now a file",
	} {
		if err := o.Write(rel, "a page", []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	after := snapshot(t, dest)

	for _, rel := range []string{
		"posts/gone/.htaccess", ".git", ".git/HEAD", ".git/objects/ab/cdef", ".git/objects/ab", ".git/refs/tags", ".git/link",
		".nojekyll", "CNAME", "downloads/report.pdf", "downloads/2025/old.pdf", "downloads", "leaflet.pdf", ".well-known/other",
	} {
		untouched(t, before, after, rel)
	}
	for _, rel := range []string{"stale.html", "posts/gone/index.html", "notes.txt", "sub/leaflet.pdf", "made-dir/x.html", "made-dir-conflict/.keepme", "downloads-not-a-prefix.txt", "sub"} {
		if _, ok := after[rel]; ok {
			t.Errorf("%s survived; want it removed", rel)
		}
	}
	for rel, want := range map[string]string{"index.html": "new home", ".well-known/security.txt": "new security.txt", "made-dir": "now a file", "made-file/index.html": "now a folder"} {
		if got := after[rel].data; got != want {
			t.Errorf("%s: got %q; want %q: what the build makes wins", rel, got, want)
		}
	}
	// Removed: stale.html, posts/gone/index.html, notes.txt, sub/leaflet.pdf,
	// made-dir/x.html, made-file, made-dir-conflict/.keepme (in the way of
	// a file the build makes), downloads-not-a-prefix.txt.
	if st := o.Stats(); st.Removed != 8 || st.Kept != 10 {
		t.Errorf("got %d removed, %d kept; want 8 and 10", st.Removed, st.Kept)
	}
	// Paths is what a link checker may find in the new output.
	paths := o.Paths()
	slices.Sort(paths)
	want := []string{".git/HEAD", ".git/link", ".git/objects/ab/cdef", ".nojekyll", ".well-known/other", ".well-known/security.txt",
		"CNAME", "downloads/2025/old.pdf", "downloads/report.pdf", "index.html", "leaflet.pdf", "made-dir", "made-dir-conflict",
		"made-file/index.html", "posts/gone/.htaccess"}
	if !slices.Equal(paths, want) {
		t.Errorf("Paths() = %q; want %q", paths, want)
	}
	if got := entries(t, root); len(got) != 1 || got[0] != "public" {
		t.Errorf("got %v beside the destination; want only public", got)
	}
}

// TestLinkFallback: where hard links fail, unchanged and kept files are
// copied with their old time and permissions, so they still look
// unchanged to rsync.
func TestLinkFallback(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	write(t, filepath.Join(dest, "index.html"), "home")
	write(t, filepath.Join(dest, ".git", "HEAD"), "ref")
	os.Chmod(filepath.Join(dest, ".git", "HEAD"), 0o600)
	os.Symlink("HEAD", filepath.Join(dest, ".git", "link"))
	past := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, p := range []string{"index.html", ".git/HEAD", ".git", "."} {
		os.Chtimes(filepath.Join(dest, p), past, past)
	}
	before := snapshot(t, dest)

	o, err := Begin(dest, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var tries int
	o.link = func(string, string) error { tries++; return errors.New("operation not permitted") }
	if err := o.Write("index.html", "a page", []byte("home")); err != nil {
		t.Fatal(err)
	}
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	after := snapshot(t, dest)
	for _, rel := range []string{"index.html", ".git/HEAD"} {
		b, a := before[rel], after[rel]
		if a.data != b.data || !a.info.ModTime().Equal(past) || a.info.Mode() != b.info.Mode() {
			t.Errorf("%s: got %q, %v, %v; want %q, %v, %v", rel, a.data, a.info.ModTime(), a.info.Mode(), b.data, past, b.info.Mode())
		}
	}
	if after[".git/link"].data != "-> HEAD" {
		t.Errorf("got .git/link %q; want the symbolic link made anew", after[".git/link"].data)
	}
	if tries != 1 {
		t.Errorf("tried to link %d times; want once, then copies", tries)
	}
	if st := o.Stats(); st.Unchanged != 1 || st.Written != 0 {
		t.Errorf("got %+v; want the page unchanged", st)
	}
}

// TestDestinationUntouchedUntilSwap: everything Commit does before the
// swap, and everything a failed build does, leaves the destination as it
// was, however far the build got: a build stopped at any moment leaves the
// whole old output.
func TestDestinationUntouchedUntilSwap(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	publishSite(t, dest, Options{Keep: []string{"CNAME"}}, pages(3))
	write(t, filepath.Join(dest, "CNAME"), "example.org")
	write(t, filepath.Join(dest, ".git", "HEAD"), "ref")
	write(t, filepath.Join(dest, "stale.html"), "stale")
	before := snapshot(t, dest)
	check := func(when string) {
		t.Helper()
		after := snapshot(t, dest)
		if len(after) != len(before) {
			t.Errorf("%s: got %d files; want %d", when, len(after), len(before))
		}
		for rel := range before {
			untouched(t, before, after, rel)
		}
	}

	o, err := Begin(dest, Options{Keep: []string{"CNAME"}})
	if err != nil {
		t.Fatal(err)
	}
	check("after Begin")
	if err := o.Static(Layer{"static", fstest.MapFS{"css/style.css": {Data: []byte("body {\n  color: #000000;\n}\n")}}}); err != nil {
		t.Fatal(err)
	}
	for rel, data := range pages(4) {
		if err := o.Write(rel, "a page", []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	check("after writing")
	if err := o.carry(".", before["."].info, false); err != nil {
		t.Fatal(err)
	}
	check("after carrying dotfiles and kept files into the staging folder")
	if err := o.Abort(); err != nil {
		t.Fatal(err)
	}
	check("after Abort")
	// The old files had a second link in the staging folder; they are
	// back to one, and nothing is left beside the destination.
	if got := entries(t, filepath.Dir(dest)); len(got) != 1 {
		t.Errorf("got %v beside the destination", got)
	}
}

func TestDestinationIsASymlink(t *testing.T) {
	root := t.TempDir()
	real := filepath.Join(root, "www", "site")
	write(t, filepath.Join(real, "old.html"), "old")
	link := filepath.Join(root, "public")
	if err := os.Symlink(real, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	o, err := Begin(link, Options{})
	if err != nil {
		t.Fatal(err)
	}
	o.Write("index.html", "a page", []byte("new"))
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("public is no longer a symbolic link (%v)", err)
	}
	if got := read(t, filepath.Join(real, "index.html")); got != "new" {
		t.Errorf("got %q in the folder the link names", got)
	}
	if _, err := os.Stat(filepath.Join(real, "old.html")); err == nil {
		t.Error("old.html survived")
	}
	if got := entries(t, filepath.Join(root, "www")); !slices.Equal(got, []string{"site"}) {
		t.Errorf("got %v beside the real folder", got)
	}
}

// TestConcurrentWrites writes many files from many goroutines over a
// previous output, some changed and some not (run with -race).
func TestConcurrentWrites(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	publishSite(t, dest, Options{Minify: true}, pages(200))
	next := pages(200)
	for i := 0; i < 200; i += 3 {
		next[fmt.Sprintf("posts/p%d/index.html", i)] = strings.Repeat("<p>changed</p>\n", i%7+1)
	}
	o := publishSite(t, dest, Options{Minify: true}, next)
	if st := o.Stats(); st.Written != 67 || st.Unchanged != st.Files-67 {
		t.Errorf("got %+v; want 67 written, the rest unchanged", st)
	}
	got := snapshot(t, dest)
	for rel, data := range next {
		want := strings.ReplaceAll(strings.ReplaceAll(data, "\n", ""), "  ", "")
		if rel == "feed.xml" {
			continue
		}
		if got[rel].data != want {
			t.Errorf("%s: got %q; want %q", rel, got[rel].data, want)
		}
	}
}
