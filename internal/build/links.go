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

// startLinks starts a check of the links of an output that holds the files
// copied (static and bundle files, in fsys) and the files r renders; the
// rendered pages are handed to the stream as they are made, so that no
// page is read back. The copied HTML files are checked at once.
func startLinks(copied []string, fsys fs.FS, r *render.Renderer, cfg *config.Config, external bool) (*check.Stream, error) {
	stream, err := check.NewStream(check.Options{BaseURL: cfg.Base.String(), External: external}, append(slices.Clip(copied), r.Outputs()...))
	if err != nil {
		return nil, err
	}
	for _, p := range copied {
		if check.IsHTML(p) {
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				return nil, err
			}
			stream.Page(p, b)
		}
	}
	return stream, nil
}

// finishLinks checks what is left once every page is rendered and the files
// carried over from the previous output are known (carried), and reports
// each broken link at the Markdown file and line it came from, or, for
// links a template made on many pages, once with a count.
func finishLinks(ctx context.Context, stream *check.Stream, carried []string, src string, cfg *config.Config, s *site.Site) (diag.List, error) {
	stream.AddFiles(carried)
	broken, err := stream.Finish(ctx)
	if err != nil || len(broken) == 0 {
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

// warnings are the broken links of errs, reported without failing.
func warnings(errs diag.List) []*site.Warning {
	var ws []*site.Warning
	for _, e := range errs {
		if w, ok := e.(*diag.Error); ok {
			ws = append(ws, w)
		}
	}
	return ws
}
