package dev.enlightened.cli;

import dev.enlightened.netvsc.NetvscFault;
import dev.enlightened.netvsc.scenario.NetworkResult;
import dev.enlightened.netvsc.scenario.NetworkRunner;
import dev.enlightened.netvsc.scenario.NetworkScenario;
import dev.enlightened.sim.RandomChooser;
import dev.enlightened.trace.NdjsonTraceWriter;
import dev.enlightened.trace.TraceSink;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code enlightened run network}: guests with netvsc NICs exchange ARP and ICMP echo frames through the host's
 * virtual switch (RNDIS bring-up, TX through send sections or GPA direct with the queue's stop/wake, RX through
 * transfer-page packets), every frame verified end to end. One trace per guest device for TraceNetvscDevice, with
 * every phase the device goes through (NVSP init, buffers, sub-channels, RNDIS INITIALIZE/QUERY/SET, the traffic,
 * HALT): guest 0's at {@code --trace}, guest g's beside it with {@code -guest<g>} before the extension. The run is
 * deterministic, so it runs once untraced to learn each device's exact frame counts (the header's MaxTx and
 * MaxRx) and once traced. Exit 0 only if every frame was delivered and verified and every party ended idle, 1
 * otherwise, 2 on bad input.
 */
@Command(name = "network", mixinStandardHelpOptions = true,
        description = "Run guests exchanging ARP and ICMP echo through the virtual switch and write their traces.")
final class RunNetworkCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TraceRunOptions run;

    /** The default seed of the runs README shows. */
    static final long DEFAULT_SEED = 1;

    @Option(names = "--guests", paramLabel = "N", defaultValue = "2", description = "Guests on the switch, 2..8 "
            + "(default: 2).")
    int guests;

    @Option(names = "--frames", paramLabel = "N", defaultValue = "1000",
            description = "About how many frames the guests send in all, 1..1000000 (default: 1000).")
    int frames;

    @Option(names = "--queues", paramLabel = "N", defaultValue = "" + NetworkScenario.DEFAULT_QUEUES,
            description = "Channels each guest's netvsc asks for (Linux num_chn; it requests N-1 sub-channels), "
                    + "1..64 (default: ${DEFAULT-VALUE}, what Linux uses on a 2-vCPU guest).")
    int queues;

    @Option(names = "--host-queues", paramLabel = "M", defaultValue = "" + NetworkScenario.DEFAULT_HOST_QUEUES,
            description = "Queues the host's VSP supports, 1..64: it grants at most M-1 sub-channels, and the "
                    + "granted count is what the device runs on (default: ${DEFAULT-VALUE}).")
    int hostQueues;

    @Option(names = "--rndis-late", paramLabel = "N", defaultValue = "0",
            description = "Each host answers its N-th RNDIS request (1: INITIALIZE, 2..4: the QUERYs, 5, 6: the RSS "
                    + "SETs, 7: the packet filter's SET) only after the guest's 5 s wait for it timed out (virtual "
                    + "time): the guest's timeout and its drop of the late answer are traced "
                    + "(GuestTimesOutWaitingForRndis*, GuestDropsLateRndisCompletion). An RSS SET's timeout is "
                    + "ignored and the traffic runs (exit 0); the others fail the bring-up, so no frame is "
                    + "delivered (exit 1), the trace still ACCEPTED. 0..7 (default: 0, every answer in time).")
    int rndisLate;

    @Option(names = "--replay", paramLabel = "TOKEN", description = Replay.DESCRIPTION
            + " The token holds the traced phase's decisions; the header's frame counts are the correct drivers'.")
    String replay;

    @Override
    public Integer call() {
        long seed = run.seed(DEFAULT_SEED);
        Set<NetvscFault> on = FaultRegistry.parse(FaultRegistry.Family.NETWORK, NetvscFault.class, run.faults);
        if (guests < 2 || guests > 8) {
            throw new UserError("--guests must be in 2..8: guests=" + guests);
        }
        if (frames < 1 || frames > 1_000_000) {
            throw new UserError("--frames must be in 1..1000000: frames=" + frames);
        }
        if (queues < 1 || queues > 64) {
            throw new UserError("--queues must be in 1..64: queues=" + queues);
        }
        if (hostQueues < 1 || hostQueues > 64) {
            throw new UserError("--host-queues must be in 1..64: host-queues=" + hostQueues);
        }
        if (rndisLate < 0 || rndisLate > 7) {
            throw new UserError("--rndis-late must be in 0..7: rndis-late=" + rndisLate);
        }
        NetworkScenario s = NetworkScenario.basic(guests, frames, queues, hostQueues, on, seed).withRndisLate(rndisLate);
        List<Path> paths = new ArrayList<>();
        for (int g = 0; g < guests; g++) {
            paths.add(tracePath(run.trace, g));
            OutputFiles.checkWritable("trace", paths.get(g));
        }
        long started = System.nanoTime();
        // A replayed schedule (explore network) is judged against the correct drivers' frame counts, as explore
        // judged it: a fault's schedule may stall, and its own counts would make the stall look intended.
        NetworkResult counted = replay == null
                ? NetworkRunner.run(s, Collections.nCopies(guests, TraceSink.OFF), new RandomChooser(seed), run.isolated)
                : NetworkRunner.correctRun(s, run.isolated);
        NetworkResult r = traced(s, paths, counted, replay, run.isolated);
        double seconds = (System.nanoTime() - started) / 1e9;
        PrintWriter out = spec.commandLine().getOut();
        out.println("run network: guests=" + guests + " queues=" + s.grantedQueues() + " (asked " + queues
                + ", host " + hostQueues + ") seed=" + seed + (run.isolated ? " isolated" : "") + " faults="
                + (run.faults.isEmpty() ? "none" : run.faults) + (rndisLate > 0 ? " rndis-late=" + rndisLate : "")
                + " frames sent=" + r.framesSent() + " received="
                + r.framesReceived() + " verified=" + r.verified() + " steps=" + r.steps());
        for (int g = 0; g < guests; g++) {
            out.println("  guest " + g + ": tx=" + r.guestTx().get(g) + " rx=" + r.guestRx().get(g) + " queues used="
                    + r.queuesUsed().get(g) + " rx per queue=" + r.rxPerQueue().get(g) + " waiting="
                    + r.waiting().get(g) + " events=" + events(r.events().get(g)) + " trace=" + paths.get(g));
        }
        out.printf(java.util.Locale.ROOT, "  two runs (counting, traced) in %.2f s%n", seconds);
        PrintWriter err = spec.commandLine().getErr();
        r.problems().forEach(p -> err.println("problem: " + p));
        if (r.outstanding() > 0) {
            err.println("frames never delivered: " + r.outstanding());
        }
        if (replay == null && (!r.guestTx().equals(counted.guestTx()) || !r.guestRx().equals(counted.guestRx()))) {
            err.println("the traced run differs from the counting run: tx=" + r.guestTx() + " vs " + counted.guestTx());
            return ExitCodes.INTERNAL;
        }
        return r.allVerified() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    private static NetworkResult traced(NetworkScenario s, List<Path> paths, NetworkResult counted, String replay,
                                        boolean isolated) {
        List<NdjsonTraceWriter> writers = new ArrayList<>();
        try {
            for (int g = 0; g < paths.size(); g++) {
                writers.add(NdjsonTraceWriter.create(paths.get(g), NetworkRunner.deviceHeader(s, g,
                        counted.guestTx().get(g), counted.guestRx().get(g))));
            }
            if (replay != null) {
                var token = Replay.chooser(replay);
                return Replay.run(() -> NetworkRunner.runAllPhases(s, List.copyOf(writers),
                        new RandomChooser(s.seed()), token, isolated));
            }
            RandomChooser chooser = new RandomChooser(s.seed());
            return NetworkRunner.runAllPhases(s, List.copyOf(writers), chooser, chooser, isolated);
        } catch (IOException e) {
            throw OutputFiles.cannotWrite("trace", paths.get(writers.size()), e);
        } finally {
            writers.forEach(NdjsonTraceWriter::close);
        }
    }

    private static long events(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Guest 0 writes {@code base}; guest g writes {@code base} with {@code -guest<g>} before its extension. */
    static Path tracePath(Path base, int g) {
        if (g == 0) {
            return base;
        }
        String name = base.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String derived = dot > 0 ? name.substring(0, dot) + "-guest" + g + name.substring(dot) : name + "-guest" + g;
        return base.resolveSibling(derived);
    }
}
