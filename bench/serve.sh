#!/usr/bin/env bash
# Live preview: the time from saving a file to the dev server serving the
# change, plexus serve against hugo server on the benchmark corpus (issue 5).
# See bench/README.md.
#
# Usage: bench/serve.sh [POSTS [EVENTS]]    (default 10000; EVENTS = POSTS/5)
#
# Environment:
#   EDITS=20        edits of one post's body per server
#   NEW_POSTS=5     new posts per server
#   GAP=1           seconds between changes (at least 1)
#   TIMEOUT=30      seconds a change may take to show before it counts as
#                   never shown (stale)
#   SERVERS="plexus hugo-fast hugo-full"
#                   plexus     plexus serve --now 2026-11-22 (+ PLEXUS_FLAGS)
#                   hugo-fast  hugo server, default fast render mode
#                   hugo-full  hugo server --disableFastRender
#   PORT=13200      first port; each server gets the next one
#   SEED, PLEXUS_FLAGS, SHARED_BENCH, REPORT as for run.sh
#
# Installs Debian's hugo and python3 when missing (as root). Each
# server gets its own fresh copy of the corpus in bench/.work, so the
# edits never touch the cached corpus. Writes results/serve-raw-TAG.tsv
# (one line per change), serve-env-TAG.txt and serve-TAG.md (TAG is
# POSTS-EVENTS), then runs report.sh.
set -euo pipefail
posts=${1:-10000}
events=${2:-$((posts / 5))}
source "$(dirname "$0")/lib.sh"
edits=${EDITS:-20}
new_posts=${NEW_POSTS:-5}
gap=${GAP:-1}
timeout=${TIMEOUT:-30}
if ! awk -v g="$gap" 'BEGIN { exit !(g >= 1) }'; then
  echo "GAP must be at least 1 (seconds between changes), not $gap" >&2
  exit 2
fi
read -r -a servers <<<"${SERVERS:-plexus hugo-fast hugo-full}"
port=${PORT:-13200}
tag="$posts-$events"
[ "$seed" = 1 ] || tag+="-s$seed"

need hugo:hugo python3:python3
build_plexus
make_corpus "$posts" "$events"

raw="$results/serve-raw-$tag.tsv"
rm -f "$raw"
{
  machine_info
  echo "edits: $edits"
  echo "gap: $gap"
  echo "new posts: $new_posts"
  echo "timeout: $timeout"
} >"$results/serve-env-$tag.txt"

pid= sig=
stop() { # stops the server this script started, by its pid
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill "-$sig" "$pid" 2>/dev/null || true
    for _ in $(seq 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  pid=
}
trap stop EXIT

sites="$work/serve-$posts-$events-s$seed"
for s in "${servers[@]}"; do
  site="$sites/$s"
  log="$work/serve-$s.log"
  echo "$s: copying the corpus into $site"
  copy_content "$site"
  ready=
  case $s in
    plexus)
      cp "$here/config.toml" "$site/config.toml"
      # plexus serve stops cleanly on SIGINT (Ctrl-C), removing its
      # temporary folder; SIGTERM would end it at once.
      kind=plexus ready='serving on' sig=INT
      "$work/plexus" serve --port "$port" --now "$now" "${plexus_flags[@]}" --source "$site" >"$log" 2>&1 &
      ;;
    hugo-fast | hugo-full)
      hugo_site "$site"
      extra=()
      [ "$s" = hugo-full ] && extra=(--disableFastRender)
      kind=hugo ready='Web Server is available' sig=TERM
      rm -rf "$work/hugo-serve-cache"
      hugo server --source "$site" --bind 127.0.0.1 --port "$port" \
        --cacheDir "$work/hugo-serve-cache" "${extra[@]}" >"$log" 2>&1 &
      ;;
    *) echo "unknown server $s (want plexus, hugo-fast or hugo-full)" >&2; exit 2 ;;
  esac
  pid=$!
  echo "$s: started (pid $pid, port $port), waiting for its first build"
  waited=0
  until grep -q "$ready" "$log"; do
    if ! kill -0 "$pid" 2>/dev/null || ((waited > 9000)); then
      echo "$s did not start:" >&2
      tail -20 "$log" >&2
      exit 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  python3 "$here/serveprobe.py" --server "$s" --kind "$kind" --base "http://127.0.0.1:$port" \
    --site "$site" --log "$log" --tag "$tag" --out "$raw" \
    --edits "$edits" --new-posts "$new_posts" --gap "$gap" --timeout "$timeout"
  stop
  port=$((port + 1))
done

python3 "$here/summarize.py" serve "$tag" "$results" | tee "$results/serve-$tag.md"
if [ "${REPORT:-1}" != 0 ]; then
  "$here/report.sh"
fi
