#!/usr/bin/env bash
# bench.sh — files/s and peak RSS of `stevedore scan` over the shared corpus,
# one run per kind, every rule on. Usage: scripts/bench.sh [CORPUS_DIR] [RUNS]
# (default ../shared/corpus, 5 runs; the best run is printed).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus}
runs=${2:-5}
if [ ! -d "$corpus" ]; then
  echo "bench: corpus $corpus not found (it lives in ../shared/corpus next to a CI checkout)" >&2
  exit 2
fi
bin=$(mktemp -d)/stevedore
go build -o "$bin" ./cmd/stevedore
cfg=$(mktemp)
# Every rule on, including the ones that are off by default.
"$bin" rules | awk 'NR>1 {print "  " $1 ": on"}' | { echo "rules:"; cat; } > "$cfg"
printf '%-11s %7s %10s %12s %10s\n' kind files seconds files/s peak-RSS
for kind in dockerfile compose k8s; do
  best=""
  for _ in $(seq "$runs"); do
    line=$("$bin" scan --config "$cfg" --stats --fail-on none --format json --output /dev/null \
      --today 2026-11-26 "$corpus/$kind" 2>&1 >/dev/null | grep '^stats:')
    rate=$(sed -E 's/.* ([0-9]+) files\/s.*/\1/' <<<"$line")
    if [ -z "$best" ] || [ "$rate" -gt "$(sed -E 's/.* ([0-9]+) files\/s.*/\1/' <<<"$best")" ]; then best=$line; fi
  done
  files=$(sed -E 's/stats: ([0-9]+) files.*/\1/' <<<"$best")
  secs=$(sed -E 's/.* in ([0-9.]+)s.*/\1/' <<<"$best")
  rate=$(sed -E 's/.* ([0-9]+) files\/s.*/\1/' <<<"$best")
  rss=$(sed -E 's/.*peak RSS (.*)/\1/' <<<"$best")
  printf '%-11s %7s %10s %12s %10s\n' "$kind" "$files" "$secs" "$rate" "$rss"
done
