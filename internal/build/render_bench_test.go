package build

import (
	"bytes"
	"context"
	"sync/atomic"
	"testing"
	"time"

	"plexus"
	"plexus/internal/config"
	"plexus/internal/content"
	"plexus/internal/markdown"
	"plexus/internal/render"
	"plexus/internal/site"
)

// The render stage's benchmarks live here, not in package render: a site
// graph with regions and tags is made from content files (site.Decode of a
// content.File), and the default theme is embedded in the root package, and
// of the plexus packages only build may import content, render and the root
// package together (imports_test.go).

// benchGraph makes the site graph of posts posts and events events as
// benchSite writes them (1,100-word posts, 275-word events), without the
// disk, and returns it with each page's converted body by source file.
func benchGraph(b *testing.B, posts, events int) (*site.Site, map[string][]byte) {
	b.Helper()
	cfg, err := config.Parse([]byte(benchConfig()))
	if err != nil {
		b.Fatal(err)
	}
	conv := markdown.New(markdown.Options{})
	bodies := map[string][]byte{}
	var pages []*site.Page
	for i := range posts + events {
		path, text := benchFile(i, posts)
		f, err := content.Parse(path, []byte(text))
		if err != nil {
			b.Fatal(err)
		}
		p, err := site.Decode(cfg, f)
		if err != nil {
			b.Fatal(err)
		}
		doc, err := conv.Convert(f.Body)
		if err != nil {
			b.Fatal(err)
		}
		if err := p.Attach(conv, &doc); err != nil {
			b.Fatal(err)
		}
		p.Body = site.BodyRef{Len: len(doc.HTML)}
		bodies[p.File] = doc.HTML
		pages = append(pages, p)
	}
	s, err := site.New(cfg, site.Options{Now: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)}, pages)
	if err != nil {
		b.Fatal(err)
	}
	return s, bodies
}

// benchRenderer parses the default theme's templates for s, to render
// with html/template alone when uncompiled is set.
func benchRenderer(b *testing.B, s *site.Site, bodies map[string][]byte, uncompiled bool) *render.Renderer {
	b.Helper()
	s.Bodies = func(p *site.Page) (string, error) { return string(bodies[p.File]), nil }
	r, err := render.New(render.Options{
		Site:       s,
		Theme:      sub(plexus.Theme, render.Dir),
		Markdown:   markdown.New(markdown.Options{}),
		Uncompiled: uncompiled,
	})
	if err != nil {
		b.Fatal(err)
	}
	return r
}

// BenchmarkRenderPage renders single pages of a 1,000-post, 200-event site
// with the default theme, compiled and with html/template alone. The
// Renderer is reused, so partialCached cards come from its cache, as they do
// in a build for every page but the first to show them.
func BenchmarkRenderPage(b *testing.B) {
	s, bodies := benchGraph(b, 1000, 200)
	b.Run("compiled", func(b *testing.B) { benchRenderPages(b, s, benchRenderer(b, s, bodies, false)) })
	b.Run("html-template", func(b *testing.B) { benchRenderPages(b, s, benchRenderer(b, s, bodies, true)) })
}

func benchRenderPages(b *testing.B, s *site.Site, r *render.Renderer) {
	find := func(path string) *site.Page {
		for _, p := range s.Pages {
			if p.Path == path {
				return p
			}
		}
		b.Fatalf("no page %s", path)
		return nil
	}
	for _, tt := range []struct {
		name string
		page *site.Page
	}{
		{"post", s.Posts[0]},
		{"event", s.Events[0]},
		{"home", s.Home},
		{"posts-list", find("/posts/")},
		{"region", s.Regions[0].Page},
		{"tag", s.Tags[0].Page},
	} {
		b.Run(tt.name, func(b *testing.B) {
			var buf bytes.Buffer
			if err := r.Page(&buf, tt.page); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(buf.Len()))
			b.ReportAllocs()
			for b.Loop() {
				buf.Reset()
				if err := r.Page(&buf, tt.page); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRenderSite renders every page, feed and calendar of a
// 1,000-post, 200-event site on every core, parsing the templates first as
// a build does, and throws the output away: the render stage without
// reading, converting or writing.
func BenchmarkRenderSite(b *testing.B) {
	s, bodies := benchGraph(b, 1000, 200)
	var files, size atomic.Int64
	b.ReportAllocs()
	for b.Loop() {
		r := benchRenderer(b, s, bodies, false)
		err := r.Render(context.Background(), func(_ string, data []byte) error {
			files.Add(1)
			size.Add(int64(len(data)))
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(files.Load())/b.Elapsed().Seconds(), "files/s")
	b.ReportMetric(float64(size.Load())/float64(b.N)/1e6, "MB/op")
}
