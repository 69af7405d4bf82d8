package check

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"sync"
)

// checkFolder checks the site in fsys, a built output folder, as a build
// does: it names every file to a Stream, then reads every page on every
// core and hands it over.
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

// readPages reads every page of the stream from fsys and hands it over.
func (s *Stream) readPages(ctx context.Context, fsys fs.FS) error {
	pages := s.c.pages
	next := make(chan string)
	workers := min(runtime.GOMAXPROCS(0), max(1, len(pages)))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for p := range next {
				if errs[w] != nil {
					continue // drain: another page failed
				}
				var b []byte
				if b, errs[w] = fs.ReadFile(fsys, p); errs[w] == nil {
					s.Page(p, b)
				}
			}
		})
	}
feed:
	for _, p := range pages {
		select {
		case next <- p:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	return errors.Join(errs...)
}
