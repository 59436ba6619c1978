package dev.enlightened.cli;

import dev.enlightened.netvsc.GuestState;
import dev.enlightened.netvsc.NetvscFault;
import dev.enlightened.netvsc.scenario.NetvscResult;
import dev.enlightened.netvsc.scenario.NetvscRunner;
import dev.enlightened.netvsc.scenario.NetvscScenario;
import dev.enlightened.trace.NdjsonTraceWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code enlightened run netvsc}: the netvsc guest driver (NVSP init, buffers, sub-channel allocation) against
 * the simulated VSP, traced for TraceNetvscSubchannels. Exit 0 when the guest proceeded with every granted
 * sub-channel open and nobody refused a message, 1 otherwise (hang, early proceed, refused message), 2 on bad
 * input.
 */
@Command(name = "netvsc", mixinStandardHelpOptions = true,
        description = "Run netvsc sub-channel allocation (guest driver + simulated VSP) and write its trace.",
        footer = {"", "Faults (--fault; validation must reject their traces):",
            "  H11             proceeds when the SUBCHANNEL completion wakes the guest,",
            "                  before its sub-channels are open (Linux < 732e49850c5e)",
            "  wait-requested  waits for the n sub-channels asked for, not the m granted:",
            "                  hangs when m < n",
            "Without --host-capacity, a fault run gets the grant that shows the bug",
            "(3 of 3 for H11, 2 of 3 for wait-requested). Validate rejects:",
            "  --fault H11 --seed 1             at event 13, GuestReceivesCompletion",
            "                                   (post.guestPc Proceeded, spec AwaitOpens)",
            "  --fault wait-requested --seed 1  at event 17, Quiescent",
            "                                   (GuestSeesSubChannelsOpen is enabled)"})
final class RunNetvscCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Scheduler seed (default: 1).")
    long seed;

    @Option(names = "--fault", paramLabel = "NAME", description = "Switch on a fault: H11 or wait-requested.")
    String fault;

    @Option(names = "--replay", paramLabel = "TOKEN", description = Replay.DESCRIPTION)
    String replay;

    @Option(names = "--trace", paramLabel = "FILE", required = true, description = "Where to write the trace.")
    Path trace;

    @Option(names = "--requested", paramLabel = "N", defaultValue = "3",
            description = "Sub-channels the guest asks for, 1..63 (default: 3).")
    int requested;

    @Option(names = "--host-capacity", paramLabel = "N",
            description = "Sub-channels the host can give, 0..63; it grants min(n, N) (default: seed mod 5).")
    Integer capacity;

    @Option(names = "--host-refuses", description = "The host answers SUBCHANNEL with FAILURE.")
    boolean refuses;

    @Override
    public Integer call() {
        OutputFiles.checkWritable("trace", trace);
        NetvscScenario s = scenario();
        NetvscResult r;
        try (NdjsonTraceWriter w = NdjsonTraceWriter.create(trace, NetvscRunner.header(s))) {
            r = replay == null ? NetvscRunner.run(s, w)
                    : Replay.run(() -> NetvscRunner.run(s, w, Replay.chooser(replay)));
        } catch (IOException e) {
            throw OutputFiles.cannotWrite("trace", trace, e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("run netvsc: requested=" + s.requested() + " capacity=" + s.hostCapacity() + " refuses="
                + s.hostRefuses() + " seed=" + seed + " fault=" + (fault == null ? "none" : fault) + " steps="
                + r.steps() + " granted=" + r.granted() + " opened=" + r.opened() + " trace=" + trace);
        PrintWriter err = spec.commandLine().getErr();
        r.guestErrors().forEach(e -> err.println("guest rejected: " + e.describe()));
        r.hostErrors().forEach(e -> err.println("host rejected: " + e));
        if (r.deadlocked()) {
            err.println("blocked forever: guest waits for " + r.stuck());
            return ExitCodes.CHECK_FAILED;
        }
        if (r.state() instanceof GuestState.Proceeded && r.openAtProceed() != r.granted()) {
            err.println("proceeded early: open_chn=" + (1 + r.openAtProceed()) + " of num_chn=" + (1 + r.granted()));
            return ExitCodes.CHECK_FAILED;
        }
        boolean clean = r.guestErrors().isEmpty() && r.hostErrors().isEmpty();
        return clean || s.hostRefuses() && r.hostErrors().isEmpty() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    private NetvscScenario scenario() {
        Set<NetvscFault> on = EnumSet.noneOf(NetvscFault.class);
        if (fault != null) {
            on.add(NetvscFault.byName(fault).orElseThrow(() -> new UserError("unknown fault: name=" + fault
                    + " known=" + Arrays.stream(NetvscFault.values()).map(NetvscFault::cliName).toList())));
        }
        if (requested < 1 || requested > 63) {
            throw new UserError("--requested must be in 1..63: requested=" + requested);
        }
        if (capacity != null && (capacity < 0 || capacity > 63)) {
            throw new UserError("--host-capacity must be in 0..63: capacity=" + capacity);
        }
        int cap;
        if (capacity != null) {
            cap = capacity;
        } else if (on.contains(NetvscFault.WAIT_REQUESTED)) {
            cap = requested - 1; // m < n: the wrong wait never ends
        } else if (on.contains(NetvscFault.H11)) {
            cap = requested; // sub-channels to wait for
        } else {
            cap = NetvscScenario.basic(seed).hostCapacity();
        }
        return new NetvscScenario(requested, cap, refuses, on, seed);
    }
}
