package content

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/adrg/frontmatter"
)

// sameValue compares frontmatter values; times compare as instants.
func sameValue(got, want any) bool {
	if wt, ok := want.(time.Time); ok {
		gt, ok := got.(time.Time)
		return ok && gt.Equal(wt)
	}
	return reflect.DeepEqual(got, want)
}

func checkFront(t *testing.T, f *File, want map[string]any) {
	t.Helper()
	for _, k := range slices.Sorted(maps.Keys(want)) {
		got, ok := f.Front[k]
		if !ok {
			t.Errorf("Front[%q] missing; want %#v", k, want[k])
			continue
		}
		if !sameValue(got, want[k]) {
			t.Errorf("Front[%q] = %#v (%T); want %#v (%T)", k, got, got, want[k], want[k])
		}
	}
	for k := range f.Front {
		if _, ok := want[k]; !ok {
			t.Errorf("Front has unexpected key %q = %#v", k, f.Front[k])
		}
	}
}

func checkLines(t *testing.T, f *File, want map[string]int) {
	t.Helper()
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if got := f.Lines[k]; got != want[k] {
			t.Errorf("Lines[%q] = %d; want %d", k, got, want[k])
		}
	}
}

func TestParseFixtures(t *testing.T) {
	tests := []struct {
		file     string
		front    map[string]any
		lines    map[string]int
		bodyLine int
		body     string
	}{
		{
			file: "yaml.md",
			front: map[string]any{
				"title": "Spring update",
				"date":  "2026-10-14 09:00", // no zone: left for the site's timezone
				// A YAML timestamp without a zone stays the text written.
				"published": "2026-10-14",
				"draft":     false,
				"weight":    3,
				"regions":   []any{"north-west", "london"},
				"summary":   "A folded summary.\n",
				"params":    map[string]any{"venue": "Leeds"},
			},
			lines: map[string]int{"title": 2, "date": 3, "published": 4, "draft": 5, "weight": 6,
				"regions": 7, "summary": 10, "params": 13},
			bodyLine: 16,
			body:     "# Spring update\n\nBody text.\n",
		},
		{
			file: "toml.md",
			front: map[string]any{
				"title":     "Summer webinar",
				"date":      "2026-06-03T10:00:00", // TOML local date-time: text
				"day":       "2026-06-03",          // local date
				"time":      "10:30:00",            // local time
				"published": time.Date(2026, 6, 3, 9, 0, 0, 0, time.UTC),
				"tags":      []any{"a", "b"},
				"weight":    int64(2),
				"params":    map[string]any{"title": "nested"},
			},
			// title is line 2, not the [params] table's title on line 11.
			lines:    map[string]int{"title": 2, "date": 3, "day": 4, "time": 5, "published": 6, "tags": 7, "weight": 8},
			bodyLine: 13,
			body:     "Body.\n",
		},
		{
			file: "json.md",
			front: map[string]any{
				"title":  "Autumn newsletter",
				"date":   "2026-10-14 09:00",
				"weight": float64(2),
				"tags":   []any{"x"},
				"params": map[string]any{"title": "nested"},
			},
			// The nested "title" on line 6 does not move the top-level one.
			lines: map[string]int{"title": 2, "date": 3, "weight": 4, "tags": 5, "params": 6},
			// A bare JSON object ends with "}" and a blank line; the body
			// starts after the blank line.
			bodyLine: 9,
			body:     "Body.\n",
		},
		{
			file:     "json-semicolons.md",
			front:    map[string]any{"title": "Winter", "weight": float64(1)},
			lines:    map[string]int{"title": 3, "weight": 4},
			bodyLine: 7,
			body:     "Body.\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			src, err := os.ReadFile("testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			f, err := Parse("posts/"+tt.file, src)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if f.Path != "posts/"+tt.file {
				t.Errorf("Path = %q; want %q", f.Path, "posts/"+tt.file)
			}
			checkFront(t, f, tt.front)
			checkLines(t, f, tt.lines)
			if f.BodyLine != tt.bodyLine {
				t.Errorf("BodyLine = %d; want %d", f.BodyLine, tt.bodyLine)
			}
			if string(f.Body) != tt.body {
				t.Errorf("Body = %q; want %q", f.Body, tt.body)
			}
			// The body is the file from BodyLine on.
			fileLines := strings.SplitAfter(string(src), "\n")
			if got := strings.Join(fileLines[tt.bodyLine-1:], ""); got != string(f.Body) {
				t.Errorf("file from line %d = %q; want Body %q", tt.bodyLine, got, f.Body)
			}
			// Each key's line in the file holds the key.
			for k, n := range f.Lines {
				if line := fileLines[n-1]; !strings.Contains(line, k) {
					t.Errorf("Lines[%q] = %d, but line %d is %q", k, n, n, line)
				}
			}
		})
	}
}

// A key written as a TOML table header is a top-level key too, and errors
// about it should point at the header.
func TestParseTOMLTableLine(t *testing.T) {
	src, err := os.ReadFile("testdata/toml.md")
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse("x.md", src)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Line("params"); got != 10 {
		t.Errorf(`Line("params") = %d; want 10`, got)
	}
}

func TestParseForms(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		front    map[string]any
		lines    map[string]int
		bodyLine int
		body     string
	}{
		{"yaml", "---\ntitle: A\n---\nbody\n", map[string]any{"title": "A"}, map[string]int{"title": 2}, 4, "body\n"},
		{"---yaml", "---yaml\ntitle: A\n---\nbody\n", map[string]any{"title": "A"}, map[string]int{"title": 2}, 4, "body\n"},
		{"toml", "+++\ntitle = \"A\"\n+++\nbody\n", map[string]any{"title": "A"}, map[string]int{"title": 2}, 4, "body\n"},
		{"---toml", "---toml\ntitle = \"A\"\n---\nbody\n", map[string]any{"title": "A"}, map[string]int{"title": 2}, 4, "body\n"},
		{"json ;;;", ";;;\n{\n\"title\": \"A\"\n}\n;;;\nbody\n", map[string]any{"title": "A"}, map[string]int{"title": 3}, 6, "body\n"},
		{"---json", "---json\n{\n\"title\": \"A\"\n}\n---\nbody\n", map[string]any{"title": "A"}, map[string]int{"title": 3}, 6, "body\n"},
		{"bare json", "{\n\"title\": \"A\"\n}\n\nbody\n", map[string]any{"title": "A"}, map[string]int{"title": 2}, 5, "body\n"},
		{"bare json at end of file", "{\n\"title\": \"A\"\n}\n", map[string]any{"title": "A"}, map[string]int{"title": 2}, 4, ""},
		{"blank lines before the fence", "\n\n---\ntitle: A\ndate: 2026-10-14 09:00\n---\nbody\n",
			map[string]any{"title": "A", "date": "2026-10-14 09:00"}, map[string]int{"title": 4, "date": 5}, 7, "body\n"},
		{"blank lines before toml", "\n  \n+++\n\ntitle = \"A\"\n+++\nbody\n", map[string]any{"title": "A"}, map[string]int{"title": 5}, 7, "body\n"},
		{"blank lines before bare json", "\n\n{\n  \"title\": \"A\"\n}\n\nbody\n", map[string]any{"title": "A"}, map[string]int{"title": 4}, 7, "body\n"},
		{"byte order mark", "\ufeff---\ntitle: A\n---\nbody\n", map[string]any{"title": "A"}, map[string]int{"title": 2}, 4, "body\n"},
		{"byte order mark and blank line", "\ufeff\n---\ntitle: A\n---\nbody\n", map[string]any{"title": "A"}, map[string]int{"title": 3}, 5, "body\n"},
		{"CRLF line ends", "---\r\ntitle: A\r\nweight: 2\r\n---\r\nbody\r\n", map[string]any{"title": "A", "weight": 2}, map[string]int{"title": 2, "weight": 3}, 5, "body\r\n"},
		{"blank line after the fence is body", "---\ntitle: A\n---\n\nbody\n", map[string]any{"title": "A"}, map[string]int{"title": 2}, 4, "\nbody\n"},
		// The body is empty and starts where the file ends, on the fence's line.
		{"no newline at end", "---\ntitle: A\n---", map[string]any{"title": "A"}, map[string]int{"title": 2}, 3, ""},
		{"empty yaml", "---\n---\nbody", map[string]any{}, nil, 3, "body"},
		{"empty toml", "+++\n+++\nbody", map[string]any{}, nil, 3, "body"},
		{"yaml comment and blank lines inside", "---\n# a comment\n\ntitle: A\n---\nbody", map[string]any{"title": "A"}, map[string]int{"title": 4}, 6, "body"},
		{"yaml anchor and alias", "---\nbase: &b [x, y]\ntags: *b\n---\n", map[string]any{"base": []any{"x", "y"}, "tags": []any{"x", "y"}}, map[string]int{"base": 2, "tags": 3}, 5, ""},
		{"yaml date-time without zone", "---\nstart: 2026-10-14 09:00:00\nend: 2026-10-14T17:00:00\n---\n",
			map[string]any{"start": "2026-10-14 09:00:00", "end": "2026-10-14T17:00:00"}, map[string]int{"start": 2, "end": 3}, 5, ""},
		{"yaml nested date stays text", "---\nschedule:\n  - 2026-10-14\n---\n",
			map[string]any{"schedule": []any{"2026-10-14"}}, map[string]int{"schedule": 2}, 5, ""},
		{"toml nested local date stays text", "+++\n[dates]\nstart = 2026-06-03T10:00:00\n+++\n",
			map[string]any{"dates": map[string]any{"start": "2026-06-03T10:00:00"}}, nil, 5, ""},
		{"toml space-separated date-time", "+++\ndate = 2026-06-03 10:00:00\n+++\n",
			map[string]any{"date": "2026-06-03T10:00:00"}, map[string]int{"date": 2}, 4, ""},
		{"toml offset date-time", "+++\ndate = 2026-06-03T10:00:00Z\n+++\n",
			map[string]any{"date": time.Date(2026, 6, 3, 10, 0, 0, 0, time.UTC)}, map[string]int{"date": 2}, 4, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse("posts/x.md", []byte(tt.src))
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.src, err)
			}
			if f.Front == nil {
				t.Fatalf("Front = nil; want %v", tt.front)
			}
			checkFront(t, f, tt.front)
			checkLines(t, f, tt.lines)
			if f.BodyLine != tt.bodyLine {
				t.Errorf("BodyLine = %d; want %d", f.BodyLine, tt.bodyLine)
			}
			if string(f.Body) != tt.body {
				t.Errorf("Body = %q; want %q", f.Body, tt.body)
			}
		})
	}
}

// A JSON object written on one line still has its keys' lines.
func TestParseOneLineJSONLines(t *testing.T) {
	f, err := Parse("x.md", []byte(";;;\n{\"title\": \"A\", \"weight\": 1}\n;;;\n"))
	if err != nil {
		t.Fatal(err)
	}
	checkLines(t, f, map[string]int{"title": 2, "weight": 2})
}

// The package doc says a date with an explicit offset becomes a
// time.Time; TOML does that (TestParseForms), YAML does not.
func TestParseYAMLDateWithOffset(t *testing.T) {
	f, err := Parse("x.md", []byte("---\ndate: 2026-10-14T09:00:00+01:00\n---\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 10, 14, 8, 0, 0, 0, time.UTC)
	if got, ok := f.Front["date"].(time.Time); !ok || !got.Equal(want) {
		t.Errorf(`Front["date"] = %#v; want time.Time %v`, f.Front["date"], want)
	}
}

func TestParseNoFrontmatter(t *testing.T) {
	tests := []string{
		"# Hello\n\nText.\n",
		"\n\n# Hello\n",
		"",
		"Just text",
		"----\nnot a fence\n",
		"{ not json on one line }\n",
		// A "{" line with no closing "}" line and blank line is Markdown.
		"{\nsome text\n",
	}
	for _, src := range tests {
		t.Run(fmt.Sprintf("%q", src), func(t *testing.T) {
			f, err := Parse("about.md", []byte(src))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if f.Front != nil || f.Lines != nil {
				t.Errorf("Front, Lines = %v, %v; want nil", f.Front, f.Lines)
			}
			if f.BodyLine != 1 {
				t.Errorf("BodyLine = %d; want 1", f.BodyLine)
			}
			if string(f.Body) != src {
				t.Errorf("Body = %q; want the whole file %q", f.Body, src)
			}
			if got := f.Line("title"); got != 1 {
				t.Errorf(`Line("title") = %d; want 1`, got)
			}
		})
	}
}

func TestFileLineAndSourcePath(t *testing.T) {
	f, err := Parse("posts/x.md", []byte("---\n\ntitle: A\nregions: [x]\n---\n"))
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]int{"title": 3, "regions": 4, "missing": 1} {
		if got := f.Line(key); got != want {
			t.Errorf("Line(%q) = %d; want %d", key, got, want)
		}
	}
	if got, want := f.SourcePath(), "content/posts/x.md"; got != want {
		t.Errorf("SourcePath() = %q; want %q", got, want)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // the whole message, or its start when it ends in "…"
	}{
		{"yaml not closed", "---\ntitle: x\n\nbody\n", `content/x.md:1: frontmatter is not closed: add a line "---" after it`},
		{"yaml not closed after blank lines", "\n\n---\ntitle: x\n", `content/x.md:3: frontmatter is not closed: add a line "---" after it`},
		{"toml not closed", "+++\ntitle = \"x\"\n", `content/x.md:1: frontmatter is not closed: add a line "+++" after it`},
		{"json not closed", ";;;\n{}\n", `content/x.md:1: frontmatter is not closed: add a line ";;;" after it`},
		{"---toml not closed", "---toml\ntitle = \"x\"\n", `content/x.md:1: frontmatter is not closed: add a line "---" after it`},
		{"fence alone", "---", `content/x.md:1: frontmatter is not closed…`},

		// YAML errors on the n-th frontmatter line are on file line n+1.
		{"yaml error on 3rd frontmatter line", "---\ntitle: x\ndate: 2026-01-01\nfoo: bar: baz\n---\nbody\n",
			"content/x.md:4: invalid YAML frontmatter: mapping values are not allowed in this context"},
		{"yaml bad indent", "---\na: 1\nb: 2\n  c: 3\n---\n", "content/x.md:4: invalid YAML frontmatter: mapping values are not allowed in this context"},
		{"yaml tab", "---\ntitle: x\n\tfoo: 1\n---\n", "content/x.md:3: invalid YAML frontmatter: found a tab character that violates indentation"},
		{"yaml error after blank lines and BOM", "\ufeff\n\n---\ntitle: x\nfoo: bar: baz\n---\n",
			"content/x.md:5: invalid YAML frontmatter: mapping values are not allowed in this context"},
		{"yaml a list", "---\n- a\n- b\n---\n", "content/x.md:2: invalid YAML frontmatter: frontmatter must be a list of key: value lines"},
		{"yaml unclosed flow list", "---\ntitle: x\ntags: [a, b\nsummary: y\n---\n",
			"content/x.md:3: invalid YAML frontmatter: did not find expected ',' or ']' (a list opened with [ on this line or above is not closed with ])"},

		{"toml error on 2nd frontmatter line", "+++\ntitle = \"x\"\nfoo = \n+++\n", "content/x.md:3: invalid TOML frontmatter: unexpected character U+000A at start of value"},
		{"toml duplicate key", "\n+++\ntitle = \"x\"\nfoo = 1\nfoo = 2\n+++\n", "content/x.md:5: invalid TOML frontmatter: key foo is already defined"},

		{"json ;;; missing comma", ";;;\n{\n  \"title\": \"x\"\n  \"n\": 3\n}\n;;;\nbody\n",
			`content/x.md:4: invalid JSON frontmatter: invalid character '"' after object key:value pair`},
		{"json ;;; trailing comma", ";;;\n{\n  \"title\": \"x\",\n}\n;;;\n",
			"content/x.md:4: invalid JSON frontmatter: invalid character '}' looking for beginning of object key string"},
		{"bare json missing comma", "{\n  \"title\": \"x\"\n  \"n\": 3\n}\n\nbody\n",
			`content/x.md:3: invalid JSON frontmatter: invalid character '"' after object key:value pair`},
		{"---json missing comma", "---json\n{\n  \"title\": \"x\"\n  \"n\": 3\n}\n---\n",
			`content/x.md:4: invalid JSON frontmatter: invalid character '"' after object key:value pair`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse("x.md", []byte(tt.src))
			if err == nil {
				t.Fatalf("Parse(%q) = %+v, no error; want %q", tt.src, f, tt.want)
			}
			if f != nil {
				t.Errorf("Parse returned a File with its error")
			}
			got := err.Error()
			if prefix, ok := strings.CutSuffix(tt.want, "…"); ok {
				if !strings.HasPrefix(got, prefix) {
					t.Errorf("error = %q; want prefix %q", got, prefix)
				}
			} else if got != tt.want {
				t.Errorf("error = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestWalk(t *testing.T) {
	tests := []struct {
		name      string
		fsys      fstest.MapFS
		pages     []string
		resources map[string][]string
		files     []string
	}{
		{
			name:  "pages and loose files",
			fsys:  mapFS("index.md", "about.md", "posts/z.md", "posts/a.md", "logo.png", "files/report.pdf"),
			pages: []string{"about.md", "index.md", "posts/a.md", "posts/z.md"},
			files: []string{"files/report.pdf", "logo.png"},
		},
		{
			// content/index.md is the home page, not a bundle of the whole site.
			name:  "root index.md is not a bundle",
			fsys:  mapFS("index.md", "posts/a.md", "logo.png"),
			pages: []string{"index.md", "posts/a.md"},
			files: []string{"logo.png"},
		},
		{
			name:      "bundle",
			fsys:      mapFS("posts/a.md", "posts/b/index.md", "posts/b/photo.jpg", "posts/b/sub/x.png", "posts/c.md", "posts/c.png"),
			pages:     []string{"posts/a.md", "posts/b/index.md", "posts/c.md"},
			resources: map[string][]string{"posts/b/index.md": {"posts/b/photo.jpg", "posts/b/sub/x.png"}},
			files:     []string{"posts/c.png"},
		},
		{
			// a.jpg sorts before index.md, and must still be found.
			name:      "resource before index.md",
			fsys:      mapFS("events/e/index.md", "events/e/a.jpg", "events/e/map.pdf"),
			pages:     []string{"events/e/index.md"},
			resources: map[string][]string{"events/e/index.md": {"events/e/a.jpg", "events/e/map.pdf"}},
		},
		{
			name:      "markdown after index.md in a bundle is a resource",
			fsys:      mapFS("posts/b/index.md", "posts/b/notes.md", "posts/b/sub/more.md"),
			pages:     []string{"posts/b/index.md"},
			resources: map[string][]string{"posts/b/index.md": {"posts/b/notes.md", "posts/b/sub/more.md"}},
		},
		{
			name:      "markdown before index.md in a bundle is a resource",
			fsys:      mapFS("posts/b/index.md", "posts/b/appendix.md", "posts/b/README.md", "posts/b/attachments/notes.md"),
			pages:     []string{"posts/b/index.md"},
			resources: map[string][]string{"posts/b/index.md": {"posts/b/README.md", "posts/b/appendix.md", "posts/b/attachments/notes.md"}},
		},
		{
			name:      "bundle inside a bundle is a resource",
			fsys:      mapFS("posts/b/index.md", "posts/b/sub/index.md", "posts/b/sub/x.png"),
			pages:     []string{"posts/b/index.md"},
			resources: map[string][]string{"posts/b/index.md": {"posts/b/sub/index.md", "posts/b/sub/x.png"}},
		},
		{
			name:      "two bundles",
			fsys:      mapFS("posts/a/index.md", "posts/a/1.jpg", "posts/b/index.md", "posts/b/2.jpg"),
			pages:     []string{"posts/a/index.md", "posts/b/index.md"},
			resources: map[string][]string{"posts/a/index.md": {"posts/a/1.jpg"}, "posts/b/index.md": {"posts/b/2.jpg"}},
		},
		{
			name: "hidden and backup files skipped",
			fsys: mapFS("posts/a.md", ".git/config", ".git/x.md", ".hidden.md", "posts/.a.md.swp", "posts/a.md~",
				"posts/#a.md#", "drafts/.obsidian/x.md", ".DS_Store", "posts/b/index.md", "posts/b/.thumbs.db", "posts/b/x.jpg~"),
			pages: []string{"posts/a.md", "posts/b/index.md"},
		},
		{
			name:  "pages sorted",
			fsys:  mapFS("a/x.md", "a-b.md", "a.md", "b.md"),
			pages: []string{"a-b.md", "a.md", "a/x.md", "b.md"},
		},
		{
			name: "empty",
			fsys: fstest.MapFS{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree, err := Walk(tt.fsys)
			if err != nil {
				t.Fatalf("Walk: %v", err)
			}
			if !slices.Equal(tree.Pages, tt.pages) {
				t.Errorf("Pages = %q; want %q", tree.Pages, tt.pages)
			}
			if !slices.Equal(tree.Files, tt.files) {
				t.Errorf("Files = %q; want %q", tree.Files, tt.files)
			}
			if tree.Resources == nil {
				t.Errorf("Resources = nil; want a map")
			}
			if len(tree.Resources) != len(tt.resources) {
				t.Errorf("Resources = %q; want %q", tree.Resources, tt.resources)
			}
			for k, want := range tt.resources {
				if got := tree.Resources[k]; !slices.Equal(got, want) {
					t.Errorf("Resources[%q] = %q; want %q", k, got, want)
				}
			}
			if !slices.IsSorted(tree.Pages) {
				t.Errorf("Pages = %q; want them sorted", tree.Pages)
			}
		})
	}
}

func mapFS(paths ...string) fstest.MapFS {
	m := fstest.MapFS{}
	for _, p := range paths {
		m[p] = &fstest.MapFile{Data: []byte("---\ntitle: " + p + "\n---\nbody\n")}
	}
	return m
}

func TestLoad(t *testing.T) {
	fsys := fstest.MapFS{}
	const n = 100
	for i := range n {
		fsys[fmt.Sprintf("posts/p%03d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil, "---\ntitle: P%d\n---\nbody %d\n", i, i)}
	}
	fsys["posts/b/index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: B\n---\n")}
	fsys["posts/b/photo.jpg"] = &fstest.MapFile{Data: []byte("jpg")}
	tree, err := Walk(fsys)
	if err != nil {
		t.Fatal(err)
	}

	var calls atomic.Int64
	var mu sync.Mutex
	seen := map[string]*File{}
	err = Load(context.Background(), fsys, tree, func(_ int, f *File) error {
		calls.Add(1)
		mu.Lock()
		defer mu.Unlock()
		if _, dup := seen[f.Path]; dup {
			t.Errorf("fn called twice for %s", f.Path)
		}
		kept := *f
		kept.Body = bytes.Clone(f.Body) // the worker reuses f.Body's memory
		seen[f.Path] = &kept
		return nil
	})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got := calls.Load(); got != n+1 {
		t.Errorf("fn called %d times; want %d", got, n+1)
	}
	for _, p := range tree.Pages {
		f := seen[p]
		if f == nil {
			t.Errorf("fn never called for %s", p)
			continue
		}
		if !strings.HasPrefix(f.Front["title"].(string), "P") && p != "posts/b/index.md" {
			t.Errorf("%s: Front[title] = %v", p, f.Front["title"])
		}
	}
	if got := seen["posts/b/index.md"]; got == nil || !slices.Equal(got.Resources, []string{"posts/b/photo.jpg"}) {
		t.Errorf("bundle Resources = %v; want [posts/b/photo.jpg]", got)
	}
	if got := seen["posts/p007.md"]; got == nil || got.Resources != nil || string(got.Body) != "body 7\n" || got.BodyLine != 4 {
		t.Errorf("posts/p007.md = %+v; want Body %q, BodyLine 4, no Resources", got, "body 7\n")
	}
}

func TestLoadErrors(t *testing.T) {
	fsys := fstest.MapFS{
		"c.md":     {Data: []byte("---\ntitle: x\n")},                     // not closed
		"a.md":     {Data: []byte("---\ntitle: x\nfoo: bar: baz\n---\n")}, // YAML error, line 3
		"good.md":  {Data: []byte("---\ntitle: x\n---\n")},
		"b/x.md":   {Data: []byte("+++\ntitle = \n+++\n")}, // TOML error, line 2
		"d.md":     {Data: []byte("---\ntitle: rejected\n---\n")},
		"good2.md": {Data: []byte("no frontmatter\n")},
	}
	tree, err := Walk(fsys)
	if err != nil {
		t.Fatal(err)
	}
	tree.Pages = append(tree.Pages, "gone.md") // listed, then deleted before Load reads it
	var calls atomic.Int64
	err = Load(context.Background(), fsys, tree, func(_ int, f *File) error {
		calls.Add(1)
		if f.Path == "d.md" {
			return fmt.Errorf("%s:%d: rejected by the next stage", f.SourcePath(), f.Line("title"))
		}
		return nil
	})
	if err == nil {
		t.Fatal("Load = nil; want errors")
	}
	want := []string{
		"content/a.md:3: invalid YAML frontmatter",
		"content/b/x.md:2: invalid TOML frontmatter",
		"content/c.md:1: frontmatter is not closed",
		"content/gone.md: file does not exist",
	}
	lines := strings.Split(err.Error(), "\n")
	// fn's own error is a plain error, with no diag position: it sorts first.
	if len(lines) != len(want)+1 {
		t.Fatalf("Load error has %d lines; want %d:\n%s", len(lines), len(want)+1, err)
	}
	if got, w := lines[0], "content/d.md:2: rejected by the next stage"; got != w {
		t.Errorf("line 1 = %q; want %q", got, w)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i+1], w) {
			t.Errorf("line %d = %q; want prefix %q", i+2, lines[i+1], w)
		}
	}
	// fn is called for every page that parsed: good.md, good2.md and d.md.
	if got := calls.Load(); got != 3 {
		t.Errorf("fn called %d times; want 3", got)
	}
}

func TestLoadCancelled(t *testing.T) {
	fsys := fstest.MapFS{}
	const n = 500
	for i := range n {
		fsys[fmt.Sprintf("p%03d.md", i)] = &fstest.MapFile{Data: []byte("body\n")}
	}
	tree, err := Walk(fsys)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("before", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		var calls atomic.Int64
		err := Load(ctx, fsys, tree, func(int, *File) error { calls.Add(1); return nil })
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Load = %v; want context.Canceled", err)
		}
		// The feeder picks at random between a ready worker and the done
		// channel, so a few pages may go through, never all of them.
		if got := calls.Load(); got >= n {
			t.Errorf("fn called %d times after cancel; want fewer than %d", got, n)
		}
	})

	t.Run("during", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var calls atomic.Int64
		err := Load(ctx, fsys, tree, func(int, *File) error {
			if calls.Add(1) == 10 {
				cancel()
			}
			return errors.New("every page fails")
		})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Load = %v; want context.Canceled", err)
		}
		if got := calls.Load(); got >= n {
			t.Errorf("fn called %d times after cancel; want fewer than %d", got, n)
		}
	})
}

func TestParseTime(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in   string
		loc  *time.Location
		want time.Time // as UTC
	}{
		{"2026-06-03T10:00:00+01:00", london, time.Date(2026, 6, 3, 9, 0, 0, 0, time.UTC)},
		{"2026-06-03T10:00:00Z", london, time.Date(2026, 6, 3, 10, 0, 0, 0, time.UTC)},
		{"2026-06-03T10:00:00.5-04:00", london, time.Date(2026, 6, 3, 14, 0, 0, 5e8, time.UTC)},
		{"2026-01-15", london, time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)},       // GMT
		{"2026-06-03", london, time.Date(2026, 6, 2, 23, 0, 0, 0, time.UTC)},       // BST: midnight is 23:00 UTC
		{"2026-01-15 09:00", london, time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)}, // GMT
		{"2026-06-03 10:00", london, time.Date(2026, 6, 3, 9, 0, 0, 0, time.UTC)},  // BST
		{"2026-06-03 10:00:30", london, time.Date(2026, 6, 3, 9, 0, 30, 0, time.UTC)},
		{"2026-06-03T10:00", london, time.Date(2026, 6, 3, 9, 0, 0, 0, time.UTC)},
		{"2026-06-03T10:00:30", london, time.Date(2026, 6, 3, 9, 0, 30, 0, time.UTC)},
		{"2026-10-25 12:00", london, time.Date(2026, 10, 25, 12, 0, 0, 0, time.UTC)}, // the day BST ends
		{"  2026-06-03 10:00\n", london, time.Date(2026, 6, 3, 9, 0, 0, 0, time.UTC)},
		{"2026-06-03 10:00", time.UTC, time.Date(2026, 6, 3, 10, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q in %v", tt.in, tt.loc), func(t *testing.T) {
			got, err := ParseTime(tt.in, tt.loc)
			if err != nil {
				t.Fatalf("ParseTime(%q): %v", tt.in, err)
			}
			if !got.Equal(tt.want) {
				t.Errorf("ParseTime(%q) = %v; want %v", tt.in, got.UTC(), tt.want)
			}
			if got.Location() != tt.loc {
				t.Errorf("ParseTime(%q) location = %v; want %v", tt.in, got.Location(), tt.loc)
			}
		})
	}

	// A time with a zone is the same instant in any location, and like an
	// RFC 3339 time it comes back in loc, for display.
	for _, tt := range []struct {
		in   string
		want time.Time
	}{
		{"2026-06-03 10:00+02:00", time.Date(2026, 6, 3, 8, 0, 0, 0, time.UTC)},
		{"2026-06-03 10:00:00Z", time.Date(2026, 6, 3, 10, 0, 0, 0, time.UTC)},
		// +01:00 is London's offset on that day, so ParseInLocation uses loc.
		{"2026-06-03T10:00+01:00", time.Date(2026, 6, 3, 9, 0, 0, 0, time.UTC)},
	} {
		t.Run(fmt.Sprintf("%q with zone", tt.in), func(t *testing.T) {
			got, err := ParseTime(tt.in, london)
			if err != nil {
				t.Fatalf("ParseTime(%q): %v", tt.in, err)
			}
			if !got.Equal(tt.want) {
				t.Errorf("ParseTime(%q) = %v; want %v", tt.in, got.UTC(), tt.want)
			}
			if got.Location() != london {
				t.Errorf("ParseTime(%q) location = %v; want %v", tt.in, got.Location(), london)
			}
		})
	}

	for _, in := range []string{"tomorrow", "22/11/2026", "2026-13-01", "2026-06-03 25:00", "", "2026-06-03 10"} {
		t.Run(fmt.Sprintf("bad %q", in), func(t *testing.T) {
			got, err := ParseTime(in, london)
			if err == nil {
				t.Fatalf("ParseTime(%q) = %v; want an error", in, got)
			}
			want := fmt.Sprintf("cannot read %q as a date: write it like 2026-11-22 or 2026-11-22 14:00", in)
			if err.Error() != want {
				t.Errorf("error = %q; want %q", err, want)
			}
			if !got.IsZero() {
				t.Errorf("ParseTime(%q) = %v with its error; want the zero time", in, got)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"yaml.md", "toml.md", "json.md", "json-semicolons.md"} {
		src, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	for _, s := range []string{
		"",
		"---",
		"---\n---\n",
		"\ufeff\n---\ntitle: x\n---\nbody",
		"---\nfoo: bar: baz\n---\n",
		"---\na: &a [1]\nb: *a\n---\n",
		"+++\ntitle = \n+++\n",
		";;;\n{\n\"a\": 1\n\"b\": 2}\n;;;\n",
		"{\n\"a\": [\n}\n\n",
		"---json\n{}\n---\n",
		"---toml\n[x]\ny = 2026-01-01\n---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file, err := Parse("x.md", src)
		// Parse gives the frontmatter package only the lines up to the
		// closing delimiter; given the whole source, it splits it the same.
		var ref capture
		refBody, refErr := frontmatter.Parse(bytes.NewReader(bytes.TrimPrefix(src, []byte("\ufeff"))), &ref, formats...)
		switch {
		case refErr != nil && err == nil, refErr == nil && err != nil && ref.front != nil:
			t.Fatalf("Parse error %v; the frontmatter package on the whole source: %v", err, refErr)
		case err == nil && !bytes.Equal(file.Body, refBody):
			t.Fatalf("Body %q; the frontmatter package on the whole source: %q", file.Body, refBody)
		case err == nil && !reflect.DeepEqual(file.Front, ref.front):
			t.Fatalf("Front %v; the frontmatter package on the whole source: %v", file.Front, ref.front)
		}
		if err != nil {
			if file != nil {
				t.Errorf("Parse returned a File with error %v", err)
			}
			if !strings.HasPrefix(err.Error(), "content/x.md") {
				t.Errorf("error %q does not name content/x.md", err)
			}
			return
		}
		if file.BodyLine < 1 {
			t.Errorf("BodyLine = %d; want at least 1", file.BodyLine)
		}
		if !bytes.HasSuffix(src, file.Body) {
			t.Fatalf("Body %q is not a suffix of the input %q", file.Body, src)
		}
		head := src[:len(src)-len(file.Body)]
		if got := 1 + bytes.Count(head, []byte("\n")); file.BodyLine != got {
			t.Errorf("BodyLine = %d; want %d, the line after %q", file.BodyLine, got, head)
		}
		if (file.Front == nil) != (file.Lines == nil) {
			t.Errorf("Front = %v but Lines = %v; want both nil or both set", file.Front, file.Lines)
		}
		if file.Front == nil && len(file.Body) != len(bytes.TrimPrefix(src, []byte("\ufeff"))) {
			t.Errorf("no frontmatter, but Body %q is not the whole input %q", file.Body, src)
		}
	})
}
