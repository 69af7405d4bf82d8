package check

import (
	"bytes"
	"net/url"
	"slices"
	"strings"
)

// LineOf returns the 1-based line of source (a Markdown file, frontmatter
// included) where link appears, or 0 when it cannot be found. link is a
// Broken.Link, as written in the HTML made from source; basePath is the
// site's base path ("/network/"; "" or "/" for none).
//
// The HTML may differ from the Markdown in ways LineOf undoes: a root link
// gained the base path (/posts/x/ became /network/posts/x/), a URL was
// percent-encoded (/posts/café/ became /posts/caf%C3%A9/), an "&" in raw
// HTML was written "&amp;". An image named in frontmatter (image: x.jpg)
// is found by its file name as a last resort.
//
// An occurrence that stands alone, between the delimiters of a Markdown or
// HTML link (parentheses, angle brackets, quotes, spaces), is preferred to
// one inside a longer URL, so that /posts/x/ is not found in /posts/x/y/.
func LineOf(source []byte, link, basePath string) int {
	if link == "" {
		return 0
	}
	var candidates []string
	add := func(s string) {
		if s != "" && !slices.Contains(candidates, s) {
			candidates = append(candidates, s)
		}
	}
	add(link)
	if base := strings.TrimSuffix(basePath, "/"); base != "" && strings.HasPrefix(link, base+"/") {
		add(link[len(base):])
	}
	for _, s := range candidates {
		if d, err := url.PathUnescape(s); err == nil {
			add(d)
		}
		add(strings.ReplaceAll(s, "&", "&amp;"))
	}
	for _, s := range candidates {
		if at := find(source, s, true); at >= 0 {
			return line(source, at)
		}
	}
	for _, s := range candidates {
		if at := find(source, s, false); at >= 0 {
			return line(source, at)
		}
	}
	// A file named in frontmatter (image: x.jpg) has become a URL with the
	// page's path in front; only its name is in the source.
	name := link[strings.LastIndexByte(link, '/')+1:]
	name, _, _ = strings.Cut(name, "?")
	name, _, _ = strings.Cut(name, "#")
	if name != link && strings.Contains(name, ".") {
		if d, err := url.PathUnescape(name); err == nil {
			name = d
		}
		if at := find(source, name, true); at >= 0 {
			return line(source, at)
		}
	}
	return 0
}

// find returns the offset of the first occurrence of s in source, or -1;
// with alone, only of one that stands alone.
func find(source []byte, s string, alone bool) int {
	for off := 0; ; {
		i := bytes.Index(source[off:], []byte(s))
		if i < 0 {
			return -1
		}
		at := off + i
		if !alone || (opens(source, at) && closes(source, at+len(s))) {
			return at
		}
		off = at + 1
	}
}

// opens reports whether the byte before offset at may start a link.
func opens(source []byte, at int) bool {
	return at == 0 || strings.IndexByte(" \t\r\n(<\"'[=|*", source[at-1]) >= 0
}

// closes reports whether the bytes from offset at may end a link,
// allowing for punctuation that ends a sentence after an autolink.
func closes(source []byte, at int) bool {
	const end = " \t\r\n)>\"'<]|*"
	switch {
	case at == len(source) || strings.IndexByte(end, source[at]) >= 0:
		return true
	case strings.IndexByte(".,;:!?", source[at]) >= 0:
		return at+1 == len(source) || strings.IndexByte(end, source[at+1]) >= 0
	}
	return false
}

// line is the 1-based line of the byte at offset at.
func line(source []byte, at int) int {
	return bytes.Count(source[:at], []byte("\n")) + 1
}
