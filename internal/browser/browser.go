// Package browser starts headless Chromium for tests that must see pages as
// readers do: the default theme and the dev server are checked in a real
// browser, not by string matching alone.
//
// Tests call New. Without Chromium installed, a test skips with a message
// saying how to install it, unless the CI environment variable is set: CI
// installs Chromium (see .ci/run), so there a missing browser fails the test
// instead of letting it pass unseen.
package browser

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// candidates are the names Chromium goes by; Debian's package is chromium.
var candidates = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// Path returns the browser to use: $PLEXUS_CHROMIUM if set, else the first
// of candidates on $PATH, else "".
func Path() string {
	if p := os.Getenv("PLEXUS_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range candidates {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// New starts a headless browser for the test and returns a chromedp
// context for one tab, cancelled (and the browser stopped) when the test
// ends. Each action should still take its own timeout.
func New(t testing.TB) context.Context {
	t.Helper()
	path := Path()
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("no Chromium found, and CI is set: browser tests must run in CI (install it with apt-get install chromium)")
		}
		t.Skip("skipping browser test: no Chromium found (install it with apt-get install chromium, or set PLEXUS_CHROMIUM)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // CI runs as root, where Chromium's sandbox will not start
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	// Start the browser now, so that a broken install fails here, clearly.
	// This first call must not carry a timeout: the browser lives as long
	// as its context.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	return ctx
}

// Timeout bounds each browser action in these helpers.
const Timeout = 20 * time.Second

// Navigate opens url in the test's tab, failing the test on error.
func Navigate(t testing.TB, ctx context.Context, url string) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	if err := chromedp.Do(c, chromedp.Navigate(url)); err != nil {
		t.Fatalf("opening %s: %v", url, err)
	}
}

// Eval evaluates a JavaScript expression in the tab and decodes its value,
// failing the test on error.
func Eval[T any](t testing.TB, ctx context.Context, expr string) T {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	v, err := chromedp.Run(c, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// WaitFor evaluates a JavaScript condition in the tab until it is true,
// failing the test after timeout. Errors while the page reloads are
// expected and retried.
func WaitFor(t testing.TB, ctx context.Context, cond string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var last error
	for time.Now().Before(deadline) {
		c, cancel := context.WithTimeout(ctx, Timeout)
		ok, err := chromedp.Run(c, chromedp.Evaluate[bool](cond))
		cancel()
		if err == nil && ok {
			return
		}
		last = err
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("waited %v for %s (last error: %v)", timeout, cond, last)
}
