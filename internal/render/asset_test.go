package render

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
)

func TestAsset(t *testing.T) {
	published := map[string]string{"css/style.css": "css/style.0123456789.css", "img/logo.svg": "img/logo.svg"}
	asset := func(name string) (string, bool) {
		p, ok := published[name]
		return p, ok
	}
	layouts := fstest.MapFS{"posts/single.html": {Data: []byte(`<link href="{{ asset "css/style.css" }}"><img src="{{ asset "/img/logo.svg" }}">`)}}
	tests := []struct {
		name  string
		asset func(string) (string, bool)
		want  string
	}{
		{"fingerprinted", asset, `<link href="/sub/css/style.0123456789.css"><img src="/sub/img/logo.svg">`},
		// Without publishing's knowledge, the path is taken as it is.
		{"no asset map", nil, `<link href="/sub/css/style.css"><img src="/sub/img/logo.svg">`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := New(Options{Site: testSite(t, posts()...), Theme: theme, Layouts: layouts, Asset: tt.asset})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			err = r.Render(context.Background(), func(p string, data []byte) error {
				if p == "posts/a/index.html" {
					got[p] = string(data)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if got["posts/a/index.html"] != tt.want {
				t.Errorf("got %q; want %q", got["posts/a/index.html"], tt.want)
			}
		})
	}

	// A path that is no static file fails the build, naming the template.
	r, err := New(Options{Site: testSite(t, posts()...), Theme: theme, Asset: asset,
		Layouts: fstest.MapFS{"posts/single.html": {Data: []byte("\n{{ asset \"css/styles.css\" }}")}}})
	if err != nil {
		t.Fatal(err)
	}
	err = r.Render(context.Background(), func(string, []byte) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "layouts/posts/single.html:2:") ||
		!strings.Contains(err.Error(), `asset "css/styles.css": there is no static/css/styles.css in the site or the theme`) {
		t.Errorf("got %v; want an error naming the template and the missing file", err)
	}
}
