package plexus

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// allowed lists, for each plexus package, the plexus packages it may
// import: the pipeline flows one way (DESIGN.md), each stage importing only
// earlier stages for their types, and build alone knowing them all.
var allowed = map[string][]string{
	"plexus":                          {},
	"plexus/internal/diag":            {},
	"plexus/internal/browser":         {},
	"plexus/internal/feed":            {},
	"plexus/internal/textblock":       {},
	"plexus/internal/check":           {"textblock"},
	"plexus/internal/treehash":        {},
	"plexus/internal/config":          {"diag"},
	"plexus/internal/content":         {"diag"},
	"plexus/internal/markdown":        {},
	"plexus/internal/site":            {"diag", "config", "content", "markdown", "textblock"},
	"plexus/internal/render":          {"diag", "config", "markdown", "site", "feed", "compiled"},
	"plexus/internal/render/compiled": {},
	"plexus/internal/publish":         {"diag", "treehash"},
	"plexus/internal/build":           {"plexus", "diag", "config", "content", "markdown", "site", "render", "publish", "check", "browser", "treehash"},
	"plexus/internal/serve":           {"build", "browser"},
	"plexus/cmd/plexus":               {"build", "serve"},
}

func TestImportRules(t *testing.T) {
	seen := map[string]bool{}
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "public") && p != "." {
			return fs.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") {
			return nil
		}
		pkg := "plexus"
		if dir := filepath.ToSlash(filepath.Dir(p)); dir != "." {
			pkg += "/" + dir
		}
		rules, ok := allowed[pkg]
		if !ok {
			t.Errorf("%s: package %s is not in the import rules: add it to allowed in imports_test.go", p, pkg)
			return nil
		}
		seen[pkg] = true
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			ip := strings.Trim(imp.Path.Value, `"`)
			if ip != "plexus" && !strings.HasPrefix(ip, "plexus/") {
				continue
			}
			if ip == pkg { // an external test package importing its own package
				continue
			}
			name := path.Base(ip)
			if !slices.Contains(rules, name) {
				t.Errorf("%s: %s imports %s; it may import only %v", p, pkg, ip, rules)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for pkg := range allowed {
		if !seen[pkg] {
			t.Errorf("package %s is in the import rules but has no files", pkg)
		}
	}
}
