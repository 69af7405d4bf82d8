package content

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"testing"
	"testing/fstest"
)

// benchPost is a typical post of the benchmark corpus (../shared/bench's
// gen-corpus): YAML frontmatter with seven keys and a body of about 1,100
// words (8 kB) with headings, lists, a table, a blockquote and a footnote.
const benchPost = "testdata/bench/post.md"

// benchSources returns benchPost with its frontmatter written in each format
// plexus reads: the same keys and values as YAML, TOML and JSON, before the
// same body.
func benchSources(b *testing.B) map[string][]byte {
	b.Helper()
	src, err := os.ReadFile(benchPost)
	if err != nil {
		b.Fatal(err)
	}
	_, body, ok := bytes.Cut(src[len("---\n"):], []byte("\n---\n"))
	if !ok {
		b.Fatalf("%s: no YAML frontmatter", benchPost)
	}
	const tomlFront = `+++
title = "Building a physiotherapy community of practice"
date = 2025-11-05T01:01:00Z
author = "Thomas Wilson"
regions = ["london", "north-west"]
tags = ["physiotherapy", "gout", "osteoporosis"]
summary = "Each screening one deprivation delivery is be most data not delivery priorities who engagement."
draft = false
+++
`
	const jsonFront = `{
  "title": "Building a physiotherapy community of practice",
  "date": "2025-11-05T01:01:00Z",
  "author": "Thomas Wilson",
  "regions": ["london", "north-west"],
  "tags": ["physiotherapy", "gout", "osteoporosis"],
  "summary": "Each screening one deprivation delivery is be most data not delivery priorities who engagement.",
  "draft": false
}

`
	return map[string][]byte{
		"yaml": src,
		"toml": append([]byte(tomlFront), body...),
		"json": append([]byte(jsonFront), body...),
	}
}

// BenchmarkParse splits one typical post into frontmatter and body, for
// each frontmatter format. It is the per-file work of the content stage,
// besides reading the file.
func BenchmarkParse(b *testing.B) {
	srcs := benchSources(b)
	for _, format := range []string{"yaml", "toml", "json"} {
		src := srcs[format]
		b.Run(format, func(b *testing.B) {
			f, err := Parse("posts/bench.md", src)
			if err != nil {
				b.Fatal(err)
			}
			if len(f.Front) != 7 || len(f.Body) < 7000 {
				b.Fatalf("got %d keys and a %d-byte body; want 7 keys and the whole body", len(f.Front), len(f.Body))
			}
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse("posts/bench.md", src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLoad reads and parses 1,000 such posts (YAML) from memory on
// every core, as a build's content stage does, without the disk.
func BenchmarkLoad(b *testing.B) {
	src := benchSources(b)["yaml"]
	fsys := fstest.MapFS{}
	for i := range 1000 {
		fsys[fmt.Sprintf("posts/p%04d.md", i)] = &fstest.MapFile{Data: src}
	}
	tree, err := Walk(fsys)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src) * len(tree.Pages)))
	b.ReportAllocs()
	for b.Loop() {
		err := Load(context.Background(), fsys, tree, func(int, *File) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(tree.Pages)*b.N)/b.Elapsed().Seconds(), "files/s")
}
