package check

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// userAgent names the checker to the sites it asks: some servers refuse
// requests without a User-Agent.
const userAgent = "Mozilla/5.0 (compatible; plexus-check; static site link checker)"

// checkExternal requests every distinct URL of another site once and
// reports the links to the ones that fail.
func (c *checker) checkExternal(ctx context.Context) error {
	client := cmp.Or(c.opts.Client, http.DefaultClient)
	timeout := c.opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	perHost := orDefault(c.opts.PerHost, DefaultPerHost)

	// Deal the URLs out host by host, so that consecutive ones are on
	// different hosts: workers then rarely wait for a host's slot while
	// other hosts are idle.
	byHost := map[string][]string{}
	for raw := range c.external {
		h := hostOf(raw)
		byHost[h] = append(byHost[h], raw)
	}
	hosts := slices.Sorted(maps.Keys(byHost))
	for _, h := range hosts {
		slices.Sort(byHost[h]) // the same order on every run
	}
	var (
		urls  []string
		slots []chan struct{} // urls[i]'s host's
	)
	hostSlots := make(map[string]chan struct{}, len(hosts))
	for _, h := range hosts {
		hostSlots[h] = make(chan struct{}, perHost)
	}
	for i := 0; len(urls) < len(c.external); i++ {
		for _, h := range hosts {
			if list := byHost[h]; i < len(list) {
				urls, slots = append(urls, list[i]), append(slots, hostSlots[h])
			}
		}
	}

	reasons := make([]string, len(urls))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(orDefault(c.opts.Concurrency, DefaultConcurrency), len(urls)) {
		wg.Go(func() {
			for i := range next {
				slot := slots[i]
				select {
				case slot <- struct{}{}:
				case <-ctx.Done():
					continue
				}
				reasons[i] = fetch(ctx, client, timeout, urls[i])
				<-slot
			}
		})
	}
feed:
	for i := range urls {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	for i, raw := range urls {
		if reasons[i] == "" {
			continue
		}
		for _, u := range c.external[raw] {
			c.broken = append(c.broken, Broken{Page: u.page, Link: u.link, Attr: u.attr, Reason: reasons[i], External: true})
		}
	}
	return nil
}

// fetch requests u and returns why it failed, or "" when it answered.
func fetch(ctx context.Context, client *http.Client, timeout time.Duration, u string) string {
	reason, retry := request(ctx, client, timeout, http.MethodHead, u)
	if retry {
		// Some servers refuse HEAD (405 Method Not Allowed, 501), or
		// answer it differently from GET; only GET's answer counts.
		reason, _ = request(ctx, client, timeout, http.MethodGet, u)
	}
	return reason
}

// request makes one request and returns why it failed ("" when it did
// not) and whether it is worth trying again with GET.
func request(ctx context.Context, client *http.Client, timeout time.Duration, method, u string) (reason string, retry bool) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, u, nil)
	if err != nil {
		return "malformed URL: " + err.Error(), false
	}
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("Accept", "*/*")
	resp, err := client.Do(req)
	if err != nil {
		var ne net.Error
		if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
			return "timeout", false // GET would only wait as long again
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return err.Error(), method == http.MethodHead
	}
	// Read a little of the body so that the connection can be reused for
	// the next URL on the host, but never a whole large file.
	io.Copy(io.Discard, io.LimitReader(resp.Body, 16<<10))
	resp.Body.Close()
	if resp.StatusCode < 400 {
		return "", false
	}
	return strings.TrimSpace(fmt.Sprintf("%d %s", resp.StatusCode, http.StatusText(resp.StatusCode))), method == http.MethodHead
}

// hostOf is the host (and port) of an absolute URL, lower case.
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Host)
}

// orDefault is n, or def when n is not positive.
func orDefault(n, def int) int {
	if n <= 0 {
		return def
	}
	return n
}
