package build

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var benchRegions = []string{"north-east-and-yorkshire", "north-west", "midlands", "east-of-england", "london", "south-east", "south-west"}

var benchWords = strings.Fields(`musculoskeletal physiotherapy referral pathway patients
clinicians community service waiting outcomes audit evidence network regional national
fracture liaison osteoporosis back pain shoulder knee hip rehabilitation exercise frailty
commissioning workforce training digital integrated care primary secondary data quality
improvement the and of to in for with on a is was are by this that from our their`)

// benchMarkdown returns a post body of about words words in the shape of
// the benchmark corpus (../shared/bench): paragraphs with emphasis and
// links, a "##" heading every four paragraphs, a bullet and a numbered
// list, and for some seeds a table, a blockquote and a footnote.
func benchMarkdown(seed, words int) string {
	r := uint32(seed)*2654435761 + 1
	next := func(n int) int { r = r*1664525 + 1013904223; return int(r>>8) % n }
	n := 0
	sentence := func() string {
		ws := make([]string, 8+next(14))
		for i := range ws {
			ws[i] = benchWords[next(len(benchWords))]
		}
		n += len(ws)
		switch next(6) {
		case 0:
			ws[2] = "*" + ws[2] + "*"
		case 1:
			ws[3] = "[" + ws[3] + "](https://example.org/" + ws[3] + ")"
		}
		s := strings.Join(ws, " ")
		return strings.ToUpper(s[:1]) + s[1:] + "."
	}
	var b strings.Builder
	for par := 0; n < words; par++ {
		if par > 0 && par%4 == 0 {
			fmt.Fprintf(&b, "## %s\n\n", strings.TrimSuffix(sentence(), "."))
		}
		for range 3 + next(4) {
			b.WriteString(sentence() + " ")
		}
		if par == 3 && seed%2 == 0 {
			b.WriteString("[^1]")
		}
		b.WriteString("\n\n")
		switch par {
		case 2:
			for range 5 {
				fmt.Fprintf(&b, "- %s\n", sentence())
			}
			b.WriteString("\n")
		case 5:
			if seed%5 < 3 {
				b.WriteString("| Region | Referrals | Waiting |\n| --- | ---: | ---: |\n")
				for i := range 5 {
					fmt.Fprintf(&b, "| %s | %d | %d |\n", benchRegions[i], next(900), next(900))
				}
				b.WriteString("\n")
			}
		case 7:
			if seed%3 == 0 {
				fmt.Fprintf(&b, "> %s\n\n", sentence())
			}
		case 9:
			for i := range 3 {
				fmt.Fprintf(&b, "%d. %s\n", i+1, sentence())
			}
			b.WriteString("\n")
		}
	}
	if seed%2 == 0 {
		fmt.Fprintf(&b, "[^1]: %s\n", sentence())
	}
	return b.String()
}

// benchSite writes a site like the benchmark corpus (../shared/bench) in a
// temporary folder: posts posts of about 1,100 words and events events of
// about 275, in seven regions, with 1–4 of 30 tags each and 40 guest
// authors, and a config.toml like bench/config.toml. It returns the site
// folder.
func benchSite(b testing.TB, posts, events int) string {
	b.Helper()
	dir := b.TempDir()
	write := func(rel, data string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	write("config.toml", benchConfig())
	for i := range posts + events {
		rel, text := benchFile(i, posts)
		write("content/"+rel, text)
	}
	return dir
}

// benchConfig is the config.toml of the benchmark sites: the corpus's
// seven regions.
func benchConfig() string {
	cfg := "title = \"MSK Network News\"\nbaseURL = \"https://plexus.example.org/\"\ntimezone = \"UTC\"\n"
	for _, r := range benchRegions {
		cfg += "[regions." + r + "]\n"
	}
	return cfg
}

// benchFile is the i-th content file of a benchmark site with the given
// number of posts (after them come events): its path under content/ and
// its text, like the shared corpus's.
func benchFile(i, posts int) (path, text string) {
	tags := make([]string, 1+i%4)
	for j := range tags {
		tags[j] = fmt.Sprintf("%q", benchWords[(i*7+j*11)%30])
	}
	front := fmt.Sprintf("title: \"Post %d\"\ndate: %d-%02d-%02dT09:%02d:00Z\nauthor: \"Writer %d\"\nregions: [%s]\ntags: [%s]\n",
		i, 2021+i%6, 1+i%10, 1+i%28, i%60, i%40, benchRegions[i%7], strings.Join(tags, ", "))
	path, words := fmt.Sprintf("posts/post-%05d.md", i), 1100
	if i >= posts {
		path, words = fmt.Sprintf("events/event-%05d.md", i), 275
		front += fmt.Sprintf("start: %d-%02d-%02dT10:00:00Z\nend: %[1]d-%02[2]d-%02[3]dT12:00:00Z\nlocation: \"Venue %d\"\nregistration: \"https://events.example.org/%[4]d\"\n",
			2022+i%6, 1+i%12, 1+i%28, i)
	}
	return path, "---\n" + front + "---\n" + benchMarkdown(i, words)
}

// BenchmarkBuild builds a 1,000-post, 200-event site with plexus's
// defaults (minified, links checked) from a folder of b.TempDir(): a clean
// build into an empty output folder, the same without minifying, and a
// rebuild with nothing changed over the previous output, which must write
// no file. Set TMPDIR=/dev/shm to keep the disk's noise out of the numbers,
// as bench/run.sh does for whole builds.
func BenchmarkBuild(b *testing.B) {
	src := benchSite(b, 1000, 200)
	for _, tt := range []struct {
		name      string
		minify    bool
		unchanged bool
	}{
		{"clean", true, false},
		{"clean-no-minify", false, false},
		{"unchanged", true, true},
	} {
		b.Run(tt.name, func(b *testing.B) {
			dest := filepath.Join(b.TempDir(), "public")
			opts := Options{Source: src, Destination: dest, Now: "2026-11-22", Minify: new(tt.minify)}
			if tt.unchanged {
				if _, err := Build(context.Background(), opts); err != nil {
					b.Fatal(err)
				}
			}
			var pages int
			b.ReportAllocs()
			for b.Loop() {
				if !tt.unchanged {
					b.StopTimer()
					if err := os.RemoveAll(dest); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				res, err := Build(context.Background(), opts)
				if err != nil {
					b.Fatal(err)
				}
				if tt.unchanged && res.Written != 0 {
					b.Fatalf("a rebuild with nothing changed wrote %d files; want none", res.Written)
				}
				pages = res.Pages
			}
			b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}

// BenchmarkSession measures plexus serve's rebuilds on a site of 10,000
// posts and 2,000 events (the benchmark corpus's size): a post added (the
// site graph made again) and a post's body edited (its page changed in
// place), each followed by rendering the home page, which shows it. The
// background check of the whole site is not part of it.
func BenchmarkSession(b *testing.B) {
	const posts, events = 10000, 2000
	src := benchSite(b, posts, events)
	s := NewSession(Options{Source: src, Destination: filepath.Join(b.TempDir(), "site"), Now: "2026-11-22", Minify: new(false)})
	ctx := context.Background()
	if _, err := s.Build(ctx); err != nil {
		b.Fatal(err)
	}
	mtime := time.Now()
	save := func(rel, text string) string {
		name := filepath.Join(src, "content", filepath.FromSlash(rel))
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
		mtime = mtime.Add(time.Second)
		os.Chtimes(name, mtime, mtime)
		return name
	}
	home := func(want string) {
		var buf bytes.Buffer
		if _, err := s.File(&buf, "index.html"); err != nil || !strings.Contains(buf.String(), want) {
			b.Fatalf("the home page lacks %q (%v)", want, err)
		}
	}
	b.Run("new-post", func(b *testing.B) {
		n := 0 // at most 60: the home page shows the newest, by the second
		stages := map[string]time.Duration{}
		for b.Loop() {
			n++
			title := fmt.Sprintf("Added %d", n)
			name := save(fmt.Sprintf("posts/added-%d.md", n), fmt.Sprintf("---\ntitle: %s\ndate: 2026-11-21T00:00:%02dZ\nregions: [london]\n---\nNew.\n", title, n%60))
			res, err := s.Update(ctx, []string{name})
			if err != nil {
				b.Fatal(err)
			}
			for _, st := range res.Stages {
				stages[st.Name] += st.Elapsed
			}
			home(title)
		}
		for name, d := range stages {
			b.ReportMetric(float64(d.Milliseconds())/float64(n), strings.ReplaceAll(name, " ", "-")+"-ms/op")
		}
	})
	b.Run("body-edit", func(b *testing.B) {
		rel, text := benchFile(posts-1, posts)
		n := 0
		for b.Loop() {
			n++
			mark := fmt.Sprintf("Edit %d.", n)
			name := save(rel, text+"\n"+mark+"\n")
			res, err := s.Update(ctx, []string{name})
			if err != nil || res.Edited != 1 {
				b.Fatalf("got %v, %v; want the page edited in place", res, err)
			}
		}
	})
}
