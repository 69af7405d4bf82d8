package build

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"plexus/internal/publish"
)

// TestMinifiedLayouts checks that pages rendered through minified layouts
// (publish.MinifyLayout) are the pages minifying each whole page would
// give, but for what they insert as it is (the Markdown bodies, the
// whitespace beside an action): minifying them again gives what minifying
// the unminified pages gives, page by page, and that is little smaller.
func TestMinifiedLayouts(t *testing.T) {
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
	var size, wholeSize, plainSize int
	for rel, w := range whole {
		if again[rel] != w {
			t.Errorf("%s: minifying the build's output again differs from minifying the page whole\n%s", rel, firstDiff(again[rel], w))
		}
		size += len(minified[rel])
		wholeSize += len(w)
		plainSize += len(plain[rel])
	}
	// What minifying each whole page would save and minified layouts do
	// not: the bodies, the entities html/template writes ("&amp;" where
	// "&" would do) and a line break beside an action here and there.
	t.Logf("pages: %d bytes unminified, %d minified whole, %d through minified layouts", plainSize, wholeSize, size)
	if saved, most := plainSize-size, plainSize-wholeSize; float64(saved) < 0.75*float64(most) {
		t.Errorf("minified layouts save %d bytes; minifying each whole page saves %d: want three quarters of it at least (the test site has many &amp;s)", saved, most)
	}
	if !strings.Contains(minified["posts/first/index.html"], "</p>\n<h2 id=\"a-heading\">A heading</h2>\n<p>") {
		t.Error("posts/first/index.html: the body is not as the converter wrote it")
	}
}
