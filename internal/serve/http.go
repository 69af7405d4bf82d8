package serve

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"mime"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"time"
)

// The paths the server answers itself, outside the site.
const (
	scriptPath = "/__plexus/reload.js"
	eventsPath = "/__plexus/events"
)

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case scriptPath:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		io.WriteString(w, reloadScript)
		return
	case eventsPath:
		s.events(w, r)
		return
	}
	s.file(w, r)
}

// file serves a file of the site. Pages, feeds, calendars and the
// sitemap are rendered as they are asked for, from the site as it stands
// (build.Session); they are found by their exact output path, so no URL
// can name anything else. Static and bundle files are read from the site
// folder through an os.Root, which refuses any name that would leave it
// (by "..", an absolute path or a symbolic link).
func (s *server) file(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	s.mu.Lock()
	version, built := s.version, s.version > 0
	s.mu.Unlock()
	if !built {
		// No good build yet: a page that shows the error and reloads
		// when the site builds.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, inject([]byte(notBuilt), version))
		return
	}

	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	slash := strings.HasSuffix(r.URL.Path, "/")
	if name == "" {
		name = "."
	}
	rendered := name
	if slash || name == "." {
		rendered = path.Join(name, "index.html")
	}
	if s.rendered(w, r, rendered, http.StatusOK, version) {
		return
	}
	if !slash && s.session.Has(path.Join(name, "index.html")) {
		s.addSlash(w, r, name)
		return
	}

	root, err := os.OpenRoot(s.dest)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer root.Close()
	info, err := root.Stat(name)
	if err == nil && info.IsDir() {
		if !slash {
			s.addSlash(w, r, name)
			return
		}
		name = path.Join(name, "index.html")
		info, err = root.Stat(name)
	}
	if err != nil || info.IsDir() {
		if !s.rendered(w, r, notFound, http.StatusNotFound, version) {
			http.NotFound(w, r)
		}
		return
	}
	f, err := root.Open(name)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", contentType(name))
	http.ServeContent(w, r, name, info.ModTime(), f)
}

// notFound is the site's page for a missing URL.
const notFound = "404.html"

// addSlash redirects a folder's URL without its trailing slash to the URL
// with it, as static hosts do, so that the page's relative links resolve.
// name is the folder as served, cleaned: the path as asked could start
// "//", which a browser reads as another host.
func (s *server) addSlash(w http.ResponseWriter, r *http.Request, name string) {
	to := "/" + name + "/"
	if r.URL.RawQuery != "" {
		to += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, to, http.StatusMovedPermanently)
}

// rendered renders the site's file at name and serves it with status,
// reporting false, having served nothing, when the site has no such file.
// A page a template cannot render is served as its error, with the reload
// script, so that the fix shows by itself.
func (s *server) rendered(w http.ResponseWriter, r *http.Request, name string, status, version int) bool {
	var buf bytes.Buffer
	ok, err := s.session.File(&buf, name)
	switch {
	case !ok:
		return false
	case err != nil:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		page := fmt.Sprintf(renderFailed, html.EscapeString(err.Error()))
		io.WriteString(w, inject([]byte(page), version))
		return true
	}
	body := buf.Bytes()
	if strings.HasSuffix(name, ".html") {
		body = []byte(inject(body, version))
	}
	w.Header().Set("Content-Type", contentType(name))
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
	return true
}

// renderFailed is served for a page a template fails on.
const renderFailed = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>This page did not render</title></head>
<body><main><h1>This page did not render</h1>
<pre>%s</pre>
<p>Fix the file and save it, and this page reloads.</p></main></body></html>`

// types are the content types of the files a site has, where Go's table
// (which reads the system's) may lack them or differ between machines.
var types = map[string]string{
	".html":  "text/html; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".mjs":   "text/javascript; charset=utf-8",
	".json":  "application/json",
	".xml":   "application/xml",
	".ics":   "text/calendar; charset=utf-8",
	".txt":   "text/plain; charset=utf-8",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".jpeg":  "image/jpeg",
	".gif":   "image/gif",
	".webp":  "image/webp",
	".avif":  "image/avif",
	".ico":   "image/x-icon",
	".woff":  "font/woff",
	".woff2": "font/woff2",
	".pdf":   "application/pdf",
	".mp4":   "video/mp4",
	".webm":  "video/webm",
	".mp3":   "audio/mpeg",
}

// feedTypes name feeds by their file name, as plexus writes them.
var feedTypes = map[string]string{
	"feed.xml":  "application/rss+xml",
	"atom.xml":  "application/atom+xml",
	"feed.json": "application/feed+json",
}

func contentType(name string) string {
	if t, ok := feedTypes[path.Base(name)]; ok {
		return t
	}
	ext := strings.ToLower(path.Ext(name))
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// inject adds the reload script to a page, before </body> when it has one.
func inject(page []byte, version int) string {
	tag := fmt.Sprintf(`<script src="%s?v=%d" defer></script>`, scriptPath, version)
	if i := bytes.LastIndex(bytes.ToLower(page), []byte("</body>")); i >= 0 {
		return string(page[:i]) + tag + string(page[i:])
	}
	return string(page) + tag
}

// events streams server-sent events to a page: "reload" when the site has
// been rebuilt since the version the page was served from, "builderror"
// with the error while the last build failed.
func (s *server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	seen, _ := strconv.Atoi(r.URL.Query().Get("v"))

	c := make(chan event, 4)
	s.mu.Lock()
	s.clients[c] = struct{}{}
	switch {
	case s.failure != "":
		c <- event{"builderror", errorJSON(s.failure)}
	case seen < s.version:
		c <- event{"reload", strconv.Itoa(s.version)}
	}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()

	w.WriteHeader(http.StatusOK)
	flusher.Flush()
	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-ping.C:
			io.WriteString(w, ": ping\n\n")
		case e, ok := <-c:
			if !ok {
				return // the server is stopping
			}
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.name, e.data)
		}
		flusher.Flush()
	}
}

func errorJSON(msg string) string {
	b, _ := json.Marshal(struct {
		Message string `json:"message"`
	}{msg})
	return string(b)
}

// notBuilt is served while the site has never built.
const notBuilt = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Building…</title></head>
<body><main><h1>The site has not built yet</h1>
<p>plexus shows the error above; fix the file and save it, and this page reloads.</p></main></body></html>`

// reloadScript listens for rebuilds. On "reload" it reloads the page; on
// "builderror" it shows the error over the page (as text, never as HTML:
// error messages quote the writer's input). EventSource reconnects by
// itself when the server restarts.
const reloadScript = `(() => {
  const v = new URL(document.currentScript.src).searchParams.get("v") || "0";
  const es = new EventSource("/__plexus/events?v=" + v);
  es.addEventListener("reload", () => location.reload());
  es.addEventListener("builderror", (e) => {
    const { message } = JSON.parse(e.data);
    let box = document.getElementById("plexus-build-error");
    if (!box) {
      box = document.createElement("div");
      box.id = "plexus-build-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0 0 auto 0;max-height:80vh;overflow:auto;z-index:2147483647;" +
        "margin:0;padding:1.25rem 1.5rem;background:#1d1d1d;color:#fff;border-bottom:6px solid #d5281b;" +
        "font:16px/1.5 system-ui,sans-serif;box-shadow:0 4px 24px rgba(0,0,0,.4)";
      const h = document.createElement("h2");
      h.textContent = "The site did not build";
      h.style.cssText = "margin:0 0 .5rem;font-size:1.25rem;color:#fff";
      const pre = document.createElement("pre");
      pre.style.cssText = "margin:0 0 .75rem;white-space:pre-wrap;font:15px/1.5 ui-monospace,monospace;color:#ffd7d2";
      const p = document.createElement("p");
      p.textContent = "You are seeing the last version that built. Fix the file and save it: this page reloads by itself.";
      p.style.margin = "0";
      box.append(h, pre, p);
      document.body.prepend(box);
    }
    box.querySelector("pre").textContent = message;
  });
})();
`
