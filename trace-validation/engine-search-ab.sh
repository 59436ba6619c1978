#!/usr/bin/env bash
# The engine's search CPU on one ring trace, two or more builds alternating in one run (docs/benchmarks.md, issue 15
# row "engine throughput, 1M-event ring trace"). Not part of mvn verify.
# Usage: trace-validation/engine-search-ab.sh TRACE ROUNDS NAME=CLASSES[@JAVA_OPTS] NAME=CLASSES[@JAVA_OPTS]...
#   e.g. engine-search-ab.sh /tmp/ring-40000.ndjson 3 old=/work/before/tv-classes \
#          new=trace-validation/target/classes off=trace-validation/target/classes@-Denlightened.engine.readSets=false
# The trace: ./enlightened run ring --packets 40000 --trace /tmp/ring-40000.ndjson (893,805 events). Each round runs
# every configuration once, starting one later each round; each run is the engine JVM alone, with the classes given
# first on the jar classpath of this worktree (cli/target: build it first). Prints one line per run: the verdict,
# distinct states, the search thread's CPU (the verdict's cpuMillis), events per search CPU-second, the JVM's CPU,
# and the one-minute load average before and after; then each configuration's median search CPU.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
trace="$1"
rounds="$2"
shift 2
configs=("$@")
out="$(mktemp -d)"
events=$(($(wc -l <"$trace") - 1))
load() { cut -d' ' -f1 /proc/loadavg; }
n=${#configs[@]}
for ((r = 0; r < rounds; r++)); do
  for ((j = 0; j < n; j++)); do
    c="${configs[$(((j + r) % n))]}"
    name="${c%%=*}"
    rest="${c#*=}"
    classes="${rest%%@*}"
    opts=""
    [[ "$rest" == *@* ]] && opts="${rest#*@}"
    before=$(load)
    # A private java.io.tmpdir: SANY extracts its standard modules there, and TLC JVMs sharing /tmp race.
    mkdir -p "$out/tmp-$r-$j"
    # shellcheck disable=SC2086
    nice -n 10 java -XX:+UseG1GC -Xss64m -Xmx1g -Djava.io.tmpdir="$out/tmp-$r-$j" $opts \
      -cp "$classes:$root/cli/target/enlightened.jar:$root/cli/target/lib/*" \
      dev.enlightened.validation.engine.EngineMain \
      --module "$root/trace-validation/src/main/tla/ring/TraceRingBuffer.tla" --out "$out/r.json" \
      --library "$root/trace-validation/src/main/tla" --library "$root/trace-validation/src/main/tla/ring" \
      --library "$root/specs/ring" "$trace" >/dev/null 2>"$out/err" || true
    after=$(load)
    python3 - "$out/r.json" "$name" "$r" "$events" "$before" "$after" <<'EOF' | tee -a "$out/runs.txt"
import json, sys
path, name, r, events, before, after = sys.argv[1:]
d = json.load(open(path))
v = d["verdicts"][0]
cpu = v["cpuMillis"]
print(f"round {int(r) + 1} {name}: {v['verdict']} states {v['distinctStates']} search {cpu} ms "
      f"{int(events) / cpu:.1f}k/s JVM {d['processCpuMillis']} ms load {before} to {after}")
EOF
  done
done
python3 - "$out/runs.txt" <<'EOF'
import re, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    m = re.match(r"round \d+ (\S+): \S+ states \d+ search (\d+) ms", line)
    runs.setdefault(m.group(1), []).append(int(m.group(2)))
for name, cpus in runs.items():
    print(f"{name}: median search {statistics.median(cpus)} ms, range {min(cpus)} to {max(cpus)}, runs {len(cpus)}")
EOF
