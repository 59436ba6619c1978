package dev.enlightened.validation.bench;

import dev.enlightened.validation.engine.ClassicTraceLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks a Relay trace the classic way, for comparison: TLC itself (a fresh JVM per trace, as that approach needs)
 * on ClassicTraceRelay.tla, the trace read by the {@link ClassicTraceLog} override; accepted iff TLC reports the
 * invariant {@code ClassicUnfinishedInv} ({@code l <= Len(TraceLog)}) violated.
 */
final class ClassicTlc {
    private final Path tla;
    private final Path examples;
    private final String classpath;
    private final Path work;

    ClassicTlc(Path tla, Path examples, String classpath, Path work) {
        this.tla = tla;
        this.examples = examples;
        this.classpath = classpath;
        this.work = work;
    }

    /**
     * Outcome of one TLC run: whether it accepted, its wall time and CPU time (JVM start and SANY included; CPU
     * from /usr/bin/time, -1 without it).
     */
    record Run(boolean accepted, long millis, long cpuMillis, String lastLine) {
    }

    Run check(Path trace, int n, int cap) throws IOException, InterruptedException {
        return run(trace, "ClassicTraceRelay", "CONSTANTS\n    N = " + n + "\n    Cap = " + cap
                + "\nINIT ClassicInit\nNEXT ClassicNext\n"
                + "INVARIANT TypeOK ConservationInv InOrderInv ClassicUnfinishedInv\n"
                + "PROPERTY TakenNeverDecreasesProp\n", tla + ":" + examples);
    }

    /**
     * Checks {@code trace} with TLC on the classic module {@code module} (which must define {@code ClassicInit},
     * {@code ClassicNext} and {@code ClassicUnfinishedInv}) under the config {@code cfgBody}.
     *
     * @param library TLA-Library path: the directories holding the module and everything it extends
     */
    Run run(Path trace, String module, String cfgBody, String library) throws IOException, InterruptedException {
        // TLC 2.18 resolves -config next to the root module: a one-line wrapper module in the work directory lets the
        // config live there too (it carries no trace data: the override reads the trace).
        Files.writeString(work.resolve("MC.tla"), "---- MODULE MC ----\nEXTENDS " + module + "\n====\n");
        Path cfg = work.resolve("MC.cfg");
        Files.writeString(cfg, cfgBody);
        Path log = work.resolve("classic.log");
        Path meta = Files.createDirectories(work.resolve("states"));
        Path times = work.resolve("classic.time");
        Files.deleteIfExists(times);
        List<String> cmd = new java.util.ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/time"))) {
            cmd.addAll(List.of("/usr/bin/time", "-f", "%U %S", "-o", times.toString()));
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseParallelGC",
                "-Denlightened.trace=" + trace.toAbsolutePath(), "-DTLA-Library=" + library,
                "-cp", classpath, "tlc2.TLC", "-workers", "1", "-metadir", meta.toString(), "-config", "MC.cfg",
                "MC.tla"));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        p.waitFor();
        long millis = (System.nanoTime() - start) / 1_000_000;
        String out = Files.readString(log, StandardCharsets.UTF_8);
        boolean accepted = out.contains("Invariant ClassicUnfinishedInv is violated");
        String last = out.lines().filter(l -> l.contains("states generated")).reduce((a, b) -> b).orElse("");
        // TLC printed the whole matched behaviour (the classic approach's witness): hundreds of MB at 1M events.
        Files.delete(log);
        long cpu = -1;
        if (Files.isRegularFile(times)) {
            String[] f = Files.readString(times, StandardCharsets.UTF_8).strip().split("\\s+");
            cpu = Math.round((Double.parseDouble(f[f.length - 2]) + Double.parseDouble(f[f.length - 1])) * 1000);
        }
        return new Run(accepted, millis, cpu, last);
    }
}
