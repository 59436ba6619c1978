#!/usr/bin/env bash
# RingBurstAB in N fresh JVMs per payload size, then one summary line per size: the median, range and count >= 1.0 of
# the per-JVM medians after/Agrona, before/Agrona and after/before (per CPU second). One JVM per run because the JIT's
# decisions differ from one JVM to the next (docs/benchmarks.md); run it under `nice -n 10` on a shared machine.
# Usage: benchmarks/ring-burst-ab.sh BEFORE_CLASSES_DIR JVMS ROUNDS SIZE... [JAR]   (JAR: benchmarks/target/benchmarks.jar)
#        benchmarks/ring-burst-ab.sh --summary FILE...   (the summary of saved RingBurstAB output lines)
# An A/A check: pass a jar built from the same code as BEFORE_CLASSES_DIR.
set -euo pipefail
summary() {
  python3 -c '
import re, statistics, sys
rows = {}
for line in sys.stdin:
    m = re.search(r"payload=(\d+) .*vs agrona: before=([\d.]+)\S* after=([\d.]+)\S* \| after/before=([\d.]+)", line)
    if m:
        rows.setdefault(int(m.group(1)), []).append([float(x) for x in m.group(2, 3, 4)])
for size, r in sorted(rows.items()):
    out = []
    for k, name in ((1, "after/agrona"), (0, "before/agrona"), (2, "after/before")):
        v = sorted(x[k] for x in r)
        out.append("%s %.3f (%.3f-%.3f; %d of %d >= 1.0)" % (name, statistics.median(v), v[0], v[-1],
                                                             sum(x >= 1.0 for x in v), len(v)))
    print("SUMMARY payload=%d: %s" % (size, " | ".join(out)))
'
}
if [[ ${1:-} == --summary ]]; then
  shift
  cat "$@" | summary
  exit 0
fi
before=$1; jvms=$2; rounds=$3; shift 3
jar=benchmarks/target/benchmarks.jar
sizes=()
for a in "$@"; do if [[ $a == *.jar ]]; then jar=$a; else sizes+=("$a"); fi; done
out=$(mktemp)
for size in "${sizes[@]}"; do
  echo "# size $size, $jvms JVMs, jar $jar, start $(date -u +%H:%M:%S) UTC, $(uptime | sed 's/.*load/load/')"
  for ((i = 1; i <= jvms; i++)); do
    java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp "$jar" \
      dev.enlightened.benchmarks.RingBurstAB "$before" "$rounds" "$size"
  done
  echo "# end $(date -u +%H:%M:%S) UTC, $(uptime | sed 's/.*load/load/')"
done | tee "$out"
summary < "$out"
rm -f "$out"
