#!/usr/bin/env bash
# Issue 15's rows in one run: every row's harness, its figure against the goal, and the load it ran at.
# docs/benchmarks.md's status table is filled from this script's summary. Not part of mvn verify; `mvn -B -Pbench
# verify -pl benchmarks -am` runs it (the bench profile), or run it by hand:
#
#   benchmarks/issue15-rows.sh [--quick] [--out DIR] [ROW ...]
#
# ROW is any of: burst two-thread wakeups classic batch deep iops (default: all). --quick runs each harness briefly
# (a smoke run: the figures are not the issue's measurements). BURST_BEFORE=DIR makes the burst row's "before" side
# an older build's compiled classes (default: this build's, an A/A check of the harness); BATCH_BEFORE=JAR makes the
# batch row alternate an older build's cli jar (its lib/ beside it) with this build's.
# Writes DIR/ROW.log (each harness's whole output) and DIR/summary.md; exits 1 if a harness failed (a trace not
# accepted, a model not met), 2 on a bad argument. A row whose goal is not met is reported as such, not as a failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
quick=0
out="$root/benchmarks/target/issue15"
rows=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick|quick) quick=1 ;;
    --out) [ $# -ge 2 ] || { echo "error: --out takes a directory" >&2; exit 2; }; out="$2"; shift ;;
    burst|two-thread|wakeups|classic|batch|deep|iops) rows+=("$1") ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown row or option '$1' (rows: burst two-thread wakeups classic batch deep iops; --quick, --out DIR)" >&2
       exit 2 ;;
  esac
  shift
done
[ ${#rows[@]} -eq 0 ] && rows=(burst two-thread wakeups classic batch deep iops)
mkdir -p "$out"
summary="$out/summary.md"
jar="$root/benchmarks/target/benchmarks.jar"
load() { cut -d' ' -f1 /proc/loadavg; }
median() { sort -g | awk '{v[NR]=$1} END {if (NR == 0) {print "n/a"} else if (NR % 2) {print v[(NR+1)/2]} else {printf "%.3f\n", (v[NR/2]+v[NR/2+1])/2}}'; }
range() { sort -g | awk 'NR==1{lo=$1} {hi=$1} END {if (NR) printf "%s to %s", lo, hi}'; }
# at_least GOAL: how many of the values on stdin are >= GOAL, as "k of n"
at_least() { awk -v g="$1" '{n++; if ($1 + 0 >= g) k++} END {printf "%d of %d", k, n}'; }
met() { awk -v v="$1" -v g="$2" -v dir="$3" 'BEGIN {ok = (dir == "le") ? (v + 0 <= g) : (v + 0 >= g); print ok ? "yes" : "no"}'; }

if [ ! -f "$jar" ] || [ -n "$(find reference-impl/src benchmarks/src -newer "$jar" -name '*.java' -print -quit)" ]; then
  mvn -B -o -q -pl benchmarks -am -Pbench -DskipTests package
fi

{
  echo "# Issue 15 rows, $(date -u '+%Y-%m-%d %H:%M UTC'), $(git rev-parse --short HEAD 2>/dev/null || echo '?')$([ $quick = 1 ] && echo ', --quick (smoke run, not a measurement)')"
  echo
  echo "$(nproc) CPUs, load average at the start $(load)."
  echo
  echo "| row | goal | measured | met? | load (start to end) | command |"
  echo "|---|---|---|---|---|---|"
} >"$summary"
row() { echo "| $1 | $2 | $3 | $4 | $5 | \`$6\` |" >>"$summary"; echo "$1: $3 (goal $2: $4)"; }
failed=0

for r in "${rows[@]}"; do
  l0=$(load)
  log="$out/$r.log"
  case "$r" in
    burst)
      # One-thread burst of 32 against Agrona's OneToOneRingBuffer, per CPU second, one JVM per line (the JIT
      # specialises the copy to the first size it sees), several JVMs per size: the JIT differs between JVMs.
      jvms=$([ $quick = 1 ] && echo 2 || echo 9); rounds=$([ $quick = 1 ] && echo 10 || echo 40)
      before="${BURST_BEFORE:-$root/reference-impl/target/classes}"
      : >"$log"
      cells=()
      for size in 64 1500 4096; do
        for j in $(seq 1 "$jvms"); do
          nice -n 10 java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp "$jar" \
            dev.enlightened.benchmarks.RingBurstAB "$before" "$rounds" "$size" >>"$log"
        done
        ratios=$(grep "^payload=$size " "$log" | sed -E 's/.*vs agrona: before=[^ ]+ after=([0-9.]+).*/\1/')
        goal=$([ "$size" = 64 ] && echo 0.8 || echo 1.0)
        ab=""
        if [ -n "${BURST_BEFORE:-}" ]; then
          ab=", after/before $(grep "^payload=$size " "$log" | sed -E 's|.*after/before=([0-9.]+).*|\1|' | median)"
        fi
        cells+=("$size B $(echo "$ratios" | median)× ($(echo "$ratios" | range); $(echo "$ratios" | at_least 1.0) JVMs ≥ 1.0$ab)")
        oks+=("$(met "$(echo "$ratios" | median)" "$goal" ge)")
      done
      ok=$([[ " ${oks[*]} " == *" no "* ]] && echo no || echo yes)
      row "ring vs Agrona, one-thread burst" "≥ 0.8× at 64 B, ≥ 1.0× at 1500 B and 4 KiB" \
        "${cells[0]}; ${cells[1]}; ${cells[2]}" "$ok" "$l0 to $(load)" \
        "RingBurstAB BEFORE $rounds SIZE, $jvms JVMs per size"
      unset oks ;;
    two-thread)
      # One JVM's median of paired rounds is tight, but JVMs differ (where the threads and buffers land: 0.72 to
      # 1.36 at 4 KiB in single JVMs, 2026-12-07 22:22 UTC): the row is the median over several JVMs.
      pairs=$([ $quick = 1 ] && echo 3 || echo 10)
      jvms=$([ $quick = 1 ] && echo 1 || echo 9)
      : >"$log"
      # Each size in a JVM of its own: which sizes ran first in a JVM moved the 4 KiB figure from 0.97 to 1.35
      # (docs/benchmarks.md, "Two threads at 4 KiB").
      for _ in $(seq 1 "$jvms"); do
        for size in 64 1500 4096; do
          nice -n 10 java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp "$jar" \
            dev.enlightened.benchmarks.RingTwoThreadRatio "$pairs" "$size" >>"$log"
        done
      done
      cells=(); ok=yes
      for size in 64 1500 4096; do
        ratios=$(grep "^payload=$size " "$log" | sed -E 's/.* ratio=([0-9.]+).*/\1/')
        v=$(echo "$ratios" | median)
        cells+=("$size B ${v}× ($(echo "$ratios" | range); $(echo "$ratios" | at_least 1.0) JVMs ≥ 1.0)")
        [ "$(met "$v" 1.0 ge)" = yes ] || ok=no
      done
      row "ring vs Agrona, two threads" "≥ 1.0× at every size" \
        "${cells[*]} (per JVM the median of paired rounds; the median over $jvms JVMs)" "$ok" \
        "$l0 to $(load)" "RingTwoThreadRatio $pairs SIZE, $jvms JVMs per size" ;;
    wakeups)
      packets=$([ $quick = 1 ] && echo 2000 || echo 20000)
      nice -n 10 java -cp "$jar" dev.enlightened.benchmarks.RingWakeups "$packets" 64 1 256 >"$log"
      # Every packet received and only the consumer left waiting (for data): no lost wakeup.
      if grep "workload=fixed-64" "$log" | grep -v "received=$packets .*blocked_at_end=\[consumer: data\]" | grep -q .; then
        echo "wakeups: a run lost a packet or ended with the producer blocked:"; grep "workload=fixed-64" "$log"
        failed=1
      fi
      w8=$(grep "^ring=8192 workload=fixed-64" "$log" | sed -E 's/.* wakeups_per_1000=([0-9.]+).*/\1/')
      w64=$(grep "^ring=65536 workload=fixed-64" "$log" | sed -E 's/.* wakeups_per_1000=([0-9.]+).*/\1/')
      ok=$([ "$(met "$w8" 50 le)" = yes ] && [ "$(met "$w64" 50 le)" = yes ] && echo yes || echo no)
      row "wake-ups per 1,000 packets, threads that park" "≤ 50, no lost wakeup" \
        "$w8 (8 KiB ring), $w64 (64 KiB), 64 B packets, idle polls 256, every packet received" "$ok" \
        "$l0 to $(load)" "RingWakeups $packets 64 1 256" ;;
    classic)
      # The engine vs classic TLC (the trace as a constant, BFS) at about 100k and 1M events, one run each.
      counts=$([ $quick = 1 ] && echo 400 || echo "4000 40000")
      # shellcheck disable=SC2086
      if ! nice -n 10 trace-validation/ring-classic-bench.sh "$out/classic" $counts >"$log" 2>&1; then
        echo "classic: the harness failed (see $log)"; tail -3 "$log"; failed=1; continue
      fi
      cells=(); thr=""
      while read -r events _ ecpu _ _ _ _ wallx cpux _ search _; do
        n=${events//,/}; s=${search//,/}
        cells+=("${events} events: ${wallx}× wall, ${cpux}× CPU")
        thr=$(awk -v n="$n" -v s="$s" 'BEGIN {printf "%.1fk", n / (s > 0 ? s : 1)}')
        last_n=$n; last_wall=$wallx; last_cpu=$cpux
      done < <(grep -E '^ +[0-9,]+ +[0-9,]+ ' "$log")
      if [ "$quick" = 1 ]; then ok="n/a (quick)"; else
        ok=$(awk -v w="$last_wall" -v c="$last_cpu" 'BEGIN {print (w >= 10 && c >= 10) ? "yes (wall and CPU)" : (w >= 10) ? "wall yes, CPU no" : "no"}'); fi
      joined=$(printf '%s; ' "${cells[@]}")
      row "trace engine vs classic TLC" "≥ 5× at 100k, ≥ 10× at 1M, one run" "${joined%; }" "$ok" \
        "$l0 to $(load)" "trace-validation/ring-classic-bench.sh OUT $counts"
      row "engine throughput, ${last_n:-?}-event ring trace" "≥ 200k events per search CPU second" \
        "$thr per search CPU second" "$([ "$quick" = 1 ] && echo "n/a (quick)" || met "${thr%k}" 200 ge)" \
        "$l0 to $(load)" "the same run's search CPU column" ;;
    batch)
      rounds=$([ $quick = 1 ] && echo 2 || echo 9)
      # BATCH_BEFORE=JAR (an older build's cli jar, its lib/ beside it): rounds alternate it and this build's.
      after_jar="$root/cli/target/enlightened.jar"
      if ! nice -n 10 trace-validation/validate-batch-bench.sh "$out/batch" "$rounds" ${BATCH_BEFORE:+"$BATCH_BEFORE"} \
          ${BATCH_BEFORE:+"$after_jar"} >"$log" 2>&1; then
        echo "batch: the harness failed (see $log)"; tail -3 "$log"; failed=1; continue
      fi
      marginal() { grep -oE 'marginal per trace [0-9.]+ ms CPU' | awk '{print $4}'; }
      if [ -n "${BATCH_BEFORE:-}" ]; then
        m=$(grep -F " $after_jar " "$log" | marginal)
        b=$(grep -F " $BATCH_BEFORE " "$log" | marginal)
        extra="; before ($BATCH_BEFORE) $(echo "$b" | median) ms ($(echo "$b" | range)) in the same run"
      else
        m=$(marginal <"$log"); extra=""
      fi
      row "batch of 20 short ring traces" "≤ 10 ms CPU per extra trace" \
        "$(echo "$m" | median) ms (median of $rounds rounds, $(echo "$m" | range))$extra" "$(met "$(echo "$m" | median)" 10 le)" \
        "$l0 to $(load)" "trace-validation/validate-batch-bench.sh OUT $rounds${BATCH_BEFORE:+ BEFORE.jar AFTER.jar}" ;;
    deep)
      model=$([ $quick = 1 ] && echo ring-tso || echo ring-deep-tso-16)
      if ! ./enlightened check --model "$model" --workers 2 >"$log" 2>&1; then
        echo "deep: $model not met (see $log)"; tail -3 "$log"; failed=1; continue
      fi
      line=$(grep -E "^ *$model " "$log" | head -1 | tr -s ' ')
      # check's row: id, expected, actual, distinct states, depth, wall time (52.3s, 4m55s or 1h02m), CPU, verdict
      secs=$(echo "$line" | awk '{t=$6; s=0; if (t ~ /h/) {split(t, a, "h"); s+=a[1]*3600; t=a[2]}
        if (t ~ /m/) {split(t, a, "m"); s+=a[1]*60; t=a[2]} sub(/s$/, "", t); print s + t}')
      row "deep ring model" "exhaustive in < 10 min on 2 cores" \
        "$model: $(echo "$line" | awk '{print $4}') distinct states, depth $(echo "$line" | awk '{print $5}'), $(echo "$line" | awk '{print $6}') wall, $(echo "$line" | awk '{print $8}')" \
        "$([ $quick = 1 ] && echo "n/a (quick: $model)" || met "$secs" 600 le)" "$l0 to $(load)" \
        "./enlightened check --model $model --workers 2" ;;
    iops)
      rounds=$([ $quick = 1 ] && echo 5 || echo 30)
      nice -n 10 java -XX:+UseParallelGC -cp "$jar" dev.enlightened.benchmarks.StorvscIopsRatio "$rounds" >"$log"
      v=$(grep -oE 'ratio stack/direct: median [0-9.]+' "$log" | awk '{print $4}')
      row "storvsc 4 KiB random reads, full stack vs FileChannel" "≥ 0.5×" "${v}× (median of per-round ratios)" \
        "$(met "$v" 0.5 ge)" "$l0 to $(load)" "StorvscIopsRatio $rounds" ;;
  esac
done
echo
echo "summary: $summary"
exit "$failed"
