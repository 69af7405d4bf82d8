package check

import (
	"context"
	"fmt"
	"io/fs"
)

// checkFolder checks the site in fsys, a built output folder, as a build
// does: it names every file to a Stream, then reads every page and hands
// it over.
func checkFolder(ctx context.Context, fsys fs.FS, opts Options) ([]Broken, error) {
	files, err := walk(fsys)
	if err != nil {
		return nil, err
	}
	s, err := NewStream(opts, files)
	if err != nil {
		return nil, err
	}
	if err := s.readPages(ctx, fsys); err != nil {
		return nil, err
	}
	return s.Finish(ctx)
}

// walk lists the files of fsys.
func walk(fsys fs.FS) ([]string, error) {
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("check: %w", err)
	}
	return files, nil
}

// readPages reads every page of the stream from fsys and hands it over,
// one after another: TestStream hands pages over from many goroutines.
func (s *Stream) readPages(ctx context.Context, fsys fs.FS) error {
	for _, p := range s.c.pages {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		s.Page(p, b)
	}
	return nil
}
