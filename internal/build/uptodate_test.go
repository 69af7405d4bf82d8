package build

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestUpToDate: a build of the same inputs, at a time the output still
// holds for, into an untouched output, does nothing; any change to the
// inputs, the options, the output or the time that could change a byte of
// the output builds again.
func TestUpToDate(t *testing.T) {
	tests := []struct {
		name   string
		change func(t *testing.T, src, dest string, opts *Options)
		skip   bool // the second build does nothing
	}{
		{"nothing changed", func(*testing.T, string, string, *Options) {}, true},
		{"later, before any date in the content", func(_ *testing.T, _, _ string, o *Options) { o.Now = "2026-11-22 08:00" }, true},
		{"content file touched", func(t *testing.T, src, _ string, _ *Options) {
			touch(t, filepath.Join(src, "content", "posts", "first.md"))
		}, false},
		{"static file added", func(t *testing.T, src, _ string, _ *Options) {
			os.WriteFile(filepath.Join(src, "static", "new.txt"), []byte("x"), 0o644)
		}, false},
		{"layout added", func(t *testing.T, src, _ string, _ *Options) {
			os.MkdirAll(filepath.Join(src, "layouts"), 0o755)
			os.WriteFile(filepath.Join(src, "layouts", "404.html"), []byte("<p>gone</p>"), 0o644)
		}, false},
		{"config edited", func(t *testing.T, src, _ string, _ *Options) {
			cfg := filepath.Join(src, "config.toml")
			b, _ := os.ReadFile(cfg)
			os.WriteFile(cfg, append(b, "\n# a comment\n"...), 0o644)
		}, false},
		{"drafts on", func(_ *testing.T, _, _ string, o *Options) { o.Drafts = true }, false},
		{"another baseURL", func(_ *testing.T, _, _ string, o *Options) { o.BaseURL = "https://other.example.org/" }, false},
		{"an output file removed", func(t *testing.T, _, dest string, _ *Options) {
			os.Remove(filepath.Join(dest, "feed.xml"))
		}, false},
		{"an output file edited", func(t *testing.T, _, dest string, _ *Options) {
			touch(t, filepath.Join(dest, "index.html"))
		}, false},
		{"a file added to the output", func(t *testing.T, _, dest string, _ *Options) {
			os.WriteFile(filepath.Join(dest, "stray.html"), []byte("x"), 0o644)
		}, false},
		{"past an event's start", func(_ *testing.T, _, _ string, o *Options) { o.Now = "2026-12-03 14:30" }, false},
		{"earlier than the build", func(_ *testing.T, _, _ string, o *Options) { o.Now = "2026-11-21" }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := copySite(t)
			dest := filepath.Join(t.TempDir(), "public")
			opts := Options{Source: src, Destination: dest, Now: testNow}
			first, err := Build(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			tt.change(t, src, dest, &opts)
			second, err := Build(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			if second.UpToDate != tt.skip {
				t.Fatalf("got UpToDate %v; want %v (%s)", second.UpToDate, tt.skip, second)
			}
			if tt.skip {
				if second.Written != 0 || second.Files != first.Files || second.Pages != first.Pages || len(second.Warnings) != len(first.Warnings) {
					t.Errorf("got %s; want the first build's figures with nothing written (%s)", second, first)
				}
				return
			}
			// What the build did is what a clean build does.
			clean := filepath.Join(t.TempDir(), "clean")
			opts.Destination = clean
			if _, err := Build(context.Background(), opts); err != nil {
				t.Fatal(err)
			}
			a, b := tree(t, dest), tree(t, clean)
			if len(a) != len(b) {
				t.Errorf("got %d files; a clean build makes %d", len(a), len(b))
			}
			for rel, want := range b {
				if a[rel] != want {
					t.Errorf("%s differs from a clean build", rel)
				}
			}
		})
	}
}

// TestUpToDateYear: the theme shows the year, so a build holds only until
// the new year.
func TestUpToDateYear(t *testing.T) {
	src := copySite(t)
	// No content dates after the new year: only the year can end it.
	os.Remove(filepath.Join(src, "content", "posts", "future.md"))
	dest := filepath.Join(t.TempDir(), "public")
	opts := Options{Source: src, Destination: dest, Now: "2027-06-01", Future: true}
	if _, err := Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		now  string
		skip bool
	}{{"2027-12-31 23:59", true}, {"2028-01-01", false}} {
		opts.Now = tt.now
		res, err := Build(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		if res.UpToDate != tt.skip {
			t.Errorf("at %s: got UpToDate %v; want %v", tt.now, res.UpToDate, tt.skip)
		}
	}
}

func touch(t *testing.T, name string) {
	t.Helper()
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(name, later, later); err != nil {
		t.Fatal(err)
	}
}

// TestUpToDateSymlinks: a build reads through links in content/ (and to
// it), so a change to what a link names is a change of input.
func TestUpToDateSymlinks(t *testing.T) {
	tests := []struct {
		name   string
		link   func(t *testing.T, src, elsewhere string) // moves something to elsewhere and links it
		target string                                    // the file then changed, under elsewhere
	}{
		{"content folder", func(t *testing.T, src, elsewhere string) {
			moveAndLink(t, filepath.Join(src, "content"), filepath.Join(elsewhere, "content"))
		}, "content/posts/first.md"},
		{"content file", func(t *testing.T, src, elsewhere string) {
			os.MkdirAll(filepath.Join(elsewhere, "content"), 0o755)
			moveAndLink(t, filepath.Join(src, "content", "posts", "first.md"), filepath.Join(elsewhere, "content", "first.md"))
		}, "content/first.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, elsewhere := copySite(t), t.TempDir()
			tt.link(t, src, elsewhere)
			opts := Options{Source: src, Destination: filepath.Join(t.TempDir(), "public"), Now: testNow}
			if _, err := Build(context.Background(), opts); err != nil {
				t.Fatal(err)
			}
			target := filepath.Join(elsewhere, tt.target)
			b, err := os.ReadFile(target)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(target, append(b, "\nAn added line.\n"...), 0o644); err != nil {
				t.Fatal(err)
			}
			touch(t, target)
			second, err := Build(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			if second.UpToDate {
				t.Errorf("the build after editing %s through a link did nothing", tt.target)
			}
		})
	}
}

func moveAndLink(t *testing.T, from, to string) {
	t.Helper()
	if err := os.Rename(from, to); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(to, from); err != nil {
		t.Fatal(err)
	}
}
