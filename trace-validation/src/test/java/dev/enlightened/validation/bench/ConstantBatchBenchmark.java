package dev.enlightened.validation.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enlightened.ring.scenario.RingScenario;
import dev.enlightened.ring.scenario.RingScenarioRunner;
import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.Verdict;
import dev.enlightened.workspace.Workspace;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Issue 15's row "batch of ring traces from 20 seeds": short ring traces whose header constants differ (ring sizes
 * cycle through 64, 128, 256 and 512 bytes; each seed draws its own packet lengths), validated
 * <ul>
 * <li>as one batch: one engine JVM and one parse, each trace's constants bound in turn (this change);</li>
 * <li>one batch per constant set, as {@link TraceValidator} grouped them before this change (one engine JVM and
 *     one parse per set);</li>
 * <li>a batch of the first trace alone, the fixed cost both share.</li>
 * </ul>
 * The marginal cost per trace is (batch - one trace) / (traces - 1), in wall time and in the engine JVMs' CPU time.
 * Rounds alternate the two ways, so both see the same machine load. Usage (see
 * {@code trace-validation/batch-bench.sh}): {@code ConstantBatchBenchmark WORKDIR [TRACES] [PACKETS] [ROUNDS]}.
 */
public final class ConstantBatchBenchmark {
    private static final int[] DATA_BYTES = {64, 128, 256, 512};

    private ConstantBatchBenchmark() {
    }

    /**
     * @param args work directory, then traces (20), packets per trace (20) and rounds (3)
     * @throws Exception when a run fails or a trace is not accepted (the comparison is of accepting runs)
     */
    public static void main(String[] args) throws Exception {
        Path work = Files.createDirectories(Path.of(args[0]).toAbsolutePath());
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int packets = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        List<Path> traces = new ArrayList<>();
        Map<String, List<Path>> groups = new LinkedHashMap<>();
        long events = 0;
        for (int seed = 1; seed <= n; seed++) {
            Path t = work.resolve("ring-" + seed + ".ndjson");
            RingScenarioRunner.run(RingScenario.generated(DATA_BYTES[seed % DATA_BYTES.length], packets, seed, false,
                    Set.of()), t);
            traces.add(t);
            groups.computeIfAbsent(constants(t), k -> new ArrayList<>()).add(t);
            events += Files.lines(t).count() - 1;
        }
        TraceValidator engine = TraceValidator.forWorkspace(Workspace.locate(null));
        System.out.printf(Locale.ROOT, "%d ring traces, %d packets each, %,d events in all, %d constant sets%n", n,
                packets, events, groups.size());
        System.out.printf(Locale.ROOT, "%5s %6s | %9s %9s | %4s %9s %9s %11s %11s | %4s %9s %9s %11s %11s%n",
                "round", "load", "one ms", "one CPU", "JVMs", "batch ms", "CPU ms", "marg. ms", "marg. CPU",
                "JVMs", "before ms", "CPU ms", "marg. ms", "marg. CPU");
        for (int r = 1; r <= rounds; r++) {
            double load = load();
            boolean afterFirst = r % 2 == 1;
            Cost before = null;
            Cost after = null;
            if (!afterFirst) {
                before = perConstantSet(engine, groups);
            }
            Cost one = cost(engine, List.of(traces.get(0)));
            after = cost(engine, traces);
            if (afterFirst) {
                before = perConstantSet(engine, groups);
            }
            System.out.printf(Locale.ROOT, "%5d %6.1f | %,9d %,9d | %4d %,9d %,9d %11.1f %11.1f | %4d %,9d %,9d "
                            + "%11.1f %11.1f%n", r, load, one.wall, one.cpu, after.jvms, after.wall, after.cpu,
                    marginal(after.wall, one.wall, n), marginal(after.cpu, one.cpu, n), before.jvms, before.wall,
                    before.cpu, marginal(before.wall, one.wall, n), marginal(before.cpu, one.cpu, n));
        }
        System.out.printf(Locale.ROOT, "load average at end: %.2f%n", load());
    }

    private record Cost(int jvms, long wall, long cpu) {
    }

    private static Cost cost(TraceValidator engine, List<Path> batch) {
        TraceValidator.Report rep = engine.run(batch);
        for (Verdict v : rep.verdicts()) {
            if (!(v instanceof Verdict.Accepted)) {
                throw new IllegalStateException("not accepted:\n" + v.render());
            }
        }
        return new Cost(rep.jvms(), rep.wallMillis(), rep.cpuMillis());
    }

    /** The batch as the validator ran it before: one engine JVM (one parse) per set of header constants. */
    private static Cost perConstantSet(TraceValidator engine, Map<String, List<Path>> groups) {
        int jvms = 0;
        long wall = 0;
        long cpu = 0;
        for (List<Path> g : groups.values()) {
            Cost c = cost(engine, g);
            jvms += c.jvms;
            wall += c.wall;
            cpu += c.cpu;
        }
        return new Cost(jvms, wall, cpu);
    }

    private static double marginal(long batch, long one, int n) {
        return (batch - one) / (double) Math.max(1, n - 1);
    }

    private static String constants(Path trace) throws Exception {
        try (BufferedReader r = Files.newBufferedReader(trace, StandardCharsets.UTF_8)) {
            // Keys sorted, as the validator's group key was: headers list them in no fixed order.
            ObjectMapper json = new ObjectMapper();
            return new java.util.TreeMap<String, Object>(json.convertValue(json.readTree(r.readLine())
                    .get("constants"), Map.class)).toString();
        }
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
