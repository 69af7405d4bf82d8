package build

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"plexus/internal/browser"
)

// TestExampleSiteInBrowser builds the example site at the repository root
// and looks at it in headless Chromium as a reader would: the home page
// shows the network's posts and upcoming events with the theme's styles,
// and every post and event has its own page.
func TestExampleSiteInBrowser(t *testing.T) {
	ctx := browser.New(t)
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Options{Source: "../..", Destination: dest, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dest)))
	defer srv.Close()

	browser.Navigate(t, ctx, srv.URL+"/")
	title := browser.Eval[string](t, ctx, `document.title`)
	h1 := browser.Eval[[]string](t, ctx, `[...document.querySelectorAll("h1")].map(h => h.textContent.trim())`)
	posts := browser.Eval[int](t, ctx, `document.querySelectorAll("main a[href^='/posts/']:not([href='/posts/'])").length`)
	events := browser.Eval[int](t, ctx, `document.querySelectorAll("main a[href^='/events/']:not([href='/events/'])").length`)
	headerBg := browser.Eval[string](t, ctx, `getComputedStyle(document.querySelector("header")).backgroundColor`)
	if title != "National MSK Network" || len(h1) != 1 || h1[0] != "National MSK Network" {
		t.Errorf("home page: got title %q and h1s %q; want the network's name once", title, h1)
	}
	if posts < 5 || events < 3 {
		t.Errorf("home page links to %d posts and %d events; want the latest posts and upcoming events", posts, events)
	}
	if headerBg == "" || headerBg == "rgba(0, 0, 0, 0)" {
		t.Errorf("header background is %q: the stylesheet did not load", headerBg)
	}

	// Every region page shows content of its own region: the example site
	// has posts or events in each.
	browser.Navigate(t, ctx, srv.URL+"/regions/")
	regions := browser.Eval[[]string](t, ctx, `[...new Set([...document.querySelectorAll("main a[href^='/regions/']:not([href='/regions/'])")].map(a => a.getAttribute("href")))]`)
	if len(regions) != 8 {
		t.Errorf("/regions/ links to %d regions %q; want the 8 of config.toml", len(regions), regions)
	}
	for _, r := range regions {
		browser.Navigate(t, ctx, srv.URL+r)
		name := browser.Eval[string](t, ctx, `document.querySelector("h1").textContent.trim()`)
		// Cards listing this region carry a badge linking back to it.
		own := browser.Eval[int](t, ctx, `document.querySelectorAll("main article a[href='`+r+`']").length`)
		if own == 0 {
			t.Errorf("%s (%s) lists no post or event of its own region", r, name)
		}
	}

	var links []string
	for _, list := range []string{"/posts/", "/events/"} {
		browser.Navigate(t, ctx, srv.URL+list)
		found := browser.Eval[[]string](t, ctx, `[...new Set([...document.querySelectorAll("main article h2 a, main article h3 a")].map(a => a.getAttribute("href")))]`)
		if len(found) == 0 {
			t.Fatalf("%s lists no pages", list)
		}
		links = append(links, found...)
	}
	for _, link := range links {
		browser.Navigate(t, ctx, srv.URL+link)
		status := browser.Eval[int](t, ctx, `performance.getEntriesByType("navigation")[0].responseStatus`)
		pageH1 := browser.Eval[string](t, ctx, `document.querySelector("h1") ? document.querySelector("h1").textContent : ""`)
		text := browser.Eval[string](t, ctx, `document.querySelector("main").innerText`)
		if status != 200 || strings.TrimSpace(pageH1) == "" || len(text) < 200 {
			t.Errorf("%s: got status %d, h1 %q, %d characters of text; want a page with its content", link, status, pageH1, len(text))
		}
	}
}
