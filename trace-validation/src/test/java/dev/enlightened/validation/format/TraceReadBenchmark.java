package dev.enlightened.validation.format;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The trace reader's CPU on one file with {@link EventLine}'s scanner off and on, in alternating rounds in one JVM
 * (issue 15: the engine's reader thread). Not a test; run by hand:
 * <pre>
 * java -cp "trace-validation/target/test-classes:trace-validation/target/classes:cli/target/lib/*" \
 *   dev.enlightened.validation.format.TraceReadBenchmark /tmp/ring-40000.ndjson 5
 * </pre>
 * Prints the reading thread's CPU per round and the medians; both sides must read the same events.
 */
public final class TraceReadBenchmark {
    private TraceReadBenchmark() {
    }

    /** Counts events and sums their action lengths and params sizes, so no reading is optimised away. */
    private static final class Count implements TraceParser.Sink {
        long events;
        long check;

        @Override
        public void header(TraceHeader header) {
        }

        @Override
        public void event(TraceEvent e) {
            events++;
            check += e.action().length() + e.params().size() + e.post().size();
        }
    }

    /**
     * @param args the trace file and the number of rounds
     * @throws Exception when the file cannot be read or is no valid trace
     */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        List<Long> off = new ArrayList<>();
        List<Long> on = new ArrayList<>();
        long[] check = new long[2];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 2; k++) {
                boolean scanner = (k + r) % 2 == 1;
                Count c = new Count();
                long t0 = cpu.getCurrentThreadCpuTime();
                TraceParser.parse(file, c, scanner);
                long ms = (cpu.getCurrentThreadCpuTime() - t0) / 1_000_000;
                (scanner ? on : off).add(ms);
                check[scanner ? 1 : 0] = c.check;
                System.out.printf(Locale.ROOT, "round %d scanner=%s: %d events, %d ms of CPU%n", r + 1, scanner,
                        c.events, ms);
            }
        }
        if (check[0] != check[1]) {
            throw new IllegalStateException("the two paths read different events: " + check[0] + " " + check[1]);
        }
        off.sort(null);
        on.sort(null);
        System.out.printf(Locale.ROOT, "median CPU: Jackson %d ms (%d..%d), scanner %d ms (%d..%d)%n",
                off.get(off.size() / 2), off.get(0), off.get(off.size() - 1), on.get(on.size() / 2), on.get(0),
                on.get(on.size() - 1));
    }
}
