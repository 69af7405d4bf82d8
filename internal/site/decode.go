package site

import (
	"bytes"
	"fmt"
	"html/template"
	"maps"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"
	"unicode"

	"plexus/internal/config"
	"plexus/internal/content"
	"plexus/internal/diag"
	"plexus/internal/markdown"
)

// The frontmatter keys plexus reads; any other key goes to Params.
var (
	commonKeys  = []string{"title", "date", "updated", "draft", "slug", "summary", "author", "regions", "region", "tags", "series", "series_part", "series_title", "image", "image_alt", "aliases", "menu", "weight"}
	eventKeys   = []string{"start", "end", "location", "online", "join", "registration", "organiser", "organizer", "status"}
	profileKeys = []string{"name", "role", "organisation", "organization", "photo", "photo_alt", "email", "links"}

	// The keys known on an author's page and on an event, made once.
	authorKnown = slices.Concat(commonKeys, profileKeys)
	eventKnown  = slices.Concat(commonKeys, eventKeys)
)

// Decode reads a content file's frontmatter into a typed page and checks
// it against cfg. It reads no body: the caller converts the body with the
// markdown package and hands the result to Attach. Errors name the file and
// the line of the offending key; all of a file's problems are reported
// together.
func Decode(cfg *config.Config, f *content.File) (*Page, error) {
	d := decoder{f: f, file: f.SourcePath(), loc: cfg.Location}
	p := &Page{File: d.file, Resources: f.Resources, dec: &decoded{line: firstLine(f)}}
	dir, name := path.Split(f.Path)
	section, _, _ := strings.Cut(f.Path, "/")
	if dir == "" {
		section = ""
	}
	p.Section = section
	switch section {
	case "posts":
		p.Kind = KindPost
	case "events":
		p.Kind = KindEvent
	case "authors":
		p.Kind = KindAuthor
	default:
		p.Kind = KindPage
	}
	if name == "_index.md" {
		p.Kind = KindSection
		if dir == "" {
			p.Kind = KindHome
		}
	}

	// The slug: a bundle takes its folder's name, other pages their file's.
	base := strings.TrimSuffix(name, ".md")
	if name == "index.md" && dir != "" {
		base = path.Base(strings.TrimSuffix(dir, "/"))
	}
	p.Slug = Urlize(base)
	if s := d.str("slug"); s != "" {
		if Urlize(s) != s {
			d.errf("slug", "slug %q may hold only lower-case letters, digits and hyphens: write %q", s, Urlize(s))
		} else {
			p.Slug = s
		}
	}

	known := commonKeys
	switch p.Kind {
	case KindAuthor:
		known = authorKnown
		p.Profile = &Profile{
			Name:         d.str("name"),
			Role:         d.str("role"),
			Organisation: d.str("organisation", "organization"),
			Photo:        d.str("photo"),
			PhotoAlt:     d.str("photo_alt"),
			Email:        d.str("email"),
			Links:        d.links("links"),
		}
		if p.Profile.Name == "" {
			p.Profile.Name = d.str("title")
		}
		p.Title = p.Profile.Name
		if p.Title == "" && !d.wrongType("name") && !d.wrongType("title") {
			d.errf("", "missing name: add a line like name: \"Dr Amara Okafor\" to the frontmatter")
		}
		if p.Profile.Photo != "" && p.Profile.PhotoAlt == "" {
			d.errf("photo", "photo needs a description for readers who cannot see it: add photo_alt: \"…\"")
		}
	case KindEvent:
		known = eventKnown
		p.Event = d.event()
		p.Title = d.str("title")
	default:
		p.Title = d.str("title")
	}
	if p.Title == "" && !d.wrongType("title") && p.Kind != KindAuthor && p.Kind != KindHome && p.Kind != KindSection {
		d.errf("", "missing title: add a line like title: \"Your title\" to the frontmatter")
	}

	p.Date = d.time("date")
	p.Updated = d.time("updated")
	if p.Kind == KindPost && p.Date.IsZero() && !d.has("date") {
		d.errf("", "missing date: add a line like date: %s to the frontmatter", time.Now().In(cfg.Location).Format("2006-01-02"))
	}
	p.Draft = d.bool("draft")
	p.dec.summary = d.str("summary")
	p.dec.authorKey = d.str("author")
	p.dec.regionKeys = d.regions(cfg)
	p.dec.tagNames = d.strs("tags")
	for _, name := range p.dec.tagNames {
		if Urlize(name) == "" {
			d.errf("tags", "tag %q has no letters or digits, so it cannot have a page: write it in words", name)
		}
	}
	d.series(p)
	p.Image = d.str("image")
	p.ImageAlt = d.str("image_alt")
	p.Menu = d.str("menu")
	p.Weight, _ = d.int("weight")
	if p.Image != "" && p.ImageAlt == "" {
		d.errf("image", "image needs a description for readers who cannot see it: add image_alt: \"…\"")
	}
	_ = d.strs("aliases") // accepted and checked; redirects come with a later release

	for key, v := range f.Front {
		if slices.Contains(known, key) {
			continue
		}
		if p.Params == nil {
			// Most pages have none: a nil map reads as an empty one in
			// templates, and a large site's empty maps were 100,000
			// objects for the collector to mark.
			p.Params = map[string]any{}
		}
		p.Params[key] = v
		if s := diag.Suggest(key, known); s != "" {
			d.warnf(key, "unknown key %q is kept for templates as .Params.%s (did you mean %q?)", key, key, s)
		}
	}
	p.dec.warnings = d.warns
	return p, d.errs.Err()
}

// AttachBody sets what a page takes from its converted body alone, when
// its summary stays as it was (plexus serve's edit of a body): its word
// count, reading time and table of contents.
func (p *Page) AttachBody(doc *markdown.Doc) {
	p.Words = doc.Words
	p.ReadingTime = markdown.ReadingTime(doc.Words)
	p.TOC = doc.TOC
}

// SummaryGiven reports whether the page's frontmatter gives its summary,
// which Attach then takes over the body's: the body may be converted
// without one (markdown.Converter.ConvertBodyTo).
func (p *Page) SummaryGiven() bool { return p.dec != nil && p.dec.summary != "" }

// Attach adds a converted body to a page: its summary, word count and table
// of contents. A frontmatter summary is Markdown and wins over the body's;
// either way Summary is block HTML (a paragraph or more), so templates see
// one shape.
func (p *Page) Attach(conv *markdown.Converter, doc *markdown.Doc) error {
	p.AttachBody(doc)
	p.Truncated = doc.Truncated
	p.Summary = template.HTML(doc.Summary)
	p.SummaryText = doc.SummaryText
	if p.dec.summary != "" {
		s, err := conv.Convert([]byte(p.dec.summary))
		if err != nil {
			return err
		}
		p.Summary = template.HTML(bytes.TrimSpace(s.HTML))
		p.SummaryText = s.SummaryText
		p.Truncated = len(doc.HTML) > 0
		p.dec.summary = "" // converted: a large site's pages are most of a build's memory
	}
	// The plain text of a summary without markup is the HTML's own, inside
	// its <p>: keep one string, not two.
	if text, ok := strings.CutPrefix(string(p.Summary), "<p>"); ok {
		if text, ok := strings.CutSuffix(text, "</p>"); ok && text == p.SummaryText {
			p.SummaryText = text
		}
	}
	return nil
}

// Warning is a problem that does not stop the build.
type Warning = diag.Error

// decoder reads typed values from a file's frontmatter, collecting errors
// that name the line of each key.
type decoder struct {
	f     *content.File
	file  string
	loc   *time.Location
	errs  diag.List
	warns []*Warning
}

func (d *decoder) has(key string) bool { _, ok := d.f.Front[key]; return ok }

// wrongType reports whether key holds something other than text, already
// reported by str, so that "missing title" is not said as well.
func (d *decoder) wrongType(key string) bool {
	switch d.f.Front[key].(type) {
	case nil, string, int, int64, float64:
		return false
	}
	return true
}

func (d *decoder) errf(key, format string, args ...any) {
	line := d.f.Line(key)
	if key == "" {
		line = firstLine(d.f)
	}
	d.errs.Add(diag.Errorf(d.file, line, format, args...))
}

func (d *decoder) warnf(key, format string, args ...any) {
	d.warns = append(d.warns, diag.Errorf(d.file, d.f.Line(key), format, args...))
}

// firstLine is the line a whole-file problem is reported on: the
// frontmatter's opening line, or the file's first.
func firstLine(f *content.File) int { return max(1, f.FrontLine) }

func typeName(v any) string {
	switch v.(type) {
	case string:
		return "text"
	case bool:
		return "true/false"
	case []any:
		return "a list"
	case map[string]any:
		return "a table of keys"
	case time.Time:
		return "a date"
	case nil:
		return "empty"
	}
	return "a number"
}

// str reads the first of keys that is set, as text. Numbers are accepted
// and written out, so that title: 2026 is "2026".
func (d *decoder) str(keys ...string) string {
	for _, key := range keys {
		v, ok := d.f.Front[key]
		if !ok || v == nil {
			continue
		}
		switch v := v.(type) {
		case string:
			return strings.TrimSpace(v)
		case int, int64, float64:
			return fmt.Sprint(v)
		default:
			d.errf(key, "%s must be text, not %s", key, typeName(v))
		}
	}
	return ""
}

// strs reads a list of text; a single text is a list of one.
func (d *decoder) strs(key string) []string {
	switch v := d.f.Front[key].(type) {
	case nil:
		return nil
	case string:
		if strings.TrimSpace(v) == "" {
			return nil
		}
		return []string{strings.TrimSpace(v)}
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			switch x := x.(type) {
			case string:
				if s := strings.TrimSpace(x); s != "" {
					out = append(out, s)
				}
			case int, int64, float64:
				out = append(out, fmt.Sprint(x))
			default:
				d.errf(key, "%s must be a list of text, but holds %s", key, typeName(x))
			}
		}
		return out
	default:
		d.errf(key, "%s must be a list like [a, b], not %s", key, typeName(v))
		return nil
	}
}

func (d *decoder) bool(key string) bool {
	switch v := d.f.Front[key].(type) {
	case nil:
		return false
	case bool:
		return v
	default:
		d.errf(key, "%s must be true or false, not %s", key, typeName(v))
		return false
	}
}

// int reads a whole number, and reports whether one was written.
func (d *decoder) int(key string) (int, bool) {
	switch v := d.f.Front[key].(type) {
	case nil:
		return 0, false
	case int:
		return v, true
	case int64:
		return int(v), true
	case float64:
		if v == float64(int(v)) {
			return int(v), true
		}
		d.errf(key, "%s must be a whole number, not %v", key, v)
		return 0, false
	}
	d.errf(key, "%s must be a whole number, not %s", key, typeName(d.f.Front[key]))
	return 0, false
}

// time reads a date. Text is read by content.ParseTime in the site's
// timezone; a time.Time carries its own zone.
func (d *decoder) time(key string) time.Time {
	t, _ := d.timeAllDay(key)
	return t
}

// timeAllDay also reports whether the date was written without a time.
func (d *decoder) timeAllDay(key string) (time.Time, bool) {
	switch v := d.f.Front[key].(type) {
	case nil:
		return time.Time{}, false
	case time.Time:
		return v.In(d.loc), false
	case string:
		t, err := content.ParseTime(v, d.loc)
		if err != nil {
			d.errf(key, "%s: %v", key, err)
		}
		return t, len(strings.TrimSpace(v)) == len("2006-01-02")
	default:
		d.errf(key, "%s must be a date like 2026-11-22 14:00, not %s", key, typeName(v))
		return time.Time{}, false
	}
}

func (d *decoder) url(key string) string {
	s := d.str(key)
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "mailto") || (u.Scheme != "mailto" && u.Host == "") {
		d.errf(key, "%s %q is not a web address: write the full link, starting https://", key, s)
		return ""
	}
	return s
}

func (d *decoder) links(key string) []Link {
	var out []Link
	switch v := d.f.Front[key].(type) {
	case nil:
	case []any:
		for _, x := range v {
			m, ok := x.(map[string]any)
			name, _ := m["name"].(string)
			href, _ := m["url"].(string)
			if !ok || name == "" || href == "" {
				d.errf(key, "each of %s needs a name and a url, like - {name: \"LinkedIn\", url: \"https://…\"}", key)
				continue
			}
			out = append(out, Link{Name: name, URL: href})
		}
	case map[string]any: // links: {LinkedIn: https://…}
		for _, name := range slices.Sorted(maps.Keys(v)) {
			href, ok := v[name].(string)
			if !ok {
				d.errf(key, "link %q must be a URL", name)
				continue
			}
			out = append(out, Link{Name: name, URL: href})
		}
	default:
		d.errf(key, "%s must be a list of {name, url}, not %s", key, typeName(v))
	}
	return out
}

// regions reads "regions" (or a single "region") and checks each key
// against config.toml.
func (d *decoder) regions(cfg *config.Config) []string {
	key := "regions"
	if !d.has(key) && d.has("region") {
		key = "region"
	}
	keys := d.strs(key)
	out := keys[:0]
	for _, k := range keys {
		if _, ok := cfg.Regions[k]; ok {
			out = append(out, k)
			continue
		}
		if norm := Urlize(k); norm != k {
			if _, ok := cfg.Regions[norm]; ok {
				d.errf(key, "region %q is written as a key: use %q", k, norm)
				continue
			}
		}
		known := cfg.RegionKeys()
		if len(known) == 0 {
			d.errf(key, "unknown region %q: config.toml declares no regions; add [regions.%s] there", k, Urlize(k))
			continue
		}
		d.errf(key, "unknown region %q%s; regions are declared in config.toml: %s", k, diag.DidYouMean(k, known), strings.Join(known, ", "))
	}
	return out
}

// series reads series, series_part and series_title. Only posts make up
// series: an event or a page that names one is warned and left out.
func (d *decoder) series(p *Page) {
	name := d.str("series")
	p.dec.seriesTitle = d.str("series_title")
	part, numbered := d.int("series_part")
	p.dec.seriesPart = part
	p.dec.partLine = d.f.Line("series_part")
	if !d.has("series_part") {
		p.dec.partLine = d.f.Line("series")
	}
	p.dec.titleLine = d.f.Line("series_title")
	switch {
	case name != "" && Urlize(name) == "":
		d.errf("series", "series %q has no letters or digits, so it cannot have a page: write a key like msk-transformation", name)
	case name != "" && p.Kind != KindPost:
		d.warnf("series", "only posts make up a series, so this %s is not listed in series %q", p.Kind, name)
	case name != "":
		p.dec.seriesKey = Urlize(name)
	case d.has("series_part") || d.has("series_title"):
		key := "series_part"
		if !d.has(key) {
			key = "series_title"
		}
		d.warnf(key, "%s is ignored without series: add a line like series: my-series-key", key)
	}
	// d.int has already reported a part that is not a whole number.
	if numbered && part < 1 {
		d.errf("series_part", "series_part must be 1 or more, not %d: number the parts 1, 2, 3…", part)
		p.dec.seriesPart = 0
	}
}

func (d *decoder) event() *Event {
	e := &Event{
		Online:       d.bool("online"),
		Join:         d.url("join"),
		Registration: d.url("registration"),
		Organiser:    d.str("organiser", "organizer"),
		Status:       Status(d.str("status")),
	}
	var startAllDay, endAllDay bool
	e.Start, startAllDay = d.timeAllDay("start")
	e.End, endAllDay = d.timeAllDay("end")
	switch {
	case !d.has("start"):
		d.errf("", "event has no start: add a line like start: 2026-12-03 14:00 to the frontmatter")
	case e.Start.IsZero():
		// Already reported as unreadable.
	case e.End.IsZero() && d.has("end"):
	case e.End.IsZero() && startAllDay:
		e.End = e.Start.AddDate(0, 0, 1)
	case e.End.IsZero():
		e.End = e.Start.Add(time.Hour)
	case endAllDay && startAllDay:
		e.End = e.End.AddDate(0, 0, 1) // "end: 2026-12-04" means to the end of that day
	}
	e.AllDay = startAllDay && (endAllDay || !d.has("end"))
	if !e.Start.IsZero() && !e.End.IsZero() && e.End.Before(e.Start) {
		d.errf("end", "event ends (%s) before it starts (%s): check the end date and time",
			e.End.Format("2006-01-02 15:04"), e.Start.Format("2006-01-02 15:04"))
	}
	if e.Status == "" {
		e.Status = StatusScheduled
	}
	if !slices.Contains(statuses, string(e.Status)) {
		d.errf("status", "unknown status %q%s; use one of %s", e.Status, diag.DidYouMean(string(e.Status), statuses), strings.Join(statuses, ", "))
	}
	switch loc := d.f.Front["location"].(type) {
	case nil:
	case string:
		e.Venue = strings.TrimSpace(loc)
	case map[string]any:
		for k := range loc {
			if k != "venue" && k != "address" {
				d.errf("location", "location has venue and address, not %q%s", k, diag.DidYouMean(k, []string{"venue", "address"}))
			}
		}
		e.Venue, _ = loc["venue"].(string)
		e.Address, _ = loc["address"].(string)
	default:
		d.errf("location", "location must be a venue's name or {venue, address}, not %s", typeName(loc))
	}
	if e.Join != "" && !e.Online {
		e.Online = true // a join link makes an event online
	}
	return e
}

// Urlize makes text into a URL path segment: lower case, with every run of
// other characters than letters and digits made one hyphen. "Back Pain" and
// "back-pain" both become "back-pain".
func Urlize(s string) string {
	if isSlug(s) {
		return s // the common case: a key written as a key
	}
	s = strings.ToLower(s)
	var b strings.Builder
	b.Grow(len(s))
	gap := false
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsNumber(r) {
			gap = true
			continue
		}
		if gap && b.Len() > 0 {
			b.WriteByte('-')
		}
		gap = false
		b.WriteRune(r)
	}
	return b.String()
}

// isSlug reports whether s is Urlize's output already: runs of a-z and 0-9
// joined by single hyphens.
func isSlug(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == '-' && i > 0 && i < len(s)-1 && s[i-1] != '-':
		default:
			return false
		}
	}
	return true
}
