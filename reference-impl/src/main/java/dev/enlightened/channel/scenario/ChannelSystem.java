package dev.enlightened.channel.scenario;

import dev.enlightened.channel.ChannelDriver;
import dev.enlightened.clock.Clock;
import dev.enlightened.clock.VirtualClock;
import dev.enlightened.medium.ChannelKey;
import dev.enlightened.channel.ChannelManager;
import dev.enlightened.channel.Fault;
import dev.enlightened.channel.GuestChannel;
import dev.enlightened.channel.GuestConfig;
import dev.enlightened.channel.GuestTimeouts;
import dev.enlightened.medium.Transport;
import dev.enlightened.host.HostConfig;
import dev.enlightened.host.HostDevice;
import dev.enlightened.host.SimulatedHost;
import dev.enlightened.sim.Actor;
import dev.enlightened.sim.ChoiceKind;
import dev.enlightened.sim.Chooser;
import dev.enlightened.sim.RandomChooser;
import dev.enlightened.sim.SilentHost;
import dev.enlightened.sim.StateDigest;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.Guid;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * A guest and a simulated host wired together for one scenario, with the actors that drive them: the guest's bus,
 * dispatch and per-key driver contexts (plus the H5 offer worker when that fault is on), the host's message
 * handler and its spontaneous device events. Spontaneous events (rescind, hot-add, unload) become enabled at
 * seeded random step counts, or as soon as nothing else can happen, so they land at arbitrary protocol points.
 */
public final class ChannelSystem {
    /** Why an explorer's state digest leaves the random-run timing fields out. */
    private static final String TIMING_ZERO =
            "under an explorer TIMING is 0, so the host event is due whenever it is possible, whatever this value";
    private final Scenario scenario;
    private final Chooser chooser;
    private final Transport transport = new Transport();
    /** The run's virtual time: the deterministic scheduler advances it when every context waits. */
    private final VirtualClock virtualTime = new VirtualClock();
    private final SimulatedHost host;
    private final ChannelManager guest;
    private final ChannelDriver driver;
    private final List<StepActor> actors = new ArrayList<>();
    private final List<HostDevice> devices = new ArrayList<>();
    /** The host's message loop when it may fall silent (hostSilences > 0), else null. */
    private SilentHost silentHost;
    @StateDigest.Ignored("compared only with the *At points, which " + TIMING_ZERO)
    private long steps;

    /** An actor whose obligatory steps can be told apart from its plan-triggered ones. */
    abstract static class StepActor implements Actor {
        /** @return true if a step other than a triggered (random-point) one is enabled */
        abstract boolean canStepObligatory();

        @Override
        public boolean finished() {
            return !canStep() && !waiting();
        }

        /** @return true if the actor is blocked on a reply */
        abstract boolean waiting();

        @Override
        public String waitingFor() {
            return waiting() ? describeWait() : "nothing";
        }

        abstract String describeWait();
    }

    /**
     * @param scenario the configuration
     * @param trace    where events go
     */
    public ChannelSystem(Scenario scenario, TraceSink trace) {
        this(scenario, trace, new RandomChooser(scenario.seed()));
    }

    /**
     * @param scenario the configuration
     * @param trace    where events go
     * @param chooser  every decision of the run: schedule, host events and their timing, host failures
     */
    public ChannelSystem(Scenario scenario, TraceSink trace, Chooser chooser) {
        this(scenario, trace, chooser, false, 0);
    }

    /**
     * @param scenario     the configuration
     * @param trace        where events go
     * @param chooser      every decision of the run: schedule, host events and their timing, host failures and
     *                     silences
     * @param hostSilences how many times the host may leave the guest's waits unanswered until the first of them
     *                     times out ({@link SilentHost}; 0: the host always answers)
     */
    public ChannelSystem(Scenario scenario, TraceSink trace, Chooser chooser, int hostSilences) {
        this(scenario, trace, chooser, false, hostSilences);
    }

    /**
     * A system for real threads: the guest's waits run in real time ({@link Clock#system()}).
     *
     * @param scenario the configuration
     * @param trace    where events go
     * @return the system
     */
    public static ChannelSystem forThreads(Scenario scenario, TraceSink trace) {
        return new ChannelSystem(scenario, trace, new RandomChooser(scenario.seed()), true, 0);
    }

    private ChannelSystem(Scenario scenario, TraceSink trace, Chooser chooser, boolean realTime, int hostSilences) {
        this.scenario = scenario;
        this.chooser = chooser;
        for (int d = 1; d <= scenario.bootDevices() + scenario.hotAddDevices(); d++) {
            devices.add(HostDevice.numbered(d));
        }
        HostConfig hc = new HostConfig(devices, scenario.bootDevices(), scenario.subChannels(),
                scenario.hostVersions(), scenario.relids(), scenario.gpadlFailPercent(), scenario.openFailPercent(),
                scenario.has(Fault.H9), scenario.has(Fault.RESTORE_OFFERS), scenario.hostFlavour());
        host = new SimulatedHost(hc, transport, chooser, trace);
        guest = new ChannelManager(new GuestConfig(scenario.guestVersions(), scenario.ringPages(),
                scenario.faults(), GuestTimeouts.DEFAULT, scenario.isolated()), transport, host, trace, realTime ? Clock.system() : virtualTime);
        driver = new ChannelDriver(guest);
        int horizon = 25 * Math.max(1, devices.size());
        actors.add(new BusActor(scenario.unloads(), scenario.reconnects(),
                () -> chooser.choose(ChoiceKind.TIMING, horizon)));
        actors.add(new MessageLoopActor("guest-dispatch", guest::canDispatch, guest::dispatchOne));
        if (scenario.has(Fault.H5)) {
            actors.add(new WorkerActor());
        }
        List<DriverActor> drivers = new ArrayList<>();
        for (HostDevice d : devices) {
            for (int i = 0; i <= scenario.subChannels(); i++) {
                drivers.add(new DriverActor(new ChannelKey(d.instance(), i), drivers));
            }
        }
        actors.addAll(drivers);
        MessageLoopActor hostLoop = new MessageLoopActor("host", host::canHandle, host::handleOne);
        if (hostSilences == 0) {
            actors.add(hostLoop);
        } else {
            silentHost = new SilentHost(hostLoop, this::guestWaits, chooser, hostSilences);
            actors.add(new SilenceableHostActor(silentHost));
        }
        actors.add(new DeviceActor(horizon));
        if (scenario.restores() > 0) {
            actors.add(new RestartActor(scenario.restores(), () -> chooser.choose(ChoiceKind.TIMING, horizon)));
        }
    }

    /** @return the run's decisions */
    public Chooser chooser() {
        return chooser;
    }

    /** @return the actors, for a scheduler */
    public List<? extends Actor> actors() {
        return List.copyOf(actors);
    }

    /** @return the run's virtual time, for the deterministic scheduler (unused by a run on real threads) */
    public VirtualClock virtualTime() {
        return virtualTime;
    }

    /** @return the guest */
    public ChannelManager guest() {
        return guest;
    }

    /** @return the host */
    public SimulatedHost host() {
        return host;
    }

    /** @return the message paths (tests inject hostile bytes here) */
    public Transport transport() {
        return transport;
    }

    /** @return the devices the host knows, boot devices first */
    public List<HostDevice> devices() {
        return List.copyOf(devices);
    }

    /** @return the scenario */
    public Scenario scenario() {
        return scenario;
    }

    /** @return true while the host leaves the guest's waits unanswered (until one of them times out) */
    public boolean hostSilent() {
        return silentHost != null && silentHost.silent();
    }

    /**
     * @return the guest contexts that wait on a host answer with a deadline, each with what it waits for and its
     *         deadline (a new wait, or one ended, gives another value: the deadline alone does not tell the waits
     *         apart, as virtual time stands still while nobody times out), or null when none does
     */
    private Object guestWaits() {
        List<String> w = null;
        for (StepActor a : actors) {
            if (a instanceof SilenceableHostActor) {
                continue;
            }
            long deadline = a.wakeAtNanos();
            if (deadline != Long.MAX_VALUE) {
                w = w == null ? new ArrayList<>() : w;
                w.add(a.name() + ": " + a.describeWait() + " @" + deadline);
            }
        }
        return w;
    }

    /** @return one line per blocked guest or host waiter: who, and what it waits for */
    public List<String> stuckWaiters() {
        List<String> out = new ArrayList<>();
        for (StepActor a : actors) {
            if (a.waiting() && !a.canStep()) {
                out.add(a.name() + ": " + a.describeWait());
            }
        }
        return out;
    }

    private boolean othersIdle(StepActor self) {
        for (StepActor a : actors) {
            if (a != self && a.canStepObligatory()) {
                return false;
            }
        }
        return true;
    }

    private void stepped() {
        steps++;
    }

    // ---------------------------------------------------------------- guest actors

    /**
     * The guest's bus context: negotiation, REQUESTOFFERS, UNLOAD at random points and reconnect, and (standing
     * for the next kernel) a reconnect without UNLOAD at random points: kexec or kdump.
     */
    private final class BusActor extends StepActor {
        private int unloadsLeft;
        private int reconnectsLeft;
        private final IntSupplier nextPoint;
        @StateDigest.Ignored(TIMING_ZERO)
        private long unloadAt;
        @StateDigest.Ignored(TIMING_ZERO)
        private long reconnectAt;

        BusActor(int unloads, int reconnects, IntSupplier nextPoint) {
            this.unloadsLeft = unloads;
            this.reconnectsLeft = reconnects;
            this.nextPoint = nextPoint;
            this.unloadAt = nextPoint.getAsInt();
            // Drawn only when used, so that runs without reconnects keep their seeds' schedules.
            this.reconnectAt = reconnects > 0 ? nextPoint.getAsInt() : 0;
        }

        private boolean reconnectDue() {
            return reconnectsLeft > 0 && guest.canKexec() && (steps >= reconnectAt || othersIdle(this));
        }

        @Override
        public String name() {
            return "guest-bus";
        }

        @Override
        boolean canStepObligatory() {
            return guest.canSendInitiateContact() || guest.canWakeFromVersionResponse()
                    || guest.canFallBackAfterRejectedPost() || guest.canSendRequestOffers() || guest.canTimeOutBus();
        }

        private boolean unloadDue() {
            return unloadsLeft > 0 && guest.canSendUnload() && (steps >= unloadAt || othersIdle(this));
        }

        @Override
        public boolean canStep() {
            return canStepObligatory() || unloadDue() || reconnectDue();
        }

        @Override
        public void step() {
            if (guest.canWakeFromVersionResponse()) {
                guest.wakeFromVersionResponse();
            } else if (guest.canFallBackAfterRejectedPost()) {
                guest.fallBackAfterRejectedPost();
            } else if (guest.canTimeOutBus()) {
                guest.timeOutBus();
            } else if (guest.canSendInitiateContact()) {
                guest.sendInitiateContact();
            } else if (guest.canSendRequestOffers()) {
                guest.sendRequestOffers();
            } else if (unloadDue() && !(reconnectDue() && chooser.choose(ChoiceKind.HOST_EVENT, 2) == 1)) {
                unloadsLeft--;
                unloadAt = steps + nextPoint.getAsInt();
                guest.sendUnload();
            } else {
                reconnectsLeft--;
                reconnectAt = steps + nextPoint.getAsInt();
                guest.kexec();
            }
            stepped();
        }

        @Override
        boolean waiting() {
            return guest.busWaiting();
        }

        @Override
        public long wakeAtNanos() {
            return guest.busDeadline();
        }

        @Override
        String describeWait() {
            return "bus waits for " + (guest.connection().specName().equals("Unloading")
                    ? "UNLOAD_RESPONSE" : "VERSION_RESPONSE");
        }
    }

    /** H5 only: the serialized offer/rescind worker. */
    private final class WorkerActor extends StepActor {
        @Override
        public String name() {
            return "guest-worker";
        }

        @Override
        boolean canStepObligatory() {
            return guest.canWork();
        }

        @Override
        public boolean canStep() {
            return guest.canWork();
        }

        @Override
        public void step() {
            guest.work();
            stepped();
        }

        @Override
        boolean waiting() {
            return guest.workerWaiting();
        }

        @Override
        String describeWait() {
            return "worker blocked in " + guest.workerWaitDescription();
        }
    }

    /** The driver context of one channel key: open/close cycles, sub-channel request, removal. */
    private final class DriverActor extends StepActor {
        private final ChannelKey key;
        private final List<DriverActor> all;
        private int cyclesLeft = scenario.opensPerChannel();

        DriverActor(ChannelKey key, List<DriverActor> all) {
            this.key = key;
            this.all = all;
        }

        @Override
        public String name() {
            return "guest-driver[" + key.device() + "/" + key.subIndex() + "]";
        }

        private Optional<GuestChannel> channel() {
            return guest.liveChannel(key);
        }

        private boolean wantsSubs() {
            return key.isPrimary() && scenario.subChannels() > 0;
        }

        private boolean subsFinished() {
            return all.stream().filter(d -> d.key.device().equals(key.device()) && !d.key.isPrimary())
                    .allMatch(d -> d.cyclesLeft == 0);
        }

        private boolean openWanted(GuestChannel c) {
            // With H5 a primary opens only from its probe on the offer worker.
            boolean viaProbe = scenario.has(Fault.H5) && key.isPrimary();
            return cyclesLeft > 0 && !viaProbe && driver.canStartOpen(c);
        }

        private boolean subsWanted(GuestChannel c) {
            return wantsSubs() && driver.canRequestSubChannels(c);
        }

        private boolean closeWanted(GuestChannel c) {
            return driver.canClose(c) && (!wantsSubs() || subsFinished() && !driver.canRequestSubChannels(c));
        }

        @Override
        boolean canStepObligatory() {
            return channel().map(c -> driver.canProgress(c) || openWanted(c) || subsWanted(c) || closeWanted(c))
                    .orElse(false);
        }

        @Override
        public boolean canStep() {
            return canStepObligatory();
        }

        @Override
        public void step() {
            GuestChannel c = channel().orElseThrow();
            if (driver.canProgress(c)) {
                driver.progress(c);
            } else if (subsWanted(c)) {
                driver.requestSubChannels(c);
            } else if (openWanted(c)) {
                cyclesLeft--;
                driver.startOpen(c);
            } else {
                driver.close(c);
            }
            stepped();
        }

        @Override
        boolean waiting() {
            return channel().map(GuestChannel::waiting).orElse(false);
        }

        @Override
        public long wakeAtNanos() {
            return channel().map(driver::deadline).orElse(Long.MAX_VALUE);
        }

        @Override
        String describeWait() {
            return channel().map(ChannelDriver::waitDescription).orElse("nothing");
        }
    }

    // ---------------------------------------------------------------- host actors

    /**
     * A context that handles one queued message per step and never blocks: the guest's message dispatch (Linux's
     * message tasklet) and the host's handling of guest messages, in posting order.
     */
    private final class MessageLoopActor extends StepActor {
        private final String name;
        private final BooleanSupplier canHandle;
        private final Runnable handleOne;

        MessageLoopActor(String name, BooleanSupplier canHandle, Runnable handleOne) {
            this.name = name;
            this.canHandle = canHandle;
            this.handleOne = handleOne;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        boolean canStepObligatory() {
            return canHandle.getAsBoolean();
        }

        @Override
        public boolean canStep() {
            return canHandle.getAsBoolean();
        }

        @Override
        public void step() {
            handleOne.run();
            stepped();
        }

        @Override
        boolean waiting() {
            return false;
        }

        @Override
        String describeWait() {
            return "nothing";
        }
    }

    /**
     * The host's message loop when it may fall silent: while silent it neither steps nor waits (it owes the guest
     * nothing it can be blocked on), so the scheduler moves time to the guest's first deadline.
     */
    private final class SilenceableHostActor extends StepActor {
        private final SilentHost loop;

        SilenceableHostActor(SilentHost loop) {
            this.loop = loop;
        }

        @Override
        public String name() {
            return loop.name();
        }

        @Override
        boolean canStepObligatory() {
            return loop.canStep();
        }

        @Override
        public boolean canStep() {
            return loop.canStep();
        }

        @Override
        public void step() {
            loop.step();
        }

        @Override
        boolean waiting() {
            return false;
        }

        @Override
        String describeWait() {
            return loop.waitingFor();
        }
    }

    /** The host's spontaneous device events: offers, ALLOFFERS_DELIVERED, completions, rescinds, hot-adds. */
    private final class DeviceActor extends StepActor {
        private final int horizon;
        private int rescindsLeft = scenario.rescinds();
        private int hotAddsLeft = scenario.hotAdds();
        private int duplicatesLeft = scenario.duplicateRescinds();
        @StateDigest.Ignored(TIMING_ZERO)
        private long rescindAt;
        @StateDigest.Ignored(TIMING_ZERO)
        private long hotAddAt;

        DeviceActor(int horizon) {
            this.horizon = horizon;
            this.rescindAt = chooser.choose(ChoiceKind.TIMING, horizon);
            this.hotAddAt = chooser.choose(ChoiceKind.TIMING, horizon);
        }

        @Override
        public String name() {
            return "host-devices";
        }

        private List<ChannelKey> obligatoryOffers() {
            return host.offerableKeys().stream().filter(k -> !k.isPrimary() || host.isBootOffer(k)).toList();
        }

        private List<ChannelKey> hotAddOffers() {
            if (hotAddsLeft == 0 || host.connection() != SimulatedHost.Connection.READY) {
                return List.of();
            }
            return host.offerableKeys().stream().filter(ChannelKey::isPrimary).toList();
        }

        @Override
        boolean canStepObligatory() {
            // A silent host sends nothing, spontaneous events included: else a rescind, due at once under an
            // explorer, would wake the waiter before its timeout and no wait would ever time out.
            return !hostSilent() && (!obligatoryOffers().isEmpty() || host.canSendAllOffersDelivered()
                    || !host.completableSubRequests().isEmpty()
                    || duplicatesLeft > 0 && !host.duplicateRescindable().isEmpty());
        }

        private boolean rescindDue() {
            return rescindsLeft > 0 && !host.rescindableRelids().isEmpty() && (steps >= rescindAt || othersIdle(this));
        }

        private boolean hotAddDue() {
            return !hotAddOffers().isEmpty() && (steps >= hotAddAt || othersIdle(this));
        }

        @Override
        public boolean canStep() {
            return canStepObligatory() || !hostSilent() && (rescindDue() || hotAddDue());
        }

        @Override
        public void step() {
            List<Runnable> choices = new ArrayList<>();
            obligatoryOffers().forEach(k -> choices.add(() -> host.sendOffer(k)));
            if (host.canSendAllOffersDelivered()) {
                choices.add(host::sendAllOffersDelivered);
            }
            host.completableSubRequests().forEach(d -> choices.add(() -> host.completeSubChannelRequest(d)));
            if (duplicatesLeft > 0) {
                host.duplicateRescindable().forEach(r -> choices.add(() -> {
                    duplicatesLeft--;
                    host.sendDuplicateRescind(r);
                }));
            }
            if (rescindDue()) {
                host.rescindableRelids().forEach(r -> choices.add(() -> {
                    rescindsLeft--;
                    rescindAt = steps + chooser.choose(ChoiceKind.TIMING, horizon);
                    host.rescind(r);
                }));
            }
            if (hotAddDue()) {
                hotAddOffers().forEach(k -> choices.add(() -> {
                    hotAddsLeft--;
                    hotAddAt = steps + chooser.choose(ChoiceKind.TIMING, horizon);
                    host.sendOffer(k);
                }));
            }
            choices.get(chooser.choose(ChoiceKind.HOST_EVENT, choices.size())).run();
            stepped();
        }

        @Override
        boolean waiting() {
            return false;
        }

        @Override
        String describeWait() {
            return "nothing";
        }
    }

    /** The VMM's servicing restarts: save, restart, restore, at random points (SimulatedHost.restart). */
    private final class RestartActor extends StepActor {
        private int restartsLeft;
        private final IntSupplier nextPoint;
        @StateDigest.Ignored(TIMING_ZERO)
        private long restartAt;

        RestartActor(int restarts, IntSupplier nextPoint) {
            this.restartsLeft = restarts;
            this.nextPoint = nextPoint;
            this.restartAt = nextPoint.getAsInt();
        }

        @Override
        public String name() {
            return "host-vmm";
        }

        @Override
        boolean canStepObligatory() {
            return false;
        }

        @Override
        public boolean canStep() {
            return restartsLeft > 0 && (steps >= restartAt || othersIdle(this));
        }

        @Override
        public void step() {
            restartsLeft--;
            restartAt = steps + nextPoint.getAsInt();
            host.restart();
            stepped();
        }

        @Override
        boolean waiting() {
            return false;
        }

        @Override
        String describeWait() {
            return "nothing";
        }
    }

    /** @return the device instance GUIDs in device-number order (the trace header's device list) */
    List<String> deviceGuids() {
        return devices.stream().map(HostDevice::instance).map(Guid::toString).toList();
    }
}
