#!/usr/bin/env bash
# Clean builds of the benchmark corpus with plexus, Hugo and the goldmark
# floor, side by side on this machine (issue 7). See bench/README.md.
#
# Usage: bench/run.sh POSTS [EVENTS]        (EVENTS defaults to POSTS/5)
#
# Environment:
#   RUNS=5         timed runs per tool, after one untimed warm-up run each
#   TOOLS="plexus hugo floor plexus-lean plexus-bare plexus-noop"
#                  which builds, in the first round's order (above 50,000
#                  posts the default leaves hugo and plexus-bare out: Hugo
#                  would need about 150 KiB of memory per page, 18 GiB at
#                  100,000 posts):
#                    plexus       plexus build, clean (output removed first)
#                    hugo         hugo, clean (output and cache dir removed)
#                    floor        the kit's floor program, clean
#                    plexus-lean  plexus, clean, without minifying and
#                                 without the link check
#                    plexus-noop  plexus again over its own previous output,
#                                 nothing changed: must write no file
#   STORE=tmpfs    build outputs on /dev/shm (default), or "disk" for
#                  bench/.work/out
#   OUTROOT=DIR    where outputs go instead (default by STORE): run.sh
#                  makes and removes DIR/out and DIR/hugo-cache in it
#   SEED=1         corpus seed
#   PLEXUS_FLAGS   extra plexus flags (default "--future"; see README.md)
#   SHARED_BENCH   the peer kit (default ../shared/bench beside the repo)
#   REPORT=1       0 leaves bench/RESULTS.md alone (else report.sh runs)
#
# Installs Debian's hugo, time and python3 when missing (as root).
# Writes results/raw-TAG.tsv (one line per timed run), counts-TAG.tsv (the
# files each tool writes), pageset-TAG.md (plexus's pages against Hugo's),
# env-TAG.txt (machine and versions) and summary-TAG.md, where TAG is
# POSTS-EVENTS, with "-sSEED" for a seed other than 1 and "-disk" for
# STORE=disk; then runs report.sh.
set -euo pipefail
posts=${1:?usage: bench/run.sh POSTS [EVENTS]}
events=${2:-$((posts / 5))}
source "$(dirname "$0")/lib.sh"
runs=${RUNS:-5}
default_tools="plexus hugo floor plexus-lean plexus-bare plexus-noop"
((posts <= 50000)) || default_tools="plexus floor plexus-lean plexus-noop"
read -r -a tools <<<"${TOOLS:-$default_tools}"
store=${STORE:-tmpfs}
tag="$posts-$events"
[ "$seed" = 1 ] || tag+="-s$seed"
case $store in
  tmpfs) outroot=${OUTROOT:-/dev/shm/plexus-repo-bench} ;;
  disk) outroot=${OUTROOT:-$work/out}; tag+="-disk" ;;
  *) echo "STORE must be tmpfs or disk" >&2; exit 2 ;;
esac
out="$outroot/out"
hcache="$outroot/hugo-cache"

need hugo:hugo /usr/bin/time:time python3:python3
build_plexus
build_floor
make_corpus "$posts" "$events"
echo "corpus: $(find "$corpus/content" -name '*.md' | wc -l) files, $(du -sh "$corpus/content" | cut -f1)"

# The sites: a plexus site (bench/config.toml), the same with minifying and
# the link check off, the same with a bare theme, and the kit's Hugo site,
# each with the corpus as its content/ folder.
sites="$work/sites-$posts-$events-s$seed"
lean_config() {
  if grep -q '^\[publish\]' "$here/config.toml"; then
    echo "bench/config.toml has a [publish] table: run.sh adds its own for plexus-lean; move its keys out" >&2
    exit 2
  fi
  cat "$here/config.toml"
  printf '\n# Added by run.sh for the plexus-lean row.\n[publish]\nminify = false\nbroken_links = "ignore"\n'
}
link_content "$sites/plexus"
cp "$here/config.toml" "$sites/plexus/config.toml"
link_content "$sites/plexus-lean"
lean_config >"$sites/plexus-lean/config.toml"
link_content "$sites/plexus-bare"
cp "$here/config.toml" "$sites/plexus-bare/config.toml"
bare_layouts "$sites/plexus-bare/layouts"
link_content "$sites/hugo"
hugo_site "$sites/hugo"

# Only these two folders under $outroot are ever removed.
rm -rf "$out" "$hcache"
mkdir -p "$out"
if [ "$store" = tmpfs ]; then
  # The outputs live in memory: free them however the script ends.
  trap 'rm -rf "$out" "$hcache"; rmdir "$outroot" 2>/dev/null || true' EXIT
fi

# build TOOL runs one build of TOOL into $out/TOOL, timed (lib.sh); clean builds remove their output (and Hugo its cache)
# first and sync, untimed.
build() {
  local t=$1
  case $t in
    plexus | plexus-lean | plexus-bare)
      rm -rf "${out:?}/$t"
      sync
      timed "$work/plexus" build --source "$sites/$t" --destination "$out/$t" \
        --now "$now" "${plexus_flags[@]}" ;;
    plexus-noop)
      sync
      timed "$work/plexus" build --source "$sites/plexus" --destination "$out/$t" \
        --now "$now" "${plexus_flags[@]}" ;;
    hugo)
      rm -rf "${out:?}/hugo" "$hcache"
      sync
      timed hugo --quiet --source "$sites/hugo" --destination "$out/hugo" --cacheDir "$hcache" ;;
    floor)
      rm -rf "${out:?}/floor"
      sync
      timed "$work/floor" -in "$corpus/content" -out "$out/floor" ;;
    *) echo "unknown tool $t (want plexus, hugo, floor, plexus-lean, plexus-bare or plexus-noop)" >&2; exit 2 ;;
  esac
}

# run TOOL ROUND builds once and prints the time; round 0 is the warm-up.
# Files modified after a marker made just before the build are the files it
# wrote (a file plexus leaves unchanged keeps its time).
run() {
  local t=$1 r=$2 log="$work/log-$1.txt"
  touch "$work/marker"
  if ! build "$t" >"$log" 2>&1; then
    echo "FAILED: $t (round $r)" >&2
    tail -20 "$log" >&2
    exit 1
  fi
  local wall user sys rss written
  read -r wall user sys rss < <(tail -1 "$work/time.txt")
  written=$(find "$out/$t" -type f -newer "$work/marker" | wc -l)
  if ((r > 0)); then
    # Outputs on tmpfs are memory that the next build may need; the
    # warm-up's stay until they are counted.
    [ "$t" = plexus-noop ] || rm -rf "${out:?}/$t"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tag" "$t" "$r" "$wall" "$user" "$sys" "$rss" "$written" >>"$raw"
  fi
  printf '  round %s %-12s wall %6ss  user %6ss  sys %5ss  maxrss %8s KiB  files written %s\n' \
    "$r" "$t" "$wall" "$user" "$sys" "$rss" "$written"
}

# ---- warm-up (untimed), the files each tool writes ------------------------------
counts="$results/counts-$tag.tsv"
printf 'tag\ttool\thtml_files\tfeed_files\tcalendar_files\tother_files\tbytes\tsays\n' >"$counts"
rm -f "$work"/files-*.tsv
echo "warm-up (untimed):"
for t in "${tools[@]}"; do
  if [ "$t" = plexus-noop ]; then
    build plexus-noop >"$work/log-$t.txt" 2>&1 || { tail -20 "$work/log-$t.txt" >&2; exit 1; }
  fi
  run "$t" 0
  # HTML pages; feeds (RSS: plexus's feed.xml, Hugo's index.xml; Atom; JSON
  # Feed); iCalendar files; everything else (CSS, sitemap, robots.txt).
  find "$out/$t" -type f -printf '%P\t%s\n' | LC_ALL=C sort >"$work/files-$t.tsv"
  says=$(grep -o 'built .*' "$work/log-$t.txt" | tail -1 || true)
  awk -F'\t' -v tag="$tag" -v tool="$t" -v says="$says" '
    { n = split($1, parts, "/"); name = parts[n]; bytes += $2 }
    name ~ /\.html$/ { html++; next }
    name == "feed.xml" || name == "index.xml" || name == "atom.xml" || name == "feed.json" { feeds++; next }
    name ~ /\.ics$/ { ics++; next }
    { other++ }
    END { printf "%s\t%s\t%d\t%d\t%d\t%d\t%.0f\t%s\n", tag, tool, html, feeds, ics, other, bytes, says }
  ' "$work/files-$t.tsv" >>"$counts"
  [ "$t" = plexus-noop ] || rm -rf "${out:?}/$t"
done
awk -F'\t' 'NR > 1 {printf "  %-12s %7s html %5s feeds %5s calendars %5s other %12s bytes\n", $2, $3, $4, $5, $6, $7}' "$counts"

# ---- plexus's page set against Hugo's ---------------------------------------------
# Sorted lists of output paths, Hugo's RSS feeds (X/index.xml) named as
# plexus names them (X/feed.xml), split by comm into paths only plexus
# writes, only Hugo writes, and both write.
if [ -f "$work/files-plexus.tsv" ] && [ -f "$work/files-hugo.tsv" ]; then
  cut -f1 "$work/files-plexus.tsv" | LC_ALL=C sort >"$work/paths-plexus.txt"
  cut -f1 "$work/files-hugo.tsv" | sed -E 's#(^|/)index\.xml$#\1feed.xml#' | LC_ALL=C sort >"$work/paths-hugo.txt"
  LC_ALL=C comm -23 "$work/paths-plexus.txt" "$work/paths-hugo.txt" >"$work/only-plexus.txt"
  LC_ALL=C comm -13 "$work/paths-plexus.txt" "$work/paths-hugo.txt" >"$work/only-hugo.txt"
  LC_ALL=C comm -12 "$work/paths-plexus.txt" "$work/paths-hugo.txt" >"$work/both.txt"
  python3 "$here/summarize.py" pageset "$tag" "$work/only-plexus.txt" "$work/only-hugo.txt" "$work/both.txt" \
    >"$results/pageset-$tag.md"
  echo "page sets: $(wc -l <"$work/both.txt") paths in both, $(wc -l <"$work/only-plexus.txt") only plexus, $(wc -l <"$work/only-hugo.txt") only Hugo (results/pageset-$tag.md)"
fi

# ---- interleaved timed runs ---------------------------------------------------------
# Round r starts one tool further along: A B C, B C A, C A B, ...
raw="$results/raw-$tag.tsv"
printf 'tag\ttool\tround\twall_s\tuser_s\tsys_s\tmaxrss_kib\tfiles_written\n' >"$raw"
machine_info >"$results/env-$tag.txt"
echo "store: $store ($outroot)" >>"$results/env-$tag.txt"
n=${#tools[@]}
for ((r = 1; r <= runs; r++)); do
  for ((j = 0; j < n; j++)); do
    run "${tools[$(((j + r - 1) % n))]}" "$r"
  done
done

python3 "$here/summarize.py" build "$tag" "$results" | tee "$results/summary-$tag.md"
if [ "${REPORT:-1}" != 0 ]; then
  "$here/report.sh"
fi
