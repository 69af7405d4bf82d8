package publish

import (
	"bytes"
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tdewolff/minify/v2"
)

// minifyAll publishes files through a minifying Output and returns what
// was written.
func minifyAll(t *testing.T, files map[string]string) map[string]string {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	o, err := Begin(dest, Options{Minify: true})
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
	got := map[string]string{}
	for rel := range files {
		got[rel] = read(t, filepath.Join(dest, rel))
	}
	return got
}

func TestMinify(t *testing.T) {
	const pre = "<pre><code class=\"language-go\">func main() {\n\tif a  &lt; b &amp;&amp; c {\n\n        fmt.Println(&#34;x  y&#34;)\n\t}\n}\n</code></pre>"
	const ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-LONG:a line folded at seventy-five octets goes on and on and on and on and\r\n  on\r\nEND:VCALENDAR\r\n"
	tests := []struct {
		name, rel, in string
		want          []string // substrings of the output
		not           []string // substrings it must not have
		exact         string   // the whole output, when set
	}{
		{name: "html keeps pre and inline spacing", rel: "a/index.html",
			in: "<!doctype html>\n<html lang=\"en-GB\">\n<head>\n  <title>T</title>\n</head>\n<body>\n  <p>\n    Some <em>emphasis</em> and <a href=\"/x/\">a link</a>,\n    then <code>code</code> <strong>strong</strong>.\n  </p>\n  " + pre + "\n  <!-- a comment -->\n  <textarea>  two  spaces\n</textarea>\n</body>\n</html>\n",
			want: []string{pre, `<html lang="en-GB">`, "<head>", "</head>", "<body>", "</body>", "</html>", "</p>",
				// A run of spaces with a line break becomes the line break.
				"Some <em>emphasis</em> and <a href=\"/x/\">a link</a>,\nthen <code>code</code> <strong>strong</strong>.",
				"<textarea>  two  spaces\n</textarea>"},
			not: []string{"a comment", "\n  <p>"}},
		{name: "json-ld stays json", rel: "b/index.html",
			in:   "<!doctype html>\n<html lang=\"en\"><head><title>T</title>\n<script type=\"application/ld+json\">\n{\n  \"@context\": \"https://schema.org\",\n  \"@type\": \"Event\",\n  \"name\": \"A \\u003cb\\u003e  talk\",\n  \"price\": 1.50\n}\n</script>\n</head><body></body></html>",
			want: []string{`{"@context":"https://schema.org","@type":"Event","name":"A \u003cb\u003e  talk","price":1.50}`}},
		{name: "xml only loses indentation", rel: "feed.xml",
			in:    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n  <channel>\n    <title>A &amp; B</title>\n    <item>\n      <description>&lt;pre&gt;a\n    b  c&lt;/pre&gt;\n</description>\n      <content:encoded><![CDATA[<pre>x\n   y</pre>\n]]></content:encoded>\n      <category domain=\"a > b\">  spaced  </category>\n    </item>\n  </channel>\n</rss>\n",
			exact: "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>A &amp; B</title><item><description>&lt;pre&gt;a\n    b  c&lt;/pre&gt;\n</description><content:encoded><![CDATA[<pre>x\n   y</pre>\n]]></content:encoded><category domain=\"a > b\">  spaced  </category></item></channel></rss>"},
		{name: "json", rel: "feed.json", in: "{\n  \"title\": \"a  b\",\n  \"n\": 1.0,\n  \"items\": [\n    {\"content_html\": \"<pre>x\\n  y</pre>\"}\n  ]\n}\n",
			exact: `{"title":"a  b","n":1.0,"items":[{"content_html":"<pre>x\n  y</pre>"}]}`},
		{name: "css", rel: "css/x.css", in: "body {\n  color: #ff0000;\n  margin: 0px;\n}\n", exact: "body{color:red;margin:0}"},
		{name: "js", rel: "js/x.js", in: "function hello(name) {\n  return `hi ${name}`;\n}\n", want: []string{"function hello("}, not: []string{"\n  "}},
		{name: "svg", rel: "img/x.svg", in: "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <rect width=\"10.000\" height=\"10\"/>\n</svg>\n", exact: `<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>`},
		{name: "ics untouched", rel: "calendar.ics", in: ics, exact: ics},
		{name: "txt untouched", rel: "robots.txt", in: "User-agent: *\n\nSitemap: x\n", exact: "User-agent: *\n\nSitemap: x\n"},
		{name: "already minified untouched", rel: "js/app.min.js", in: "var a = 1;\n", exact: "var a = 1;\n"},
		{name: "upper-case extension", rel: "A.HTML", in: "<p>a</p>\n\n<p>b</p>\n", exact: "<p>a</p><p>b</p>"},
	}
	in := map[string]string{}
	for _, tt := range tests {
		in[tt.rel] = tt.in
	}
	got := minifyAll(t, in)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := got[tt.rel]
			if tt.exact != "" && g != tt.exact {
				t.Errorf("got\n%s\nwant\n%s", g, tt.exact)
			}
			for _, w := range tt.want {
				if !strings.Contains(g, w) {
					t.Errorf("got\n%s\nwant it to contain\n%s", g, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(g, n) {
					t.Errorf("got\n%s\nwant no %q in it", g, n)
				}
			}
		})
	}
	var ld any
	ldText := got["b/index.html"]
	ldText = ldText[strings.Index(ldText, "{") : strings.LastIndex(ldText, "}")+1]
	if err := json.Unmarshal([]byte(ldText), &ld); err != nil {
		t.Errorf("JSON-LD is no longer JSON: %v\n%s", err, ldText)
	}
}

func TestMinifySavedBytes(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	o, err := Begin(dest, Options{Minify: true})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Abort()
	o.Write("a.html", "a page", []byte("<p>a</p>\n\n<p>b</p>\n")) // 19 bytes to 16
	o.Write("b.html", "a page", []byte("<p>a</p>"))               // nothing to save
	if st := o.Stats(); st.Saved != 3 || st.Bytes != 16+8 {
		t.Errorf("got %d saved, %d bytes; want 3 and 24", st.Saved, st.Bytes)
	}
}

func TestMinifyError(t *testing.T) {
	o, err := Begin(filepath.Join(t.TempDir(), "public"), Options{Minify: true})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Abort()
	err = o.Static(Layer{"static", fstest.MapFS{"js/broken.js": {Data: []byte("function ( {\n")}}})
	if err == nil || !strings.HasPrefix(err.Error(), "static/js/broken.js: cannot minify: ") || !strings.Contains(err.Error(), "name it broken.min.js") {
		t.Errorf("got %v; want an error naming the file and the way out", err)
	}
}

func TestFingerprintFollowsContent(t *testing.T) {
	publishCSS := func(css string, minify bool) (string, string) {
		t.Helper()
		dest := filepath.Join(t.TempDir(), "public")
		o, err := Begin(dest, Options{Minify: minify})
		if err != nil {
			t.Fatal(err)
		}
		if err := o.Static(Layer{"static", fstest.MapFS{"css/style.css": {Data: []byte(css)}, "js/app.js": {Data: []byte("let a = 1;\n")}}}); err != nil {
			t.Fatal(err)
		}
		if err := o.Commit(); err != nil {
			t.Fatal(err)
		}
		fp, _ := o.Asset("css/style.css")
		if js, _ := o.Asset("js/app.js"); !strings.HasPrefix(js, "js/app.") || len(js) != len("js/app.0123456789.js") {
			t.Errorf("got script asset %q", js)
		}
		return fp, read(t, filepath.Join(dest, filepath.FromSlash(fp)))
	}
	a, aData := publishCSS("body {\n  color: red;\n}\n", true)
	b, _ := publishCSS("body{color:red}", true)
	c, _ := publishCSS("body {\n  color: blue;\n}\n", true)
	d, dData := publishCSS("body {\n  color: red;\n}\n", false)
	if aData != "body{color:red}" || dData != "body {\n  color: red;\n}\n" {
		t.Errorf("got %q and %q; want the minified and the plain stylesheet", aData, dData)
	}
	if a != b {
		t.Errorf("got %s and %s for the same minified bytes; want one name", a, b)
	}
	if a == c || a == d {
		t.Errorf("got %s for different bytes (%s, %s)", a, c, d)
	}
}

func TestMinifyXMLErrors(t *testing.T) {
	for _, in := range []string{"<a", "<!-- open", "<![CDATA[ open", "<?pi", `<a b=">`} {
		var out bytes.Buffer
		if err := minifyXML(nil, &out, strings.NewReader(in), nil); err == nil {
			t.Errorf("minifyXML(%q): got %q and no error", in, out.String())
		}
	}
	in := "<!DOCTYPE x [\n  <!ENTITY a \"b>c\">\n]>\n<x a='1>2'>\n  <!-- c > d -->\n  t\n</x>"
	var out bytes.Buffer
	if err := minifyXML(nil, &out, strings.NewReader(in), nil); err != nil {
		t.Fatal(err)
	}
	if want := "<!DOCTYPE x [\n  <!ENTITY a \"b>c\">\n]><x a='1>2'><!-- c > d -->\n  t\n</x>"; out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

// TestWriteAsIs: a page rendered through minified layouts is written as
// it is, with minifying on, and counts nothing saved.
func TestWriteAsIs(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	o, err := Begin(dest, Options{Minify: true})
	if err != nil {
		t.Fatal(err)
	}
	const page = "<p>\n  A body,   as the\nconverter wrote it.\n</p>\n"
	if err := o.WriteAsIs("a/index.html", "a page", []byte(page)); err != nil {
		t.Fatal(err)
	}
	if err := o.Write("b/index.html", "a page", []byte(page)); err != nil {
		t.Fatal(err)
	}
	saved := o.Stats().Saved
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(dest, "a/index.html")); got != page {
		t.Errorf("WriteAsIs wrote %q; want %q", got, page)
	}
	min := read(t, filepath.Join(dest, "b/index.html"))
	if min == page {
		t.Fatalf("Write did not minify %q", page)
	}
	if want := int64(len(page) - len(min)); saved != want {
		t.Errorf("%d bytes saved; want %d, Write's alone", saved, want)
	}
}

// TestMinifiedNotSmaller: a file that minifying does not make smaller is
// published as the minifier wrote it, not as it was given: tdewolff's
// minifiers rewrite their input in place (an attribute's "rss&#43;xml"
// reads "rss+xml;xml" afterwards), so the given bytes may be spoilt.
func TestMinifiedNotSmaller(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	o, err := Begin(dest, Options{Minify: true})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Abort()
	// Like tdewolff's, it rewrites what it reads; and it writes more.
	o.minify.AddFunc("text/css", func(_ *minify.M, w io.Writer, r io.Reader, _ map[string]string) error {
		in := r.(interface{ Bytes() []byte }).Bytes()
		out := append([]byte("/**/"), in...)
		copy(in, "XXXX")
		_, err := w.Write(out)
		return err
	})
	if err := o.Write("a.css", "a style", []byte("a{color:red}")); err != nil {
		t.Fatal(err)
	}
	if st := o.Stats(); st.Saved != 0 {
		t.Errorf("%d bytes saved; want 0", st.Saved)
	}
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(dest, "a.css")); got != "/**/a{color:red}" {
		t.Errorf("published %q; want the minifier's output", got)
	}
}
