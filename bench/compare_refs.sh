#!/bin/sh
# The write path of this tree against an earlier commit, measured in one run: each round runs
# `bench/write.ts --only <way>` of both trees, one process each, the order swapped every round,
# and prints each run's events/s and the median of the per-round ratios (this tree / the other).
# Usage: bash bench/compare_refs.sh <commit> [rounds=10] [events=200000]
set -eu
ref=$1 rounds=${2:-10} events=${3:-200000}
here=$(cd "$(dirname "$0")/.." && pwd)
old=$(mktemp -d)
trap 'rm -rf "$old"' EXIT
git -C "$here" archive "$ref" | tar -x -C "$old"
run() { (cd "$1" && deno run -R -W bench/write.ts --only "$2" --events "$events") |
  sed 's/.*"events_per_s":\([0-9]*\).*/\1/'; }
for way in sequential burst; do
  ratios=""
  for round in $(seq "$rounds"); do
    if [ $((round % 2)) = 1 ]; then a=$(run "$old" "$way"); b=$(run "$here" "$way")
    else b=$(run "$here" "$way"); a=$(run "$old" "$way"); fi
    echo "$way round $round: $ref $a events/s, this tree $b events/s"
    ratios="$ratios $(echo "$b $a" | awk '{ printf "%.3f", $1 / $2 }')"
  done
  echo "$way: median ratio this tree / $ref =" \
    "$(echo "$ratios" | tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{ r[NR] = $1 } END {
      print (NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2) }')" \
    "(min $(echo "$ratios" | tr ' ' '\n' | sed '/^$/d' | sort -n | head -1)," \
    "max $(echo "$ratios" | tr ' ' '\n' | sed '/^$/d' | sort -n | tail -1))"
done
