#!/usr/bin/env bash
# Every fault switch of every `enlightened run` command, explored with explore's DEFAULT bounds (the same for every
# fault: no seed or option per fault), by each strategy, several times; prints one table row per (fault, strategy).
#
# The fault list is read from the CLI (`enlightened run FAMILY --help`, its "Faults" footer, which FaultRegistry
# generates), so a fault added later is in the matrix without editing this script.
#
# Usage: explore/bench/fault-matrix.sh [--runs N] [--strategies "dfs pct"] [--families "ring channels ..."]
#                                      [--faults "H7 H8"] [--time 60s] [--out DIR]
# Exit 0 when every run of every row found its fault within the budget and the runs of each row agree, else 1.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs=3
strategies="dfs pct"
families="ring channels storvsc netvsc network"
budget=60s
only=""
out="${TMPDIR:-/tmp}/enlightened-fault-matrix"
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --strategies) strategies="$2"; shift 2 ;;
    --families) families="$2"; shift 2 ;;
    --time) budget="$2"; shift 2 ;;
    --faults) only="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "fault-matrix: unknown option: $1 (options: --runs N, --strategies S, --families F, --faults F, --time D, --out DIR)" >&2
       exit 2 ;;
  esac
done
mkdir -p "$out"
cli="$root/enlightened"

# The names in the "Faults" footer of `run FAMILY --help`: lines indented by exactly two spaces. Every one:
# explore takes each run fault with its defaults (a fault of `run channels --vps`, `--contexts` or `--identity`
# selects that run; cli FaultRegistryTest.NOT_EXPLORED_YET is empty).
faults_of() {
  "$cli" run "$1" --help | awk '/^Faults /{on=1; next} on && /^  [^ ]/{print $1}'
}

echo "load before: $(uptime)" >&2
rows="$out/rows.tsv"
: >"$rows"
for fam in $families; do
  list="$(faults_of "$fam")"
  if [ -z "$list" ]; then
    echo "fault-matrix: no faults listed by 'enlightened run $fam --help'" >&2
    exit 3
  fi
  for f in $list; do
    if [ -n "$only" ] && ! [[ " $only " == *" $f "* ]]; then
      continue
    fi
    for s in $strategies; do
      for i in $(seq 1 "$runs"); do
        json="$out/$fam-$f-$s-$i.json"
        rm -f "$json"
        t0=$(date +%s.%N)
        set +e
        "$cli" explore "$fam" --fault "$f" --strategy "$s" --time "$budget" --json "$json" \
          --out "$out/traces" >"$out/$fam-$f-$s-$i.out" 2>"$out/$fam-$f-$s-$i.err"
        rc=$?
        set -e
        t1=$(date +%s.%N)
        load=$(cut -d' ' -f1 /proc/loadavg)
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$fam" "$f" "$s" "$i" "$rc" \
          "$(echo "$t1 - $t0" | bc)" "$load" "$json" >>"$rows"
        echo "  $fam $f $s run $i: exit $rc" >&2
      done
    done
  done
done
echo "load after: $(uptime)" >&2

python3 - "$rows" <<'EOF'
import json, statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
groups = {}
for fam, f, s, i, rc, wall, load, js in rows:
    groups.setdefault((fam, f, s), []).append((int(rc), float(wall), float(load), js))
print("| family | fault | strategy | found | runs agree | schedules | rejected at | found after (s, median) "
      "| whole command (s, median) | load |")
print("|---|---|---|---|---|---|---|---|---|---|")
ok = True
for (fam, f, s), rs in groups.items():
    found, keys, scheds, secs, walls, loads, at = 0, set(), [], [], [], [], ""
    for rc, wall, load, js in rs:
        walls.append(wall); loads.append(load)
        try:
            d = json.load(open(js))
        except (OSError, ValueError):
            keys.add(("no report", rc)); continue
        rej = d.get("rejection")
        if rc == 1 and rej:
            found += 1
            scheds.append(d["schedules"]); secs.append(d["millis"] / 1000)
            summary = rej["summary"]
            at = summary.split(":")[0].replace("REJECTED at ", "")
            keys.add((d["schedules"], rej["token"]))
        else:
            keys.add(("not found", rc))
    agree = "yes" if len(keys) == 1 else "NO"
    ok = ok and found == len(rs) and len(keys) == 1
    med = lambda xs: f"{statistics.median(xs):.1f}" if xs else "-"
    print(f"| {fam} | {f} | {s} | {found} of {len(rs)} | {agree} | {','.join(map(str, sorted(set(scheds)))) or '-'} "
          f"| {at or '-'} | {med(secs)} | {med(walls)} | {min(loads):.1f} to {max(loads):.1f} |")
sys.exit(0 if ok else 1)
EOF
