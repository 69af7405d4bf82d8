package build

import (
	"context"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestCompiledTemplates builds sites with compiled templates (the default)
// and with html/template alone, and wants the same files, byte for byte.
// With the default theme no page may be left to html/template; a site
// whose layouts use what compiled templates leave to it still gets the
// same files.
func TestCompiledTemplates(t *testing.T) {
	// A layout for posts that puts HTML content in an attribute (compiled
	// templates stop there) and ranges over a map.
	leftOver := copySite(t)
	layout := `{{define "main"}}<h1 title="{{.Summary}}">{{.Title}}</h1>` +
		`{{range $k, $v := .Params}}<p>{{$k}}: {{$v}}</p>{{end}}{{.Content}}{{end}}`
	os.MkdirAll(filepath.Join(leftOver, "layouts", "posts"), 0o755)
	if err := os.WriteFile(filepath.Join(leftOver, "layouts", "posts", "single.html"), []byte(layout), 0o644); err != nil {
		t.Fatal(err)
	}
	off := false
	for _, tt := range []struct {
		name, src string
		minify    *bool
		left      []string // layouts and partials left to html/template
	}{
		{"example site", "../..", nil, nil},
		{"example site unminified", "../..", &off, nil},
		{"test site with code", codeSite(t), nil, nil},
		{"generated site", benchSite(t, 300, 60), nil, nil},
		{"site with layouts left to html/template", leftOver, nil, []string{"posts/single.html"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			build := func(uncompiled bool) (map[string]string, *Result) {
				dest := filepath.Join(t.TempDir(), "public")
				res, err := Build(context.Background(), Options{Source: tt.src, Destination: dest, Now: testNow,
					Future: true, Minify: tt.minify, Uncompiled: uncompiled})
				if err != nil {
					t.Fatal(err)
				}
				return tree(t, dest), res
			}
			got, res := build(false)
			want, _ := build(true)
			if len(want) < 20 {
				t.Fatalf("%d files; want a site's", len(want))
			}
			for _, rel := range slices.Sorted(maps.Keys(want)) {
				if got[rel] != want[rel] {
					t.Errorf("%s differs from html/template's\n%s", rel, firstDiff(got[rel], want[rel]))
				}
			}
			if len(got) != len(want) {
				t.Errorf("%d files; html/template's build has %d", len(got), len(want))
			}
			if left := slices.Sorted(maps.Keys(res.Uncompiled)); !slices.Equal(left, tt.left) {
				t.Errorf("left to html/template: %v; want %v", res.Uncompiled, tt.left)
			}
			// The layout left over renders every post page with
			// html/template, and is said to.
			if tt.left != nil {
				var posts int64
				for rel := range want {
					if dir, ok := strings.CutSuffix(rel, "/index.html"); ok && path.Dir(dir) == "posts" && dir != "posts/page" {
						posts++
					}
				}
				if got := res.Uncompiled["posts/single.html"]; got != posts || posts < 2 {
					t.Errorf("posts/single.html rendered %d pages with html/template; want the %d post pages", got, posts)
				}
			}
		})
	}
}
