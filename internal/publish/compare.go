package publish

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"sync"
)

// chunkSize is how much of a file a comparison reads at a time, so that
// comparing a large file never holds it in memory whole.
const chunkSize = 64 << 10

var chunks = sync.Pool{New: func() any { b := make([]byte, chunkSize); return &b }}

var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuffer() *bytes.Buffer { return buffers.Get().(*bytes.Buffer) }

// putBuffer returns a buffer to the pool, unless an unusually large file
// made it big: one huge file should not keep its memory for the rest of
// the build.
func putBuffer(b *bytes.Buffer) {
	if b.Cap() > 4<<20 {
		return
	}
	b.Reset()
	buffers.Put(b)
}

// sameBytes reports whether the file old is a regular file holding
// exactly data, and returns its information when it is.
func sameBytes(old string, data []byte) (fs.FileInfo, bool) {
	info, err := os.Lstat(old)
	if err != nil || !info.Mode().IsRegular() || info.Size() != int64(len(data)) {
		return nil, false
	}
	f, err := os.Open(old)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	bp := chunks.Get().(*[]byte)
	defer chunks.Put(bp)
	buf := *bp
	for off := 0; ; {
		n, err := io.ReadFull(f, buf)
		if n > len(data)-off || !bytes.Equal(buf[:n], data[off:off+n]) {
			return nil, false
		}
		off += n
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return info, off == len(data)
		}
		if err != nil {
			return nil, false
		}
	}
}

// sameFile reports whether the file old is a regular file of size bytes
// holding the same bytes as the file name in fsys, and returns its
// information when it is.
func sameFile(old string, size int64, fsys fs.FS, name string) (fs.FileInfo, bool) {
	info, err := os.Lstat(old)
	if err != nil || !info.Mode().IsRegular() || info.Size() != size {
		return nil, false
	}
	a, err := os.Open(old)
	if err != nil {
		return nil, false
	}
	defer a.Close()
	b, err := fsys.Open(name)
	if err != nil {
		return nil, false
	}
	defer b.Close()
	ap, bp := chunks.Get().(*[]byte), chunks.Get().(*[]byte)
	defer chunks.Put(ap)
	defer chunks.Put(bp)
	for {
		n, aerr := io.ReadFull(a, *ap)
		m, berr := io.ReadFull(b, *bp)
		if n != m || !bytes.Equal((*ap)[:n], (*bp)[:m]) {
			return nil, false
		}
		aend := aerr == io.EOF || aerr == io.ErrUnexpectedEOF
		bend := berr == io.EOF || berr == io.ErrUnexpectedEOF
		switch {
		case aend && bend:
			return info, true
		case aend != bend, aerr != nil, berr != nil:
			return nil, false
		}
	}
}
