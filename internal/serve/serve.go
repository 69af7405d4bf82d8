// Package serve is plexus serve: a preview server for writers. It keeps
// the site in memory (build.Session), serves it on 127.0.0.1 (unless told
// otherwise), watches content/, layouts/, static/ and config.toml,
// rebuilds when they change, and makes open pages reload themselves.
//
// Pages, feeds and calendars are rendered as they are asked for, from the
// site as it stands after the last rebuild, so lists, indexes, feeds and
// calendars are never stale; static and bundle files are served from a
// private temporary folder. A rebuild reads and converts only the files
// that changed and makes the site graph again; after one that did not
// render the whole site, the site is rendered once in the background to
// report broken links and pages a template fails on. A build that fails
// leaves the last good site in place; the error, with its file and line,
// is shown over the page in the browser until the file is fixed.
//
// Pages get a small script, added as they are served (plexus build's
// output never contains it), that listens for rebuilds with server-sent
// events on /__plexus/events.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"

	"plexus/internal/build"
)

// Options configures the server. The zero value serves the site in the
// current folder on 127.0.0.1:1313.
type Options struct {
	Source string // the site folder; "" is "."
	Bind   string // the address to listen on; "" is 127.0.0.1
	Port   int    // "" is 1313; -1 picks a free port (for tests)
	Drafts bool
	Future bool
	Now    string // as build.Options.Now
	Theme  fs.FS  // as build.Options.Theme
	// Log receives a line per build and every build error; nil discards.
	Log io.Writer
	// Ready, when set, is called with the server's base URL once it is
	// listening and the first build is done.
	Ready func(url string)
}

// DefaultPort is the port plexus serve listens on unless told otherwise.
const DefaultPort = 1313

// Quiet is how long the watcher waits after the last change before it
// rebuilds: editors write a file in several steps (a temporary file, a
// rename, a change of mode) within a few milliseconds, and a burst of
// saves is one rebuild.
const Quiet = 20 * time.Millisecond

// Run builds and serves the site until ctx is done.
func Run(ctx context.Context, opts Options) error {
	if opts.Source == "" {
		opts.Source = "."
	}
	if opts.Bind == "" {
		opts.Bind = "127.0.0.1"
	}
	switch opts.Port {
	case 0:
		opts.Port = DefaultPort
	case -1:
		opts.Port = 0
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(opts.Bind, strconv.Itoa(opts.Port)))
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("port %d is in use (is another plexus serve running?): try plexus serve --port %d", opts.Port, freePort(opts.Bind, opts.Port))
		}
		return err
	}
	defer ln.Close()

	tmp, err := os.MkdirTemp("", "plexus-serve-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	host := opts.Bind
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	port := ln.Addr().(*net.TCPAddr).Port
	s := newServer(opts, filepath.Join(tmp, "site"), "http://"+net.JoinHostPort(host, strconv.Itoa(port))+"/")

	// Watch from before the first build, so that a save during it is not
	// lost: rebuilds take turns (buildMu), and Update builds a site it
	// has none of.
	w, err := watch(opts.Source)
	if err != nil {
		return err
	}
	defer w.Close()
	// On the way out, rebuilds and the background check stop before the
	// temporary folder goes (deferred calls run last first).
	ctx, stop := context.WithCancel(ctx)
	rebuilt := make(chan struct{})
	defer s.stopVerify()
	defer func() { <-rebuilt }()
	defer stop()
	batches := make(chan []string)
	go debounce(ctx, w.changes, batches, Quiet)
	go func() {
		defer close(rebuilt)
		for changed := range batches {
			s.rebuild(ctx, changed)
		}
	}()
	s.rebuild(ctx, nil)

	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(opts.Log, "serving on %s (Ctrl-C to stop)\n", s.baseURL)
	if opts.Ready != nil {
		opts.Ready(s.baseURL)
	}
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	// Open event streams never end by themselves: close them first.
	s.closeClients()
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}

// freePort suggests a port near taken that is free now, or taken+1.
func freePort(bind string, taken int) int {
	for p := taken + 1; p < taken+20; p++ {
		if ln, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(p))); err == nil {
			ln.Close()
			return p
		}
	}
	return taken + 1
}

// server holds the preview's state: where the site is, and what the
// browsers watching it have to be told.
type server struct {
	opts    Options
	dest    string // the static and bundle files, in a private temporary folder
	baseURL string // the address pages are built for
	session *build.Session

	buildMu sync.Mutex // one build at a time

	// The check of the whole site that runs after a rebuild that did not
	// render it (build.Session.Verify); under buildMu.
	cancelVerify context.CancelFunc // nil when none runs
	verified     chan struct{}      // closed when it ends

	mu      sync.Mutex
	version int    // successful builds so far
	failure string // the last build's error; "" when it succeeded
	clients map[chan event]struct{}
}

// event is a server-sent event to the pages open in browsers.
type event struct{ name, data string }

func newServer(opts Options, dest, baseURL string) *server {
	return &server{
		opts:    opts,
		dest:    dest,
		baseURL: baseURL,
		clients: map[chan event]struct{}{},
		session: build.NewSession(build.Options{
			Source:      opts.Source,
			Destination: dest,
			Drafts:      opts.Drafts,
			Future:      opts.Future,
			Now:         opts.Now,
			BaseURL:     baseURL,
			Theme:       opts.Theme,
			Minify:      new(false), // readable source in the browser; and faster
		}),
	}
}

// rebuild brings the site up to date with the changed files (nil: build
// everything) and tells the browsers: reload, or show the error. A failed
// build leaves the last good site in place. A rebuild that did not render
// the whole site is followed by a check of it in the background, which
// reports a template that fails on some page, and broken links.
func (s *server) rebuild(ctx context.Context, changed []string) {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	s.cancelVerifyLocked() // the site it checks is about to change
	var res *build.Result
	var err error
	if changed == nil {
		res, err = s.session.Build(ctx)
	} else {
		res, err = s.session.Update(ctx, changed)
	}
	if ctx.Err() != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.fail(err, "build failed; still serving the last good site")
		return
	}
	s.warn(res.Warnings)
	fmt.Fprintln(s.opts.Log, res)
	s.failure = ""
	s.version++
	s.broadcast(event{"reload", strconv.Itoa(s.version)})
	if !res.Verified {
		s.verify(ctx)
	}
}

// stopVerify stops the background check, if one runs, and waits for it.
func (s *server) stopVerify() {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	s.cancelVerifyLocked()
}

// cancelVerifyLocked is stopVerify with buildMu held.
func (s *server) cancelVerifyLocked() {
	if s.cancelVerify != nil {
		s.cancelVerify()
		<-s.verified
		s.cancelVerify = nil
	}
}

// verify checks the whole site in the background. buildMu is held.
func (s *server) verify(ctx context.Context) {
	ctx, s.cancelVerify = context.WithCancel(ctx)
	done := make(chan struct{})
	s.verified = done
	go func() {
		defer close(done)
		warnings, err := s.session.Verify(ctx)
		if ctx.Err() != nil {
			return // the site changed, or the server is stopping
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if err != nil {
			s.fail(err, "a page did not render; the pages that do are served")
			return
		}
		s.warn(warnings)
	}()
}

// fail reports a build error to the log, with what is served now, and to
// the browsers. s.mu is held.
func (s *server) fail(err error, served string) {
	s.failure = err.Error()
	fmt.Fprintf(s.opts.Log, "%s\n%s\n", err, served)
	s.broadcast(event{"builderror", errorJSON(s.failure)})
}

func (s *server) warn(warnings []*build.Warning) {
	for _, w := range warnings {
		fmt.Fprintln(s.opts.Log, "warning:", w)
	}
}

// broadcast sends e to every open page. A page that is not keeping up
// misses it: the next event, or its reconnection, brings it up to date.
// s.mu is held.
func (s *server) broadcast(e event) {
	for c := range s.clients {
		select {
		case c <- e:
		default:
		}
	}
}

func (s *server) closeClients() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.clients {
		close(c)
		delete(s.clients, c)
	}
}
