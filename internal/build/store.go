package build

import (
	"os"
	"sync/atomic"

	"plexus/internal/site"
)

// store keeps rendered page bodies in a temporary file between the content
// stage, which converts them, and rendering, which needs them once the
// whole site graph is known. Holding them on disk instead of in memory
// keeps a build's memory bounded by its metadata, whatever the site's size;
// the operating system's page cache makes reading them back cheap.
type store struct {
	f    *os.File
	next atomic.Int64
}

func newStore(dir string) (*store, error) {
	f, err := os.CreateTemp(dir, ".plexus-bodies-")
	if err != nil {
		return nil, err
	}
	// The file is only ever used through f; unlinking it now means it
	// cannot be left behind, however the build ends.
	os.Remove(f.Name())
	return &store{f: f}, nil
}

// Put appends a body and returns where it is. Safe for concurrent use.
func (s *store) Put(b []byte) (site.BodyRef, error) {
	if len(b) == 0 {
		return site.BodyRef{}, nil
	}
	off := s.next.Add(int64(len(b))) - int64(len(b))
	_, err := s.f.WriteAt(b, off)
	return site.BodyRef{Offset: off, Len: len(b)}, err
}

// Get reads a page's body back. Safe for concurrent use.
func (s *store) Get(p *site.Page) (string, error) {
	ref := p.Body
	if ref.Len == 0 {
		return "", nil
	}
	b := make([]byte, ref.Len)
	_, err := s.f.ReadAt(b, ref.Offset)
	return bytesString(b), err
}

func (s *store) Close() error { return s.f.Close() }
