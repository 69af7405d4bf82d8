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

// TestLoadOrder checks that a build gets its pages in the content tree's
// order, sorted by file, whatever order the workers finish them in:
// without a cache, leaving out drafts, and with one, both when it is
// empty and when it has every file (the site graph leaves out the drafts
// then, since the cache keeps them for a build that publishes them).
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
	cache := NewCache()
	for _, run := range []struct {
		name  string
		cache *Cache
		want  int
	}{{"no cache", nil, 294}, {"empty cache", cache, 300}, {"full cache", cache, 300}} {
		l := &loader{cfg: cfg, conv: conv, bodies: &memStore{}, cache: run.cache}
		pages, err := l.load(context.Background(), fsys, tree)
		if err != nil {
			t.Fatal(err)
		}
		if len(pages) != run.want {
			t.Errorf("%s: got %d pages; want %d (of 300, 6 of them drafts)", run.name, len(pages), run.want)
		}
		if !slices.IsSortedFunc(pages, func(a, b *site.Page) int { return strings.Compare(a.File, b.File) }) {
			t.Errorf("%s: pages not in the order of their files", run.name)
		}
		for _, p := range pages {
			if p == nil || p.Draft && run.cache == nil {
				t.Fatalf("%s: got %v among the pages", run.name, p)
			}
		}
	}
	if len(cache.files) != 300 {
		t.Errorf("the cache holds %d files; want all 300", len(cache.files))
	}
}
