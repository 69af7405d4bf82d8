package build

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCacheMatchesCleanBuild edits, adds and removes files between builds
// that share a Cache, and checks each build against a clean one: a cached
// rebuild must never differ from building afresh.
func TestCacheMatchesCleanBuild(t *testing.T) {
	src := copySite(t)
	// The copies are an hour old, so that only the files each step edits
	// look new (below) and the rest come from the cache.
	hourAgo := time.Now().Add(-time.Hour)
	filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			os.Chtimes(p, hourAgo, hourAgo)
		}
		return nil
	})
	cache := NewCache()
	post := filepath.Join(src, "content", "posts", "first.md")
	edits := []struct {
		name string
		edit func()
	}{
		{"first build", func() {}},
		{"body edited", func() {
			b, _ := os.ReadFile(post)
			os.WriteFile(post, append(b, []byte("\nA new closing paragraph.\n")...), 0o644)
		}},
		{"title edited", func() {
			b, _ := os.ReadFile(post)
			old := `title: "First post: <script>alert('x')</script> & more"`
			if !strings.Contains(string(b), old) {
				t.Fatalf("first.md has no line %s to edit", old)
			}
			os.WriteFile(post, []byte(strings.Replace(string(b), old, "title: Renamed post", 1)), 0o644)
		}},
		{"post added", func() {
			os.WriteFile(filepath.Join(src, "content", "posts", "new.md"), []byte("---\ntitle: New\ndate: 2026-11-01\nregions: [london]\n---\nNew post.\n"), 0o644)
		}},
		{"timezone set", func() {
			// Pages decoded with the old config must not be reused: their
			// dates were read in the old timezone.
			cfg := filepath.Join(src, "config.toml")
			b, _ := os.ReadFile(cfg)
			os.WriteFile(cfg, []byte("timezone = \"America/New_York\"\n"+string(b)), 0o644)
		}},
		{"post removed", func() { os.Remove(filepath.Join(src, "content", "posts", "series-two.md")) }},
		{"draft flipped", func() {
			os.WriteFile(filepath.Join(src, "content", "posts", "draft.md"), []byte("---\ntitle: Draft\ndate: 2026-01-01\ndraft: false\n---\nNow published.\n"), 0o644)
		}},
	}
	for i, e := range edits {
		e.edit()
		// Files written within one clock tick keep their modification
		// time; a real editor's saves are further apart than this.
		future := time.Now().Add(time.Duration(i+1) * time.Second)
		filepath.Walk(filepath.Join(src, "content"), func(p string, info os.FileInfo, err error) error {
			if err == nil && !info.IsDir() && info.ModTime().After(time.Now().Add(-2*time.Second)) {
				os.Chtimes(p, future, future)
			}
			return nil
		})
		before := maps.Clone(cache.files)
		cached := filepath.Join(t.TempDir(), "cached")
		clean := filepath.Join(t.TempDir(), "clean")
		if _, err := Build(context.Background(), Options{Source: src, Destination: cached, Now: testNow, Cache: cache}); err != nil {
			t.Fatalf("%s: cached build: %v", e.name, err)
		}
		if _, err := Build(context.Background(), Options{Source: src, Destination: clean, Now: testNow}); err != nil {
			t.Fatalf("%s: clean build: %v", e.name, err)
		}
		if e.name == "title edited" && !strings.Contains(tree(t, clean)["posts/first/index.html"], "Renamed post") {
			t.Fatal("the edit did not reach the output")
		}
		if hits := reused(before, cache.files); e.name != "first build" && hits < 10 {
			t.Fatalf("%s: %d files came from the cache; want all but the edited", e.name, hits)
		}
		a, b := tree(t, cached), tree(t, clean)
		if len(a) != len(b) {
			t.Errorf("%s: cached build wrote %d files, clean build %d", e.name, len(a), len(b))
		}
		for rel, want := range b {
			if a[rel] != want {
				t.Errorf("%s: %s differs from a clean build", e.name, rel)
			}
		}
	}
	if _, ok := cache.files["posts/series-two.md"]; ok {
		t.Error("the cache still holds the removed post")
	}
	if _, ok := cache.files["posts/new.md"]; !ok {
		t.Error("the cache lacks the added post")
	}
}

// reused counts the entries of after that are the very entries of before:
// the files the build took from the cache instead of reading them again.
func reused(before, after map[string]*cachedFile) int {
	n := 0
	for p, c := range after {
		if before[p] == c {
			n++
		}
	}
	return n
}
