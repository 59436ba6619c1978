package dev.enlightened.validation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.enlightened.validation.format.TraceFormatException;
import dev.enlightened.validation.format.TraceHeader;
import dev.enlightened.validation.format.TraceParser;
import dev.enlightened.validation.policy.HeaderPolicy;
import dev.enlightened.workspace.TempDirs;
import dev.enlightened.workspace.Workspace;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Validates NDJSON traces against their trace modules. Traces are grouped by the header's spec; each group runs in
 * one forked engine JVM (TLC keeps global static state, so it never runs in the caller's JVM) that parses the spec
 * once and checks the group's traces in sequence, binding each trace's header constants in turn.
 *
 * <pre>
 * List&lt;Verdict&gt; verdicts = TraceValidator.forWorkspace(workspace).strict(true).validate(List.of(trace));
 * </pre>
 * Engine work files (results, logs, witnesses, SANY's extracted standard modules) live in one
 * {@code enlightened-validate*} temporary directory per batch, deleted when the batch ends, or on exit.
 */
public final class TraceValidator {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The engine JVM's thread stack size ({@code -Xss}): see where the engine is forked. */
    static final String ENGINE_STACK = "512m";

    /**
     * The engine's main class, named, not imported: the validator reaches the engine only across a process
     * boundary (a forked JVM answering with a {@link BatchResult}), so this package does not depend on the engine's.
     */
    static final String ENGINE_MAIN = "dev.enlightened.validation.engine.EngineMain";

    /**
     * Below this many bytes of traces per engine JVM, the JVM compiles with C1 only
     * ({@code -XX:TieredStopAtLevel=1}). Issue 15: on a batch of 20 short ring traces, C2 compiling TLC's
     * interpreter took nearly as much CPU as the main thread (1,020 ms against 1,190 ms, spec loading included), and
     * on an 89,112-event trace more than the search (2,980 ms against 2,229 ms); a batch that short ends before
     * C2's code pays back its compilation. On the
     * 893,805-event trace (140 MB) C1 alone cost more CPU than C2: the two lines cross near 330k ring events, about
     * 50 MB (docs/benchmarks.md, "Trace engine: C1 for short batches").
     */
    static final long C1_ONLY_BELOW_BYTES = 48L << 20;

    /**
     * {@code -Denlightened.engine.longTraceJvm=false} on the caller's JVM: a long batch's engine JVM runs as before
     * issue 15's measurement of {@link #tuning} (G1, tiered compilation).
     */
    private static final boolean LONG_TRACE_JVM =
            Boolean.parseBoolean(System.getProperty("enlightened.engine.longTraceJvm", "true"));

    /**
     * The engine JVM's collector and compiler flags for a batch of {@code bytes} of traces.
     * <ul>
     * <li>Short batches: ParallelGC ({@link #SHORT_PARALLEL_GC}; G1 before session 13), C1 only
     * ({@link #C1_ONLY_BELOW_BYTES}), and transparent huge pages for the heap
     * unless switched off ({@link #HUGE_PAGES}); below {@link #FIXED_YOUNG_BELOW_BYTES} a fixed young generation
     * ({@link #YOUNG_GEN}) unless switched off ({@link #FIXED_YOUNG_GEN}), so later traces reuse touched memory;
     * below {@link #SMALL_INLINING_BELOW_BYTES} C1 inlines smaller methods ({@link #C1_INLINE_SIZE}) unless
     * switched off ({@link #SMALL_INLINING}).
     * <li>Long batches: ParallelGC and C2 without tiers (issue 15, docs/benchmarks.md "Trace engine: the reader
     * without Jackson"). The engine's memory is bounded now (a window of events, a thinned search stack), so
     * ParallelGC's young collections no longer copy a live set that grows with the trace (with every state kept,
     * they paused 23 s on 1M events against G1's 9 s); its GC threads took less CPU than G1's and the search
     * thread less too (no G1 write barriers). Without tiers C2 compiles each hot method once, from the
     * interpreter's profile, instead of C1's three tiers and then C2: the compiler threads took 2.5 s against
     * 5 to 7 s on the 893,805-event ring trace at load 10. Transparent huge pages too unless switched off
     * ({@link #HUGE_PAGES}; issue 15, session 11: the search thread of that trace took about 5 % less CPU with
     * them, docs/benchmarks.md, "Trace engine, second round").
     * <li>{@code longTraceJvm=false}: G1 with tiers, as before.
     * </ul>
     */
    static List<String> tuning(long bytes, boolean longTraceJvm, boolean hugePages) {
        return tuning(bytes, longTraceJvm, hugePages, FIXED_YOUNG_GEN, SMALL_INLINING);
    }

    /**
     * As {@link #tuning(long, boolean, boolean)}, with the fixed young generation and C1's smaller inlining on or
     * off (tests).
     */
    static List<String> tuning(long bytes, boolean longTraceJvm, boolean hugePages, boolean fixedYoungGen,
                               boolean smallInlining) {
        return tuning(bytes, longTraceJvm, hugePages, fixedYoungGen, smallInlining, SHORT_PARALLEL_GC);
    }

    /** As above, with a short batch's collector ParallelGC or G1 ({@link #SHORT_PARALLEL_GC}; tests). */
    static List<String> tuning(long bytes, boolean longTraceJvm, boolean hugePages, boolean fixedYoungGen,
                               boolean smallInlining, boolean shortParallelGc) {
        if (bytes < C1_ONLY_BELOW_BYTES) {
            List<String> flags = new ArrayList<>(List.of(shortParallelGc ? "-XX:+UseParallelGC" : "-XX:+UseG1GC",
                    "-XX:TieredStopAtLevel=1"));
            if (hugePages) {
                flags.add("-XX:+UseTransparentHugePages");
            }
            if (fixedYoungGen && bytes < FIXED_YOUNG_BELOW_BYTES) {
                flags.add("-Xmn" + YOUNG_GEN);
            }
            if (smallInlining && bytes < SMALL_INLINING_BELOW_BYTES) {
                flags.add("-XX:C1MaxInlineSize=" + C1_INLINE_SIZE);
            }
            return List.copyOf(flags);
        }
        if (!longTraceJvm) {
            return List.of("-XX:+UseG1GC");
        }
        return hugePages ? List.of("-XX:+UseParallelGC", "-XX:-TieredCompilation", "-XX:+UseTransparentHugePages")
                : List.of("-XX:+UseParallelGC", "-XX:-TieredCompilation");
    }

    /**
     * Whether the engine JVM (a short batch's, with {@link #C1_ONLY_BELOW_BYTES}, and a long one's with
     * {@link #LONG_TRACE_JVM}) asks for transparent huge pages for its
     * heap ({@code -XX:+UseTransparentHugePages}; Linux, where the kernel's setting is {@code madvise} or
     * {@code always}; elsewhere the JVM warns in the engine's log and goes on without). Issue 15: TLC's interpreter
     * chases pointers across the heap, and with 2 MB pages a later trace of the 20-trace ring batch cost about a
     * quarter less CPU, the search a third less (docs/benchmarks.md, "huge pages for a short batch"). Off with
     * {@code -Denlightened.engine.hugePages=false} on the caller's JVM.
     */
    private static final boolean HUGE_PAGES = Boolean.parseBoolean(
            System.getProperty("enlightened.engine.hugePages", "true"));

    /**
     * The young generation ({@code -Xmn}) of a short batch's engine JVM below {@link #FIXED_YOUNG_BELOW_BYTES}.
     * Issue 15: with its own sizing G1 grew eden from 17 to 56 regions after its third collection, during the
     * first trace of a 20-trace ring batch, so later traces allocated (about 2 MB each) into heap memory never
     * touched before: the kernel zeroed each fresh page on first touch (with huge pages 2 MB at a time;
     * {@code clear_page_erms} 9 % of the engine's CPU in a 240-trace run, 4.6 % with 16 MB), and its collections
     * cost more. With a fixed 16 MB the same regions come back: fresh 4 KB pages per later trace 104 to 47
     * (without huge pages, where each fault is one page), GC threads' CPU per later trace about halved (1.4 to
     * 0.7 ms); per later trace in one JVM 3 ms less in the coordinator's quiet rounds, 0 to 3 ms less (medians of
     * per-round differences) in four runs at load 5 to 8; an 89,112-event trace (14 MB) the same
     * (docs/benchmarks.md, "Short batches: what a later trace allocates"). 128 and 300 MB were much worse (session 10).
     */
    static final String YOUNG_GEN = "16m";

    /** Batches up to this many bytes get {@link #YOUNG_GEN}: measured up to the 14 MB trace, not beyond. */
    static final long FIXED_YOUNG_BELOW_BYTES = 16L << 20;

    /**
     * {@code -Denlightened.engine.fixedYoungGen=false} on the caller's JVM: a short batch's engine JVM sizes its
     * young generation as its collector does by itself ({@link #YOUNG_GEN}).
     */
    private static final boolean FIXED_YOUNG_GEN = Boolean.parseBoolean(
            System.getProperty("enlightened.engine.fixedYoungGen", "true"));

    /**
     * The largest method, in bytecode bytes, that C1 inlines ({@code -XX:C1MaxInlineSize}, 35 by default) in a batch
     * below {@link #SMALL_INLINING_BELOW_BYTES}. Issue 15: with C1 only, compiling is a third of a short batch's
     * engine JVM (C1 threads about 600 of 1,800 ms of CPU on the 20-trace ring batch) and about 4.5 ms of each
     * later trace's 13 to 14, most of it methods that run a few hundred times per batch; smaller inlining makes each
     * compile cheaper. Measured at load 6 to 8, base and 25 alternating (docs/benchmarks.md, "Short batches: when
     * the engine JVM compiles"): the 20-trace JVM's
     * whole CPU 70 to 130 ms less (medians of per-round differences, 3 runs, 40 rounds), per later trace 0.8 ms
     * less (C1 0.4 to 0.7 ms less, the main thread the same); 80 traces: the same per later trace (main 6.8 against
     * 6.7 ms, so the code is not slower once compiled), whole 110 ms less in 8 of 8 rounds.
     */
    static final int C1_INLINE_SIZE = 25;

    /** Batches up to this many bytes get {@link #C1_INLINE_SIZE}: measured up to the 14 MB trace, not beyond. */
    static final long SMALL_INLINING_BELOW_BYTES = 16L << 20;

    /**
     * {@code -Denlightened.engine.smallInlining=false} on the caller's JVM: a short batch's engine JVM inlines as
     * C1 does by default ({@link #C1_INLINE_SIZE}).
     */
    private static final boolean SMALL_INLINING = Boolean.parseBoolean(
            System.getProperty("enlightened.engine.smallInlining", "true"));

    /**
     * A short batch's collector: ParallelGC unless {@code -Denlightened.engine.shortParallelGc=false} on the caller's
     * JVM (then G1, as sessions 10 to 12 chose it). Issue 15, session 13: with the engine's memory bounded and a
     * fixed young generation, G1's write barriers cost more than its collections save; the 20-trace ring batch's
     * engine JVM took 35 to 45 ms less CPU (medians of per-round differences, 12 and 20 rounds, the one-trace run
     * the same), a later trace 1.1 ms less in one JVM (0.65 ms at 80 traces, the main thread 0.7 ms less), the
     * 89,112-event ring trace 2,170 to 2,270 ms against 2,340 to 2,440 (docs/benchmarks.md, "The collector and the
     * launcher JVM of validate"). With ParallelGC a tiny {@code --heap} holds more (the 8-event relay trace fits in
     * 5 MB, which G1 could not); below that the JVM runs out while it starts, reported as "out of memory ... raise
     * --heap" like an exhaustion EngineMain catches.
     */
    private static final boolean SHORT_PARALLEL_GC = Boolean.parseBoolean(
            System.getProperty("enlightened.engine.shortParallelGc", "true"));

    /**
     * {@code -Denlightened.engine.profile=true} on the caller's JVM: the engine JVMs report where their CPU went
     * (phases of the batch, threads) and the report is copied to standard error (benchmarks of batches, issue 15).
     */
    private static final boolean PROFILE = Boolean.getBoolean("enlightened.engine.profile");

    private final Workspace workspace;
    private final List<Path> modules;
    private final boolean strict;
    private final Path witness;
    private final Duration timeout;
    private final String heap;
    private final int chunk;
    private final boolean verbose;
    /** The engine's StepCache (issue 15); off only to compare verdicts and costs with and without it. */
    private final boolean stepCache;

    /** The engine JVM's default maximum heap: memory is bounded by the search frontier, not the trace length. */
    public static final String DEFAULT_HEAP = "1g";
    private static final java.util.regex.Pattern HEAP = java.util.regex.Pattern.compile("[1-9][0-9]*[kKmMgG]?");

    private TraceValidator(Workspace workspace, List<Path> modules, boolean strict, Path witness,
                           Duration timeout, String heap, int chunk, boolean verbose, boolean stepCache) {
        this.verbose = verbose;
        this.stepCache = stepCache;
        this.heap = heap;
        this.chunk = chunk;
        this.workspace = workspace;
        this.modules = List.copyOf(modules);
        this.strict = strict;
        this.witness = witness;
        this.timeout = timeout;
    }

    /**
     * @param workspace where the trace modules and specs come from
     * @return a validator with default options (not strict, no witness, 30 min per batch)
     */
    public static TraceValidator forWorkspace(Workspace workspace) {
        // -Denlightened.engine.stepCache=false on the caller's JVM reaches the engine JVMs (benchmarks of the CLI).
        return new TraceValidator(workspace, List.of(), false, null, Duration.ofMinutes(30), DEFAULT_HEAP, 0, false,
                Boolean.parseBoolean(System.getProperty("enlightened.engine.stepCache", "true")));
    }

    /** @return a validator for {@link Workspace#locate}{@code (null)}: a named checkout, else the built-in specs */
    public static TraceValidator forRepository() {
        return forWorkspace(Workspace.locate(null));
    }

    /**
     * @param dir a directory (searched recursively) of the caller's own {@code Trace<Spec>.tla} modules; the
     *            built-in modules come first, so a trace header never reaches a module the caller did not add
     * @return a copy that also searches {@code dir}
     */
    public TraceValidator withModules(Path dir) {
        List<Path> more = new ArrayList<>(modules);
        more.add(dir.toAbsolutePath().normalize());
        return new TraceValidator(workspace, more, strict, witness, timeout, heap, chunk, verbose, stepCache);
    }

    /** @return a copy that rejects traces after which more than one spec state fits (under-logging) */
    public TraceValidator strict(boolean on) {
        return new TraceValidator(workspace, modules, on, witness, timeout, heap, chunk, verbose, stepCache);
    }

    /**
     * @param file where to write the matched behaviour of accepted traces: one witness object for a single trace,
     *             a JSON array of them for several
     * @return a copy that writes witnesses
     */
    public TraceValidator witness(Path file) {
        return new TraceValidator(workspace, modules, strict, file, timeout, heap, chunk, verbose, stepCache);
    }

    /** @return a copy whose engine JVMs are killed (and reported) after {@code limit} */
    public TraceValidator timeout(Duration limit) {
        return new TraceValidator(workspace, modules, strict, witness, limit, heap, chunk, verbose, stepCache);
    }

    /**
     * @param size the engine JVM's {@code -Xmx}, as java takes it ({@code 512m}, {@code 2g})
     * @return a copy whose engine JVMs run with that maximum heap
     * @throws IllegalArgumentException when {@code size} is not a heap size
     */
    public TraceValidator heap(String size) {
        if (!isHeapSize(size)) {
            throw new IllegalArgumentException("heap size must be a number with an optional k, m or g suffix "
                    + "(e.g. 512m, 2g): heap=" + size);
        }
        return new TraceValidator(workspace, modules, strict, witness, timeout, size, chunk, verbose, stepCache);
    }

    /**
     * For tests of the engine's bounded memory: the search keeps full frames for the top few chunks of this many
     * events and replays older ones (default 1,024), so a short trace can exercise the replay.
     */
    public TraceValidator searchChunk(int frames) {
        if (frames < 1) {
            throw new IllegalArgumentException("chunk must be at least 1 frame: " + frames);
        }
        return new TraceValidator(workspace, modules, strict, witness, timeout, heap, frames, verbose, stepCache);
    }

    /** @return a copy whose rejections show whole spec states, not only what the failing conjunct reads */
    public TraceValidator verbose(boolean on) {
        return new TraceValidator(workspace, modules, strict, witness, timeout, heap, chunk, on, stepCache);
    }

    /**
     * @param on false to evaluate every spec action with TLC's interpreter, never from the engine's memory of an
     *           action's successors ({@code StepCache}); for tests and benchmarks that compare the two
     * @return a copy whose engine JVMs use the step cache or not
     */
    public TraceValidator stepCache(boolean on) {
        return new TraceValidator(workspace, modules, strict, witness, timeout, heap, chunk, verbose, on);
    }

    /** @return whether {@code size} is a heap size java's {@code -Xmx} takes (a positive number, k/m/g suffix) */
    /**
     * Whether a heap of {@code size} (a valid {@link #isHeapSize}) leaves room for the fixed young generation: at
     * least 16 times {@link #YOUNG_GEN}, so that a small {@code --heap} keeps G1's own sizing and its old generation
     * is not squeezed into what the fixed 16 MB leaves (a trace that fits would run out of memory).
     */
    static boolean youngFits(String size) {
        long n = Long.parseLong(size.replaceAll("[kKmMgG]$", ""));
        char unit = Character.toLowerCase(size.charAt(size.length() - 1));
        long bytes = unit == 'g' ? n << 30 : unit == 'm' ? n << 20 : unit == 'k' ? n << 10 : n;
        return bytes >= 16 * (16L << 20);
    }

    public static boolean isHeapSize(String size) {
        return size != null && HEAP.matcher(size).matches();
    }

    /** Validates one trace. */
    public Verdict validate(Path trace) {
        return validate(List.of(trace)).get(0);
    }

    /** Validates a batch; the verdicts come back in the order of {@code traces}. */
    public List<Verdict> validate(List<Path> traces) {
        return run(traces).verdicts();
    }

    /**
     * The verdicts of a batch with its costs, for benchmarks.
     *
     * @param verdicts   one per trace, in order
     * @param jvms       engine JVMs forked (one per spec)
     * @param loadMillis time the engine JVMs spent parsing specs
     * @param cpuMillis  CPU time of the engine JVMs (all threads)
     * @param wallMillis total wall time, forks included
     * @param coverage   per trace module, per action (logged or silent): steps in the accepted behaviours, merged
     *                   over the batch; 0 marks an action no accepted trace exercised
     */
    public record Report(List<Verdict> verdicts, int jvms, long loadMillis, long cpuMillis, long wallMillis,
                         Map<String, Map<String, Long>> coverage) {
    }

    /** Validates a batch and reports its costs. */
    public Report run(List<Path> traces) {
        Path work = TempDirs.create("validate");
        try {
            return run(traces, work);
        } finally {
            TempDirs.delete(work);
        }
    }

    private Report run(List<Path> traces, Path work) {
        long start = System.nanoTime();
        Verdict[] out = new Verdict[traces.size()];
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        Map<String, Path> modules = new LinkedHashMap<>();
        SpecLocator locator = new SpecLocator(workspace, this.modules);
        // Per batch, one search of the workspace per spec and one read of each module's header declaration, not
        // one per trace (issue 15: a batch of short traces paid a directory walk and a JSON parse per trace).
        Map<String, Optional<Path>> located = new java.util.HashMap<>();
        Map<Path, Object> policies = new java.util.HashMap<>();
        for (int i = 0; i < traces.size(); i++) {
            Path t = traces.get(i);
            try {
                TraceHeader h = TraceParser.readHeader(t);
                Optional<Path> module = located.computeIfAbsent(h.spec(), locator::module);
                if (module.isEmpty()) {
                    out[i] = new Verdict.BadInput(t.toString(), 1, 0, "unknown spec=" + h.spec()
                            + ": no " + h.spec() + ".tla in " + workspace
                            + (this.modules.isEmpty() ? "" : " or " + this.modules));
                    continue;
                }
                // The module decides which constants a trace may set, before any engine is forked: a variant
                // switch, a misspelt or an oversized constant is bad input here, in microseconds.
                Object policy = policies.computeIfAbsent(module.get(), m -> {
                    try {
                        return HeaderPolicy.forModule(m);
                    } catch (HeaderPolicy.DeclarationError e) {
                        return e;
                    }
                });
                if (policy instanceof HeaderPolicy.DeclarationError e) {
                    throw e;
                }
                ((HeaderPolicy) policy).check(t, h);
                // One group (one engine JVM, one parse) per spec: the engine binds each trace's constants itself.
                String key = h.spec() + " " + module.get();
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
                modules.put(key, module.get());
            } catch (TraceFormatException e) {
                out[i] = new Verdict.BadInput(t.toString(), e.line(), e.column(), e.reason());
            } catch (HeaderPolicy.DeclarationError e) {
                out[i] = new Verdict.BadInput(t.toString(), 1, 0, e.getMessage());
            } catch (IOException e) {
                out[i] = new Verdict.BadInput(t.toString(), 0, 0, "cannot read: " + e.getMessage());
            }
        }
        long load = 0;
        long cpu = 0;
        Map<String, Map<String, Long>> coverage = new java.util.TreeMap<>();
        List<Path> witnesses = new ArrayList<>();
        int group = 0;
        for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
            List<Path> batch = g.getValue().stream().map(traces::get).toList();
            Engine.Result r = new Engine(locator, modules.get(g.getKey()), strict, witness != null, timeout, heap,
                    chunk, verbose, stepCache)
                    .run(batch, work.resolve("group-" + group++));
            load += r.batch().loadMillis();
            cpu += r.batch().processCpuMillis();
            String spec = g.getKey().substring(0, g.getKey().indexOf(' '));
            Map<String, Long> merged = coverage.computeIfAbsent(spec, k -> new java.util.TreeMap<>());
            r.batch().coverage().forEach((a, n) -> merged.merge(a, n, Long::sum));
            for (int j = 0; j < batch.size(); j++) {
                out[g.getValue().get(j)] = r.batch().verdicts().get(j);
                Path w = r.witnessDir() == null ? null : r.witnessDir().resolve(j + ".json");
                if (w != null && Files.isRegularFile(w)) {
                    witnesses.add(w);
                }
            }
        }
        writeWitness(witnesses);
        return new Report(List.of(out), groups.size(), load, cpu, (System.nanoTime() - start) / 1_000_000,
                coverage);
    }

    private void writeWitness(List<Path> files) {
        if (witness == null) {
            return;
        }
        try {
            if (files.size() == 1) {
                Files.copy(files.get(0), witness, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                return;
            }
            ArrayNode all = JSON.createArrayNode();
            for (Path f : files) {
                all.add(JSON.readTree(f.toFile()));
            }
            JSON.writerWithDefaultPrettyPrinter().writeValue(witness.toFile(), all);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the witness " + witness, e);
        }
    }

    /** One forked engine JVM for one group of traces. */
    private record Engine(SpecLocator locator, Path module, boolean strict, boolean witness, Duration timeout,
                          String heap, int chunk, boolean verbose, boolean stepCache) {

        record Result(BatchResult batch, Path witnessDir) {
        }

        Result run(List<Path> traces, Path work) {
            try {
                Files.createDirectories(work);
                Path out = work.resolve("result.json");
                Path log = work.resolve("engine.log");
                Path witnessDir = witness ? Files.createDirectories(work.resolve("witness")) : null;
                // The collector and compilers by the batch's size: see tuning().
                // An explicit -Xmx (--heap): the engine's memory is bounded, so exhaustion is reported as such
                // (exit 3, "raise --heap") instead of growing until the machine swaps.
                // A private java.io.tmpdir: SANY extracts its standard modules there, and concurrent TLC JVMs
                // sharing /tmp race on those files (seen: a SANY NullPointerException while parsing).
                // A deep thread stack (reserved, committed only as used): TLC's evaluator recurses through lazy
                // function values, e.g. a request table grown by @@ once per I/O (TraceStorvscIo: 1,000 I/Os
                // overflowed the default 8 MiB stack at the final GuestQuiesces).
                List<String> cmd = new ArrayList<>(List.of(javaBinary()));
                cmd.addAll(tuning(bytes(traces), LONG_TRACE_JVM, HUGE_PAGES, FIXED_YOUNG_GEN && youngFits(heap),
                        SMALL_INLINING));
                cmd.addAll(List.of("-Xss" + ENGINE_STACK, "-Xmx" + heap, "-Djava.io.tmpdir=" + work));
                if (!stepCache) {
                    cmd.add("-Denlightened.engine.stepCache=false");
                }
                if (PROFILE) {
                    cmd.add("-Denlightened.engine.profile=true");
                }
                // -Denlightened.engine.postCheck=false on the caller's JVM reaches the engine JVMs (PostCheck off:
                // tests and benchmarks comparing verdicts and costs with and without it).
                if (!Boolean.parseBoolean(System.getProperty("enlightened.engine.postCheck", "true"))) {
                    cmd.add("-Denlightened.engine.postCheck=false");
                }
                // Likewise -Denlightened.trace.scanner=false (every event line read by Jackson).
                if (!Boolean.parseBoolean(System.getProperty("enlightened.trace.scanner", "true"))) {
                    cmd.add("-Denlightened.trace.scanner=false");
                }
                // -Denlightened.engine.inlineReadBelowBytes=N likewise (EventWindow: 0 keeps a reader thread).
                String inline = System.getProperty("enlightened.engine.inlineReadBelowBytes");
                if (inline != null) {
                    cmd.add("-Denlightened.engine.inlineReadBelowBytes=" + Long.parseLong(inline.strip()));
                }
                for (String off : List.of("enlightened.engine.readSets", "enlightened.engine.fastUnchanged",
                        "enlightened.engine.fpCacheTwoWay", "enlightened.engine.boundActions",
                        "enlightened.engine.refreshMemo", "enlightened.engine.wideFpSlots",
                        "enlightened.engine.compiled", "enlightened.engine.compiledIndex",
                        "enlightened.engine.compiledArgs", "enlightened.engine.compiledRecursion",
                        "enlightened.engine.constantMemo",
                        "enlightened.trace.directValues", "enlightened.trace.scannerMemo",
                        "enlightened.trace.headerScanner", "enlightened.trace.scanQuiescent")) {
                    if ("false".equals(System.getProperty(off))) {
                        // StepCache's read sets and bound actions, TLC's own UNCHANGED, FpCache's second slot,
                        // the memories' newest objects, Fingerprints' 64 slots per variable, compiled evaluation
                        // (its integer look-ups by position, its arguments evaluated once per application, its
                        // RECURSIVE definitions in invariants), the constant-level memories, event values
                        // without Jackson trees, the scanner's strings, the header and Quiescent lines read by
                        // the scanner
                        cmd.add("-D" + off + "=false");
                    }
                }
                if (Boolean.getBoolean("enlightened.engine.compiledCheck")) {
                    cmd.add("-Denlightened.engine.compiledCheck=true"); // every compiled answer checked against TLC's
                }
                cmd.addAll(List.of("-cp", classpath(), ENGINE_MAIN, "--module", module.toString(), "--out",
                        out.toString(), "--work", work.toString()));
                for (Path lib : locator.libraryDirs()) {
                    cmd.add("--library");
                    cmd.add(lib.toString());
                }
                if (strict) {
                    cmd.add("--strict");
                }
                if (witnessDir != null) {
                    cmd.add("--witness-dir");
                    cmd.add(witnessDir.toString());
                }
                cmd.add("--heap");
                cmd.add(heap);
                if (verbose) {
                    cmd.add("--verbose");
                }
                if (chunk > 0) {
                    cmd.add("--chunk");
                    cmd.add(Integer.toString(chunk));
                }
                traces.forEach(t -> cmd.add(t.toAbsolutePath().toString()));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor();
                    return failed(traces, "the trace engine exceeded its time limit of " + timeout.toMinutes()
                            + " min on " + module.getFileName() + ": validate fewer or shorter traces at once");
                }
                if (p.exitValue() != 0 || !Files.isRegularFile(out)) {
                    if (outOfMemory(log)) {
                        // The heap ran out before EngineMain could catch it (the JVM's start, class loading): the
                        // same verdict as an exhaustion EngineMain reports itself, not a JVM failure.
                        return failed(traces, "out of memory in the trace engine JVM before it decided a trace, "
                                + "with -Xmx" + heap + ": raise --heap");
                    }
                    return failed(traces, "the trace engine JVM failed (exit " + p.exitValue() + "): "
                            + cause(log));
                }
                if (PROFILE) {
                    // The engine's CPU by phase and thread (EngineProfile), for benchmarks of batches.
                    System.err.print(Files.readString(log, StandardCharsets.UTF_8));
                }
                return new Result(JSON.readValue(out.toFile(), BatchResult.class), witnessDir);
            } catch (IOException e) {
                return failed(traces, "cannot run the trace engine: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failed(traces, "interrupted while validating traces");
            }
        }

        /** Every trace of the batch as {@link Verdict.Failed}: the engine never decided them. */
        private static Result failed(List<Path> traces, String reason) {
            List<Verdict> verdicts = traces.stream().<Verdict>map(t -> new Verdict.Failed(t.toString(), 0, reason))
                    .toList();
            return new Result(new BatchResult(0, 0, Map.of(), verdicts), null);
        }

        /** Whether the engine JVM died of heap exhaustion ({@code java.lang.OutOfMemoryError} in its log). */
        private static boolean outOfMemory(Path log) throws IOException {
            try (java.util.stream.Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
                // "java.lang.OutOfMemoryError: ...", or the JVM's "OutOfMemoryError thrown from the
                // UncaughtExceptionHandler" when even the report did not fit.
                return lines.anyMatch(l -> l.contains("OutOfMemoryError"));
            } catch (java.io.UncheckedIOException e) {
                return false; // not UTF-8: some other failure, reported by cause()
            }
        }

        /** The engine log's most telling line: the first error line (JVM or exception), else the last line. */
        private static String cause(Path log) throws IOException {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("at ")).toList();
            for (String l : lines) {
                if (l.startsWith("Error") || l.startsWith("Exception") || l.contains("Error:")
                        || l.contains("Exception:")) {
                    return l;
                }
            }
            return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
        }
    }

    /** @return the traces' total size in bytes (a file that cannot be sized counts 0: the engine reports it) */
    static long bytes(List<Path> traces) {
        long n = 0;
        for (Path t : traces) {
            try {
                n += Files.size(t);
            } catch (IOException e) {
                // Reported as bad input by the engine.
            }
        }
        return n;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The engine's classpath: where this module, TLC and Jackson were loaded from (works for -jar too). */
    static String classpath() {
        return dev.enlightened.workspace.Classpath.of(List.of(), List.of(TraceValidator.class,
                ObjectMapper.class, com.fasterxml.jackson.core.JsonFactory.class,
                com.fasterxml.jackson.annotation.JsonTypeInfo.class), List.of(dev.enlightened.workspace.Classpath.TLC));
    }
}
