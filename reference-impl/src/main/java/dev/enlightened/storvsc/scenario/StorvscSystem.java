package dev.enlightened.storvsc.scenario;

import dev.enlightened.sim.Chooser;
import dev.enlightened.sim.RandomChooser;
import dev.enlightened.ring.ChannelRings;
import dev.enlightened.signal.InProcessDoorbell;
import dev.enlightened.sim.Actor;
import dev.enlightened.sim.SilentHost;
import dev.enlightened.storvsc.GuestMemory;
import dev.enlightened.storvsc.GuestPc;
import dev.enlightened.storvsc.StorvscDisk;
import dev.enlightened.storvsc.StorvscGuest;
import dev.enlightened.storvsc.StorvscHost;
import dev.enlightened.storvsc.StorvscHostIo;
import dev.enlightened.storvsc.StorvscIo;
import dev.enlightened.clock.VirtualClock;
import dev.enlightened.trace.StallGate;
import dev.enlightened.trace.TraceSink;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One storvsc device's guest and host over a fresh channel, as four actors: the guest's probe context (requests
 * and completions), its offer handler (vmbus_onoffer, fed by the abstract offer queue), its workqueue (queued
 * sub-channel opens), and the host. Each step is one spec action.
 */
public final class StorvscSystem {
    private final StorvscScenario scenario;
    private final ChannelRings channel;
    /**
     * Where a real-thread guest and host sleep between I/Os: every channel of the device signals the same line per
     * side (one SINT per side), so one thread can serve all of them ({@link #guestWakeLine()}).
     */
    private final InProcessDoorbell.WakeLine guestLine = new InProcessDoorbell.WakeLine();
    private final InProcessDoorbell.WakeLine hostLine = new InProcessDoorbell.WakeLine();
    /** Guest RAM for GPA_DIRECT buffers: 1 MiB at PFN 0x10000, mapped by the host. */
    private final GuestMemory memory = new GuestMemory(256, 0x10000);
    private final Deque<Integer> offers = new ArrayDeque<>();
    private final StorvscGuest guest;
    private final StorvscHost host;
    private final List<Actor> actors;
    private final Chooser chooser;
    /** Virtual time: the scheduler moves it to the guest's deadline only when every context waits. */
    private final VirtualClock clock = new VirtualClock();
    /**
     * The trace until a stall that no traced timeout ends (an I/O request's; a handshake wait's timeout is traced,
     * StorvscRunner).
     */
    private final StallGate gate;

    /**
     * @param scenario the run's configuration
     * @param trace    where steps are logged
     */
    public StorvscSystem(StorvscScenario scenario, TraceSink trace) {
        this(scenario, trace, new RandomChooser(scenario.seed()));
    }

    /**
     * @param scenario the run's configuration
     * @param trace    where steps are logged
     * @param chooser  every decision of the run: the schedule and the host's refusals
     */
    public StorvscSystem(StorvscScenario scenario, TraceSink trace, Chooser chooser) {
        this(scenario, trace, chooser, StorvscDisk.defaultDisk(), StorvscIo.IO_RING_BYTES);
    }

    /**
     * @param scenario  the run's configuration
     * @param trace     where steps are logged
     * @param chooser   every decision of the run: the schedule, the host's refusals and silences
     * @param disk      the host's LUN 0 (an image file's, or in memory)
     * @param ringBytes data area of each ring of the primary channel (a positive multiple of 8)
     */
    public StorvscSystem(StorvscScenario scenario, TraceSink trace, Chooser chooser, StorvscDisk disk,
            int ringBytes) {
        this(scenario, trace, chooser, disk, ringBytes, false);
    }

    /**
     * @param scenario  the run's configuration
     * @param trace     where steps are logged
     * @param chooser   every decision of the run: the schedule, the host's refusals and silences
     * @param disk      the host's LUN 0 (an image file's, or in memory)
     * @param ringBytes data area of each ring of the primary channel (a positive multiple of 8)
     * @param isolated  an isolated (confidential) guest: it reads every channel it opens through the copying
     *                  reader (Linux {@code hv_pkt_iter_first} in a CoCo VM)
     */
    public StorvscSystem(StorvscScenario scenario, TraceSink trace, Chooser chooser, StorvscDisk disk,
            int ringBytes, boolean isolated) {
        this.scenario = scenario;
        this.channel = ChannelRings.create(ringBytes, isolated, guestLine, hostLine);
        this.chooser = chooser;
        this.gate = new StallGate(trace);
        this.guest = new StorvscGuest(scenario.guestConfig(), channel, gate, clock);
        guest.chooseOpenOrderWith(chooser); // queued opens in any order, as hv_sub_chan runs them
        this.host = new StorvscHost(scenario.hostConfig(), channel, offers, gate, chooser, disk);
        host.attachGuestMemory(memory);
        // The host may leave a request unanswered until the guest's wait times out (the scenario's hostSilences).
        this.actors = List.of(new Probe(), new OfferHandler(), new Workqueue(),
                new SilentHost(new Host(), guest::awaitedRequest, chooser, scenario.hostSilences()));
    }

    /** @return the configuration */
    public StorvscScenario scenario() {
        return scenario;
    }

    /** @return the run's decisions */
    public Chooser chooser() {
        return chooser;
    }

    /** @return the run's virtual time (the guest's handshake waits are measured against it) */
    public VirtualClock clock() {
        return clock;
    }

    /** @return the trace gate: shut once the run stalled on a host that stopped answering */
    public StallGate gate() {
        return gate;
    }

    /** @return the actors, for a scheduler */
    public List<Actor> actors() {
        return actors;
    }

    /** @return the guest */
    public StorvscGuest guest() {
        return guest;
    }

    /** @return the primary channel (the I/O path runs on it after the handshake) */
    public ChannelRings channel() {
        return channel;
    }

    /** @return the guest's memory (GPA_DIRECT buffers) */
    public GuestMemory memory() {
        return memory;
    }

    /** @return the host */
    public StorvscHost host() {
        return host;
    }

    /**
     * @return where the guest's thread sleeps: rung by the host's signal on any channel of this device (new
     *     completions, or outbound space freed for a blocked write)
     */
    public InProcessDoorbell.WakeLine guestWakeLine() {
        return guestLine;
    }

    /** @return where the host's thread sleeps: rung by the guest's signal on any channel of this device */
    public InProcessDoorbell.WakeLine hostWakeLine() {
        return hostLine;
    }

    /**
     * One channel of the I/O phase.
     *
     * @param index 0 for the primary, else the sub_channel_index
     * @param rings its rings
     * @param host  the host's I/O side of it
     */
    public record IoChannel(int index, ChannelRings rings, StorvscHostIo host) {
    }

    /**
     * The channels I/O can use once the handshake is done: the primary and every sub-channel the guest opened
     * (each with fresh rings of {@code ringBytes}: the handshake's vmbus_open is abstract, so its rings are made
     * here). Call once.
     *
     * @param ringBytes data area of each sub-channel ring
     * @return primary first, then sub-channels by index
     */
    public List<IoChannel> openIoChannels(int ringBytes) {
        List<IoChannel> l = new ArrayList<>();
        l.add(new IoChannel(0, channel, host.primaryIo()));
        for (int index : new java.util.TreeSet<>(guest.opens().keySet())) { // Map.copyOf has no order
            // Read as the primary is (isolated or not), and signalling the same lines.
            ChannelRings rings = ChannelRings.create(ringBytes, channel.isolated(), guestLine, hostLine);
            l.add(new IoChannel(index, rings, host.subChannelIo(index, rings)));
        }
        return l;
    }

    /** @return one line per actor neither finished nor able to step: who, and what it waits for */
    public List<String> stuck() {
        List<String> s = new ArrayList<>();
        for (Actor a : actors) {
            if (!a.finished() && !a.canStep()) {
                s.add(a.name() + " waits for " + a.waitingFor());
            }
        }
        return s;
    }

    private boolean hostFinished() {
        return guest.pc().done() && !channel.hostHasInput();
    }

    private boolean offersFinished() {
        return hostFinished() && offers.isEmpty();
    }

    /** storvsc_probe -> storvsc_connect_to_vsp -> storvsc_channel_init. */
    private final class Probe implements Actor {
        @Override
        public String name() {
            return "guest-probe";
        }

        @Override
        public boolean canStep() {
            return guest.canStep();
        }

        @Override
        public void step() {
            if (guest.pc() == GuestPc.START) {
                guest.sendBeginInitialization();
            } else if (guest.timedOut()) {
                guest.timeOut();
            } else {
                guest.receiveCompletion();
            }
        }

        @Override
        public long wakeAtNanos() {
            return guest.deadline();
        }

        @Override
        public boolean finished() {
            return guest.pc().done();
        }

        @Override
        public String waitingFor() {
            return "completion in " + guest.pc().specName();
        }
    }

    /** vmbus_onoffer -> vmbus_process_offer for the device's sub-channels. */
    private final class OfferHandler implements Actor {
        @Override
        public String name() {
            return "guest-offers";
        }

        @Override
        public boolean canStep() {
            return !offers.isEmpty();
        }

        @Override
        public void step() {
            guest.processOffer(offers.pollFirst());
        }

        @Override
        public boolean finished() {
            return offersFinished();
        }

        @Override
        public String waitingFor() {
            return "sub-channel offer";
        }
    }

    /** The hv_sub_chan workqueue (and the probe path's opens under H10). */
    private final class Workqueue implements Actor {
        @Override
        public String name() {
            return "guest-workqueue";
        }

        @Override
        public boolean canStep() {
            return guest.hasPendingOpen();
        }

        @Override
        public void step() {
            guest.openSubChannel();
        }

        @Override
        public boolean finished() {
            return offersFinished() && !guest.hasPendingOpen();
        }

        @Override
        public String waitingFor() {
            return "queued open";
        }
    }

    /** The simulated storvsp. */
    private final class Host implements Actor {
        @Override
        public String name() {
            return "host";
        }

        @Override
        public boolean canStep() {
            return host.canStep();
        }

        @Override
        public void step() {
            host.receiveRequest();
        }

        @Override
        public boolean finished() {
            return hostFinished();
        }

        @Override
        public String waitingFor() {
            return "request";
        }
    }
}
