// Package publish writes a build's output into the destination folder
// (public/) so that a static host, rsync, S3 sync or a Git push to a Pages
// host sees only what really changed.
//
// # Staging and the swap
//
// Files go into a staging folder beside the destination (on the same file
// system), and only when the whole build has succeeded is the staging
// folder swapped with the destination in one step: renameat2 with
// RENAME_EXCHANGE on Linux. Elsewhere, and on Linux file systems without
// it, the destination is renamed aside and the staging folder renamed into
// place; a build stopped between those two renames leaves the destination
// missing and the previous output beside it in a hidden folder whose name
// starts with ".<destination>.plexus-" and ends with ".old", never a mix
// of the two. The previous output is then deleted. A
// build that fails, or is stopped before the swap, leaves the destination
// exactly as it was: nothing in it is written, renamed or removed before
// the swap (hard-linking its files, below, only adds names for them
// elsewhere).
//
// No file is written outside the staging folder: every path is checked to
// be a plain relative path (no "..", no leading "/") before it is used.
//
// # Writing only what changed
//
// Each file is compared with the file at the same path in the destination
// as it is written, size first, then bytes, reading the old file in small
// pieces. A file that is the same is not written: the old file is
// hard-linked into the staging folder, so after the swap it is the very
// same file, with its modification time and inode, and tools that compare
// sizes and times (rsync -a, S3 sync) skip it. A folder whose entries are
// the same names as before keeps its modification time too. Where hard
// links fail (another file system, or one without them), the file is
// copied and given the old file's modification time and permissions.
//
// Files of the previous output that the build no longer makes are left
// out of the new one, so the swap removes them, with two exceptions that
// are carried into the new output (hard-linked, or copied as above):
//
//   - dotfiles and dot folders at any depth, such as the .git folder of a
//     Pages checkout or a .well-known folder, with everything in them;
//   - paths matching Options.Keep, such as "CNAME"; a folder that matches
//     keeps all in it.
//
// A file the build makes always wins over the old file at its path.
//
// # Minifying
//
// With Options.Minify, files are made smaller as they are written, by
// their extension, without changing what they mean (tdewolff/minify):
//
//	.html .htm     whitespace between block elements and comments removed,
//	               runs of spaces made one; <pre> and <textarea> kept byte
//	               for byte, inline spacing kept; document tags, end tags
//	               and attribute quotes kept. Inline CSS, JavaScript, SVG
//	               and JSON (JSON-LD) are minified by their own rules.
//	.css           CSS
//	.js .mjs       JavaScript, emitting nothing newer than ES2015
//	.svg           SVG
//	.xml           only indentation: whitespace between tags that holds a
//	               line break; text, CDATA and attributes are kept as they
//	               are, so feeds' escaped HTML (and <pre> in it) is intact
//	.json          whitespace outside strings; numbers kept as written
//	.webmanifest   as JSON
//
// Every other file (.ics calendars, whose CRLF line ends and folding
// matter, .txt, images) is written as it is, and so is any file whose name
// has ".min." in it (app.min.js), taken to be minified already.
//
// # Fingerprinted assets
//
// Static stylesheets and scripts (.css, .js, .mjs in the static layers)
// are published twice: at their own path and at a fingerprinted path with
// a hash of the published bytes before the extension, css/style.css as
// css/style.1a2b3c4d5e.css. A fingerprinted file's URL changes whenever
// its content does, so a host can let browsers cache it for a year.
// Output.Asset maps a static path to its published path; render's asset
// template function uses it, so pages link the fingerprinted file. The
// plain path stays for templates that link it directly.
package publish

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tdewolff/minify/v2"

	"plexus/internal/treehash"
)

// Options says how an Output writes. The zero value writes files as they
// are made, unminified, and keeps no file of the previous output but its
// dotfiles.
type Options struct {
	// Minify makes HTML, CSS, JavaScript, SVG, XML and JSON files smaller
	// as they are written; see the package doc.
	Minify bool
	// Keep lists paths of the destination that are never removed though
	// the build does not make them: "CNAME", "downloads/", "*.pdf".
	// They are slash-separated and relative to the destination, with
	// path.Match's wildcards (which match within one name); leading and
	// trailing slashes are ignored, and a folder that matches keeps all in
	// it.
	Keep []string
}

// Stats counts what an Output did.
type Stats struct {
	Files     int64 // files the build made
	Bytes     int64 // their size, as published
	Written   int64 // of those, files new or changed since the previous output
	Unchanged int64 // of those, files the same as before, left untouched
	Copied    int64 // of those, files copied from static/ and content/
	Saved     int64 // bytes that minifying saved
	Removed   int64 // files of the previous output the build no longer makes (known after Commit)
	Kept      int64 // dotfiles and kept files carried over from the previous output (after Commit)
}

// Output is one build's output under way. Its methods are safe for
// concurrent use, but for Commit and Abort, which end it.
type Output struct {
	dest     string // the destination folder, e.g. public
	stage    string // the staging folder beside it
	hasOld   bool   // dest existed when the build began
	finished bool   // Finish has carried the previous output's kept files over
	keep     []string
	minify   *minify.M // nil when not minifying
	symlink  bool      // a hard link to a symlink links the symlink itself (Linux)

	// link hard-links a file; tests replace it to exercise the fallback.
	link    func(oldname, newname string) error
	noLinks atomic.Bool // a link failed: copy from then on

	mu      sync.Mutex
	dirs    map[string]bool   // folders made in stage
	sources map[string]string // output path → what wrote it, to catch two sources for one file

	assetMu sync.RWMutex
	assets  map[string]string // static path → published path

	// sum adds up the new output's files as they are written, and its
	// folders (dirs) once it is committed, as a walk would (see Sum).
	// inexact is set when something goes in that a walk would see
	// otherwise: a link or special file carried over.
	sum       treehash.Sum
	inexact   atomic.Bool
	committed bool

	files, bytes, written, unchanged, copied, saved atomic.Int64
	removed, kept                                   int64
	carried                                         []string // paths Finish carried over
}

// Begin starts writing a build whose result will replace dest.
func Begin(dest string, opts Options) (*Output, error) {
	dest = filepath.Clean(dest)
	info, err := os.Lstat(dest)
	if err == nil && info.Mode()&fs.ModeSymlink != 0 {
		// Swapping a link would replace the link, not the folder it
		// names, and leave that folder stale: stage beside the folder.
		if dest, err = filepath.EvalSymlinks(dest); err != nil {
			return nil, err
		}
		info, err = os.Stat(dest)
	}
	switch {
	case err == nil && !info.IsDir():
		return nil, fmt.Errorf("destination %s is a file, not a folder", dest)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	stage, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".plexus-")
	if err != nil {
		return nil, err
	}
	perm := fs.FileMode(0o755)
	if info != nil {
		perm = info.Mode().Perm()
	}
	if err := os.Chmod(stage, perm); err != nil {
		os.RemoveAll(stage)
		return nil, err
	}
	o := &Output{
		dest:    dest,
		stage:   stage,
		hasOld:  info != nil,
		symlink: linksSymlinks,
		link:    os.Link,
		dirs:    map[string]bool{".": true},
		sources: map[string]string{},
		assets:  map[string]string{},
	}
	for _, k := range opts.Keep {
		if k = strings.Trim(k, "/"); k != "" {
			o.keep = append(o.keep, k)
		}
	}
	if opts.Minify {
		o.minify = newMinifier()
	}
	return o, nil
}

// Stats reports what the output holds so far; Removed and Kept are known
// once Commit has run.
func (o *Output) Stats() Stats {
	return Stats{
		Files:     o.files.Load(),
		Bytes:     o.bytes.Load(),
		Written:   o.written.Load(),
		Unchanged: o.unchanged.Load(),
		Copied:    o.copied.Load(),
		Saved:     o.saved.Load(),
		Removed:   o.removed,
		Kept:      o.kept,
	}
}

// claim checks that rel is a safe output path not yet written, records
// what writes it, makes its folder and returns the path to write.
func (o *Output) claim(rel, source string) (string, error) {
	if !fs.ValidPath(rel) || rel == "." || strings.Contains(rel, "\\") {
		return "", fmt.Errorf("refusing to write %q: output paths must stay inside the output folder", rel)
	}
	dir := path.Dir(rel)
	o.mu.Lock()
	if prev, ok := o.sources[rel]; ok {
		o.mu.Unlock()
		return "", fmt.Errorf("%s is made twice, from %s and from %s: rename one of them", rel, prev, source)
	}
	o.sources[rel] = source
	made := o.dirs[dir]
	o.mu.Unlock()
	if !made {
		// Most folders are a page's own, in a folder already made: one
		// mkdir, not MkdirAll's stat of every parent. Two writers may make
		// the same folder at once, hence ErrExist is fine.
		dst := o.newPath(dir)
		err := os.Mkdir(dst, 0o755)
		if errors.Is(err, fs.ErrNotExist) {
			err = os.MkdirAll(dst, 0o755)
		}
		if err != nil && !errors.Is(err, fs.ErrExist) {
			return "", err
		}
		o.made(dir)
	}
	return o.newPath(rel), nil
}

// made notes that the folder dir, and so each folder above it, is in the
// new output.
func (o *Output) made(dir string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for ; !o.dirs[dir]; dir = path.Dir(dir) {
		o.dirs[dir] = true
	}
}

// wrote adds the file rel, just written at dst, to the output's sum.
func (o *Output) wrote(rel, dst string) error {
	info, err := os.Lstat(dst)
	if err != nil {
		return err
	}
	o.sum.File(rel, info)
	return nil
}

// Write writes data to rel, a slash-separated path inside the output,
// minified when the Output minifies. source names what produced it, for
// errors. Write does not keep data.
func (o *Output) Write(rel, source string, data []byte) error {
	return o.write(rel, source, data, o.mediaType(rel))
}

// WriteAsIs is Write without minifying: for a page rendered through
// minified layouts (MinifyLayout).
func (o *Output) WriteAsIs(rel, source string, data []byte) error {
	return o.write(rel, source, data, "")
}

// write writes data to rel, minified as mediaType ("" for as it is).
func (o *Output) write(rel, source string, data []byte, mediaType string) error {
	dst, err := o.claim(rel, source)
	if err != nil {
		return err
	}
	if mediaType != "" {
		buf := getBuffer()
		defer putBuffer(buf)
		if data, err = o.minified(buf, mediaType, rel, source, data); err != nil {
			return err
		}
	}
	return o.put(rel, dst, data)
}

// minified minifies data into buf and returns the bytes to publish: the
// minified ones, even when they are no smaller, because the minifiers
// rewrite their input in place as they read it (tdewolff's decode entities
// and escapes where they stand), so data is no longer fit to publish.
func (o *Output) minified(buf *bytes.Buffer, mediaType, rel, source string, data []byte) ([]byte, error) {
	// A bytes.Buffer, unlike a bytes.Reader, lets the minifiers read data
	// in place instead of copying it whole (parse.NewInput).
	if err := o.minify.Minify(mediaType, buf, bytes.NewBuffer(data)); err != nil {
		where := source
		if !strings.Contains(source, "/") {
			where = rel + " (" + source + ")"
		}
		ext := path.Ext(rel)
		return nil, fmt.Errorf("%s: cannot minify: %v (to publish it as it is, name it %s)",
			where, err, strings.TrimSuffix(path.Base(rel), ext)+".min"+ext)
	}
	if n := len(data) - buf.Len(); n > 0 {
		o.saved.Add(int64(n))
	}
	return buf.Bytes(), nil
}

// put publishes data at rel (staged at dst): the old file when it holds the
// same bytes, else a new file.
func (o *Output) put(rel, dst string, data []byte) error {
	o.files.Add(1)
	o.bytes.Add(int64(len(data)))
	if o.hasOld {
		old := o.oldPath(rel)
		if info, ok := sameBytes(old, data); ok {
			o.unchanged.Add(1)
			return o.reuse(rel, old, dst, info, func(perm fs.FileMode) error {
				return os.WriteFile(dst, data, perm)
			})
		}
	}
	o.written.Add(1)
	info, err := createFile(dst, data, 0o644)
	if err != nil {
		return err
	}
	o.sum.File(rel, info)
	return nil
}

// reuse puts the unchanged file old (which info describes) at rel, staged
// at dst: a hard link, or else a copy made by write with old's permissions
// and modification time.
func (o *Output) reuse(rel, old, dst string, info fs.FileInfo, write func(fs.FileMode) error) error {
	if !o.noLinks.Load() {
		if err := o.link(old, dst); err == nil {
			o.sum.File(rel, info) // the very same file
			return nil
		}
		// Hard links are refused across file systems and on some (FAT,
		// some network and FUSE ones); a refusal is for every file.
		o.noLinks.Store(true)
	}
	if err := write(info.Mode().Perm()); err != nil {
		return err
	}
	if err := os.Chtimes(dst, time.Time{}, info.ModTime()); err != nil {
		return err
	}
	// The file system may keep the time less finely than old's.
	return o.wrote(rel, dst)
}

// Copy copies the file name in fsys to rel, minified when the Output
// minifies and rel's extension is one it minifies. source is as for Write.
func (o *Output) Copy(rel, source string, fsys fs.FS, name string) error {
	dst, err := o.claim(rel, source)
	if err != nil {
		return err
	}
	o.copied.Add(1)
	if mt := o.mediaType(rel); mt != "" {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		buf := getBuffer()
		defer putBuffer(buf)
		if data, err = o.minified(buf, mt, rel, source, data); err != nil {
			return err
		}
		return o.put(rel, dst, data)
	}
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return err
	}
	o.files.Add(1)
	o.bytes.Add(info.Size())
	if o.hasOld {
		old := o.oldPath(rel)
		if oldInfo, ok := sameFile(old, info.Size(), fsys, name); ok {
			o.unchanged.Add(1)
			return o.reuse(rel, old, dst, oldInfo, func(perm fs.FileMode) error {
				return copyFile(dst, perm, fsys, name)
			})
		}
	}
	o.written.Add(1)
	if err := copyFile(dst, 0o644, fsys, name); err != nil {
		return err
	}
	return o.wrote(rel, dst)
}

// copyFile copies the file name in fsys to dst.
func copyFile(dst string, perm fs.FileMode, fsys fs.FS, name string) error {
	in, err := fsys.Open(name)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

// Layer is a folder of static files and the name errors call it by.
type Layer struct {
	Name string // e.g. "static" or "static (default theme)"
	FS   fs.FS
}

// Static copies every file of the layers into the output at the same
// path; a file in a later layer replaces one at the same path in an
// earlier layer (the site's static/ over the theme's). Hidden files are
// skipped. Layers may be nil. Stylesheets and scripts are also published
// at a fingerprinted path (see the package doc), and Asset knows every
// file's published path once Static has returned.
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
		published := p
		var err error
		if fingerprinted(p) {
			published, err = o.fingerprint(p, l.Name+"/"+p, l.FS)
		} else {
			err = o.Copy(p, l.Name+"/"+p, l.FS, p)
		}
		if err != nil {
			return err
		}
		o.assetMu.Lock()
		o.assets[p] = published
		o.assetMu.Unlock()
	}
	return nil
}

// fingerprinted reports whether a static file is also published under a
// name with its hash.
func fingerprinted(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".css", ".js", ".mjs":
		return true
	}
	return false
}

// hashLen is the length of a fingerprint in hex digits: 40 bits, plenty to
// tell versions of one file apart.
const hashLen = 10

// fingerprint publishes the static file p of fsys at p and at its
// fingerprinted path, which it returns.
func (o *Output) fingerprint(p, source string, fsys fs.FS) (string, error) {
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		return "", err
	}
	size := len(data)
	if mt := o.mediaType(p); mt != "" {
		buf := getBuffer()
		defer putBuffer(buf)
		if data, err = o.minified(buf, mt, p, source, data); err != nil {
			return "", err
		}
	}
	// The bytes are published twice, and so saved twice.
	o.saved.Add(int64(size - len(data)))
	sum := sha256.Sum256(data)
	ext := path.Ext(p)
	fp := strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:])[:hashLen] + ext
	for _, rel := range []string{p, fp} {
		dst, err := o.claim(rel, source)
		if err != nil {
			return "", err
		}
		o.copied.Add(1)
		if err := o.put(rel, dst, data); err != nil {
			return "", err
		}
	}
	return fp, nil
}

// Asset returns the path a static file (a path under static/, such as
// "css/style.css") is published at: its fingerprinted path for a
// stylesheet or script, else its own. It reports false for a path that is
// no static file. It is meant to be called after Static has returned.
func (o *Output) Asset(name string) (string, bool) {
	o.assetMu.RLock()
	defer o.assetMu.RUnlock()
	p, ok := o.assets[name]
	return p, ok
}

// oldPath is where rel is in the destination.
func (o *Output) oldPath(rel string) string {
	return filepath.Join(o.dest, filepath.FromSlash(rel))
}

// newPath is where rel is in the staging folder.
func (o *Output) newPath(rel string) string {
	return filepath.Join(o.stage, filepath.FromSlash(rel))
}

// Paths lists every path of the new output so far, in no order: the files
// written and copied, and once Finish has run, those carried over from the
// previous output.
func (o *Output) Paths() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append(slices.Collect(maps.Keys(o.sources)), o.carried...)
}

// Carried lists the paths Finish carried over from the previous output.
func (o *Output) Carried() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.carried)
}

// Abort discards the staging folder; the destination is untouched.
func (o *Output) Abort() error {
	return os.RemoveAll(o.stage)
}

// FS is the new output as it stands in the staging folder, to check it
// before Commit; call Finish first so that it is whole.
func (o *Output) FS() fs.FS { return os.DirFS(o.stage) }

// Finish carries the dotfiles and kept files of the previous output into
// the new one, so that the staging folder holds the whole new output. The
// destination is untouched. Commit calls it if it has not been called.
func (o *Output) Finish() error {
	if o.finished {
		return nil
	}
	info, err := os.Stat(o.dest)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		o.finished = true
		return nil
	case err != nil:
		return err
	}
	if err := o.carry(".", info, false); err != nil {
		return err
	}
	o.finished = true
	return nil
}

// Commit puts the new output in place of the destination: dotfiles and
// kept files of the previous output are carried into the new one (see
// Finish), the two are swapped, and the previous output is deleted. Until
// the swap the destination is untouched.
func (o *Output) Commit() error {
	if err := o.Finish(); err != nil {
		return err
	}
	if _, err := os.Stat(o.dest); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(o.stage, o.dest); err != nil {
			return err
		}
		o.commit()
		return nil
	}
	if err := exchange(o.stage, o.dest); err != nil {
		return err
	}
	o.commit()
	// The staging path now holds the previous output.
	return os.RemoveAll(o.stage)
}

// commit adds the folders to the sum once the new output is in place.
func (o *Output) commit() {
	o.mu.Lock()
	defer o.mu.Unlock()
	for dir := range o.dirs {
		o.sum.Dir(dir)
	}
	o.committed = true
}

// Sum is the sum of the output Commit put in place, as treehash.Tree
// would find it but without reading the output again: the files' sizes,
// times and modes as they were written. It is "" before Commit, and when
// the output holds what the sum cannot vouch for (a link or a special file
// carried over from the previous output): Tree sums it then.
func (o *Output) Sum() string {
	o.mu.Lock()
	committed := o.committed
	o.mu.Unlock()
	if !committed || o.inexact.Load() {
		return ""
	}
	return o.sum.String()
}
