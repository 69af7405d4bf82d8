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
	// trimmed here, and comments are dropped, so the minifier sees the
	// text the template writes.
	var masked strings.Builder
	var kept []string // what stands inside each placeholder's action, by number
	pos, trimNext := 0, false
	for _, a := range acts {
		masked.WriteString(trimmed(text[pos:a.start], trimNext, a.trimLeft))
		if !a.comment {
			masked.WriteString("{{" + strconv.Itoa(len(kept)) + "}}")
			kept = append(kept, a.inner)
		}
		pos, trimNext = a.end, a.trimRight
	}
	masked.WriteString(trimmed(text[pos:], trimNext, false))

	var out bytes.Buffer
	h := htmlMinifier()
	h.TemplateDelims = html.GoTemplateDelims
	if err := h.Minify(newMinifier(), &out, strings.NewReader(masked.String()), nil); err != nil {
		return "", err
	}

	// Put the actions back, each once and in order, without their trim
	// markers (their trimming is done).
	small := out.String()
	var b strings.Builder
	b.Grow(len(small) + len(text)/2)
	for n := 0; ; n++ {
		i := strings.Index(small, "{{")
		if i < 0 {
			if n != len(kept) {
				return "", errors.New("the minifier dropped an action")
			}
			b.WriteString(small)
			return b.String(), nil
		}
		j := strings.Index(small[i:], "}}")
		if j < 0 || n == len(kept) || small[i+2:i+j] != strconv.Itoa(n) {
			return "", errors.New("the minifier moved, dropped or wrote an action")
		}
		b.WriteString(small[:i])
		b.WriteString("{{" + kept[n] + "}}")
		small = small[i+j+2:]
	}
}

// trimmed is text without the leading and trailing whitespace that trim
// markers beside it trim.
func trimmed(text string, left, right bool) string {
	if left {
		text = strings.TrimLeft(text, spaces)
	}
	if right {
		text = strings.TrimRight(text, spaces)
	}
	return text
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
// quoted string, a raw string, a character constant or a comment, which
// starts right after "{{" or "{{- ".
func actions(text string) ([]action, error) {
	var acts []action
	for from := 0; ; {
		i := strings.Index(text[from:], "{{")
		if i < 0 {
			return acts, nil
		}
		a := action{start: from + i}
		body := a.start + 2
		if len(text) > body+1 && text[body] == '-' && strings.IndexByte(spaces, text[body+1]) >= 0 {
			a.trimLeft = true
			body++ // the space stays: "{{- x}}" is "{{ x}}" once trimmed
		}
		comment := body
		if a.trimLeft {
			comment++ // after "{{- "
		}
		a.comment = strings.HasPrefix(text[comment:], "/*")
		end, err := actionEnd(text, body, a.comment)
		if err != nil {
			return nil, fmt.Errorf("%v at byte %d", err, a.start)
		}
		a.inner, a.end = text[body:end], end+2
		if n := len(a.inner); n >= 2 && a.inner[n-1] == '-' && strings.IndexByte(spaces, a.inner[n-2]) >= 0 {
			a.trimRight = true
			a.inner = a.inner[:n-1]
		}
		acts = append(acts, a)
		from = a.end
	}
}

// actionEnd returns the index of the "}}" that ends the action whose text
// starts at text[p] (after "{{" and any "-"), a comment or not.
func actionEnd(text string, p int, comment bool) (int, error) {
	if comment {
		e := strings.Index(text[p:], "*/")
		if e < 0 {
			return 0, errors.New("unclosed comment")
		}
		p += e + 2
	}
	for p < len(text) {
		switch c := text[p]; {
		case strings.HasPrefix(text[p:], "}}"):
			return p, nil
		case c == '"' || c == '\'' || c == '`':
			e := quoted(text, p)
			if e < 0 {
				return 0, errors.New("unclosed quote")
			}
			p = e
		default:
			p++
		}
	}
	return 0, errors.New("unclosed action")
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
