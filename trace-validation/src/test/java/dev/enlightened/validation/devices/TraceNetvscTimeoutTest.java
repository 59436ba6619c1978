package dev.enlightened.validation.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.clock.VirtualClock;
import dev.enlightened.netvsc.GuestState;
import dev.enlightened.netvsc.NetvscError;
import dev.enlightened.netvsc.NetvscGuest;
import dev.enlightened.netvsc.NetvscGuestConfig;
import dev.enlightened.netvsc.NetvscHost;
import dev.enlightened.netvsc.NetvscHostConfig;
import dev.enlightened.netvsc.SubchannelOffers;
import dev.enlightened.netvsc.scenario.NetvscRunner;
import dev.enlightened.netvsc.scenario.NetvscScenario;
import dev.enlightened.ring.ChannelRings;
import dev.enlightened.sim.Actor;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.TracedRun;
import dev.enlightened.validation.Verdict;
import dev.enlightened.wire.nvsp.NvspVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The netvsc setup waits end in their timeouts as spec actions (NetvscSubchannels
 * {@code GuestTimesOutWaitingFor*}, issue 12): a run whose host falls silent in one wait is traced to its end, the
 * timeout included, and TraceNetvscSubchannels ACCEPTS it (the host answers late, after the timeout: the late
 * completion has no waiter). A timeout after the completion reached the guest is not one the guest can take: that
 * trace is REJECTED at the timeout.
 */
class TraceNetvscTimeoutTest {
    private static final int RECV_GPADL = 0x1001;
    private static final int SEND_GPADL = 0x1002;

    @TempDir
    Path dir;

    /** Guest and host of one device, as NetvscRunner builds them, on a virtual clock. */
    record Device(NetvscGuest guest, NetvscHost host, VirtualClock clock, List<Actor> actors) {
        static Device of(NetvscScenario s, TraceSink trace) {
            VirtualClock clock = new VirtualClock();
            NetvscGuestConfig gc = NetvscGuestConfig.linux(s.requested(), RECV_GPADL, SEND_GPADL, s.faults());
            NetvscHostConfig hc = new NetvscHostConfig(NvspVersion.V61, s.hostCapacity(), s.hostRefuses(),
                    NetvscHostConfig.DEFAULT_RECV_SECTION, NetvscHostConfig.DEFAULT_SEND_SECTION,
                    Map.of(RECV_GPADL, gc.recvBytes(), SEND_GPADL, gc.sendBytes()));
            ChannelRings primary = ChannelRings.create(16 * 1024, false);
            SubchannelOffers offers = new SubchannelOffers();
            NetvscGuest guest = new NetvscGuest(gc, primary, offers, trace, clock, NetvscGuest.DEFAULT_TIMEOUT_NANOS);
            NetvscHost host = new NetvscHost(hc, primary, offers, trace);
            return new Device(guest, host, clock,
                    List.of(guest.primary(), guest.offerHandler(), guest.openWorker(), host));
        }
    }

    /**
     * Steps every context, first come first served, holding the host back only while the guest waits in a state
     * of class {@code silentIn}; when nothing can step, virtual time moves to the guest's deadline. So the host
     * answers every request but that one, which it answers only after the guest's timeout.
     */
    private static Device runSilentIn(Device d, Class<? extends GuestState> silentIn) {
        return runHolding(d, silentIn, d.host());
    }

    /** As {@link #runSilentIn}, holding {@code held} back (the host, or the guest's offer handler). */
    private static Device runHolding(Device d, Class<? extends GuestState> silentIn, Actor heldActor) {
        for (int steps = 0; steps < 10_000; steps++) {
            Actor next = null;
            for (Actor a : d.actors()) {
                boolean held = a == heldActor && silentIn.isInstance(d.guest().state());
                if (!held && a.canStep()) {
                    next = a;
                    break;
                }
            }
            if (next != null) {
                next.step();
            } else if (d.guest().deadline() != Long.MAX_VALUE) {
                d.clock().advanceTo(d.guest().deadline());
            } else {
                return d;
            }
        }
        throw new AssertionError("step budget exhausted");
    }

    private TracedRun<Device> run(String name, Class<? extends GuestState> silentIn) throws Exception {
        NetvscScenario scenario = NetvscScenario.basic(3); // capacity 3: the host grants all three
        return TracedRun.write(dir.resolve(name + ".ndjson"), NetvscRunner.header(scenario),
                w -> runSilentIn(Device.of(scenario, w), silentIn));
    }

    /** The four setup waits, each with the host message that answers it late. */
    enum Wait {
        INIT_COMPLETE(GuestState.NegotiatingVersion.class, "GuestTimesOutWaitingForInitComplete",
                "\"HostAnswersNvsp\"", "NVSP_MSG_TYPE_INIT_COMPLETE"),
        RECV_BUF(GuestState.AwaitReceiveBuffer.class, "GuestTimesOutWaitingForRecvBuf", "\"HostAnswersNvsp\"",
                "NVSP_MSG1_TYPE_SEND_RECV_BUF_COMPLETE"),
        SEND_BUF(GuestState.AwaitSendBuffer.class, "GuestTimesOutWaitingForSendBuf", "\"HostAnswersNvsp\"",
                "NVSP_MSG1_TYPE_SEND_SEND_BUF_COMPLETE"),
        SUBCHANNEL(GuestState.AwaitCompletion.class, "GuestTimesOutWaitingForSubChannelCompletion",
                "\"HostAllocatesSubChannels\"", "Success");

        final Class<? extends GuestState> state;
        final String action;
        final String[] lateAnswer;

        Wait(Class<? extends GuestState> state, String action, String... lateAnswer) {
            this.state = state;
            this.action = action;
            this.lateAnswer = lateAnswer;
        }
    }

    @ParameterizedTest
    @EnumSource(Wait.class)
    void aHostSilentInOneWaitYieldsATracedTimeoutAndTheWholeTraceIsAccepted(Wait wait) throws Exception {
        TracedRun<Device> r = run(wait.name(), wait.state);
        NetvscGuest g = r.result().guest();
        GuestState.Failed failed = assertInstanceOf(GuestState.Failed.class, g.state(), g.errors()::toString);
        assertInstanceOf(NetvscError.Timeout.class, failed.error(), g.errors()::toString);
        int timeout = r.firstSeq("\"" + wait.action + "\"");
        assertTrue(timeout > 0, r.events()::toString);
        // The host answers the timed-out request late, after the timeout.
        int late = r.firstSeq(wait.lateAnswer);
        assertTrue(late > timeout, () -> "late=" + late + " timeout=" + timeout + " " + r.events());
        assertTrue(r.events().stream().noneMatch(e -> e.contains("Quiescent")), r.events()::toString);
        Verdict v = TraceValidator.forRepository().validate(List.of(r.file())).get(0);
        Verdict.Accepted a = assertInstanceOf(Verdict.Accepted.class, v, v::render);
        assertEquals(r.events().size(), a.events());
    }

    /**
     * The same device runs, as {@code run network} traces its setup phase for TraceNetvscDevice (every phase in
     * one module, GuestMayTimeOut TRUE there too): a host silent in each of the four setup waits, and offers that
     * come only after the opens' timeout (the device then goes on to its RNDIS bring-up on none of them). One
     * sub-channel asked for and granted, as a 2-queue network device asks. Each ACCEPTED to its last event.
     */
    @Test
    void theEveryPhaseModuleAcceptsEachSetupTimeoutAndTheLateAnswer() throws Exception {
        dev.enlightened.netvsc.scenario.NetworkScenario network =
                dev.enlightened.netvsc.scenario.NetworkScenario.basic(2, 60, Set.of(), 1);
        dev.enlightened.trace.TraceHeader header =
                dev.enlightened.netvsc.scenario.NetworkRunner.deviceHeader(network, 0, 60, 60);
        assertEquals("TraceNetvscDevice", header.spec());
        assertEquals(1, ((Number) header.constants().get("Requested")).intValue());
        NetvscScenario device = new NetvscScenario(1, 1, false, Set.of(), 1);
        List<TracedRun<Device>> runs = new ArrayList<>();
        for (Wait wait : Wait.values()) {
            runs.add(TracedRun.write(dir.resolve("device-" + wait.name() + ".ndjson"), header,
                    w -> runSilentIn(Device.of(device, w), wait.state)));
        }
        runs.add(TracedRun.write(dir.resolve("device-opens-late.ndjson"), header, w -> {
            Device d = Device.of(device, w);
            return runHolding(d, GuestState.AwaitOpens.class, d.actors().get(1));
        }));
        for (int i = 0; i < runs.size(); i++) {
            String action = i < Wait.values().length ? Wait.values()[i].action
                    : "GuestTimesOutWaitingForSubChannelOpens";
            assertTrue(runs.get(i).firstSeq("\"" + action + "\"") > 0, runs.get(i).events()::toString);
        }
        List<Verdict> verdicts = TraceValidator.forRepository().validate(runs.stream().map(TracedRun::file).toList());
        for (int i = 0; i < runs.size(); i++) {
            Verdict.Accepted a = assertInstanceOf(Verdict.Accepted.class, verdicts.get(i), verdicts.get(i)::render);
            assertEquals(runs.get(i).events().size(), a.events(), verdicts.get(i)::render);
        }
    }

    /**
     * INIT_COMPLETE reached the guest (GuestNegotiatesNvsp received it), then a timeout of that wait: the Java
     * guest cannot take that step (its timeout needs the wait outstanding), so the event is the silent run's,
     * appended by hand to the answered run's prefix.
     */
    @Test
    void aTimeoutAfterTheCompletionReachedTheGuestIsRejected() throws Exception {
        TracedRun<Device> silent = run("silent", GuestState.NegotiatingVersion.class);
        String timeout = silent.events().get(silent.firstSeq("\"GuestTimesOutWaitingForInitComplete\"") - 1);

        // Silent only in a state no run waits in: the host answers in time.
        TracedRun<Device> answered = run("answered", GuestState.Failed.class);
        int received = answered.firstSeq("\"GuestNegotiatesNvsp\"", "\"received\":\"NVSP_MSG_TYPE_INIT_COMPLETE\"");
        assertTrue(received > 0, answered.events()::toString);
        List<String> lines = new ArrayList<>(Files.readAllLines(answered.file()).subList(0, 1 + received));
        int seq = received + 1;
        lines.add(timeout.replaceFirst("\"seq\":\\d+", "\"seq\":" + seq));
        Files.write(answered.file(), lines);
        Verdict v = TraceValidator.forRepository().validate(List.of(answered.file())).get(0);
        Verdict.Rejected rej = assertInstanceOf(Verdict.Rejected.class, v, v::render);
        assertEquals(seq, rej.seq(), v.render());
        assertEquals("GuestTimesOutWaitingForInitComplete", rej.action(), v.render());
    }

    private TracedRun<Device> offersLate(String name) throws Exception {
        NetvscScenario scenario = NetvscScenario.basic(3);
        return TracedRun.write(dir.resolve(name + ".ndjson"), NetvscRunner.header(scenario), w -> {
            Device d = Device.of(scenario, w);
            return runHolding(d, GuestState.AwaitOpens.class, d.actors().get(1));
        });
    }

    /**
     * The host grants three sub-channels, but the guest's offer handler (vmbus_onoffer) runs only after the opens'
     * wait timed out: the guest proceeds with none of them programmed (GuestTimesOutWaitingForSubChannelOpens),
     * then processes and opens the three late. ACCEPTED to the last event.
     */
    @Test
    void subChannelOpensThatComeAfterTheirTimeoutAreAccepted() throws Exception {
        TracedRun<Device> r = offersLate("opens-late");
        NetvscGuest g = r.result().guest();
        assertEquals(new GuestState.Proceeded(1), g.state());
        assertEquals(List.of(1, 2, 3), g.openedSubChannels());
        assertEquals(List.of(), g.subChannelRings(), "late opens are none of the device's queues");
        int timeout = r.firstSeq("\"GuestTimesOutWaitingForSubChannelOpens\"");
        int late = r.firstSeq("\"GuestOpensSubChannel\"");
        assertTrue(timeout > 0 && late > timeout, r.events()::toString);
        Verdict v = TraceValidator.forRepository().validate(List.of(r.file())).get(0);
        Verdict.Accepted a = assertInstanceOf(Verdict.Accepted.class, v, v::render);
        assertEquals(r.events().size(), a.events());
    }

    /**
     * Every granted sub-channel open, then the opens' timeout (its post what the spec's step would give, every
     * field matching the state): the wait was over, so no spec step; REJECTED at the timeout.
     */
    @Test
    void anOpensTimeoutWithEverySubChannelOpenIsRejected() throws Exception {
        TracedRun<Device> late = offersLate("late");
        String post = "\"post\":{\"guestPc\":\"Proceeded\",\"granted\":3,\"openChn\":3,\"pending\":0,\"offers\":0}";
        String timeout = late.events().get(late.firstSeq("\"GuestTimesOutWaitingForSubChannelOpens\"") - 1)
                .replaceFirst("\"post\":\\{[^}]*\\}", java.util.regex.Matcher.quoteReplacement(post));
        assertTrue(timeout.contains(post), timeout);
        TracedRun<Device> answered = run("opened", GuestState.Failed.class);
        int seen = answered.firstSeq("\"GuestSeesSubChannelsOpen\"");
        assertTrue(seen > 0, answered.events()::toString);
        List<String> lines = new ArrayList<>(Files.readAllLines(answered.file()).subList(0, seen)); // header + seen-1
        lines.add(timeout.replaceFirst("\"seq\":\\d+", "\"seq\":" + seen));
        Files.write(answered.file(), lines);
        Verdict v = TraceValidator.forRepository().validate(List.of(answered.file())).get(0);
        Verdict.Rejected rej = assertInstanceOf(Verdict.Rejected.class, v, v::render);
        assertEquals(seen, rej.seq(), v.render());
        assertEquals("GuestTimesOutWaitingForSubChannelOpens", rej.action(), v.render());
    }
}
