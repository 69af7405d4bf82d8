// Package content reads a site's content folder: it lists the Markdown pages,
// page bundles and other files under content/, and splits each page into its
// frontmatter and Markdown body.
//
// Frontmatter may be YAML (between "---" lines), TOML (between "+++" lines) or
// JSON (an object followed by a blank line, or between ";;;" lines). It is
// decoded into plain values: strings, booleans, numbers, lists and maps. A
// date that carries no zone stays a string, so that the next stage can read
// it in the site's timezone; only a date and time with an explicit zone
// ("Z" or an offset, in YAML or TOML) becomes a time.Time. Each top-level key keeps the line it was written on, and the
// body keeps its first line, so later errors can name lines in the file.
//
// A folder holding index.md is a page bundle: index.md is the page and the
// other files in the folder are its resources, published beside the page.
package content

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/adrg/frontmatter"
	"github.com/pelletier/go-toml/v2"
	"gopkg.in/yaml.v3"

	"plexus/internal/diag"
)

// Dir is the content folder's name in a site folder.
const Dir = "content"

// File is one Markdown page with its frontmatter split off.
type File struct {
	// Path is slash-separated and relative to the content folder, e.g.
	// "posts/x.md" or "authors/amara-okafor/index.md".
	Path string
	// Front holds the frontmatter's top-level keys; nil when there is none.
	Front map[string]any
	// Lines gives the 1-based line in the file of each key in Front.
	Lines map[string]int
	// FrontLine is the line the frontmatter opens on; 0 without one.
	FrontLine int
	// Body is the Markdown after the frontmatter, and BodyLine the line of
	// the file it starts on.
	Body     []byte
	BodyLine int
	// Resources lists a bundle's other files (paths relative to the content
	// folder, sorted); nil for a page that is not a bundle's index.md.
	Resources []string
}

// SourcePath is the file's path as a writer sees it: content/posts/x.md.
func (f *File) SourcePath() string { return Dir + "/" + f.Path }

// Line returns the line of a frontmatter key, or the first line of the
// file when the key was not written.
func (f *File) Line(key string) int {
	if n, ok := f.Lines[key]; ok {
		return n
	}
	return 1
}

// Tree is what a content folder holds.
type Tree struct {
	Pages     []string            // Markdown files, sorted
	Resources map[string][]string // a bundle's index.md → its other files
	Files     []string            // other files outside bundles, published as they are
}

// Walk lists the content folder fsys. Hidden files and folders (".git",
// editors' ".x.swp") and editors' backup files ("x.md~") are skipped.
func Walk(fsys fs.FS) (*Tree, error) {
	var all []string
	bundles := map[string]bool{} // folders holding an index.md
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != "." && ignored(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
			return nil
		}
		all = append(all, p)
		if path.Base(p) == "index.md" {
			bundles[path.Dir(p)] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Only now are all bundles known: a bundle's "appendix.md" is walked
	// before its index.md.
	t := &Tree{Resources: map[string][]string{}}
	for _, p := range all {
		switch b := bundleOf(p, bundles); {
		case b != "" && p != path.Join(b, "index.md"):
			idx := path.Join(b, "index.md")
			t.Resources[idx] = append(t.Resources[idx], p)
		case strings.HasSuffix(p, ".md"):
			t.Pages = append(t.Pages, p)
		default:
			t.Files = append(t.Files, p)
		}
	}
	slices.Sort(t.Pages)
	slices.Sort(t.Files)
	for _, r := range t.Resources {
		slices.Sort(r)
	}
	return t, nil
}

// bundleOf returns the outermost bundle folder holding p ("" for none):
// a bundle's files, Markdown or not, belong to it, however deep.
func bundleOf(p string, bundles map[string]bool) string {
	outer := ""
	for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
		if bundles[dir] {
			outer = dir // the last found, going up, is the outermost
		}
	}
	return outer
}

func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		strings.HasPrefix(name, "#") // Emacs autosave
}

// Load reads and parses the pages of t in parallel, on every core, and calls
// fn with each one and its index in t.Pages, from the worker that parsed it,
// so that fn can carry on with the file (decode it, render its Markdown)
// while other files are read.
// fn is called concurrently and must be safe for that. The file's Body is
// read into a buffer the worker reuses for its next file: fn must copy what
// it keeps of it. Load returns every file's error, as a diag list, once all
// files are done.
func Load(ctx context.Context, fsys fs.FS, t *Tree, fn func(int, *File) error) error {
	var (
		mu   sync.Mutex
		errs diag.List
		wg   sync.WaitGroup
		// The workers take the next file by counting. Sent them by a
		// goroutine, a worker done with a file often waited for that
		// goroutine to be scheduled again: a tenth of the stage's time.
		next atomic.Int64
	)
	report := func(err error) {
		if err == nil {
			return
		}
		mu.Lock()
		errs.Add(err)
		mu.Unlock()
	}
	done := ctx.Done()
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var buf bytes.Buffer
			for {
				i := int(next.Add(1) - 1)
				if i >= len(t.Pages) {
					return
				}
				select {
				case <-done:
					return
				default:
				}
				p := t.Pages[i]
				src, err := readFile(fsys, p, &buf)
				if err != nil {
					report(diag.Errorf(Dir+"/"+p, 0, "%v", unwrapPathError(err)))
					continue
				}
				f, err := Parse(p, src)
				if err != nil {
					report(err)
					continue
				}
				f.Resources = t.Resources[p]
				report(fn(i, f))
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	return errs.Err()
}

// readFile reads the file p into buf, replacing what it held.
func readFile(fsys fs.FS, p string, buf *bytes.Buffer) ([]byte, error) {
	buf.Reset()
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil {
		buf.Grow(int(info.Size()) + bytes.MinRead) // room to see the end in one more read
	}
	_, err = buf.ReadFrom(f)
	return buf.Bytes(), err
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// capture receives a frontmatter block from the frontmatter package's
// format detection; its Unmarshal funcs decode it themselves, so that the
// raw text, its format and its key lines are kept.
type capture struct {
	format string
	raw    []byte
	front  map[string]any
	lines  map[string]int // relative to raw's first line
}

var formats = []*frontmatter.Format{
	frontmatter.NewFormat("---", "---", unmarshalYAML),
	frontmatter.NewFormat("---yaml", "---", unmarshalYAML),
	frontmatter.NewFormat("+++", "+++", unmarshalTOML),
	frontmatter.NewFormat("---toml", "---", unmarshalTOML),
	frontmatter.NewFormat(";;;", ";;;", unmarshalJSON),
	frontmatter.NewFormat("---json", "---", unmarshalJSON),
	{Start: "{", End: "}", Unmarshal: unmarshalJSON, UnmarshalDelims: true, RequiresNewLine: true},
}

// lineDelims are the opening lines of the formats that a line closes.
var lineDelims = []string{"---", "+++", ";;;", "---yaml", "---toml", "---json"}

// Parse splits a page's source into frontmatter and body. path is relative
// to the content folder and is used in errors.
func Parse(p string, src []byte) (*File, error) {
	file := Dir + "/" + p
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	open, delim := firstLine(src)
	var c capture
	// The frontmatter package copies everything it reads, body and all;
	// give it only the lines up to the closing delimiter, and take the
	// body from src.
	head := src[:frontEnd(src, delim)]
	rd := readers.Get().(*reader)
	rd.src.Reset(head)
	rd.buf.Reset(&rd.src) // the first Reset gives it its buffer
	rest, err := frontmatter.Parse(&rd.buf, &c, formats...)
	readers.Put(rd)
	if err != nil {
		return nil, frontError(file, open, delim == "{", &c, err)
	}
	body := src[len(head)-len(rest):]
	f := &File{Path: p, Body: body, BodyLine: 1 + bytes.Count(src[:len(src)-len(body)], []byte("\n"))}
	if c.front == nil {
		if slices.Contains(lineDelims, delim) {
			return nil, diag.Errorf(file, open, "frontmatter is not closed: add a line %q after it", closer(delim))
		}
		return f, nil
	}
	f.Front, f.Lines, f.FrontLine = c.front, c.lines, open
	offset := open // raw's line 1 is the line after the opening delimiter...
	if c.format == "json" && delim == "{" {
		offset = open - 1 // ...except for a bare JSON object, whose raw text includes it
	}
	for k, n := range f.Lines {
		f.Lines[k] = n + offset
	}
	return f, nil
}

// reader is what the frontmatter package reads a page's head through. It
// wraps whatever it is given in a bufio.Reader unless that is one already:
// pooling it saves a 4 KB buffer for every page.
type reader struct {
	src bytes.Reader
	buf bufio.Reader
}

var readers = sync.Pool{New: func() any { return new(reader) }}

// frontEnd returns the end of the line that closes the frontmatter that
// opens with the line delim, found as the frontmatter package finds it
// (the first later line that is the closer, once trimmed), or len(src)
// when there is none or the format is not delimited by lines.
func frontEnd(src []byte, delim string) int {
	if !slices.Contains(lineDelims, delim) {
		return len(src)
	}
	end := closer(delim)
	opened := false
	for i := 0; i < len(src); {
		j := bytes.IndexByte(src[i:], '\n')
		next := i + j + 1
		if j < 0 {
			next = len(src)
		}
		switch line := bytes.TrimSpace(src[i:next]); {
		case !opened:
			opened = string(line) == delim
		case string(line) == end:
			return next
		}
		i = next
	}
	return len(src)
}

func closer(open string) string {
	if open == "+++" || open == ";;;" {
		return open
	}
	return "---"
}

// firstLine returns the number and text of the first non-blank line.
func firstLine(src []byte) (int, string) {
	n := 1
	for len(src) > 0 {
		line, rest, _ := bytes.Cut(src, []byte("\n"))
		if t := bytes.TrimSpace(line); len(t) > 0 {
			return n, string(t)
		}
		src, n = rest, n+1
	}
	return n, ""
}

var (
	yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): `)
	// yaml.v3 numbers the lines of its parser's errors from 0 and those of
	// its scanner's from 1; these are the parser's.
	yamlParserErrRE = regexp.MustCompile(`did not find expected (key|node content|'-' indicator|',' or '\]'|',' or '\}'|<document start>|<stream-start>)`)
)

// frontError places a frontmatter decoding error on its line in the file.
// open is the line of the opening delimiter; bare reports a JSON object
// without delimiters, whose text starts on that line.
func frontError(file string, open int, bare bool, c *capture, err error) error {
	msg, line := err.Error(), open+1
	switch c.format {
	case "yaml":
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			var n int
			fmt.Sscan(m[1], &n)
			msg = msg[len(m[0]):]
			if yamlParserErrRE.MatchString(msg) {
				n++
			}
			line = open + n
		}
		msg = "invalid YAML frontmatter: " + strings.TrimPrefix(msg, "yaml: ")
		switch {
		case strings.Contains(msg, "',' or ']'"):
			msg += " (a list opened with [ on this line or above is not closed with ])"
		case strings.Contains(msg, "',' or '}'"):
			msg += " (a table opened with { on this line or above is not closed with })"
		}
	case "toml":
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, _ := de.Position()
			line = open + row
		}
		msg = "invalid TOML frontmatter: " + strings.TrimPrefix(msg, "toml: ")
	case "json":
		var se *json.SyntaxError
		if errors.As(err, &se) {
			// Offset is just past the byte that broke the syntax.
			at := min(max(int(se.Offset)-1, 0), len(c.raw))
			line = open + 1 + bytes.Count(c.raw[:at], []byte("\n"))
			if bare {
				line-- // the object's text starts on the opening line
			}
		}
		msg = "invalid JSON frontmatter: " + msg
	}
	return diag.Errorf(file, line, "%s", msg)
}

func unmarshalYAML(data []byte, v any) error {
	c := v.(*capture)
	c.format, c.raw = "yaml", data
	var ok bool
	if c.front, c.lines, ok = simpleYAML(data); ok {
		return nil
	}
	var err error
	c.front, c.lines, err = decodeYAML(data)
	return err
}

// decodeYAML decodes YAML frontmatter with yaml.v3, returning each key's
// value and line.
func decodeYAML(data []byte) (map[string]any, map[string]int, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, nil, err
	}
	front, lines := map[string]any{}, map[string]int{}
	if len(doc.Content) == 0 { // empty frontmatter
		return front, lines, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, nil, fmt.Errorf("yaml: line %d: frontmatter must be a list of key: value lines", root.Line)
	}
	budget := maxYAMLValues
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, val := root.Content[i], root.Content[i+1]
		v, err := yamlValue(val, &budget)
		if err != nil {
			return nil, nil, err
		}
		front[k.Value] = v
		lines[k.Value] = k.Line
	}
	return front, lines, nil
}

// maxYAMLValues bounds the values one frontmatter may expand to: YAML
// aliases can refer to aliases, and a few lines could otherwise ask for
// billions of values.
const maxYAMLValues = 10000

// zoneRE matches a timestamp's explicit zone: "Z", "+01:00", "-5".
var zoneRE = regexp.MustCompile(`[0-9](Z|\s*[+-][0-9]{1,2}(:?[0-9]{2})?)$`)

// yamlValue converts a YAML node to plain values. A timestamp stays the
// text the writer wrote unless it names its zone (see the package comment).
func yamlValue(n *yaml.Node, budget *int) (any, error) {
	if *budget--; *budget < 0 {
		return nil, fmt.Errorf("yaml: line %d: frontmatter expands to more than %d values (aliases referring to aliases?)", n.Line, maxYAMLValues)
	}
	switch n.Kind {
	case yaml.AliasNode:
		return yamlValue(n.Alias, budget)
	case yaml.ScalarNode:
		if n.ShortTag() == "!!timestamp" {
			if strings.ContainsAny(n.Value, "T ") && zoneRE.MatchString(n.Value) {
				var t time.Time
				if err := n.Decode(&t); err == nil {
					return t, nil
				}
			}
			return n.Value, nil
		}
		if n.ShortTag() == "!!str" {
			return n.Value, nil // what Decode gives, without a decoder per value
		}
		var v any
		err := n.Decode(&v)
		return v, err
	case yaml.SequenceNode:
		list := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := yamlValue(c, budget)
			if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
		return list, nil
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := yamlValue(n.Content[i+1], budget)
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	}
	return nil, nil
}

func unmarshalTOML(data []byte, v any) error {
	c := v.(*capture)
	c.format, c.raw = "toml", data
	m := map[string]any{}
	if err := toml.Unmarshal(data, &m); err != nil {
		return err
	}
	c.front = tomlValue(m).(map[string]any)
	c.lines = tomlKeyLines(data)
	return nil
}

// tomlValue turns go-toml's local dates and times into the text a writer
// would have written in YAML, so that one date parser serves both.
func tomlValue(v any) any {
	switch v := v.(type) {
	case toml.LocalDate:
		return v.String()
	case toml.LocalDateTime:
		return v.String()
	case toml.LocalTime:
		return v.String()
	case map[string]any:
		for k, x := range v {
			v[k] = tomlValue(x)
		}
	case []any:
		for i, x := range v {
			v[i] = tomlValue(x)
		}
	}
	return v
}

func unmarshalJSON(data []byte, v any) error {
	c := v.(*capture)
	c.format, c.raw = "json", data
	m := map[string]any{}
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	c.front = m
	c.lines = jsonKeyLines(data)
	return nil
}

var (
	tomlKeyRE   = regexp.MustCompile(`^\s*"?([A-Za-z0-9_-]+)"?\s*=`)
	tomlTableRE = regexp.MustCompile(`^\s*\[\[?\s*"?([A-Za-z0-9_-]+)"?`)
)

// tomlKeyLines finds the line of each top-level key in TOML text: a
// "key = …" line before the first table, or a table's "[key]" or
// "[[key]]" header.
func tomlKeyLines(data []byte) map[string]int {
	lines := map[string]int{}
	inTable := false
	for i, line := range strings.Split(string(data), "\n") {
		if m := tomlTableRE.FindStringSubmatch(line); m != nil {
			inTable = true
			if _, ok := lines[m[1]]; !ok {
				lines[m[1]] = i + 1
			}
			continue
		}
		if m := tomlKeyRE.FindStringSubmatch(line); m != nil && !inTable {
			if _, ok := lines[m[1]]; !ok {
				lines[m[1]] = i + 1
			}
		}
	}
	return lines
}

// jsonKeyLines finds the line of each key of the top-level JSON object by
// reading its tokens; the text is known to be valid JSON.
func jsonKeyLines(data []byte) map[string]int {
	lines := map[string]int{}
	dec := json.NewDecoder(bytes.NewReader(data))
	depth := 0
	wantKey := false
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return lines
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
			wantKey = depth == 1
			continue
		case json.Delim('}'), json.Delim(']'):
			depth--
			wantKey = depth == 1
			continue
		}
		if depth != 1 {
			continue
		}
		if key, ok := tok.(string); ok && wantKey {
			// start is before the separator that precedes the key; the
			// key's own line is where its quote is.
			at := start + int64(bytes.IndexByte(data[start:], '"'))
			lines[key] = 1 + bytes.Count(data[:at], []byte("\n"))
			wantKey = false
			continue
		}
		wantKey = true // a value was read: a key comes next
	}
}

// ParseTime reads a frontmatter date: RFC 3339, or "2006-01-02",
// "2006-01-02 15:04", "2006-01-02T15:04" and the same with seconds, read in
// loc when they carry no zone.
func ParseTime(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.In(loc), nil
	}
	for _, layout := range []string{"2006-01-02", "2006-01-02 15:04", "2006-01-02T15:04",
		"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04Z07:00", "2006-01-02T15:04Z07:00"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t.In(loc), nil // a written offset gives the instant, not the display zone
		}
	}
	return time.Time{}, fmt.Errorf("cannot read %q as a date: write it like 2026-11-22 or 2026-11-22 14:00", s)
}
