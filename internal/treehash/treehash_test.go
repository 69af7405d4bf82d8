package treehash

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// makeTree makes files (holding their own names), an empty folder, and
// links to a file and to a folder, under a new folder.
func makeTree(t *testing.T) string {
	t.Helper()
	tree := t.TempDir()
	for _, name := range []string{"a/c", "a/b/c", "a-b", "a.b", "A", "a0/x", "z/y/x/w"} {
		write(t, filepath.Join(tree, name), name)
	}
	for _, err := range []error{
		os.Mkdir(filepath.Join(tree, "empty"), 0o755),
		os.Symlink("a-b", filepath.Join(tree, "link-file")),
		os.Symlink("z", filepath.Join(tree, "link-folder")),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return tree
}

func write(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestTree: Tree is the Sum of every entry a walk finds, a file by what it
// (or the link to it) names and a folder by its path, added in any order.
func TestTree(t *testing.T) {
	tree := makeTree(t)
	type entry struct {
		rel  string
		info fs.FileInfo // nil for a folder
	}
	var entries []entry
	err := filepath.WalkDir(tree, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(tree, p)
		info, err := os.Stat(p)
		if err != nil {
			return err
		}
		if info.IsDir() {
			info = nil
		}
		entries = append(entries, entry{rel, info})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 12 {
		t.Fatalf("the tree has %d entries; the test wants more", len(entries))
	}
	got, err := Tree(tree)
	if err != nil {
		t.Fatal(err)
	}
	for _, order := range []string{"walk", "reversed"} {
		if order == "reversed" {
			slices.Reverse(entries)
		}
		var want Sum
		for _, e := range entries {
			if e.info == nil {
				want.Dir(e.rel)
			} else {
				want.File(e.rel, e.info)
			}
		}
		if got != want.String() {
			t.Errorf("Tree = %s; the sum of its entries in %s order is %s", got, order, want.String())
		}
	}

	if sum, err := Tree(filepath.Join(tree, "no-such-folder")); sum != "none" || err != nil {
		t.Errorf("Tree of a missing folder = %q, %v; want none", sum, err)
	}
	// A link deep in the tree to nothing: what it names cannot be read.
	if err := os.Symlink("nowhere", filepath.Join(tree, "z", "y", "dangling")); err != nil {
		t.Fatal(err)
	}
	if _, err := Tree(tree); err == nil {
		t.Error("Tree succeeds with a link to nothing in a subfolder; want an error")
	}
}

// TestTreeChanges: what make and rsync would see as a change changes the
// sum; a folder's time alone does not.
func TestTreeChanges(t *testing.T) {
	later := time.Date(2030, 1, 2, 3, 4, 5, 6, time.UTC)
	tests := []struct {
		name   string
		change func(t *testing.T, tree string)
		same   bool
	}{
		{"nothing", func(*testing.T, string) {}, true},
		{"a folder's time", func(t *testing.T, tree string) {
			if err := os.Chtimes(filepath.Join(tree, "a"), later, later); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"a file's time", func(t *testing.T, tree string) {
			if err := os.Chtimes(filepath.Join(tree, "a", "c"), later, later); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"a file's size", func(t *testing.T, tree string) {
			info, _ := os.Stat(filepath.Join(tree, "a.b"))
			write(t, filepath.Join(tree, "a.b"), "longer than before")
			os.Chtimes(filepath.Join(tree, "a.b"), info.ModTime(), info.ModTime())
		}, false},
		{"a file's mode", func(t *testing.T, tree string) {
			if err := os.Chmod(filepath.Join(tree, "A"), 0o600); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"a file moved", func(t *testing.T, tree string) {
			if err := os.Rename(filepath.Join(tree, "a0", "x"), filepath.Join(tree, "a0", "y")); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"an empty folder added", func(t *testing.T, tree string) {
			if err := os.Mkdir(filepath.Join(tree, "a", "new"), 0o755); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"what a link names", func(t *testing.T, tree string) {
			write(t, filepath.Join(tree, "a-b"), "changed")
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree := makeTree(t)
			before, err := Tree(tree)
			if err != nil {
				t.Fatal(err)
			}
			tt.change(t, tree)
			after, err := Tree(tree)
			if err != nil {
				t.Fatal(err)
			}
			if (before == after) != tt.same {
				t.Errorf("sum before %s, after %s; want them the same: %v", before, after, tt.same)
			}
		})
	}
}
