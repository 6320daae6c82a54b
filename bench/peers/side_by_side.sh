#!/usr/bin/env bash
# Side by side: the project's sequential and burst modes and the 64 KiB-buffer reference
# (bench/write.ts --only), pino 10 (pino_bench.js), and two Python designs, each way in its own
# process, interleaved over ROUNDS rounds (the order rotates each round). Every way writes EVENTS
# lines to its own temp file and checks the line count. Prints median events/s, the peak RSS of
# each way's process (ru_maxrss of the child, read by a python wrapper), and the medians of the
# ratios measured in the same round, against the targets.
# Run: bash bench/peers/side_by_side.sh [ROUNDS=5] [EVENTS=200000]   (needs deno, node, npm, python3)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rounds="${1:-5}"
events="${2:-200000}"
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
out="$(mktemp)"
trap 'rm -f "$out"' EXIT

# with_peak ROUND CMD...: runs CMD, prints its last JSON line plus the round and its peak RSS.
with_peak() {
  python3 -c '
import json, resource, subprocess, sys
run = subprocess.run(sys.argv[2:], stdout=subprocess.PIPE, text=True, check=True)
result = json.loads(run.stdout.strip().splitlines()[-1])
result["round"] = int(sys.argv[1])
result["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
print(json.dumps(result))' "$@"
}

run_way() { # run_way WAY ROUND
  case "$1" in
    sequential | burst | buffer64k)
      with_peak "$2" deno run --allow-read --allow-write "$here/../write.ts" --only "$1" \
        --events "$events" ;;
    pino) with_peak "$2" node "$here/pino_bench.js" "$events" ;;
    python_per_event) with_peak "$2" python3 "$here/python_per_event.py" "$events" ;;
    python_filehandler) with_peak "$2" python3 "$here/python_filehandler.py" "$events" ;;
  esac
}

ways=(sequential burst buffer64k pino python_per_event python_filehandler)
for ((r = 0; r < rounds; r++)); do
  for ((k = 0; k < ${#ways[@]}; k++)); do
    way="${ways[(k + r) % ${#ways[@]}]}"
    run_way "$way" "$r" | tee -a "$out" >&2
  done
done

python3 - "$out" <<'EOF'
import json, statistics, sys
from collections import defaultdict
rows = [json.loads(line) for line in open(sys.argv[1])]
by_way = defaultdict(dict)
for row in rows:
    by_way[row["way"]][row["round"]] = row
print(f"\n{len({r['round'] for r in rows})} rounds, medians over rounds\n")
print("| way | events | median events/s | min | max | peak RSS, MiB (max) |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for way, runs in by_way.items():
    rates = [r["events_per_s"] for r in runs.values()]
    peak = max(r["peak_rss_mib"] for r in runs.values())
    events = next(iter(runs.values()))["events"]
    print(f"| {way} | {events:,} | {statistics.median(rates):,.0f} | {min(rates):,} "
          f"| {max(rates):,} | {peak} |")
print("\n| ratio (same round) | median | min | max | target | holds |")
print("| --- | ---: | ---: | ---: | ---: | --- |")
for mode, base, target in [("sequential", "pino", 1.5), ("sequential", "python_per_event", 4),
                           ("burst", "pino", 5), ("burst", "buffer64k", 0.8),
                           ("sequential", "python_filehandler", None)]:
    ratios = [by_way[mode][r]["events_per_s"] / by_way[base][r]["events_per_s"]
              for r in by_way[mode] if r in by_way[base]]
    med = statistics.median(ratios)
    verdict = "" if target is None else ("yes" if med >= target else "NO")
    print(f"| {mode} / {base} | {med:.2f} | {min(ratios):.2f} | {max(ratios):.2f} "
          f"| {'' if target is None else f'>= {target}'} | {verdict} |")
EOF
