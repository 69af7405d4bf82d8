package publish

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
)

func TestMinifyLayout(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"text between tags", "<div>\n  <p>\n    Some   text.\n  </p>\n</div>\n", "<div><p>Some text.</p></div>"},
		{"an action in text", "<div>\n  <p>{{ .A }}</p>\n</div>", "<div><p>{{ .A }}</p></div>"},
		{"a comment with an apostrophe", "{{- /* the page's */ -}}\n<div>\n  <p>{{ .A }}</p>\n</div>", "<div><p>{{ .A }}</p></div>"},
		{"a comment between tags", "<ul>\n  {{/* it's \"quoted\" */}}\n  <li>x</li>\n</ul>", "<ul><li>x</li></ul>"},
		{"trim markers", "<p>\n  {{- .A -}}\n</p>", "<p>{{ .A }}</p>"},
		{"trim markers between inline elements", "<p><b>a</b>\n  {{- .A -}}\n  <b>c</b>\n  {{- .A -}}\n  <b>d</b></p>", "<p><b>a</b>{{ .A }}<b>c</b>{{ .A }}<b>d</b></p>"},
		{"a raw string holding the delimiters and quotes", "<p>{{ `}} \"it's` }}</p>\n<p>x</p>", "<p>{{ `}} \"it's` }}</p><p>x</p>"},
		{"a raw string holding spaces and a backslash", "<p>{{ `}}  a  \\` }}</p>", "<p>{{ `}}  a  \\` }}</p>"},
		{"a string holding an escaped quote", `<p>{{ "a\"}}'" }}</p>` + "\n<p>x</p>", `<p>{{ "a\"}}'" }}</p><p>x</p>`},
		{"an attribute holding an action", "<a  href=\"{{ .A }}\"   class=\"x\" >y</a>", `<a  href="{{ .A }}" class="x">y</a>`},
		{"an action among attributes", `<a href="/"{{ if .B }} aria-current="page"{{ end }}>y</a>`, `<a href="/"{{ if .B }} aria-current="page"{{ end }}>y</a>`},
		{"a script holding an action", "<script>\n  var a = {{ .A }};\n</script>", "<script>var a = {{ .A }};</script>"},
		{"a script without one", "<script>\n  var a = 1 ;\n</script>", "<script>var a=1</script>"},
		{"a space beside an action between inline elements", "<p><b>a</b>\n  {{ .A }}\n  <b>c</b></p>", "<p><b>a</b>\n{{ .A }}\n<b>c</b></p>"},
		{"a pre", "<pre>\n  a  {{ .A }}\n  b\n</pre>", "<pre>\n  a  {{ .A }}\n  b\n</pre>"},
		{"define and block", "{{ define \"main\" }}\n<main>\n  {{ block \"x\" . }}\n  <p>{{ .A }}</p>\n  {{ end }}\n</main>\n{{ end }}", "{{ define \"main\" }}<main>{{ block \"x\" . }}<p>{{ .A }}</p>{{ end }}</main>{{ end }}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := MinifyLayout(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
			// What the minified layout writes means what the layout
			// writes: minifying each page gives the same.
			data := map[string]any{"A": "<x> & y", "B": true}
			plain, small := execute(t, tt.in, data), execute(t, got, data)
			if a, b := minifyHTML(t, plain), minifyHTML(t, small); a != b {
				t.Errorf("the pages differ once minified:\n%q\nfrom the layout, and from the minified layout\n%q", a, b)
			}
		})
	}
}

func TestMinifyLayoutRefuses(t *testing.T) {
	for _, in := range []string{
		"<p>{{ .A </p>",
		"<p>{{/* a comment</p>",
		"<p>{{ \"a string }}</p>",
		"<div><!-- {{ .A }} --></div>", // the minifier drops the comment and the action
		// The minifier decodes entities: braces written so are text, not
		// an action, nor a placeholder.
		"<p>&#123;&#123; .A }} &#x7b;{{ .A }}</p>",
		"<p>{{ .A }}&#123;&#123;1}}</p>",
	} {
		if got, err := MinifyLayout(in); err == nil {
			t.Errorf("MinifyLayout(%q) = %q; want an error", in, got)
		}
	}
}

func execute(t *testing.T, layout string, data any) string {
	t.Helper()
	tmpl, err := template.New("x").Parse(layout)
	if err != nil {
		t.Fatalf("%q: %v", layout, err)
	}
	var b strings.Builder
	if tmpl.Lookup("main") != nil {
		tmpl = tmpl.Lookup("main")
	}
	if err := tmpl.Execute(&b, data); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func minifyHTML(t *testing.T, page string) string {
	t.Helper()
	var b bytes.Buffer
	if err := newMinifier().Minify("text/html", &b, strings.NewReader(page)); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
