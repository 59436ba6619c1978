#!/usr/bin/env bash
# Marginal cost of a short ring trace in one `enlightened validate` batch (docs/benchmarks.md, "C1 for short
# batches"; issue 15 row "batch of ring traces from 20 seeds"). Not part of mvn verify.
# Usage: trace-validation/validate-batch-bench.sh [OUTDIR] [ROUNDS] [JAR] [JAR_B]   (default 3 rounds, the worktree's
# cli jar). With JAR_B, every round times JAR then JAR_B (a before/after pair in one run: copy a build's
# cli/target/enlightened.jar and cli/target/lib/ elsewhere first).
# Writes 20 ring traces (seeds 1..20, 20 packets, rings of 64/128/256/512 bytes in turn: header constants differ),
# then per round times `validate` of the first trace alone and of all 20, end to end (the CLI JVM and its engine
# JVM: user + sys CPU from /usr/bin/time, wall), and prints the marginal cost per trace, (20 - 1) / 19.
# BENCH_JAVA_OPTS go to the CLI JVM, e.g. -Denlightened.engine.stepCache=false (which it hands to the engine JVM), or
# -Denlightened.engine.profile=true (the engine's CPU by phase and thread, on stderr; builds from 75df93e on).
# CLI_FLAGS: the CLI JVM's own flags, by default what the launcher (./enlightened, cli/src/dist/bin) gives
# `validate` since session 13; CLI_FLAGS=-XX:+UseParallelGC measures as sessions 10 to 12 did.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/trace-validation/target/validate-batch-bench}"
rounds="${2:-3}"
jars=("${3:-$root/cli/target/enlightened.jar}")
cli_flags="${CLI_FLAGS:--XX:+UseParallelGC -XX:TieredStopAtLevel=1}"
[ -n "${4:-}" ] && jars+=("$4")
mkdir -p "$out"
"$root/enlightened" --help >/dev/null   # builds the cli jar if sources changed
sizes=(64 128 256 512)
traces=()
for s in $(seq 1 20); do
  t="$out/ring-$s.ndjson"
  [ -f "$t" ] || "$root/enlightened" run ring --seed "$s" --packets 20 --data-bytes "${sizes[$(( (s - 1) % 4 ))]}" \
    --trace "$t" >/dev/null
  traces+=("$t")
done
export ENLIGHTENED_ROOT="$root"
for r in $(seq 1 "$rounds"); do
 for jar in "${jars[@]}"; do
  l0=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f "%U %S %e" -o "$out/one.time" java $cli_flags ${BENCH_JAVA_OPTS:-} -jar "$jar" \
    validate "${traces[0]}" >"$out/one.out"
  /usr/bin/time -f "%U %S %e" -o "$out/all.time" java $cli_flags ${BENCH_JAVA_OPTS:-} -jar "$jar" \
    validate "${traces[@]}" \
    >"$out/all.out"
  grep -q "^20 accepted" "$out/all.out" || { echo "not all 20 accepted:"; tail -3 "$out/all.out"; exit 1; }
  l1=$(cut -d' ' -f1 /proc/loadavg)
  label=""
  [ "${#jars[@]}" -gt 1 ] && label=" $jar"
  python3 - "$out" "$r$label" "$l0" "$l1" <<'PY'
import sys
out, r, l0, l1 = sys.argv[1:]
def rd(f):
    u, s, e = open(f).read().split()[-3:]
    return (float(u) + float(s)) * 1000, float(e) * 1000
c1, w1 = rd(out + '/one.time')
c20, w20 = rd(out + '/all.time')
print(f'round {r} (load {l0} to {l1}): one trace {c1:.0f} ms CPU, {w1:.0f} ms wall; 20 traces {c20:.0f} ms CPU, '
      f'{w20:.0f} ms wall; marginal per trace {(c20 - c1) / 19:.1f} ms CPU, {(w20 - w1) / 19:.1f} ms wall')
PY
 done
done
