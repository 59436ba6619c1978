package dev.enlightened.cli;

import dev.enlightened.ring.RingFault;
import dev.enlightened.ring.scenario.RingRun;
import dev.enlightened.ring.scenario.RingScenario;
import dev.enlightened.ring.scenario.RingScenarioRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code enlightened run ring}: the Java ring's producer and consumer (dev.enlightened.ring.scenario) write and drain
 * numbered packets, every protocol step logged for {@code TraceRingBuffer.tla}. Thin: the work is in
 * {@link RingScenarioRunner}.
 */
@Command(name = "ring", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the Java ring buffer's producer and consumer and write an NDJSON trace of every step; "
                + "check it with 'enlightened validate FILE'.",
                "Faults (--fault, repeatable) re-create historical bugs (vmbus-protocol.md §3); their traces are "
                        + "rejected (default scenario: at the event shown):",
                "  H1          stale free-space sample in the consumer's wakeup decision (lost wakeup; event 52)",
                "  H2          consumer checks its own interrupt_mask, samples write_index early (event 20)",
                "  H3          producer signals whenever unmasked, not only on empty -> non-empty (event 7)",
                "  no-recheck  consumer does not re-check the ring after unmasking (event 35; a lost wakeup "
                        + "with --seed 35 --packets 30 is rejected by quiescence)",
                "Exit 0 when the run ended as expected (a fault run may end with parties blocked), 2 on bad input."})
final class RunRingCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "5", description = "Scheduler seed (default 5).")
    long seed;

    @Option(names = "--threads", description = "Real threads (a global lock makes each step atomic with its line) "
            + "instead of the seeded one-step-at-a-time scheduler.")
    boolean threads;

    @Option(names = "--fault", paramLabel = "NAME", description = "H1, H2, H3 or no-recheck (repeatable).")
    List<String> faults = new ArrayList<>();

    @Option(names = "--packets", paramLabel = "N", defaultValue = "100", description = "Packets to send (default 100).")
    int packets;

    @Option(names = "--data-bytes", paramLabel = "N", defaultValue = "64",
            description = "Ring data area in bytes, a multiple of 8 >= 32 (default 64: the producer often blocks).")
    int dataBytes;

    @Option(names = "--replay", paramLabel = "TOKEN", description = Replay.DESCRIPTION)
    String replay;

    @Option(names = "--trace", paramLabel = "FILE", required = true, description = "Where to write the trace.")
    Path trace;

    /** The fault switches by command-line name (lower case), in help order. */
    static final Map<String, RingFault> FAULTS = faults();

    private static Map<String, RingFault> faults() {
        Map<String, RingFault> m = new LinkedHashMap<>();
        m.put("h1", RingFault.H1_STALE_FREE_SPACE);
        m.put("h2", RingFault.H2_CONSUMER_CHECKS_OWN_MASK);
        m.put("h3", RingFault.H3_SIGNAL_WHENEVER_UNMASKED);
        m.put("no-recheck", RingFault.NO_RECHECK_AFTER_UNMASK);
        return Collections.unmodifiableMap(m);
    }

    /** The fault a command-line name stands for. */
    static RingFault fault(String name) {
        RingFault f = FAULTS.get(name.toLowerCase(Locale.ROOT));
        if (f == null) {
            throw new UserError("unknown fault: " + name + " (known: H1, H2, H3, no-recheck)");
        }
        return f;
    }

    @Override
    public Integer call() {
        OutputFiles.checkWritable("trace", trace);
        Set<RingFault> chosen = EnumSet.noneOf(RingFault.class);
        faults.forEach(f -> chosen.add(fault(f)));
        if (replay != null && threads) {
            throw new UserError("--replay replays a stepped run: it cannot be combined with --threads");
        }
        dev.enlightened.sim.ReplayChooser chooser = replay == null ? null : Replay.chooser(replay);
        RingScenario scenario;
        try {
            scenario = chooser == null ? RingScenario.generated(dataBytes, packets, seed, threads, chosen)
                    : Replay.run(() -> RingScenario.generated(dataBytes, packets, chooser, seed, false, chosen));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        RingRun run;
        try {
            if (chooser == null) {
                run = RingScenarioRunner.run(scenario, trace);
            } else {
                try (dev.enlightened.trace.NdjsonTraceWriter w = dev.enlightened.trace.NdjsonTraceWriter.create(trace,
                        dev.enlightened.ring.trace.RingTraceEmitter.header(dataBytes, scenario.payloadLengths(), seed,
                                "enlightened run ring (stepped, replay" + (chosen.isEmpty() ? "" : ", faults "
                                        + chosen) + ")"))) {
                    run = Replay.run(() -> RingScenarioRunner.run(scenario, w, chooser));
                }
            }
        } catch (IOException e) {
            throw OutputFiles.cannotWrite("trace", trace, e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("wrote %s: %d events (%s, seed %d, %d-byte ring, %d packets, faults %s); received %d of %d; "
                        + "blocked at the end: %s%n", trace, run.events(), threads ? "threads" : "stepped", seed,
                dataBytes, packets, chosen.isEmpty() ? "none" : faults, run.received().size(), packets,
                run.quiescent().isEmpty() ? "none" : String.join(", ", run.quiescent()));
        out.flush();
        return ExitCodes.OK;
    }
}
