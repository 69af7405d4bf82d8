package build

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// codePost is a post with what minifying could spoil: a code block with
// indentation, tabs, blank lines and entities; inline elements with and
// without spaces between them; and (with markdown.unsafe) JSON-LD.
const codePost = "---\ntitle: Code <and> spacing\ndate: 2026-03-01\nauthor: ada\nregions: [london]\n---\n" +
	"Some *emphasis* and **strong**, a [link](/network/about/)*right*after, `code`  here.\n\n" +
	"```go\nfunc main() {\n\tif a < b && c {\n\n        fmt.Println(\"x  y\")\n\t}\n}\n```\n\n" +
	"    indented   code\n      block\n\n" +
	"<script type=\"application/ld+json\">\n{\n  \"@context\": \"https://schema.org\",\n  \"@type\": \"BlogPosting\",\n  \"headline\": \"Code  <and> spacing\",\n  \"wordCount\": 12.0\n}\n</script>\n\n" +
	"| a | b |\n|---|---|\n| 1 | 2 |\n"

// codeSite is the test site with codePost and raw HTML allowed.
func codeSite(t *testing.T) string {
	t.Helper()
	src := copySite(t)
	cfg := filepath.Join(src, "config.toml")
	b, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(cfg, append(b, "\n[markdown]\nunsafe = true\n"...), 0o644)
	os.WriteFile(filepath.Join(src, "content", "posts", "code.md"), []byte(codePost), 0o644)
	return src
}

// fingerprint matches a fingerprinted file name, which differs between a
// minified and a plain build because the bytes do.
var fingerprint = regexp.MustCompile(`\.[0-9a-f]{10}\.(css|js)\b`)

// TestMinifiedOutputMeansTheSame builds sites plain and minified and
// compares every file with real parsers: HTML has the same elements,
// attributes, text (up to whitespace that HTML ignores) and byte-identical
// <pre> contents; feeds parse to the same items; JSON and JSON-LD decode
// to the same values; calendars and text files are byte-identical.
func TestMinifiedOutputMeansTheSame(t *testing.T) {
	for name, src := range map[string]string{"example site": "../..", "test site with code": codeSite(t)} {
		t.Run(name, func(t *testing.T) {
			plainDest := filepath.Join(t.TempDir(), "public")
			minDest := filepath.Join(t.TempDir(), "public")
			if _, err := Build(context.Background(), Options{Source: src, Destination: plainDest, Now: testNow, Minify: new(false)}); err != nil {
				t.Fatal(err)
			}
			res, err := Build(context.Background(), Options{Source: src, Destination: minDest, Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			plain, minified := normalTree(t, plainDest), normalTree(t, minDest)
			if got, want := slices.Sorted(maps.Keys(minified)), slices.Sorted(maps.Keys(plain)); !slices.Equal(got, want) {
				t.Fatalf("minified build has files\n%q\nplain build\n%q", got, want)
			}
			var size, plainSize, pagesSaved int
			var pres, jsonLD int
			for rel, p := range plain {
				m := minified[rel]
				if strings.HasSuffix(rel, ".html") {
					pagesSaved += len(p) - len(m)
				} else {
					size += len(m)
					plainSize += len(p)
				}
				switch ext := filepath.Ext(rel); ext {
				case ".html":
					pres += samePre(t, rel, p, m)
					jsonLD += sameJSONLD(t, rel, p, m)
					sameDOM(t, rel, p, m)
				case ".xml":
					sameXML(t, rel, p, m)
				case ".json":
					sameJSON(t, rel, p, m)
				case ".ics", ".txt", ".png", ".jpg":
					if m != p {
						t.Errorf("%s: changed by minifying", rel)
					}
				}
			}
			if name == "test site with code" && (pres != 2 || jsonLD != 1) {
				t.Errorf("compared %d <pre> blocks and %d JSON-LD scripts; want 2 and 1", pres, jsonLD)
			}
			// Pages come out of minified layouts: the build counts what
			// minifying saved on the files it minifies as it writes them.
			if int64(plainSize-size) != res.Saved || res.Saved <= 0 {
				t.Errorf("the files other than pages shrank by %d bytes; the build reported %d saved", plainSize-size, res.Saved)
			}
			if pagesSaved <= 0 {
				t.Errorf("the pages grew by %d bytes", -pagesSaved)
			}
		})
	}
}

// normalTree is tree with fingerprints taken out of paths and contents.
func normalTree(t *testing.T, dir string) map[string]string {
	out := map[string]string{}
	for rel, data := range tree(t, dir) {
		out[fingerprint.ReplaceAllString(rel, ".HASH.$1")] = fingerprint.ReplaceAllString(data, ".HASH.$1")
	}
	return out
}

// samePre checks that every <pre> holds the same bytes, and returns how
// many there are.
func samePre(t *testing.T, rel, plain, minified string) int {
	t.Helper()
	p, m := pres(plain), pres(minified)
	if !slices.Equal(p, m) {
		t.Errorf("%s: <pre> contents differ:\nplain    %q\nminified %q", rel, p, m)
	}
	return len(p)
}

// pres returns the source of each <pre> element's content.
func pres(doc string) []string {
	var out []string
	z := html.NewTokenizer(strings.NewReader(doc))
	var cur *strings.Builder
	depth := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		raw := string(z.Raw())
		name, _ := z.TagName()
		isPre := string(name) == "pre"
		switch {
		case tt == html.StartTagToken && isPre:
			if depth == 0 {
				cur = &strings.Builder{}
			} else {
				cur.WriteString(raw)
			}
			depth++
		case tt == html.EndTagToken && isPre && depth > 0:
			depth--
			if depth == 0 {
				out = append(out, cur.String())
			} else {
				cur.WriteString(raw)
			}
		case depth > 0:
			cur.WriteString(raw)
		}
	}
}

// sameJSONLD checks that JSON-LD scripts decode to the same values, and
// returns how many there are.
func sameJSONLD(t *testing.T, rel, plain, minified string) int {
	t.Helper()
	p, m := jsonLD(t, rel, plain), jsonLD(t, rel, minified)
	if !reflect.DeepEqual(p, m) {
		t.Errorf("%s: JSON-LD differs:\nplain    %v\nminified %v", rel, p, m)
	}
	return len(p)
}

func jsonLD(t *testing.T, rel, doc string) []any {
	t.Helper()
	root, err := html.Parse(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	var out []any
	for n := range root.Descendants() {
		if n.DataAtom != atom.Script || attr(n, "type") != "application/ld+json" || n.FirstChild == nil {
			continue
		}
		var v any
		if err := json.Unmarshal([]byte(n.FirstChild.Data), &v); err != nil {
			t.Errorf("%s: JSON-LD is not JSON: %v\n%s", rel, err, n.FirstChild.Data)
		}
		out = append(out, v)
	}
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// sameDOM parses both documents as a browser would and compares their
// elements, attributes and text. Text is compared as a reader sees it:
// runs of whitespace are one space, and whitespace at the edges of block
// elements (where HTML ignores it) does not count. A space lost between
// two words or two inline elements shows as a difference.
func sameDOM(t *testing.T, rel, plain, minified string) {
	t.Helper()
	p, m := domOutline(t, rel, plain), domOutline(t, rel, minified)
	if len(p) != len(m) {
		t.Errorf("%s: %d elements and text runs plain, %d minified", rel, len(p), len(m))
	}
	for i := range min(len(p), len(m)) {
		if p[i] != m[i] {
			t.Errorf("%s: differs:\nplain    %s\nminified %s", rel, p[i], m[i])
			return
		}
	}
}

// blocks are the elements at whose edges HTML ignores whitespace.
var blocks = map[atom.Atom]bool{}

func init() {
	for _, a := range []atom.Atom{atom.Html, atom.Head, atom.Body, atom.Title, atom.Meta, atom.Link, atom.Script, atom.Style,
		atom.P, atom.Div, atom.Ul, atom.Ol, atom.Li, atom.Dl, atom.Dt, atom.Dd, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Header, atom.Footer, atom.Nav, atom.Main, atom.Section, atom.Article, atom.Aside, atom.Table, atom.Thead,
		atom.Tbody, atom.Tfoot, atom.Tr, atom.Td, atom.Th, atom.Caption, atom.Figure, atom.Figcaption, atom.Blockquote,
		atom.Pre, atom.Hr, atom.Br, atom.Form, atom.Fieldset, atom.Legend, atom.Details, atom.Summary, atom.Address,
		atom.Noscript, atom.Option, atom.Select, atom.Iframe, atom.Video, atom.Audio, atom.Source, atom.Picture, atom.Svg} {
		blocks[a] = true
	}
}

// domOutline lists a document's elements with their attributes, and its
// text between block edges with whitespace collapsed.
func domOutline(t *testing.T, rel, doc string) []string {
	t.Helper()
	root, err := html.Parse(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	var out []string
	var text strings.Builder
	flush := func() {
		if s := strings.Join(strings.Fields(text.String()), " "); s != "" {
			out = append(out, "text "+s)
		}
		text.Reset()
	}
	var walk func(n *html.Node, raw bool)
	walk = func(n *html.Node, raw bool) {
		switch n.Type {
		case html.TextNode:
			if raw { // pre, script, style: compared elsewhere
				return
			}
			text.WriteString(n.Data)
			return
		case html.ElementNode:
			if blocks[n.DataAtom] {
				flush()
			}
			var attrs []string
			for _, a := range n.Attr {
				val := strings.Join(strings.Fields(a.Val), " ")
				if n.DataAtom == atom.Meta && a.Key == "content" && attr(n, "name") == "viewport" {
					// The minifier drops the space after a comma, which
					// browsers ignore there.
					val = strings.ReplaceAll(val, ", ", ",")
				}
				attrs = append(attrs, a.Key+"="+val)
			}
			slices.Sort(attrs)
			out = append(out, "<"+n.Data+" "+strings.Join(attrs, " ")+">")
			raw = raw || n.DataAtom == atom.Pre || n.DataAtom == atom.Script || n.DataAtom == atom.Style || n.DataAtom == atom.Textarea
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, raw)
		}
		if n.Type == html.ElementNode && blocks[n.DataAtom] {
			flush()
		}
	}
	walk(root, false)
	flush()
	return out
}

// sameXML checks that feeds parse to the same feed with a real feed
// parser, and that other XML (the sitemap) is well-formed and has the same
// elements and text.
func sameXML(t *testing.T, rel, plain, minified string) {
	t.Helper()
	if strings.HasSuffix(rel, "feed.xml") || strings.HasSuffix(rel, "atom.xml") {
		p, err1 := gofeed.NewParser().ParseString(plain)
		m, err2 := gofeed.NewParser().ParseString(minified)
		if err1 != nil || err2 != nil {
			t.Errorf("%s: plain: %v; minified: %v", rel, err1, err2)
			return
		}
		if !reflect.DeepEqual(p, m) {
			pj, _ := json.MarshalIndent(p, "", " ")
			mj, _ := json.MarshalIndent(m, "", " ")
			t.Errorf("%s: parses differently once minified:\n%s", rel, firstDiff(string(mj), string(pj)))
		}
		return
	}
	p, m := xmlTokens(t, rel, plain), xmlTokens(t, rel, minified)
	if !slices.Equal(p, m) {
		t.Errorf("%s: differs:\nplain    %q\nminified %q", rel, p, m)
	}
}

// xmlTokens lists an XML document's tokens, leaving out text that is only
// whitespace.
func xmlTokens(t *testing.T, rel, doc string) []string {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(doc))
	var out []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		if cd, ok := tok.(xml.CharData); ok && len(bytes.TrimSpace(cd)) == 0 {
			continue
		}
		out = append(out, strings.TrimPrefix(strings.TrimPrefix(fmtToken(tok), "{"), "}"))
	}
}

func fmtToken(tok xml.Token) string {
	b, _ := json.Marshal(tok)
	return string(b)
}

func sameJSON(t *testing.T, rel, plain, minified string) {
	t.Helper()
	var p, m any
	if err := json.Unmarshal([]byte(plain), &p); err != nil {
		t.Errorf("%s: plain: %v", rel, err)
	}
	if err := json.Unmarshal([]byte(minified), &m); err != nil {
		t.Errorf("%s: minified: %v", rel, err)
	}
	if !reflect.DeepEqual(p, m) {
		t.Errorf("%s: decodes differently once minified", rel)
	}
}

// TestMinifySwitch: config.toml's [publish] minify = false writes files as
// rendered, and Options.Minify (the --minify flag) overrides it both ways.
func TestMinifySwitch(t *testing.T) {
	src := copySite(t)
	cfg := filepath.Join(src, "config.toml")
	b, _ := os.ReadFile(cfg)
	os.WriteFile(cfg, append(b, "\n[publish]\nminify = false\n"...), 0o644)
	for _, tt := range []struct {
		minify *bool
		want   bool
	}{{nil, false}, {new(true), true}, {new(false), false}} {
		dest := filepath.Join(t.TempDir(), "public")
		res, err := Build(context.Background(), Options{Source: src, Destination: dest, Now: testNow, Minify: tt.minify})
		if err != nil {
			t.Fatal(err)
		}
		home, _ := os.ReadFile(filepath.Join(dest, "index.html"))
		if minified := !bytes.Contains(home, []byte("\n  ")); minified != tt.want || (res.Saved > 0) != tt.want {
			t.Errorf("Minify %v: got a minified home page %v, %d bytes saved; want minified %v", tt.minify, minified, res.Saved, tt.want)
		}
	}
}

// TestAssetsFingerprinted: pages link the stylesheet by its fingerprinted
// name, which is published, and holds a hash of what it holds.
func TestAssetsFingerprinted(t *testing.T) {
	dest := buildFeeds(t, "testdata/site")
	home, _ := os.ReadFile(filepath.Join(dest, "index.html"))
	m := regexp.MustCompile(`<link rel="stylesheet" href="/network/(css/style\.([0-9a-f]{10})\.css)">`).FindSubmatch(home)
	if m == nil {
		t.Fatalf("the home page links no fingerprinted stylesheet:\n%.600s", home)
	}
	css, err := os.ReadFile(filepath.Join(dest, string(m[1])))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := os.ReadFile(filepath.Join(dest, "css", "style.css"))
	if !bytes.Equal(css, plain) || len(css) == 0 || bytes.Contains(css, []byte("\n  ")) {
		t.Error("the fingerprinted stylesheet is not the minified stylesheet")
	}
}

// snap records every file and folder of a build's output.
func snap(t *testing.T, dir string) map[string]fs.FileInfo {
	t.Helper()
	out := map[string]fs.FileInfo{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := os.Lstat(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = info
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// ageOutput sets every time in dir well in the past, so that a file
// written again cannot have its old time by chance.
func ageOutput(t *testing.T, dir string) {
	t.Helper()
	past := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Chtimes(p, past, past)
	})
}

// same reports whether two snapshots of a path are the very same file (or
// folder) with the same time.
func same(a, b fs.FileInfo) bool {
	return a != nil && b != nil && a.ModTime().Equal(b.ModTime()) && a.Mode() == b.Mode() && (a.IsDir() || os.SameFile(a, b))
}

func TestSecondBuildWritesNothing(t *testing.T) {
	src := copySite(t)
	dest := filepath.Join(src, "public")
	first, err := Build(context.Background(), Options{Source: src, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if first.Written != first.Files || first.Unchanged != 0 {
		t.Errorf("first build: got %d written, %d unchanged of %d; want all written", first.Written, first.Unchanged, first.Files)
	}
	ageOutput(t, dest)
	before := snap(t, dest)
	res, err := Build(context.Background(), Options{Source: src, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if res.Written != 0 || res.Unchanged != res.Files || res.Removed != 0 || res.Files != first.Files {
		t.Errorf("got %d written, %d unchanged, %d removed of %d files; want none written", res.Written, res.Unchanged, res.Removed, res.Files)
	}
	after := snap(t, dest)
	if len(after) != len(before) {
		t.Errorf("got %d files and folders; want %d", len(after), len(before))
	}
	for rel, b := range before {
		if !same(b, after[rel]) {
			t.Errorf("%s: touched by a build that changed nothing", rel)
		}
	}
	if s := res.String(); !strings.Contains(s, " 0 written, ") {
		t.Errorf("got summary %q", s)
	}
}

// TestEditOnePost: after one post's text changes, only the files whose
// bytes depend on it are written; every other file and folder is left as
// it was.
func TestEditOnePost(t *testing.T) {
	src := copySite(t)
	dest := filepath.Join(src, "public")
	if _, err := Build(context.Background(), Options{Source: src, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	ageOutput(t, dest)
	before, oldBytes := snap(t, dest), tree(t, dest)
	post := filepath.Join(src, "content", "posts", "series-two.md")
	b, _ := os.ReadFile(post)
	os.WriteFile(post, append(b, "\nA sentence added to part two.\n"...), 0o644)
	res, err := Build(context.Background(), Options{Source: src, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	after, newBytes := snap(t, dest), tree(t, dest)

	var changed []string
	for rel, a := range after {
		if a.IsDir() {
			continue
		}
		if newBytes[rel] != oldBytes[rel] {
			changed = append(changed, rel)
			if same(before[rel], a) {
				t.Errorf("%s: new bytes in the old file", rel)
			}
		} else if !same(before[rel], a) {
			t.Errorf("%s: the same bytes, written again", rel)
		}
	}
	slices.Sort(changed)
	// The post's page and the feeds that carry its full text: nothing
	// else shows the body.
	want := []string{"atom.xml", "authors/ada/feed.xml", "feed.json", "feed.xml", "posts/series-two/index.html",
		"regions/national/atom.xml", "regions/national/feed.json", "regions/national/feed.xml", "tags/service-design/feed.xml"}
	if !slices.Equal(changed, want) {
		t.Errorf("changed files:\n%q\nwant\n%q", changed, want)
	}
	if res.Written != int64(len(want)) || res.Unchanged != res.Files-int64(len(want)) {
		t.Errorf("got %d written, %d unchanged; want %d written", res.Written, res.Unchanged, len(want))
	}
	for _, dir := range []string{".", "posts", "posts/series-two", "regions/national"} {
		if !same(before[dir], after[dir]) {
			t.Errorf("%s/: folder time changed, though its entries did not", dir)
		}
	}
}

// TestStaleRemovedDotfilesAndKeptStay: a page the site no longer makes is
// removed from the output; a Pages checkout's .git, other dotfiles and the
// files config.toml keeps stay as they were.
func TestStaleRemovedDotfilesAndKeptStay(t *testing.T) {
	src := copySite(t)
	dest := filepath.Join(src, "public")
	cfg := filepath.Join(src, "config.toml")
	b, _ := os.ReadFile(cfg)
	os.WriteFile(cfg, append(b, "\n[publish]\nkeep = [\"CNAME\", \"files/\"]\n"...), 0o644)
	if _, err := Build(context.Background(), Options{Source: src, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	extra := map[string]string{
		".git/HEAD":                "ref: refs/heads/gh-pages\n",
		".git/objects/12/3456":     "object",
		".nojekyll":                "",
		"posts/first/.htaccess":    "deny",
		"CNAME":                    "network.example.org\n",
		"files/annual-report.pdf":  "pdf",
		"old-page/index.html":      "stale",
		"posts/not-any-more.html":  "stale",
		".well-known/security.txt": "Contact: x\n",
	}
	for rel, data := range extra {
		p := filepath.Join(dest, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(data), 0o644)
	}
	os.Remove(filepath.Join(src, "content", "posts", "first.md"))
	ageOutput(t, dest)
	before := snap(t, dest)

	res, err := Build(context.Background(), Options{Source: src, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	after := snap(t, dest)
	for _, rel := range []string{".git", ".git/HEAD", ".git/objects/12/3456", ".nojekyll", "posts/first/.htaccess", "CNAME", "files/annual-report.pdf", ".well-known/security.txt"} {
		if !same(before[rel], after[rel]) {
			t.Errorf("%s: want it kept as it was", rel)
		}
	}
	for _, rel := range []string{"old-page/index.html", "old-page", "posts/not-any-more.html", "posts/first/index.html"} {
		if _, ok := after[rel]; ok {
			t.Errorf("%s: want it removed", rel)
		}
	}
	// Gone too: what only the first post made (its page, its topic's).
	var gone int64
	for rel, b := range before {
		if _, ok := after[rel]; !ok && !b.IsDir() {
			gone++
		}
	}
	if res.Removed != gone || gone < 3 || !strings.Contains(res.String(), fmt.Sprintf(", %d removed, ", gone)) {
		t.Errorf("got %d removed (%s); want %d", res.Removed, res, gone)
	}
}

// TestFailedBuildChangesNothing: a build that fails leaves every file and
// folder of the output as it was, dotfiles included, and nothing beside it.
func TestFailedBuildChangesNothing(t *testing.T) {
	src := copySite(t)
	dest := filepath.Join(src, "public")
	if _, err := Build(context.Background(), Options{Source: src, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dest, ".git"), 0o755)
	os.WriteFile(filepath.Join(dest, ".git", "HEAD"), []byte("ref"), 0o644)
	ageOutput(t, dest)
	before := snap(t, dest)
	// A change that would rewrite files, and an error late in the build.
	os.WriteFile(filepath.Join(src, "content", "posts", "second.md"), []byte("---\ntitle: Changed\ndate: 2026-02-10\n---\nNew.\n"), 0o644)
	os.MkdirAll(filepath.Join(src, "layouts", "posts"), 0o755)
	os.WriteFile(filepath.Join(src, "layouts", "posts", "single.html"), []byte(`{{define "main"}}{{.Titel}}{{end}}`), 0o644)
	if _, err := Build(context.Background(), Options{Source: src, Now: testNow}); err == nil {
		t.Fatal("got no error")
	}
	after := snap(t, dest)
	if len(after) != len(before) {
		t.Errorf("got %d files and folders; want %d", len(after), len(before))
	}
	for rel, b := range before {
		if !same(b, after[rel]) {
			t.Errorf("%s: changed by a failed build", rel)
		}
	}
	for _, e := range dirNames(t, src) {
		if (strings.HasPrefix(e, ".public") || strings.HasPrefix(e, ".plexus")) && e != filepath.Base(recordPath(dest)) {
			t.Errorf("left behind %s", e)
		}
	}
}

// TestLinkToKeptFile: a link to a file config.toml keeps in the output,
// which the build does not make, is not broken.
func TestLinkToKeptFile(t *testing.T) {
	src := copySite(t)
	dest := filepath.Join(src, "public")
	cfg := filepath.Join(src, "config.toml")
	b, _ := os.ReadFile(cfg)
	os.WriteFile(cfg, append(b, "\n[publish]\nkeep = [\"files/\"]\n"...), 0o644)
	if _, err := Build(context.Background(), Options{Source: src, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dest, "files"), 0o755)
	os.WriteFile(filepath.Join(dest, "files", "report.pdf"), []byte("pdf"), 0o644)
	post := filepath.Join(src, "content", "posts", "second.md")
	b, _ = os.ReadFile(post)
	os.WriteFile(post, append(b, "\nThe [report](/files/report.pdf).\n"...), 0o644)
	if _, err := Build(context.Background(), Options{Source: src, Now: testNow}); err != nil {
		t.Errorf("got %v; want the link to the kept file accepted", err)
	}
	os.WriteFile(post, append(b, "\nThe [report](/files/missing.pdf).\n"...), 0o644)
	if _, err := Build(context.Background(), Options{Source: src, Now: testNow}); err == nil || !strings.Contains(err.Error(), "missing.pdf") {
		t.Errorf("got %v; want the link to a missing file broken", err)
	}
}
