package compiled

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"maps"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The tests run each template with html/template and compiled, and want
// the same: the same output when html/template succeeds, an error when it
// fails (or ErrUnsupported from Compile, for what is left to it).

type Author struct {
	Name string
	Page *Page
}

type Base struct {
	Embedded string
	Shadowed string
}

type Page struct {
	Base
	Title    string
	Count    int
	Uint     uint8
	Ratio    float64
	Draft    bool
	Shadowed int
	HTML     template.HTML
	URL      template.URL
	Author   *Author
	Tags     []string
	Pages    []*Page
	Params   map[string]any
	Weights  map[int]string
	Any      any
	Nil      *Page
	Fn       func() string
	Date     time.Time
	hidden   string
	Stringer fmt.Stringer
}

func (p *Page) Upper() string                        { return strings.ToUpper(p.Title) }
func (p Page) ValueMethod() string                   { return "value:" + p.Title }
func (p *Page) Twice(s string, n int) string         { return strings.Repeat(s, n) }
func (p *Page) Fails() (string, error)               { return "", errors.New("it failed") }
func (p *Page) Panics() string                       { panic("oh no") }
func (p *Page) Join(sep string, xs ...string) string { return strings.Join(xs, sep) }
func (p *Page) Self() *Page                          { return p }
func (p *Page) Content() (template.HTML, error)      { return "<p>body &amp; more</p>", nil }
func (p *Page) Items() []int                         { return []int{3, 1, 2} }

type name string

func (n name) String() string { return "name:" + string(n) }

func testPage() *Page {
	author := &Author{Name: "Ada <Lovelace>"}
	p := &Page{
		Base:     Base{Embedded: "emb", Shadowed: "base"},
		Title:    `Back pain & "knees" <b>'+'</b>`,
		Count:    3,
		Uint:     7,
		Ratio:    0.5,
		Shadowed: 42,
		HTML:     "<em>safe</em> &amp; sound",
		URL:      "javascript:alert(1)",
		Author:   author,
		Tags:     []string{"back-pain", "knees", "a b&c"},
		Params:   map[string]any{"colour": "red", "n": 2, "list": []string{"x", "y"}, "html": template.HTML("<i>i</i>"), "nested": map[string]any{"k": "v"}},
		Weights:  map[int]string{3: "c", 1: "a", 2: "b"},
		Any:      "any string",
		Fn:       func() string { return "fn" },
		Date:     time.Date(2026, 11, 22, 14, 30, 0, 0, time.UTC),
		hidden:   "hidden",
		Stringer: name("x"),
	}
	author.Page = &Page{Title: "Ada's page"}
	p.Pages = []*Page{{Title: "First", Count: 1}, {Title: "Second", Count: 2, Draft: true}, {Title: "Third <3>", Count: 3}}
	return p
}

var funcs = template.FuncMap{
	"upper":    strings.ToUpper,
	"join":     strings.Join,
	"isoDate":  func(t time.Time) string { return t.Format(time.RFC3339) },
	"date":     func(layout string, t time.Time) string { return t.Format(layout) },
	"safeHTML": func(s string) template.HTML { return template.HTML(s) },
	"fails":    func() (string, error) { return "", errors.New("failed") },
	"panics":   func() string { panic("panicked") },
	"add":      func(a, b int) int { return a + b },
	"seq": func(n int) []int {
		s := make([]int, n)
		for i := range s {
			s[i] = i
		}
		return s
	},
	"sum": func(xs ...int) int {
		t := 0
		for _, x := range xs {
			t += x
		}
		return t
	},
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	},
	"ptr":      func(s string) *string { return &s },
	"typedNil": func() *Page { return nil },
	"anyNil":   func() any { return nil },
	"stringer": func() fmt.Stringer { return name("s") },
	"int8":     func(i int8) int8 { return i },
	"uint":     func(i uint) uint { return i },
	"float":    func(f float64) float64 { return f },
	"bool":     func(b bool) bool { return b },
	"value":    func(v any) any { return v },
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprint(n, " ", many)
	},
	"cached": func(name string, v any) (template.HTML, error) {
		if v == nil {
			return "", errors.New("no value")
		}
		return template.HTML(fmt.Sprintf("<i>%s %T</i>", name, v)), nil
	},
	// A function named like a builtin replaces it.
	"len": func(v any) string { return "mine" },
}

var cases = []struct {
	name, src string
}{
	{"text", `<p>plain text, no actions</p>`},
	{"field", `<h1>{{.Title}}</h1>`},
	{"field in attribute", `<a title="{{.Title}}">x</a>`},
	{"field unquoted attribute", `<a title={{.Title}}>x</a>`},
	{"empty unquoted attribute", `<a title={{.Any | printf "%.0s"}}>x</a>`},
	{"field in href", `<a href="{{.Title}}">x</a><a href="/t/{{.Title}}?q={{.Title}}#{{.Title}}">y</a>`},
	{"unsafe url", `<a href="{{.URL}}">x</a><a href="{{printf "%s" .URL}}">y</a><a href="javascript:{{.Title}}">z</a>`},
	{"title element", `<title>{{.Title}} {{.HTML}}</title>`},
	{"textarea", `<textarea>{{.Title}}</textarea>`},
	{"comment", `<p><!-- {{.Title}} --></p>x`},
	{"html content", `<div>{{.HTML}}</div>`},
	{"html in attribute", `<a title="{{.HTML}}">x</a>`},
	{"html in unquoted attribute", `<a title={{.HTML}}>x</a>`},
	{"url typed in href", `<a href="{{.Author.Page.Title | printf "/%s/"}}">x</a>`},
	{"int", `<p>{{.Count}} {{.Uint}} {{.Ratio}} {{.Draft}}</p><a data-n="{{.Count}}">x</a>`},
	{"chain", `<p>{{.Author.Name}} {{.Author.Page.Title}}</p>`},
	{"embedded", `<p>{{.Embedded}} {{.Shadowed}} {{.Base.Shadowed}}</p>`},
	{"methods", `<p>{{.Upper}} {{.ValueMethod}} {{.Self.Self.Title}} {{.Twice "ab" 3}} {{.Join ", " "a" "b" "c"}} {{.Join "-"}}</p>`},
	{"method error", `<p>{{.Fails}}</p>`},
	{"method panic", `<p>{{.Panics}}</p>`},
	{"method with pipeline arg", `<p>{{3 | .Twice "x"}}</p>`},
	{"content", `<div>{{.Content}}</div>`},
	{"unexported field", `<p>{{.hidden}}</p>`},
	{"missing field", `<p>{{.Nope}}</p>`},
	{"nil pointer field", `<p>{{.Nil.Title}}</p>`},
	{"nil pointer method", `<p>{{.Nil.Upper}}</p>`},
	{"nil author", `{{with .Nil}}<p>{{.Title}}</p>{{else}}<p>none</p>{{end}}`},
	{"field with args", `<p>{{.Title "x"}}</p>`},
	{"func field", `<p>{{.Fn}}</p>`},
	{"map", `<p>{{.Params.colour}} {{.Params.n}} {{.Params.missing}} {{.Params.nested.k}} {{.Params.html}}</p>`},
	{"map index", `<p>{{index .Params "colour"}} {{index .Params "list" 1}} {{index .Tags 0}} {{index .Weights 3}}</p>`},
	{"index errors", `<p>{{index .Tags 9}}</p>`},
	{"index nil", `<p>{{index nil 1}}</p>`},
	{"slice", `<p>{{slice .Title 0 4}} {{slice .Tags 1}} {{len (slice .Tags 0 2)}}</p>`},
	{"slice errors", `<p>{{slice .Title 4 2}}</p>`},
	{"interface field", `<p>{{.Any}} {{.Stringer}} {{stringer}}</p>`},
	{"if else", `{{if .Draft}}draft{{else if .Count}}count {{.Count}}{{else}}none{{end}}`},
	{"if truth", `{{if .Tags}}a{{end}}{{if .Nil}}b{{end}}{{if .Params}}c{{end}}{{if 0}}d{{end}}{{if ""}}e{{end}}{{if .Date}}f{{end}}{{if .Ratio}}g{{end}}{{if .Any}}h{{end}}{{if anyNil}}i{{end}}`},
	{"with", `{{with .Author}}<p>{{.Name}}</p>{{end}}{{with .Nil}}x{{else}}<p>no</p>{{end}}`},
	{"else with", `{{with .Nil}}x{{else with .Author}}<p>{{.Name}}</p>{{end}}`},
	{"range slice", `<ul>{{range .Tags}}<li>{{.}}</li>{{end}}</ul>`},
	{"range index", `<ul>{{range $i, $t := .Tags}}<li data-i="{{$i}}">{{$t}} {{$.Title}}</li>{{end}}</ul>`},
	{"range one var", `{{range $t := .Pages}}{{$t.Title}},{{end}}`},
	{"range else", `{{range .Nil}}x{{else}}empty{{end}}{{range .Pages}}{{.Title}}{{else}}none{{end}}`},
	{"range map", `{{range $k, $v := .Weights}}{{$k}}={{$v}};{{end}}{{range $k, $v := .Params}}{{$k}};{{end}}`},
	{"range int", `{{range 3}}{{.}}{{end}}{{range $i := 2}}[{{$i}}]{{end}}{{range 0}}x{{else}}zero{{end}}`},
	{"range two vars over int", `{{range $i, $j := 3}}{{$i}}{{end}}`},
	{"range break continue", `{{range .Pages}}{{if .Draft}}{{continue}}{{end}}{{.Title}};{{if eq .Count 3}}{{break}}{{end}}{{end}}|{{range .Tags}}{{.}}{{break}}{{end}}`},
	{"nested break", `{{range .Pages}}{{range $.Tags}}{{.}}{{if eq . "knees"}}{{break}}{{end}}{{end}}/{{if .Draft}}{{continue}}{{end}}{{.Count}};{{end}}`},
	{"range method", `{{range .Items}}{{.}}{{end}}`},
	{"range over string", `{{range .Title}}x{{end}}`},
	{"variables", `{{$x := .Title}}{{$n := 1}}{{$n = add $n 2}}<p>{{$x}} {{$n}}</p>{{with .Author}}{{$x = .Name}}{{end}}<p>{{$x}}</p>`},
	{"variable scope", `{{$x := 1}}{{if true}}{{$x := 2}}{{$x}}{{end}}{{$x}}{{range .Tags}}{{$y := .}}{{end}}`},
	{"undefined variable", `{{$x := 1}}{{if true}}{{$y := 2}}{{end}}{{$x}}`},
	{"dollar", `{{range .Pages}}{{$.Title}}/{{.Title}};{{end}}`},
	{"and or", `{{and .Draft .Count}}|{{and .Count .Title}}|{{or .Draft .Count}}|{{or "" 0}}|{{if and .Tags (not .Draft)}}yes{{end}}|{{.Count | and 1}}|{{.Draft | or 5}}`},
	{"and short circuit", `{{if and .Nil .Nil.Title}}x{{else}}safe{{end}}{{if or .Count .Nil.Title}}safe{{end}}`},
	{"not", `{{not .Draft}} {{not .Tags}} {{not .Nil}}`},
	{"comparisons", `{{eq .Count 3}} {{eq .Count 1 2 3}} {{ne .Title "x"}} {{lt .Count 5}} {{le 3 .Count}} {{gt .Uint 6}} {{ge .Ratio 0.5}} {{eq .Uint 7}} {{lt .Count .Uint}} {{eq .Title .Title}} {{eq .Nil nil}} {{eq .Author .Author}}`},
	{"comparison errors", `{{lt .Title 3}}`},
	{"eq incomparable", `{{eq .Tags .Tags}}`},
	{"len", `{{len .Tags}} {{len .Title}} {{len .Params}}`},
	{"print", `{{print .Count "x" .Title}} {{printf "%d-%s-%v" .Count .Title .Draft}} {{println .Count}}`},
	{"html builtin", `{{html .Title}} {{.Title | html}}`},
	{"urlquery builtin", `<a href="/s?q={{urlquery .Title}}">x</a>`},
	{"js builtin", `<p>{{js .Title}}</p>`},
	{"call", `{{call .Fn}}`},
	{"funcs", `<p>{{upper .Title}} {{join .Tags ", "}} {{isoDate .Date}} {{date "2 January 2006" .Date}} {{safeHTML "<b>bold</b>"}} {{add 2 3}} {{sum}} {{sum 1 2 3}}</p>`},
	{"func pipelines", `<p>{{.Title | upper}} {{.Tags | join ", " | upper}} {{.Count | add 4}} {{3 | sum 1 2}}</p>`},
	{"direct funcs", `<p>{{plural .Count "post" "posts"}} {{plural 1 "post" "posts"}} {{cached "card" .}} {{cached "author" .Author}} {{cached "t" .Title}} {{cached "nil page" .Nil}} {{.Count | plural 2 "x"}}</p>`},
	{"direct func error", `<p>{{cached "card" nil}}</p>`},
	{"func errors", `<p>{{fails}}</p>`},
	{"func panics", `<p>{{panics}}</p>`},
	{"func wrong arg count", `<p>{{add 1}}</p>`},
	{"func wrong arg type", `<p>{{add "a" 1}}</p>`},
	{"literal conversions", `{{int8 3}} {{uint 4}} {{float 1.5}} {{bool true}} {{value 3}} {{value 1.5}} {{value "s"}} {{value true}} {{value nil}} {{float 2}}`},
	{"literal errors", `{{uint -1}}`},
	{"pointer args", `{{ptr "x" | printf "%T"}} {{upper (ptr "y")}} {{ptr "z"}}`},
	{"typed nil", `{{typedNil}} {{with typedNil}}x{{else}}nil{{end}}`},
	{"dict", `{{with dict "a" 1 "b" .Title}}{{.a}} {{.b}}{{end}}`},
	{"parenthesised", `<p>{{(.Author).Name}} {{(index .Pages 1).Title}} {{(upper .Title) | printf "%q"}}</p>`},
	{"builtin override", `{{len .Tags}}`},
	{"dot", `{{with .Title}}{{.}}{{end}}{{range .Tags}}<a href="/tags/{{.}}/">{{.}}</a>{{end}}`},
	{"nested templates", `{{define "item"}}<li>{{.Title}}</li>{{end}}{{define "list"}}<ul>{{range .}}{{template "item" .}}{{end}}</ul>{{end}}{{template "list" .Pages}}{{template "item" .}}`},
	{"template no pipeline", `{{define "t"}}[{{.}}]{{end}}{{template "t"}}`},
	{"template variables", `{{define "t"}}{{$}}{{end}}{{$x := 1}}{{template "t" .Count}}`},
	{"block", `{{block "b" .}}<p>{{.Title}}</p>{{end}}`},
	{"recursive", `{{define "r"}}{{if .}}{{len .}}{{template "r" (slice . 1)}}{{end}}{{end}}{{template "r" .Tags}}`},
	{"template in title", `{{define "t"}}{{.Title}}{{end}}<title>{{template "t" .}}</title>`},
	{"template in title nested", `{{define "t"}}{{if .Draft}}draft{{else}}{{template "u" .}}{{end}}{{end}}{{define "u"}}{{range .Tags}}{{.}}, {{end}}{{.HTML}} {{$x := .Count}}{{$x}}{{end}}<title>{{template "t" .}} · {{.Title}}</title>`},
	{"template in textarea", `{{define "t"}}{{.Title}} {{.HTML}}{{end}}<textarea>{{template "t" .}}</textarea>`},
	{"template in title and text", `{{define "t"}}<b>{{.Title}}</b>{{end}}<p>{{template "t" .}}</p><title>{{template "t" .}}</title>`},
	{"template in title with html", `{{define "t"}}{{.Title | html}}{{end}}<title>{{template "t" .}}</title>`},
	{"template in title ending it", `{{define "t"}}x</title><p>{{.Title}}</p><title>{{end}}<title>{{template "t" .}}</title>`},
	{"block in title", `<title>{{block "title" .}}{{.Title}} ({{.Count}}){{end}}</title>`},
	{"template in attribute", `{{define "t"}}{{.Title}}{{end}}<a title="{{template "t" .}}">x</a>`},
	{"script", `<script>var x = {{.Title}};</script>`},
	{"style", `<style>p { color: {{.Params.colour}} }</style>`},
	{"srcset", `<img srcset="{{.Title}} 2x">`},
	{"whitespace trim", "<p>\n  {{- .Title -}}\n  </p>"},
	{"number constants", `{{0x10}} {{1e3}} {{'a'}} {{-5}} {{1.5}} {{3i}}`},
	{"bool constants", `{{true}} {{false}}`},
	{"string constants", "{{\"a<b\"}} {{`raw`}}"},
	{"comment action", `{{/* a comment */}}x`},
	{"eval args", `<p>{{html .Title .Count}}</p>`},
}

// run executes src on data with html/template and compiled, after one
// execution with html/template that escapes the template, and reports
// whether compiled left it to html/template, at Compile or at Execute.
func run(t *testing.T, fm template.FuncMap, src string, data any) (left bool) {
	t.Helper()
	tmpl, err := template.New("page").Funcs(fm).Parse(src)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	var want bytes.Buffer
	wantErr := tmpl.Execute(&want, data)
	c, err := Compile(tmpl, "page", fm)
	if errors.Is(err, ErrUnsupported) {
		return true
	}
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	return same(t, "", c, data, want.String(), wantErr)
}

// addresses are pointers as fmt prints them, which differ from run to run.
var addresses = regexp.MustCompile(`0x[0-9a-f]{6,}`)

// same runs c on data and wants html/template's output want, or an error
// when html/template's was wantErr; an execution that stops at what it
// leaves to html/template passes, and same reports it. label starts the
// message. Printed pointers count as equal.
func same(t *testing.T, label string, c *Template, data any, want string, wantErr error) (stopped bool) {
	t.Helper()
	var got bytes.Buffer
	gotErr := c.Execute(&got, data)
	switch {
	case errors.Is(gotErr, ErrUnsupported):
		return true // left to html/template
	case wantErr != nil && gotErr == nil:
		t.Errorf("%shtml/template failed (%v), compiled did not; wrote %q", label, wantErr, got.String())
	case wantErr == nil && gotErr != nil:
		t.Errorf("%scompiled failed (%v), html/template did not; it wrote %q", label, gotErr, want)
	case wantErr == nil && addresses.ReplaceAllString(got.String(), "0x") != addresses.ReplaceAllString(want, "0x"):
		t.Errorf("%sgot\n%s\nwant\n%s", label, got.String(), want)
	}
	return false
}

// refused are the cases Compile refuses, leaving them to html/template.
var refused = map[string]bool{
	"html builtin": true, "urlquery builtin": true, "js builtin": true, "call": true,
	"template in title and text": true, "template in title with html": true, "template in title ending it": true,
	"template in attribute": true,
	"script":                true, "style": true, "srcset": true, "eval args": true,
}

// stopsAtExecute are the cases compiled runs until a value it leaves to
// html/template: HTML in an attribute, which html/template strips of tags.
var stopsAtExecute = map[string]bool{"html in attribute": true, "html in unquoted attribute": true}

// leftToHTMLTemplate is whether html/template renders a case, in whole or
// from where compiled stopped.
func leftToHTMLTemplate(name string) bool { return refused[name] || stopsAtExecute[name] }

// withoutLen is funcs without its "len", which replaces the builtin.
var withoutLen = func() template.FuncMap {
	fm := maps.Clone(funcs)
	delete(fm, "len")
	return fm
}()

func TestSameAsHTMLTemplate(t *testing.T) {
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			left := false
			for _, fm := range []template.FuncMap{funcs, withoutLen} {
				for _, data := range []any{
					testPage(),
					&Page{},     // zero values everywhere
					nil,         // no data
					*testPage(), // not addressable: no pointer methods
				} {
					left = run(t, fm, tt.src, data) || left
				}
			}
			if left != leftToHTMLTemplate(tt.name) {
				t.Errorf("left to html/template: got %v, want %v", left, leftToHTMLTemplate(tt.name))
			}
		})
	}
}

// TestCompiles lists what compiled runs itself, so that a change that
// sends these to html/template (correct, but slow) shows.
func TestCompiles(t *testing.T) {
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			tmpl, err := template.New("page").Funcs(funcs).Parse(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			tmpl.Execute(new(bytes.Buffer), testPage())
			_, err = Compile(tmpl, "page", funcs)
			if got := errors.Is(err, ErrUnsupported); got != refused[tt.name] {
				t.Errorf("unsupported: got %v (%v); want %v", got, err, refused[tt.name])
			}
		})
	}
}

func TestRefusesUnescaped(t *testing.T) {
	tmpl := template.Must(template.New("page").Parse(`<p>{{.}}</p>`))
	// Not executed: html/template has not escaped it.
	if _, err := Compile(tmpl, "page", nil); !errors.Is(err, ErrUnsupported) {
		t.Fatalf("Compile of an unescaped template: got %v, want ErrUnsupported", err)
	}
}

// FuzzEscapers runs each context's escaper on arbitrary text, against
// html/template's.
func FuzzEscapers(f *testing.F) {
	for _, s := range []string{"", "plain", `a<b>&"'+=` + "`", "\x00\t\n\v\f\r ", "javascript:x", "HTTP://x y", "/a b/%41%zz?q=1&r=2#f",
		"\ufdd0\ufffe\xff", "mailto:a@b", "<b>tag</b>"} {
		f.Add(s)
	}
	contexts := []string{
		`<p>{{.}}</p>`,
		`<p title="{{.}}">`,
		`<p title='{{.}}'>`,
		`<p title={{.}}>`,
		`<a href="{{.}}">`,
		`<a href="/x/{{.}}">`,
		`<a href="/x?q={{.}}">`,
		`<title>{{.}}</title>`,
		`<textarea>{{.}}</textarea>`,
	}
	var sets []*template.Template
	var compiled []*Template
	for _, src := range contexts {
		tmpl := template.Must(template.New("c").Parse(src))
		tmpl.Execute(new(bytes.Buffer), "")
		c, err := Compile(tmpl, "c", nil)
		if err != nil {
			f.Fatalf("%s: %v", src, err)
		}
		sets, compiled = append(sets, tmpl), append(compiled, c)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i := range sets {
			for _, data := range []any{s, template.HTML(s), template.URL(s), &s} {
				var want bytes.Buffer
				wantErr := sets[i].Execute(&want, data)
				same(t, fmt.Sprintf("%s with %T %q: ", contexts[i], data, s), compiled[i], data, want.String(), wantErr)
			}
		}
	})
}

// FuzzSameAsHTMLTemplate runs arbitrary templates, from the cases above,
// with both.
func FuzzSameAsHTMLTemplate(f *testing.F) {
	for _, tt := range cases {
		f.Add(tt.src)
	}
	bigNumber := regexp.MustCompile(`[0-9]{4}`)
	f.Fuzz(func(t *testing.T, src string) {
		if bigNumber.MatchString(src) || strings.Count(src, "range") > 3 {
			return // a range over a large number takes long, and teaches nothing
		}
		tmpl, err := template.New("page").Funcs(funcs).Parse(src)
		if err != nil {
			return
		}
		for _, data := range []any{testPage(), nil} {
			var want bytes.Buffer
			wantErr := tmpl.Execute(&want, data)
			c, err := Compile(tmpl, "page", funcs)
			if err != nil {
				return
			}
			same(t, src+": ", c, data, want.String(), wantErr)
		}
	})
}
