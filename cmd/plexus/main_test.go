package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	src := t.TempDir()
	os.WriteFile(filepath.Join(src, "config.toml"), []byte("title = \"Tiny\"\n"), 0o644)
	os.MkdirAll(filepath.Join(src, "content", "posts"), 0o755)
	post := filepath.Join(src, "content", "posts", "hello.md")
	os.WriteFile(post, []byte("---\ntitle: Hello\ndate: 2026-01-01\nauthr: x\n---\nHi.\n"), 0o644)

	tests := []struct {
		name       string
		args       []string
		setup      func()
		code       int
		stdout     string // a regexp
		stderr     string // a regexp
		wantPublic bool
	}{
		{"no command", nil, nil, 2, `^$`, `Usage:`, false},
		{"unknown command", []string{"biuld"}, nil, 2, `^$`, `unknown command "biuld"`, false},
		{"help", []string{"help"}, nil, 0, `plexus build`, `^$`, false},
		{"version", []string{"version"}, nil, 0, `^plexus \S+\n$`, `^$`, false},
		{"bad flag", []string{"build", "--nope"}, nil, 2, `^$`, `flag provided but not defined: -nope`, false},
		{"build", []string{"build", "--source", src, "--now", "2026-11-22"}, nil, 0,
			`^built \d+ pages, 0 feeds, \d+ static files: \d+ files \([\d.]+ [kM]?B\), \d+ written, \d+ unchanged(, \d+ removed)?(, [\d.]+ [kM]?B saved by minifying feeds and static files)?, in \d+(\.\d+)?[µm]?s\n$`,
			`warning: content/posts/hello.md:4: unknown key "authr"`, true},
		{"no minify", []string{"build", "--source", src, "--no-minify", "--now", "2026-11-22"}, nil, 0,
			`^built [^\n]*, \d+ unchanged(, \d+ removed)?, in [^\n]*\n$`, `unknown key "authr"`, true},
		{"bad minify", []string{"build", "--source", src, "--minify=perhaps"}, nil, 2, `^$`, `invalid boolean value "perhaps" for -minify`, true},
		{"quiet", []string{"build", "--source", src, "--quiet"}, nil, 0, `^$`, `^$`, true},
		{"bad now", []string{"build", "--source", src, "--now", "yesterday"}, nil, 1, `^$`, `--now: cannot read "yesterday"`, true},
		{"verbose", []string{"build", "--source", src, "--verbose", "--now", "2026-11-22"}, func() {
			// A layout compiled templates leave to html/template.
			os.MkdirAll(filepath.Join(src, "layouts", "posts"), 0o755)
			os.WriteFile(filepath.Join(src, "layouts", "posts", "single.html"),
				[]byte(`{{define "main"}}<h1>{{.Title}}</h1><p>{{js .Title}}</p>{{end}}`), 0o644)
		}, 0, `(?m)^render +[\d.]+[µm]?s\n(.*\n)*layouts/posts/single\.html rendered 1 page with html/template: it is not compiled \(see the README's Templates\)\nbuilt `,
			`unknown key "authr"`, true},
		{"failed build", []string{"build", "--source", src}, func() {
			os.WriteFile(post, []byte("---\ntitle: [Hello]\ndate: 2026-01-01\n---\nHi.\n"), 0o644)
		}, 1, `^$`, `content/posts/hello.md:2: title must be text, not a list\nplexus: build failed; the previous output is unchanged\n$`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.setup != nil {
				tt.setup()
			}
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("got exit %d; want %d (stderr %q)", code, tt.code, stderr.String())
			}
			if !regexp.MustCompile(tt.stdout).MatchString(stdout.String()) {
				t.Errorf("got stdout %q; want it to match %q", stdout.String(), tt.stdout)
			}
			if !regexp.MustCompile(tt.stderr).MatchString(stderr.String()) {
				t.Errorf("got stderr %q; want it to match %q", stderr.String(), tt.stderr)
			}
			_, err := os.Stat(filepath.Join(src, "public", "posts", "hello", "index.html"))
			if (err == nil) != tt.wantPublic {
				t.Errorf("public/posts/hello/index.html exists: %v; want %v", err == nil, tt.wantPublic)
			}
		})
	}
	if b, _ := os.ReadFile(filepath.Join(src, "public", "posts", "hello", "index.html")); !strings.Contains(string(b), "Hello") {
		t.Error("the failed build changed the previous output")
	}
}

func TestCheck(t *testing.T) {
	ext := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/ok" {
			http.NotFound(w, r)
		}
	}))
	defer ext.Close()
	src := t.TempDir()
	os.WriteFile(filepath.Join(src, "config.toml"), []byte("title = \"Tiny\"\nbaseURL = \"https://tiny.example.org/\"\n[publish]\nbroken_links = \"warn\"\n"), 0o644)
	os.MkdirAll(filepath.Join(src, "content", "posts"), 0o755)
	post := filepath.Join(src, "content", "posts", "hello.md")
	write := func(body string) {
		os.WriteFile(post, []byte("---\ntitle: Hello\ndate: 2026-01-01\n---\n"+body), 0o644)
	}
	tests := []struct {
		name   string
		body   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"clean", "Hi, [out](" + ext.URL + "/ok).\n", nil, 0, `^checked internal links of \d+ pages: none broken\n$`, `^$`},
		{"broken internal link, although config.toml says warn", "See [x](/posts/nope/).\n", nil, 1, `^$`,
			`content/posts/hello.md:5: broken link "/posts/nope/": no such file posts/nope/index.html\nplexus check: problems found\n$`},
		{"external not checked by default", "[gone](" + ext.URL + "/gone)\n", nil, 0, `none broken`, `^$`},
		{"external", "[ok](" + ext.URL + "/ok) and\n[gone](" + ext.URL + "/gone)\n", []string{"--external"}, 1, `^$`,
			`content/posts/hello.md:6: broken link "` + regexp.QuoteMeta(ext.URL) + `/gone": 404 Not Found`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			write(tt.body)
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), append([]string{"check", "--source", src, "--now", "2026-11-22"}, tt.args...), &stdout, &stderr)
			if code != tt.code {
				t.Errorf("got exit %d; want %d (stderr %q)", code, tt.code, stderr.String())
			}
			if !regexp.MustCompile(tt.stdout).MatchString(stdout.String()) {
				t.Errorf("got stdout %q; want it to match %q", stdout.String(), tt.stdout)
			}
			if !regexp.MustCompile(tt.stderr).MatchString(stderr.String()) {
				t.Errorf("got stderr %q; want it to match %q", stderr.String(), tt.stderr)
			}
			if _, err := os.Stat(filepath.Join(src, "public")); !os.IsNotExist(err) {
				t.Error("plexus check wrote public/")
			}
		})
	}
}
