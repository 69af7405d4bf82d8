package markdown

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

var update = flag.Bool("update", false, "rewrite testdata/*.html from the current output")

// TestGolden converts each testdata/*.md with the safe and the unsafe
// converter and compares the HTML with testdata/NAME.html and
// testdata/NAME.unsafe.html. Run "go test -update" to rewrite them, then
// read the diff.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.md")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata/*.md")
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".md")
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, mode := range []struct {
			suffix string
			opts   Options
		}{{".html", Options{}}, {".unsafe.html", Options{Unsafe: true}}} {
			t.Run(name+mode.suffix, func(t *testing.T) {
				d, err := New(mode.opts).Convert(src)
				if err != nil {
					t.Fatal(err)
				}
				golden := filepath.Join("testdata", name+mode.suffix)
				if *update {
					if err := os.WriteFile(golden, d.HTML, 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test -update to create it)", err)
				}
				if !bytes.Equal(d.HTML, want) {
					t.Errorf("HTML of %s =\n%s\nwant (%s)\n%s", file, d.HTML, golden, want)
				}
			})
		}
	}
}

func TestConvertSummary(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		summary   string
		text      string
		truncated bool
		html      string // the whole HTML, when given
	}{
		{
			name:      "more marker",
			src:       "Intro *para*.\n\n<!--more-->\n\nRest.\n",
			summary:   "<p>Intro <em>para</em>.</p>",
			text:      "Intro para.",
			truncated: true,
			html:      "<p>Intro <em>para</em>.</p>\n<p>Rest.</p>\n",
		},
		{
			name:      "more marker interrupting a paragraph",
			src:       "Intro para.\n<!--more-->\nRest.\n",
			summary:   "<p>Intro para.</p>",
			text:      "Intro para.",
			truncated: true,
			html:      "<p>Intro para.</p>\n<p>Rest.</p>\n",
		},
		{
			name:    "more marker indented",
			src:     "Intro.\n\n   <!--more-->\n\nRest.\n",
			summary: "<p>Intro.</p>", text: "Intro.", truncated: true,
			html: "<p>Intro.</p>\n<p>Rest.</p>\n",
		},
		{
			name:      "more marker after several blocks",
			src:       "# Title\n\nOne.\n\nTwo\nlines.\n\n<!--more-->\n\nThree.\n",
			summary:   "<h1 id=\"title\">Title</h1>\n<p>One.</p>\n<p>Two\nlines.</p>",
			text:      "Title One. Two lines.",
			truncated: true,
		},
		{
			name:      "more marker at the end",
			src:       "All of it.\n\nStill it.\n\n<!--more-->\n",
			summary:   "<p>All of it.</p>\n<p>Still it.</p>",
			text:      "All of it. Still it.",
			truncated: false,
			html:      "<p>All of it.</p>\n<p>Still it.</p>\n",
		},
		{
			name:      "first paragraph",
			src:       "First *one*.\n\nSecond.\n",
			summary:   "<p>First <em>one</em>.</p>",
			text:      "First one.",
			truncated: true,
		},
		{
			name:      "only paragraph",
			src:       "Only one\nparagraph.\n",
			summary:   "<p>Only one\nparagraph.</p>",
			text:      "Only one paragraph.",
			truncated: false,
		},
		{
			name:      "first paragraph after a heading",
			src:       "# Title\n\nBody.\n",
			summary:   "<p>Body.</p>",
			text:      "Body.",
			truncated: false,
		},
		{
			name:      "more marker in a code block is text",
			src:       "```\n<!--more-->\n```\n\nPara.\n",
			summary:   "<p>Para.</p>",
			text:      "Para.",
			truncated: false,
			html:      "<pre><code>&lt;!--more--&gt;\n</code></pre>\n<p>Para.</p>\n",
		},
		{
			name:      "more marker after a list",
			src:       "- one\n- two\n\n<!--more-->\n\nRest.\n",
			summary:   "<ul>\n<li>one</li>\n<li>two</li>\n</ul>",
			text:      "one two",
			truncated: true,
		},
		{
			// goldmark's table renderer set each aligned cell's style on
			// the node, so the summary, rendered again, said it twice.
			name:      "more marker after a table",
			src:       "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n<!--more-->\n\nRest.\n",
			summary:   "<table>\n<thead>\n<tr>\n<th style=\"text-align:left\">a</th>\n<th style=\"text-align:right\">b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td style=\"text-align:left\">1</td>\n<td style=\"text-align:right\">2</td>\n</tr>\n</tbody>\n</table>",
			text:      "a b 1 2",
			truncated: true,
		},
		{name: "empty", src: "", summary: "", text: "", html: ""},
		{name: "heading only", src: "# Title\n", summary: "", text: "", html: "<h1 id=\"title\">Title</h1>\n"},
	}
	for _, tt := range tests {
		for _, opts := range []Options{{}, {Unsafe: true}} {
			t.Run(fmt.Sprintf("%s/unsafe=%v", tt.name, opts.Unsafe), func(t *testing.T) {
				d, err := New(opts).Convert([]byte(tt.src))
				if err != nil {
					t.Fatal(err)
				}
				if got := string(d.Summary); got != tt.summary {
					t.Errorf("Summary = %q; want %q", got, tt.summary)
				}
				if d.SummaryText != tt.text {
					t.Errorf("SummaryText = %q; want %q", d.SummaryText, tt.text)
				}
				if d.Truncated != tt.truncated {
					t.Errorf("Truncated = %v; want %v", d.Truncated, tt.truncated)
				}
				if tt.html != "" && string(d.HTML) != tt.html {
					t.Errorf("HTML = %q; want %q", d.HTML, tt.html)
				}
				if bytes.Contains(d.HTML, []byte("<!--more-->")) || bytes.Contains(d.HTML, []byte("raw HTML omitted")) {
					t.Errorf("HTML = %q; want the more marker removed", d.HTML)
				}
			})
		}
	}
}

func TestConvertFootnotes(t *testing.T) {
	src, err := os.ReadFile("testdata/footnotes.md")
	if err != nil {
		t.Fatal(err)
	}
	d, err := New(Options{}).Convert(src)
	if err != nil {
		t.Fatal(err)
	}
	if want := "<p>The audit found shorter waits. Physiotherapy helped most.</p>"; string(d.Summary) != want {
		t.Errorf("Summary = %q; want %q", d.Summary, want)
	}
	if want := "The audit found shorter waits. Physiotherapy helped most."; d.SummaryText != want {
		t.Errorf("SummaryText = %q; want %q", d.SummaryText, want)
	}
	for _, want := range []string{
		`<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup>`,
		`<sup id="fnref:2"><a href="#fn:2" class="footnote-ref" role="doc-noteref">2</a></sup>`,
		`<li id="fn:1">`,
		"The 2025 national audit.",
	} {
		if !bytes.Contains(d.HTML, []byte(want)) {
			t.Errorf("HTML lacks %q:\n%s", want, d.HTML)
		}
	}
	if !d.Truncated {
		t.Errorf("Truncated = false; want true")
	}
}

func TestSummaryText(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"inline markup", "A [link](/x), `code`, **bold** and _em_.\n", "A link, code, bold and em."},
		{"line breaks", "one\ntwo  \nthree\\\nfour\n", "one two three four"},
		{"spaces collapsed", "a   b\t\tc\n", "a b c"},
		{"smart quotes", "It's a \"quoted\" word.\n", "It\u2019s a \u201cquoted\u201d word."},
		{"dashes and ellipsis", "10--12 --- and so on...\n", "10\u201312 \u2014 and so on\u2026"},
		{"entity", "AT&amp;T and &copy; 2026\n", "AT&T and \u00a9 2026"},
		{"backslash escape", "Not \\*emphasis\\*\n", "Not *emphasis*"},
		{"autolink", "Visit https://example.org today.\n", "Visit https://example.org today."},
	}
	c := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := c.Convert([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if d.SummaryText != tt.want {
				t.Errorf("SummaryText = %q; want %q", d.SummaryText, tt.want)
			}
		})
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want int
	}{
		{"empty", "", 0},
		{"no punctuation", "one two three four five\n", 5},
		{"across blocks", "# Big title\n\nsix seven\n\n- eight\n- nine ten\n\n> eleven\n", 8},
		{"soft line break", "one\ntwo\n", 2},
		{"emphasis between spaces", "one *two* **three**\n", 3},
		{"pangram", "The quick brown fox jumps over the lazy dog.\n", 9},
		{"apostrophe", "It's a dog's life\n", 4},
		{"intraword emphasis", "*em*phasis\n", 1},
		{"commas", "one, two, three\n", 3},
		{"autolink", "see https://example.org now\n", 3},
	}
	c := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := c.Convert([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if d.Words != tt.want {
				t.Errorf("Words = %d; want %d", d.Words, tt.want)
			}
		})
	}
}

func TestTOC(t *testing.T) {
	src, err := os.ReadFile("testdata/headings.md")
	if err != nil {
		t.Fatal(err)
	}
	d, err := New(Options{}).Convert(src)
	if err != nil {
		t.Fatal(err)
	}
	want := []Heading{
		{1, "spring-update", "Spring update"},
		{2, "waiting-times", "Waiting times"},
		{2, "waiting-times-1", "Waiting times"},
		{3, "details-and-code", "Details and code"},
		{2, "waiting-times-1-1", "Waiting times 1"},
		// goldmark's default ids keep only ASCII letters and digits.
		{2, "ncode--symbols", "Ünïcode & symbols!"},
	}
	if !reflect.DeepEqual(d.TOC, want) {
		t.Errorf("TOC =\n%+v\nwant\n%+v", d.TOC, want)
	}
	// Each TOC id is the id of a heading in the HTML.
	for _, h := range d.TOC {
		tag := fmt.Sprintf(`<h%d id="%s">`, h.Level, h.ID)
		if !bytes.Contains(d.HTML, []byte(tag)) {
			t.Errorf("HTML lacks %s", tag)
		}
	}
}

func TestTOCTextIsPlain(t *testing.T) {
	d, err := New(Options{}).Convert([]byte("## What's new\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.TOC) != 1 || d.TOC[0].Text != "What\u2019s new" {
		t.Errorf("TOC = %+v; want one heading with Text %q", d.TOC, "What\u2019s new")
	}
}

var idRE = regexp.MustCompile(`\bid="([^"]*)"`)

func TestHeadingIDsUnique(t *testing.T) {
	tests := []string{
		"## A\n\n## A\n\n## A\n",
		"## A\n\n## A-1\n\n## A\n\n## A 1\n",
		"# Notes\n\n## Notes\n\nText[^1].\n\n### Notes\n\n[^1]: A note.\n",
		"## \n\n## !!!\n\n## ...\n",
		"## Über\n\n## uber\n\n## Über\n",
	}
	c := New(Options{})
	for _, src := range tests {
		t.Run(fmt.Sprintf("%q", src), func(t *testing.T) {
			d, err := c.Convert([]byte(src))
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for _, m := range idRE.FindAllStringSubmatch(string(d.HTML), -1) {
				if seen[m[1]] {
					t.Errorf("id %q appears twice in\n%s", m[1], d.HTML)
				}
				seen[m[1]] = true
			}
			if len(seen) == 0 {
				t.Errorf("no ids in %s", d.HTML)
			}
		})
	}
}

func TestRawHTML(t *testing.T) {
	src, err := os.ReadFile("testdata/rawhtml.md")
	if err != nil {
		t.Fatal(err)
	}
	safe, err := New(Options{}).Convert(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script", "alert(", "<div", "<span", "javascript:"} {
		if bytes.Contains(safe.HTML, []byte(bad)) {
			t.Errorf("safe HTML contains %q:\n%s", bad, safe.HTML)
		}
	}
	if n := bytes.Count(safe.HTML, []byte("<!-- raw HTML omitted -->")); n != 4 {
		t.Errorf("safe HTML has %d raw-HTML-omitted comments; want 4 (script, div, <span>, </span>):\n%s", n, safe.HTML)
	}

	unsafe, err := New(Options{Unsafe: true}).Convert(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<script>alert("x")</script>`, `<div class="note">A note.</div>`, `<span style="color:red">inline</span>`, `href="javascript:alert(1)"`} {
		if !bytes.Contains(unsafe.HTML, []byte(want)) {
			t.Errorf("unsafe HTML lacks %q:\n%s", want, unsafe.HTML)
		}
	}
	if bytes.Contains(unsafe.HTML, []byte("raw HTML omitted")) {
		t.Errorf("unsafe HTML omits raw HTML:\n%s", unsafe.HTML)
	}
}

func TestExtensions(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // the whole HTML
	}{
		{"table", "| a | b |\n|:--|--:|\n| 1 | 2 |\n",
			"<table>\n<thead>\n<tr>\n<th style=\"text-align:left\">a</th>\n<th style=\"text-align:right\">b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td style=\"text-align:left\">1</td>\n<td style=\"text-align:right\">2</td>\n</tr>\n</tbody>\n</table>\n"},
		{"strikethrough", "~~gone~~ here\n", "<p><del>gone</del> here</p>\n"},
		{"task list", "- [x] done\n- [ ] todo\n",
			"<ul>\n<li><input checked=\"\" disabled=\"\" type=\"checkbox\"> done</li>\n<li><input disabled=\"\" type=\"checkbox\"> todo</li>\n</ul>\n"},
		{"autolink url", "See https://example.org/a?b=c.\n", "<p>See <a href=\"https://example.org/a?b=c\">https://example.org/a?b=c</a>.</p>\n"},
		{"autolink www", "See www.example.com now\n", "<p>See <a href=\"http://www.example.com\">www.example.com</a> now</p>\n"},
		{"autolink email", "Write to msk@example.org\n", "<p>Write to <a href=\"mailto:msk@example.org\">msk@example.org</a></p>\n"},
		// goldmark's typographer writes named entities, not characters.
		{"apostrophe", "It's\n", "<p>It&rsquo;s</p>\n"},
		{"double quotes", "\"quoted\"\n", "<p>&ldquo;quoted&rdquo;</p>\n"},
		{"single quotes", "'quoted'\n", "<p>&lsquo;quoted&rsquo;</p>\n"},
		{"en dash", "10--12\n", "<p>10&ndash;12</p>\n"},
		{"em dash", "yes---no\n", "<p>yes&mdash;no</p>\n"},
		{"ellipsis", "and...\n", "<p>and&hellip;</p>\n"},
		{"no typography in code", "`It's -- \"x\"...`\n", "<p><code>It's -- &quot;x&quot;...</code></p>\n"},
		{"heading id", "## Hello World\n", "<h2 id=\"hello-world\">Hello World</h2>\n"},
	}
	c := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := c.Convert([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if string(d.HTML) != tt.want {
				t.Errorf("HTML = %q; want %q", d.HTML, tt.want)
			}
		})
	}
}

func TestReadingTime(t *testing.T) {
	tests := []struct{ words, want int }{
		{0, 1}, {1, 1}, {220, 1}, {329, 1}, {330, 2}, {440, 2}, {549, 2}, {550, 3}, {1100, 5}, {22000, 100},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.words), func(t *testing.T) {
			if got := ReadingTime(tt.words); got != tt.want {
				t.Errorf("ReadingTime(%d) = %d; want %d", tt.words, got, tt.want)
			}
		})
	}
}

func TestInline(t *testing.T) {
	tests := []struct {
		src  string
		want template.HTML
	}{
		{"a *b*", "a <em>b</em>"},
		{"It's here", "It&rsquo;s here"},
		{"", ""},
		{"two\nlines", "two\nlines"},
		{"a\n\nb", "<p>a</p>\n<p>b</p>"},
		{"# h", `<h1 id="h">h</h1>`},
		{"> q", "<blockquote>\n<p>q</p>\n</blockquote>"},
		{"- x", "<ul>\n<li>x</li>\n</ul>"},
		{"a <b>bold</b>", "a <!-- raw HTML omitted -->bold<!-- raw HTML omitted -->"},
		{"`<p>`", "<code>&lt;p&gt;</code>"},
	}
	c := New(Options{})
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.src), func(t *testing.T) {
			got, err := c.Inline(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Inline(%q) = %q; want %q", tt.src, got, tt.want)
			}
		})
	}
	got, err := New(Options{Unsafe: true}).Inline("a <b>bold</b>")
	if err != nil {
		t.Fatal(err)
	}
	if want := template.HTML("a <b>bold</b>"); got != want {
		t.Errorf("unsafe Inline = %q; want %q", got, want)
	}
}

// TestConcurrentConvert shares one Converter between goroutines, as the
// build does, and checks every result against a sequential run. Documents
// with repeated headings and footnotes would show state leaking between
// conversions (ids "x-1" where "x" is expected, footnote numbers going on),
// and -race reports unsynchronised access.
func TestConcurrentConvert(t *testing.T) {
	files, err := filepath.Glob("testdata/*.md")
	if err != nil {
		t.Fatal(err)
	}
	var docs [][]byte
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, src)
	}
	docs = append(docs, []byte("## A\n\n## A\n\nText[^n].\n\n[^n]: Note.\n\n<!--more-->\n\nMore.\n"))

	c := New(Options{})
	want := make([]Doc, len(docs))
	for i, src := range docs {
		if want[i], err = c.Convert(src); err != nil {
			t.Fatal(err)
		}
	}
	wantInline, err := c.Inline("It's *here*")
	if err != nil {
		t.Fatal(err)
	}

	const workers, rounds = 8, 25
	var wg sync.WaitGroup
	errs := make(chan string, workers*rounds*len(docs))
	for w := range workers {
		wg.Go(func() {
			for r := range rounds {
				for k := range docs {
					i := (k + w + r) % len(docs) // goroutines work on different documents at once
					got, err := c.Convert(docs[i])
					if err != nil {
						errs <- err.Error()
						continue
					}
					if !reflect.DeepEqual(got, want[i]) {
						errs <- fmt.Sprintf("doc %d: concurrent Convert =\n%+v\nwant\n%+v", i, got, want[i])
					}
				}
				if got, err := c.Inline("It's *here*"); err != nil || got != wantInline {
					errs <- fmt.Sprintf("Inline = %q, %v; want %q", got, err, wantInline)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	n := 0
	for e := range errs {
		if n < 3 {
			t.Error(e)
		}
		n++
	}
	if n > 3 {
		t.Errorf("… and %d more mismatches", n-3)
	}
}

func FuzzConvert(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.md")
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	for _, s := range []string{
		"", "<!--more-->", "a\n<!--more-->", "a[^1]\n\n[^1]: b\n\n<!--more-->\n", "# a\n# a\n",
		"| a |\n|---|\n| b |", "- [ ] x", "<script>x</script>", "`<!--more-->`", "[^1]\n\n[^1]:",
	} {
		f.Add([]byte(s))
	}
	safe, unsafe := New(Options{}), New(Options{Unsafe: true})
	f.Fuzz(func(t *testing.T, src []byte) {
		d, err := safe.Convert(src)
		if err != nil {
			t.Fatalf("Convert: %v", err)
		}
		again, err := safe.Convert(src)
		if err != nil || !reflect.DeepEqual(d, again) {
			t.Errorf("Convert is not deterministic:\n%+v\n%+v", d, again)
		}
		if d.Words < 0 || ReadingTime(d.Words) < 1 {
			t.Errorf("Words = %d, ReadingTime = %d", d.Words, ReadingTime(d.Words))
		}
		lower := bytes.ToLower(d.HTML)
		if bytes.Contains(lower, []byte("<script")) || bytes.Contains(bytes.ToLower(d.Summary), []byte("<script")) {
			t.Errorf("safe HTML has a script element:\n%s", d.HTML)
		}
		if bytes.Contains(d.HTML, []byte("<!--more-->")) {
			t.Errorf("safe HTML has the more marker:\n%s", d.HTML)
		}
		if len(d.Summary) == 0 && d.SummaryText != "" {
			t.Errorf("SummaryText %q without a Summary", d.SummaryText)
		}
		if _, err := unsafe.Convert(src); err != nil {
			t.Errorf("unsafe Convert: %v", err)
		}
		if _, err := safe.Inline(string(src)); err != nil {
			t.Errorf("Inline: %v", err)
		}
	})
}

func TestBasePath(t *testing.T) {
	tests := []struct {
		base, src, want string
	}{
		{"/network/", "[a](/posts/x/) ![i](/img/a.png)", `<p><a href="/network/posts/x/">a</a> <img src="/network/img/a.png" alt="i"></p>`},
		{"/network/", "[a](posts/x/) [b](https://example.org/) [c](//cdn.example.org/x) [d](#top)",
			`<p><a href="posts/x/">a</a> <a href="https://example.org/">b</a> <a href="//cdn.example.org/x">c</a> <a href="#top">d</a></p>`},
		{"/", "[a](/posts/x/)", `<p><a href="/posts/x/">a</a></p>`},
		{"", "[a](/posts/x/)", `<p><a href="/posts/x/">a</a></p>`},
		{"/network/", "[a][r]\n\n[r]: /about/", `<p><a href="/network/about/">a</a></p>`},
		{"/network/", "[a](/network/about/)", `<p><a href="/network/about/">a</a></p>`},
	}
	for _, tt := range tests {
		d, err := New(Options{BasePath: tt.base}).Convert([]byte(tt.src))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSpace(string(d.HTML)); got != tt.want {
			t.Errorf("base %q, %q:\ngot  %s\nwant %s", tt.base, tt.src, got, tt.want)
		}
	}
}

func FuzzCollapseSpace(f *testing.F) {
	for _, s := range []string{"", " ", "a", " a  b\n\tc ", "x\u00a0y\u2003 z", "\xff \xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := collapseSpace(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	})
}

func TestConvertBodyTo(t *testing.T) {
	c := New(Options{})
	for _, src := range []string{
		"First paragraph.\n\nSecond.",
		"Before the marker.\n\n<!--more-->\n\n## After\n\nMore text[^1].\n\n[^1]: A note.",
		"## Only a heading\n\nAnd *text*.",
		"",
	} {
		want, err := c.Convert([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.ConvertBodyTo(new(bytes.Buffer), []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if string(got.HTML) != string(want.HTML) || got.Words != want.Words || !reflect.DeepEqual(got.TOC, want.TOC) {
			t.Errorf("%q: body %q, %d words, TOC %v; want %q, %d, %v", src, got.HTML, got.Words, got.TOC, want.HTML, want.Words, want.TOC)
		}
		if got.Summary != nil || got.SummaryText != "" || got.Truncated {
			t.Errorf("%q: summary %q %q %v; want none", src, got.Summary, got.SummaryText, got.Truncated)
		}
	}
}

// FuzzTextWriter holds textWriter to goldmark's writer, whose output it
// must equal for any text.
func FuzzTextWriter(f *testing.F) {
	for _, s := range []string{"", "plain words", "a &amp; b &#x22; &#34; &copy;", `a\*b\\c \ d`, "<p>\"x\"</p>", "nul\x00", "caf\xc3\xa9"} {
		f.Add([]byte(s))
	}
	var fast html.Writer = textWriter{html.DefaultWriter}
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, w := range []struct {
			name string
			fn   func(html.Writer, util.BufWriter, []byte)
		}{
			{"Write", html.Writer.Write},
			{"RawWrite", html.Writer.RawWrite},
			{"SecureWrite", html.Writer.SecureWrite},
		} {
			var got, want bytes.Buffer
			gw, ww := bufio.NewWriter(&got), bufio.NewWriter(&want)
			w.fn(fast, gw, src)
			w.fn(html.DefaultWriter, ww, src)
			gw.Flush()
			ww.Flush()
			if got.String() != want.String() {
				t.Errorf("%s(%q) = %q, want %q", w.name, src, got.String(), want.String())
			}
		}
	})
}
