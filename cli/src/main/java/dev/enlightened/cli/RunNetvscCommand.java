package dev.enlightened.cli;

import dev.enlightened.netvsc.GuestState;
import dev.enlightened.netvsc.NetvscError;
import dev.enlightened.netvsc.NetvscFault;
import dev.enlightened.netvsc.scenario.NetvscResult;
import dev.enlightened.netvsc.scenario.NetvscRunner;
import dev.enlightened.netvsc.scenario.NetvscScenario;
import dev.enlightened.sim.SilentHost;
import dev.enlightened.trace.NdjsonTraceWriter;
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
 * {@code enlightened run netvsc}: the netvsc guest driver (NVSP init, buffers, sub-channel allocation) against
 * the simulated VSP, traced for TraceNetvscSubchannels. Exit 0 when the guest proceeded with every granted
 * sub-channel open and nobody refused a message, 1 otherwise (hang, early proceed, refused message), 2 on bad
 * input.
 */
@Command(name = "netvsc", mixinStandardHelpOptions = true,
        description = "Run netvsc sub-channel allocation (guest driver + simulated VSP) and write its trace.")
final class RunNetvscCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TraceRunOptions run;

    /** The default seed of the runs README shows. */
    static final long DEFAULT_SEED = 1;

    @Option(names = "--replay", paramLabel = "TOKEN", description = Replay.DESCRIPTION)
    String replay;

    /** This run's seed and trace file, from {@link #run}. */
    private long seed;
    private Path trace;

    @Option(names = "--requested", paramLabel = "N", defaultValue = "3",
            description = "Sub-channels the guest asks for, 1..63 (default: 3).")
    int requested;

    @Option(names = "--host-capacity", paramLabel = "N|any",
            description = "Sub-channels the host can give, 0..63; it grants min(n, N) (default: seed mod 5). any: "
                    + "the host's answer is drawn (seeded) from every answer the spec allows, a grant 0..n or "
                    + "FAILURE, as explore decides it by default.")
    String capacity;

    @Option(names = "--host-refuses", description = "The host answers SUBCHANNEL with FAILURE.")
    boolean refuses;

    @Option(names = "--stall-opens", description = "The sub-channel offers reach the guest only after its wait for "
            + "their opens timed out (5 s of virtual time): the guest proceeds with the channels open then "
            + "(GuestTimesOutWaitingForSubChannelOpens, traced) and opens the offered ones late. Default capacity: "
            + "the request, so that there are opens to stall.")
    boolean stallOpens;

    @Option(names = "--host-late", paramLabel = "WAIT", defaultValue = "none",
            description = "The host holds its answer to one setup request until the guest's wait for it timed out "
                    + "(5 s of virtual time), then answers late: init (INIT_COMPLETE), recv-buf, send-buf or "
                    + "subchannel. The guest fails at GuestTimesOutWaitingFor* (traced, the run goes on to the late "
                    + "answer); exit 0 when it did. none: every answer in time (default).")
    String hostLate;

    @Option(names = "--host-silences", paramLabel = "N", defaultValue = "0",
            description = "How many of the guest's setup waits the host may leave unanswered until the guest times "
                    + "out (drawn, seeded, at each wait; the guest's timeout is then reported as its error) "
                    + "(default: 0; explore netvsc: 1).")
    int hostSilences;

    @Override
    public Integer call() {
        seed = run.seed(DEFAULT_SEED);
        trace = run.trace;
        OutputFiles.checkWritable("trace", trace);
        NetvscScenario s = scenario();
        NetvscResult r;
        try (NdjsonTraceWriter w = NdjsonTraceWriter.create(trace, NetvscRunner.header(s))) {
            r = replay == null ? NetvscRunner.run(s, w, new dev.enlightened.sim.RandomChooser(s.seed()), run.isolated)
                    : Replay.run(() -> NetvscRunner.run(s, w, Replay.chooser(replay), run.isolated));
        } catch (IOException e) {
            throw OutputFiles.cannotWrite("trace", trace, e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("run netvsc: requested=" + s.requested() + " capacity=" + s.hostCapacity()
                + (s.grantChosen() ? " grant=chosen" : "") + (s.stallOpens() ? " stall-opens" : "") + " refuses="
                + s.hostRefuses() + " seed=" + seed + (run.isolated ? " isolated" : "") + " faults=" + (run.faults.isEmpty() ? "none" : run.faults) + " steps="
                + r.steps() + " granted=" + r.granted() + " opened=" + r.opened() + " trace=" + trace);
        PrintWriter err = spec.commandLine().getErr();
        r.guestErrors().forEach(e -> err.println((e instanceof NetvscError.Timeout ? "guest timed out: "
                : "guest rejected: ") + e.describe()));
        r.hostErrors().forEach(e -> err.println("host rejected: " + e));
        if (r.deadlocked()) {
            // The guest hung in a wait (the trace goes on through its timeout, issue 12): a check failure.
            err.println("stalled: guest waits for " + r.stuck() + " (its timeout ended the wait, traced)");
            return ExitCodes.CHECK_FAILED;
        }
        if (s.hostLate() != NetvscScenario.HostLate.NONE) {
            return lateSetupAnswer(s.hostLate(), r, out, err);
        }
        if (s.stallOpens() && r.granted() > 0) {
            return stalledOpens(r, out, err);
        }
        // After the opens' wait timed out (a host that sent offers or opens late, --host-silences) the guest
        // proceeds with the sub-channels open then, as the spec's does: that is its timeout, not H11.
        boolean opensTimedOut = r.guestErrors().stream()
                .anyMatch(e -> e instanceof dev.enlightened.netvsc.NetvscError.Timeout t && !t.setup());
        if (r.state() instanceof GuestState.Proceeded && r.openAtProceed() != r.granted() && !opensTimedOut) {
            err.println("proceeded early: open_chn=" + (1 + r.openAtProceed()) + " of num_chn=" + (1 + r.granted()));
            return ExitCodes.CHECK_FAILED;
        }
        boolean clean = r.guestErrors().isEmpty() && r.hostErrors().isEmpty();
        return clean || s.hostRefuses() && r.hostErrors().isEmpty() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    /**
     * --stall-opens: what the host meant to cause is the opens' timeout (the guest proceeds with the channels open
     * then, none) and every granted sub-channel opened late; that timeout is then no error, anything else is.
     */
    private static int stalledOpens(NetvscResult r, PrintWriter out, PrintWriter err) {
        long opensTimeouts = r.guestErrors().stream()
                .filter(e -> e instanceof NetvscError.Timeout t && !t.setup()).count();
        out.println("stall-opens: proceeded at the opens' timeout=" + (opensTimeouts == 1) + " open-at-proceed="
                + r.openAtProceed() + " of granted=" + r.granted() + " opened-late=" + (r.opened() - r.openAtProceed()));
        boolean others = r.guestErrors().size() != opensTimeouts || !r.hostErrors().isEmpty();
        if (opensTimeouts != 1 || !(r.state() instanceof GuestState.Proceeded) || r.opened() != r.granted()
                || others) {
            err.println("stall-opens: expected one opens' timeout, the guest proceeded and every granted "
                    + "sub-channel opened late: state=" + r.state() + " opened=" + r.opened());
            return ExitCodes.CHECK_FAILED;
        }
        return ExitCodes.OK;
    }

    /**
     * --host-late WAIT: what the host meant to cause is the guest's timeout in that wait, which fails the device
     * (NetvscError.Timeout, fatal); that failure is then the expected outcome, anything else is not.
     */
    private static int lateSetupAnswer(NetvscScenario.HostLate late, NetvscResult r, PrintWriter out,
            PrintWriter err) {
        boolean timedOut = r.state() instanceof GuestState.Failed f && f.error() instanceof NetvscError.Timeout t
                && t.setup();
        out.println("host-late=" + late.cliName() + ": the guest failed at its timeout=" + timedOut);
        if (!timedOut || !r.hostErrors().isEmpty()) {
            err.println("host-late=" + late.cliName() + ": expected the guest to fail at that wait's timeout: state="
                    + r.state());
            return ExitCodes.CHECK_FAILED;
        }
        return ExitCodes.OK;
    }

    private NetvscScenario scenario() {
        NetvscScenario.HostLate late = NetvscScenario.HostLate.byName(hostLate).orElseThrow(() -> new UserError(
                "--host-late must be none, init, recv-buf, send-buf or subchannel: value=" + hostLate));
        if (late != NetvscScenario.HostLate.NONE && stallOpens) {
            throw new UserError("--host-late and --stall-opens exclude each other: the device fails before its opens");
        }
        UserError.requireRange("--host-silences", hostSilences, 0, SilentHost.MAX_SILENCES);
        return grants().answering(late).withHostSilences(hostSilences);
    }

    private NetvscScenario grants() {
        Set<NetvscFault> on = FaultRegistry.parse(FaultRegistry.Family.NETVSC, NetvscFault.class, run.faults);
        if (requested < 1 || requested > 63) {
            throw new UserError("--requested must be in 1..63: requested=" + requested);
        }
        if ("any".equals(capacity)) {
            if (refuses) {
                throw new UserError("--host-refuses needs a --host-capacity number: with any, refusal is drawn");
            }
            NetvscScenario any = new NetvscScenario(requested, requested, false, on, seed).anyGrant();
            return stallOpens ? any.offersAfterTheOpensTimeout() : any;
        }
        Integer fixed = null;
        if (capacity != null) {
            try {
                fixed = Integer.valueOf(capacity);
            } catch (NumberFormatException e) {
                throw new UserError("--host-capacity must be any or a number 0..63: capacity=" + capacity);
            }
            if (fixed < 0 || fixed > 63) {
                throw new UserError("--host-capacity must be in 0..63: capacity=" + capacity);
            }
        }
        if (stallOpens && (refuses || fixed != null && fixed == 0)) {
            throw new UserError("--stall-opens needs sub-channels to open: host_refuses=" + refuses + " capacity="
                    + capacity);
        }
        int cap;
        if (fixed != null) {
            cap = fixed;
        } else if (stallOpens) {
            cap = requested; // opens to stall
        } else if (on.contains(NetvscFault.WAIT_REQUESTED)) {
            cap = requested - 1; // m < n: the wrong wait never ends
        } else if (on.contains(NetvscFault.H11)) {
            cap = requested; // sub-channels to wait for
        } else {
            cap = NetvscScenario.basic(seed).hostCapacity();
        }
        NetvscScenario fixedGrant = new NetvscScenario(requested, cap, refuses, on, seed);
        return stallOpens ? fixedGrant.offersAfterTheOpensTimeout() : fixedGrant;
    }
}
