package feed

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGolden compares one output of each kind with its golden file in
// testdata/golden; go test ./internal/feed -update rewrites them. Review
// the diff: it is what feed readers and calendars will see change.
func TestGolden(t *testing.T) {
	feedFor := func(self string) *Feed {
		f := testFeed()
		f.Self = self
		return f
	}
	tests := []struct {
		file  string
		write func(io.Writer) error
	}{
		{"feed.xml", func(w io.Writer) error { return RSS(w, feedFor("https://example.org/network/feed.xml")) }},
		{"atom.xml", func(w io.Writer) error { return Atom(w, feedFor("https://example.org/network/atom.xml")) }},
		{"feed.json", func(w io.Writer) error { return JSON(w, feedFor("https://example.org/network/feed.json")) }},
		{"calendar.ics", func(w io.Writer) error { return ICal(w, testCalendar()) }},
		{"sitemap.xml", func(w io.Writer) error { return Sitemap(w, testSitemap()) }},
		{"sitemap-index.xml", func(w io.Writer) error {
			return SitemapIndex(w, []SitemapURL{{Loc: "https://example.org/network/sitemap-1.xml", Lastmod: testSitemap()[0].Lastmod}, {Loc: "https://example.org/network/sitemap-2.xml"}})
		}},
		{"robots.txt", func(w io.Writer) error { return Robots(w, "https://example.org/network/sitemap.xml") }},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var got bytes.Buffer
			if err := tt.write(&got); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", tt.file)
			if *update {
				if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/feed -update to create it)", err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("%s differs from the golden file; got:\n%s\nwant:\n%s\n(run go test ./internal/feed -update and review the diff if the change is intended)", tt.file, got.Bytes(), want)
			}
		})
	}
}
