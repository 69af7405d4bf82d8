package serve

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watched are the folders of a site that a change in rebuilds; besides
// them, config.toml in the site folder itself.
var watched = []string{"content", "layouts", "static"}

// watcher reports changes to a site's sources on changes, one value per
// relevant file event.
type watcher struct {
	fs      *fsnotify.Watcher
	root    string
	changes chan struct{}
}

func watch(root string) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{fs: fw, root: root, changes: make(chan struct{}, 64)}
	if err := fw.Add(root); err != nil {
		fw.Close()
		return nil, err
	}
	for _, dir := range watched {
		w.addTree(filepath.Join(root, dir))
	}
	go w.loop()
	return w, nil
}

func (w *watcher) Close() error { return w.fs.Close() }

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
			case w.changes <- struct{}{}:
			default: // a rebuild is already due
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
	isWatched := false
	for _, d := range watched {
		isWatched = isWatched || top == d
	}
	if !isWatched {
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

// debounce turns bursts of values on in into one value on out, sent once
// in has been quiet for the wait. It returns when in is closed or ctx is
// done, closing out.
func debounce(ctx context.Context, in <-chan struct{}, out chan<- struct{}, wait time.Duration) {
	defer close(out)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	pending := false
	for {
		select {
		case <-ctx.Done():
			return
		case _, ok := <-in:
			if !ok {
				return
			}
			pending = true
			timer.Reset(wait)
		case <-timer.C:
			if pending {
				pending = false
				select {
				case out <- struct{}{}:
				default: // a rebuild is already queued; it will see this change too
				}
			}
		}
	}
}
