package dev.enlightened.netvsc.scenario;

import dev.enlightened.sim.SilentHost;
import dev.enlightened.sim.Chooser;
import dev.enlightened.sim.RandomChooser;
import dev.enlightened.netvsc.GuestState;
import dev.enlightened.netvsc.NetvscFault;
import dev.enlightened.netvsc.NetvscGuest;
import dev.enlightened.netvsc.NetvscGuestConfig;
import dev.enlightened.netvsc.NetvscHost;
import dev.enlightened.netvsc.NetvscHostConfig;
import dev.enlightened.netvsc.SubchannelOffers;
import dev.enlightened.ring.ChannelRings;
import dev.enlightened.sim.Actor;
import dev.enlightened.clock.VirtualClock;
import dev.enlightened.sim.DeterministicScheduler;
import dev.enlightened.sim.RunOutcome;
import dev.enlightened.trace.TraceHeader;
import dev.enlightened.trace.StallGate;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.nvsp.NvspVersion;
import java.util.List;
import java.util.function.Supplier;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs a {@link NetvscScenario} under the seeded deterministic scheduler: four actors (the guest's primary
 * context, offer handler and open worker, and the host), each step atomic and traced. A guest still waiting
 * when nobody can step is blocked forever: the trace ends with a Quiescent event naming what it waits for.
 */
public final class NetvscRunner {
    /** The trace module that validates netvsc traces. */
    public static final String TRACE_SPEC = "TraceNetvscSubchannels";
    /** Step budget (a correct run takes about 20 steps). */
    public static final long MAX_STEPS = 10_000;
    /** Data bytes per ring of the primary channel (Linux netvsc_ring_bytes default is 128 KiB; small here). */
    static final int PRIMARY_RING_BYTES = 16 * 1024;
    /** GPADL handles the channel layer gave the buffers (any nonzero values). */
    static final int RECV_GPADL = 0x1001;
    static final int SEND_GPADL = 0x1002;

    private NetvscRunner() {
    }

    /** @return the trace header: module, the spec constant Requested, seed and producer */
    public static TraceHeader header(NetvscScenario s) {
        String faults = s.faults().isEmpty() ? "none" : s.faults().stream().map(NetvscFault::cliName).sorted()
                .collect(Collectors.joining(","));
        return new TraceHeader(TRACE_SPEC, Map.of("Requested", s.requested()), s.seed(),
                "enlightened run netvsc (deterministic, capacity=" + s.hostCapacity() + ", refuses=" + s.hostRefuses()
                        + (s.grantChosen() ? ", grant=chosen" : "") + (s.stallOpens() ? ", stall-opens" : "")
                        + (s.hostLate() == NetvscScenario.HostLate.NONE ? "" : ", host-late=" + s.hostLate().cliName())
                        + ", faults=" + faults + ")");
    }

    /** @return true if {@code s} waits for a setup completion, whose timeout is a traced spec action */
    static boolean setupWait(GuestState s) {
        return s instanceof GuestState.NegotiatingVersion || s instanceof GuestState.AwaitReceiveBuffer
                || s instanceof GuestState.AwaitSendBuffer || s instanceof GuestState.AwaitCompletion;
    }

    /** @return true once the guest no longer waits for its sub-channel opens (or never will): offers may reach it */
    static boolean offersReleased(GuestState s) {
        return s instanceof GuestState.Proceeded || s instanceof GuestState.Failed;
    }

    /** Runs the scenario, tracing into {@code trace}. */
    public static NetvscResult run(NetvscScenario s, TraceSink trace) {
        return run(s, trace, new RandomChooser(s.seed()));
    }

    /** Runs the scenario, tracing into {@code trace}, every decision of the schedule taken by {@code chooser}. */
    public static NetvscResult run(NetvscScenario s, TraceSink sink, Chooser chooser) {
        return run(s, sink, chooser, false);
    }

    /**
     * Runs the scenario, every decision of the schedule taken by {@code chooser}.
     *
     * @param isolated an isolated (confidential) guest: it reads the primary and every sub-channel through the
     *                 copying reader (Linux {@code hv_pkt_iter_first} in a CoCo VM); no traced step depends on it
     */
    public static NetvscResult run(NetvscScenario s, TraceSink sink, Chooser chooser, boolean isolated) {
        // A stall (every context waits on a host that will not answer): each of the guest's waits has a timeout
        // that is a spec action (NetvscSubchannels GuestTimesOutWaitingFor*, issue 12), the sub-channel opens'
        // included; virtual time jumps to it, the timeout is traced and the run and its trace go on, so the
        // validator judges the timeout (the fault wait-requested's, taken with every granted sub-channel open, is
        // REJECTED at it). The runner still reports a stall outside the setup waits as the hang it was
        // (NetvscResult.stuck, RunNetvscCommand). Only a stall in a wait without a deadline ends the trace with
        // its Quiescent claim (StallGate).
        StallGate trace = new StallGate(sink);
        VirtualClock clock = new VirtualClock();
        NetvscGuestConfig gc = NetvscGuestConfig.linux(s.requested(), RECV_GPADL, SEND_GPADL, s.faults());
        NetvscHostConfig hc = new NetvscHostConfig(NvspVersion.V61, s.hostCapacity(), s.hostRefuses(),
                NetvscHostConfig.DEFAULT_RECV_SECTION, NetvscHostConfig.DEFAULT_SEND_SECTION,
                Map.of(RECV_GPADL, gc.recvBytes(), SEND_GPADL, gc.sendBytes()));
        ChannelRings primary = ChannelRings.create(PRIMARY_RING_BYTES, isolated);
        SubchannelOffers offers = new SubchannelOffers();
        NetvscGuest guest = new NetvscGuest(gc, primary, offers, trace, clock, NetvscGuest.DEFAULT_TIMEOUT_NANOS);
        NetvscHost host = new NetvscHost(hc, primary, offers, trace);
        if (s.grantChosen()) {
            host.chooseGrantsWith(chooser);
        }
        guest.chooseOpenOrderWith(chooser);
        Actor guestPrimary = guest.primary();
        Actor offerHandler = guest.offerHandler();
        if (s.stallOpens()) {
            // --stall-opens: the offers the host sent with its grant (the spec's offerQ) reach vmbus_onoffer only
            // once the guest no longer waits for their opens, i.e. after GuestTimesOutWaitingForSubChannelOpens.
            // Holding them is a schedule the spec allows (GuestProcessesOffer is never forced), so every trace of
            // it must still be ACCEPTED.
            Actor handler = offerHandler;
            offerHandler = new dev.enlightened.sim.StepActor(handler.name(), () -> offersReleased(guest.state())
                    && handler.canStep(), handler::step, () -> offersReleased(guest.state()) ? handler.waitingFor()
                    : "offers held until the opens' timeout", handler::wakeAtNanos);
        }
        Actor hostActor = host;
        if (s.hostLate() != NetvscScenario.HostLate.NONE) {
            // --host-late WAIT: the host takes no step while the guest waits for that answer, so the guest's wait
            // ends in its timeout (GuestTimesOutWaitingFor*, the device fails) and the host answers afterwards.
            // A schedule the spec allows (its host is never forced to answer), so its trace must be ACCEPTED.
            NetvscScenario.HostLate late = s.hostLate();
            hostActor = new dev.enlightened.sim.StepActor(host.name(), () -> !late.holds(guest.state())
                    && host.canStep(), host::step, () -> late.holds(guest.state())
                    ? "holding its answer until the guest's timeout" : host.waitingFor(), host::wakeAtNanos);
        }
        // The host may leave a setup request unanswered until the guest's wait times out (hostSilences), falling
        // silent at any of its steps in the wait (after SEND_NDIS_CONFIG, before SEND_RECV_BUF): the wait is the
        // guest's state record (its trans_id tells two requests apart).
        SilentHost answering = SilentHost.atEveryStep(hostActor, () -> setupWait(guest.state()) ? guest.state() : null,
                chooser, s.hostSilences());
        // In the sub-channel opens' wait the host owes the guest its SynIC offers (which it may send late) and each
        // open's OPENCHANNEL_RESULT (vmbus_open in netvsc_sc_open waits for it): either may come after the guest's
        // wait has timed out (NetvscSubchannels GuestTimesOutWaitingForSubChannelOpens), which a guest whose offers
        // and opens are all its own steps could never reach.
        Supplier<Object> opensWait = () -> guest.state() instanceof GuestState.AwaitOpens ? guest.state() : null;
        SilentHost lateOffers = SilentHost.atEveryStep(offerHandler, opensWait, chooser, s.hostSilences());
        SilentHost lateOpens = SilentHost.atEveryStep(guest.openWorker(), opensWait, chooser, s.hostSilences());
        List<Actor> actors = List.of(guestPrimary, lateOffers, lateOpens, answering);
        if (chooser instanceof dev.enlightened.sim.StateDigest.Aware aware) {
            // Guest, host, primary rings and the offer queue: the whole state between steps.
            aware.digestFrom(() -> dev.enlightened.sim.StateDigest.of(guest, host, primary, offers, actors));
        }
        String[] stalled = new String[1];
        RunOutcome outcome = new DeterministicScheduler(chooser, actors, clock, blocked -> {
            // A stall in the opens' wait while --stall-opens holds the offers is the host's doing, not the guest's
            // hang: its timeout follows (traced) and the run goes on. So is a silence, the host's choice.
            boolean held = s.stallOpens() && offers.size() > 0 && guest.state() instanceof GuestState.AwaitOpens;
            boolean silence = answering.silent() || lateOffers.silent() || lateOpens.silent();
            if (stalled[0] == null && !setupWait(guest.state()) && !held && !silence) {
                stalled[0] = guestPrimary.waitingFor();
                if (guest.deadline() == Long.MAX_VALUE) {
                    // The enumerated wait (TraceWaitingFor): "subchan_open" or "completion".
                    trace.stall(NetvscGuest.ACTOR, stalled[0].split("[: ]", 2)[0]);
                }
            }
        }).run(MAX_STEPS);
        GuestState end = guest.state();
        boolean done = end instanceof GuestState.Proceeded || end instanceof GuestState.Failed;
        String stuck = stalled[0] != null ? stalled[0] : done || outcome.budgetExhausted() ? null
                : guestPrimary.waitingFor();
        long events = 0;
        if (stuck != null && !done && trace.enabled()) {
            // The enumerated wait (TraceWaitingFor): "subchan_open" or "completion"; the counts stay in the result.
            events = sink.emitQuiescent(NetvscGuest.ACTOR, stuck.split("[: ]", 2)[0]);
        }
        return new NetvscResult(outcome.steps(), end, stuck, guest.granted(), guest.openedSubChannels().size(),
                guest.openAtProceed(), guest.errors(), host.errors(), events);
    }
}
