package dev.enlightened.validation.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The engine's profile of a batch (issue 15 benchmarks): the CPU per later trace within one JVM. Pure Java. */
class EngineProfileTest {
    private static String report(EngineProfile p) {
        PrintStream err = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            p.report();
        } finally {
            System.setErr(err);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Burns {@code nanos} of this thread's CPU (not wall time: the machine may be loaded). */
    private static void spin(long nanos) {
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long end = cpu.getCurrentThreadCpuTime() + nanos;
        long x = 0;
        while (cpu.getCurrentThreadCpuTime() < end) {
            x += x * 31 + 7;
        }
        if (x == 42) {
            System.out.print(""); // keeps the loop from being optimised away
        }
    }

    @Test
    void reportsTheProcessCpuPerTraceAfterTheFirstSplitByThread() {
        EngineProfile p = EngineProfile.of(true);
        p.traceDone(false);
        spin(60_000_000);
        p.traceDone(false);
        spin(60_000_000);
        p.traceDone(true);
        String r = report(p);
        Matcher m = Pattern.compile("per later trace\\s+([\\d.]+) ms \\(process CPU after trace 1: ([\\d.]+) ms; "
                + "after 3: ([\\d.]+) ms\\)").matcher(r);
        assertTrue(m.find(), r);
        double perTrace = Double.parseDouble(m.group(1));
        double first = Double.parseDouble(m.group(2));
        double last = Double.parseDouble(m.group(3));
        assertEquals((last - first) / 2, perTrace, 0.1, r);
        // Two traces of 60 ms of this thread's CPU each: at least that, less the process clock's 10 ms ticks, and
        // the threads listed per later trace.
        assertTrue(perTrace >= 40, r);
        assertTrue(Pattern.compile("\n    \\S.*\\s+[\\d.]+ ms\n").matcher(r).find(), r);
    }

    @Test
    void reportsTheMainThreadsAllocationPerPhaseAndPerLaterTrace() {
        EngineProfile p = EngineProfile.of(true);
        p.traceDone(false);
        // The first trace's mark reads /proc for every thread of this JVM (Surefire's: many): a phase of its own,
        // so that "alloc" holds the arrays only.
        p.phase("marks");
        byte[][] kept = new byte[4][];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = new byte[1_000_000];
        }
        p.phase("alloc");
        p.traceDone(true);
        String r = report(p);
        Matcher phase = Pattern.compile("alloc\\s+1 x\\s+[\\d.]+ ms\\s+([\\d.]+) MB").matcher(r);
        assertTrue(phase.find(), r);
        // Four arrays of a million bytes each, and little else, between the marks.
        assertEquals(4.0, Double.parseDouble(phase.group(1)), 0.5, r);
        Matcher later = Pattern.compile("allocated per later trace\\s+([\\d.]+) KB").matcher(r);
        assertTrue(later.find(), r);
        assertEquals(4000, Double.parseDouble(later.group(1)), 500, r);
        assertEquals(kept.length, 4);
    }

    @Test
    void countsThePageFaultsOfMemoryTouchedForTheFirstTime() {
        long before = EngineProfile.minorFaults();
        // 16 MiB of fresh native memory (not the heap's huge pages), zeroed on allocation: 4 KiB pages faulted in.
        java.nio.ByteBuffer fresh = java.nio.ByteBuffer.allocateDirect(16 << 20);
        long after = EngineProfile.minorFaults();
        assertTrue(after - before > 1000, before + " -> " + after);
        assertEquals(0, fresh.get(fresh.capacity() - 1));
        EngineProfile p = EngineProfile.of(true);
        p.traceDone(false);
        p.traceDone(true);
        assertTrue(Pattern.compile("page faults per later trace\\s+[\\d.]+ ").matcher(report(p)).find(), report(p));
    }

    @Test
    void saysNothingPerLaterTraceForOneTraceOrWhenOff() {
        EngineProfile one = EngineProfile.of(true);
        one.traceDone(true);
        assertTrue(report(one).contains("whole process"));
        assertTrue(!report(one).contains("per later trace"));
        EngineProfile off = EngineProfile.of(false);
        off.traceDone(false);
        off.traceDone(true);
        assertEquals("", report(off));
    }
}
