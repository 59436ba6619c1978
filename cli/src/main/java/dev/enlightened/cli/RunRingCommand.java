package dev.enlightened.cli;

import dev.enlightened.ring.RingConsumer;
import dev.enlightened.ring.RingFault;
import dev.enlightened.ring.scenario.RingRun;
import dev.enlightened.ring.scenario.RingScenario;
import dev.enlightened.ring.scenario.RingScenarioRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code enlightened run ring}: the Java ring's producer and consumer (dev.enlightened.ring.scenario) write and drain
 * numbered packets, every protocol step logged for {@code TraceRingBuffer.tla} ({@code TraceRingRestore.tla} with
 * {@code --restores N}: the host saves and restores the VM between steps). Thin: the work is in
 * {@link RingScenarioRunner}.
 */
@Command(name = "ring", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the Java ring buffer's producer and consumer and write an NDJSON trace of every step; "
                + "check it with 'enlightened validate FILE'.",
                "Exit 0 when the run ended as expected (a fault run may end with parties blocked), 2 on bad input."})
final class RunRingCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TraceRunOptions run;

    @Option(names = "--threads", description = "Real threads (a global lock makes each step atomic with its line) "
            + "instead of the seeded one-step-at-a-time scheduler.")
    boolean threads;

    @Option(names = "--packets", paramLabel = "N", defaultValue = "100", description = "Packets to send (default 100).")
    int packets;

    @Option(names = "--data-bytes", paramLabel = "N", defaultValue = "64",
            description = "Ring data area in bytes, a multiple of 8 >= 32 (default 64: the producer often blocks).")
    int dataBytes;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1",
            description = "Packets the producer copies before one commit (one write_index store and signal "
                    + "decision; spec MaxBatch), 1 to " + RingScenario.MAX_BATCH + " (default 1: one per packet).")
    int batch;

    @Option(names = "--budget", paramLabel = "N", defaultValue = "" + RingScenario.DEFAULT_BUDGET,
            description = "Packets the consumer handles per poll before it stops at its budget and polls again "
                    + "still masked (NAPI; spec ConsumerStopsAtBudget), at least 1 (default: 64, NAPI_POLL_WEIGHT).")
    int budget;

    @Option(names = "--idle-polls", paramLabel = "N", defaultValue = "0",
            description = "Times the consumer polls the drained ring again, still masked, before it unmasks and "
                    + "sleeps (its wake-up policy; spec ConsumerSpins, ConsumerIdlePolls), 0 to "
                    + RingConsumer.MAX_IDLE_POLLS + " (default 0: unmask at once, as Linux hv_end_read).")
    int idlePolls;

    @Option(names = "--restores", paramLabel = "N", defaultValue = "0",
            description = "Host save/restore cycles between the parties' steps, 0 to " + RingScenario.MAX_RESTORES
                    + " (default 0): the ring is kept, latched doorbells are lost and the restored host re-signals "
                    + "as openvmm unstick_channels does (spec RingRestore.tla, checked by TraceRingRestore). Stepped "
                    + "runs only.")
    int restores;

    @Option(names = "--replay", paramLabel = "TOKEN", description = Replay.DESCRIPTION)
    String replay;

    /** The ring's default seed: the runs README shows (H2 at event 17, ...) use it. */
    static final long DEFAULT_SEED = 5;

    @Override
    public Integer call() {
        Path trace = run.trace;
        long seed = run.seed(DEFAULT_SEED);
        OutputFiles.checkWritable("trace", trace);
        Set<RingFault> chosen = FaultRegistry.parse(FaultRegistry.Family.RING, RingFault.class, run.faults);
        if (replay != null && threads) {
            throw new UserError("--replay replays a stepped run: it cannot be combined with --threads");
        }
        if (batch < 1 || batch > RingScenario.MAX_BATCH) {
            throw new UserError("--batch must be in 1.." + RingScenario.MAX_BATCH + ": got " + batch);
        }
        if (budget < 1) {
            throw new UserError("--budget must be at least 1: got " + budget);
        }
        if (idlePolls < 0 || idlePolls > RingConsumer.MAX_IDLE_POLLS) {
            throw new UserError("--idle-polls must be in 0.." + RingConsumer.MAX_IDLE_POLLS + ": got " + idlePolls);
        }
        if (restores < 0 || restores > RingScenario.MAX_RESTORES) {
            throw new UserError("--restores must be in 0.." + RingScenario.MAX_RESTORES + ": got " + restores);
        }
        if (restores > 0 && threads) {
            throw new UserError("--restores needs the stepped scheduler (a restore is a step between two steps of the"
                    + " parties): it cannot be combined with --threads");
        }
        if (chosen.contains(RingFault.RESTORE_LOSES_SIGNALS) && restores == 0) {
            throw new UserError("--fault lost-synic acts at a host restore: give --restores N (N >= 1)");
        }
        if (replay != null && (batch != 1 || idlePolls != 0)) {
            throw new UserError("--replay replays a run of batch 1 and no idle polls: it cannot be combined with"
                    + " --batch or --idle-polls");
        }
        dev.enlightened.sim.ReplayChooser chooser = replay == null ? null : Replay.chooser(replay);
        RingScenario scenario;
        try {
            scenario = chooser == null
                    ? RingScenario.generated(dataBytes, packets, seed, threads, chosen).withBatch(batch).withBudget(budget)
                            .withIdlePolls(idlePolls).withIsolated(run.isolated).withRestores(restores)
                    : Replay.run(() -> RingScenario.generated(dataBytes, packets, chooser, seed, false, chosen))
                            .withBudget(budget).withIsolated(run.isolated).withRestores(restores);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        RingRun result;
        try {
            if (chooser == null) {
                result = RingScenarioRunner.run(scenario, trace);
            } else {
                try (dev.enlightened.trace.NdjsonTraceWriter w = dev.enlightened.trace.NdjsonTraceWriter.create(trace,
                        // PacketLens as the seed draws it: an explorer's --vary-lengths token picks each packet's
                        // size among the seed's sizes, so the seed's set is the set the schedule was checked with.
                        dev.enlightened.ring.trace.RingTraceEmitter.header(dataBytes, RingScenario.generated(dataBytes,
                                packets, seed, false, chosen).payloadLengths(), seed,
                                "enlightened run ring (stepped, replay" + (restores > 0 ? ", restores " + restores : "")
                                        + (chosen.isEmpty() ? "" : ", faults " + chosen) + ")", 1, 0, restores))) {
                    result = Replay.run(() -> RingScenarioRunner.run(scenario, w, chooser));
                }
            }
        } catch (IOException e) {
            throw OutputFiles.cannotWrite("trace", trace, e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("wrote %s: %d events (%s%s, seed %d, %d-byte ring, %d packets, faults %s); received %d of %d; "
                        + "blocked at the end: %s%n", trace, result.events(), (threads ? "threads" : "stepped")
                        + (run.isolated ? ", isolated reader" : ""),
                (batch > 1 ? ", batch " + batch : "") + (idlePolls > 0 ? ", idle polls " + idlePolls : "")
                        + (restores > 0 ? ", " + restores + " host restores" : ""), seed,
                dataBytes, packets, chosen.isEmpty() ? "none" : run.faults, result.received().size(), packets,
                result.quiescent().isEmpty() ? "none" : String.join(", ", result.quiescent()));
        out.flush();
        return ExitCodes.OK;
    }
}
