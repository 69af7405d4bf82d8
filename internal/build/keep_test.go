package build

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"plexus/internal/publish"
)

// TestMinifyKeepsBodies checks that a minified build differs from
// minifying each whole page only in the pages' Markdown bodies, which it
// publishes as they are (render.Span): minifying its output again gives
// what minifying the unminified output gives, page by page.
func TestMinifyKeepsBodies(t *testing.T) {
	build := func(minify bool) map[string]string {
		dest := filepath.Join(t.TempDir(), "public")
		if _, err := Build(context.Background(), Options{Source: "testdata/site", Destination: dest, Now: testNow, Minify: &minify}); err != nil {
			t.Fatal(err)
		}
		return tree(t, dest)
	}
	// minifyAll minifies files whole, as Output.Write does.
	minifyAll := func(files map[string]string) map[string]string {
		dest := filepath.Join(t.TempDir(), "public")
		o, err := publish.Begin(dest, publish.Options{Minify: true})
		if err != nil {
			t.Fatal(err)
		}
		for rel, data := range files {
			if err := o.Write(rel, "a page", []byte(data)); err != nil {
				t.Fatal(err)
			}
		}
		if err := o.Commit(); err != nil {
			t.Fatal(err)
		}
		return tree(t, dest)
	}
	minified, plain := build(true), build(false)
	// The pages of each, with the stylesheet's fingerprint left out: it
	// is of the minified stylesheet in one, of the plain one in the other.
	fingerprint := regexp.MustCompile(`\.[0-9a-f]{10}\.css`)
	html := func(files map[string]string) map[string]string {
		out := map[string]string{}
		for rel, data := range files {
			if strings.HasSuffix(rel, ".html") {
				out[rel] = fingerprint.ReplaceAllString(data, ".css")
			}
		}
		return out
	}
	again, whole := minifyAll(html(minified)), minifyAll(html(plain))
	if len(whole) < 20 {
		t.Fatalf("%d pages; want the test site's", len(whole))
	}
	for rel, w := range whole {
		if again[rel] != w {
			t.Errorf("%s: minifying the build's output again differs from minifying the page whole\n%s", rel, firstDiff(again[rel], w))
		}
	}
	// A body long enough to be worth it (render's minSpan) is kept.
	if !strings.Contains(minified["posts/first/index.html"], "</p>\n<h2 id=\"a-heading\">A heading</h2>\n<p>") {
		t.Error("posts/first/index.html: the body is not as the converter wrote it")
	}
}
