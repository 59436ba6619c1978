package dev.enlightened.validation.engine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where an engine JVM's CPU went, for benchmarks of batches (issue 15 row "batch of ring traces from 20 seeds"):
 * the main thread's CPU per phase of {@link EngineMain} (headers, load, per trace: re-binding, checker, check), and
 * at the end every thread's CPU as Linux counts it ({@code /proc/self/task/TID/schedstat}), summed by thread
 * name, so that the JIT compiler and GC threads, which {@link ThreadMXBean} does not list, are counted too. On with
 * {@code -Denlightened.engine.profile=true} on the engine JVM (the validator hands it on from the CLI JVM); the
 * report goes to standard error, which the validator keeps in the engine's log. Off, every call is a field test.
 */
final class EngineProfile {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    /** The same bean's heap allocation counter (HotSpot): what a later trace allocates (issue 15). */
    private static final com.sun.management.ThreadMXBean ALLOC = (com.sun.management.ThreadMXBean) CPU;
    private final boolean on;
    /** Per phase: calls, main-thread CPU nanoseconds, main-thread bytes allocated. */
    private final Map<String, long[]> phases = new LinkedHashMap<>();
    private long mark;
    private long allocMark;
    /** The main thread's allocated bytes after the first and after the last trace. */
    private long allocAfterFirst;
    private long allocAfterLast;
    /** The process's minor page faults after the first and after the last trace ({@code /proc/self/stat}). */
    private long faultsAfterFirst;
    private long faultsAfterLast;
    /** The whole process's CPU when the first and the last trace had been checked, and how many were. */
    private long afterFirst;
    private long afterLast;
    private int traces;
    /** Every thread's CPU after the first and after the last trace ({@link #threads}), or null. */
    private Map<String, Long> threadsAfterFirst;
    private Map<String, Long> threadsAfterLast;
    /**
     * The JVM's uptime (ms) and {@link System#nanoTime} (CLOCK_MONOTONIC, as {@code perf record -k mono} stamps
     * samples) when each trace had been checked: where later traces begin in -XX:+PrintCompilation or perf output.
     */
    private final java.util.List<Long> uptimes = new java.util.ArrayList<>();
    private final java.util.List<Long> nanos = new java.util.ArrayList<>();

    private EngineProfile(boolean on) {
        this.on = on;
        this.mark = on ? CPU.getCurrentThreadCpuTime() : 0;
        this.allocMark = on ? ALLOC.getCurrentThreadAllocatedBytes() : 0;
    }

    /** @return a profile that records only when {@code -Denlightened.engine.profile=true} */
    static EngineProfile fromSystemProperty() {
        return of(Boolean.getBoolean("enlightened.engine.profile"));
    }

    /** @return a profile that records or not (tests) */
    static EngineProfile of(boolean on) {
        return new EngineProfile(on);
    }

    /** Charges the main thread's CPU since the last call to {@code phase} (count and nanoseconds). */
    void phase(String phase) {
        if (!on) {
            return;
        }
        long now = CPU.getCurrentThreadCpuTime();
        long bytes = ALLOC.getCurrentThreadAllocatedBytes();
        long[] acc = phases.computeIfAbsent(phase, k -> new long[3]);
        acc[0]++;
        acc[1] += now - mark;
        acc[2] += bytes - allocMark;
        mark = now;
        allocMark = bytes;
    }

    /**
     * Marks a trace checked: the process's CPU (every thread) after the first and after the last gives the marginal
     * CPU of a later trace within one JVM, (last - first) / (n - 1), free of the two-JVM difference's noise (the
     * spec load and the JIT's start swing by 100s of ms between runs; issue 15, docs/benchmarks.md); by thread too,
     * at the first and the last trace only (reading /proc costs the main thread about a millisecond).
     *
     * @param last whether this is the batch's last trace
     */
    void traceDone(boolean last) {
        if (!on) {
            return;
        }
        uptimes.add(ManagementFactory.getRuntimeMXBean().getUptime());
        nanos.add(System.nanoTime());
        boolean first = traces++ == 0;
        if (!first && !last) {
            // Only the first and the last trace's counters are reported: reading /proc/self/stat and the process
            // CPU at every trace (interpreted, once per trace) was charged to the later traces it measures.
            return;
        }
        afterLast = processCpu();
        allocAfterLast = ALLOC.getCurrentThreadAllocatedBytes();
        faultsAfterLast = minorFaults();
        if (first) {
            threadsAfterFirst = threads();
            // After reading /proc for every thread: that read's CPU, allocation and faults are not a later trace's.
            faultsAfterFirst = minorFaults();
            afterFirst = processCpu();
            allocAfterFirst = ALLOC.getCurrentThreadAllocatedBytes();
        } else if (last) {
            threadsAfterLast = threads();
        }
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The process's minor page faults so far (field 10 of {@code /proc/self/stat}), or 0 without it. */
    static long minorFaults() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
            // The command name (field 2) is in parentheses and may hold spaces: count fields after its ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[7]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Prints the phases and the per-thread CPU to standard error. */
    void report() {
        if (!on) {
            return;
        }
        StringBuilder out = new StringBuilder("engine profile, main thread CPU and heap allocation by phase:\n");
        phases.forEach((p, acc) -> out.append(String.format(Locale.ROOT, "  %-28s %5d x %9.1f ms %9.1f MB%n", p,
                acc[0], acc[1] / 1e6, acc[2] / 1e6)));
        out.append("engine profile, CPU by thread (schedstat):\n");
        threads().forEach((n, ns) -> out.append(String.format(Locale.ROOT, "  %-28s %9.1f ms%n", n, ns / 1e6)));
        long process = processCpu();
        out.append(String.format(Locale.ROOT, "  %-28s %9.1f ms (threads that ended are counted only here)%n",
                "whole process", process / 1e6));
        if (traces > 1) {
            out.append(String.format(Locale.ROOT, "  %-28s %9.1f ms (process CPU after trace 1: %.1f ms; after %d: "
                    + "%.1f ms)%n", "per later trace", (afterLast - afterFirst) / 1e6 / (traces - 1),
                    afterFirst / 1e6, traces, afterLast / 1e6));
            out.append(String.format(Locale.ROOT, "  %-28s %9.1f KB (main thread's heap allocation)%n",
                    "allocated per later trace", (allocAfterLast - allocAfterFirst) / 1e3 / (traces - 1)));
            out.append(String.format(Locale.ROOT, "  %-28s %9.1f (the process's minor page faults)%n",
                    "page faults per later trace", (faultsAfterLast - faultsAfterFirst) / (double) (traces - 1)));
            if (threadsAfterFirst != null && threadsAfterLast != null) {
                // Threads that ended between the two (the trace readers) are in the whole but not listed.
                threadsAfterLast.forEach((n, ns) -> out.append(String.format(Locale.ROOT, "    %-26s %9.1f ms%n", n,
                        (ns - threadsAfterFirst.getOrDefault(n, 0L)) / 1e6 / (traces - 1))));
            }
        }
        out.append("engine profile, JVM uptime (ms) when each trace had been checked: ").append(uptimes).append('\n');
        out.append("engine profile, System.nanoTime() when each trace had been checked: ").append(nanos).append('\n');
        System.err.print(out);
    }

    /** Every thread's CPU so far, summed by name with digits dropped ("GC Thread#1" counts as "GC Thread#"). */
    static Map<String, Long> threads() {
        Map<String, Long> byName = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(t -> {
                try {
                    String name = Files.readString(t.resolve("comm"), StandardCharsets.UTF_8).strip()
                            .replaceAll("[0-9]+", "");
                    long ns = Long.parseLong(Files.readString(t.resolve("schedstat"), StandardCharsets.UTF_8)
                            .split(" ")[0]);
                    byName.merge(name, ns, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // A thread that ended meanwhile.
                }
            });
        } catch (IOException e) {
            byName.put("(no /proc/self/task)", 0L);
        }
        return byName;
    }
}
