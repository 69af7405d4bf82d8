package render

import (
	"context"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"plexus/internal/site"
)

// body is a Markdown body as the converter writes it, long enough for a
// Span (minSpan).
var body = "<p>The first paragraph, long enough to be worth keeping as it is.</p>\n<h2 id=\"a\">A heading</h2>\n" +
	strings.Repeat("<p>More text, &ldquo;quoted&rdquo;, in a paragraph of its own.</p>\n", 4)

func TestBodySpan(t *testing.T) {
	head := "<!DOCTYPE html>\n<main>\n  <div class=\"content\">\n    "
	tail := "\n  </div>\n</main>\n"
	at := func(data string) Span { i := strings.Index(data, body); return Span{i, i + len(body)} }
	for _, tt := range []struct {
		name string
		data string
		body string
		want func(data string) Span
	}{
		{"shown once", head + body + tail, body, at},
		{"shown twice: the first", head + body + "<hr>" + body + tail, body, at},
		{"its start shown before it whole", head + body[:100] + "…</p>" + body + tail, body,
			func(data string) Span { i := strings.LastIndex(data, body); return Span{i, i + len(body)} }},
		{"after a closed pre", "<pre>x\n  y</pre>" + head + body + tail, body, at},
		{"in a pre", "<pre>" + head + body + tail + "</pre>", body, nil},
		{"escaped (an attribute, a script)", head + attrEscaped(body) + tail, body, nil},
		{"cut short", head + body[:len(body)-5] + tail, body, nil},
		{"too short to be worth it", head + "<p>Short.</p>\n" + tail, "<p>Short.</p>\n", nil},
		{"at the very end", head + body, body, at},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var want Span
			if tt.want != nil {
				want = tt.want(tt.data)
			}
			got := bodySpan([]byte(tt.data), tt.body)
			if got != want {
				t.Errorf("bodySpan = %v; want %v", got, want)
			}
			if got != (Span{}) && tt.data[got.Start:got.End] != tt.body {
				t.Errorf("the span holds %q, not the body", tt.data[got.Start:got.End])
			}
		})
	}
}

// attrEscaped escapes s as html/template does in an attribute.
func attrEscaped(s string) string {
	return strings.NewReplacer("<", "&lt;", ">", "&gt;", `"`, "&#34;").Replace(s)
}

// TestRenderBodySpan renders pages through layouts that show their body in
// different ways and checks the Span emit gets for each.
func TestRenderBodySpan(t *testing.T) {
	for _, tt := range []struct {
		name, layout string
		find         bool // Options.FindBodies
		shown        bool // the Span holds the body
	}{
		{"shown", `{{define "main"}}<div class="content">{{.Content}}</div>{{end}}`, true, true},
		{"shown, not asked for", `{{define "main"}}<div class="content">{{.Content}}</div>{{end}}`, false, false},
		{"shown after a variable", `{{define "main"}}{{$c := .Content}}<p>{{.Title}}</p>{{$c}}{{end}}`, true, true},
		{"not shown", `{{define "main"}}<p>{{.Title}}</p>{{end}}`, true, false},
		{"in an attribute", `{{define "main"}}<div data-x="{{.Content}}"></div>{{end}}`, true, false},
		{"in a pre", `{{define "main"}}<pre>{{.Content}}</pre>{{end}}`, true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := &site.Page{Kind: site.KindPost, Section: "posts", File: "content/posts/a.md", Title: "A", Slug: "a",
				Params: map[string]any{}, Date: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), Body: site.BodyRef{Len: len(body)}}
			s := testSite(t, p)
			s.Bodies = func(*site.Page) (string, error) { return body, nil }
			layouts := fstest.MapFS{"posts/single.html": {Data: []byte(tt.layout)}}
			r, err := New(Options{Site: s, Theme: theme, Layouts: layouts, FindBodies: tt.find})
			if err != nil {
				t.Fatal(err)
			}
			var mu sync.Mutex
			spans := map[string]Span{}
			err = r.Render(context.Background(), func(path string, data []byte, span Span) error {
				mu.Lock()
				defer mu.Unlock()
				spans[path] = span
				if span != (Span{}) && string(data[span.Start:span.End]) != body {
					t.Errorf("%s: the span %v holds %q, not the body", path, span, data[span.Start:span.End])
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if got := spans["posts/a/index.html"] != (Span{}); got != tt.shown {
				t.Errorf("the post's body found: %v; want %v", got, tt.shown)
			}
			for path, span := range spans {
				if path != "posts/a/index.html" && span != (Span{}) {
					t.Errorf("%s has a body span %v; only the post has a body", path, span)
				}
			}
			if _, ok := r.shown.Load(p); ok {
				t.Error("the renderer still holds the post's body after rendering it")
			}
		})
	}
}
