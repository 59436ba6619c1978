package dev.enlightened.validation.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.enlightened.validation.BatchResult;
import dev.enlightened.validation.Verdict;
import dev.enlightened.validation.policy.HeaderPolicy;
import dev.enlightened.validation.format.TraceFormatException;
import dev.enlightened.validation.format.TraceHeader;
import dev.enlightened.validation.format.TraceParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Entry point of the engine JVM (forked by {@link dev.enlightened.validation.TraceValidator}; never run TLC in a
 * test or build JVM). Loads one trace module once, then checks every trace given, in order, and writes a
 * {@link dev.enlightened.validation.BatchResult} as JSON. Usage:
 * <pre>
 * EngineMain --module TraceX.tla --out result.json [--library DIR]... [--work DIR] [--witness-dir DIR]
 *            [--strict] [--heap SIZE] [--chunk FRAMES] TRACE...
 * </pre>
 * All traces must share the header's spec and constants (the validator groups them so).
 */
public final class EngineMain {
    private EngineMain() {
    }

    /** The command line, parsed. */
    private record Args(Path module, Path out, List<Path> library, Path work, Path witnessDir, boolean strict,
                        String heap, int chunk, List<Path> traces) {
    }

    /**
     * @param argv see the class comment
     * @throws IOException when the result cannot be written
     */
    public static void main(String[] argv) throws IOException {
        Args args = parse(argv);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        BatchResult r;
        try {
            r = run(args);
        } catch (OutOfMemoryError e) {
            // Spec parsing itself did not fit: every trace of the batch is undecided.
            r = new BatchResult(0, 0, Map.of(), args.traces.stream().<Verdict>map(t -> new Verdict.Failed(
                    t.toString(), 0, "out of memory while loading the spec" + heapHint(args.heap))).toList());
        }
        long cpu = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
        json.writeValue(args.out.toFile(), new BatchResult(r.loadMillis(), cpu, r.coverage(), r.verdicts()));
        System.exit(0);
    }

    private static BatchResult run(Args args) throws IOException {
        List<Verdict> verdicts = new ArrayList<>();
        Map<String, com.fasterxml.jackson.databind.JsonNode> constants = Map.of();
        // The module's header declaration first (the caller checked it too): no constant a trace may not set
        // reaches the spec, and a refused trace never lends the batch its constants.
        Verdict[] refused = new Verdict[args.traces.size()];
        HeaderPolicy policy;
        try {
            policy = HeaderPolicy.forModule(args.module);
        } catch (HeaderPolicy.DeclarationError e) {
            for (Path t : args.traces) {
                verdicts.add(new Verdict.BadInput(t.toString(), 1, 0, e.getMessage()));
            }
            return new BatchResult(0, 0, Map.of(), verdicts);
        }
        boolean constantsTaken = false;
        for (int i = 0; i < args.traces.size(); i++) {
            Path t = args.traces.get(i);
            try {
                TraceHeader h = TraceParser.readHeader(t);
                policy.check(t, h);
                if (!constantsTaken) {
                    constants = h.constants();
                    constantsTaken = true;
                }
            } catch (TraceFormatException e) {
                refused[i] = new Verdict.BadInput(t.toString(), e.line(), e.column(), e.reason());
            } catch (IOException e) {
                // Reported as bad input when the trace is read below.
            }
        }
        long start = System.nanoTime();
        SpecSession spec;
        try {
            spec = SpecSession.load(args.module, args.library, constants, args.work);
        } catch (SpecSession.LoadError e) {
            for (Path t : args.traces) {
                verdicts.add(new Verdict.BadInput(t.toString(), 0, 0, e.getMessage()));
            }
            return new BatchResult(0, 0, Map.of(), verdicts);
        }
        long loadMillis = (System.nanoTime() - start) / 1_000_000;
        TraceChecker checker = new TraceChecker(spec, args.strict, constants, args.chunk);
        for (int i = 0; i < args.traces.size(); i++) {
            Path t = args.traces.get(i);
            Path witness = args.witnessDir == null ? null : args.witnessDir.resolve(i + ".json");
            verdicts.add(refused[i] != null ? refused[i] : checkOne(checker, t, witness, args.heap));
        }
        return new BatchResult(loadMillis, 0, checker.coverage(), verdicts);
    }

    /**
     * One trace, with resource exhaustion turned into a {@link Verdict.Failed} naming the event reached: the
     * search's memory is released with the frame, so the next trace of the batch still gets the whole heap.
     */
    static Verdict checkOne(TraceChecker checker, Path t, Path witness, String heap) {
        try {
            return checker.check(t, witness);
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
                default -> traces.add(Path.of(argv[i]));
            }
        }
        if (module == null || out == null) {
            System.err.println("usage: EngineMain --module TraceX.tla --out result.json [--library DIR]... "
                    + "[--work DIR] [--witness-dir DIR] [--strict] [--heap SIZE] TRACE...");
            System.exit(2);
        }
        if (work == null) {
            try {
                work = Files.createTempDirectory("enlightened-engine");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return new Args(module, out, library, work, witness, strict, heap, chunk, traces);
    }
}
