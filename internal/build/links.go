package build

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"plexus/internal/check"
	"plexus/internal/config"
	"plexus/internal/diag"
	"plexus/internal/render"
	"plexus/internal/site"
)

// checkLinks checks the links of the new output in fsys and reports each
// broken one at the Markdown file and line it came from, or, for links a
// template made on many pages, once with a count.
func checkLinks(ctx context.Context, fsys fs.FS, src string, cfg *config.Config, s *site.Site, external bool) (diag.List, error) {
	broken, err := check.Check(ctx, check.Options{FS: fsys, BaseURL: cfg.Base.String(), External: external})
	if err != nil {
		return nil, err
	}
	bySource := map[string]*site.Page{}
	for _, p := range s.Pages {
		if p.File != "" {
			bySource[render.OutputPath(p)] = p
		}
	}
	type group struct {
		link, reason, attr string
		pages              []string
	}
	var (
		errs     diag.List
		sources  = map[string][]byte{}
		located  = map[[2]string]bool{} // link and reason reported at a source line
		groups   []*group
		groupFor = map[[2]string]*group{}
	)
	for _, b := range broken {
		key := [2]string{b.Link, b.Reason}
		if p := bySource[b.Page]; p != nil {
			text, ok := sources[p.File]
			if !ok {
				text, _ = os.ReadFile(filepath.Join(src, filepath.FromSlash(p.File)))
				sources[p.File] = text
			}
			if line := check.LineOf(text, b.Link, cfg.Base.Path); line > 0 {
				errs.Add(diag.Errorf(p.File, line, "broken link %q: %s", b.Link, b.Reason))
				located[key] = true
				continue
			}
		}
		g := groupFor[key]
		if g == nil {
			g = &group{link: b.Link, reason: b.Reason, attr: b.Attr}
			groupFor[key] = g
			groups = append(groups, g)
		}
		g.pages = append(g.pages, b.Page)
	}
	for _, g := range groups {
		if located[[2]string{g.link, g.reason}] {
			continue // the same link was reported where it was written
		}
		slices.Sort(g.pages)
		where := g.pages[0]
		if n := len(g.pages); n > 1 {
			where = fmt.Sprintf("%d pages (e.g. %s)", n, g.pages[0])
		}
		errs.Add(diag.Errorf("", 0, "broken link %q (%s) on %s, made by a layout or a summary: %s", g.link, g.attr, where, g.reason))
	}
	return errs, nil
}
