package publish

import (
	"bytes"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
)

// mediaTypes maps the extensions that are minified to the minifiers'
// media types.
var mediaTypes = map[string]string{
	".html":        "text/html",
	".htm":         "text/html",
	".css":         "text/css",
	".js":          "text/javascript",
	".mjs":         "text/javascript",
	".svg":         "image/svg+xml",
	".xml":         "text/xml",
	".json":        "application/json",
	".webmanifest": "application/manifest+json",
}

// htmlMinifier is the HTML minifier with publish's options, for pages and
// layouts alike (MinifyLayout).
func htmlMinifier() *html.Minifier {
	// The W3C checker accepts omitted document tags, end tags and quotes,
	// but people read the output too, and tests and tools that search it
	// are simpler with them; they cost little.
	return &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true}
}

// mediaType is the media type to minify rel as, or "" to publish it as it
// is.
func (o *Output) mediaType(rel string) string {
	if o.minify == nil || strings.Contains(path.Base(rel), ".min.") {
		return ""
	}
	return mediaTypes[strings.ToLower(path.Ext(rel))]
}

// newMinifier sets up the minifiers. Each call makes its minifier's
// options afresh, because some minifiers fill in defaults on their options
// while they run, and files are minified concurrently.
func newMinifier() *minify.M {
	m := minify.New()
	m.AddFunc("text/html", func(m *minify.M, w io.Writer, r io.Reader, params map[string]string) error {
		return htmlMinifier().Minify(m, w, r, params)
	})
	m.AddFunc("text/css", css.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$`), func(m *minify.M, w io.Writer, r io.Reader, params map[string]string) error {
		// No syntax newer than ES2015 is introduced: the output runs
		// wherever the input did.
		return (&js.Minifier{Version: 2015}).Minify(m, w, r, params)
	})
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]json$`), func(m *minify.M, w io.Writer, r io.Reader, params map[string]string) error {
		return (&json.Minifier{KeepNumbers: true}).Minify(m, w, r, params)
	})
	m.AddFuncRegexp(regexp.MustCompile(`[/+]xml$`), minifyXML)
	return m
}

// minifyXML removes indentation from XML: text between markup that is
// nothing but whitespace with a line break in it. Everything else is
// written as it is. tdewolff's XML minifier also collapses runs of
// whitespace inside text, which would spoil the <pre> blocks in a feed's
// escaped HTML content.
func minifyXML(_ *minify.M, w io.Writer, r io.Reader, _ map[string]string) error {
	var src []byte
	if b, ok := r.(interface{ Bytes() []byte }); ok {
		src = b.Bytes()
	} else {
		var err error
		if src, err = io.ReadAll(r); err != nil {
			return err
		}
	}
	for i := 0; i < len(src); {
		lt := bytes.IndexByte(src[i:], '<')
		if lt < 0 {
			lt = len(src) - i
		}
		if text := src[i : i+lt]; !isIndent(text) {
			if _, err := w.Write(text); err != nil {
				return err
			}
		}
		i += lt
		if i == len(src) {
			break
		}
		end, err := markupEnd(src, i)
		if err != nil {
			return err
		}
		if _, err := w.Write(src[i:end]); err != nil {
			return err
		}
		i = end
	}
	return nil
}

// isIndent reports whether text is whitespace holding a line break.
func isIndent(text []byte) bool {
	if bytes.IndexByte(text, '\n') < 0 {
		return false
	}
	for _, c := range text {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

// markupEnd returns the index just after the markup that starts at src[i]
// ('<'): a comment, CDATA section, processing instruction, declaration or
// tag, whose attribute values may hold '>'.
func markupEnd(src []byte, i int) (int, error) {
	rest := src[i:]
	closeWith := func(open, end string) (int, error) {
		j := bytes.Index(rest[len(open):], []byte(end))
		if j < 0 {
			return 0, fmt.Errorf("XML: unterminated %s at byte %d", open, i)
		}
		return i + len(open) + j + len(end), nil
	}
	switch {
	case bytes.HasPrefix(rest, []byte("<!--")):
		return closeWith("<!--", "-->")
	case bytes.HasPrefix(rest, []byte("<![CDATA[")):
		return closeWith("<![CDATA[", "]]>")
	case bytes.HasPrefix(rest, []byte("<?")):
		return closeWith("<?", "?>")
	}
	var quote byte
	depth := 0 // inside a DOCTYPE's [internal subset]
	for j := 1; j < len(rest); j++ {
		c := rest[j]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[':
			depth++
		case c == ']':
			depth--
		case c == '>' && depth <= 0:
			return i + j + 1, nil
		}
	}
	return 0, fmt.Errorf("XML: unterminated tag at byte %d", i)
}
