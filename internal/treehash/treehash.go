// Package treehash sums a folder tree by what make and rsync compare: each
// file's path, size, modification time and mode, and each folder's path.
// A build records the sum of its output and of its inputs, and does nothing
// the next time both sums are the same (see package build).
//
// The sum is of the set of entries, in no order: each entry's line is
// hashed alone and the hashes are added up. So a walk may state entries on
// every core in any order, and a build's output can be summed as its files
// are written, from many goroutines, without a walk of the output at the
// end or a list of its files kept until then.
//
// A folder counts by its path alone: its time changes whenever an entry is
// added or removed, which the entries' own paths already show.
package treehash

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
)

// Sum adds up the entries of a tree. The zero value is an empty sum; its
// methods are safe for concurrent use.
type Sum struct {
	mu   sync.Mutex
	a, b uint64 // the sums of the first and second eight bytes of each line's hash
	n    uint64 // entries added
}

// File adds the file at rel (slash-separated, relative to the tree's root)
// as info describes it.
func (s *Sum) File(rel string, info fs.FileInfo) {
	// As fmt's "%q %d %d %v\n", without its cost per entry; publish adds
	// a line per file it writes, so the line is built on the stack.
	var buf [256]byte
	line := strconv.AppendQuote(buf[:0], filepath.ToSlash(rel))
	line = append(line, ' ')
	line = strconv.AppendInt(line, info.Size(), 10)
	line = append(line, ' ')
	line = strconv.AppendInt(line, info.ModTime().UnixNano(), 10)
	line = append(line, ' ')
	line = append(line, info.Mode().String()...)
	s.add(append(line, '\n'))
}

// Dir adds the folder at rel; "." is the root.
func (s *Sum) Dir(rel string) {
	var buf [256]byte
	s.add(append(strconv.AppendQuote(buf[:0], filepath.ToSlash(rel)), " dir\n"...))
}

func (s *Sum) add(line []byte) {
	h := sha256.Sum256(line)
	s.mu.Lock()
	s.a += binary.LittleEndian.Uint64(h[0:8])
	s.b += binary.LittleEndian.Uint64(h[8:16])
	s.n++
	s.mu.Unlock()
}

// String is the sum in hex.
func (s *Sum) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b [24]byte
	binary.LittleEndian.PutUint64(b[0:], s.a)
	binary.LittleEndian.PutUint64(b[8:], s.b)
	binary.LittleEndian.PutUint64(b[16:], s.n)
	return hex.EncodeToString(b[:])
}

// Tree sums the tree at dir: every entry under it, and dir itself as ".".
// A link counts as what it names (a build reads through links); a link to
// a folder is not listed into. A missing dir sums as none; a tree that
// cannot be read, or a link to nothing, is an error.
func Tree(dir string) (string, error) {
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real // a build reads through a linked folder
	}
	var (
		s     Sum
		paths []string
		files []fs.DirEntry
	)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			s.Dir(rel)
			return nil
		}
		paths, files = append(paths, rel), append(files, d)
		return nil
	})
	switch {
	case errors.Is(err, fs.ErrNotExist) && len(paths) == 0 && s.n == 0:
		return "none", nil
	case err != nil:
		return "", err
	}
	// A large output has hundreds of thousands of files: stated on every
	// core.
	const chunk = 1024
	var (
		next    atomic.Int64
		wg      sync.WaitGroup
		errOnce sync.Once
		first   error
	)
	for range min(runtime.GOMAXPROCS(0), (len(files)+chunk-1)/chunk) {
		wg.Go(func() {
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= len(files) {
					return
				}
				for i := lo; i < min(lo+chunk, len(files)); i++ {
					info, err := files[i].Info()
					if err == nil && info.Mode()&fs.ModeSymlink != 0 {
						info, err = os.Stat(filepath.Join(dir, paths[i]))
					}
					if err != nil {
						errOnce.Do(func() { first = err })
						next.Store(int64(len(files)))
						return
					}
					if info.IsDir() {
						s.Dir(paths[i]) // a link to a folder
					} else {
						s.File(paths[i], info)
					}
				}
			}
		})
	}
	wg.Wait()
	if first != nil {
		return "", fmt.Errorf("treehash: %w", first)
	}
	return s.String(), nil
}
