// Package config reads a site's config.toml into typed settings.
//
// Every key has a default, so an empty file is a valid configuration. A key
// plexus does not know is an error naming its line and the nearest known key,
// because a misspelt setting that is silently ignored is worse than a build
// that stops. The keys, with their defaults:
//
//	title = ""                  # the site's name, shown in the header and feeds
//	description = ""            # one or two sentences for the home page and feeds
//	baseURL = "/"               # absolute URL the site is served from, e.g. "https://example.org/network/"
//	language = "en-GB"          # BCP 47 tag for <html lang> and feeds
//	timezone = "Europe/London"  # IANA zone for dates written without one
//
//	[pagination]
//	size = 10                   # list entries per page
//
//	[markdown]
//	unsafe = false              # keep raw HTML written in Markdown (dropped by default)
//
//	[permalinks]                # URL pattern per section: :slug :year :month :day :section
//	posts = "/posts/:slug/"
//	events = "/events/:slug/"
//
//	[regions.<key>]             # one table per region; keys are lower-case-with-hyphens
//	name = ""                   # display name (defaults to the key)
//	description = ""
//	contact = ""                # an email address or URL
//	weight = 0                  # regions are listed by weight, then name
//
//	[[menus.main]]              # menu entries, by menu name; the theme shows "main"
//	name = ""
//	url = ""
//	weight = 0
//
//	[network]
//	national = ""               # the region key that stands for the whole network, e.g. "national"
//	national_on_regions = false # also list national content on every region's page
//
//	[feeds]
//	limit = 20                  # items per feed, newest first; 0 is all
//	image = ""                  # an image URL for feed readers
//
//	[publish]
//	minify = true               # make HTML, CSS, JS, SVG, XML and JSON smaller (the --minify flag overrides it)
//	keep = []                   # paths in the output folder a build never removes, e.g. ["CNAME"]:
//	                            # a folder keeps all in it; * ? [a-z] match within one name
//	broken_links = "error"      # a broken internal link fails the build; "warn" reports it; "ignore" skips the check
//
//	[params]                    # free-form values for templates: .Site.Params
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // sites name IANA zones; the binary must not depend on the host's zoneinfo

	"github.com/pelletier/go-toml/v2"

	"plexus/internal/diag"
)

// Config is a site's configuration. The zero value is not useful; use
// Default or Parse.
type Config struct {
	Title       string                 `toml:"title"`
	Description string                 `toml:"description"`
	BaseURL     string                 `toml:"baseURL"`
	Language    string                 `toml:"language"`
	Timezone    string                 `toml:"timezone"`
	Pagination  Pagination             `toml:"pagination"`
	Markdown    Markdown               `toml:"markdown"`
	Permalinks  map[string]string      `toml:"permalinks"`
	Regions     map[string]Region      `toml:"regions"`
	Menus       map[string][]MenuEntry `toml:"menus"`
	Params      map[string]any         `toml:"params"`
	Network     Network                `toml:"network"`
	Feeds       Feeds                  `toml:"feeds"`
	Publish     Publish                `toml:"publish"`

	// Location is Timezone loaded; dates without a zone are read in it.
	Location *time.Location `toml:"-"`
	// Base is BaseURL parsed, with a path that ends in a slash.
	Base *url.URL `toml:"-"`
}

// Network says how the national network relates to its regions.
type Network struct {
	// National is the key of the region that stands for the whole network
	// ("national"); "" when there is none.
	National string `toml:"national"`
	// NationalOnRegions lists national posts and events on every region's
	// page too, not only on the national one.
	NationalOnRegions bool `toml:"national_on_regions"`
}

// Feeds controls the RSS, Atom and JSON feeds.
type Feeds struct {
	// Limit is how many items a feed holds, newest first; 0 is all.
	Limit int `toml:"limit"`
	// Image is the URL of an image for feed readers to show; "" for none.
	Image string `toml:"image"`
}

// Publish says how the output folder is written.
type Publish struct {
	// Minify makes HTML, CSS, JavaScript, SVG, XML and JSON files smaller
	// as they are written, without changing what they mean; on by default.
	Minify bool `toml:"minify"`
	// Keep lists paths in the output folder that a build never removes
	// although it does not make them, such as "CNAME" for a Pages host.
	// They are slash-separated and relative to the output folder; a folder
	// keeps everything in it, and the wildcards * ? and [a-z] match within
	// one name (path.Match). Dotfiles such as .git are always kept.
	Keep []string `toml:"keep"`
	// BrokenLinks says what a broken internal link, image or fragment
	// does to a build: "error" (the default) fails it, "warn" reports it
	// and publishes, "ignore" skips the check.
	BrokenLinks string `toml:"broken_links"`
}

// Pagination controls list pages.
type Pagination struct {
	Size int `toml:"size"`
}

// Markdown holds the Markdown renderer's options.
type Markdown struct {
	Unsafe bool `toml:"unsafe"`
}

// Region is a regional network that content can belong to.
type Region struct {
	Name        string `toml:"name"`
	Description string `toml:"description"`
	Contact     string `toml:"contact"`
	Weight      int    `toml:"weight"`
}

// MenuEntry is one link in a menu.
type MenuEntry struct {
	Name   string `toml:"name"`
	URL    string `toml:"url"`
	Weight int    `toml:"weight"`
}

// File is the configuration file's name in a site folder.
const File = "config.toml"

// Default returns the configuration of an empty config.toml.
func Default() *Config {
	c, err := Parse(nil)
	if err != nil {
		panic("config: defaults do not validate: " + err.Error())
	}
	return c
}

// Parse decodes and validates config.toml's bytes. Errors name config.toml
// and the line.
func Parse(src []byte) (*Config, error) {
	c := &Config{
		BaseURL:    "/",
		Language:   "en-GB",
		Timezone:   "Europe/London",
		Pagination: Pagination{Size: 10},
		Feeds:      Feeds{Limit: 20},
		Publish:    Publish{Minify: true},
		Permalinks: map[string]string{},
	}
	dec := toml.NewDecoder(bytes.NewReader(src))
	dec.DisallowUnknownFields()
	if err := dec.Decode(c); err != nil {
		return nil, decodeError(src, err)
	}
	for _, s := range []string{"posts", "events", "newsletters"} {
		if c.Permalinks[s] == "" {
			c.Permalinks[s] = "/" + s + "/:slug/"
		}
	}
	if err := c.validate(src); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Config) validate(src []byte) error {
	var errs diag.List
	at := func(path ...string) int { return keyLine(src, path) }

	loc, err := time.LoadLocation(c.Timezone)
	if err != nil || c.Timezone == "" || c.Timezone == "Local" {
		errs.Add(diag.Errorf(File, at("timezone"), "unknown timezone %q: use an IANA name such as \"Europe/London\"", c.Timezone))
	}
	c.Location = loc

	base, err := url.Parse(c.BaseURL)
	switch {
	case err != nil || base.RawQuery != "" || base.ForceQuery || base.Fragment != "" || strings.Contains(c.BaseURL, "#") ||
		(base.IsAbs() && base.Scheme != "http" && base.Scheme != "https") ||
		(base.IsAbs() && base.Host == "") || (!base.IsAbs() && !strings.HasPrefix(c.BaseURL, "/")):
		errs.Add(diag.Errorf(File, at("baseURL"), "baseURL %q is not an http(s) URL: write it like \"https://example.org/\"", c.BaseURL))
	default:
		if !strings.HasSuffix(base.Path, "/") {
			base.Path += "/"
		}
		c.Base = base
	}

	if c.Feeds.Limit < 0 {
		errs.Add(diag.Errorf(File, at("feeds", "limit"), "feeds limit must be 0 (every item) or more, not %d", c.Feeds.Limit))
	}

	switch c.Publish.BrokenLinks {
	case "":
		c.Publish.BrokenLinks = "error"
	case "error", "warn", "ignore":
	default:
		errs.Add(diag.Errorf(File, at("publish", "broken_links"), "publish.broken_links is %q; use \"error\", \"warn\" or \"ignore\"%s",
			c.Publish.BrokenLinks, diag.DidYouMean(c.Publish.BrokenLinks, []string{"error", "warn", "ignore"})))
	}
	for i, k := range c.Publish.Keep {
		if msg := checkKeep(k); msg != "" {
			errs.Add(diag.Errorf(File, at("publish", "keep"), "publish.keep entry %d %s", i+1, msg))
		}
	}

	if c.Pagination.Size < 1 {
		errs.Add(diag.Errorf(File, at("pagination", "size"), "pagination size must be at least 1, not %d", c.Pagination.Size))
	}

	for _, section := range slices.Sorted(maps.Keys(c.Permalinks)) {
		if msg := checkPermalink(c.Permalinks[section]); msg != "" {
			errs.Add(diag.Errorf(File, at("permalinks", section), "permalink for %s: %s", section, msg))
		}
	}

	for _, key := range slices.Sorted(maps.Keys(c.Regions)) {
		if !keyRE.MatchString(key) {
			errs.Add(diag.Errorf(File, at("regions", key), "region key %q must be lower-case letters, digits and hyphens, e.g. \"north-west\"", key))
		}
		if r := c.Regions[key]; r.Name == "" {
			r.Name = key
			c.Regions[key] = r
		}
	}

	if n := c.Network.National; n != "" {
		if _, ok := c.Regions[n]; !ok {
			errs.Add(diag.Errorf(File, at("network", "national"), "network.national is %q, but there is no [regions.%s]%s",
				n, n, diag.DidYouMean(n, slices.Sorted(maps.Keys(c.Regions)))))
		}
	}

	for _, name := range slices.Sorted(maps.Keys(c.Menus)) {
		for i, e := range c.Menus[name] {
			if e.Name == "" || e.URL == "" {
				errs.Add(diag.Errorf(File, nthTableLine(src, "menus."+name, i), "menu %q entry %d needs both name and url", name, i+1))
			}
		}
		slices.SortStableFunc(c.Menus[name], func(a, b MenuEntry) int { return a.Weight - b.Weight })
	}
	return errs.Err()
}

// SetBaseURL replaces the configured baseURL, as the --baseURL flag does.
func (c *Config) SetBaseURL(u string) error {
	old := c.BaseURL
	c.BaseURL = u
	err := c.validate(nil)
	if err != nil {
		c.BaseURL = old
		var e *diag.Error
		if errors.As(err, &e) {
			return errors.New(e.Msg)
		}
	}
	return err
}

// RegionKeys returns the region keys in display order: by weight, then name.
func (c *Config) RegionKeys() []string {
	keys := slices.Sorted(maps.Keys(c.Regions))
	slices.SortStableFunc(keys, func(a, b string) int {
		ra, rb := c.Regions[a], c.Regions[b]
		if ra.Weight != rb.Weight {
			return ra.Weight - rb.Weight
		}
		return strings.Compare(ra.Name, rb.Name)
	})
	return keys
}

// typeErrRE matches go-toml's type mismatch, which names Go types that a
// writer of config.toml should not have to know.
var typeErrRE = regexp.MustCompile(`^cannot decode TOML (\w+) into (?:struct field \S+ of type )?(.+)$`)

// typeWord says what a Go type of Config is in a config.toml writer's words.
func typeWord(goType string) string {
	switch {
	case goType == "bool":
		return "true or false"
	case goType == "int":
		return "a whole number"
	case goType == "string":
		return "text in quotes"
	case goType == "[]config.MenuEntry":
		return "a list of [[menus.NAME]] tables"
	case strings.HasPrefix(goType, "[]"):
		return "a list"
	}
	return "a table of settings"
}

var (
	keyRE       = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	tokenRE     = regexp.MustCompile(`:[a-z]+`)
	knownTokens = []string{":slug", ":year", ":month", ":day", ":section"}
)

// checkKeep says what is wrong with a publish.keep entry, or "".
func checkKeep(k string) string {
	p := strings.Trim(k, "/")
	if _, err := path.Match(p, ""); err != nil {
		return fmt.Sprintf("%q is not a valid pattern: close each [ with ]", k)
	}
	if p == "" || !fs.ValidPath(p) || strings.Contains(p, "\\") {
		return fmt.Sprintf("%q must be a path inside the output folder, like \"CNAME\" or \"downloads/\"", k)
	}
	return ""
}

func checkPermalink(p string) string {
	if !strings.HasPrefix(p, "/") || !strings.HasSuffix(p, "/") {
		return fmt.Sprintf("%q must start and end with \"/\", e.g. \"/posts/:slug/\"", p)
	}
	if !strings.Contains(p, ":slug") {
		return fmt.Sprintf("%q must contain :slug, or every page would get the same URL", p)
	}
	for _, tok := range tokenRE.FindAllString(p, -1) {
		if !slices.Contains(knownTokens, tok) {
			return fmt.Sprintf("unknown token %q in %q%s; known tokens are %s", tok, p,
				diag.DidYouMean(tok, knownTokens), strings.Join(knownTokens, " "))
		}
	}
	return ""
}

// decodeError turns go-toml's errors into diag errors with a line and, for
// an unknown key, the nearest known one.
func decodeError(src []byte, err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		var errs diag.List
		for i := range strict.Errors {
			e := &strict.Errors[i]
			row, _ := e.Position()
			key := []string(e.Key())
			name := key[len(key)-1]
			msg := fmt.Sprintf("unknown setting %q", strings.Join(key, "."))
			if known := knownKeys(key[:len(key)-1]); known != nil {
				msg += diag.DidYouMean(name, known)
			}
			errs.Add(diag.Errorf(File, row, "%s", msg))
		}
		return errs.Err()
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, _ := de.Position()
		msg := strings.TrimPrefix(de.Error(), "toml: ")
		if m := typeErrRE.FindStringSubmatch(msg); m != nil {
			key := strings.Join(de.Key(), ".")
			if key == "" {
				key = "this setting"
			}
			msg = fmt.Sprintf("%s must be %s, not a TOML %s", key, typeWord(m[2]), m[1])
		}
		return diag.Errorf(File, row, "%s", msg)
	}
	return diag.Errorf(File, 0, "%s", strings.TrimPrefix(err.Error(), "toml: "))
}

// knownKeys lists the keys allowed in the table at path, from Config's
// struct tags, or nil where any key is allowed.
func knownKeys(path []string) []string {
	t := reflect.TypeOf(Config{})
	for _, p := range path {
		switch t.Kind() {
		case reflect.Map:
			t = t.Elem() // p is a free key such as a region's
		case reflect.Struct:
			f, ok := fieldByTag(t, p)
			if !ok {
				return nil
			}
			t = f.Type
		default:
			return nil
		}
		for t.Kind() == reflect.Slice {
			t = t.Elem()
		}
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	var keys []string
	for f := range t.Fields() {
		if tag := f.Tag.Get("toml"); tag != "" && tag != "-" {
			keys = append(keys, tag)
		}
	}
	return keys
}

func fieldByTag(t reflect.Type, tag string) (reflect.StructField, bool) {
	for f := range t.Fields() {
		if f.Tag.Get("toml") == tag {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// keyLine finds the line of a key in TOML source by following table
// headers: keyLine(src, ["pagination", "size"]) finds "size = …" under
// [pagination], or "pagination.size = …"; a path naming a table finds its
// header. It returns 0 when the key is not written in the file (a default).
func keyLine(src []byte, path []string) int {
	var table string
	want := strings.Join(path, ".")
	for i, line := range strings.Split(string(src), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") {
			table = strings.Trim(line, "[] \t")
			table = strings.ReplaceAll(table, `"`, "")
			if table == want || strings.HasPrefix(table, want+".") {
				return i + 1
			}
			continue
		}
		k, _, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		full := strings.Trim(strings.TrimSpace(k), `"`)
		if table != "" {
			full = table + "." + full
		}
		// "pagination = { size = 0 }" holds pagination.size inline.
		if full == want || strings.HasPrefix(full, want+".") || strings.HasPrefix(want, full+".") {
			return i + 1
		}
	}
	return 0
}

// nthTableLine finds the line of the n-th (0-based) [[name]] header, the
// start of one entry of an array of tables; 0 when there is none.
func nthTableLine(src []byte, name string, n int) int {
	for i, line := range strings.Split(string(src), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[[") && strings.ReplaceAll(strings.Trim(line, "[] \t"), `"`, "") == name {
			if n == 0 {
				return i + 1
			}
			n--
		}
	}
	return keyLine(src, strings.Split(name, "."))
}
