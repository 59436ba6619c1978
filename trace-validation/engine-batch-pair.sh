#!/usr/bin/env bash
# The marginal CPU of a short trace in the engine JVM alone, without the profile and without the CLI JVM: per round
# and variant, EngineMain on trace 1 alone and on traces 1..20, each timed by /usr/bin/time (user + sys, the whole
# JVM), and (20 - 1) / 19 (docs/benchmarks.md, session 13 "The collector and the launcher JVM of validate"; issue 15
# row "batch of ring traces from 20 seeds"). Not part of mvn verify.
# Usage: trace-validation/engine-batch-pair.sh ROUNDS NAME="CLASSES|JVM FLAGS" [NAME="CLASSES|JVM FLAGS"]...
#   CLASSES: a trace-validation build's classes (directory or jar); FLAGS: the engine JVM's, e.g. what
#   TraceValidator.tuning gives a short batch: -XX:+UseParallelGC -XX:TieredStopAtLevel=1
#   -XX:+UseTransparentHugePages -Xmn16m -XX:C1MaxInlineSize=25
# Needs ring-1..ring-20.ndjson in $TRACES (default: validate-batch-bench.sh's directory). Interleave variants within
# a round (this host drifts by 30 % over minutes); a single round swings by +-5 ms, so use 10 to 20 rounds and
# compare medians of the 20-trace and one-trace CPU as well as of the marginal.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${TRACES:-$root/trace-validation/target/validate-batch-bench}"
rounds="$1"
shift
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
traces=()
for s in $(seq 1 20); do traces+=("$dir/ring-$s.ndjson"); done
for r in $(seq 1 "$rounds"); do
  for v in "$@"; do
    name="${v%%=*}"
    rest="${v#*=}"
    cls="${rest%%|*}"
    flags="${rest#*|}"
    cpu=()
    for n in 1 20; do
      # shellcheck disable=SC2086  # the flags are words
      /usr/bin/time -f "%U %S" -o "$tmp/time" java -Xss512m -Xmx1g $flags \
        -cp "$cls:$root/workspace/target/classes:$root/cli/target/lib/*" dev.enlightened.validation.engine.EngineMain \
        --module "$root/trace-validation/src/main/tla/ring/TraceRingBuffer.tla" --out "$tmp/out.json" \
        --library "$root/trace-validation/src/main/tla" --library "$root/trace-validation/src/main/tla/ring" \
        --library "$root/specs/ring" "${traces[@]:0:$n}" 2>/dev/null
      [ "$(grep -c '"ACCEPTED"' "$tmp/out.json")" = "$n" ] || { echo "not all $n accepted ($name)"; exit 1; }
      cpu+=("$(awk '{printf "%d", ($1 + $2) * 1000}' "$tmp/time")")
    done
    echo "round $r $name (load $(cut -d' ' -f1 /proc/loadavg)): one trace ${cpu[0]} ms CPU, 20 traces ${cpu[1]} ms" \
      "CPU, marginal per trace $(awk -v a="${cpu[0]}" -v b="${cpu[1]}" 'BEGIN { printf "%.1f", (b - a) / 19 }') ms"
  done
done
