package build

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"plexus/internal/config"
	"plexus/internal/content"
	"plexus/internal/markdown"
	"plexus/internal/site"
)

// TestLoadOrder checks that a build without a cache gets its pages in the
// content tree's order, sorted by file, whatever order the workers finish
// them in, and without the drafts it leaves out.
func TestLoadOrder(t *testing.T) {
	cfg, err := config.Parse([]byte("title = \"T\"\nbaseURL = \"https://example.org/\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for i := range 300 {
		body := strings.Repeat("Some words. ", 1+(i*37)%200) // uneven work
		draft := i%50 == 7
		fsys[fmt.Sprintf("posts/p%03d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil,
			"---\ntitle: \"Post %d\"\ndate: 2026-01-02\ndraft: %v\n---\n%s\n", i, draft, body)}
	}
	tree, err := content.Walk(fsys)
	if err != nil {
		t.Fatal(err)
	}
	conv := markdown.New(markdown.Options{})
	l := &loader{cfg: cfg, conv: conv, bodies: &memStore{}}
	pages, err := l.load(context.Background(), fsys, tree)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 294 {
		t.Errorf("got %d pages; want 294 (300 less 6 drafts)", len(pages))
	}
	if !slices.IsSortedFunc(pages, func(a, b *site.Page) int { return strings.Compare(a.File, b.File) }) {
		t.Error("pages not in the order of their files")
	}
	for _, p := range pages {
		if p == nil || p.Draft {
			t.Fatalf("got %v among the pages", p)
		}
	}
}
