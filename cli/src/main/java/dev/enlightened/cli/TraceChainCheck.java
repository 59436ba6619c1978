package dev.enlightened.cli;

import dev.enlightened.channel.scenario.SaveRestoreProjection;
import dev.enlightened.channel.scenario.Scenario;
import dev.enlightened.channel.scenario.ScenarioResult;
import dev.enlightened.channel.scenario.ScenarioRunner;
import dev.enlightened.netvsc.scenario.NetvscResult;
import dev.enlightened.netvsc.scenario.NetvscRunner;
import dev.enlightened.netvsc.scenario.NetvscScenario;
import dev.enlightened.ring.scenario.RingRun;
import dev.enlightened.ring.scenario.RingScenario;
import dev.enlightened.ring.scenario.RingScenarioRunner;
import dev.enlightened.netvsc.scenario.NetworkResult;
import dev.enlightened.netvsc.scenario.NetworkRunner;
import dev.enlightened.netvsc.scenario.NetworkScenario;
import dev.enlightened.sim.RandomChooser;
import dev.enlightened.storvsc.GuestPc;
import dev.enlightened.storvsc.StorvscDisk;
import dev.enlightened.storvsc.lun.FileBlockStore;
import dev.enlightened.storvsc.scenario.ImageFileCheck;
import dev.enlightened.storvsc.scenario.SlotOp;
import dev.enlightened.storvsc.scenario.StorvscSlotRun;
import dev.enlightened.storvsc.scenario.StorvscSystem;
import dev.enlightened.storvsc.scenario.StorvscRunResult;
import dev.enlightened.storvsc.scenario.StorvscRunner;
import dev.enlightened.storvsc.scenario.StorvscScenario;
import dev.enlightened.trace.NdjsonTraceWriter;
import dev.enlightened.trace.TraceHeader;
import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.Verdict;
import dev.enlightened.workspace.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The trace chain for {@code enlightened check}: runs the default ring scenario (what {@code run ring} does with no
 * options), the same with three host save/restore cycles ({@code run ring --restores 3}, TraceRingRestore), a
 * default channel-management scenario (boot devices, a hot-add, a rescind, a sub-channel, an UNLOAD and reconnect),
 * a channel run with two host save/restore cycles, a reconnect without UNLOAD and an UNLOAD projected onto
 * SaveRestore.tla (TraceSaveRestore),
 * the default storvsc handshake and netvsc sub-channel allocation (what {@code run storvsc} and
 * {@code run netvsc} do with no options), storvsc I/O on a raw image file and a two-guest network through the
 * virtual switch (issue 14), then validates the traces in one batch, so the main job exercises drivers, scheduler,
 * trace emitters, engine and specs together.
 */
final class TraceChainCheck {
    /** The row label of the ring run; {@code run ring} with its defaults reproduces it. */
    static final String RING_LABEL = "ring (run ring, stepped, seed 5)";
    /** The row label of the ring run with host save/restore points (TraceRingRestore) and its command. */
    static final String RING_RESTORE_LABEL = "ring restores (--restores 3, seed 1)";
    private static final int RING_RESTORES = 3;
    /** The row label of the channel run and the command that reproduces it. */
    static final String CHANNELS_LABEL = "channels (run channels, seed 1)";
    private static final String CHANNELS_COMMAND =
            "./enlightened run channels --seed 1 --sub-channels 1 --unloads 1 --trace t.ndjson";

    /** The row label of the channel run with restores, a reconnect and an UNLOAD, projected for TraceSaveRestore. */
    static final String SAVE_RESTORE_LABEL = "save/restore (run channels, seed 1)";
    private static final String SAVE_RESTORE_COMMAND = "./enlightened run channels --restores 2 --reconnects 1 "
            + "--unloads 1 --hot-adds 0 --rescinds 0 --seed 1 --trace run.ndjson --save-restore-trace t.ndjson";

    /** The row label of the storvsc run; {@code run storvsc} with its defaults reproduces it. */
    static final String STORVSC_LABEL = "storvsc (run storvsc, seed 1)";
    private static final String STORVSC_COMMAND = "./enlightened run storvsc --trace t.ndjson";

    /** The row label of the storvsc I/O run on an image file and the command that reproduces it. */
    static final String STORVSC_IO_LABEL = "storvsc I/O (run storvsc --io 200)";
    private static final int IO_REQUESTS = 200;
    private static final String STORVSC_IO_COMMAND =
            "./enlightened run storvsc --io " + IO_REQUESTS + " --disk d.img --trace t.ndjson";

    /** The network run: two guests exchanging frames through the virtual switch, one trace per guest. */
    private static final int NETWORK_FRAMES = 100;
    private static final String NETWORK_COMMAND =
            "./enlightened run network --guests 2 --frames " + NETWORK_FRAMES + " --trace t.ndjson";

    /** The row label of the netvsc run; {@code run netvsc} with its defaults reproduces it. */
    static final String NETVSC_LABEL = "netvsc (run netvsc, seed 1)";
    private static final String NETVSC_COMMAND = "./enlightened run netvsc --trace t.ndjson";

    private TraceChainCheck() {
    }

    /** How the trace chain ended: every trace accepted, one rejected or bad input, or one left undecided. */
    enum Result {
        PASSED, FAILED, UNDECIDED
    }

    /** One traced run: what it is, where its trace went, how many events, how long the run took. */
    private record Run(String label, Path trace, long events, long nanos, String reproduce) {
    }

    /**
     * Runs, validates and prints one summary row per run (and the diagnosis of a rejection).
     *
     * @return PASSED iff every trace was accepted; UNDECIDED when the engine failed on one and none was rejected
     */
    static Result run(Workspace workspace, PrintWriter out) {
        Path dir = workspace.work().resolve("traces");
        List<Run> runs = new java.util.ArrayList<>(List.of(ring(dir.resolve("ring-default.ndjson")),
                ringRestores(dir.resolve("ring-restores.ndjson")),
                channels(dir.resolve("channels-default.ndjson")), saveRestore(dir.resolve("save-restore.ndjson")),
                storvsc(dir.resolve("storvsc-default.ndjson")),
                storvscIo(dir.resolve("storvsc-io.ndjson"), dir.resolve("storvsc-io.img")),
                netvsc(dir.resolve("netvsc-default.ndjson"))));
        runs.addAll(network(dir.resolve("network.ndjson"), dir.resolve("network-guest1.ndjson")));
        long start = System.nanoTime();
        List<Verdict> verdicts = TraceValidator.forWorkspace(workspace).validate(runs.stream().map(Run::trace).toList());
        double validateSeconds = (System.nanoTime() - start) / 1e9;
        out.println();
        out.printf("%-36s  %-8s  %-20s  %7s  %6s  %s%n", "trace", "expected", "actual", "events", "time", "verdict");
        out.printf("%-36s  %-8s  %-20s  %7s  %6s  %s%n", "-".repeat(36), "-".repeat(8), "-".repeat(20), "-".repeat(7),
                "-".repeat(6), "-".repeat(7));
        boolean all = true;
        boolean undecided = false;
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            Verdict v = verdicts.get(i);
            boolean ok = v instanceof Verdict.Accepted;
            all &= ok || v instanceof Verdict.Failed;
            undecided |= v instanceof Verdict.Failed;
            String actual = ok ? "ACCEPTED" : v instanceof Verdict.Rejected r ? "REJECTED at event " + r.seq()
                    : v instanceof Verdict.Failed ? "ENGINE ERROR" : "BAD INPUT";
            out.printf(Locale.ROOT, "%-36s  %-8s  %-20s  %,7d  %5.1fs  %s%n", run.label(), "ACCEPTED", actual,
                    run.events(), run.nanos() / 1e9, ok ? "MET" : "MISSED");
            if (!ok) {
                out.println(v.render());
                out.println("(trace kept at " + run.trace() + "; reproduce: " + run.reproduce()
                        + " && ./enlightened validate t.ndjson)");
            }
        }
        out.printf(Locale.ROOT, "(time: the run; validating the traces took %.1fs)%n", validateSeconds);
        out.flush();
        return !all ? Result.FAILED : undecided ? Result.UNDECIDED : Result.PASSED;
    }

    private static Run ring(Path trace) {
        long start = System.nanoTime();
        try {
            RingRun run = RingScenarioRunner.run(RingScenario.generated(64, 100, 5, false, Set.of()), trace);
            return new Run(RING_LABEL, trace, run.events(), System.nanoTime() - start,
                    "./enlightened run ring --trace t.ndjson");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + trace, e);
        }
    }

    /**
     * The default ring run with three host save/restore cycles (issue 13), seed 1: each of its restores meets a
     * signal that is needed, which the host re-signals as openvmm's unstick_channels does.
     */
    private static Run ringRestores(Path trace) {
        long start = System.nanoTime();
        try {
            RingRun run = RingScenarioRunner.run(RingScenario.generated(64, 100, 1, false, Set.of())
                    .withRestores(RING_RESTORES), trace);
            return new Run(RING_RESTORE_LABEL, trace, run.events(), System.nanoTime() - start,
                    "./enlightened run ring --restores " + RING_RESTORES + " --seed 1 --trace t.ndjson");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + trace, e);
        }
    }

    /**
     * Runs one scenario into {@code trace}. {@code scenario} returns null when the run ended as the default
     * scenario must, or what went wrong (a default run that fails is a bug in the reference implementation).
     */
    private static Run traced(String label, Path trace, TraceHeader header, String command,
            Function<NdjsonTraceWriter, String> scenario) {
        long start = System.nanoTime();
        try (NdjsonTraceWriter w = NdjsonTraceWriter.create(trace, header)) {
            String failure = scenario.apply(w);
            if (failure != null) {
                throw new IllegalStateException("the default scenario of " + label + " " + failure);
            }
            return new Run(label, trace, w.events(), System.nanoTime() - start, command);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + trace, e);
        }
    }

    private static Run channels(Path trace) {
        Scenario scenario = Scenario.basic(2, 1).withDevices(1, 1).withEvents(1, 1, 1);
        return traced(CHANNELS_LABEL, trace, ScenarioRunner.header(scenario, false), CHANNELS_COMMAND, w -> {
            ScenarioResult r = ScenarioRunner.runDeterministic(scenario, w);
            return r.completed() ? null : "did not complete: stuck=" + r.stuckWaiters() + " guestErrors="
                    + r.guestErrors() + " hostErrors=" + r.hostErrors();
        });
    }

    /**
     * The channel run of {@link #SAVE_RESTORE_COMMAND}: two boot devices, two host save/restore cycles, a reconnect
     * without UNLOAD and an UNLOAD, its SaveRestore projection traced for TraceSaveRestore (the run's own trace is
     * the channels row's kind and is not kept).
     */
    private static Run saveRestore(Path trace) {
        Scenario scenario = Scenario.basic(2, 1).withEvents(0, 0, 1).withEnvironment(2, 1);
        return traced(SAVE_RESTORE_LABEL, trace, SaveRestoreProjection.header(scenario), SAVE_RESTORE_COMMAND, w -> {
            ScenarioResult r = ScenarioRunner.runWithSaveRestore(scenario, dev.enlightened.trace.TraceSink.OFF, w,
                    null);
            return r.completed() ? null : "did not complete: stuck=" + r.stuckWaiters() + " guestErrors="
                    + r.guestErrors() + " hostErrors=" + r.hostErrors();
        });
    }

    private static Run storvsc(Path trace) {
        StorvscScenario scenario = StorvscScenario.basic(1);
        return traced(STORVSC_LABEL, trace, StorvscRunner.header(scenario), STORVSC_COMMAND, w -> {
            StorvscRunResult r = StorvscRunner.run(scenario, w);
            return r.completed() ? null : "did not complete: stuck=" + r.stuck() + " guestErrors=" + r.guestErrors()
                    + " hostErrors=" + r.hostErrors();
        });
    }

    private static Run netvsc(Path trace) {
        NetvscScenario scenario = NetvscScenario.basic(1);
        return traced(NETVSC_LABEL, trace, NetvscRunner.header(scenario), NETVSC_COMMAND, w -> {
            NetvscResult r = NetvscRunner.run(scenario, w);
            return r.proceededWithAllOpen() ? null : "did not proceed with every sub-channel open: state="
                    + r.state() + " guestErrors=" + r.guestErrors() + " hostErrors=" + r.hostErrors();
        });
    }

    /**
     * The handshake then {@value #IO_REQUESTS} traced one-slot I/Os over every channel on a fresh raw image file (what
     * {@code run storvsc --io 200 --disk F} does); afterwards the image, read back directly, must hold exactly what
     * the guest wrote.
     */
    private static Run storvscIo(Path trace, Path image) {
        StorvscScenario scenario = StorvscScenario.basic(1);
        int slots = SlotOp.DEFAULT_SLOTS;
        int depth = 8;
        int ringBytes = 64 * 1024;
        try {
            java.nio.file.Files.deleteIfExists(image);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + image, e);
        }
        FileBlockStore.Open opened = FileBlockStore.open(image, 64L << 20);
        if (!(opened instanceof FileBlockStore.Open.Opened o)) {
            throw new IllegalStateException("cannot create the image " + image + ": "
                    + ((FileBlockStore.Open.Refused) opened).reason());
        }
        return traced(STORVSC_IO_LABEL, trace, StorvscRunner.ioHeader(scenario, slots, depth), STORVSC_IO_COMMAND,
                w -> {
                    StorvscSystem system = new StorvscSystem(scenario, w, new RandomChooser(1),
                            new StorvscDisk(o.store()), ringBytes);
                    StorvscRunResult r = StorvscRunner.run(system, w);
                    if (!r.completed() || system.guest().pc() != GuestPc.READY) {
                        return "did not reach Ready: guest=" + system.guest().pc().specName();
                    }
                    try {
                        long crcBefore = ImageFileCheck.crcFrom(image, (long) slots * SlotOp.SLOT_BYTES);
                        StorvscSlotRun io = StorvscSlotRun.run(system, SlotOp.workload(1, IO_REQUESTS, slots),
                                new StorvscSlotRun.Options(slots, depth, true, ringBytes, Set.of(), 1), w,
                                system.chooser());
                        if (!io.stats().ok()) {
                            return "had I/O errors: " + io.stats().errors();
                        }
                        return ImageFileCheck.verify(image, io.expectedSlots(), crcBefore);
                    } catch (IOException e) {
                        return "could not read its image back: " + e.getMessage();
                    }
                });
    }

    /**
     * Two guests exchanging {@value #NETWORK_FRAMES} frames through the simulated host's virtual switch (what
     * {@code run network --guests 2} does): a counting run sizes each trace's header, then the traced run, every
     * phase of each device traced for TraceNetvscDevice; every payload must arrive verified.
     */
    private static List<Run> network(Path guest0, Path guest1) {
        long start = System.nanoTime();
        NetworkScenario s = NetworkScenario.basic(2, NETWORK_FRAMES, Set.of(), 1);
        NetworkResult counted = NetworkRunner.run(s, java.util.Collections.nCopies(2,
                dev.enlightened.trace.TraceSink.OFF), new RandomChooser(1));
        List<Path> paths = List.of(guest0, guest1);
        List<NdjsonTraceWriter> writers = new java.util.ArrayList<>();
        NetworkResult r;
        try {
            for (int g = 0; g < 2; g++) {
                writers.add(NdjsonTraceWriter.create(paths.get(g), NetworkRunner.deviceHeader(s, g,
                        counted.guestTx().get(g), counted.guestRx().get(g))));
            }
            RandomChooser chooser = new RandomChooser(1);
            r = NetworkRunner.runAllPhases(s, List.copyOf(writers), chooser, chooser, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + paths.get(writers.size()), e);
        } finally {
            writers.forEach(NdjsonTraceWriter::close);
        }
        if (!r.allVerified()) {
            throw new IllegalStateException("the default network run did not verify every frame: problems="
                    + r.problems() + " outstanding=" + r.outstanding());
        }
        long nanos = System.nanoTime() - start;
        List<Run> runs = new java.util.ArrayList<>();
        for (int g = 0; g < 2; g++) {
            runs.add(new Run("network guest " + g + " (run network)", paths.get(g), writers.get(g).events(),
                    nanos, NETWORK_COMMAND));
        }
        return runs;
    }
}
