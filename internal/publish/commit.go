package publish

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"
)

// linksSymlinks says whether a hard link to a symbolic link links the
// symbolic link itself, keeping its time, as Linux's link does; elsewhere
// link may follow it, so symbolic links are made anew.
const linksSymlinks = runtime.GOOS == "linux"

// carry walks the previous output's folder rel (old describes it) and
// carries into the staging folder the files the build did not make but
// that must stay: dotfiles, files in dot folders, kept paths (everything
// under rel when keepAll). It counts the files left behind, which the swap
// removes, and gives a staged folder the previous one's modification time
// when it holds the same names, so that syncing tools see it unchanged.
// It reads one folder at a time: the previous output is never held in
// memory.
func (o *Output) carry(rel string, old fs.FileInfo, keepAll bool) error {
	entries, err := os.ReadDir(o.oldPath(rel))
	if err != nil {
		return err
	}
	for _, e := range entries {
		r := path.Join(rel, e.Name())
		keep := keepAll || strings.HasPrefix(e.Name(), ".") || o.keeps(r)
		if e.IsDir() {
			info, err := e.Info()
			if err != nil {
				return err
			}
			if keep {
				// Make the folder even when empty: a Git checkout has
				// empty folders that matter.
				switch err := os.MkdirAll(o.newPath(r), info.Mode().Perm()); {
				case err == nil:
					o.made(r)
				case !conflict(err):
					return err
				}
			}
			if err := o.carry(r, info, keep); err != nil {
				return err
			}
			continue
		}
		if _, made := o.sources[r]; made {
			continue
		}
		if !keep {
			o.removed++
			continue
		}
		switch err := o.carryFile(r, e); {
		case conflict(err):
			o.removed++ // the new output has a file or folder in its way
		case err != nil:
			return err
		default:
			o.kept++
			o.carried = append(o.carried, r)
		}
	}
	staged := o.newPath(rel)
	if info, err := os.Lstat(staged); err == nil && info.IsDir() && sameNames(staged, entries) {
		return os.Chtimes(staged, time.Time{}, old.ModTime())
	}
	return nil
}

// keeps reports whether rel matches a Keep pattern.
func (o *Output) keeps(rel string) bool {
	for _, k := range o.keep {
		if ok, _ := path.Match(k, rel); ok {
			return true
		}
	}
	return false
}

// carryFile puts the previous output's file rel into the staging folder: a
// hard link, or else a copy with the old file's permissions and time.
func (o *Output) carryFile(rel string, e fs.DirEntry) error {
	old, dst := o.oldPath(rel), o.newPath(rel)
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	o.made(path.Dir(rel))
	if _, err := os.Lstat(dst); err == nil {
		return fs.ErrExist
	}
	info, err := e.Info()
	if err != nil {
		return err
	}
	switch {
	case info.Mode().IsRegular():
		return o.reuse(rel, old, dst, info, func(perm fs.FileMode) error {
			return copyFile(dst, perm, os.DirFS(filepath.Dir(old)), filepath.Base(old))
		})
	case info.Mode()&fs.ModeSymlink != 0:
		o.inexact.Store(true) // a walk states what the link names
		if o.symlink && !o.noLinks.Load() && o.link(old, dst) == nil {
			return nil
		}
		target, err := os.Readlink(old)
		if err != nil {
			return err
		}
		return os.Symlink(target, dst)
	}
	// A socket, pipe or device has no place on a web host; it is carried
	// only if it can be linked.
	o.inexact.Store(true)
	if o.link(old, dst) != nil {
		return fs.ErrExist
	}
	return nil
}

// conflict reports whether err says the new output has something in the
// way of a carried path, which the new output wins.
func conflict(err error) bool {
	return errors.Is(err, fs.ErrExist) || errors.Is(err, syscall.ENOTDIR)
}

// sameNames reports whether the folder dir holds exactly the entries.
func sameNames(dir string, entries []fs.DirEntry) bool {
	f, err := os.Open(dir)
	if err != nil {
		return false
	}
	names, err := f.Readdirnames(-1)
	f.Close()
	if err != nil || len(names) != len(entries) {
		return false
	}
	slices.Sort(names)
	for i, e := range entries {
		if names[i] != e.Name() {
			return false
		}
	}
	return true
}
