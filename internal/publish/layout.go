package publish

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/tdewolff/minify/v2/html"
)

// MinifyLayout minifies the text of an html/template layout once, when it
// is parsed, so that the pages rendered through it come out minified and
// need no minifying each (a page's Markdown body, which it inserts as the
// converter wrote it, is barely smaller minified: 0.6% in the benchmark
// corpus). The layout's actions are kept as they are, and the text between
// them is minified as publish minifies a page (see newMinifier): the
// minifier is told where the actions stand, so it keeps the attribute
// values and script and style text that hold one as they are, and the
// whitespace beside one, which may stand between inline elements.
//
// It reports an error, and the layout is best used as it is, when the text
// is not a template it can read (an unterminated action: parsing it will
// say where), or when the minifier dropped an action (one inside an HTML
// comment, which html/template drops anyway) or wrote a "{{" of its own (an
// entity it decoded, "&#123;&#123;").
func MinifyLayout(text string) (string, error) {
	acts, err := actions(text)
	if err != nil {
		return "", err
	}
	// Each action becomes a placeholder the minifier's template lexer reads
	// safely, "{{7}}": it does not know text/template's comments and raw
	// strings, and an apostrophe in a comment would hide the rest of the
	// file from it. The whitespace an action's "{{- " or " -}}" trims is
	// trimmed here, so the minifier sees the text the template writes.
	var masked strings.Builder
	for i, a := range acts {
		before := text[:a.start]
		if i > 0 {
			before = text[acts[i-1].end:a.start]
			if acts[i-1].trimRight {
				before = strings.TrimLeft(before, spaces)
			}
		}
		if a.trimLeft {
			before = strings.TrimRight(before, spaces)
		}
		masked.WriteString(before)
		if !a.comment { // a comment writes nothing: the minifier need not know of it
			masked.WriteString("{{" + strconv.Itoa(i) + "}}")
		}
	}
	rest := text
	if n := len(acts); n > 0 {
		rest = text[acts[n-1].end:]
		if acts[n-1].trimRight {
			rest = strings.TrimLeft(rest, spaces)
		}
	}
	masked.WriteString(rest)

	var out bytes.Buffer
	h := htmlMinifier()
	h.TemplateDelims = html.GoTemplateDelims
	if err := h.Minify(newMinifier(), &out, strings.NewReader(masked.String()), nil); err != nil {
		return "", err
	}

	// Put the actions back, each once, without its trim markers (their
	// trimming is done); a comment is nothing.
	small := out.String()
	var b strings.Builder
	b.Grow(len(small) + len(text)/2)
	next := 0
	for {
		i := strings.Index(small, "{{")
		if i < 0 {
			b.WriteString(small)
			break
		}
		j := strings.Index(small[i:], "}}")
		if j < 0 {
			return "", errors.New("the minifier cut an action")
		}
		for next < len(acts) && acts[next].comment {
			next++
		}
		if n, err := strconv.Atoi(small[i+2 : i+j]); err != nil || n != next {
			return "", errors.New("the minifier moved or dropped an action")
		}
		b.WriteString(small[:i])
		b.WriteString("{{" + acts[next].inner + "}}")
		small = small[i+j+2:]
		next++
	}
	for next < len(acts) && acts[next].comment {
		next++
	}
	if next != len(acts) {
		return "", errors.New("the minifier dropped an action")
	}
	return b.String(), nil
}

// spaces is what text/template's trim markers trim.
const spaces = " \t\r\n"

// action is one {{…}} of a template's text: text[start:end], and what
// stands between its delimiters without the trim markers.
type action struct {
	start, end          int
	inner               string
	trimLeft, trimRight bool
	comment             bool
}

// actions finds the actions in a template's text as text/template's lexer
// does: an action runs from "{{" to the first "}}" that is not inside a
// quoted string, a raw string, a character constant or a comment.
func actions(text string) ([]action, error) {
	var acts []action
	for from := 0; ; {
		i := strings.Index(text[from:], "{{")
		if i < 0 {
			return acts, nil
		}
		a := action{start: from + i}
		p := a.start + 2
		if len(text) > p+1 && text[p] == '-' && strings.IndexByte(spaces, text[p+1]) >= 0 {
			a.trimLeft = true
			p++
		}
		body := p
		if q := p + strings.IndexFunc(text[p:], func(r rune) bool { return !strings.ContainsRune(spaces, r) }); q >= p && strings.HasPrefix(text[q:], "/*") {
			e := strings.Index(text[q+2:], "*/")
			if e < 0 {
				return nil, fmt.Errorf("unclosed comment at byte %d", a.start)
			}
			a.comment = true
			p = q + 2 + e + 2
		}
		for {
			if p >= len(text) {
				return nil, fmt.Errorf("unclosed action at byte %d", a.start)
			}
			switch c := text[p]; {
			case strings.HasPrefix(text[p:], "}}"):
				a.inner = text[body:p]
				if n := len(a.inner); n >= 2 && a.inner[n-1] == '-' && strings.IndexByte(spaces, a.inner[n-2]) >= 0 {
					a.trimRight = true
					a.inner = a.inner[:n-1]
				}
				a.end = p + 2
				acts = append(acts, a)
				from = a.end
			case c == '"' || c == '\'' || c == '`':
				e := quoted(text, p)
				if e < 0 {
					return nil, fmt.Errorf("unclosed quote at byte %d", p)
				}
				p = e
				continue
			default:
				p++
				continue
			}
			break
		}
	}
}

// quoted returns the index just after the quoted string, raw string or
// character constant that starts at text[i], or -1 when it is not closed.
func quoted(text string, i int) int {
	q := text[i]
	for j := i + 1; j < len(text); j++ {
		switch text[j] {
		case q:
			return j + 1
		case '\\':
			if q != '`' {
				j++
			}
		case '\n':
			if q != '`' {
				return -1
			}
		}
	}
	return -1
}
