// Package site builds the site graph: from the configuration and the
// decoded pages it filters drafts and future posts, resolves authors and
// regions, assigns every page its URL, sorts the collections, files pages
// under their regions, tags, authors and series, and makes the list pages.
// It does no I/O, so every rule here is tested with plain values.
//
// # Frontmatter
//
// Every page may have: title, date, updated, draft, slug, summary, author,
// regions (or region), tags, series, series_part, series_title, image,
// image_alt, aliases, menu, weight. Events add start, end, location (a
// venue's name, or {venue, address}), online, join, registration,
// organiser and status (scheduled, cancelled, postponed, moved-online).
// Author pages (content/authors/<key>.md or content/authors/<key>/index.md)
// have name, role, organisation, photo, photo_alt and links ([{name, url}]).
// Any other key is kept in Params for templates.
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
// The generated pages are the home page /, the sections /posts/, /events/
// and /authors/, and three taxonomies, each a page listing its terms and a
// page per term: /regions/ and /regions/<key>/ for every region in
// config.toml, /tags/ and /tags/<key>/ for every tag a published page has,
// /series/ and /series/<key>/ for every series with a published part. A
// _index.md in the folder of a list's URL (content/_index.md,
// content/posts/_index.md, content/regions/london/_index.md …) gives that
// page its title, summary and an introduction (its body).
//
// # Lists
//
// Posts are listed newest first, upcoming events soonest first and past
// events most recent first; ties go by file name, so the order is the same
// on every build. An event is upcoming until its end has passed Options.Now.
//
// A region's, a tag's and an author's Index holds their posts and events in
// that order. Their page lists upcoming events, then posts, then past
// events; each of the three lists is paginated, and pager page N shows the
// N-th share of each, so page 1 has the next events, the latest posts and
// the most recent past events together. A region's page lists what names the
// region; when config.toml's network.national_on_regions is true, what
// names the national region (network.national) is listed on every region's
// page too, once. A region with nothing to list still has its page.
//
// A series is the posts that name one series key (normalised like a tag:
// "MSK Transformation" is msk-transformation). Parts are ordered by
// series_part, and parts without one come after, oldest first; two parts
// with one number are an error, even when one of them is not yet
// published. A series is named by the first series_title of its parts in
// order, or else by its key with spaces for hyphens and a capital first
// letter ("msk-basics" is "Msk basics", so give series_title where that is
// wrong). Only posts make up series.
//
// Each post's Related are up to three other posts that share most with it:
// each shared tag scores 3 and each shared region 1 (national-on-regions
// does not count); ties go to the newer post, then by file name.
//
// /posts/, /events/, author pages and term pages are paginated
// (/posts/page/2/ …; page 1 is /posts/ itself), at config.toml's
// pagination.size entries a page. The home page, /authors/ and the
// taxonomy pages are not.
package site

import (
	"cmp"
	"fmt"
	"html/template"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

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

	Regions  []*Region // in config.toml's order: by weight, then name
	Tags     []*Tag    // every tag of a published page, by name
	Series   []*Series // by name
	Posts    []*Page   // newest first
	Events   []*Page   // upcoming soonest first, then past most recent first
	Upcoming []*Page   // events ending after Now, soonest first
	Past     []*Page   // events over, most recent first
	Authors  []*Page   // author pages, by name
	Home     *Page
	NotFound *Page // the 404 page

	// Pages is every page to render, each once, in a stable order.
	Pages []*Page
	// Feeds is every feed and calendar to write (see Feed).
	Feeds []*Feed
	// FeedImage is the absolute URL of config.toml's feeds.image, or "".
	FeedImage string
	// Bodies reads a page's rendered Markdown, for Page.Content; the
	// build sets it, since the bodies are kept outside the graph.
	Bodies func(*Page) (string, error)
	// Warnings are problems that do not stop the build, sorted.
	Warnings []*Warning

	cfg *config.Config
	// pack holds the links, pager pages and feeds New makes in large
	// blocks: one object each was about 300,000 more for the collector
	// to mark at 100,000 posts.
	pack Packer
}

// RelURL adds the base path to a site-root path: "/posts/" becomes
// "/network/posts/" for baseURL https://example.org/network/. Absolute URLs
// are returned as they are.
func (s *Site) RelURL(p string) string { return relURL(s.cfg, p) }

// AbsURL is RelURL with the baseURL's scheme and host.
func (s *Site) AbsURL(p string) string { return absURL(s.cfg, p) }

// Absolute reports whether the baseURL is an absolute URL, as feeds,
// calendars and sitemaps need.
func (s *Site) Absolute() bool { return s.cfg.Base.IsAbs() }

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
		reg := &Region{Key: k, Name: r.Name, Description: r.Description, Contact: r.Contact, National: k == cfg.Network.National}
		regions[k] = reg
		s.Regions = append(s.Regions, reg)
	}

	// A stable order first, so that everything after is deterministic
	// whatever order the pages were decoded in.
	slices.SortFunc(pages, func(a, b *Page) int { return strings.Compare(a.File, b.File) })

	var errs diag.List
	lists := map[string]*Page{} // _index.md pages by their folder under content/ ("" for the home page)
	var kept, held []*Page      // published pages; posts held back until their date
	for _, p := range pages {
		if p.dec == nil {
			p.dec = &decoded{} // a page made without Decode
		}
		s.Warnings = append(s.Warnings, p.dec.warnings...)
		if p.Draft && !opts.Drafts {
			continue
		}
		if !opts.Future && p.Date.After(opts.Now) && p.Kind != KindAuthor {
			if p.Kind == KindPost {
				held = append(held, p)
			}
			continue
		}
		if p.IsList() {
			lists[listDir(p)] = p
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
	byAuthor := map[string]*Author{}
	guestHint := map[string]string{} // a guest's name: the author key it may be a misspelling of
	for _, p := range kept {
		for _, k := range p.dec.regionKeys {
			if r := regions[k]; !slices.Contains(p.Regions, r) {
				p.Regions = append(p.Regions, r)
			}
		}
		for _, name := range p.dec.tagNames {
			key := Urlize(name)
			t, ok := tags[key]
			if !ok {
				t = &Tag{Key: key, Name: name}
				tags[key] = t
				s.Tags = append(s.Tags, t)
			}
			if !slices.Contains(p.Tags, t) {
				p.Tags = append(p.Tags, t)
			}
		}
		if key := p.dec.authorKey; key != "" {
			// One Author for all of an author's pages: a large site's
			// pages have few authors, and each its own was two more
			// objects a page for the collector to mark.
			p.Author = byAuthor[key]
			if p.Author == nil {
				p.Author = &Author{Name: key}
				if a, ok := authors[key]; ok {
					p.Author = &Author{Key: a.Slug, Name: a.Title, Page: a}
				} else {
					guestHint[key] = diag.Suggest(key, authorKeys)
				}
				byAuthor[key] = p.Author
			}
			if p.Author.Page == nil { // a guest: each of their pages is warned
				if sug := guestHint[key]; sug != "" {
					s.Warnings = append(s.Warnings, diag.Errorf(p.File, 0,
						"author %q has no author page, so it is shown as a guest's name (did you mean %q?)", key, sug))
				}
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
	// Ties go by file, as a stable sort of these lists (in file order)
	// would leave them; a stable sort of 100,000 posts takes twice as long.
	byFile := func(a, b *Page) int { return strings.Compare(a.File, b.File) }
	slices.SortFunc(s.Posts, func(a, b *Page) int { return cmp.Or(b.Date.Compare(a.Date), byFile(a, b)) })
	slices.SortFunc(s.Upcoming, func(a, b *Page) int { return cmp.Or(a.Event.Start.Compare(b.Event.Start), byFile(a, b)) })
	slices.SortFunc(s.Past, func(a, b *Page) int { return cmp.Or(b.Event.Start.Compare(a.Event.Start), byFile(a, b)) })
	shareRefs(kept)
	slices.SortStableFunc(s.Authors, func(a, b *Page) int { return cmp.Compare(a.Title, b.Title) })
	slices.SortFunc(s.Tags, func(a, b *Tag) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.Key, b.Key))
	})
	s.Events = append(slices.Clip(s.Upcoming), s.Past...)

	s.Series = makeSeries(s.Posts, held, &errs, &s.Warnings)
	s.fileIndexes(regions[cfg.Network.National], cfg.Network.NationalOnRegions)
	// Related posts need only the posts' topics and regions, which are
	// settled by now: found while the rest of the site is made.
	related := make(chan struct{})
	go func() {
		relate(s.Posts, s.Regions)
		close(related)
	}()

	// Assign URLs, and reject two pages with one.
	byPath := map[string]*Page{}
	claim := func(p *Page) {
		if other, ok := byPath[p.Path]; ok {
			if p.File == "" { // a generated page: the content file is the one to change
				p, other = other, p
			}
			what := other.File
			if what == "" {
				what = fmt.Sprintf("the %s page %q", other.Kind, other.Title)
			}
			errs.Add(diag.Errorf(p.File, p.srcLine(), "this page and %s both have the URL %s: give this page another slug", what, p.Path))
			return
		}
		byPath[p.Path] = p
		s.Pages = append(s.Pages, p)
	}
	for _, p := range kept {
		p.Path = pagePath(cfg, p)
		s.setLinks(p)
		if p.Profile != nil && p.Profile.Photo != "" {
			p.Profile.Photo = resolve(cfg, p, p.Profile.Photo)
		}
		if p.Image != "" {
			p.Image = resolve(cfg, p, p.Image)
		}
		if p.Kind != KindAuthor {
			claim(p)
			continue
		}
		// An author's page lists what they wrote, paginated like a list.
		for _, pg := range s.paginateIndex(p, &p.Profile.Index) {
			claim(pg)
		}
	}

	// The list pages, each with the title and introduction of the
	// _index.md in its folder when there is one.
	list := func(dir string, kind Kind, title string) *Page {
		p := lists[dir]
		delete(lists, dir)
		if p == nil {
			p = &Page{}
		}
		p.Kind = kind
		p.Section, _, _ = strings.Cut(dir, "/")
		if p.Title == "" {
			p.Title = title
		}
		p.Path = "/"
		if dir != "" {
			p.Path = "/" + dir + "/"
		}
		return p
	}
	whole := func(p *Page, entries []*Page) *Page {
		p.Pages = entries
		s.setLinks(p)
		claim(p)
		return p
	}
	paged := func(pages []*Page) *Page {
		for _, pg := range pages {
			claim(pg)
		}
		return pages[0]
	}
	s.Home = whole(list("", KindHome, cfg.Title), s.Posts)
	paged(s.paginateList(list("posts", KindSection, "Posts"), s.Posts))
	events := paged(s.paginateList(list("events", KindSection, "Events"), s.Events))
	whole(list("authors", KindSection, "Authors"), s.Authors)

	terms := make([]*Page, 0, len(s.Regions))
	for _, r := range s.Regions {
		p := list("regions/"+r.Key, KindTerm, r.Name)
		p.Region = r
		if p.SummaryText == "" && r.Description != "" {
			p.Summary = template.HTML("<p>" + template.HTMLEscapeString(r.Description) + "</p>")
			p.SummaryText = r.Description
		}
		r.Page = paged(s.paginateIndex(p, &r.Index))
		terms = append(terms, r.Page)
	}
	whole(list("regions", KindTaxonomy, "Regions"), terms)

	terms = make([]*Page, 0, len(s.Tags))
	for _, t := range s.Tags {
		p := list("tags/"+t.Key, KindTerm, t.Name)
		p.Tag = t
		t.Page = paged(s.paginateIndex(p, &t.Index))
		terms = append(terms, t.Page)
	}
	whole(list("tags", KindTaxonomy, "Topics"), terms)

	terms = make([]*Page, 0, len(s.Series))
	for _, sr := range s.Series {
		p := list("series/"+sr.Key, KindTerm, sr.Name)
		p.Series = sr
		sr.Page = paged(s.paginateList(p, sr.Parts))
		terms = append(terms, sr.Page)
	}
	whole(list("series", KindTaxonomy, "Series"), terms)

	for _, dir := range slices.Sorted(maps.Keys(lists)) {
		p := lists[dir]
		s.Warnings = append(s.Warnings, diag.Errorf(p.File, p.dec.line,
			"plexus makes no list page at /%s/ for this _index.md to introduce, so it is not published", dir))
	}

	if cfg.Feeds.Image != "" {
		s.FeedImage = absURL(cfg, cfg.Feeds.Image)
	}
	s.makeFeeds(events)

	s.NotFound = &Page{Kind: KindNotFound, Title: "Page not found", Path: "/404.html"}
	s.setLinks(s.NotFound)
	claim(s.NotFound)

	slices.SortStableFunc(s.Warnings, func(a, b *Warning) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Msg, b.Msg))
	})
	<-related
	if err := errs.Err(); err != nil {
		return nil, err
	}
	for _, p := range s.Pages {
		p.Site = s
		p.dec = nil // resolved: a large site's pages are most of a build's memory (a Cache's pages keep theirs; New has copies)
	}
	return s, nil
}

// srcLine is the line errors about the page as a whole name: the
// frontmatter's first; 0 for pages that New makes.
func (p *Page) srcLine() int {
	if p.dec == nil {
		return 0
	}
	return p.dec.line
}

// listDir is the folder of an _index.md under content/: "" for the home
// page's, "posts", "regions/london".
func listDir(p *Page) string {
	dir := strings.TrimPrefix(path.Dir(p.File), "content")
	return strings.TrimPrefix(dir, "/")
}

// fileIndexes files every published post and event under its regions, tags
// and author, and every author page under its regions. Walking the site's
// sorted lists once keeps each index in the site's order without sorting
// it again. With nationalOnRegions, what names the national region is filed
// under every region.
func (s *Site) fileIndexes(national *Region, nationalOnRegions bool) {
	if national != nil && nationalOnRegions {
		for _, r := range s.Regions {
			r.WithNational = r != national
		}
	}
	for _, list := range [][]*Page{s.Posts, s.Upcoming, s.Past} {
		for _, p := range list {
			regions := p.Regions
			if national != nil && nationalOnRegions && slices.Contains(p.Regions, national) {
				regions = s.Regions
			}
			for _, r := range regions {
				r.add(p)
			}
			for _, t := range p.Tags {
				t.add(p)
			}
			if p.Author != nil && p.Author.Page != nil {
				p.Author.Page.Profile.add(p)
			}
		}
	}
	for _, a := range s.Authors {
		for _, r := range a.Regions {
			r.Authors = append(r.Authors, a)
		}
	}
}

// shareRefs moves the pages' regions and topics into one array each for
// all the pages: one or two small slices a page were 200,000 objects for
// the collector to mark at 100,000 posts. Each page's slice is full to its
// capacity, so that an append makes it its own again.
func shareRefs(pages []*Page) {
	nr, nt := 0, 0
	for _, p := range pages {
		nr, nt = nr+len(p.Regions), nt+len(p.Tags)
	}
	regions, tags := make([]*Region, 0, nr), make([]*Tag, 0, nt)
	for _, p := range pages {
		if n := len(p.Regions); n > 0 {
			regions = append(regions, p.Regions...)
			p.Regions = regions[len(regions)-n : len(regions) : len(regions)]
		}
		if n := len(p.Tags); n > 0 {
			tags = append(tags, p.Tags...)
			p.Tags = tags[len(tags)-n : len(tags) : len(tags)]
		}
	}
}

// makeSeries gathers published posts into their series, orders the parts
// and names each series. held are posts not yet published: they are not
// parts yet, but a part number they share with another post is an error
// now rather than on the day they appear.
func makeSeries(posts, held []*Page, errs *diag.List, warns *[]*Warning) []*Series {
	// Part numbers must be unique within a series, published or not. Files
	// are checked in name order, so the error is always on the same file.
	type part struct {
		key string
		n   int
	}
	byNumber := map[part]*Page{}
	var numbered []*Page // few of a site's posts: sorted alone
	for _, list := range [][]*Page{posts, held} {
		for _, p := range list {
			if p.dec.seriesKey != "" && p.dec.seriesPart != 0 {
				numbered = append(numbered, p)
			}
		}
	}
	slices.SortFunc(numbered, func(a, b *Page) int { return strings.Compare(a.File, b.File) })
	for _, p := range numbered {
		k := part{p.dec.seriesKey, p.dec.seriesPart}
		if other, ok := byNumber[k]; ok {
			errs.Add(diag.Errorf(p.File, p.dec.partLine, "series_part %d of series %q is also the part number of %s: give each part its own number",
				p.dec.seriesPart, p.dec.seriesKey, other.File))
			continue
		}
		byNumber[k] = p
	}

	byKey := map[string]*Series{}
	var out []*Series
	for _, p := range posts {
		if p.dec.seriesKey == "" {
			continue
		}
		sr, ok := byKey[p.dec.seriesKey]
		if !ok {
			sr = &Series{Key: p.dec.seriesKey}
			byKey[p.dec.seriesKey] = sr
			out = append(out, sr)
		}
		sr.Parts = append(sr.Parts, p)
	}
	for _, sr := range out {
		// Numbered parts by number; parts without a number after them,
		// oldest first.
		slices.SortStableFunc(sr.Parts, func(a, b *Page) int {
			switch {
			case a.dec.seriesPart != 0 && b.dec.seriesPart != 0:
				return cmp.Compare(a.dec.seriesPart, b.dec.seriesPart)
			case a.dec.seriesPart != 0:
				return -1
			case b.dec.seriesPart != 0:
				return 1
			}
			return cmp.Or(a.Date.Compare(b.Date), strings.Compare(a.File, b.File))
		})
		numbered := sr.Parts[0].dec.seriesPart != 0
		for i, p := range sr.Parts {
			p.Series = sr
			p.SeriesPart = i + 1
			if numbered && p.dec.seriesPart == 0 {
				*warns = append(*warns, diag.Errorf(p.File, p.dec.partLine,
					"the other parts of series %q have a series_part and this post has none, so it is listed after them: add series_part", sr.Key))
			}
			switch {
			case p.dec.seriesTitle == "":
			case sr.Name == "":
				sr.Name = p.dec.seriesTitle
			case p.dec.seriesTitle != sr.Name:
				*warns = append(*warns, diag.Errorf(p.File, p.dec.titleLine,
					"series_title %q differs from an earlier part's, so the series is named %q: give every part the same title, or give it only on one", p.dec.seriesTitle, sr.Name))
			}
		}
		if sr.Name == "" {
			sr.Name = humanize(sr.Key)
		}
	}
	slices.SortFunc(out, func(a, b *Series) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.Key, b.Key))
	})
	return out
}

// humanize makes a key readable: "msk-transformation" is "Msk
// transformation". Acronyms cannot be guessed; series_title names a series
// properly.
func humanize(key string) string {
	r, n := utf8.DecodeRuneInString(key)
	return string(unicode.ToUpper(r)) + strings.ReplaceAll(key[n:], "-", " ")
}

// paginateList splits a list page into pager pages of the configured size:
// the first keeps the list's own URL, the others are at <list>page/N/.
// An empty list still has one page. The first page's links must be set.
func (s *Site) paginateList(first *Page, entries []*Page) []*Page {
	size := s.cfg.Pagination.Size
	return s.paginate(first, (len(entries)+size-1)/size, func(i int) []*Page {
		return share(entries, i, size)
	})
}

// paginateIndex paginates the page of an index: its upcoming events, posts
// and past events are each split into pages of the configured size, and
// pager page N lists the N-th share of each, so that the first page shows
// the next events, the latest posts and the latest past events alike.
func (s *Site) paginateIndex(first *Page, ix *Index) []*Page {
	size := s.cfg.Pagination.Size
	longest := max(len(ix.Upcoming), len(ix.Posts), len(ix.Past))
	return s.paginate(first, (longest+size-1)/size, func(i int) []*Page {
		up, posts, past := share(ix.Upcoming, i, size), share(ix.Posts, i, size), share(ix.Past, i, size)
		return slices.Concat(up, posts, past)
	})
}

// share is the i-th page of entries.
func share(entries []*Page, i, size int) []*Page {
	lo := min(len(entries), i*size)
	return entries[lo:min(len(entries), lo+size)]
}

// paginate makes total pager pages (at least one) from first, the i-th
// listing entries(i).
func (s *Site) paginate(first *Page, total int, entries func(i int) []*Page) []*Page {
	total = max(1, total)
	pages := make([]*Page, total)
	for i := range total {
		p := first
		if i > 0 {
			p = &take(&s.pack.pages, 1, pageBlock)[0]
			*p = *first
			p.Path = first.Path + "page/" + strconv.Itoa(i+1) + "/"
			p.Resources = nil // a bundle's files are published once, beside its first page
		}
		p.Pages = entries(i)
		s.setLinks(p)
		pages[i] = p
	}
	for i, p := range pages {
		p.Pager = &take(&s.pack.pagers, 1, pageBlock)[0]
		*p.Pager = Pager{Number: i + 1, Total: total, First: pages[0].RelPermalink, Last: pages[total-1].RelPermalink, first: pages[0]}
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

// expand fills a permalink pattern's tokens for p.
func expand(pattern string, p *Page) string {
	if !strings.Contains(pattern, ":") {
		return pattern
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(pattern, ':')
		if i < 0 {
			break
		}
		b.WriteString(pattern[:i])
		pattern = pattern[i:]
		switch {
		case strings.HasPrefix(pattern, ":slug"):
			b.WriteString(p.Slug)
			pattern = pattern[len(":slug"):]
		case strings.HasPrefix(pattern, ":section"):
			b.WriteString(p.Section)
			pattern = pattern[len(":section"):]
		case strings.HasPrefix(pattern, ":year"):
			fmt.Fprintf(&b, "%04d", p.Date.Year())
			pattern = pattern[len(":year"):]
		case strings.HasPrefix(pattern, ":month"):
			fmt.Fprintf(&b, "%02d", int(p.Date.Month()))
			pattern = pattern[len(":month"):]
		case strings.HasPrefix(pattern, ":day"):
			fmt.Fprintf(&b, "%02d", p.Date.Day())
			pattern = pattern[len(":day"):]
		default: // config rejects unknown tokens; keep the colon as written
			b.WriteByte(':')
			pattern = pattern[1:]
		}
	}
	b.WriteString(pattern)
	return b.String()
}

// setLinks derives RelPermalink and Permalink from Path.
func (s *Site) setLinks(p *Page) {
	p.Permalink, p.RelPermalink = s.links(p.Path)
	if p.RelPermalink == p.Path {
		p.Path = p.RelPermalink
	}
}

// links returns the absolute and the site-root URL of the path p, from
// the site's blocks, the second a part of the first when it can be: a
// large site has hundreds of thousands of pages and feeds.
func (s *Site) links(p string) (abs, rel string) {
	abs, rel = s.pack.str(absURL(s.cfg, p)), relURL(s.cfg, p)
	if strings.HasSuffix(abs, rel) {
		rel = abs[len(abs)-len(rel):]
	}
	return abs, rel
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
