#!/usr/bin/env bash
# The CPU of a later short trace within one engine JVM, builds or JVM flags side by side (docs/benchmarks.md,
# "Short batches" sections of session 12; issue 15 row "batch of ring traces from 20 seeds"). Not part of mvn verify.
# Usage: trace-validation/engine-batch-var.sh ROUNDS N NAME="CLASSES|JVM FLAGS" [NAME="CLASSES|JVM FLAGS"]...
#   CLASSES: a trace-validation build's classes (a directory or jar, with EngineProfile); FLAGS: the engine JVM's
#   flags, e.g. what TraceValidator.tuning gives a short batch:
#   -XX:+UseParallelGC -XX:TieredStopAtLevel=1 -XX:+UseTransparentHugePages -Xmn16m -XX:C1MaxInlineSize=25 (session 13;
#   -XX:+UseG1GC before)
# Needs traces ring-1..ring-N.ndjson in $TRACES (default: validate-batch-bench.sh's directory; that script writes
# seeds 1..20; more with `./enlightened run ring --seed S --packets 20 --data-bytes B --trace DIR/ring-S.ndjson`).
# Per round and NAME: EngineMain on traces 1..N with -Denlightened.engine.profile=true; prints the in-JVM "per later
# trace" CPU (process CPU after trace N minus after trace 1, / (N - 1): it leaves out the spec load and JIT start-up
# that make two-JVM differences swing by 100s of ms), its main-thread, C1 and GC parts, the main thread's allocation
# and the minor page faults per later trace, the search CPU per trace 2..N (the verdicts' cpuMillis), the whole
# process's CPU (the batch's total: a change that only moves work into trace 1 must not look like a gain) and CPU
# after trace 1, the JVM's uptime at the end of trace 1 and the wall time of traces 2..N, and how many traces were
# accepted. Interleave builds within a round: this host drifts by 30 % over minutes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
traces_dir="${TRACES:-$root/trace-validation/target/validate-batch-bench}"
rounds="$1"
n="$2"
shift 2
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
traces=()
for s in $(seq 1 "$n"); do traces+=("$traces_dir/ring-$s.ndjson"); done
for r in $(seq 1 "$rounds"); do
  for v in "$@"; do
    name="${v%%=*}"
    rest="${v#*=}"
    cls="${rest%%|*}"
    flags="${rest#*|}"
    l0=$(cut -d' ' -f1 /proc/loadavg)
    # shellcheck disable=SC2086  # the flags are words
    java -Xss512m -Xmx1g $flags -Denlightened.engine.profile=true \
      -cp "$cls:$root/workspace/target/classes:$root/cli/target/lib/*" dev.enlightened.validation.engine.EngineMain \
      --module "$root/trace-validation/src/main/tla/ring/TraceRingBuffer.tla" --out "$tmp/out.json" \
      --library "$root/trace-validation/src/main/tla" --library "$root/trace-validation/src/main/tla/ring" \
      --library "$root/specs/ring" "${traces[@]}" 2>"$tmp/err.txt"
    python3 - "$tmp" "$r" "$name" "$l0" "$(cut -d' ' -f1 /proc/loadavg)" <<'PY'
import json, re, sys
tmp, r, name, l0, l1 = sys.argv[1:]
err = open(tmp + '/err.txt').read()
def grab(pattern):
    m = re.search(pattern, err)
    return m.group(1) if m else '?'
later = err[err.find('per later trace'):]
def part(thread):
    m = re.search(r'\n\s+' + re.escape(thread) + r'\s+([\d.]+) ms', later)
    return m.group(1) if m else '0'
out = json.load(open(tmp + '/out.json'))
v = out['verdicts']
search = sum(x.get('cpuMillis', 0) for x in v[1:]) / max(1, len(v) - 1)
accepted = sum(x['verdict'] == 'ACCEPTED' for x in v)
per = grab(r'per later trace\s+([\d.]+) ms')
alloc = grab(r'allocated per later trace\s+([\d.]+) KB')
faults = grab(r'page faults per later trace\s+([\d.]+)')
whole = grab(r'whole process\s+([\d.]+) ms')
first = grab(r'process CPU after trace 1:\s+([\d.]+) ms')
ends = re.search(r'JVM uptime \(ms\) when each trace had been checked: \[([\d, ]+)\]', err)
ends = [int(x) for x in ends.group(1).split(',')] if ends else [0]
main, c1, gc = part('java'), part('C CompilerThre'), part('GC Thread#')
print(f"round {r} {name} (load {l0} to {l1}): per later trace {per} ms [main {main}, C1 {c1}, GC {gc}]; "
      f"search {search:.2f} ms; allocated {alloc} KB; page faults {faults}; whole process {whole} ms "
      f"(after trace 1: {first} ms); wall: trace 1 ended at {ends[0]} ms, later traces {ends[-1] - ends[0]} ms; "
      f"accepted {accepted} of {len(v)}")
PY
  done
done
