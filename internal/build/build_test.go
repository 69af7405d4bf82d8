package build

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"plexus/internal/site"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

const testNow = "2026-11-22"

// tree reads every file under dir into a map of slash path → contents.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// copySite copies testdata/site into a temporary folder for a test to
// change, and returns its path.
func copySite(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	for rel, data := range tree(t, "testdata/site") {
		p := filepath.Join(dst, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func TestGolden(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	res, err := Build(context.Background(), Options{Source: "testdata/site", Destination: dest, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	got := tree(t, dest)
	if *update {
		os.RemoveAll("testdata/golden")
		for rel, data := range got {
			p := filepath.Join("testdata/golden", filepath.FromSlash(rel))
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	want := tree(t, "testdata/golden")
	for rel, w := range want {
		g, ok := got[rel]
		switch {
		case !ok:
			t.Errorf("%s: missing from the output", rel)
		case g != w:
			t.Errorf("%s: differs from testdata/golden (run go test ./internal/build -update if the change is intended)\n%s", rel, firstDiff(g, w))
		}
	}
	for rel := range got {
		if _, ok := want[rel]; !ok {
			t.Errorf("%s: in the output but not in testdata/golden", rel)
		}
	}
	if res.Pages != 31 || int(res.Files) != len(got) {
		t.Errorf("got %d pages and %d files reported; want 31 pages and %d files", res.Pages, res.Files, len(got))
	}
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n  got:  %s\n  want: %s", i+1, gl, wl)
		}
	}
	return ""
}

func TestDeterministic(t *testing.T) {
	var outs []map[string]string
	for range 2 {
		dest := filepath.Join(t.TempDir(), "public")
		if _, err := Build(context.Background(), Options{Source: "testdata/site", Destination: dest, Now: testNow}); err != nil {
			t.Fatal(err)
		}
		outs = append(outs, tree(t, dest))
	}
	if len(outs[0]) != len(outs[1]) {
		t.Fatalf("got %d files then %d", len(outs[0]), len(outs[1]))
	}
	for rel, a := range outs[0] {
		if outs[1][rel] != a {
			t.Errorf("%s differs between two builds", rel)
		}
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string // relative to the site folder; "" deletes
		want  []string
	}{
		{"malformed YAML", map[string]string{"content/posts/first.md": "---\ntitle: x\ndate: 2026-01-01\n  bad: [\n---\nbody"},
			[]string{"content/posts/first.md:4: invalid YAML frontmatter"}},
		{"malformed TOML", map[string]string{"content/posts/second.md": "+++\ntitle = \"x\"\ndate = \n+++\nbody"},
			[]string{"content/posts/second.md:3: invalid TOML frontmatter"}},
		{"wrong type", map[string]string{"content/posts/first.md": "---\ntitle: x\ndate: 2026-01-01\ntags: {a: b}\n---\n"},
			[]string{"content/posts/first.md:4: tags must be a list"}},
		{"bad date", map[string]string{"content/posts/first.md": "---\ntitle: x\ndate: last tuesday\n---\n"},
			[]string{`content/posts/first.md:3: date: cannot read "last tuesday" as a date`}},
		{"missing title", map[string]string{"content/posts/first.md": "---\ndate: 2026-01-01\n---\n"},
			[]string{"content/posts/first.md:1: missing title"}},
		{"unknown region", map[string]string{"content/posts/first.md": "---\ntitle: x\ndate: 2026-01-01\nregions: [londn]\n---\n"},
			[]string{`content/posts/first.md:4: unknown region "londn" (did you mean "london"?)`}},
		{"duplicate URL", map[string]string{"content/posts/third.md": "---\ntitle: x\ndate: 2026-01-01\nslug: first\n---\n"},
			[]string{"content/posts/third.md:1: this page and content/posts/first.md both have the URL /posts/first/"}},
		{"duplicate series part", map[string]string{"content/posts/third.md": "---\ntitle: x\ndate: 2026-06-01\nseries: care-models\n\nseries_part: 2\n---\n"},
			[]string{`content/posts/third.md:6: series_part 2 of series "care-models" is also the part number of content/posts/series-two.md: give each part its own number`}},
		{"event ends before it starts", map[string]string{"content/events/meeting.md": "---\ntitle: x\nstart: 2026-10-01 10:00\nend: 2026-10-01 09:00\n---\n"},
			[]string{"content/events/meeting.md:4: event ends (2026-10-01 09:00) before it starts (2026-10-01 10:00)"}},
		{"event without a start", map[string]string{"content/events/meeting.md": "---\ntitle: x\nend: 2026-10-01 09:00\n---\n"},
			[]string{"content/events/meeting.md:1: event has no start"}},
		{"template parse error", map[string]string{"layouts/posts/single.html": "{{define \"main\"}}\n{{if .Title}}\n{{end}"},
			[]string{"layouts/posts/single.html:3:"}},
		{"template exec error", map[string]string{"layouts/posts/single.html": "{{define \"main\"}}\n\n{{.Titel}}{{end}}"},
			[]string{"layouts/posts/single.html:3:", "can't evaluate field Titel", "rendering content/posts/first.md"}},
		{"bad registration URL", map[string]string{"content/events/webinar.md": "---\ntitle: W\nstart: 2026-12-03 14:00\nregistration: events.example.org/r/1\n---\n"},
			[]string{`content/events/webinar.md:4: registration "events.example.org/r/1" is not a web address`}},
		{"broken link in Markdown", map[string]string{"content/posts/first.md": "---\ntitle: x\ndate: 2026-01-01\n---\nFine.\n\nSee [the missing post](/posts/nope/) and ![a chart](chart.png).\n"},
			[]string{`content/posts/first.md:7: broken link "/network/posts/nope/": no such file posts/nope/index.html`,
				`content/posts/first.md:7: broken link "chart.png"`}},
		{"broken link in a layout", map[string]string{"layouts/partials/footer.html": `<footer><a href="{{ relURL "privacy/" }}">Privacy</a></footer>`},
			[]string{`broken link "/network/privacy/" (a href) on `, `pages (e.g. 404.html), made by a layout or a summary`}},
		{"bad config", map[string]string{"config.toml": "title = \"x\"\n\ntimezone = \"Europe/Lundon\"\n"},
			[]string{`config.toml:3: unknown timezone "Europe/Lundon"`}},
		{"several broken files", map[string]string{
			"content/posts/first.md":  "---\ndate: 2026-01-01\n---\n",
			"content/posts/second.md": "---\ntitle: x\ndate: 2026-13-01\n---\n",
			"content/about.md":        "---\ntitle: [x]\n---\n",
		}, []string{"content/about.md:2:", "content/posts/first.md:1:", "content/posts/second.md:3:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := copySite(t)
			dest := filepath.Join(src, "public")
			if _, err := Build(context.Background(), Options{Source: src, Now: testNow}); err != nil {
				t.Fatal(err)
			}
			before := tree(t, dest)
			for rel, data := range tt.files {
				p := filepath.Join(src, filepath.FromSlash(rel))
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := Build(context.Background(), Options{Source: src, Now: testNow})
			if err == nil {
				t.Fatal("got no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("got error:\n%v\nwant it to contain %q", err, w)
				}
			}
			after := tree(t, dest)
			if len(after) != len(before) {
				t.Errorf("got %d files after the failed build; want the previous %d", len(after), len(before))
			}
			for rel, b := range before {
				if after[rel] != b {
					t.Errorf("%s changed in a failed build", rel)
				}
			}
			for _, e := range dirNames(t, src) {
				if (strings.HasPrefix(e, ".public") || strings.HasPrefix(e, ".plexus")) && e != filepath.Base(recordPath(dest)) {
					t.Errorf("left behind %s", e)
				}
			}
		})
	}
}

// TestNationalOnRegions builds the test site with network.national_on_regions
// (the golden site has it off): national posts and events are then on every
// region's page, which says so, and no region is empty.
func TestNationalOnRegions(t *testing.T) {
	src := copySite(t)
	cfgPath := filepath.Join(src, "config.toml")
	b, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.Replace(b, []byte("national_on_regions = false"), []byte("national_on_regions = true"), 1)
	if err := os.WriteFile(cfgPath, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(context.Background(), Options{Source: src, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	got := tree(t, filepath.Join(src, "public"))
	for _, tt := range []struct {
		page string
		want []string
		not  []string
	}{
		{"regions/london/index.html", []string{"/network/posts/series-two/", "/network/events/webinar/", "/network/posts/series-one/", "/network/events/meeting/", "listed here too"}, nil},
		{"regions/london/page/2/index.html", []string{"/network/posts/second/", "/network/posts/first/"}, nil},
		{"regions/south-west/index.html", []string{"/network/posts/second/", "/network/events/webinar/"}, []string{"There are no posts or events"}},
		{"regions/national/index.html", []string{"/network/posts/second/"}, []string{"/network/posts/first/", "listed here too"}},
		{"regions/index.html", []string{"(with the whole network’s)"}, nil},
	} {
		page := got[tt.page]
		for _, w := range tt.want {
			if !strings.Contains(page, w) {
				t.Errorf("%s: want %q in it", tt.page, w)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(page, n) {
				t.Errorf("%s: got %q in it; want it not to be", tt.page, n)
			}
		}
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestCancelledBuildWritesNothing(t *testing.T) {
	src := copySite(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Build(ctx, Options{Source: src, Now: testNow}); err == nil {
		t.Fatal("got no error from a cancelled build")
	}
	if _, err := os.Stat(filepath.Join(src, "public")); !os.IsNotExist(err) {
		t.Errorf("a cancelled build made public/ (err %v)", err)
	}
}

func TestNoConfig(t *testing.T) {
	_, err := Build(context.Background(), Options{Source: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "no config.toml in") {
		t.Errorf("got %v; want a clear no-config error", err)
	}
}

func TestMinimalSiteUsesEmbeddedTheme(t *testing.T) {
	src := t.TempDir()
	os.WriteFile(filepath.Join(src, "config.toml"), []byte("title = \"Tiny\"\n"), 0o644)
	os.MkdirAll(filepath.Join(src, "content", "posts"), 0o755)
	os.WriteFile(filepath.Join(src, "content", "posts", "hello.md"), []byte("---\ntitle: Hello\ndate: 2026-01-01\n---\nHi *there*.\n"), 0o644)
	if _, err := Build(context.Background(), Options{Source: src, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	got := tree(t, filepath.Join(src, "public"))
	if !strings.Contains(got["posts/hello/index.html"], "Hi <em>there</em>.") {
		t.Errorf("post page lacks its content:\n%s", got["posts/hello/index.html"])
	}
	if !bytes.Contains([]byte(got["index.html"]), []byte("Hello")) || got["css/style.css"] == "" {
		t.Error("home page or theme stylesheet missing")
	}
}

func TestBrokenLinksAsWarnings(t *testing.T) {
	src := copySite(t)
	post := filepath.Join(src, "content", "posts", "first.md")
	os.WriteFile(post, []byte("---\ntitle: x\ndate: 2026-01-01\n---\nSee [the missing post](/posts/nope/).\n"), 0o644)
	cfg := filepath.Join(src, "config.toml")
	b, _ := os.ReadFile(cfg)
	os.WriteFile(cfg, append(b, []byte("\n[publish]\nbroken_links = \"warn\"\n")...), 0o644)
	res, err := Build(context.Background(), Options{Source: src, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(res.Warnings, func(w *site.Warning) bool {
		return w.File == "content/posts/first.md" && w.Line == 5 && strings.Contains(w.Msg, "broken link")
	}) {
		t.Errorf("got warnings %v; want the broken link on content/posts/first.md:5", res.Warnings)
	}
}

// TestExampleSiteLinks: the example site has no broken internal link,
// image or fragment (a broken one would fail its build).
func TestExampleSiteLinks(t *testing.T) {
	res, err := Build(context.Background(), Options{Source: "../..", Destination: filepath.Join(t.TempDir(), "public"), Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range res.Warnings {
		t.Errorf("warning: %v", w)
	}
}
