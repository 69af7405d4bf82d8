package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"
	"github.com/mmcdole/gofeed"
)

// unescapeText reads an iCalendar TEXT value strictly: it fails on a
// backslash before anything but \ ; , n N, and on an unescaped ; or ,.
func unescapeText(s string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 == len(s) {
				return "", false
			}
			i++
			switch s[i] {
			case '\\', ';', ',':
				b.WriteByte(s[i])
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				return "", false
			}
		case ';', ',':
			return "", false
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}

func FuzzEscapeText(f *testing.F) {
	for _, s := range []string{"", "a;b,c\\d\ne\r\nf\rg", `\n`, "\x00\x1b\x7f\u0085", "\xff\xfe", "🩺 café", "\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := escapeText(s)
		if !utf8.ValidString(e) {
			t.Fatalf("escapeText(%q) = %q: not UTF-8", s, e)
		}
		if i := strings.IndexFunc(e, func(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f }); i >= 0 {
			t.Fatalf("escapeText(%q) = %q: control character at %d", s, e, i)
		}
		back, ok := unescapeText(e)
		if !ok {
			t.Fatalf("escapeText(%q) = %q: not a valid TEXT value", s, e)
		}
		if want := newlines(clean(s)); back != want {
			t.Fatalf("escapeText(%q) = %q reads back as %q; want %q", s, e, back, want)
		}
	})
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"", "SUMMARY:x", strings.Repeat("a", 73) + "🩺b", strings.Repeat("é", 100), strings.Repeat("🩺", 60), "\xff" + strings.Repeat("\x80", 80)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.ContainsAny(s, "\r\n") {
			t.Skip("a content line has no line breaks: escapeText turns them into \\n")
		}
		checkFolded(t, s, fold(s))
	})
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"", "plain", "\x00\t\n\r\x7f\u0085\uFFFE\uFFFF", "\xff\xfe\xfd", "\xed\xa0\x80", "🩺"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := clean(s)
		if !utf8.ValidString(c) {
			t.Fatalf("clean(%q) = %q: not UTF-8", s, c)
		}
		for _, r := range c {
			if dropped(r) {
				t.Fatalf("clean(%q) = %q: has %U", s, c, r)
			}
		}
		if clean(c) != c {
			t.Fatalf("clean(%q) = %q, and again %q; want no change", s, c, clean(c))
		}
		if utf8.ValidString(s) && strings.IndexFunc(s, dropped) < 0 && c != s {
			t.Fatalf("clean(%q) = %q; want it unchanged", s, c)
		}
	})
}

// FuzzXMLText checks that any text, as element text or attribute value,
// reads back from encoding/xml as clean makes it, and never breaks the
// document.
func FuzzXMLText(f *testing.F) {
	for _, s := range []string{"", nasty, "]]>", "a\r\nb\rc\td", `"'<&>`, "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, quotes := range []bool{false, true} {
			x := newXMLWriter(new(bytes.Buffer))
			x.quotes = quotes
			x.elem("t", s, "a", s)
			var doc struct {
				Text string `xml:",chardata"`
				Attr string `xml:"a,attr"`
			}
			if err := xml.Unmarshal(x.buf.Bytes(), &doc); err != nil {
				t.Fatalf("%q: %v\n%s", s, err, x.buf.Bytes())
			}
			if want := clean(s); doc.Text != want || doc.Attr != want {
				t.Fatalf("%q reads back as text %q, attribute %q; want %q", s, doc.Text, doc.Attr, want)
			}
		}
	})
}

// FuzzFeeds writes any title and content into every format and checks
// each still parses and shows the text.
func FuzzFeeds(f *testing.F) {
	f.Add(nasty, "<p>"+nasty+"</p>")
	f.Add("", "")
	f.Add("]]>", "<![CDATA[x]]>")
	f.Fuzz(func(t *testing.T, title, content string) {
		at := time.Date(2026, 10, 24, 14, 0, 0, 0, london)
		feed := &Feed{Title: title, Description: title, Link: "https://example.org/", Self: "https://example.org/feed.xml",
			Items: []Item{{Title: title, Link: "https://example.org/x/", Published: at, AuthorName: title, Categories: []string{title}, Summary: content, Content: content}}}
		for _, ft := range formats {
			var buf bytes.Buffer
			if err := ft.write(&buf, feed); err != nil {
				t.Fatalf("%s: %v", ft.name, err)
			}
			if ft.name == "json" {
				if !json.Valid(buf.Bytes()) {
					t.Fatalf("json: not valid:\n%s", buf.Bytes())
				}
			} else {
				d := xml.NewDecoder(&buf)
				for {
					if _, err := d.Token(); err != nil {
						if err.Error() != "EOF" {
							t.Fatalf("%s: not well-formed: %v", ft.name, err)
						}
						break
					}
				}
				buf.Reset()
				_ = ft.write(&buf, feed)
			}
			got, err := gofeed.NewParser().Parse(&buf)
			if err != nil {
				t.Fatalf("%s: gofeed: %v", ft.name, err)
			}
			if len(got.Items) != 1 || got.Items[0].Link != "https://example.org/x/" {
				t.Fatalf("%s: items %+v; want the one", ft.name, got.Items)
			}
		}
		cal := &Calendar{Name: title, Location: london, Events: []Event{{UID: title + "@example.org", Summary: title, Description: content, Location: title, Categories: []string{title}, Start: at, Stamp: at}}}
		var buf bytes.Buffer
		if err := ICal(&buf, cal); err != nil {
			t.Fatal(err)
		}
		c, err := ical.NewDecoder(&buf).Decode()
		if err != nil {
			t.Fatalf("go-ical: %v\n%s", err, buf.Bytes())
		}
		events := c.Events()
		if len(events) != 1 {
			t.Fatalf("%d events; want 1", len(events))
		}
		for name, want := range map[string]string{"SUMMARY": title, "DESCRIPTION": content, "LOCATION": title} {
			if want == "" {
				continue
			}
			got, err := events[0].Props.Text(name)
			if err != nil || got != newlines(clean(want)) {
				t.Fatalf("%s %q (%v); want %q", name, got, err, newlines(clean(want)))
			}
		}
	})
}

func FuzzAbsoluteHTML(f *testing.F) {
	for _, s := range []string{
		`<p><a href="x">x</a> <img src="/a.png" srcset="a.png 1x, b.png 2x"></p>`,
		`<a href="#fn:1">1</a><video poster=p.jpg><source src=v.mp4></video>`,
		`<script>"<a href=x>"</script><a HREF='y'>`,
		`<img srcset="a,b.png 480w, c.png (x, y) 2x,">`,
		`<a href="%zz">`, `<a href=" //h/x ">`, "<p>\xff</p>", `<a "=x href=y>`, `<a =x href=y>`,
	} {
		f.Add(s)
	}
	base := mustURL("https://example.org/network/posts/x/")
	f.Fuzz(func(t *testing.T, s string) {
		out := AbsoluteHTML(s, base)
		if again := AbsoluteHTML(out, base); again != out {
			t.Fatalf("AbsoluteHTML(%q)\n= %q, then\n  %q; want no change the second time", s, out, again)
		}
		if got, want := htmlText(out), htmlText(s); got != want {
			t.Fatalf("AbsoluteHTML(%q) = %q: text %q; want %q", s, out, got, want)
		}
		if !strings.ContainsRune(s, '=') && out != s {
			t.Fatalf("AbsoluteHTML(%q) = %q; want it unchanged without attributes", s, out)
		}
	})
}
