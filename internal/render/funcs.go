package render

import (
	"cmp"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"plexus/internal/markdown"
	"plexus/internal/site"
)

// funcs returns the template functions for rendering s.
func funcs(s *site.Site, conv *markdown.Converter, asset func(string) (string, bool)) template.FuncMap {
	return template.FuncMap{
		"relURL":     s.RelURL,
		"asset":      assetURL(s, asset),
		"absURL":     s.AbsURL,
		"dateFormat": dateFormat,
		"isoDate":    func(t time.Time) string { return t.Format(time.RFC3339) },
		"eventWhen":  EventWhen,
		"markdownify": func(s string) (template.HTML, error) {
			if conv == nil {
				return template.HTML(template.HTMLEscapeString(s)), nil
			}
			return conv.Inline(s)
		},
		"truncate": truncate,
		"plural":   plural,
		"urlize":   site.Urlize,
		"safeHTML": func(s string) template.HTML { return template.HTML(s) },
		"first":    first,
		"dict":     dict,
		"where":    where,
		"sortBy":   sortBy,
		"reverse": func(pages []*site.Page) []*site.Page {
			out := slices.Clone(pages)
			slices.Reverse(out)
			return out
		},
	}
}

// assetURL makes the asset function: the URL a static file is published
// at, fingerprinted for a stylesheet or script, so that a host may let
// browsers cache it for a year and a new version still reaches them. A
// path that is no static file is an error, so a typo fails the build.
func assetURL(s *site.Site, asset func(string) (string, bool)) func(string) (string, error) {
	return func(name string) (string, error) {
		name = strings.TrimPrefix(name, "/")
		if asset == nil {
			return s.RelURL(name), nil
		}
		p, ok := asset(name)
		if !ok {
			return "", fmt.Errorf("asset %q: there is no static/%s in the site or the theme", name, name)
		}
		return s.RelURL(p), nil
	}
}

func dateFormat(layout string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(layout)
}

// EventWhen says when an event is in plain English, in the event's own
// timezone (the site's):
//
//	Tuesday 3 December 2026, 14:00–15:30 GMT
//	Tuesday 3 December 2026                      (all day)
//	Wednesday 10 – Thursday 11 March 2027        (several whole days)
//	Wednesday 10 March 2027, 09:00 – Thursday 11 March 2027, 17:00 GMT
func EventWhen(e *site.Event) string {
	if e == nil {
		return ""
	}
	const day = "Monday 2 January 2006"
	s, end := e.Start, e.End
	if e.AllDay {
		last := end.Add(-time.Nanosecond)
		if !e.MultiDay() {
			return s.Format(day)
		}
		switch {
		case s.Year() != last.Year():
			return s.Format(day) + " – " + last.Format(day)
		case s.Month() != last.Month():
			return s.Format("Monday 2 January") + " – " + last.Format(day)
		}
		return s.Format("Monday 2") + " – " + last.Format(day)
	}
	if !e.MultiDay() {
		zone := end.Format("MST")
		return s.Format(day+", 15:04") + "–" + end.Format("15:04") + " " + zone
	}
	return s.Format(day+", 15:04") + " – " + end.Format(day+", 15:04 MST")
}

// truncate shortens s to at most n characters, cutting at a word boundary
// and adding "…" when it cuts.
func truncate(n int, s string) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) <= n {
		return string(r)
	}
	cut := n
	for cut > 0 && !unicode.IsSpace(r[cut]) {
		cut--
	}
	if cut == 0 {
		cut = n
	}
	return strings.TrimRightFunc(string(r[:cut]), func(c rune) bool {
		return unicode.IsSpace(c) || unicode.IsPunct(c)
	}) + "…"
}

// plural writes a count with the noun in the right number: "1 post",
// "3 posts", "0 posts". Both forms are given, for nouns that do not just
// add an s ("1 series", "2 series").
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func first(n int, pages []*site.Page) []*site.Page {
	return pages[:min(max(n, 0), len(pages))]
}

// where filters pages by a field. It is typed, not reflective over any
// field, so a misspelt field is an error at render time that names it.
func where(pages []*site.Page, field string, value any) ([]*site.Page, error) {
	want := fmt.Sprint(value)
	var match func(p *site.Page) bool
	switch field {
	case "Kind":
		match = func(p *site.Page) bool { return string(p.Kind) == want }
	case "Section":
		match = func(p *site.Page) bool { return p.Section == want }
	case "Slug":
		match = func(p *site.Page) bool { return p.Slug == want }
	case "Author":
		match = func(p *site.Page) bool {
			return p.Author != nil && (p.Author.Key == want || p.Author.Key == "" && p.Author.Name == want)
		}
	case "Region":
		match = func(p *site.Page) bool {
			return slices.ContainsFunc(p.Regions, func(r *site.Region) bool { return r.Key == want })
		}
	case "Tag":
		want = site.Urlize(want)
		match = func(p *site.Page) bool {
			return slices.ContainsFunc(p.Tags, func(t *site.Tag) bool { return t.Key == want })
		}
	case "Series":
		want = site.Urlize(want)
		match = func(p *site.Page) bool { return p.Series != nil && p.Series.Key == want }
	default:
		return nil, fmt.Errorf("where: cannot filter by %q; use Kind, Section, Slug, Author, Region, Tag or Series", field)
	}
	var out []*site.Page
	for _, p := range pages {
		if match(p) {
			out = append(out, p)
		}
	}
	return out, nil
}

func sortBy(pages []*site.Page, field string) ([]*site.Page, error) {
	out := slices.Clone(pages)
	var c func(a, b *site.Page) int
	switch field {
	case "Title":
		c = func(a, b *site.Page) int { return cmp.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)) }
	case "Date":
		c = func(a, b *site.Page) int { return b.Date.Compare(a.Date) }
	case "Start":
		c = func(a, b *site.Page) int { return eventStart(a).Compare(eventStart(b)) }
	default:
		return nil, fmt.Errorf("sortBy: cannot sort by %q; use Title, Date or Start", field)
	}
	slices.SortStableFunc(out, c)
	return out, nil
}

func eventStart(p *site.Page) time.Time {
	if p.Event == nil {
		return time.Time{}
	}
	return p.Event.Start
}

// dict makes a map from key, value pairs, so that a partial can be given
// more than one value: {{template "partials/card.html" (dict "Page" . "Level" 3)}}.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: got %d arguments; want key, value pairs", len(kv))
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not text", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}
