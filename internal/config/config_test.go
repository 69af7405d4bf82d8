package config

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"plexus/internal/diag"
)

func TestParseEmpty(t *testing.T) {
	for _, src := range []string{"", "\n\n", "# only a comment\n"} {
		t.Run(fmt.Sprintf("%q", src), func(t *testing.T) {
			c, err := Parse([]byte(src))
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", src, err)
			}
			checkDefaults(t, c)
		})
	}
	t.Run("Default", func(t *testing.T) {
		checkDefaults(t, Default())
	})
}

func checkDefaults(t *testing.T, c *Config) {
	t.Helper()
	if c.Title != "" || c.Description != "" {
		t.Errorf("Title, Description = %q, %q; want empty", c.Title, c.Description)
	}
	if c.BaseURL != "/" {
		t.Errorf("BaseURL = %q; want %q", c.BaseURL, "/")
	}
	if c.Base == nil {
		t.Errorf("Base = nil; want /")
	} else if got := c.Base.String(); got != "/" {
		t.Errorf("Base = %q; want %q", got, "/")
	}
	if c.Language != "en-GB" {
		t.Errorf("Language = %q; want %q", c.Language, "en-GB")
	}
	if c.Timezone != "Europe/London" {
		t.Errorf("Timezone = %q; want %q", c.Timezone, "Europe/London")
	}
	if c.Location == nil {
		t.Errorf("Location = nil; want Europe/London")
	} else if got := c.Location.String(); got != "Europe/London" {
		t.Errorf("Location = %q; want %q", got, "Europe/London")
	}
	if c.Pagination.Size != 10 {
		t.Errorf("Pagination.Size = %d; want 10", c.Pagination.Size)
	}
	if c.Markdown.Unsafe {
		t.Errorf("Markdown.Unsafe = true; want false")
	}
	if !c.Publish.Minify || len(c.Publish.Keep) != 0 {
		t.Errorf("Publish = %+v; want minify on and nothing kept", c.Publish)
	}
	wantLinks := map[string]string{
		"posts":       "/posts/:slug/",
		"events":      "/events/:slug/",
		"newsletters": "/newsletters/:slug/",
	}
	if !maps.Equal(c.Permalinks, wantLinks) {
		t.Errorf("Permalinks = %v; want %v", c.Permalinks, wantLinks)
	}
	if len(c.Regions) != 0 || len(c.Menus) != 0 || len(c.Params) != 0 {
		t.Errorf("Regions, Menus, Params = %v, %v, %v; want empty", c.Regions, c.Menus, c.Params)
	}
	if keys := c.RegionKeys(); len(keys) != 0 {
		t.Errorf("RegionKeys() = %q; want none", keys)
	}
}

// The example site's config.toml must keep parsing as the code changes.
func TestParseRepoConfig(t *testing.T) {
	src, err := os.ReadFile("../../config.toml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Parse(src)
	if err != nil {
		t.Fatalf("Parse(config.toml): %v", err)
	}
	if got, want := c.Title, "National MSK Network"; got != want {
		t.Errorf("Title = %q; want %q", got, want)
	}
	if got, want := c.Base.String(), "https://msk-network.example.org/"; got != want {
		t.Errorf("Base = %q; want %q", got, want)
	}
	wantRegions := []string{
		"national", "north-east-and-yorkshire", "north-west", "midlands",
		"east-of-england", "london", "south-east", "south-west",
	}
	if got := c.RegionKeys(); !slices.Equal(got, wantRegions) {
		t.Errorf("RegionKeys() = %q; want %q", got, wantRegions)
	}
	if got, want := c.Regions["north-west"].Name, "North West"; got != want {
		t.Errorf(`Regions["north-west"].Name = %q; want %q`, got, want)
	}
	var menu []string
	for _, e := range c.Menus["main"] {
		menu = append(menu, e.Name+" "+e.URL)
	}
	if want := []string{"Posts /posts/", "Regions /regions/", "Events /events/", "About /about/"}; !slices.Equal(menu, want) {
		t.Errorf("main menu = %q; want %q", menu, want)
	}
	// newsletters is not written in the file, so it gets its default.
	if got, want := c.Permalinks["newsletters"], "/newsletters/:slug/"; got != want {
		t.Errorf(`Permalinks["newsletters"] = %q; want %q`, got, want)
	}
	if got, want := c.Params["organisation"], any("National MSK Network"); got != want {
		t.Errorf(`Params["organisation"] = %v; want %v`, got, want)
	}
}

// testdata/full.toml sets every documented key to a value other than its
// default, so a key that is silently dropped shows here.
func TestParseFull(t *testing.T) {
	src, err := os.ReadFile("testdata/full.toml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Parse(src)
	if err != nil {
		t.Fatalf("Parse(full.toml): %v", err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"Title", c.Title, "Test Network"},
		{"Description", c.Description, "A site for tests."},
		{"BaseURL", c.BaseURL, "https://example.org/network"},
		{"Base", c.Base.String(), "https://example.org/network/"},
		{"Base.Path", c.Base.Path, "/network/"},
		{"Language", c.Language, "cy"},
		{"Timezone", c.Timezone, "America/New_York"},
		{"Location", c.Location.String(), "America/New_York"},
		{"Pagination.Size", c.Pagination.Size, 25},
		{"Markdown.Unsafe", c.Markdown.Unsafe, true},
		{"Permalinks[posts]", c.Permalinks["posts"], "/:year/:month/:day/:slug/"},
		{"Permalinks[events]", c.Permalinks["events"], "/:section/:slug/"},
		{"Permalinks[newsletters]", c.Permalinks["newsletters"], "/newsletters/:slug/"},
		{"Regions[north]", c.Regions["north"], Region{Name: "The North", Description: "Up north.", Contact: "north@example.org", Weight: 2}},
		// A region without a name is named by its key.
		{"Regions[south]", c.Regions["south"], Region{Name: "south", Weight: 1}},
		{"RegionKeys", strings.Join(c.RegionKeys(), " "), "south north"},
		// Menus are sorted by weight.
		{"Menus[main]", fmt.Sprint(c.Menus["main"]), fmt.Sprint([]MenuEntry{{"Posts", "/posts/", 10}, {"Events", "/events/", 20}})},
		{"Menus[footer]", fmt.Sprint(c.Menus["footer"]), fmt.Sprint([]MenuEntry{{"Privacy", "/privacy/", 0}})},
		{"Publish.Minify", c.Publish.Minify, false},
		{"Publish.Keep", strings.Join(c.Publish.Keep, " "), "CNAME /downloads/ *.pdf"},
		{"Params[organisation]", c.Params["organisation"], "Test Org"},
		{"Params[year]", c.Params["year"], int64(2026)},
		{"Params[social]", fmt.Sprint(c.Params["social"]), "map[mastodon:https://example.social/@test]"},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s = %#v; want %#v", ch.name, ch.got, ch.want)
		}
	}
}

func TestParseBaseURL(t *testing.T) {
	tests := []struct {
		baseURL  string
		wantBase string
		wantPath string
	}{
		{"/", "/", "/"},
		{"/network", "/network/", "/network/"},
		{"/network/", "/network/", "/network/"},
		{"https://example.org", "https://example.org/", "/"},
		{"https://example.org/", "https://example.org/", "/"},
		{"http://example.org/network", "http://example.org/network/", "/network/"},
		{"https://example.org/a/b/", "https://example.org/a/b/", "/a/b/"},
		{"https://example.org:8443/x", "https://example.org:8443/x/", "/x/"},
	}
	for _, tt := range tests {
		t.Run(tt.baseURL, func(t *testing.T) {
			c, err := Parse([]byte(fmt.Sprintf("baseURL = %q\n", tt.baseURL)))
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Base.String(); got != tt.wantBase {
				t.Errorf("Base = %q; want %q", got, tt.wantBase)
			}
			if c.Base.Path != tt.wantPath {
				t.Errorf("Base.Path = %q; want %q", c.Base.Path, tt.wantPath)
			}
			if c.BaseURL != tt.baseURL {
				t.Errorf("BaseURL = %q; want it as written, %q", c.BaseURL, tt.baseURL)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		line int    // the line the error must name; 0 for none
		want string // a substring of the message
		not  string // a substring the message must not hold
	}{
		// Unknown keys, with the nearest known key of the same table.
		{name: "unknown top-level key", src: "title = \"x\"\ntitel = \"y\"\n", line: 2,
			want: `unknown setting "titel" (did you mean "title"?)`},
		{name: "unknown key, transposed", src: "# comment\n\nlangauge = \"cy\"\n", line: 3,
			want: `unknown setting "langauge" (did you mean "language"?)`},
		{name: "unknown key without suggestion", src: "colour = \"red\"\n", line: 1,
			want: `unknown setting "colour"`, not: "did you mean"},
		{name: "unknown key in pagination", src: "title = \"x\"\n\n[pagination]\nsise = 3\n", line: 4,
			want: `unknown setting "pagination.sise" (did you mean "size"?)`},
		{name: "key of another table is not suggested", src: "[pagination]\ntitle = \"x\"\n", line: 2,
			want: `unknown setting "pagination.title"`, not: "did you mean"},
		{name: "unknown key in a region", src: "[regions.north]\nname = \"N\"\ncontcat = \"x\"\n", line: 3,
			want: `unknown setting "regions.north.contcat" (did you mean "contact"?)`},
		{name: "unknown key in a menu entry", src: "[[menus.main]]\nnmae = \"Posts\"\nurl = \"/posts/\"\n", line: 2,
			want: `unknown setting "menus.main.nmae" (did you mean "name"?)`},
		{name: "unknown table", src: "[paginaton]\nsize = 3\n", line: 1,
			want: `unknown setting "paginaton"`},

		// Wrong types, in a writer's words rather than Go's.
		{name: "title a number", src: "title = 3\n", line: 1,
			want: "title must be text in quotes, not a TOML integer"},
		{name: "size a string", src: "[pagination]\nsize = \"ten\"\n", line: 2,
			want: "pagination.size must be a whole number, not a TOML string"},
		{name: "unsafe a string", src: "[markdown]\nunsafe = \"yes\"\n", line: 2,
			want: "markdown.unsafe must be true or false, not a TOML string"},
		{name: "menu weight a string", src: "[[menus.main]]\nname = \"x\"\nweight = \"a\"\n", line: 3,
			want: "menus.main.weight must be a whole number, not a TOML string"},
		{name: "permalink a number", src: "[permalinks]\nposts = 3\n", line: 2,
			want: "permalinks.posts must be text in quotes, not a TOML integer"},
		{name: "params not a table", src: "params = 3\n", line: 1,
			want: "params must be", not: "must be ,"},
		{name: "regions not a table", src: "title = \"x\"\nregions = 3\n", line: 2,
			want: "regions must be", not: "must be ,"},
		{name: "region not a table", src: "[regions]\nnorth = 3\n", line: 2,
			want: "north", not: "config.Region"},
		{name: "menu not a list", src: "[menus]\nmain = 3\n", line: 2,
			want: "main", not: "config.MenuEntry"},

		// Values.
		{name: "unknown timezone", src: "timezone = \"Europe/Londn\"\n", line: 1,
			want: `unknown timezone "Europe/Londn": use an IANA name such as "Europe/London"`},
		{name: "commented-out key is not the line", src: "# timezone = \"Europe/London\"\ntimezone = \"Europe/Lundon\"\n", line: 2,
			want: `unknown timezone "Europe/Lundon"`},
		{name: "timezone below other keys", src: "title = \"x\"\n\ntimezone = \"GMT+1\"\n", line: 3,
			want: `unknown timezone "GMT+1"`},
		{name: "empty timezone", src: "timezone = \"\"\n", line: 1, want: `unknown timezone ""`},
		{name: "Local timezone", src: "timezone = \"Local\"\n", line: 1, want: `unknown timezone "Local"`},
		{name: "ftp baseURL", src: "baseURL = \"ftp://example.org/\"\n", line: 1,
			want: `baseURL "ftp://example.org/" is not an http(s) URL: write it like "https://example.org/"`},
		{name: "baseURL without host", src: "baseURL = \"https://\"\n", line: 1, want: `baseURL "https://" is not an http(s) URL`},
		{name: "baseURL with empty host", src: "baseURL = \"https:///network/\"\n", line: 1, want: `baseURL "https:///network/" is not an http(s) URL`},
		{name: "baseURL without scheme", src: "baseURL = \"example.org\"\n", line: 1, want: `baseURL "example.org" is not an http(s) URL`},
		{name: "baseURL with query", src: "baseURL = \"https://example.org/?lang=cy\"\n", line: 1, want: `baseURL "https://example.org/?lang=cy" is not an http(s) URL`},
		{name: "baseURL with fragment", src: "baseURL = \"https://example.org/#top\"\n", line: 1, want: `baseURL "https://example.org/#top" is not an http(s) URL`},
		{name: "baseURL unparsable", src: "baseURL = \"https://example.org:port/\"\n", line: 1, want: `baseURL "https://example.org:port/" is not an http(s) URL`},
		{name: "baseURL with empty query", src: "baseURL = \"https://example.org/?\"\n", line: 1, want: `baseURL "https://example.org/?" is not an http(s) URL`},
		{name: "pagination size zero", src: "[pagination]\nsize = 0\n", line: 2,
			want: "pagination size must be at least 1, not 0"},
		{name: "pagination size as dotted key", src: "title = \"x\"\npagination.size = -1\n", line: 2,
			want: "pagination size must be at least 1, not -1"},
		{name: "pagination size in an inline table", src: "title = \"x\"\npagination = { size = 0 }\n", line: 2,
			want: "pagination size must be at least 1, not 0"},
		{name: "permalink without slug", src: "[permalinks]\nposts = \"/posts/:title/\"\n", line: 2,
			want: `permalink for posts: "/posts/:title/" must contain :slug`},
		{name: "permalink with unknown token", src: "[permalinks]\nevents = \"/:sectoin/:slug/\"\n", line: 2,
			want: `permalink for events: unknown token ":sectoin" in "/:sectoin/:slug/" (did you mean ":section"?); known tokens are :slug :year :month :day :section`},
		{name: "permalink without slashes", src: "[permalinks]\nposts = \"posts/:slug\"\n", line: 2,
			want: `permalink for posts: "posts/:slug" must start and end with "/"`},
		{name: "region key with capitals and space", src: "[regions.\"North West\"]\nname = \"North West\"\n", line: 1,
			want: `region key "North West" must be lower-case letters, digits and hyphens, e.g. "north-west"`},
		{name: "region key with underscore", src: "title = \"x\"\n\n[regions.north_west]\n", line: 3,
			want: `region key "north_west" must be lower-case`},
		{name: "menu entry without url", src: "[[menus.main]]\nname = \"Posts\"\n", line: 1,
			want: `menu "main" entry 1 needs both name and url`},
		{name: "menu entry without name", src: "title = \"x\"\n[[menus.footer]]\nurl = \"/privacy/\"\n", line: 2,
			want: `menu "footer" entry 1 needs both name and url`},
		{name: "second menu entry without url", src: "[[menus.main]]\nname = \"a\"\nurl = \"/a/\"\n\n[[menus.main]]\nname = \"b\"\n", line: 5,
			want: `menu "main" entry 2 needs both name and url`},
		{name: "keep outside the output", src: "[publish]\nkeep = [\"CNAME\", \"../secrets\"]\n", line: 2,
			want: `publish.keep entry 2 "../secrets" must be a path inside the output folder, like "CNAME" or "downloads/"`},
		{name: "keep bad pattern", src: "title = \"x\"\n[publish]\nminify = true\nkeep = [\"files/[a-z\"]\n", line: 4,
			want: `publish.keep entry 1 "files/[a-z" is not a valid pattern`},
		{name: "keep empty", src: "[publish]\nkeep = [\"/\"]\n", line: 2, want: `publish.keep entry 1 "/" must be a path inside`},
		{name: "minify a string", src: "[publish]\nminify = \"no\"\n", line: 2,
			want: "publish.minify must be true or false, not a TOML string"},
		{name: "keep a string", src: "[publish]\nkeep = \"CNAME\"\n", line: 2,
			want: "publish.keep must be a list, not a TOML string"},

		// TOML syntax.
		{name: "unclosed string", src: "title = \"x\nfoo\n", line: 1, want: "basic strings cannot have new lines"},
		{name: "missing value", src: "title = \"x\"\n\ndescription =\n", line: 3, want: "unexpected character"},
		{name: "double equals", src: "title = = 3\n", line: 1, want: "unexpected character"},
		{name: "duplicate key", src: "title = \"a\"\ntitle = \"b\"\n", line: 2, want: "already defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse([]byte(tt.src))
			if err == nil {
				t.Fatalf("Parse(%q) = no error; want one with %q", tt.src, tt.want)
			}
			if c != nil {
				t.Errorf("Parse(%q) returned a Config with its error", tt.src)
			}
			msg := err.Error()
			prefix := "config.toml: "
			if tt.line > 0 {
				prefix = fmt.Sprintf("config.toml:%d: ", tt.line)
			}
			if !strings.HasPrefix(msg, prefix) {
				t.Errorf("error = %q; want prefix %q", msg, prefix)
			}
			if !strings.Contains(msg, tt.want) {
				t.Errorf("error = %q; want it to contain %q", msg, tt.want)
			}
			if tt.not != "" && strings.Contains(msg, tt.not) {
				t.Errorf("error = %q; want no %q in it", msg, tt.not)
			}
			if strings.Contains(msg, "toml: ") {
				t.Errorf("error = %q; want no go-toml prefix", msg)
			}
			var de *diag.Error
			if !errors.As(err, &de) {
				t.Errorf("error %q is not a *diag.Error", msg)
			}
		})
	}
}

// Every problem is reported at once, in line order.
func TestParseReportsEveryError(t *testing.T) {
	src := `baseURL = "ftp://example.org/"
timezone = "Mars/Olympus"

[pagination]
size = 0

[permalinks]
posts = "/posts/"
`
	_, err := Parse([]byte(src))
	if err == nil {
		t.Fatal("Parse = no error; want four")
	}
	lines := strings.Split(err.Error(), "\n")
	want := []string{"config.toml:1: baseURL", "config.toml:2: unknown timezone", "config.toml:5: pagination size", "config.toml:8: permalink for posts"}
	if len(lines) != len(want) {
		t.Fatalf("got %d errors:\n%s\nwant %d", len(lines), err, len(want))
	}
	for i := range want {
		if !strings.HasPrefix(lines[i], want[i]) {
			t.Errorf("error %d = %q; want prefix %q", i+1, lines[i], want[i])
		}
	}
}

func TestParseUnknownKeysAll(t *testing.T) {
	_, err := Parse([]byte("titel = 1\ndescriptoin = 2\n"))
	want := "config.toml:1: unknown setting \"titel\" (did you mean \"title\"?)\n" +
		"config.toml:2: unknown setting \"descriptoin\" (did you mean \"description\"?)"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v; want\n%s", err, want)
	}
}

func TestRegionKeys(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"by weight", "[regions.a]\nweight = 3\n[regions.b]\nweight = 1\n[regions.c]\nweight = 2\n", []string{"b", "c", "a"}},
		{"negative weight first", "[regions.a]\n[regions.b]\nweight = -1\n", []string{"b", "a"}},
		// Equal weights go by display name, not by key.
		{"ties by name", "[regions.a]\nname = \"Zulu\"\n[regions.b]\nname = \"Alpha\"\n", []string{"b", "a"}},
		{"ties by key when unnamed", "[regions.zed]\n[regions.alpha]\n[regions.mid]\n", []string{"alpha", "mid", "zed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if got := c.RegionKeys(); !slices.Equal(got, tt.want) {
				t.Errorf("RegionKeys() = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestSetBaseURL(t *testing.T) {
	good := []struct{ in, want string }{
		{"https://example.org/preview", "https://example.org/preview/"},
		{"http://localhost:1313/", "http://localhost:1313/"},
		{"/", "/"},
	}
	for _, tt := range good {
		t.Run(tt.in, func(t *testing.T) {
			c := Default()
			if err := c.SetBaseURL(tt.in); err != nil {
				t.Fatalf("SetBaseURL(%q): %v", tt.in, err)
			}
			if c.BaseURL != tt.in {
				t.Errorf("BaseURL = %q; want %q", c.BaseURL, tt.in)
			}
			if got := c.Base.String(); got != tt.want {
				t.Errorf("Base = %q; want %q", got, tt.want)
			}
		})
	}

	bad := []string{"ftp://example.org/", "example.org", "https://", "https://example.org/?x=1", ""}
	for _, in := range bad {
		t.Run(fmt.Sprintf("bad %q", in), func(t *testing.T) {
			c, err := Parse([]byte("baseURL = \"https://example.org/site/\"\n"))
			if err != nil {
				t.Fatal(err)
			}
			err = c.SetBaseURL(in)
			if err == nil {
				t.Fatalf("SetBaseURL(%q) = nil; want an error", in)
			}
			// A flag has no file or line: the message stands alone.
			want := fmt.Sprintf("baseURL %q is not an http(s) URL", in)
			if msg := err.Error(); !strings.HasPrefix(msg, want) {
				t.Errorf("error = %q; want prefix %q", msg, want)
			}
			if c.BaseURL != "https://example.org/site/" {
				t.Errorf("BaseURL = %q after a failed SetBaseURL; want the old %q", c.BaseURL, "https://example.org/site/")
			}
			if got := c.Base.String(); got != "https://example.org/site/" {
				t.Errorf("Base = %q after a failed SetBaseURL; want the old %q", got, "https://example.org/site/")
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	if src, err := os.ReadFile("../../config.toml"); err == nil {
		f.Add(src)
	}
	if src, err := os.ReadFile("testdata/full.toml"); err == nil {
		f.Add(src)
	}
	for _, s := range []string{
		"",
		"titel = 1",
		"[pagination]\nsize = 0",
		"[regions.\"North West\"]\n[[menus.main]]\nname = \"x\"",
		"baseURL = \"https://example.org/?\"",
		"pagination = { size = 0 }",
		"[permalinks]\nposts = \"/:x/:slug/\"",
		"timezone = \"\"",
		"params = 3",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		c, err := Parse(src)
		if err != nil {
			if c != nil {
				t.Errorf("Parse returned a Config with error %v", err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "config.toml") {
				t.Errorf("error %q does not start with config.toml", msg)
			}
			return
		}
		if c == nil {
			t.Fatal("Parse = nil, nil")
		}
		if c.Location == nil {
			t.Error("Parse succeeded with a nil Location")
		}
		if c.Base == nil {
			t.Fatal("Parse succeeded with a nil Base")
		}
		if !strings.HasSuffix(c.Base.Path, "/") {
			t.Errorf("Base.Path = %q; want a trailing slash", c.Base.Path)
		}
		if c.Pagination.Size < 1 {
			t.Errorf("Pagination.Size = %d; want at least 1", c.Pagination.Size)
		}
		for _, s := range []string{"posts", "events", "newsletters"} {
			if !strings.Contains(c.Permalinks[s], ":slug") {
				t.Errorf("Permalinks[%q] = %q; want :slug in it", s, c.Permalinks[s])
			}
		}
	})
}
