#!/usr/bin/env bash
# The engine vs classic TLC trace checking on ring traces (docs/benchmarks.md, "The engine vs classic TLC on ring
# traces"; issue 15). Not part of mvn verify.
# Usage: trace-validation/ring-classic-bench.sh [OUTDIR] [PACKETS...]   (default 4000 40000: about 100k and 1M events)
# Writes the default ring scenario's traces (stepped, seed 5, 64-byte ring), then times, per trace and in this one
# run, the engine (one forked JVM) and classic TLC (ClassicTraceRingBuffer.tla, one JVM), both until their verdict.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="${1:-$root/trace-validation/target/ring-classic-bench}"
shift || true
counts=("$@")
[ ${#counts[@]} -eq 0 ] && counts=(4000 40000)
mkdir -p "$out"
mvn -B -q -o -pl trace-validation -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/cp.txt
cp="$root/trace-validation/target/test-classes:$root/trace-validation/target/classes:$(cat trace-validation/target/cp.txt)"
traces=()
for n in "${counts[@]}"; do
  "$root/enlightened" run ring --packets "$n" --trace "$out/ring-$n.ndjson" >/dev/null
  traces+=("$out/ring-$n.ndjson")
done
exec java -XX:+UseParallelGC -Denlightened.root="$root" -cp "$cp" \
  dev.enlightened.validation.bench.RingClassicBenchmark "$out/work" "${traces[@]}"
