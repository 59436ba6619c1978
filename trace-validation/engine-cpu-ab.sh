#!/usr/bin/env bash
# The engine JVM's whole CPU on one long trace, builds and JVM flags side by side in alternating rounds
# (docs/benchmarks.md, "Trace engine: the reader without Jackson"; issue 15 row "trace engine vs classic TLC").
# Not part of mvn verify.
# Usage: trace-validation/engine-cpu-ab.sh TRACE ROUNDS 'NAME=CLASSES[|JVM FLAGS]'...
#   TRACE: e.g. from ./enlightened run ring --packets 40000 --trace /tmp/ring-40000.ndjson (893,805 events)
#   CLASSES: a trace-validation build's classes (directory or jar), put first on the class path before
#   cli/target/lib/*; JVM FLAGS replace the collector (default -XX:+UseG1GC) and may add -D switches, e.g.
#   old=/work/before/tv-classes new=trace-validation/target/classes 'noscan=trace-validation/target/classes|
#   -XX:+UseG1GC -Denlightened.trace.scanner=false'
# Each run is EngineMain as the validator forks it for a long trace (-Xss512m -Xmx1g, C2), under nice -n 10, in a
# rotating order per round; it prints the engine JVM's CPU (processCpuMillis), the search thread's (cpuMillis),
# the wall time, the verdict and the load average (one minute) before and after, the CPU of the JIT compiler
# threads, the GC worker threads, the reader thread and the main thread (EngineProfile, readerStats), then the
# medians per NAME.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
trace="$1"
rounds="$2"
shift 2
builds=("$@")
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
n=${#builds[@]}
for r in $(seq 1 "$rounds"); do
  for k in $(seq 0 $((n - 1))); do
    b="${builds[$(((k + r - 1) % n))]}"
    name="${b%%=*}"
    rest="${b#*=}"
    cls="${rest%%|*}"
    flags="-XX:+UseG1GC"
    [[ "$rest" == *"|"* ]] && flags="${rest#*|}"
    l0=$(cut -d' ' -f1 /proc/loadavg)
    t0=$(date +%s%N)
    # shellcheck disable=SC2086
    nice -n 10 java $flags -Xss512m -Xmx1g -Djava.io.tmpdir="$tmp" -Denlightened.engine.profile=true \
      -Denlightened.engine.readerStats=true \
      -cp "$cls:$root/cli/target/enlightened.jar:$root/cli/target/lib/*" dev.enlightened.validation.engine.EngineMain \
      --module "$root/trace-validation/src/main/tla/ring/TraceRingBuffer.tla" --out "$tmp/r.json" \
      --library "$root/trace-validation/src/main/tla" --library "$root/trace-validation/src/main/tla/ring" \
      --library "$root/specs/ring" "$trace" >"$tmp/out" 2>&1 || true
    t1=$(date +%s%N)
    l1=$(cut -d' ' -f1 /proc/loadavg)
    python3 - "$tmp/r.json" "$tmp/out" "$r" "$name" "$(((t1 - t0) / 1000000))" "$l0" "$l1" <<'PY' | tee -a "$tmp/rows"
import json, re, sys
f, err, r, name, wall, l0, l1 = sys.argv[1:]
d = json.load(open(f))
v = d['verdicts'][0]
t = {}
for line in open(err):
    m = re.match(r'\s+(C CompilerThre|GC Thread#|java)\s+([\d.]+) ms', line)
    if m:
        t[m.group(1)] = float(m.group(2))
    m = re.search(r'reader thread CPU (-?\d+) ms', line)
    if m:
        t['reader'] = float(m.group(1))
print(f"row {name} {d['processCpuMillis']} {v.get('cpuMillis', 0)} {wall} {v['verdict']} "
      f"{v.get('distinctStates', 0)} round={r} load={l0}..{l1} [JIT {t.get('C CompilerThre', 0):.0f}, "
      f"GC threads {t.get('GC Thread#', 0):.0f}, reader {t.get('reader', 0):.0f}, main {t.get('java', 0):.0f} ms]")
PY
    rm -f "$tmp/r.json"
  done
done
python3 - "$tmp/rows" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    _, name, cpu, search, wall, verdict, states = line.split()[:7]
    rows.setdefault(name, []).append((int(cpu), int(search), int(wall), verdict, states))
for name, rs in rows.items():
    med = lambda i: statistics.median(x[i] for x in rs)
    rng = lambda i: f"{min(x[i] for x in rs)}..{max(x[i] for x in rs)}"
    print(f"median {name}: JVM CPU {med(0):.0f} ms ({rng(0)}), search CPU {med(1):.0f} ms ({rng(1)}), "
          f"wall {med(2):.0f} ms ({rng(2)}); verdicts {sorted(set(x[3] + ' ' + x[4] for x in rs))}")
PY
