package dev.enlightened.validation.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.enlightened.validation.ExampleModules;
import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.Verdict;
import dev.enlightened.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The validation benchmark of docs/benchmarks.md (run by {@code trace-validation/bench.sh}, never by mvn verify):
 * <ol>
 *   <li>events/s on fully logged Relay traces of 1k, 10k, 100k and 1M events, all in one engine JVM after a
 *       warm-up trace, and the time ratio of each tenfold step;</li>
 *   <li>the marginal cost of a short trace in a batch of 1,000 (one engine JVM, spec parsed once);</li>
 *   <li>the same traces checked the classic way (TLC, one JVM per trace), as a ratio to the engine.</li>
 * </ol>
 * Usage: {@code BenchmarkMain OUTDIR [--classic-max EVENTS]}; writes OUTDIR/validation.json.
 */
public final class BenchmarkMain {
    private static final int N = 400_000;
    private static final int CAP = 4;
    private static final int[] SIZES = {1_000, 10_000, 100_000, 1_000_000};
    private static final int SHORT = 50;
    private static final int BATCH = 1_000;

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/benchmarks").toAbsolutePath();
        int classicMax = args.length > 2 && args[1].equals("--classic-max") ? Integer.parseInt(args[2]) : 1_000_000;
        Files.createDirectories(out);
        TraceValidator validator = ExampleModules.validator();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("cores", Runtime.getRuntime().availableProcessors());
        report.put("loadAverageAtStart", loadAverage());

        List<Path> sized = new ArrayList<>();
        sized.add(generate(out.resolve("warmup-10k.ndjson"), 10_000, 1));
        for (int i = 0; i < SIZES.length; i++) {
            sized.add(generate(out.resolve("relay-" + SIZES[i] + ".ndjson"), SIZES[i], 2 + i));
        }
        List<Verdict> verdicts = validator.run(sized).verdicts();
        List<Map<String, Object>> rows = new ArrayList<>();
        long prev = -1;
        long prevCpu = -1;
        for (int i = 1; i < sized.size(); i++) {
            Verdict.Accepted a = accepted(verdicts.get(i));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("events", a.events());
            row.put("distinctStates", a.distinctStates());
            row.put("searchMillis", a.millis());
            row.put("eventsPerSecond", Math.round(a.eventsPerSecond()));
            row.put("searchCpuMillis", a.cpuMillis());
            row.put("eventsPerCpuSecond", Math.round(a.events() * 1000.0 / Math.max(1, a.cpuMillis())));
            row.put("wallRatioToPreviousSize", prev <= 0 ? null : round2((double) a.millis() / prev));
            row.put("cpuRatioToPreviousSize", prevCpu <= 0 ? null : round2((double) a.cpuMillis() / prevCpu));
            prev = Math.max(1, a.millis());
            prevCpu = Math.max(1, a.cpuMillis());
            rows.add(row);
            System.out.printf(Locale.ROOT, "engine   %,9d events: %,7d ms search (%,10.0f events/s), %,7d ms CPU "
                    + "(%,10.0f events/CPU-s)%n", a.events(), a.millis(), a.eventsPerSecond(), a.cpuMillis(),
                    a.events() * 1000.0 / Math.max(1, a.cpuMillis()));
        }
        report.put("scaling", rows);
        report.put("batch", batch(validator, out));
        List<Map<String, Object>> classic = classic(validator, out, sized.subList(1, sized.size()), classicMax);
        report.put("classic", classic);
        @SuppressWarnings("unchecked")
        double marginal = (double) ((Map<String, Object>) report.get("batch")).get("marginalMillisPerTrace");
        long classicShort = (long) classic.get(0).get("classicWallMillis");
        report.put("classicShortTraceOverBatchMarginal", round2(classicShort / marginal));
        System.out.printf(Locale.ROOT, "classic per short trace / engine marginal per short trace in a batch: %.0fx%n",
                classicShort / marginal);
        report.put("loadAverageAtEnd", loadAverage());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("validation.json")
                .toFile(), report);
        System.out.println("report: " + out.resolve("validation.json"));
    }

    private static Map<String, Object> batch(TraceValidator validator, Path out) throws Exception {
        Path dir = Files.createDirectories(out.resolve("batch"));
        List<Path> shorts = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            shorts.add(generate(dir.resolve("short-" + i + ".ndjson"), SHORT, 1000 + i));
        }
        TraceValidator.Report one = validator.run(shorts.subList(0, 1));
        TraceValidator.Report all = validator.run(shorts);
        all.verdicts().forEach(BenchmarkMain::accepted);
        double marginal = (all.wallMillis() - one.wallMillis()) / (double) (BATCH - 1);
        double marginalCpu = (all.cpuMillis() - one.cpuMillis()) / (double) (BATCH - 1);
        System.out.printf(Locale.ROOT, "batch    1 trace: %,d ms wall; %d traces: %,d ms wall; marginal %.2f ms/trace "
                + "(%.2f ms CPU)%n", one.wallMillis(), BATCH, all.wallMillis(), marginal, marginalCpu);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eventsPerTrace", SHORT);
        m.put("wallMillisOneTrace", one.wallMillis());
        m.put("wallMillisBatch", all.wallMillis());
        m.put("traces", BATCH);
        m.put("marginalMillisPerTrace", round2(marginal));
        m.put("cpuMillisOneTrace", one.cpuMillis());
        m.put("cpuMillisBatch", all.cpuMillis());
        m.put("marginalCpuMillisPerTrace", round2(marginalCpu));
        m.put("shortTraces", shorts.subList(0, 5).stream().map(Path::toString).toList());
        return m;
    }

    private static List<Map<String, Object>> classic(TraceValidator validator, Path out, List<Path> traces,
                                                     int classicMax) throws Exception {
        ClassicTlc tlc = new ClassicTlc(Workspace.locate(null).traceModules(), ExampleModules.dir(), classpath(),
                Files.createDirectories(out.resolve("classic")));
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Path> all = new ArrayList<>(traces);
        all.add(0, out.resolve("batch/short-0.ndjson"));
        int[] sizes = {SHORT, SIZES[0], SIZES[1], SIZES[2], SIZES[3]};
        for (int i = 0; i < all.size(); i++) {
            if (sizes[i] > classicMax) {
                continue;
            }
            TraceValidator.Report engine = validator.run(List.of(all.get(i)));
            accepted(engine.verdicts().get(0));
            ClassicTlc.Run run = tlc.check(all.get(i), N, CAP);
            if (!run.accepted()) {
                throw new IllegalStateException("classic TLC did not accept " + all.get(i) + ": " + run.lastLine());
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("events", sizes[i]);
            row.put("engineWallMillis", engine.wallMillis());
            row.put("classicWallMillis", run.millis());
            row.put("classicOverEngine", round2((double) run.millis() / engine.wallMillis()));
            row.put("engineCpuMillis", engine.cpuMillis());
            row.put("classicCpuMillis", run.cpuMillis());
            row.put("classicOverEngineCpu", round2((double) run.cpuMillis() / Math.max(1, engine.cpuMillis())));
            row.put("classicStates", run.lastLine());
            rows.add(row);
            System.out.printf(Locale.ROOT, "classic  %,9d events: TLC %,8d ms wall %,8d ms CPU; engine %,7d ms wall "
                    + "%,7d ms CPU (fork+parse+check): %.1fx wall, %.1fx CPU%n", sizes[i], run.millis(),
                    run.cpuMillis(), engine.wallMillis(), engine.cpuMillis(), (double) run.millis()
                    / engine.wallMillis(), (double) run.cpuMillis() / Math.max(1, engine.cpuMillis()));
        }
        return rows;
    }

    private static Path generate(Path file, int events, long seed) throws Exception {
        int written = new RelayTraceGenerator(N, CAP, seed).write(file, events, seed);
        if (written != events) {
            throw new IllegalStateException("generator stopped at " + written + " of " + events + " events");
        }
        return file;
    }

    private static Verdict.Accepted accepted(Verdict v) {
        if (v instanceof Verdict.Accepted a) {
            return a;
        }
        throw new IllegalStateException("benchmark trace not accepted:\n" + v.render());
    }

    /** The machine's 1-minute load average: wall-clock figures mean little when it exceeds the core count. */
    private static double loadAverage() {
        return round2(java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** The classpath of this JVM (test classes included: ClassicTraceLog and TLCOverrides live there). */
    private static String classpath() {
        return System.getProperty("java.class.path").replace(java.io.File.pathSeparator + java.io.File.pathSeparator,
                java.io.File.pathSeparator);
    }

    private static double round2(double d) {
        return Math.round(d * 100) / 100.0;
    }
}
