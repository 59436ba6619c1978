#!/usr/bin/env bash
# The engine's search CPU on one ring trace, two or more builds alternating in one run (docs/benchmarks.md, issue 15
# row "engine throughput, 1M-event ring trace"). Not part of mvn verify.
# Usage: trace-validation/engine-search-ab.sh TRACE ROUNDS NAME=CLASSES[@JAVA_OPTS] NAME=CLASSES[@JAVA_OPTS]...
#   e.g. engine-search-ab.sh /tmp/ring-40000.ndjson 3 old=/work/before/tv-classes \
#          new=trace-validation/target/classes off=trace-validation/target/classes@-Denlightened.engine.readSets=false
# The trace: ./enlightened run ring --packets 40000 --trace /tmp/ring-40000.ndjson (893,805 events).
# One harness, not two: this is engine-cpu-ab.sh (which prints the search thread's CPU beside the JVM's, per run and
# as medians) with G1 and the given options as each build's JVM flags, as this script ran its builds.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 3 ] || { echo "usage: engine-search-ab.sh TRACE ROUNDS NAME=CLASSES[@JAVA_OPTS]..." >&2; exit 2; }
trace="$1"
rounds="$2"
shift 2
builds=()
for c in "$@"; do
  rest="${c#*=}"
  opts=""
  [[ "$rest" == *@* ]] && opts=" ${rest#*@}"
  builds+=("${c%%=*}=${rest%%@*}|-XX:+UseG1GC$opts")
done
exec "$root/trace-validation/engine-cpu-ab.sh" "$trace" "$rounds" "${builds[@]}"
