package serve

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"plexus/internal/browser"
)

// TestLiveReloadInBrowser opens a post in headless Chromium, edits its file
// on disk as an editor that saves by rename does, and sees the new title
// without navigating; breaks the frontmatter and sees the error over the
// page, naming file and line; fixes it and sees the page again.
func TestLiveReloadInBrowser(t *testing.T) {
	ctx := browser.New(t)
	src := copySite(t)
	post := filepath.Join(src, "content", "posts", "first.md")
	original, err := os.ReadFile(post)
	if err != nil {
		t.Fatal(err)
	}
	// save writes the file as many editors do: to a temporary file beside
	// it, then renamed over it.
	save := func(text string) {
		t.Helper()
		tmp := post + ".tmp"
		if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, post); err != nil {
			t.Fatal(err)
		}
	}

	serveCtx, stop := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- Run(serveCtx, Options{Source: src, Port: -1, Now: "2026-11-22", Log: io.Discard,
			Ready: func(url string) { ready <- url }})
	}()
	defer func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	var base string
	select {
	case base = <-ready:
	case err := <-done:
		t.Fatalf("Run: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not start")
	}

	browser.Navigate(t, ctx, base+"posts/first/")
	browser.WaitFor(t, ctx, `document.querySelector("h1").textContent.includes("First post")`, 10*time.Second)
	// A marker on the window survives nothing but this page's life: it is
	// gone after a reload, not after in-page updates.
	browser.Eval[bool](t, ctx, `window.plexusTestMarker = true`)

	text := strings.Replace(string(original), `title: "First post: <script>alert('x')</script> & more"`, `title: "Edited while watching"`, 1)
	save(text)
	browser.WaitFor(t, ctx, `document.querySelector("h1").textContent === "Edited while watching"`, 10*time.Second)
	if url := browser.Eval[string](t, ctx, `location.href`); url != base+"posts/first/" {
		t.Errorf("the page moved to %s", url)
	}

	save("---\ntitle: [unclosed\ndate: 2026-01-10\n---\nBroken.\n")
	browser.WaitFor(t, ctx, `!!document.querySelector("#plexus-build-error")`, 10*time.Second)
	overlay := browser.Eval[string](t, ctx, `document.querySelector("#plexus-build-error").textContent`)
	// YAML reports an unclosed list where it noticed it: the line of the
	// "[" or the one after.
	if !regexp.MustCompile(`content/posts/first\.md:[23]: invalid YAML frontmatter`).MatchString(overlay) {
		t.Errorf("the overlay does not name the file and line:\n%s", overlay)
	}
	if h1 := browser.Eval[string](t, ctx, `document.querySelector("h1").textContent`); h1 != "Edited while watching" {
		t.Errorf("behind the overlay, got h1 %q; want the last good page", h1)
	}

	save(strings.Replace(text, "Edited while watching", "Fixed again", 1))
	browser.WaitFor(t, ctx, `!document.querySelector("#plexus-build-error") && document.querySelector("h1").textContent === "Fixed again"`, 10*time.Second)
}
