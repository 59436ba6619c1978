package dev.enlightened.channel.scenario;

import dev.enlightened.channel.Fault;
import dev.enlightened.clock.WaitTimeout;
import dev.enlightened.medium.Transport;
import dev.enlightened.sim.Actor;
import dev.enlightened.sim.Chooser;
import dev.enlightened.sim.DeterministicScheduler;
import dev.enlightened.sim.RunOutcome;
import dev.enlightened.trace.StallGate;
import dev.enlightened.trace.TraceHeader;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.GpadlBody;
import dev.enlightened.wire.GpadlHeader;
import dev.enlightened.wire.ProtocolVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a {@link Scenario}: under the seeded deterministic scheduler (reproducible from the seed) or on real
 * threads, one per actor, each step taken under one lock so that it is atomic and its trace event is ordered
 * (DESIGN.md: a global sequence taken inside the step). Blocking waits are real waits on the lock's condition.
 * Either way the run ends when no context can step; contexts still blocked then are a deadlock, which the trace
 * ends with as a quiescence event naming them.
 */
public final class ScenarioRunner {
    /** Name of the trace module that validates channel traces. */
    public static final String TRACE_SPEC = "TraceVMBusChannels";
    /** Step budget of a run. */
    public static final long MAX_STEPS = 200_000;

    private ScenarioRunner() {
    }

    /**
     * @param scenario the run's configuration
     * @param threads  true for real threads, false for the deterministic scheduler
     * @return the header to write before the run's events: spec module, constants, seed (-1 with threads)
     */
    public static TraceHeader header(Scenario scenario, boolean threads) {
        ChannelSystem probe = new ChannelSystem(scenario, TraceSink.OFF);
        // The spec's constants are the run's bounds, no larger: every state the spec has beyond what the Java run
        // can do is a state explore's spec coverage counts as missed (docs/exploring.md, Coverage). A device the
        // host can never hot-add (hotAdds 0) is not one the spec's host may offer.
        List<String> guids = probe.deviceGuids().subList(0, scenario.bootDevices()
                + (scenario.hotAdds() > 0 ? scenario.hotAddDevices() : 0));
        int keys = guids.size() * (1 + scenario.subChannels());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("Devices", guids);
        c.put("BootDevices", guids.subList(0, scenario.bootDevices()));
        // Each key is offered once per connection; a re-offer needs a rescind, a new device a hot-add.
        // A reconnect without UNLOAD is a new connection too (and shares the spec's bound with the UNLOADs).
        // A rescinded primary comes back only as a hot-add (ChannelSystem.DeviceActor), a rescinded sub-channel
        // by itself while its primary is open: so rescinds add offers only where there are sub-channels.
        int connections = scenario.unloads() + scenario.reconnects() + 1;
        int maxOffers = keys * connections + scenario.hotAdds()
                + (scenario.subChannels() > 0 ? scenario.rescinds() : 0);
        c.put("Relids", IntStream.rangeClosed(1, relidBound(scenario.relids(), maxOffers)).boxed().toList());
        c.put("HostVersions", scenario.hostVersions().stream().map(ProtocolVersion::value).sorted().toList());
        c.put("GuestVersionSet", scenario.guestVersions().stream().map(ProtocolVersion::value).toList());
        c.put("MaxSub", scenario.subChannels());
        c.put("GpadlBodies", gpadlBodies(scenario.ringPages()));
        c.put("MaxOffers", maxOffers);
        // Open cycles per key (an object belongs to one key; a failed open is not retried: ChannelSystem's
        // DriverActor counts the attempt), plus the forced open of an H5 probe.
        c.put("MaxOpens", scenario.opensPerChannel() + (scenario.has(Fault.H5) ? 1 : 0));
        c.put("MaxUnloads", scenario.unloads() + scenario.reconnects());
        c.put("Reconnects", scenario.reconnects() > 0);
        // A pre-5.0 Hyper-V host has no port on connection 4 (HostConfig.messagePorts).
        c.put("HostListensOn4", probe.transport().messagePorts().contains(Transport.MESSAGE_CONNECTION_ID_4));
        c.put("MaxRestarts", scenario.restores());
        c.put("HostDuplicatesRescind", scenario.duplicateRescinds() > 0);
        String faults = scenario.faults().isEmpty() ? "none" : scenario.faults().stream().map(Fault::name)
                .sorted().toList().toString();
        return new TraceHeader(TRACE_SPEC, c, threads ? -1 : scenario.seed(),
                "enlightened run channels (" + (threads ? "threads" : "deterministic") + ", faults=" + faults + ")");
    }

    /**
     * The relids the spec's host may use: the host's pool, but no more than the run's offers. SimulatedHost
     * allocates the lowest free relid (openvmm's allocation), and before the k-th offer at most k-1 relids are
     * taken, so no offer of a run with at most {@code maxOffers} offers takes a relid above {@code maxOffers}.
     */
    static int relidBound(int pool, int maxOffers) {
        return Math.max(1, Math.min(pool, maxOffers));
    }

    /** @return GPADL_BODY messages per ring GPADL: 27 u64s in the header, 28 per body (Linux create_gpadl_header) */
    static int gpadlBodies(int ringPages) {
        int values = 1 + 2 * ringPages; // the range's header word, then the PFNs
        int rest = Math.max(0, values - GpadlHeader.MAX_VALUES);
        return (rest + GpadlBody.MAX_VALUES - 1) / GpadlBody.MAX_VALUES;
    }

    /** Runs under the deterministic scheduler. */
    public static ScenarioResult runDeterministic(Scenario scenario, TraceSink trace) {
        StallGate gate = new StallGate(trace);
        return run(new ChannelSystem(scenario, gate), gate);
    }

    /** Runs under the deterministic scheduler, every decision (schedule and host choices) taken by {@code chooser}. */
    public static ScenarioResult runDeterministic(Scenario scenario, TraceSink trace, Chooser chooser) {
        StallGate gate = new StallGate(trace);
        return run(new ChannelSystem(scenario, gate, chooser), gate);
    }

    /**
     * Runs under the deterministic scheduler and writes, besides the run's trace, its SaveRestore projection
     * ({@link SaveRestoreProjection}, for TraceSaveRestore). The scenario must be inside SaveRestore's world.
     *
     * @param trace       the run's trace (TraceVMBusChannels), or {@link TraceSink#OFF}
     * @param saveRestore the projection's trace
     * @param chooser     every decision of the run, or null for the scenario's seed
     */
    public static ScenarioResult runWithSaveRestore(Scenario scenario, TraceSink trace, TraceSink saveRestore,
                                                    Chooser chooser) {
        SaveRestoreProjection.outsideWorld(scenario).ifPresent(why -> {
            throw new IllegalArgumentException("no SaveRestore projection: " + why);
        });
        SaveRestoreProjection tee = new SaveRestoreProjection(trace, saveRestore, IntStream
                .rangeClosed(1, scenario.bootDevices()).mapToObj(d -> dev.enlightened.host.HostDevice.numbered(d)
                        .instance()).toList());
        StallGate gate = new StallGate(tee);
        ChannelSystem system = chooser == null ? new ChannelSystem(scenario, gate)
                : new ChannelSystem(scenario, gate, chooser);
        tee.bind(system);
        return run(system, gate);
    }

    /**
     * Runs under the deterministic scheduler, every decision taken by {@code chooser}, with a host that may leave
     * the guest's waits unanswered {@code hostSilences} times: each such stall is the host's choice, and the timeouts
     * that end it are traced spec actions (VMBusChannels {@code GuestTimesOut...}), not a deadlock.
     */
    public static ScenarioResult runDeterministic(Scenario scenario, TraceSink trace, Chooser chooser,
            int hostSilences) {
        StallGate gate = new StallGate(trace);
        return run(new ChannelSystem(scenario, gate, chooser, hostSilences), gate);
    }

    /** Runs a built system under the deterministic scheduler, untraced (tests inspect the system afterwards). */
    public static ScenarioResult run(ChannelSystem system) {
        return run(system, new StallGate(TraceSink.OFF));
    }

    private static ScenarioResult run(ChannelSystem system, StallGate trace) {
        if (system.chooser() instanceof dev.enlightened.sim.StateDigest.Aware aware) {
            // The system holds the guest, the host, the transport and every actor: the whole state between steps.
            aware.digestFrom(() -> dev.enlightened.sim.StateDigest.of(system));
        }
        List<String> firstStall = new ArrayList<>();
        DeterministicScheduler scheduler = new DeterministicScheduler(system.chooser(), system.actors(),
                system.virtualTime(), blocked -> stalled(system, trace, firstStall));
        RunOutcome outcome = scheduler.run(MAX_STEPS);
        return finish(system, trace, outcome.steps(), outcome.budgetExhausted(), firstStall);
    }

    /**
     * Every context waits and virtual time is about to jump to the earliest timeout: the run stalled. With a host
     * that answers this never happens (the spec's host always answers), so the stall is recorded as the deadlock
     * it would be without timeouts: the trace ends with its quiescence claim ({@link StallGate}; the spec refutes
     * it whenever a host answer was due), and the result names the waiters of the first stall. The run goes on:
     * the timeouts end the waits, untraced, and the guest's {@code timeouts()} count them.
     */
    private static void stalled(ChannelSystem system, StallGate trace, List<String> firstStall) {
        if (system.hostSilent()) {
            return; // the host chose not to answer: the timeouts are the guest's traced steps
        }
        List<String> stuck = system.stuckWaiters();
        if (stuck.isEmpty()) {
            return;
        }
        if (firstStall.isEmpty()) {
            firstStall.addAll(stuck);
        }
        trace.stall("guest", "message");
    }

    /**
     * Runs on real threads, one per actor.
     *
     * @throws InterruptedException if interrupted while waiting for the threads
     */
    public static ScenarioResult runThreaded(Scenario scenario, TraceSink trace) throws InterruptedException {
        ChannelSystem system = ChannelSystem.forThreads(scenario, trace);
        ThreadedRun run = new ThreadedRun(system.actors());
        run.start();
        run.join();
        return finish(system, trace, run.steps, run.steps >= MAX_STEPS, List.of());
    }

    private static ScenarioResult finish(ChannelSystem system, TraceSink trace, long steps, boolean budget,
                                         List<String> firstStall) {
        List<String> stuckAtEnd = budget ? List.of() : system.stuckWaiters();
        List<String> stuck = firstStall.isEmpty() ? stuckAtEnd : List.copyOf(firstStall);
        long events = 0;
        if (!stuckAtEnd.isEmpty() && trace.enabled()) {
            // Only guest contexts block (the host never waits): the party of TraceVMBusChannels is "guest", and
            // what it waits for is a host message (TraceWaitingFor enumerates it; the details stay in the result).
            events = trace.emitQuiescent("guest", "message");
        }
        return new ScenarioResult(steps, !budget && stuck.isEmpty(), budget, stuck, system.guest().errors(),
                system.host().errors(), events, system.guest().timeouts().total(),
                system.guest().timeouts().recent().stream().map(WaitTimeout::describe).toList());
    }

    /** One thread per actor; a step is taken under the lock; a thread with nothing to do waits. */
    private static final class ThreadedRun {
        private final List<? extends Actor> actors;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private final List<Thread> threads = new ArrayList<>();
        private int idle;
        private boolean stopped;
        private long steps;
        private long version;
        private Throwable failure;

        ThreadedRun(List<? extends Actor> actors) {
            this.actors = actors;
        }

        void start() {
            for (Actor a : actors) {
                Thread t = new Thread(() -> loop(a), "vmbus-" + a.name());
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }

        void join() throws InterruptedException {
            for (Thread t : threads) {
                t.join();
            }
            if (failure != null) {
                throw new IllegalStateException("a step failed on thread: " + failure, failure);
            }
        }

        private void loop(Actor a) {
            lock.lock();
            try {
                while (!stopped) {
                    if (a.canStep()) {
                        a.step();
                        steps++;
                        version++;
                        idle = 0; // every other thread must look again at the new state
                        if (steps >= MAX_STEPS) {
                            stopped = true;
                        }
                        changed.signalAll();
                        continue;
                    }
                    long wake = a.wakeAtNanos();
                    if (wake != Long.MAX_VALUE) {
                        // A wait with a deadline in real time: not idle, its timeout will let it step.
                        changed.awaitNanos(Math.max(1, Math.min(wake - System.nanoTime(),
                                TimeUnit.SECONDS.toNanos(1))));
                        continue;
                    }
                    // Each thread counts itself idle at most once per state version; all idle at one version
                    // means nothing can change any more: the run is over.
                    if (++idle == actors.size()) {
                        stopped = true;
                        changed.signalAll();
                        break;
                    }
                    long seen = version;
                    while (!stopped && version == seen) {
                        changed.await(1, TimeUnit.SECONDS);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
                changed.signalAll();
            } catch (RuntimeException | Error e) {
                // A failed step must stop the run, not leave the other threads waiting for it forever.
                failure = failure == null ? e : failure;
                stopped = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
