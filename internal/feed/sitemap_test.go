package feed

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
	"time"
)

func testSitemap() []SitemapURL {
	return []SitemapURL{
		{Loc: "https://example.org/network/", Lastmod: time.Date(2026, 11, 3, 14, 0, 0, 0, london)},
		{Loc: "https://example.org/network/posts/autumn/", Lastmod: time.Date(2026, 10, 24, 14, 0, 0, 0, london)},
		{Loc: "https://example.org/network/tags/a&b/?q='x'"},
	}
}

func TestSitemap(t *testing.T) {
	var buf bytes.Buffer
	if err := Sitemap(&buf, testSitemap()); err != nil {
		t.Fatal(err)
	}
	checkXML(t, buf.String())
	var doc struct {
		XMLName xml.Name
		URLs    []struct {
			Loc     string `xml:"loc"`
			Lastmod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.XMLName.Space != nsSitemap || doc.XMLName.Local != "urlset" {
		t.Errorf("root %v; want urlset in %s", doc.XMLName, nsSitemap)
	}
	want := []struct{ loc, lastmod string }{
		{"https://example.org/network/", "2026-11-03T14:00:00Z"},
		{"https://example.org/network/posts/autumn/", "2026-10-24T14:00:00+01:00"},
		{"https://example.org/network/tags/a&b/?q='x'", ""},
	}
	if len(doc.URLs) != len(want) {
		t.Fatalf("%d URLs; want %d", len(doc.URLs), len(want))
	}
	for i, w := range want {
		if doc.URLs[i].Loc != w.loc || doc.URLs[i].Lastmod != w.lastmod {
			t.Errorf("url %d = %+v; want %+v", i, doc.URLs[i], w)
		}
	}
}

func TestSitemapIndex(t *testing.T) {
	var buf bytes.Buffer
	parts := []SitemapURL{{Loc: "https://example.org/sitemap-1.xml"}, {Loc: "https://example.org/sitemap-2.xml", Lastmod: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}}
	if err := SitemapIndex(&buf, parts); err != nil {
		t.Fatal(err)
	}
	checkXML(t, buf.String())
	var doc struct {
		XMLName  xml.Name
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.XMLName.Local != "sitemapindex" || len(doc.Sitemaps) != 2 || doc.Sitemaps[1].Loc != parts[1].Loc {
		t.Errorf("got %+v; want a sitemapindex of the 2 parts", doc)
	}
}

func TestSitemapLimits(t *testing.T) {
	urls := make([]SitemapURL, MaxSitemapURLs+1)
	for i := range urls {
		urls[i] = SitemapURL{Loc: fmt.Sprintf("https://example.org/p/%d/", i)}
	}
	for _, write := range []struct {
		name string
		f    func(*bytes.Buffer, []SitemapURL) error
	}{
		{"Sitemap", func(b *bytes.Buffer, u []SitemapURL) error { return Sitemap(b, u) }},
		{"SitemapIndex", func(b *bytes.Buffer, u []SitemapURL) error { return SitemapIndex(b, u) }},
	} {
		t.Run(write.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := write.f(&buf, urls[:MaxSitemapURLs]); err != nil {
				t.Errorf("%d URLs: got error %v; want none", MaxSitemapURLs, err)
			}
			buf.Reset()
			err := write.f(&buf, urls)
			if err == nil || !strings.Contains(err.Error(), "50001 entries is over the limit of 50000") {
				t.Errorf("%d URLs: got error %v; want one about the limit", len(urls), err)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes; want none on error", buf.Len())
			}
		})
	}
	// Long URLs are refused one by one, and so, together, the size limit
	// of 50 MiB cannot be reached by valid entries... unless the URLs
	// are all near 2,048 characters: 50,000 × ~2,100 bytes.
	long := "https://example.org/" + strings.Repeat("a", maxLocLen-len("https://example.org/"))
	big := make([]SitemapURL, MaxSitemapURLs)
	for i := range big {
		big[i] = SitemapURL{Loc: long}
	}
	var buf bytes.Buffer
	if err := Sitemap(&buf, big); err == nil || !strings.Contains(err.Error(), "bytes, over the limit of 52428800") {
		t.Errorf("50,000 URLs of 2,048 characters: got error %v; want one about the size limit", err)
	}
	if err := Sitemap(&buf, []SitemapURL{{Loc: long + "a"}}); err == nil || !strings.Contains(err.Error(), "longer than 2048") {
		t.Errorf("URL of 2,049 characters: got error %v; want one about its length", err)
	}
}

func TestSitemapErrors(t *testing.T) {
	var buf bytes.Buffer
	err := Sitemap(&buf, []SitemapURL{{Loc: "https://example.org/"}, {Loc: "/posts/"}, {}})
	for _, want := range []string{`urlset entry 2: loc "/posts/" is not an absolute`, "urlset entry 3: loc is missing"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got error %v; want one containing %q", err, want)
		}
	}
}

func TestRobots(t *testing.T) {
	var buf bytes.Buffer
	if err := Robots(&buf, "https://example.org/network/sitemap.xml"); err != nil {
		t.Fatal(err)
	}
	want := "User-agent: *\nAllow: /\n\nSitemap: https://example.org/network/sitemap.xml\n"
	if buf.String() != want {
		t.Errorf("got %q; want %q", buf.String(), want)
	}
	for _, bad := range []string{"", "/sitemap.xml", "https://example.org/sitemap.xml\nDisallow: /"} {
		buf.Reset()
		if err := Robots(&buf, bad); err == nil || buf.Len() != 0 {
			t.Errorf("Robots(%q): got error %v and %q; want an error and nothing written", bad, err, buf.String())
		}
	}
}
