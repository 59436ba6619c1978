#!/usr/bin/env bash
# Where an extra short trace's CPU goes in the engine JVM, two builds side by side (docs/benchmarks.md, "Trace engine:
# a batch's per-trace overhead"; issue 15 row "batch of ring traces from 20 seeds"). Not part of mvn verify.
# Usage: trace-validation/engine-batch-ab.sh ROUNDS NAME=CLASSES[=FLAGS] [NAME=CLASSES[=FLAGS]]...
#   CLASSES: a trace-validation build's classes (a directory or jar) with EngineProfile (from 75df93e on), put first
#   on the engine's class path before cli/target/lib/*; e.g. old=/tmp/old-classes new=trace-validation/target/classes
# Needs the 20 traces of validate-batch-bench.sh in $BENCH_DIR (default trace-validation/target/validate-batch-bench).
# Per round and build: EngineMain as TraceValidator forks it for a short batch (C1 only, ParallelGC since session 13:
# ENGINE_GC=-XX:+UseG1GC for G1 as before; -Xmx1g), on the first
# trace alone, then on all 20, each with -Denlightened.engine.profile=true; prints the marginal CPU per trace,
# (20 - 1) / 19, of the whole JVM and of its parts: the main thread, its check phase, re-binding and checker set-up,
# the C1 compiler and GC threads, and the search CPU of traces 2 to 20 from their verdicts; then, from the 20-trace
# run alone, the process CPU per later trace, (after trace 20 - after trace 1) / 19 (builds from h10/batch on), which
# leaves out the spec load and JIT start-up that make the two-run difference swing by 100s of ms.
# FLAGS: the engine's size flags (default ENGINE_FLAGS, else as TraceValidator.tuning gives a short batch: C1
# only, transparent huge pages, a 16 MB young generation, C1 inlining up to 25 bytes); e.g. huge pages against none
# (-Denlightened.engine.hugePages=false), one build:
#   engine-batch-ab.sh 9 small=trace-validation/target/classes=-XX:TieredStopAtLevel=1 \
#     huge=trace-validation/target/classes
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${BENCH_DIR:-$root/trace-validation/target/validate-batch-bench}"
rounds="$1"
shift
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
engine() { # classes out traces...
  local cls="$1" out="$2"
  shift 2
  # shellcheck disable=SC2086  # the flags are words
  java ${ENGINE_GC:--XX:+UseParallelGC} -Xss512m -Xmx1g $flags -Denlightened.engine.profile=true \
    -cp "$cls:$root/workspace/target/classes:$root/cli/target/lib/*" dev.enlightened.validation.engine.EngineMain \
    --module "$root/trace-validation/src/main/tla/ring/TraceRingBuffer.tla" --out "$out" \
    --library "$root/trace-validation/src/main/tla" --library "$root/trace-validation/src/main/tla/ring" \
    --library "$root/specs/ring" "$@"
}
traces=()
for s in $(seq 1 20); do traces+=("$dir/ring-$s.ndjson"); done
for r in $(seq 1 "$rounds"); do
  for build in "$@"; do
    name="${build%%=*}"
    cls="${build#*=}"
    flags="${ENGINE_FLAGS:--XX:TieredStopAtLevel=1 -XX:+UseTransparentHugePages -Xmn16m -XX:C1MaxInlineSize=25}"
    if [[ "$cls" == *=* ]]; then
      flags="${cls#*=}"
      cls="${cls%%=*}"
    fi
    l0=$(cut -d' ' -f1 /proc/loadavg)
    engine "$cls" "$tmp/one.json" "${traces[0]}" 2>"$tmp/one.err"
    engine "$cls" "$tmp/all.json" "${traces[@]}" 2>"$tmp/all.err"
    l1=$(cut -d' ' -f1 /proc/loadavg)
    python3 - "$tmp" "$r" "$name" "$l0" "$l1" <<'PY'
import json, re, sys
tmp, r, name, l0, l1 = sys.argv[1:]
one, all20 = json.load(open(tmp + '/one.json')), json.load(open(tmp + '/all.json'))
def parts(f):
    out = {}
    for line in open(f):
        m = re.match(r'\s+(.+?)\s+(\d+) x\s+([\d.]+) ms', line)
        if m:
            out[m.group(1)] = float(m.group(3))
        m = re.match(r'  (C CompilerThre|GC Thread#|G Refine#|java)\s+([\d.]+) ms', line)  # not "per later"
        if m:
            out[m.group(1)] = float(m.group(2))
    return out
p1, p20 = parts(tmp + '/one.err'), parts(tmp + '/all.err')
m = lambda k: (p20.get(k, 0) - p1.get(k, 0)) / 19
accepted = sum(v['verdict'] == 'ACCEPTED' for v in all20['verdicts'])
later = re.search(r'per later trace\s+([\d.]+)', open(tmp + '/all.err').read())
search = sum(v.get('cpuMillis', 0) for v in all20['verdicts'][1:]) / 19
print(f"round {r} {name} (load {l0} to {l1}): one {one['processCpuMillis']} ms, 20 {all20['processCpuMillis']} ms, "
      f"marginal {(all20['processCpuMillis'] - one['processCpuMillis']) / 19:.1f} ms [main {m('java'):.1f}, "
      f"check {m('check'):.1f}, rebind+checker {m('rebind') + m('checker'):.1f}, C1 {m('C CompilerThre'):.1f}, "
      f"GC {m('GC Thread#') + m('G Refine#'):.1f}]; search CPU per trace 2-20 {search:.1f} ms; "
      f"in the 20-trace JVM, per later trace {later.group(1) if later else '?'} ms; accepted {accepted}")
PY
  done
done
