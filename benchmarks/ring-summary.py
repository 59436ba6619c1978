#!/usr/bin/env python3
"""Summarises a RingThroughputBenchmark run: median messages/s and MB/s per ring, the VMBus/Agrona ratio, and
signals per 1,000 packets. Usage: ring-summary.py jmh.json jmh.txt (the -rff result and the console output)."""
import json
import re
import statistics
import sys


def medians(results):
    """(group, payload) -> median messages/s over the measurement iterations."""
    out = {}
    for r in results:
        group = r["benchmark"].rsplit(".", 1)[1]
        payload = int(r["params"]["payloadBytes"])
        if "received" in r.get("secondaryMetrics", {}):
            raw = r["secondaryMetrics"]["received"]["rawData"][0]
        else:
            raw = r["primaryMetric"]["rawData"][0]
        out[(group, payload)] = statistics.median(raw)
    return out


def main(json_path, text_path):
    m = medians(json.load(open(json_path)))
    signals = re.findall(r"signals: benchmark=(\w+) payload=(\d+) packets=(\d+) producer_signals=(\d+)"
                         r" consumer_signals=(\d+)", open(text_path).read())
    print("| mode | payload B | VMBus ring msg/s | MB/s | Agrona msg/s | MB/s | VMBus/Agrona |")
    print("|---|---|---|---|---|---|---|")
    for mode, ours, theirs in (("2 threads", "vmbusRing", "agronaOneToOne"), ("1 thread burst", "vmbusBurst",
                                                                             "agronaBurst")):
        for payload in sorted({p for (_, p) in m}):
            a, b = m.get((ours, payload)), m.get((theirs, payload))
            if a is None or b is None:
                continue
            print(f"| {mode} | {payload} | {a:,.0f} | {a * payload / 1e6:,.1f} | {b:,.0f} | {b * payload / 1e6:,.1f}"
                  f" | {a / b:.2f} |")
    print()
    print("| benchmark | payload B | packets | producer signals | per 1,000 packets | consumer signals |")
    print("|---|---|---|---|---|---|")
    for name, payload, packets, prod, cons in signals:
        print(f"| {name} | {payload} | {int(packets):,} | {int(prod):,} | {1000 * int(prod) / int(packets):.1f} |"
              f" {int(cons):,} |")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
