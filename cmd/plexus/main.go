// Command plexus builds static sites for professional networks: a national
// network, its regional networks and the people who write for them.
//
// Usage:
//
//	plexus build [flags]    build the site into public/
//	plexus serve [flags]    preview the site, rebuilding as files change
//	plexus check [flags]    build the site and report every broken link
//	plexus version          print the version
//	plexus help             print this help
//
// Build flags:
//
//	--source DIR        the site folder (default ".")
//	--destination DIR   the output folder, relative to the source (default "public")
//	--drafts            publish drafts
//	--future            publish pages dated after now
//	--now TIME          the build's "now", e.g. 2026-11-22 or 2026-11-22 14:00 (default: the clock)
//	--baseURL URL       replace config.toml's baseURL
//	--minify            make HTML, CSS, JS, SVG, XML and JSON smaller (default:
//	                    config.toml's [publish] minify, itself on by default)
//	--no-minify         write files as rendered, without minifying
//	--quiet             print nothing but errors
//	--verbose           also print the time each stage took, and the layouts not compiled
//	--cpuprofile FILE   write a CPU profile
//	--memprofile FILE   write a heap profile at the end
//
// Serve flags:
//
//	--source DIR        the site folder (default ".")
//	--port N            the port to listen on (default 1313)
//	--bind ADDRESS      the address to listen on (default 127.0.0.1, this machine only)
//	--drafts, --future, --now   as for build
//
// Check flags: --source, --drafts, --future and --now as for build, and
// --external to check links to other sites too. Check builds into a
// temporary folder (public/ is untouched) and exits 1 when any link, image
// or fragment is broken, naming the Markdown file and line it came from.
//
// A build that fails prints every error with its file and line, exits with
// status 1 and leaves the previous output untouched.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"time"

	"plexus/internal/build"
	"plexus/internal/serve"
)

const usage = `plexus builds static sites for professional networks.

Usage:
  plexus build [flags]    build the site into public/
  plexus serve [flags]    preview the site, rebuilding as files change
  plexus check [flags]    build the site and report every broken link
  plexus version          print the version
  plexus help             print this help

Run "plexus build -h", "plexus serve -h" or "plexus check -h" for their flags.
`

func main() {
	// Ctrl-C, or a kill: stop cleanly either way (serve removes its
	// temporary folder; a build leaves the previous output as it was).
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return runBuild(ctx, args[1:], stdout, stderr)
	case "serve", "server":
		return runServe(ctx, args[1:], stdout, stderr)
	case "check":
		return runCheck(ctx, args[1:], stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "plexus", version())
		return 0
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "plexus: unknown command %q\n\n%s", args[0], usage)
	return 2
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("plexus build", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var opts build.Options
	var quiet, verbose bool
	fl.StringVar(&opts.Source, "source", ".", "the site `folder`")
	fl.StringVar(&opts.Destination, "destination", "public", "the output `folder`, relative to the source")
	fl.BoolVar(&opts.Drafts, "drafts", false, "publish drafts")
	fl.BoolVar(&opts.Future, "future", false, "publish pages dated after now")
	fl.StringVar(&opts.Now, "now", "", "the build's `time`, e.g. 2026-11-22 or \"2026-11-22 14:00\" (default: the clock)")
	fl.StringVar(&opts.BaseURL, "baseURL", "", "replace config.toml's baseURL with this `URL`")
	fl.BoolVar(&quiet, "quiet", false, "print nothing but errors")
	fl.BoolVar(&verbose, "verbose", false, "also print the time each stage took, and the layouts not compiled")
	fl.BoolFunc("minify", "make HTML, CSS, JS, SVG, XML and JSON smaller (default: config.toml's [publish] minify, itself on by default)", func(v string) error {
		on, err := strconv.ParseBool(v)
		opts.Minify = &on
		return err
	})
	fl.BoolFunc("no-minify", "write files as rendered, without minifying", func(v string) error {
		off, err := strconv.ParseBool(v)
		opts.Minify = new(!off)
		return err
	})
	cpuprofile := fl.String("cpuprofile", "", "write a CPU profile to `file`")
	memprofile := fl.String("memprofile", "", "write a heap profile to `file` at the end")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "plexus build: unexpected argument %q\n", fl.Arg(0))
		return 2
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(stderr, "plexus build:", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(stderr, "plexus build:", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	stop := func() {}
	if !quiet {
		stop = showProgress(stderr, &opts)
	}
	gc := tuneGC()
	defer gc.stop()
	opts.Sized = gc.sized
	res, err := build.Build(ctx, opts)
	stop()
	if *memprofile != "" {
		if f, err := os.Create(*memprofile); err == nil {
			pprof.WriteHeapProfile(f)
			f.Close()
		}
	}
	if res != nil && !quiet {
		for _, w := range res.Warnings {
			fmt.Fprintln(stderr, "warning:", w)
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		fmt.Fprintln(stderr, "plexus: build failed; the previous output is unchanged")
		return 1
	}
	if verbose && !quiet {
		for _, s := range res.Stages {
			fmt.Fprintf(stdout, "%-22s %s\n", s.Name, s.Elapsed.Round(time.Millisecond))
		}
		for _, name := range slices.Sorted(maps.Keys(res.Uncompiled)) {
			n, pages := res.Uncompiled[name], "pages"
			if n == 1 {
				pages = "page"
			}
			fmt.Fprintf(stdout, "layouts/%s rendered %d %s with html/template: it is not compiled (see the README's Templates)\n",
				name, n, pages)
		}
	}
	if !quiet {
		fmt.Fprintln(stdout, res)
	}
	return 0
}

func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("plexus serve", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var opts serve.Options
	fl.StringVar(&opts.Source, "source", ".", "the site `folder`")
	fl.IntVar(&opts.Port, "port", serve.DefaultPort, "the `port` to listen on")
	fl.StringVar(&opts.Bind, "bind", "127.0.0.1", "the `address` to listen on; 0.0.0.0 for every network")
	fl.BoolVar(&opts.Drafts, "drafts", false, "show drafts")
	fl.BoolVar(&opts.Future, "future", false, "show pages dated after now")
	fl.StringVar(&opts.Now, "now", "", "the preview's `time` (default: the clock)")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "plexus serve: unexpected argument %q\n", fl.Arg(0))
		return 2
	}
	if opts.Port < 1 || opts.Port > 65535 {
		fmt.Fprintf(stderr, "plexus serve: --port must be from 1 to 65535, not %d\n", opts.Port)
		return 2
	}
	opts.Log = stdout
	if err := serve.Run(ctx, opts); err != nil {
		fmt.Fprintln(stderr, "plexus serve:", err)
		return 1
	}
	return 0
}

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("plexus check", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var opts build.Options
	fl.StringVar(&opts.Source, "source", ".", "the site `folder`")
	fl.BoolVar(&opts.Drafts, "drafts", false, "include drafts")
	fl.BoolVar(&opts.Future, "future", false, "include pages dated after now")
	fl.StringVar(&opts.Now, "now", "", "the build's `time` (default: the clock)")
	fl.BoolVar(&opts.External, "external", false, "also check links to other sites")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "plexus check: unexpected argument %q\n", fl.Arg(0))
		return 2
	}
	tmp, err := os.MkdirTemp("", "plexus-check-")
	if err != nil {
		fmt.Fprintln(stderr, "plexus check:", err)
		return 1
	}
	defer os.RemoveAll(tmp)
	opts.Destination = filepath.Join(tmp, "public")
	opts.Minify = new(false) // the links are the same; checking is quicker
	opts.StrictLinks = true
	gc := tuneGC()
	defer gc.stop()
	opts.Sized = gc.sized
	res, err := build.Build(ctx, opts)
	if err != nil {
		fmt.Fprintln(stderr, err)
		fmt.Fprintln(stderr, "plexus check: problems found")
		return 1
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, "warning:", w)
	}
	what := "internal links"
	if opts.External {
		what = "internal and external links"
	}
	fmt.Fprintf(stdout, "checked %s of %d pages: none broken\n", what, res.Pages)
	return 0
}

// showProgress shows, on a terminal, which stage a build has reached once
// it has taken over a second; it returns a func that clears the line.
func showProgress(w io.Writer, opts *build.Options) (stop func()) {
	f, ok := w.(*os.File)
	if !ok {
		return func() {}
	}
	if info, err := f.Stat(); err != nil || info.Mode()&os.ModeCharDevice == 0 {
		return func() {} // not a terminal: a log has no use for it
	}
	var mu sync.Mutex
	last := "starting"
	opts.Progress = func(stage string) {
		mu.Lock()
		last = stage + " done"
		mu.Unlock()
	}
	start := time.Now()
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		shown := false
		for {
			select {
			case <-done:
				if shown {
					fmt.Fprint(f, "\r\033[K")
				}
				return
			case <-tick.C:
				if time.Since(start) < time.Second {
					continue
				}
				mu.Lock()
				fmt.Fprintf(f, "\r\033[Kbuilding… %s, %.1fs", last, time.Since(start).Seconds())
				mu.Unlock()
				shown = true
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}
