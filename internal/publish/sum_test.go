package publish

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"plexus/internal/treehash"
)

// TestSum: the sum an Output keeps as it writes is the sum of a walk of
// the output it commits, however its files got there: written, copied
// from static files, hard-linked or copied unchanged from the previous
// output, carried over with the empty folders kept beside them.
func TestSum(t *testing.T) {
	tests := []struct {
		name string
		// old makes the previous output in dest, or leaves none; opts and
		// pages are the new build's.
		old     func(t *testing.T, dest string)
		opts    Options
		pages   map[string]string
		noLinks bool
	}{
		{"new output", nil, Options{}, pages(3), false},
		{"new output, minified", nil, Options{Minify: true}, pages(3), false},
		{"over the previous output", func(t *testing.T, dest string) {
			publishSite(t, dest, Options{}, pages(4))
			write(t, filepath.Join(dest, "posts", "p1", "index.html"), "changed since")
			write(t, filepath.Join(dest, ".nojekyll"), "")
			write(t, filepath.Join(dest, "gone", "deeper", ".htaccess"), "deny") // in folders the build no longer makes
			write(t, filepath.Join(dest, ".git", "HEAD"), "ref")
			write(t, filepath.Join(dest, "CNAME"), "example.org")
			write(t, filepath.Join(dest, "downloads", "2025", "old.pdf"), "pdf")
			os.MkdirAll(filepath.Join(dest, ".git", "refs", "tags"), 0o755)
		}, Options{Keep: []string{"CNAME", "downloads"}}, pages(3), false},
		{"copies where links fail", func(t *testing.T, dest string) {
			publishSite(t, dest, Options{}, pages(3))
			write(t, filepath.Join(dest, ".git", "HEAD"), "ref")
		}, Options{}, pages(3), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			if tt.old != nil {
				tt.old(t, dest)
			}
			o, err := Begin(dest, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if tt.noLinks {
				o.link = func(string, string) error { return errors.New("operation not permitted") }
			}
			publishInto(t, o, tt.pages)
			if got := o.Sum(); got != "" {
				t.Fatalf("Sum before Commit = %q; want none", got)
			}
			if err := o.Commit(); err != nil {
				t.Fatal(err)
			}
			want, err := treehash.Tree(dest)
			if err != nil {
				t.Fatal(err)
			}
			if got := o.Sum(); got != want {
				t.Errorf("Sum = %q; the output's tree sums to %q", got, want)
			}
			if st := o.Stats(); tt.old != nil && st.Unchanged == 0 {
				t.Errorf("got %+v; want files unchanged from the previous output", st)
			}
		})
	}
}

// TestSumCarriedLink: an output that carries a symbolic link over has no
// sum of its own; the caller walks it.
func TestSumCarriedLink(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	publishSite(t, dest, Options{}, pages(1))
	write(t, filepath.Join(dest, ".git", "HEAD"), "ref")
	if err := os.Symlink("HEAD", filepath.Join(dest, ".git", "link")); err != nil {
		t.Fatal(err)
	}
	o, err := Begin(dest, Options{})
	if err != nil {
		t.Fatal(err)
	}
	publishInto(t, o, pages(1))
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := o.Sum(); got != "" {
		t.Errorf("Sum = %q; want none for an output with a carried link", got)
	}
}
