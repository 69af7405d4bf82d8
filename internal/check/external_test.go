package check

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// server is a test site on 127.0.0.1 that counts the requests it gets.
type server struct {
	*httptest.Server
	mu       sync.Mutex
	requests map[string]int // "HEAD /ok" → count
	inFlight atomic.Int32
	maxSeen  atomic.Int32
	delay    time.Duration // how long every request takes
}

func newServer(t *testing.T, delay time.Duration) *server {
	s := &server{requests: map[string]int{}, delay: delay}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *server) serve(w http.ResponseWriter, r *http.Request) {
	n := s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	for m := s.maxSeen.Load(); n > m && !s.maxSeen.CompareAndSwap(m, n); m = s.maxSeen.Load() {
	}
	s.mu.Lock()
	s.requests[r.Method+" "+r.URL.Path]++
	s.mu.Unlock()
	if s.delay > 0 {
		select {
		case <-time.After(s.delay):
		case <-r.Context().Done():
			return
		}
	}
	switch r.URL.Path {
	case "/ok", "/page/1", "/page/2", "/page/3", "/page/4", "/page/5", "/page/6", "/page/7", "/page/8":
		fmt.Fprint(w, "ok")
	case "/missing":
		http.NotFound(w, r)
	case "/error":
		http.Error(w, "oops", http.StatusInternalServerError)
	case "/nohead": // a server that refuses HEAD
		if r.Method == http.MethodHead {
			http.Error(w, "no HEAD here", http.StatusMethodNotAllowed)
			return
		}
		fmt.Fprint(w, "ok")
	case "/headmissing": // a server that answers HEAD wrongly
		if r.Method == http.MethodHead {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, "ok")
	case "/redirect":
		http.Redirect(w, r, "/page/1", http.StatusMovedPermanently)
	case "/redirect-missing":
		http.Redirect(w, r, "/gone", http.StatusFound)
	case "/slow":
		select {
		case <-time.After(10 * time.Second):
		case <-r.Context().Done():
		}
	default:
		http.NotFound(w, r)
	}
}

func (s *server) count(req string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[req]
}

func (s *server) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.requests {
		n += c
	}
	return n
}

func TestExternal(t *testing.T) {
	srv := newServer(t, 0)
	u := srv.URL
	fsys := mapFS(map[string]string{
		"index.html": `<a href="` + u + `/ok">ok</a> <a href="` + u + `/ok#a">ok, a</a>
			<a href="` + u + `/missing">missing</a> <a href="` + u + `/error">error</a>
			<a href="` + u + `/nohead">no HEAD</a> <a href="` + u + `/headmissing">HEAD 404</a>
			<a href="` + u + `/redirect">redirect</a> <a href="` + u + `/redirect-missing">redirect to missing</a>
			<a href="` + u + `/slow">slow</a> <img src="` + u + `/missing" alt="">`,
		"a/index.html": `<a href="` + u + `/ok#b">ok, b</a> <a href="` + u + `/missing">missing</a>`,
	})
	var viaClient atomic.Int32
	client := &http.Client{Transport: roundTripper(func(r *http.Request) (*http.Response, error) {
		viaClient.Add(1)
		return http.DefaultTransport.RoundTrip(r)
	})}
	got, err := checkFolder(context.Background(), fsys, Options{External: true, Client: client, Timeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{} // page and link → reason
	for _, b := range got {
		if !b.External {
			t.Errorf("got %v with External false; want true", b)
		}
		reasons[b.Page+" "+strings.TrimPrefix(b.Link, u)] = b.Reason
	}
	tests := []struct {
		link string // page and path
		want string // reason, "" for none
	}{
		{"index.html /ok", ""},
		{"index.html /ok#a", ""},
		{"a/index.html /ok#b", ""},
		{"index.html /missing", "404 Not Found"},
		{"a/index.html /missing", "404 Not Found"},
		{"index.html /error", "500 Internal Server Error"},
		{"index.html /nohead", ""},
		{"index.html /headmissing", ""},
		{"index.html /redirect", ""},
		{"index.html /redirect-missing", "404 Not Found"},
		{"index.html /slow", "timeout"},
	}
	for _, tt := range tests {
		if got := reasons[tt.link]; got != tt.want {
			t.Errorf("%s: got reason %q; want %q", tt.link, got, tt.want)
		}
	}
	if len(got) != 5 {
		t.Errorf("got %d broken links %v; want 5", len(got), got)
	}

	requests := []struct {
		req  string
		want int
	}{
		{"HEAD /ok", 1}, // once, however many pages and fragments link to it
		{"GET /ok", 0},
		{"HEAD /missing", 1}, // once for two pages and two elements
		{"GET /missing", 1},  // an error status is tried again with GET
		{"HEAD /page/1", 1},  // where /redirect leads
		{"GET /gone", 1},     // where /redirect-missing leads
		{"HEAD /nohead", 1},
		{"GET /nohead", 1},
		{"HEAD /slow", 1},
		{"GET /slow", 0}, // a timeout is not retried
	}
	for _, tt := range requests {
		if got := srv.count(tt.req); got != tt.want {
			t.Errorf("%s: got %d requests; want %d", tt.req, got, tt.want)
		}
	}
	if viaClient.Load() == 0 {
		t.Errorf("got no requests through Options.Client; want all of them")
	}

	t.Run("not asked", func(t *testing.T) {
		before := srv.total()
		got, err := checkFolder(context.Background(), fsys, Options{})
		if err != nil || len(got) != 0 {
			t.Errorf("got %v, %v; want no broken links", got, err)
		}
		if n := srv.total() - before; n != 0 {
			t.Errorf("got %d requests without External; want 0", n)
		}
	})
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestExternalLimits counts the requests in flight at each server.
func TestExternalLimits(t *testing.T) {
	tests := []struct {
		name                 string
		servers              int
		concurrency, perHost int
		wantHost, wantTotal  int32 // most requests in flight at one host, and in all
	}{
		{"per host", 1, 10, 2, 2, 2},
		{"per host, default", 1, 0, 0, DefaultPerHost, DefaultPerHost},
		{"negative is default", 1, -1, -1, DefaultPerHost, DefaultPerHost},
		{"total", 2, 3, 2, 2, 3},
		{"one at a time", 2, 1, 2, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var (
				servers []*server
				page    strings.Builder
			)
			for range tt.servers {
				s := newServer(t, 40*time.Millisecond)
				servers = append(servers, s)
				for i := 1; i <= 8; i++ {
					fmt.Fprintf(&page, `<a href="%s/page/%d">%d</a>`, s.URL, i, i)
				}
			}
			fsys := mapFS(map[string]string{"index.html": page.String()})

			var inFlight, maxTotal atomic.Int32
			client := &http.Client{Transport: roundTripper(func(r *http.Request) (*http.Response, error) {
				n := inFlight.Add(1)
				defer inFlight.Add(-1)
				for m := maxTotal.Load(); n > m && !maxTotal.CompareAndSwap(m, n); m = maxTotal.Load() {
				}
				return http.DefaultTransport.RoundTrip(r)
			})}
			got, err := checkFolder(context.Background(), fsys, Options{External: true, Client: client,
				Concurrency: tt.concurrency, PerHost: tt.perHost})
			if err != nil || len(got) != 0 {
				t.Fatalf("got %v, %v; want no broken links", got, err)
			}
			var maxHost int32
			for _, s := range servers {
				if n := s.maxSeen.Load(); n > tt.wantHost {
					t.Errorf("got %d requests at once to %s; want at most %d", n, s.URL, tt.wantHost)
				}
				maxHost = max(maxHost, s.maxSeen.Load())
			}
			if maxHost != tt.wantHost {
				t.Errorf("got at most %d requests at once to a host; want %d (the limit, reached)", maxHost, tt.wantHost)
			}
			if n := maxTotal.Load(); n != tt.wantTotal {
				t.Errorf("got at most %d requests at once in all; want %d", n, tt.wantTotal)
			}
		})
	}
}

func TestExternalCancel(t *testing.T) {
	srv := newServer(t, 0)
	fsys := mapFS(map[string]string{"index.html": `<a href="` + srv.URL + `/slow">slow</a>`})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	got, err := checkFolder(ctx, fsys, Options{External: true, Timeout: time.Minute})
	if !errors.Is(err, context.Canceled) || got != nil {
		t.Errorf("got %v, %v; want nil, context.Canceled", got, err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Check returned %s after cancel; want at once", d)
	}
}
