package dev.enlightened.cli;

import dev.enlightened.channel.Fault;
import dev.enlightened.channel.scenario.FaultScenarios;
import dev.enlightened.channel.scenario.Scenario;
import dev.enlightened.channel.scenario.ScenarioResult;
import dev.enlightened.channel.scenario.ScenarioRunner;
import dev.enlightened.trace.NdjsonTraceWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code enlightened run channels}: the guest channel manager against the simulated host, traced for
 * TraceVMBusChannels. Exit 0 when every context finished, 1 when the run stopped with blocked waiters (named on
 * stderr and in the trace's final quiescence event) or a side rejected a message, 2 on bad input.
 */
@Command(name = "channels", mixinStandardHelpOptions = true,
        description = "Run VMBus channel management (guest channel manager + simulated host) and write its trace.",
        footer = {"", "Faults (--fault, re-create historical bugs; validation must reject their traces):",
            "  H5  rescind queued behind the offer's probe on one worker: the open waits forever (deadlock)",
            "  H6  rescind does not wake the open waiter: blocked forever",
            "  H7  duplicate RESCIND processed twice: removal runs on a freed channel",
            "  H8  RELID_RELEASED sent before the channel is unmapped: the host may reuse a relid still mapped",
            "  H9  host drops GPADL_HEADER for a rescinded channel: GPADL_CREATED never comes",
            "Whether a run hits a fault's race depends on the seed; a run that does not is honestly ACCEPTED.",
            "Runs that show each bug (validate rejects them at the event given):",
            "  --fault H5 --devices 1 --hot-adds 0 --seed 1   event 20 (Quiescent: the guest could still progress)",
            "  --fault H6 --rescinds 2 --seed 5               event 37 (GuestReceivesRescind)",
            "  --fault H7 --rescinds 2 --seed 1               event 49 (GuestReceivesRescind)",
            "  --fault H8 --rescinds 2 --seed 1               event 49 (GuestSendsRelidReleased)",
            "  --fault H9 --rescinds 2 --seed 5               event 14 (HostReceivesGpadlHeader)"})
final class RunChannelsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--devices", paramLabel = "N", defaultValue = "2", description = "Boot devices (default: 2).")
    int devices;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Scheduler and host seed (default: 1).")
    long seed;

    @Option(names = "--threads", description = "Run on real threads instead of the deterministic scheduler.")
    boolean threads;

    @Option(names = "--fault", paramLabel = "NAME", description = "Switch on a fault (H5..H9); repeatable.")
    List<String> faults = new ArrayList<>();

    @Option(names = "--replay", paramLabel = "TOKEN", description = Replay.DESCRIPTION)
    String replay;

    @Option(names = "--trace", paramLabel = "FILE", required = true, description = "Where to write the trace.")
    Path trace;

    @Option(names = "--rescinds", paramLabel = "N", defaultValue = "1",
            description = "Rescinds at random points (default: 1).")
    int rescinds;

    @Option(names = "--hot-adds", paramLabel = "N", defaultValue = "1",
            description = "Hot-add offers at random points (default: 1).")
    int hotAdds;

    @Option(names = "--unloads", paramLabel = "N", defaultValue = "0",
            description = "UNLOAD + reconnect cycles (default: 0).")
    int unloads;

    @Option(names = "--sub-channels", paramLabel = "N", defaultValue = "0",
            description = "Sub-channels per device (default: 0).")
    int subChannels;

    @Override
    public Integer call() throws InterruptedException {
        OutputFiles.checkWritable("trace", trace);
        Scenario scenario = scenario();
        ScenarioResult r;
        try (NdjsonTraceWriter w = NdjsonTraceWriter.create(trace, ScenarioRunner.header(scenario, threads))) {
            if (replay != null) {
                if (threads) {
                    throw new UserError("--replay replays a deterministic run: it cannot be combined with --threads");
                }
                dev.enlightened.sim.ReplayChooser chooser = Replay.chooser(replay);
                r = Replay.run(() -> ScenarioRunner.runDeterministic(scenario, w, chooser));
            } else {
                r = threads ? ScenarioRunner.runThreaded(scenario, w) : ScenarioRunner.runDeterministic(scenario, w);
            }
        } catch (IOException e) {
            throw OutputFiles.cannotWrite("trace", trace, e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("run channels: devices=" + devices + " seed=" + seed + " mode="
                + (threads ? "threads" : "deterministic") + " faults=" + (faults.isEmpty() ? "none" : faults)
                + " steps=" + r.steps() + " trace=" + trace);
        PrintWriter err = spec.commandLine().getErr();
        r.guestErrors().forEach(e -> err.println("guest rejected: " + e.describe()));
        r.hostErrors().forEach(e -> err.println("host rejected: " + e.describe()));
        if (r.deadlocked()) {
            r.stuckWaiters().forEach(w -> err.println("blocked forever: " + w));
            return ExitCodes.CHECK_FAILED;
        }
        if (r.budgetExhausted()) {
            err.println("step budget exhausted: steps=" + r.steps());
            return ExitCodes.CHECK_FAILED;
        }
        return r.guestErrors().isEmpty() && r.hostErrors().isEmpty() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    private Scenario scenario() {
        Set<Fault> on = EnumSet.noneOf(Fault.class);
        for (String f : faults) {
            on.add(Fault.parse(f).orElseThrow(() -> new UserError("unknown fault: name=" + f + " known="
                    + List.of(Fault.values()))));
        }
        if (devices < 1 || devices > 64) {
            throw new UserError("--devices must be in 1..64: devices=" + devices);
        }
        if (subChannels < 0 || subChannels > 8) {
            throw new UserError("--sub-channels must be in 0..8: subChannels=" + subChannels);
        }
        for (int[] v : new int[][] {{rescinds}, {hotAdds}, {unloads}}) {
            if (v[0] < 0 || v[0] > 100) {
                throw new UserError("--rescinds, --hot-adds and --unloads must be in 0..100: value=" + v[0]);
            }
        }
        return FaultScenarios.withFaults(Scenario.basic(devices, seed).withDevices(1, subChannels)
                .withEvents(rescinds, hotAdds, unloads), on);
    }
}
