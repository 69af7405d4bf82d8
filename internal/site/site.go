// Package site builds the site graph: from the configuration and the
// decoded pages it filters drafts and future posts, resolves authors and
// regions, assigns every page its URL, sorts the collections and makes the
// list pages. It does no I/O, so every rule here is tested with plain values.
//
// # Frontmatter
//
// Every page may have: title, date, updated, draft, slug, summary, author,
// regions (or region), tags, series, series_part, image, image_alt,
// aliases, menu, weight. Events add start, end, location (a venue's name,
// or {venue, address}), online, join, registration, organiser and status
// (scheduled, cancelled, postponed, moved-online). Author pages
// (content/authors/<key>.md or content/authors/<key>/index.md) have name,
// role, organisation, photo, photo_alt and links ([{name, url}]). Any other
// key is kept in Params for templates.
//
// Dates are RFC 3339 or 2026-11-22, 2026-11-22 14:00 (with or without
// seconds, and "T" in place of the space); a date without a zone is in the
// site's timezone. An event without an end lasts an hour, or all day when
// its start has no time.
//
// # URLs
//
// Posts and events take the URL pattern of their section from config.toml's
// [permalinks] (default "/posts/:slug/" and "/events/:slug/"); authors are
// at /authors/<key>/, and other pages at their path under content/, e.g.
// content/about.md at /about/. The slug is the file's name (a bundle's
// folder name) made lower case with hyphens, unless the frontmatter sets
// slug. Two pages with one URL are an error naming both files.
//
// # Lists
//
// Posts are listed newest first, upcoming events soonest first and past
// events most recent first; ties go by file name, so the order is the same
// on every build. The home page, /posts/, /events/ and /authors/ are list
// pages; /posts/ and /events/ are paginated (/posts/page/2/ …; page 1 is
// /posts/ itself).
package site

import (
	"cmp"
	"fmt"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"plexus/internal/config"
	"plexus/internal/diag"
)

// Options are the build's choices that change which pages are published.
type Options struct {
	Now    time.Time // events ending after Now are upcoming; posts dated after it are future
	Drafts bool      // publish drafts
	Future bool      // publish pages dated after Now
}

// Site is the whole site graph, ready to render.
type Site struct {
	Title       string
	Description string
	Language    string
	BaseURL     string // with a trailing slash
	Params      map[string]any
	Menus       map[string][]MenuEntry
	Now         time.Time

	Regions  []*Region
	Posts    []*Page // newest first
	Events   []*Page // upcoming soonest first, then past most recent first
	Upcoming []*Page // events ending after Now, soonest first
	Past     []*Page // events over, most recent first
	Authors  []*Page // author pages, by name
	Home     *Page
	NotFound *Page // the 404 page

	// Pages is every page to render, each once, in a stable order.
	Pages []*Page
	// Warnings are problems that do not stop the build, sorted.
	Warnings []*Warning

	cfg *config.Config
}

// RelURL adds the base path to a site-root path: "/posts/" becomes
// "/network/posts/" for baseURL https://example.org/network/. Absolute URLs
// are returned as they are.
func (s *Site) RelURL(p string) string { return relURL(s.cfg, p) }

// AbsURL is RelURL with the baseURL's scheme and host.
func (s *Site) AbsURL(p string) string { return absURL(s.cfg, p) }

// Location is the site's timezone.
func (s *Site) Location() *time.Location { return s.cfg.Location }

// MenuEntry is a menu link; URL includes the base path.
type MenuEntry struct {
	Name   string
	URL    string
	Weight int
}

// New builds the site graph from decoded pages (in any order).
func New(cfg *config.Config, opts Options, pages []*Page) (*Site, error) {
	s := &Site{
		Title:       cfg.Title,
		Description: cfg.Description,
		Language:    cfg.Language,
		BaseURL:     cfg.Base.String(),
		Params:      cfg.Params,
		Menus:       map[string][]MenuEntry{},
		Now:         opts.Now.In(cfg.Location),
		cfg:         cfg,
	}
	if s.Params == nil {
		s.Params = map[string]any{}
	}
	for name, entries := range cfg.Menus {
		for _, e := range entries {
			s.Menus[name] = append(s.Menus[name], MenuEntry{Name: e.Name, URL: relURL(cfg, e.URL), Weight: e.Weight})
		}
	}
	regions := map[string]*Region{}
	for _, k := range cfg.RegionKeys() {
		r := cfg.Regions[k]
		reg := &Region{Key: k, Name: r.Name, Description: r.Description, Contact: r.Contact}
		regions[k] = reg
		s.Regions = append(s.Regions, reg)
	}

	// A stable order first, so that everything after is deterministic
	// whatever order the pages were decoded in.
	slices.SortFunc(pages, func(a, b *Page) int { return strings.Compare(a.File, b.File) })

	var lists = map[string]*Page{} // _index.md pages by section ("" for home)
	var kept []*Page
	for _, p := range pages {
		s.Warnings = append(s.Warnings, p.warnings...)
		if p.Draft && !opts.Drafts {
			continue
		}
		if !opts.Future && p.Date.After(opts.Now) && p.Kind != KindAuthor {
			continue
		}
		if p.IsList() {
			lists[p.Section] = p
			continue
		}
		kept = append(kept, p)
	}

	tags := map[string]*Tag{}
	authors := map[string]*Page{}
	for _, p := range kept {
		if p.Kind == KindAuthor {
			authors[p.Slug] = p
			s.Authors = append(s.Authors, p)
		}
	}
	authorKeys := slices.Sorted(maps.Keys(authors))
	for _, p := range kept {
		for _, k := range p.regionKeys {
			p.Regions = append(p.Regions, regions[k])
		}
		for _, name := range p.tagNames {
			key := Urlize(name)
			t, ok := tags[key]
			if !ok {
				t = &Tag{Key: key, Name: name}
				tags[key] = t
			}
			if !slices.Contains(p.Tags, t) {
				p.Tags = append(p.Tags, t)
			}
		}
		if p.authorKey != "" {
			p.Author = &Author{Name: p.authorKey}
			if a, ok := authors[p.authorKey]; ok {
				p.Author = &Author{Key: a.Slug, Name: a.Title, Page: a}
			} else if sug := diag.Suggest(p.authorKey, authorKeys); sug != "" {
				s.Warnings = append(s.Warnings, diag.Errorf(p.File, 0,
					"author %q has no author page, so it is shown as a guest's name (did you mean %q?)", p.authorKey, sug))
			}
		}
		if p.Event != nil {
			p.Event.Upcoming = p.Event.End.After(opts.Now)
		}
		switch p.Kind {
		case KindPost:
			s.Posts = append(s.Posts, p)
		case KindEvent:
			if p.Event.Upcoming {
				s.Upcoming = append(s.Upcoming, p)
			} else {
				s.Past = append(s.Past, p)
			}
		}
	}
	slices.SortStableFunc(s.Posts, func(a, b *Page) int { return b.Date.Compare(a.Date) })
	slices.SortStableFunc(s.Upcoming, func(a, b *Page) int { return a.Event.Start.Compare(b.Event.Start) })
	slices.SortStableFunc(s.Past, func(a, b *Page) int { return b.Event.Start.Compare(a.Event.Start) })
	slices.SortStableFunc(s.Authors, func(a, b *Page) int { return cmp.Compare(a.Title, b.Title) })
	s.Events = append(slices.Clip(s.Upcoming), s.Past...)

	// Assign URLs, and reject two pages with one.
	var errs diag.List
	byPath := map[string]*Page{}
	claim := func(p *Page) {
		if other, ok := byPath[p.Path]; ok {
			errs.Add(diag.Errorf(p.File, p.line, "this page and %s both have the URL %s: give one of them another slug", other.File, p.Path))
			return
		}
		byPath[p.Path] = p
		s.Pages = append(s.Pages, p)
	}
	for _, p := range kept {
		p.Path = pagePath(cfg, p)
		setLinks(cfg, p)
		claim(p)
	}

	// The list pages, with an _index.md's title and summary where there is one.
	list := func(section, title string, kind Kind, entries []*Page, paginate bool) *Page {
		p := lists[section]
		if p == nil {
			p = &Page{Kind: kind, Section: section, Title: title, Params: map[string]any{}}
		}
		if p.Title == "" {
			p.Title = title
		}
		p.Path = "/"
		if section != "" {
			p.Path = "/" + section + "/"
		}
		if !paginate {
			p.Pages = entries
			setLinks(cfg, p)
			claim(p)
			return p
		}
		for _, pg := range paginateList(cfg, p, entries) {
			claim(pg)
		}
		return p
	}
	s.Home = list("", cfg.Title, KindHome, s.Posts, false)
	list("posts", "Posts", KindSection, s.Posts, true)
	list("events", "Events", KindSection, s.Events, true)
	list("authors", "Authors", KindSection, s.Authors, false)
	s.NotFound = &Page{Kind: KindNotFound, Title: "Page not found", Path: "/404.html", Params: map[string]any{}}
	setLinks(cfg, s.NotFound)
	claim(s.NotFound)

	slices.SortStableFunc(s.Warnings, func(a, b *Warning) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Msg, b.Msg))
	})
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return s, nil
}

// paginateList splits a list page into pager pages of the configured size:
// the first keeps the list's own URL, the others are at <list>page/N/.
// An empty list still has one page.
func paginateList(cfg *config.Config, first *Page, entries []*Page) []*Page {
	size := cfg.Pagination.Size
	total := max(1, (len(entries)+size-1)/size)
	pages := make([]*Page, total)
	for i := range total {
		p := first
		if i > 0 {
			cp := *first
			p = &cp
			p.Path = first.Path + "page/" + strconv.Itoa(i+1) + "/"
		}
		p.Pages = entries[i*size : min(len(entries), (i+1)*size)]
		setLinks(cfg, p)
		pages[i] = p
	}
	for i, p := range pages {
		p.Pager = &Pager{Number: i + 1, Total: total, First: pages[0].RelPermalink, Last: pages[total-1].RelPermalink}
		if i > 0 {
			p.Pager.Prev = pages[i-1].RelPermalink
		}
		if i < total-1 {
			p.Pager.Next = pages[i+1].RelPermalink
		}
	}
	return pages
}

// pagePath is a content page's URL path from the site root.
func pagePath(cfg *config.Config, p *Page) string {
	switch p.Kind {
	case KindAuthor:
		return "/authors/" + p.Slug + "/"
	case KindPost, KindEvent:
		if pattern, ok := cfg.Permalinks[p.Section]; ok {
			return expand(pattern, p)
		}
	}
	dir := path.Dir(strings.TrimPrefix(p.File, "content/"))
	if path.Base(p.File) == "index.md" {
		dir = path.Dir(dir)
	}
	out := "/"
	if dir != "." {
		for _, seg := range strings.Split(dir, "/") {
			out += Urlize(seg) + "/"
		}
	}
	return out + p.Slug + "/"
}

func expand(pattern string, p *Page) string {
	return strings.NewReplacer(
		":slug", p.Slug,
		":section", p.Section,
		":year", fmt.Sprintf("%04d", p.Date.Year()),
		":month", fmt.Sprintf("%02d", int(p.Date.Month())),
		":day", fmt.Sprintf("%02d", p.Date.Day()),
	).Replace(pattern)
}

// setLinks derives RelPermalink and Permalink from Path, and makes a
// profile photo or page image named relative to a bundle absolute.
func setLinks(cfg *config.Config, p *Page) {
	p.RelPermalink = relURL(cfg, p.Path)
	p.Permalink = absURL(cfg, p.Path)
	if p.Profile != nil && p.Profile.Photo != "" {
		p.Profile.Photo = resolve(cfg, p, p.Profile.Photo)
	}
	if p.Image != "" {
		p.Image = resolve(cfg, p, p.Image)
	}
}

// resolve makes a link written in a page relative to the page's URL.
func resolve(cfg *config.Config, p *Page, ref string) string {
	if strings.Contains(ref, "://") || strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, "data:") {
		return relURL(cfg, ref)
	}
	return relURL(cfg, p.Path+ref)
}

// relURL adds the base path to a site-root path: "/posts/" becomes
// "/network/posts/" for baseURL https://example.org/network/. Absolute URLs
// are returned as they are.
func relURL(cfg *config.Config, p string) string {
	if strings.Contains(p, "://") || strings.HasPrefix(p, "mailto:") {
		return p
	}
	return strings.TrimSuffix(cfg.Base.Path, "/") + "/" + strings.TrimPrefix(p, "/")
}

// absURL is relURL with the baseURL's scheme and host.
func absURL(cfg *config.Config, p string) string {
	r := relURL(cfg, p)
	if strings.Contains(r, "://") || !cfg.Base.IsAbs() {
		return r
	}
	return cfg.Base.Scheme + "://" + cfg.Base.Host + r
}
