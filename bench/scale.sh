#!/usr/bin/env bash
# Clean plexus builds of two corpus sizes, alternated, so that the ratio of
# their times is measured side by side (issue 7: 100,000 posts in at most
# 11x the 10,000-post time). run.sh measures each size in its own sitting,
# minutes apart, and a shared machine's speed drifts between sittings; here
# each round builds both sizes, in turn first. See bench/README.md.
#
# Usage: bench/scale.sh [SMALL [BIG]]    (posts; default 10000 100000; events
#                                         a fifth as many)
#
# Environment: RUNS=3 (timed rounds, after one untimed build of each size),
# STORE, OUTROOT, SEED, PLEXUS_FLAGS, SHARED_BENCH and REPORT as for run.sh.
# Writes results/scale-raw-SMALL-BIG.tsv and results/scale-SMALL-BIG.md.
set -euo pipefail
small=${1:-10000}
big=${2:-100000}
source "$(dirname "$0")/lib.sh"
runs=${RUNS:-3}
store=${STORE:-tmpfs}
case $store in
  tmpfs) outroot=${OUTROOT:-/dev/shm/plexus-repo-bench} ;;
  disk) outroot=${OUTROOT:-$work/out} ;;
  *) echo "STORE must be tmpfs or disk" >&2; exit 2 ;;
esac
out="$outroot/out"
tag="$small-$big"
[ "$seed" = 1 ] || tag+="-s$seed"
[ "$store" = tmpfs ] || tag+="-$store"

need /usr/bin/time:time python3:python3
build_plexus
# The same sites as run.sh's plexus rows.
declare -A site
for n in "$small" "$big"; do
  make_corpus "$n" $((n / 5))
  site[$n]="$work/sites-$n-$((n / 5))-s$seed/plexus"
  link_content "${site[$n]}"
  cp "$here/config.toml" "${site[$n]}/config.toml"
done

rm -rf "$out"
mkdir -p "$out"
if [ "$store" = tmpfs ]; then
  trap 'rm -rf "$out"; rmdir "$outroot" 2>/dev/null || true' EXIT
fi

raw="$results/scale-raw-$tag.tsv"
printf 'tag\tposts\tround\twall_s\tuser_s\tsys_s\tmaxrss_kib\n' >"$raw"
machine_info >"$results/scale-env-$tag.txt"

# run POSTS ROUND builds the site of POSTS posts clean; round 0 is the warm-up.
run() {
  local n=$1 r=$2 log="$work/log-scale.txt"
  rm -rf "${out:?}/plexus"
  sync
  if ! timed "$work/plexus" build --source "${site[$n]}" \
    --destination "$out/plexus" --now "$now" "${plexus_flags[@]}" >"$log" 2>&1; then
    echo "FAILED: $n posts (round $r)" >&2
    tail -20 "$log" >&2
    exit 1
  fi
  local wall user sys rss
  read -r wall user sys rss < <(tail -1 "$work/time.txt")
  rm -rf "${out:?}/plexus"
  ((r == 0)) || printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tag" "$n" "$r" "$wall" "$user" "$sys" "$rss" >>"$raw"
  printf '  round %s %7s posts  wall %6ss  user %6ss  sys %5ss  maxrss %8s KiB\n' "$r" "$n" "$wall" "$user" "$sys" "$rss"
}

echo "warm-up (untimed):"
run "$small" 0
run "$big" 0
for ((r = 1; r <= runs; r++)); do
  if ((r % 2)); then
    run "$small" "$r"
    run "$big" "$r"
  else
    run "$big" "$r"
    run "$small" "$r"
  fi
done

python3 "$here/summarize.py" scale "$tag" "$results" | tee "$results/scale-$tag.md"
if [ "${REPORT:-1}" != 0 ]; then
  "$here/report.sh"
fi
