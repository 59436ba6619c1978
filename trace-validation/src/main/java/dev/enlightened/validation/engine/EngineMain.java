package dev.enlightened.validation.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.enlightened.validation.BatchResult;
import dev.enlightened.validation.Verdict;
import dev.enlightened.validation.policy.HeaderPolicy;
import dev.enlightened.validation.format.TraceFormatException;
import dev.enlightened.validation.format.TraceHeader;
import dev.enlightened.validation.format.TraceParser;
import dev.enlightened.workspace.TempDirs;
import java.io.IOException;
import java.nio.file.Path;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Entry point of the engine JVM (forked by {@link dev.enlightened.validation.TraceValidator}; never run TLC in a
 * test or build JVM). Loads one trace module once, then checks every trace given, in order, and writes a
 * {@link dev.enlightened.validation.BatchResult} as JSON. Usage:
 * <pre>
 * EngineMain --module TraceX.tla --out result.json [--library DIR]... [--work DIR] [--witness-dir DIR]
 *            [--strict] [--heap SIZE] [--chunk FRAMES] [--verbose] TRACE...
 * </pre>
 * All traces must share the header's spec (the validator groups them so); their constants may differ: each
 * trace's are bound into the one loaded session ({@link SpecSession#rebind}).
 */
public final class EngineMain {
    private EngineMain() {
    }

    /** The command line, parsed. */
    private record Args(Path module, Path out, List<Path> library, Path work, Path witnessDir, boolean strict,
                        String heap, int chunk, boolean verbose, List<Path> traces) {
    }

    /**
     * @param argv see the class comment
     * @throws IOException when the result cannot be written
     */
    public static void main(String[] argv) throws IOException {
        Args args = parse(argv);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        EngineProfile profile = EngineProfile.fromSystemProperty();
        BatchResult r;
        try {
            r = run(args, profile);
        } catch (OutOfMemoryError e) {
            // Spec parsing itself did not fit: every trace of the batch is undecided.
            r = new BatchResult(0, 0, Map.of(), args.traces.stream().<Verdict>map(t -> new Verdict.Failed(
                    t.toString(), 0, "out of memory while loading the spec" + heapHint(args.heap))).toList());
        }
        long cpu = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
        json.writeValue(args.out.toFile(), new BatchResult(r.loadMillis(), cpu, r.coverage(), r.verdicts()));
        profile.phase("result JSON");
        profile.report();
        System.exit(0);
    }

    private static BatchResult run(Args args, EngineProfile profile) throws IOException {
        List<Verdict> verdicts = new ArrayList<>();
        // The module's header declaration first (the caller checked it too): no constant a trace may not set
        // reaches the spec, and a refused trace is never checked.
        Verdict[] refused = new Verdict[args.traces.size()];
        List<Map<String, JsonNode>> constants = new ArrayList<>();
        HeaderPolicy policy;
        try {
            policy = HeaderPolicy.forModule(args.module);
        } catch (HeaderPolicy.DeclarationError e) {
            for (Path t : args.traces) {
                verdicts.add(new Verdict.BadInput(t.toString(), 1, 0, e.getMessage()));
            }
            return new BatchResult(0, 0, Map.of(), verdicts);
        }
        for (int i = 0; i < args.traces.size(); i++) {
            Path t = args.traces.get(i);
            Map<String, JsonNode> c = null;
            try {
                TraceHeader h = TraceParser.readHeader(t);
                policy.check(t, h);
                c = Map.copyOf(h.constants());
            } catch (TraceFormatException e) {
                refused[i] = new Verdict.BadInput(t.toString(), e.line(), e.column(), e.reason());
            } catch (IOException e) {
                // Reported as bad input when the trace is read below.
            }
            constants.add(c);
        }
        profile.phase("headers and policy");
        // One parse of the module with its own config; each trace's constants are then bound in place (issue 15:
        // one engine JVM and one parse per batch, whatever the constants). Only the names the declaration lists
        // can be bound, and a name a trace leaves out gets the config's value back.
        long start = System.nanoTime();
        SpecSession spec;
        try {
            spec = SpecSession.load(args.module, args.library, Map.of(), args.work);
            Set<String> names = new HashSet<>(policy.settable().keySet());
            names.addAll(policy.pinned().keySet());
            spec.enableRebinding(names);
        } catch (SpecSession.LoadError e) {
            for (Path t : args.traces) {
                verdicts.add(new Verdict.BadInput(t.toString(), 0, 0, e.getMessage()));
            }
            return new BatchResult(0, 0, Map.of(), verdicts);
        }
        long loadMillis = (System.nanoTime() - start) / 1_000_000;
        profile.phase("load");
        Map<String, Long> coverage = new TreeMap<>();
        Map<String, JsonNode> bound = null;
        TraceChecker checker = null;
        Verdict[] out = new Verdict[args.traces.size()];
        List<Integer> order = byConstants(constants);
        for (int k = 0; k < order.size(); k++) {
            int i = order.get(k);
            Path t = args.traces.get(i);
            if (refused[i] != null) {
                out[i] = refused[i];
                continue;
            }
            Map<String, JsonNode> c = constants.get(i) != null ? constants.get(i) : bound != null ? bound : Map.of();
            if (checker == null || !c.equals(bound)) {
                merge(coverage, checker);
                checker = null;
                bound = null;
                try {
                    profile.phase("between traces");
                    spec.rebind(c);
                    profile.phase("rebind");
                    checker = new TraceChecker(spec, args.strict, c, args.chunk, args.verbose);
                    bound = c;
                    profile.phase("checker");
                } catch (SpecSession.LoadError e) {
                    out[i] = new Verdict.BadInput(t.toString(), 1, 0, e.getMessage());
                    continue;
                } catch (RuntimeException e) {
                    // Init or TraceView cannot be evaluated under these constants (a type no ASSUME guards).
                    out[i] = new Verdict.BadInput(t.toString(), 1, 0, "the spec could not be evaluated under "
                            + "this trace's header constants: " + (e.getMessage() == null ? e.toString()
                            : e.getMessage()).replaceAll("\\s+", " ").strip());
                    continue;
                }
            }
            Path witness = args.witnessDir == null ? null : args.witnessDir.resolve(i + ".json");
            profile.phase("between traces");
            out[i] = checkOne(checker, t, witness, args.heap, profile);
            profile.phase("check");
            profile.traceDone(k == order.size() - 1);
        }
        merge(coverage, checker);
        verdicts.addAll(List.of(out));
        return new BatchResult(loadMillis, 0, coverage, verdicts);
    }

    /**
     * The order in which to check the traces: those with equal header constants one after the other (sets in the
     * order they first appear), then those whose header could not be read. Each set is then bound once per batch,
     * not once per change between neighbours (issue 15: 20 ring traces of 15 sets made 20 re-bindings, each
     * splitting Next and evaluating Init again). Verdicts still come back in the order given, and a trace's verdict
     * does not depend on the order: what the engine remembers from one trace is kept for the next only while the
     * constants it depends on keep their values (StepCache, InvariantCheck; BatchVerdictsTest).
     */
    static List<Integer> byConstants(List<Map<String, JsonNode>> constants) {
        Map<Map<String, JsonNode>, List<Integer>> sets = new java.util.LinkedHashMap<>();
        List<Integer> unread = new ArrayList<>();
        for (int i = 0; i < constants.size(); i++) {
            if (constants.get(i) == null) {
                unread.add(i);
            } else {
                sets.computeIfAbsent(constants.get(i), k -> new ArrayList<>()).add(i);
            }
        }
        List<Integer> order = new ArrayList<>(constants.size());
        sets.values().forEach(order::addAll);
        order.addAll(unread);
        return order;
    }

    /** Adds one constant set's coverage (every action, 0 where unused) to the batch's. */
    private static void merge(Map<String, Long> into, TraceChecker checker) {
        if (checker != null) {
            checker.coverage().forEach((a, n) -> into.merge(a, n, Long::sum));
        }
    }

    /**
     * One trace, with resource exhaustion turned into a {@link Verdict.Failed} naming the event reached: the
     * search's memory is released with the frame, so the next trace of the batch still gets the whole heap.
     */
    static Verdict checkOne(TraceChecker checker, Path t, Path witness, String heap, EngineProfile profile) {
        try {
            return checker.check(t, witness, profile);
        } catch (OutOfMemoryError e) {
            return new Verdict.Failed(t.toString(), checker.progress(), String.format(java.util.Locale.ROOT,
                    "out of memory at event %,d%s", checker.progress(), heapHint(heap)));
        } catch (StackOverflowError e) {
            return new Verdict.Failed(t.toString(), checker.progress(), String.format(java.util.Locale.ROOT,
                    "stack overflow in TLC's evaluator at event %,d (a deeply recursive operator?)",
                    checker.progress()));
        }
    }

    private static String heapHint(String heap) {
        return heap == null ? ": run the engine with a larger -Xmx" : " with -Xmx" + heap + ": raise --heap";
    }

    private static Args parse(String[] argv) {
        Path module = null;
        Path out = null;
        Path work = null;
        Path witness = null;
        boolean strict = false;
        String heap = null;
        int chunk = TraceSearch.CHUNK;
        boolean verbose = false;
        List<Path> library = new ArrayList<>();
        List<Path> traces = new ArrayList<>();
        for (int i = 0; i < argv.length; i++) {
            switch (argv[i]) {
                case "--module" -> module = Path.of(argv[++i]);
                case "--out" -> out = Path.of(argv[++i]);
                case "--library" -> library.add(Path.of(argv[++i]));
                case "--work" -> work = Path.of(argv[++i]);
                case "--witness-dir" -> witness = Path.of(argv[++i]);
                case "--strict" -> strict = true;
                case "--heap" -> heap = argv[++i];
                case "--chunk" -> chunk = Integer.parseInt(argv[++i]);
                case "--verbose" -> verbose = true;
                default -> traces.add(Path.of(argv[i]));
            }
        }
        if (module == null || out == null) {
            System.err.println("usage: EngineMain --module TraceX.tla --out result.json [--library DIR]... "
                    + "[--work DIR] [--witness-dir DIR] [--strict] [--heap SIZE] TRACE...");
            System.exit(2);
        }
        if (work == null) {
            // Deleted when the engine JVM exits, also on Ctrl-C (TempDirs' shutdown hook).
            work = TempDirs.create("engine");
        }
        return new Args(module, out, library, work, witness, strict, heap, chunk, verbose, traces);
    }
}
