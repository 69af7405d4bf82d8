package check

import "testing"

func TestLineOf(t *testing.T) {
	const source = `---
title: "Knee pain pathways"
image: knee.jpg
---
Intro with [a good post](/posts/x/) and [a child](/posts/x/y/).

See <https://example.org/guide>. Or https://example.org/plain.
![Café](/posts/café/photo.jpg)
[ref]: /posts/ref/
<a href="/a?x=1&amp;y=2">raw</a> and [toc](#intro) and [file](<../a b.pdf>)
Inside a longer URL only: (/posts/deep/more/)
`
	tests := []struct {
		link, basePath string
		want           int
	}{
		{"/posts/x/", "", 5},
		{"/network/posts/x/", "/network/", 5},
		{"/network/posts/x/", "/network", 5},
		{"/posts/x/y/", "/network/", 5},
		{"/network/posts/x/y/", "/network/", 5},
		{"https://example.org/guide", "/", 7},
		{"https://example.org/plain", "", 7},
		{"/network/posts/caf%C3%A9/photo.jpg", "/network/", 8},
		{"/network/posts/ref/", "/network/", 9},
		{"/a?x=1&y=2", "", 10},
		{"#intro", "/network/", 10},
		{"../a%20b.pdf", "", 10},
		{"/posts/deep/", "", 11}, // no better place than inside the longer URL
		{"/network/posts/knee-pain/knee.jpg", "/network/", 3},
		{"/network/posts/knee-pain/other.jpg", "/network/", 0},
		{"/network/posts/missing/", "/network/", 0},
		{"/network/x/", "/other/", 0},
		{"", "", 0},
		{"%zz", "", 0},
	}
	for _, tt := range tests {
		if got := LineOf([]byte(source), tt.link, tt.basePath); got != tt.want {
			t.Errorf("LineOf(%q, %q) = %d; want %d", tt.link, tt.basePath, got, tt.want)
		}
	}
}

// TestLineOfPrefersWholeLinks: /posts/x/ inside /posts/x/y/ on line 1 is
// not the link on line 2.
func TestLineOfPrefersWholeLinks(t *testing.T) {
	source := "[child](/posts/x/y/)\n[parent](/posts/x/)\n"
	if got := LineOf([]byte(source), "/posts/x/", ""); got != 2 {
		t.Errorf("got line %d; want 2", got)
	}
}
