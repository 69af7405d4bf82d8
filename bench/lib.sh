# Shared by run.sh and serve.sh (sourced, not run): where things are, what
# to install, and how to make the corpus, the binaries and the site folders.
# Everything generated goes under bench/.work (git-ignored) and, for build
# outputs, under $OUTROOT.

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
# The peer kit (gen-corpus, hugo-site, floor) is ../shared/bench beside the
# repository; SHARED_BENCH points elsewhere. It is only read: what has to be
# written (the Hugo site with its content, the floor binary) is made under
# bench/.work.
shared="${SHARED_BENCH:-$repo/../shared/bench}"
if [ ! -x "$shared/gen-corpus" ] || [ ! -d "$shared/hugo-site" ] || [ ! -d "$shared/floor" ]; then
  echo "bench: no peer kit at $shared (want gen-corpus, hugo-site/ and floor/); set SHARED_BENCH" >&2
  exit 2
fi
shared="$(cd "$shared" && pwd)"
work="$here/.work"
results="$here/results"
seed=${SEED:-1}
# The build's "now", for plexus (Hugo has no such flag: its site sets
# buildFuture, see README.md).
now=2026-11-22
# Extra flags for every plexus build and serve. --future publishes the
# corpus's events whose announcement date is after $now, as Hugo's site
# does with buildFuture = true, so that both build the same pages.
read -r -a plexus_flags <<<"${PLEXUS_FLAGS---future}"
mkdir -p "$work" "$results"

# need installs the Debian packages whose commands are missing, as root
# (apt-get update first: a fresh machine has no package lists).
need() { # command:package ...
  local missing=() pair
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
  done
  ((${#missing[@]})) || return 0
  echo "bench: installing ${missing[*]} from Debian's packages" >&2
  local sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
}

need_go() {
  if ! command -v go >/dev/null 2>&1; then
    echo "bench: go is not installed; plexus needs the Go toolchain its go.mod names ($(sed -n 's/^go //p' "$repo/go.mod"))" >&2
    exit 2
  fi
}

# build_plexus builds the plexus binary from the work tree, once per run.
build_plexus() {
  need_go
  echo "bench: building plexus ($(go version | cut -d' ' -f3))" >&2
  (cd "$repo" && go build -o "$work/plexus" ./cmd/plexus)
}

# build_floor builds the kit's floor program into bench/.work (the kit's
# folder may be read-only), again whenever its sources are newer.
build_floor() {
  need_go
  if [ ! -x "$work/floor" ] || [ -n "$(find "$shared/floor" -newer "$work/floor" \( -name '*.go' -o -name 'go.*' \))" ]; then
    echo "bench: building the floor program" >&2
    go build -C "$shared/floor" -o "$work/floor" .
  fi
}

# timed CMD [ARGS...] runs a command under GNU time, which writes its wall,
# user and system seconds and its peak RSS in KiB to $work/time.txt.
timed() { /usr/bin/time -o "$work/time.txt" -f "%e %U %S %M" "$@"; }

# make_corpus POSTS EVENTS sets $corpus to the generated corpus, made once
# per size and seed and kept in bench/.work.
make_corpus() {
  corpus="$work/corpus-$1-$2-s$seed"
  if [ ! -f "$corpus/.done" ]; then
    echo "bench: generating $1 posts + $2 events (seed $seed)" >&2
    rm -rf "$corpus"
    "$shared/gen-corpus" --posts "$1" --events "$2" --seed "$seed" --out "$corpus" >&2
    touch "$corpus/.done"
  fi
}

# link_content DIR gives site folder DIR a content/ folder of hard links to
# the corpus (a copy where hard links are refused): cheap, and a real
# folder, not a symbolic link, for the generators' folder walks. Made again
# when the corpus is newer. Only for sites that are built, never edited.
link_content() {
  if [ ! -f "$1/content/.done" ] || [ "$corpus/.done" -nt "$1/content/.done" ]; then
    rm -rf "$1/content"
    mkdir -p "$1"
    cp -al "$corpus/content" "$1/content" 2>/dev/null || cp -r "$corpus/content" "$1/content"
    touch "$1/content/.done"
  fi
}

# copy_content DIR gives DIR a content/ folder of its own, for a server
# whose files the benchmark edits.
copy_content() {
  rm -rf "$1/content"
  mkdir -p "$1"
  cp -r "$corpus/content" "$1/content"
}

# hugo_site DIR lays out the kit's Hugo site (hugo.toml, layouts/) in DIR.
hugo_site() {
  mkdir -p "$1"
  rm -rf "$1/layouts" "$1/hugo.toml" "$1/public" "$1/resources"
  cp -r "$shared/hugo-site/layouts" "$shared/hugo-site/hugo.toml" "$1/"
  chmod -R u+w "$1/layouts" "$1/hugo.toml"
}

# bare_layouts DIR writes a bare theme into DIR: for each layout of the
# default theme (partials aside), one that writes the page's title, its body
# and a link to each page it lists, inside a minimal HTML document. A site
# with it builds every page, feed and calendar the default theme does, so
# that plexus against plexus-bare is what the default theme's templates
# cost.
bare_layouts() {
  rm -rf "$1"
  local f
  (cd "$repo/layouts" && find . -name '*.html' -not -path './partials/*') | while read -r f; do
    mkdir -p "$1/$(dirname "$f")"
    echo '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}' >"$1/$f"
  done
  echo '<!DOCTYPE html><html lang="en"><title>{{ .Title }}</title>{{ block "main" . }}{{ end }}</html>' >"$1/_default/baseof.html"
}

# machine_info prints the machine and the versions measured, as
# "key: value" lines.
machine_info() {
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "nproc: $(nproc)"
  echo "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
  echo "memory: $(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "kernel: $(uname -r)"
  echo "go: $(go version | cut -d' ' -f3)"
  echo "hugo: $(hugo version 2>/dev/null | cut -d' ' -f2 | cut -d- -f1)"
  echo "plexus: $(git -C "$repo" describe --always --dirty 2>/dev/null || echo unknown)"
  echo "plexus flags: --now $now ${plexus_flags[*]}"
}

