#!/usr/bin/env bash
# Ring trace validation benchmark (docs/benchmarks.md, "Ring traces"). Not part of mvn verify.
# Usage: trace-validation/ring-bench.sh [OUTDIR] [PACKETS...]
# For each packet count (default 40 400 4000 40000: about 1k, 10k, 100k and 1M events) runs the default ring
# scenario (stepped, seed 5, 64-byte ring), validates its trace and prints events, search wall and CPU time, events/s.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/trace-validation/target/ring-bench}"
shift || true
counts=("$@")
[ ${#counts[@]} -eq 0 ] && counts=(40 400 4000 40000)
mkdir -p "$out"
printf '%-8s %10s %10s %10s %10s %12s %12s\n' packets events run_s search_ms cpu_ms events/s events/cpu_s
for n in "${counts[@]}"; do
  t="$out/ring-$n.ndjson"
  start=$(date +%s.%N)
  "$root/enlightened" run ring --packets "$n" --trace "$t" >/dev/null
  run_s=$(echo "$(date +%s.%N) - $start" | bc)
  "$root/enlightened" validate "$t" --json "$out/ring-$n.json" >/dev/null || true
  python3 - "$out/ring-$n.json" "$n" "$run_s" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
v = d["verdicts"][0]
if d["accepted"] != 1:
    sys.exit("not accepted: " + json.dumps(v)[:300])
cpu = max(v["cpuMillis"], 1)
print(f'{sys.argv[2]:<8} {v["events"]:>10,} {float(sys.argv[3]):>10.1f} {v["millis"]:>10,} {v["cpuMillis"]:>10,} '
      f'{v["eventsPerSecond"]:>12,.0f} {v["events"] * 1000 / cpu:>12,.0f}')
PY
done
