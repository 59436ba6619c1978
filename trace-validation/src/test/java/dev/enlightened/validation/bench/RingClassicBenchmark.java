package dev.enlightened.validation.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enlightened.validation.ExampleModules;
import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.Verdict;
import dev.enlightened.workspace.Workspace;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The engine against classic TLC trace checking on ring traces of {@code enlightened run ring} (issue 15's row
 * "trace engine vs classic TLC"): for each trace, the engine ({@link TraceValidator}, its own forked JVM) and TLC
 * on {@code ClassicTraceRingBuffer.tla} (a fresh JVM, breadth-first search with the line index as a variable), both
 * timed from process start to verdict, one after the other, in this one run. Usage, from the repository root (see
 * {@code trace-validation/ring-classic-bench.sh}): {@code RingClassicBenchmark WORKDIR TRACE...}.
 */
public final class RingClassicBenchmark {

    private RingClassicBenchmark() {
    }

    /**
     * @param args work directory, then trace files
     * @throws Exception when a run fails or a side does not accept a trace (both must: the comparison is of
     *                   accepting runs)
     */
    public static void main(String[] args) throws Exception {
        Path work = Files.createDirectories(Path.of(args[0]).toAbsolutePath());
        Workspace ws = Workspace.locate(null);
        TraceValidator engine = TraceValidator.forWorkspace(ws);
        // The engine again without its StepCache, in the same run (issue 15: the cache's gain, measured with it).
        TraceValidator uncached = engine.stepCache(false);
        Path modules = ws.traceModules();
        String library = String.join(":", modules.toString(), modules.resolve("ring").toString(),
                ws.specs().resolve("ring").toString(), ExampleModules.dir().toString());
        ClassicTlc tlc = new ClassicTlc(modules, ExampleModules.dir(), classpath(), work);
        System.out.printf(Locale.ROOT, "load average at start: %.2f%n", load());
        System.out.printf(Locale.ROOT, "%10s %12s %12s %12s %12s %12s %12s %8s %8s %8s %12s %12s%n", "events",
                "engine ms", "engine CPU", "no-cache ms", "no-cache CPU", "classic ms", "classic CPU", "wall x",
                "CPU x", "cache x", "search CPU", "no-cache s.");
        for (int i = 1; i < args.length; i++) {
            Path trace = Path.of(args[i]).toAbsolutePath();
            TraceValidator.Report e = engine.run(List.of(trace));
            Verdict v = e.verdicts().get(0);
            if (!(v instanceof Verdict.Accepted a)) {
                throw new IllegalStateException("the engine did not accept " + trace + ":\n" + v.render());
            }
            TraceValidator.Report o = uncached.run(List.of(trace));
            if (!(o.verdicts().get(0) instanceof Verdict.Accepted b) || b.distinctStates() != a.distinctStates()) {
                throw new IllegalStateException("without the step cache the engine decided otherwise on " + trace
                        + ":\n" + o.verdicts().get(0).render());
            }
            ClassicTlc.Run c = tlc.run(trace, "ClassicTraceRingBuffer", cfg(trace, modules.resolve("ring")
                    .resolve("TraceRingBuffer.cfg")), library);
            if (!c.accepted()) {
                throw new IllegalStateException("classic TLC did not accept " + trace + ": " + c.lastLine());
            }
            System.out.printf(Locale.ROOT, "%,10d %,12d %,12d %,12d %,12d %,12d %,12d %8.1f %8.1f %8.2f %,12d %,12d%n",
                    a.events(), e.wallMillis(), e.cpuMillis(), o.wallMillis(), o.cpuMillis(), c.millis(), c.cpuMillis(),
                    (double) c.millis() / Math.max(1, e.wallMillis()),
                    (double) c.cpuMillis() / Math.max(1, e.cpuMillis()),
                    (double) o.cpuMillis() / Math.max(1, e.cpuMillis()), a.cpuMillis(), b.cpuMillis());
        }
        System.out.printf(Locale.ROOT, "load average at end: %.2f%n", load());
    }

    /**
     * The classic run's cfg: the engine's own TraceRingBuffer.cfg constants (one {@code Name = value} per line)
     * with the trace header's values in their place, and the same invariants.
     */
    static String cfg(Path trace, Path engineCfg) throws Exception {
        JsonNode header;
        try (BufferedReader r = Files.newBufferedReader(trace, StandardCharsets.UTF_8)) {
            header = new ObjectMapper().readTree(r.readLine());
        }
        Map<String, String> constants = new LinkedHashMap<>();
        boolean inConstants = false;
        for (String line : Files.readAllLines(engineCfg, StandardCharsets.UTF_8)) {
            String t = line.strip();
            if (t.equals("CONSTANTS")) {
                inConstants = true;
            } else if (inConstants && t.matches("\\w+ = .+")) {
                constants.put(t.substring(0, t.indexOf(' ')), t.substring(t.indexOf('=') + 1).strip());
            } else if (!t.startsWith("\\*") && !t.isEmpty()) {
                inConstants = false;
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = header.get("constants").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> c = it.next();
            constants.put(c.getKey(), tla(c.getValue()));
        }
        StringBuilder cfg = new StringBuilder("CONSTANTS\n");
        constants.forEach((k, v) -> cfg.append("    ").append(k).append(" = ").append(v).append('\n'));
        // A branch that takes a silent step where the Java took none dead-ends: that is no verdict (as in CCF's
        // trace cfgs), only reaching l = Len(TraceLog) + 1 is.
        return cfg.append("INIT ClassicInit\nNEXT ClassicNext\nCHECK_DEADLOCK FALSE\n")
                .append("INVARIANT TypeOK NoOverrunInv FullEmptyRuleInv ClassicUnfinishedInv\n").toString();
    }

    /** A header value as TLA+: a JSON array is a set (docs/trace-format.md, header constants). */
    private static String tla(JsonNode v) {
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(x -> items.add(tla(x)));
            return "{" + String.join(", ", items) + "}";
        }
        if (v.isBoolean()) {
            return v.booleanValue() ? "TRUE" : "FALSE";
        }
        if (v.isTextual()) {
            return "\"" + v.textValue() + "\"";
        }
        return v.asText();
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String classpath() {
        return System.getProperty("java.class.path");
    }
}
