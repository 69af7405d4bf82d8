package serve

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watched are the folders of a site that a change in rebuilds; besides
// them, config.toml in the site folder itself.
var watched = []string{"content", "layouts", "static"}

// watcher reports changes to a site's sources on changes: the name of
// the file of each relevant event.
type watcher struct {
	fs      *fsnotify.Watcher
	root    string
	changes chan string
	closed  chan struct{} // closed by Close: no one reads changes any more
}

func watch(root string) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{fs: fw, root: root, changes: make(chan string, 256), closed: make(chan struct{})}
	if err := fw.Add(root); err != nil {
		fw.Close()
		return nil, err
	}
	for _, dir := range watched {
		// The separator makes a linked folder's walk go into it, as the
		// build reads through the link.
		w.addTree(filepath.Join(root, dir) + string(filepath.Separator))
	}
	go w.loop()
	return w, nil
}

func (w *watcher) Close() error {
	close(w.closed)
	return w.fs.Close()
}

// addTree watches dir and every folder below it; fsnotify watches one
// folder at a time.
func (w *watcher) addTree(dir string) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // gone already, or unreadable: nothing to watch
		}
		if d.IsDir() {
			if p != dir && ignored(d.Name()) {
				return filepath.SkipDir
			}
			w.fs.Add(p)
		}
		return nil
	})
}

func (w *watcher) loop() {
	defer close(w.changes)
	for {
		select {
		case e, ok := <-w.fs.Events:
			if !ok {
				return
			}
			if !w.relevant(e) {
				continue
			}
			if e.Has(fsnotify.Create) {
				if info, err := os.Stat(e.Name); err == nil && info.IsDir() {
					w.addTree(e.Name) // a new folder: watch it and what it holds
				}
			}
			select {
			case w.changes <- e.Name:
			case <-w.closed:
				return
			}
		case _, ok := <-w.fs.Errors:
			if !ok {
				return
			}
		}
	}
}

// relevant reports whether an event can change the site: a file under a
// watched folder, or config.toml, that is not an editor's temporary file.
func (w *watcher) relevant(e fsnotify.Event) bool {
	if e.Op == fsnotify.Chmod {
		return false
	}
	rel, err := filepath.Rel(w.root, e.Name)
	if err != nil {
		return false
	}
	rel = filepath.ToSlash(rel)
	top, _, _ := strings.Cut(rel, "/")
	if rel == "config.toml" {
		return true
	}
	if !slices.Contains(watched, top) {
		return false
	}
	for _, part := range strings.Split(rel, "/") {
		if ignored(part) {
			return false
		}
	}
	return true
}

// ignored reports whether a file name is an editor's or the system's
// scratch file, not part of the site: hidden files (".x.swp", ".DS_Store"),
// backups ("x~"), Emacs's "#x#" and lock files, Vim's write test "4913".
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		strings.HasPrefix(name, "#") || name == "4913" ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") ||
		strings.HasSuffix(name, ".tmp")
}

// debounce turns bursts of changes on in into one batch on out, the names
// changed, sent once in has been quiet for the wait. While a batch waits
// to be taken, new changes join it. It returns when in is closed or ctx is
// done, closing out.
func debounce(ctx context.Context, in <-chan string, out chan<- []string, wait time.Duration) {
	defer close(out)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	var batch []string // changed since the last batch was taken
	var ready bool     // the quiet time has passed: batch is due
	for {
		var send chan<- []string
		if ready && len(batch) > 0 {
			send = out
		}
		select {
		case <-ctx.Done():
			return
		case name, ok := <-in:
			if !ok {
				return
			}
			if !slices.Contains(batch, name) {
				batch = append(batch, name)
			}
			ready = false
			timer.Reset(wait)
		case <-timer.C:
			ready = true
		case send <- batch:
			batch, ready = nil, false
		}
	}
}
