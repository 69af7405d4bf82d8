package feed

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// SitemapURL is one <url> of a sitemap, or one <sitemap> of a sitemap
// index.
type SitemapURL struct {
	// Loc is an absolute http(s) URL of at most 2,048 characters.
	Loc string
	// Lastmod is when the page (or the sitemap) last changed; zero leaves
	// <lastmod> out.
	Lastmod time.Time
}

// Limits of the sitemap protocol (https://www.sitemaps.org/protocol.html)
// for one sitemap file or sitemap index.
const (
	MaxSitemapURLs  = 50000
	MaxSitemapBytes = 50 * 1024 * 1024
	maxLocLen       = 2048
)

const nsSitemap = "http://www.sitemaps.org/schemas/sitemap/0.9"

// Sitemap writes a sitemap <urlset> of urls in the order given. More than
// MaxSitemapURLs URLs, or a file over MaxSitemapBytes, is an error: split
// the URLs into parts (slices.Chunk(urls, MaxSitemapURLs)) and list the
// parts with SitemapIndex. Nothing is written on error.
func Sitemap(w io.Writer, urls []SitemapURL) error {
	return sitemap(w, "urlset", "url", urls)
}

// SitemapIndex writes a <sitemapindex> listing the sitemaps of a site
// with more URLs than one sitemap may hold, under the same limits.
func SitemapIndex(w io.Writer, sitemaps []SitemapURL) error {
	return sitemap(w, "sitemapindex", "sitemap", sitemaps)
}

func sitemap(w io.Writer, root, entry string, urls []SitemapURL) error {
	if len(urls) > MaxSitemapURLs {
		return fmt.Errorf("%s of %d entries is over the limit of %d: split it into parts listed by a sitemap index", root, len(urls), MaxSitemapURLs)
	}
	var errs []error
	for i, u := range urls {
		if msg := checkURL(u.Loc, true); msg != "" {
			errs = append(errs, fmt.Errorf("%s entry %d: loc %s", root, i+1, msg))
		} else if len(u.Loc) > maxLocLen {
			errs = append(errs, fmt.Errorf("%s entry %d: loc %.40q... is longer than %d characters", root, i+1, u.Loc, maxLocLen))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	x := newXMLWriter(new(bytes.Buffer)) // its own: its size is limited
	x.quotes = true
	x.start(root, "xmlns", nsSitemap)
	for _, u := range urls {
		x.start(entry)
		x.elem("loc", u.Loc)
		if !u.Lastmod.IsZero() {
			x.elem("lastmod", u.Lastmod.Format(time.RFC3339))
		}
		x.end(entry)
	}
	x.end(root)
	if x.buf.Len() > MaxSitemapBytes {
		return fmt.Errorf("%s is %d bytes, over the limit of %d: split it into parts listed by a sitemap index", root, x.buf.Len(), MaxSitemapBytes)
	}
	_, err := w.Write(x.buf.Bytes())
	return err
}

// Robots writes a robots.txt (RFC 9309) that lets every crawler fetch
// everything and points to the sitemap at the absolute URL sitemapURL.
func Robots(w io.Writer, sitemapURL string) error {
	if msg := checkURL(sitemapURL, true); msg != "" {
		return fmt.Errorf("robots.txt sitemap URL %s", msg)
	}
	var b strings.Builder
	b.WriteString("User-agent: *\n")
	b.WriteString("Allow: /\n")
	b.WriteString("\n")
	b.WriteString("Sitemap: " + sitemapURL + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}
