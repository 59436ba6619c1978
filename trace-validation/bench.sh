#!/usr/bin/env bash
# Trace-validation benchmark (docs/benchmarks.md, "Trace validation"). Not part of mvn verify.
# Usage: trace-validation/bench.sh [OUTDIR] [--classic-max EVENTS]
# Writes OUTDIR/validation.json (default trace-validation/target/benchmarks) and prints a summary.
# The benchmark and the Relay spec it uses are test sources (src/test/java/.../bench, src/test/tla/examples).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -o -pl trace-validation -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/cp.txt
cp="$root/trace-validation/target/test-classes:$root/trace-validation/target/classes:$(cat trace-validation/target/cp.txt)"
out="${1:-$root/trace-validation/target/benchmarks}"
shift || true
exec java -XX:+UseParallelGC -Denlightened.root="$root" -cp "$cp" \
  dev.enlightened.validation.bench.BenchmarkMain "$out" "$@"
