package dev.enlightened.netvsc.scenario;

import dev.enlightened.netvsc.DataPathConfig;
import dev.enlightened.netvsc.DataPathTrace;
import dev.enlightened.netvsc.GuestDataPath;
import dev.enlightened.netvsc.GuestPages;
import dev.enlightened.netvsc.HostDataPath;
import dev.enlightened.netvsc.NetvscFault;
import dev.enlightened.netvsc.NetvscGuest;
import dev.enlightened.netvsc.NetvscGuestConfig;
import dev.enlightened.netvsc.NetvscHost;
import dev.enlightened.netvsc.NetvscHostConfig;
import dev.enlightened.netvsc.SubchannelOffers;
import dev.enlightened.netvsc.VirtualSwitch;
import dev.enlightened.clock.VirtualClock;
import dev.enlightened.ring.ChannelRings;
import dev.enlightened.sim.Actor;
import dev.enlightened.sim.Chooser;
import dev.enlightened.sim.DeterministicScheduler;
import dev.enlightened.sim.RunOutcome;
import dev.enlightened.trace.TraceHeader;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.nvsp.NvspVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs a {@link NetworkScenario}: per guest the netvsc driver (NVSP setup, then the data path) and its simulated
 * VSP, all VSPs on one {@link VirtualSwitch}, every actor under one {@link DeterministicScheduler}. Three phases,
 * each run to quiescence: bring-up (NVSP, buffers, sub-channels, RNDIS INITIALIZE/QUERY/SET), traffic (ARP and
 * ICMP echo) and close (RNDIS HALT). One guest's device writes one trace: {@link #runAllPhases} traces every
 * phase for TraceNetvscDevice, ending with each party's Quiescent claim after the close; {@link #run} traces the
 * traffic only, for TraceNetvscDataPath (what explore network searches), with the claims after the traffic.
 */
public final class NetworkRunner {
    /** The trace module of the data path. */
    public static final String TRACE_SPEC = "TraceNetvscDataPath";
    /** The trace module of every phase: NVSP, sub-channels, RNDIS, data path, HALT. */
    public static final String DEVICE_TRACE_SPEC = "TraceNetvscDevice";
    /** Step budget per phase. */
    public static final long MAX_STEPS = 5_000_000;
    /** Ring bytes of the packets the guest writes in the traced phase: RX completion, inband send, GPA direct. */
    public static final List<Integer> PACKET_BYTES = List.of(32, 64, 88, 104);
    static final int RECV_SECTION = NetvscHostConfig.DEFAULT_RECV_SECTION;
    static final int RECV_GPADL = 0x1001;
    static final int SEND_GPADL = 0x1002;
    static final int MTU = 1500;
    /** Footprint locations (docs/exploring.md, network footprints): device g's whole state is one location. */
    private static final long DEVICE_LOCATIONS = 1L << 40;
    /** A VSP's receive queues (+ 2g) and what a delivery reads (+ 2g + 1). */
    private static final long DELIVERY_LOCATIONS = 3L << 40;
    /** The switch's learned table and counters. */
    private static final long SWITCH_LOCATION = 1L << 41;
    /** The frame ledger: one location per owed key. */
    private static final long LEDGER_LOCATIONS = 1L << 42;

    private NetworkRunner() {
    }

    /** One guest's NIC and its VSP half. */
    private record Device(NetvscGuest guest, NetvscHost host, GuestDataPath nic, HostDataPath vsp,
                          DataPathTrace trace, PingApp app, List<Actor> actors) {
    }

    /** @return guest {@code g}'s MAC: 00:15:5d (Hyper-V's OUI) then 00:00:g+1 */
    static byte[] mac(int g) {
        return new byte[] {0x00, 0x15, 0x5d, 0x00, 0x00, (byte) (g + 1)};
    }

    /** @return the trace header of guest {@code g}'s device, with the exact frame counts a first run measured */
    public static TraceHeader header(NetworkScenario s, int g, long maxTx, long maxRx) {
        DataPathConfig c = config(s);
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("NumQueues", s.grantedQueues());
        k.put("SendSections", s.sendSections());
        k.put("SendSectionSize", s.sendSectionSize());
        k.put("RecvSections", s.recvSections());
        k.put("RingBytes", s.ringBytes());
        k.put("LowWater", c.lowWater());
        k.put("HighWater", c.highWater());
        k.put("PacketBytes", PACKET_BYTES);
        k.put("RecvCompSlots", c.recvCompSlots());
        k.put("MaxRanges", s.maxRanges());
        k.put("MaxTx", Math.toIntExact(maxTx)); // ints, as a trace file's header reads back
        k.put("MaxRx", Math.toIntExact(maxRx));
        String faults = s.faults().isEmpty() ? "none" : s.faults().stream().map(NetvscFault::cliName).sorted()
                .collect(Collectors.joining(","));
        return new TraceHeader(TRACE_SPEC, k, s.seed(), "enlightened run network (deterministic, guest " + g + " of "
                + s.guests() + ", queues=" + s.grantedQueues() + " of " + s.queues() + " asked, faults=" + faults
                + ")");
    }

    /**
     * @return the trace header of guest {@code g}'s device traced through every phase ({@link #runAllPhases}):
     *     the data path's constants and the sub-channels the guest asks for
     */
    public static TraceHeader deviceHeader(NetworkScenario s, int g, long maxTx, long maxRx) {
        TraceHeader h = header(s, g, maxTx, maxRx);
        Map<String, Object> k = new LinkedHashMap<>(h.constants());
        k.put("Requested", requested(s));
        return new TraceHeader(DEVICE_TRACE_SPEC, k, s.seed(), h.producer().replace("(deterministic,",
                "(deterministic, every phase,"));
    }

    /** rndis_set_subchannel asks for num_chn - 1 (see {@link #device}). */
    private static int requested(NetworkScenario s) {
        return Math.max(1, s.queues() - 1);
    }

    static DataPathConfig config(NetworkScenario s) {
        return DataPathConfig.linux(s.ringBytes(), s.maxRanges(), s.recvSections(), s.faults());
    }

    /**
     * The untraced run of the correct drivers on {@code s}'s scenario (its faults dropped), seeded by its seed: the
     * frame counts a trace header claims when a replayed or explored schedule is judged, so that a faulty schedule
     * that stalls is rejected by its Quiescent claim instead of accepted with its own, smaller counts.
     */
    public static NetworkResult correctRun(NetworkScenario s, boolean isolated) {
        NetworkScenario correct = new NetworkScenario(s.guests(), s.frames(), s.window(), s.ringBytes(),
                s.sendSectionSize(), s.sendSections(), s.recvSections(), s.maxRanges(), s.queues(), s.hostQueues(),
                java.util.Set.of(), s.seed(), s.rndisLate());
        return run(correct, java.util.Collections.nCopies(s.guests(), TraceSink.OFF),
                new dev.enlightened.sim.RandomChooser(s.seed()), isolated);
    }

    /**
     * Runs the scenario.
     *
     * @param sinks   one trace sink per guest ({@link TraceSink#OFF} for untraced runs)
     * @param chooser every scheduling decision and the host's completion order
     */
    public static NetworkResult run(NetworkScenario s, List<TraceSink> sinks, Chooser chooser) {
        return run(s, sinks, chooser, chooser, false);
    }

    /**
     * Runs the scenario.
     *
     * @param sinks    one trace sink per guest ({@link TraceSink#OFF} for untraced runs)
     * @param chooser  every scheduling decision and the host's completion order
     * @param isolated isolated (confidential) guests: each reads its channels through the copying reader (Linux
     *                 {@code hv_pkt_iter_first} in a CoCo VM); the trace is the same, as no traced step depends on it
     */
    public static NetworkResult run(NetworkScenario s, List<TraceSink> sinks, Chooser chooser, boolean isolated) {
        return run(s, sinks, chooser, chooser, isolated);
    }

    /** Runs the scenario with guests reading in place, the traced phase's decisions taken by {@code traffic}. */
    public static NetworkResult run(NetworkScenario s, List<TraceSink> sinks, Chooser setup, Chooser traffic) {
        return run(s, sinks, setup, traffic, false);
    }

    /**
     * Runs the scenario with the traced phase's decisions taken by a chooser of its own (an explorer searches the
     * traffic; the untraced bring-up and close go as {@code setup} picks them, the same for every schedule).
     *
     * @param setup    the decisions of the bring-up and close phases
     * @param traffic  the decisions of the traced phase (scheduling and the hosts' completion order)
     * @param isolated isolated guests (see {@link #run(NetworkScenario, List, Chooser, boolean)})
     */
    public static NetworkResult run(NetworkScenario s, List<TraceSink> sinks, Chooser setup, Chooser traffic,
                                    boolean isolated) {
        return run(s, sinks, setup, traffic, isolated, false);
    }

    /**
     * Runs the scenario tracing every phase for TraceNetvscDevice (headers by {@link #deviceHeader}): NVSP init,
     * buffers and sub-channels, the RNDIS bring-up, the traffic and HALT, then each party's Quiescent claim.
     *
     * @param setup    the decisions of the bring-up and close phases
     * @param traffic  the decisions of the traffic phase
     * @param isolated isolated guests (see {@link #run(NetworkScenario, List, Chooser, boolean)})
     */
    public static NetworkResult runAllPhases(NetworkScenario s, List<TraceSink> sinks, Chooser setup, Chooser traffic,
                                             boolean isolated) {
        return run(s, sinks, setup, traffic, isolated, true);
    }

    private static NetworkResult run(NetworkScenario s, List<TraceSink> sinks, Chooser setup, Chooser traffic,
                                     boolean isolated, boolean allPhases) {
        PhaseChooser chooser = new PhaseChooser(setup);
        if (sinks.size() != s.guests()) {
            throw new IllegalArgumentException("one sink per guest: sinks=" + sinks.size() + " guests=" + s.guests());
        }
        VirtualSwitch vswitch = new VirtualSwitch();
        VirtualClock clock = new VirtualClock();
        FrameLedger ledger = new FrameLedger();
        byte[][] macs = new byte[s.guests()][];
        int[] ips = new int[s.guests()];
        for (int g = 0; g < s.guests(); g++) {
            macs[g] = mac(g);
            ips[g] = 0x0A000001 + g; // 10.0.0.g+1
        }
        List<Device> devices = new ArrayList<>();
        List<Actor> all = new ArrayList<>();
        // An explorer's sleep sets need each step's footprint: which device's state it touched (a step of guest g's
        // actors touches guest g's device; one that sends a frame through the switch also the receiving device's)
        // and which owed frames of the ledger.
        dev.enlightened.sim.Footprint footprint = traffic instanceof dev.enlightened.sim.Footprint.Aware
                ? new dev.enlightened.sim.Footprint() : null;
        if (footprint != null) {
            vswitch.recordInto(footprint, SWITCH_LOCATION);
            ledger.recordInto(footprint, LEDGER_LOCATIONS);
        }
        for (int g = 0; g < s.guests(); g++) {
            Device d = device(s, g, sinks.get(g), chooser, vswitch, macs, ips, ledger, isolated, clock, allPhases);
            if (footprint != null) {
                d.vsp().recordInto(footprint, DELIVERY_LOCATIONS + 2L * g, DELIVERY_LOCATIONS + 2L * g + 1);
            }
            devices.add(d);
            if (allPhases) {
                d.trace().start();
            }
            for (Actor a : d.actors()) {
                all.add(new OfGuest(a, "g" + g + "." + a.name(), footprint, DEVICE_LOCATIONS + g));
            }
        }
        // Virtual time: the RNDIS bring-up's waits (untraced, before the trace starts) time out on it only when
        // every context waits; traffic waits for nothing with a deadline.
        DeterministicScheduler scheduler = new DeterministicScheduler(chooser, all, clock, blocked -> { });
        List<String> problems = new ArrayList<>();
        long steps = scheduler.run(MAX_STEPS).steps();
        for (int g = 0; g < devices.size(); g++) {
            Device d = devices.get(g);
            if (!d.nic().up() || !d.vsp().idle() || d.vsp().recvFree() != s.recvSections()) {
                problems.add("guest " + g + ": bring-up did not settle: rndis=" + d.nic().rndis().phase());
            } else if (d.nic().queueCount() != s.grantedQueues()) {
                problems.add("guest " + g + ": runs on " + d.nic().queueCount() + " queues, granted "
                        + s.grantedQueues());
            }
        }
        if (!problems.isEmpty()) {
            if (allPhases) {
                devices.forEach(NetworkRunner::claimQuiescence);
            }
            return result(s, devices, ledger, vswitch, steps, problems);
        }
        if (traffic instanceof dev.enlightened.sim.StateDigest.Aware aware) {
            // Between steps the run's state is every device (driver, VSP, rings, buffers, app) and the switch.
            aware.digestFrom(() -> dev.enlightened.sim.StateDigest.of(devices, vswitch, ledger));
        }
        if (traffic instanceof dev.enlightened.sim.Footprint.Aware aware) {
            aware.footprintFrom(footprint); // the bring-up's accesses are taken before the first traffic step
        }
        chooser.now = traffic;
        if (!allPhases) {
            devices.forEach(d -> d.trace().start());
        }
        devices.forEach(d -> d.app().start());
        RunOutcome outcome = scheduler.run(MAX_STEPS);
        chooser.now = setup;
        steps += outcome.steps();
        if (outcome.budgetExhausted()) {
            problems.add("step budget exhausted: steps=" + outcome.steps());
        }
        if (!allPhases) {
            devices.forEach(NetworkRunner::claimQuiescence);
        }
        NetworkResult counted = result(s, devices, ledger, vswitch, steps, problems);
        devices.forEach(d -> d.nic().close());
        steps += scheduler.run(MAX_STEPS).steps();
        if (allPhases) {
            devices.forEach(NetworkRunner::claimQuiescence);
        }
        for (int g = 0; g < devices.size(); g++) {
            if (!devices.get(g).nic().closed() && counted.waiting().get(g).equals("nothing")) {
                problems.add("guest " + g + ": HALT did not complete");
            }
        }
        return result(s, devices, ledger, vswitch, steps, problems);
    }

    /** Each party's Quiescent claim, then the trace stops. */
    private static void claimQuiescence(Device d) {
        d.trace().quiescent(DataPathTrace.GUEST, d.nic().waitingFor());
        d.trace().quiescent(DataPathTrace.HOST, d.vsp().idle() ? "nothing" : "guestPacket");
        d.trace().stop();
    }

    private static Device device(NetworkScenario s, int g, TraceSink sink, Chooser chooser, VirtualSwitch vswitch,
                                 byte[][] macs, int[] ips, FrameLedger ledger, boolean isolated,
                                 VirtualClock clock, boolean allPhases) {
        int recvBytes = s.recvSections() * RECV_SECTION;
        int sendBytes = s.sendSections() * s.sendSectionSize();
        // rndis_set_subchannel asks for num_chn - 1; with one queue Linux does not ask, here it asks for one and
        // the host (capacity 0) grants none, so the device stays on its primary channel either way.
        int requested = requested(s);
        int capacity = s.queues() == 1 ? 0 : s.hostQueues() - 1;
        NetvscGuestConfig gc = new NetvscGuestConfig(requested, RECV_GPADL, recvBytes, SEND_GPADL, sendBytes,
                NvspVersion.newestFirst(), java.util.Set.of());
        NetvscHostConfig hc = new NetvscHostConfig(NvspVersion.V61, capacity, false, RECV_SECTION,
                s.sendSectionSize(), Map.of(RECV_GPADL, recvBytes, SEND_GPADL, sendBytes));
        ChannelRings rings = ChannelRings.create(s.ringBytes(), isolated);
        SubchannelOffers offers = new SubchannelOffers();
        DataPathTrace trace = new DataPathTrace(sink);
        TraceSink setupSink = allPhases ? trace.setupSink() : TraceSink.OFF; // NVSP and sub-channel events
        NetvscGuest guest = new NetvscGuest(gc, rings, offers, setupSink, clock,
                NetvscGuest.DEFAULT_TIMEOUT_NANOS).subchannelRingBytes(s.ringBytes());
        NetvscHost host = new NetvscHost(hc, rings, offers, setupSink);
        byte[] sendBuffer = new byte[sendBytes];
        byte[] recvBuffer = new byte[recvBytes];
        GuestPages pages = new GuestPages(2 * (s.ringBytes() / 64) + 16, 0x100000L * (g + 1));
        DataPathConfig c = config(s);
        GuestDataPath nic = new GuestDataPath(c, guest, rings, sendBuffer, recvBuffer, pages, trace, clock);
        HostDataPath vsp = new HostDataPath(c, rings, sendBuffer, s.sendSectionSize(), recvBuffer, RECV_SECTION,
                pages, macs[g], MTU, trace, chooser);
        host.attachDataPath(vsp);
        if (s.rndisLate() > 0) { // a nanosecond past the guest's timeout: its wait ends first
            vsp.answerLate(s.rndisLate(), dev.enlightened.netvsc.GuestRndis.TIMEOUT_NANOS + 1, clock);
        }
        vsp.attachSubChannels(guest::subChannelRings); // the channel layer: what the guest opened
        vswitch.attach(vsp, macs[g]);
        PingApp app = new PingApp(g, macs, ips, s.requestsPerGuest(), s.window(), s.seed(), ledger, nic);
        List<Actor> actors = new ArrayList<>(List.of(guest.primary(), guest.offerHandler(), guest.openWorker(),
                new Batched(host, c.pollBudget()), vsp.subchannelReader(), vsp.completer(), vsp.receiver()));
        for (int q = 0; q < s.queues(); q++) { // a queue the host did not grant never steps
            actors.add(nic.xmit(q));
            actors.add(nic.napi(q));
        }
        return new Device(guest, host, nic, vsp, trace, app, actors);
    }

    /** The chooser of the phase that runs now: every decision of the run goes through it. */
    private static final class PhaseChooser implements Chooser {
        Chooser now;

        PhaseChooser(Chooser first) {
            this.now = first;
        }

        @Override
        public int choose(dev.enlightened.sim.ChoiceKind kind, int options) {
            return now.choose(kind, options);
        }

        @Override
        public int chooseActor(List<? extends Actor> ready) {
            return now.chooseActor(ready);
        }

        @Override
        public int chooseMover(dev.enlightened.sim.ChoiceKind kind, List<String> movers) {
            return now.chooseMover(kind, movers);
        }

        @Override
        public boolean chance(dev.enlightened.sim.ChoiceKind kind, int percent) {
            return now.chance(kind, percent);
        }
    }

    /**
     * One guest's actor as the scheduler sees it: named after its guest (every guest's contexts have the same names,
     * and an explorer tells actors apart by name: which one continues, which one sleeps, PCT's priorities), and, under
     * an explorer, recording that its step reads and writes its guest's device ({@code location}: the driver, the VSP,
     * the rings, the buffers, the pages, the application and the device's trace, which only that guest's actors
     * reach). The two exceptions record themselves: what another guest's frame touches through the switch (the VSP's
     * receive queues and what steers them, {@link HostDataPath#recordInto}) and the shared frame ledger.
     */
    private record OfGuest(Actor inner, String name, dev.enlightened.sim.Footprint footprint, long location)
            implements Actor {
        @Override
        public boolean canStep() {
            return inner.canStep();
        }

        @Override
        public void step() {
            if (footprint != null) {
                footprint.read(location);
                footprint.write(location);
            }
            inner.step();
        }

        @Override
        public boolean finished() {
            return inner.finished();
        }

        @Override
        public String waitingFor() {
            return inner.waitingFor();
        }

        @Override
        public long wakeAtNanos() {
            return inner.wakeAtNanos();
        }
    }

    /**
     * The VSP's ring reader as openvmm runs it: each wake-up drains what the guest wrote, up to a budget, instead
     * of one packet per scheduling decision (NetvscHost reads one packet per step).
     */
    private record Batched(Actor inner, int budget) implements Actor {
        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public boolean canStep() {
            return inner.canStep();
        }

        @Override
        public void step() {
            for (int i = 0; i < budget && inner.canStep(); i++) {
                inner.step();
            }
        }

        @Override
        public boolean finished() {
            return inner.finished();
        }

        @Override
        public String waitingFor() {
            return inner.waitingFor();
        }
    }

    private static NetworkResult result(NetworkScenario s, List<Device> devices, FrameLedger ledger,
                                        VirtualSwitch vswitch, long steps, List<String> problems) {
        List<String> all = new ArrayList<>(problems);
        List<Long> tx = new ArrayList<>();
        List<Long> rx = new ArrayList<>();
        List<Map<String, Long>> events = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        List<Integer> queues = new ArrayList<>();
        List<Integer> used = new ArrayList<>();
        List<List<Long>> perQueue = new ArrayList<>();
        long verified = 0;
        for (int g = 0; g < devices.size(); g++) {
            Device d = devices.get(g);
            Map<String, Long> c = d.trace().counts();
            events.add(c);
            tx.add(c.getOrDefault("GuestSendsFrame", 0L));
            rx.add(d.vsp().framesDelivered()); // data frames flow only in the traced phase
            waiting.add(d.nic().waitingFor());
            queues.add(d.nic().queueCount());
            used.add(d.trace().queuesUsed().cardinality());
            perQueue.add(java.util.Arrays.stream(d.nic().framesReceivedPerQueue()).boxed().toList());
            if (d.nic().queueCount() > 1 && d.nic().up() && d.nic().rndis().rss() == null) {
                all.add("guest " + g + ": runs on " + d.nic().queueCount() + " queues without RSS");
            }
            verified += d.app().verified();
            final int gg = g;
            d.nic().errors().recent().forEach(e -> all.add("guest " + gg + " refused: " + e.describe()));
            d.vsp().errors().recent().forEach(e -> all.add("host " + gg + " refused: " + e.describe()));
            if (d.app().firstRejection() != null) {
                all.add(d.app().firstRejection() + " (" + d.app().rejected() + " rejected)");
            }
            if (d.vsp().dropped() > 0) {
                all.add("host " + g + " dropped " + d.vsp().dropped() + " frames");
            }
        }
        return new NetworkResult(steps, ledger.sentCount(), ledger.receivedCount(), verified, ledger.outstanding(),
                tx, rx, events, waiting, all, vswitch.counts(), queues, used, perQueue);
    }
}
