// Package publish writes a build's output. Files go into a staging folder
// beside the destination, and only when the whole build has succeeded is the
// staging folder swapped in for the destination, in one step where the
// system allows it. A build that fails, or is stopped, leaves the previous
// output exactly as it was.
//
// No file is written outside the staging folder: every path is checked to
// be a plain relative path (no "..", no leading "/") before it is used.
package publish

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
)

// Output is one build's output under way. Its methods are safe for
// concurrent use.
type Output struct {
	dest  string // the destination folder, e.g. public
	stage string // the staging folder beside it

	mu      sync.Mutex
	dirs    map[string]bool   // folders made in stage
	written map[string]string // output path → what wrote it, to catch two sources for one file

	files atomic.Int64
	bytes atomic.Int64
}

// Begin starts writing a build whose result will replace dest.
func Begin(dest string) (*Output, error) {
	dest = filepath.Clean(dest)
	if info, err := os.Stat(dest); err == nil && !info.IsDir() {
		return nil, fmt.Errorf("destination %s is a file, not a folder", dest)
	}
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	stage, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".plexus-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(stage, 0o755); err != nil {
		os.RemoveAll(stage)
		return nil, err
	}
	return &Output{dest: dest, stage: stage, dirs: map[string]bool{".": true}, written: map[string]string{}}, nil
}

// Stats reports the files and bytes written so far.
func (o *Output) Stats() (files, bytes int64) { return o.files.Load(), o.bytes.Load() }

// claim checks that rel is a safe output path not yet written, records
// what writes it, makes its folder and returns the path to write.
func (o *Output) claim(rel, source string) (string, error) {
	if !fs.ValidPath(rel) || rel == "." || strings.Contains(rel, "\\") {
		return "", fmt.Errorf("refusing to write %q: output paths must stay inside the output folder", rel)
	}
	dir := path.Dir(rel)
	o.mu.Lock()
	if prev, ok := o.written[rel]; ok {
		o.mu.Unlock()
		return "", fmt.Errorf("%s is made twice, from %s and from %s: rename one of them", rel, prev, source)
	}
	o.written[rel] = source
	made := o.dirs[dir]
	o.mu.Unlock()
	if !made {
		if err := os.MkdirAll(filepath.Join(o.stage, filepath.FromSlash(dir)), 0o755); err != nil {
			return "", err
		}
		o.mu.Lock()
		o.dirs[dir] = true
		o.mu.Unlock()
	}
	return filepath.Join(o.stage, filepath.FromSlash(rel)), nil
}

// Write writes data to rel, a slash-separated path inside the output.
// source names what produced it, for the error when two sources make one
// file.
func (o *Output) Write(rel, source string, data []byte) error {
	dst, err := o.claim(rel, source)
	if err != nil {
		return err
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		return err
	}
	o.files.Add(1)
	o.bytes.Add(int64(len(data)))
	return nil
}

// Copy copies the file name in fsys to rel. source is as for Write.
func (o *Output) Copy(rel, source string, fsys fs.FS, name string) error {
	dst, err := o.claim(rel, source)
	if err != nil {
		return err
	}
	in, err := fsys.Open(name)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	n, err := io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	o.files.Add(1)
	o.bytes.Add(n)
	return nil
}

// Static copies every file of the layers into the output at the same
// path; a file in a later layer replaces one at the same path in an
// earlier layer (the site's static/ over the theme's). Hidden files are
// skipped. Layers may be nil.
func (o *Output) Static(layers ...Layer) error {
	files := map[string]Layer{}
	var order []string
	for _, l := range layers {
		if l.FS == nil {
			continue
		}
		err := fs.WalkDir(l.FS, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == "." && errors.Is(err, fs.ErrNotExist) {
					return fs.SkipAll
				}
				return err
			}
			if p != "." && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			if _, seen := files[p]; !seen {
				order = append(order, p)
			}
			files[p] = l
			return nil
		})
		if err != nil {
			return err
		}
	}
	for _, p := range order {
		l := files[p]
		if err := o.Copy(p, l.Name+"/"+p, l.FS, p); err != nil {
			return err
		}
	}
	return nil
}

// Layer is a folder of static files and the name errors call it by.
type Layer struct {
	Name string // e.g. "static" or "static (default theme)"
	FS   fs.FS
}

// Abort discards the staging folder; the destination is untouched.
func (o *Output) Abort() error {
	return os.RemoveAll(o.stage)
}

// Commit puts the new output in place of the destination and removes the
// old one. Hidden entries at the top of the old destination (a Pages
// checkout's .git, say) are carried over into the new one.
func (o *Output) Commit() error {
	old, err := os.ReadDir(o.dest)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return os.Rename(o.stage, o.dest)
	case err != nil:
		return err
	}
	for _, e := range old {
		if strings.HasPrefix(e.Name(), ".") {
			if _, err := os.Lstat(filepath.Join(o.stage, e.Name())); err == nil {
				continue // the new output has its own
			}
			if err := os.Rename(filepath.Join(o.dest, e.Name()), filepath.Join(o.stage, e.Name())); err != nil {
				return err
			}
		}
	}
	if err := exchange(o.stage, o.dest); err != nil {
		return err
	}
	// The staging path now holds the previous output.
	return os.RemoveAll(o.stage)
}
