#!/usr/bin/env python3
"""serveprobe.py: times how fast a running dev server serves a change to its
site's files; serve.sh starts the server and runs this. Python 3 standard
library only.

Two tests, on the site folder the server watches:

  edit     append a paragraph with a unique token to the first post (by file
           name), as bench/../shared/bench/run.sh does for hugo server, and
           time, from just before the write: the server's signal that it has
           rebuilt, and the first GET of the post's page that shows the token.
  newpost  write a new post, dated after every other post, with a token in
           its title, and time until the home page, the posts list and the
           site feed all show it.

The signal is plexus serve's server-sent "event: reload" on
/__plexus/events (--kind plexus), or a new "Total in N ms" line in hugo
server's log (--kind hugo). After the signal, the pages are fetched every
5 ms until they show the change, up to --timeout seconds from the write.
Before the tests the post, /, /posts/ and the feed are fetched once, as a
browser showing them would (Hugo's fast render mode re-renders visited
pages only).

Appends one line per measurement to --out (TSV; columns in HEADER). Times are
in milliseconds; "reported_ms" is the server's own figure for the rebuild
(plexus's "loaded ... in X" or "updated ... in X" line, Hugo's "Total in N ms").
"""

import argparse
import datetime as dt
import http.client
import os
import queue
import re
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

HEADER = "tag\tserver\ttest\ttrial\treported_ms\tsignal_ms\tserved_ms\tstale_gets\tnote\n"
POLL = 0.005  # seconds between GETs and between looks at the log


class Log:
    """Follows a server's log file, for lines as they are written."""

    def __init__(self, path):
        self.path = path
        self.offset = 0
        self.lines = []

    def read(self):
        with open(self.path, "rb") as f:
            f.seek(self.offset)
            data = f.read()
        # Only whole lines: a line may be half-written.
        end = data.rfind(b"\n") + 1
        self.offset += end
        new = data[:end].decode("utf-8", "replace").splitlines()
        self.lines.extend(new)
        return new


# The lines plexus serve logs after a rebuild: the site loaded (its graph
# made again) or pages updated in place.
PLEXUS_BUILT = ("loaded ", "updated ")


def plexus_ms(line):
    """'built ... in 1.234s' (or 45ms, 850µs) -> milliseconds."""
    m = re.search(r" in ([0-9.]+)(µs|us|ms|s|m)$", line.strip())
    if not m:
        return None
    v, unit = float(m.group(1)), m.group(2)
    return v * {"µs": 1e-3, "us": 1e-3, "ms": 1, "s": 1e3, "m": 6e4}[unit]


class Events(threading.Thread):
    """Reads plexus serve's server-sent events; puts (name, monotonic time)
    on a queue as each event's first line arrives."""

    def __init__(self, base):
        super().__init__(daemon=True)
        self.base = base
        self.q = queue.Queue()
        self.connected = threading.Event()

    def run(self):
        u = urllib.parse.urlsplit(self.base)
        conn = http.client.HTTPConnection(u.hostname, u.port)
        # A version far ahead of the server's: no "reload" for the
        # connection itself, only for the rebuilds to come.
        conn.request("GET", "/__plexus/events?v=1000000000")
        r = conn.getresponse()
        self.connected.set()
        while True:
            line = r.readline()
            if not line:
                return
            if line.startswith(b"event:"):
                self.q.put((line[6:].strip().decode(), time.monotonic()))

    def drain(self):
        while not self.q.empty():
            self.q.get_nowait()

    def wait(self, name, deadline):
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                ev, t = self.q.get(timeout=left)
            except queue.Empty:
                return None
            if ev == name:
                return t


def get(url):
    req = urllib.request.Request(url, headers={"Cache-Control": "no-cache"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, http.client.HTTPException):
        return ""


def served(urls, token, deadline):
    """Fetches each of urls every POLL seconds until it shows token; returns
    the time the last one did (None on timeout), the GETs that did not show
    it yet, and the urls that never did."""
    seen, stale = {}, 0
    while len(seen) < len(urls):
        for u in urls:
            if u in seen:
                continue
            if token in get(u):
                seen[u] = time.monotonic()
            else:
                stale += 1
        if len(seen) < len(urls):
            if time.monotonic() > deadline:
                return None, stale, [u for u in urls if u not in seen]
            time.sleep(POLL)
    return max(seen.values()), stale, []


def newest_post_date(posts_dir):
    newest = None
    for name in os.listdir(posts_dir):
        if not name.endswith(".md"):
            continue
        with open(os.path.join(posts_dir, name), encoding="utf-8") as f:
            for i, line in enumerate(f):
                if i > 0 and line.strip() == "---":
                    break  # the end of the frontmatter
                if line.startswith("date:"):
                    v = line[5:].strip().strip('"').replace("Z", "+00:00")
                    d = dt.datetime.fromisoformat(v)
                    if d.tzinfo is None:
                        d = d.replace(tzinfo=dt.timezone.utc)
                    newest = d if newest is None or d > newest else newest
                    break
    return newest


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--server", required=True, help="name for the results: plexus, hugo-fast, hugo-full")
    ap.add_argument("--kind", required=True, choices=["plexus", "hugo"])
    ap.add_argument("--base", required=True, help="the server's URL, http://127.0.0.1:PORT")
    ap.add_argument("--site", required=True, help="the site folder the server watches")
    ap.add_argument("--log", required=True, help="the server's log file")
    ap.add_argument("--tag", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--new-posts", type=int, default=5)
    ap.add_argument("--gap", type=float, default=1.0, help="seconds between changes")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for a change to show")
    a = ap.parse_args()
    base = a.base.rstrip("/")
    posts_dir = os.path.join(a.site, "content", "posts")
    first = sorted(n for n in os.listdir(posts_dir) if n.endswith(".md"))[0]
    post_path = os.path.join(posts_dir, first)
    post_url = f"{base}/posts/{first[:-3]}/"
    feed_url = base + ("/feed.xml" if a.kind == "plexus" else "/index.xml")
    lists = [base + "/", base + "/posts/", feed_url]

    if not os.path.exists(a.out):
        with open(a.out, "w") as f:
            f.write(HEADER)

    def record(test, trial, reported, signal, served_ms, stale, note=""):
        def ms(x):
            return "" if x is None else f"{x:.1f}"
        with open(a.out, "a") as f:
            f.write(f"{a.tag}\t{a.server}\t{test}\t{trial}\t{ms(reported)}\t{ms(signal)}\t{ms(served_ms)}"
                    f"\t{stale}\t{note}\n")

    log = Log(a.log)
    log.read()
    if a.kind == "plexus":
        built = [plexus_ms(l) for l in log.lines if l.startswith(PLEXUS_BUILT)]
        init = built[0] if built else None
    else:
        m = [re.search(r"Built in (\d+) ms", l) for l in log.lines]
        init = next((float(x.group(1)) for x in m if x), None)
    record("init", 0, init, None, None, 0)
    print(f"  {a.server}: initial build {init if init is not None else '?'} ms")

    events = None
    if a.kind == "plexus":
        events = Events(base)
        events.start()
        if not events.connected.wait(10):
            raise SystemExit("serveprobe: no event stream at /__plexus/events")
    for u in [post_url] + lists:
        if not get(u):
            raise SystemExit(f"serveprobe: {u} gives nothing: is the server serving the site?")

    def change(write, urls, token):
        """Makes a change and times it: (reported, signal, served, stale, note)."""
        time.sleep(a.gap)
        log.read()
        if events:
            events.drain()
        t0 = time.monotonic()
        write()
        deadline = t0 + a.timeout
        reported = signal = None
        if events:
            t = events.wait("reload", deadline)
            if t is not None:
                signal = (t - t0) * 1e3
                built = [plexus_ms(l) for l in log.read() if l.startswith(PLEXUS_BUILT)]
                reported = built[-1] if built else None
        else:
            while time.monotonic() < deadline:
                new = [l for l in log.read() if "Total in" in l]
                if new:
                    signal = (time.monotonic() - t0) * 1e3
                    m = re.search(r"Total in (\d+) ms", (new or [""])[-1])
                    reported = float(m.group(1)) if m else None
                    break
                time.sleep(POLL)
        t, stale, missing = served(urls, token, deadline)
        note = "" if signal is not None else "no rebuild signal; "
        if t is None:
            note += "never showed: " + " ".join(u[len(base):] for u in missing)
        return reported, signal, None if t is None else (t - t0) * 1e3, stale, note

    for k in range(1, a.edits + 1):
        token = f"benchedit{k}x{secrets.token_hex(4)}"

        def write():
            with open(post_path, "a", encoding="utf-8") as f:
                f.write(f"\nEdited paragraph {token} for the serve benchmark.\n")

        r = change(write, [post_url], token)
        record("edit", k, *r)
        print(f"  {a.server} edit {k}: signal {r[1] and round(r[1])} ms, served {r[2] and round(r[2])} ms, "
              f"server's figure {r[0] and round(r[0])} ms {r[4]}")

    newest = newest_post_date(posts_dir)
    for k in range(1, a.new_posts + 1):
        token = f"benchnew{k}x{secrets.token_hex(4)}"
        date = (newest + dt.timedelta(seconds=k)).strftime("%Y-%m-%dT%H:%M:%SZ")
        path = os.path.join(posts_dir, f"serve-bench-new-post-{k}.md")

        def write():
            with open(path, "w", encoding="utf-8") as f:
                f.write(f'---\ntitle: "New post {token}"\ndate: {date}\nauthor: "Serve Benchmark"\n'
                        f'regions: ["london"]\ntags: ["research"]\nsummary: "A post added by the serve '
                        f'benchmark."\ndraft: false\n---\nA new post, added while the server runs.\n')

        r = change(write, lists, token)
        record("newpost", k, *r)
        print(f"  {a.server} new post {k}: signal {r[1] and round(r[1])} ms, on /, /posts/ and the feed "
              f"{r[2] and round(r[2])} ms, server's figure {r[0] and round(r[0])} ms {r[4]}")


if __name__ == "__main__":
    main()
