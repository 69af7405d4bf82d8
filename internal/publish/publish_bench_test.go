package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// benchFiles returns 1,000 HTML pages of about 16 kB, laid out and indented
// as templates write them, and 40 RSS feeds: about the output of a
// 1,000-post site, by output path.
func benchFiles() map[string][]byte {
	files := map[string][]byte{}
	for i := range 1000 {
		var b strings.Builder
		fmt.Fprintf(&b, `<!DOCTYPE html>
<html lang="en-GB">
  <head>
    <meta charset="utf-8">
    <title>Post %d · MSK Network News</title>
    <link rel="stylesheet" href="/css/style.1a2b3c4d5e.css">
    <link rel="alternate" type="application/rss+xml" href="https://plexus.example.org/feed.xml">
  </head>
  <body>
    <header class="site-header">
      <nav>
        <ul>
          <li><a href="/posts/">Posts</a></li>
          <li><a href="/events/">Events</a></li>
          <li><a href="/regions/">Regions</a></li>
        </ul>
      </nav>
    </header>
    <main id="main">
      <article>
        <h1>Post %d</h1>
`, i, i)
		for p := range 24 {
			fmt.Fprintf(&b, `        <h2 id="section-%d">Section %d</h2>
        <p>Clinicians in the <em>regional</em> network reviewed referral pathways,   waiting times and
          outcomes for patients with back pain; see <a href="https://example.org/audit/%d">the audit</a>.</p>
        <ul>
          <li>Shared decision making in primary care</li>
          <li>First contact practitioners</li>
        </ul>
`, p, p, i)
		}
		b.WriteString(`        <pre><code>  indented   code
    stays as it is</code></pre>
      </article>
    </main>
    <footer>
      <p>MSK Network News</p>
    </footer>
  </body>
</html>
`)
		files[fmt.Sprintf("posts/post-%04d/index.html", i)] = []byte(b.String())
	}
	for i := range 40 {
		var b strings.Builder
		b.WriteString("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\">\n  <channel>\n    <title>Feed</title>\n")
		for j := range 20 {
			fmt.Fprintf(&b, "    <item>\n      <title>Post %d</title>\n      <description>&lt;p&gt;Post %d&amp;rsquo;s   content&lt;/p&gt;</description>\n    </item>\n", j, j)
		}
		b.WriteString("  </channel>\n</rss>\n")
		files[fmt.Sprintf("tags/tag-%02d/feed.xml", i)] = []byte(b.String())
	}
	return files
}

// publishAll writes files into a new Output for dest on every core, as a
// build's render stage does, and commits it.
func publishAll(b *testing.B, dest string, opts Options, files map[string][]byte) Stats {
	b.Helper()
	o, err := Begin(dest, opts)
	if err != nil {
		b.Fatal(err)
	}
	paths := make(chan string)
	errs := make(chan error, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var first error
			for rel := range paths {
				if err := o.Write(rel, "a page", files[rel]); err != nil && first == nil {
					first = err
				}
			}
			errs <- first
		})
	}
	for rel := range files {
		paths <- rel
	}
	close(paths)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			b.Fatal(err)
		}
	}
	if err := o.Commit(); err != nil {
		b.Fatal(err)
	}
	return o.Stats()
}

func totalSize(files map[string][]byte) int64 {
	var n int64
	for _, data := range files {
		n += int64(len(data))
	}
	return n
}

// BenchmarkWrite publishes 1,040 files into a folder of b.TempDir(): into
// an empty destination, with and without minifying, and over a previous
// output with the same files, where nothing is written and every file is
// compared and hard-linked instead. The temporary folder is on the disk,
// so these numbers move with the disk's mood; the build benchmarks in
// bench/ write to tmpfs.
func BenchmarkWrite(b *testing.B) {
	files := benchFiles()
	for _, tt := range []struct {
		name             string
		minify, previous bool
	}{
		{"clean", false, false},
		{"clean-minify", true, false},
		{"unchanged-minify", true, true},
	} {
		b.Run(tt.name, func(b *testing.B) {
			dest := filepath.Join(b.TempDir(), "public")
			opts := Options{Minify: tt.minify}
			if tt.previous {
				publishAll(b, dest, opts, files)
			}
			b.SetBytes(totalSize(files))
			b.ReportAllocs()
			for b.Loop() {
				if !tt.previous {
					b.StopTimer()
					if err := os.RemoveAll(dest); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				st := publishAll(b, dest, opts, files)
				if want := int64(len(files)); tt.previous && st.Unchanged != want || !tt.previous && st.Written != want {
					b.Fatalf("got %d files written and %d unchanged of %d", st.Written, st.Unchanged, want)
				}
			}
			b.ReportMetric(float64(len(files)*b.N)/b.Elapsed().Seconds(), "files/s")
		})
	}
}
