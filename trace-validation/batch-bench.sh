#!/usr/bin/env bash
# Batch of short ring traces with mixed header constants (docs/benchmarks.md, "Batch of ring traces with mixed
# constants"; issue 15). Not part of mvn verify.
# Usage: trace-validation/batch-bench.sh [OUTDIR] [TRACES] [PACKETS] [ROUNDS]   (default 20 traces, 20 packets, 3)
# Writes the traces (seeds 1..TRACES, ring sizes 64/128/256/512 bytes in turn), then per round times one batch (one
# engine JVM, constants bound per trace), one batch per constant set (the grouping before) and the first trace
# alone, and prints the marginal wall and CPU cost per trace.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="${1:-$root/trace-validation/target/batch-bench}"
shift || true
mvn -B -q -o -pl trace-validation -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/cp.txt -Dmdep.analyze.skip
cp="$root/trace-validation/target/test-classes:$root/trace-validation/target/classes:$(cat trace-validation/target/cp.txt)"
exec java -XX:+UseParallelGC -Denlightened.root="$root" -cp "$cp" \
  dev.enlightened.validation.bench.ConstantBatchBenchmark "$out" "$@"
