#!/usr/bin/env bash
# Rewrites the generated part of bench/RESULTS.md (between its BEGIN and END
# markers) from the summaries in bench/results/: the machine and versions,
# every results/summary-*.md (run.sh), the page-set comparison
# (results/pageset-*.md, the 1,000-post one when present) and every
# results/serve-*.md (serve.sh). run.sh and serve.sh run it at their end;
# run it by hand after deleting or copying in results.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python3 "$here/summarize.py" report "$here/results" "$here/RESULTS.md"
echo "bench: wrote $here/RESULTS.md"
