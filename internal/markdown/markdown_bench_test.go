package markdown

import (
	"bytes"
	"os"
	"testing"
)

// benchBody returns the Markdown body of a typical post of the benchmark
// corpus (../shared/bench's gen-corpus): about 1,100 words with "##"
// headings, emphasis, links, a bullet and a numbered list, a table, a
// blockquote and a footnote. The file keeps its frontmatter, so that it is
// the corpus file as it is; the body starts after the second "---" line.
func benchBody(b *testing.B) []byte {
	b.Helper()
	src, err := os.ReadFile("testdata/bench/post.md")
	if err != nil {
		b.Fatal(err)
	}
	_, body, ok := bytes.Cut(src[len("---\n"):], []byte("\n---\n"))
	if !ok {
		b.Fatal("testdata/bench/post.md: no frontmatter")
	}
	return body
}

// BenchmarkConvert converts one typical post: the Markdown stage's work per
// page, and the largest share of a build's CPU time.
func BenchmarkConvert(b *testing.B) {
	body := benchBody(b)
	c := New(Options{})
	doc, err := c.Convert(body)
	if err != nil {
		b.Fatal(err)
	}
	for _, want := range []string{"<table>", "<blockquote>", `class="footnotes"`, "<ol>", "<ul>"} {
		if !bytes.Contains(doc.HTML, []byte(want)) {
			b.Fatalf("the converted post has no %s: not the typical post this benchmark is about", want)
		}
	}
	if doc.Words < 1000 || len(doc.TOC) < 3 {
		b.Fatalf("got %d words and %d headings; want about 1,100 words and 4 headings", doc.Words, len(doc.TOC))
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Convert(body); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkConvertBasePath is BenchmarkConvert for a site served under a
// path (baseURL https://example.org/network/), which adds an AST pass over
// every link.
func BenchmarkConvertBasePath(b *testing.B) {
	body := benchBody(b)
	c := New(Options{BasePath: "/network/"})
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Convert(body); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkConvertNoAutolink is BenchmarkConvert for the post with its bare
// URL written as a link, as half the corpus's posts have all their links:
// no block of it is parsed again for autolinks (Converter.parse), so the
// two show what that costs.
func BenchmarkConvertNoAutolink(b *testing.B) {
	bare := []byte("See https://example.org/reference.")
	body := benchBody(b)
	if !bytes.Contains(body, bare) {
		b.Fatalf("the post has no %q", bare)
	}
	body = bytes.ReplaceAll(body, bare, []byte("See [the reference](https://example.org/reference)."))
	c := New(Options{})
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Convert(body); err != nil {
			b.Fatal(err)
		}
	}
}
