package dev.enlightened.ring.scenario;

import dev.enlightened.ring.ByteBufferRingMemory;
import dev.enlightened.ring.PacketDescriptor;
import dev.enlightened.ring.PacketHandler;
import dev.enlightened.ring.RingAction;
import dev.enlightened.ring.RingConsumer;
import dev.enlightened.ring.RingMemory;
import dev.enlightened.ring.RingObserver;
import dev.enlightened.ring.RingProducer;
import dev.enlightened.ring.WriteResult;
import dev.enlightened.ring.trace.RingTraceEmitter;
import dev.enlightened.signal.Doorbell;
import dev.enlightened.sim.Actor;
import dev.enlightened.sim.ChoiceKind;
import dev.enlightened.sim.Chooser;
import dev.enlightened.sim.DeterministicScheduler;
import dev.enlightened.sim.Footprint;
import dev.enlightened.sim.RandomChooser;
import dev.enlightened.sim.StateDigest;
import dev.enlightened.sim.RunOutcome;
import dev.enlightened.trace.NdjsonTraceWriter;
import dev.enlightened.trace.TraceSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a {@link RingScenario}: the real {@link RingProducer} writes the scenario's packets (trans_id 1, 2, ...) while
 * the real {@link RingConsumer} waits for its doorbell and drains, each in its own thread, every protocol step logged
 * by a {@link RingTraceEmitter}. The run ends when the producer has finished and the consumer sleeps, or when every
 * party left is blocked forever (a lost wakeup); each party still asleep then gets a {@code Quiescent} event.
 *
 * <pre>
 * RingRun run = RingScenarioRunner.run(RingScenario.generated(128, 40, 7, false, Set.of()), Path.of("t.ndjson"));
 * </pre>
 */
public final class RingScenarioRunner {
    /** What the producer waits for when blocked, and the consumer when asleep. */
    public static final String PRODUCER_WAITS_FOR = "space";
    public static final String CONSUMER_WAITS_FOR = "data";
    private static final long THREADED_TIMEOUT_MILLIS = 60_000;

    /** Footprint locations of the two doorbell latches (apart from the ring memory's, see FootprintRingMemory). */
    private static final long LATCHES = 1L << 40;

    private RingScenarioRunner() {
    }

    /**
     * Runs the scenario and writes its trace to {@code trace} (created or truncated).
     *
     * @throws IOException if the trace file cannot be created
     * @throws IllegalStateException if a party's code failed (a ring error, an exception), or the run did not end
     */
    public static RingRun run(RingScenario scenario, Path trace) throws IOException {
        String producer = "enlightened run ring (" + (scenario.threaded() ? "threads" : "stepped")
                + (scenario.batch() > 1 ? ", batch " + scenario.batch() : "")
                + (scenario.idlePolls() > 0 ? ", idle polls " + scenario.idlePolls() : "")
                + (scenario.restores() > 0 ? ", restores " + scenario.restores() : "")
                + (scenario.faults().isEmpty() ? "" : ", faults " + scenario.faults()) + ")";
        try (NdjsonTraceWriter sink = NdjsonTraceWriter.create(trace, RingTraceEmitter.header(scenario.dataLength(),
                scenario.payloadLengths(), scenario.threaded() ? -1 : scenario.seed(), producer, scenario.batch(),
                scenario.idlePolls(), scenario.restores()))) {
            return run(scenario, sink);
        }
    }

    /** Runs the scenario, logging to {@code sink} (whose header the caller wrote). */
    public static RingRun run(RingScenario scenario, TraceSink sink) {
        return scenario.threaded() ? runThreaded(scenario, sink)
                : runStepped(scenario, sink, new RandomChooser(scenario.seed()));
    }

    /**
     * Runs the scenario one step at a time, every choice of who steps taken by {@code chooser} (which, if it is
     * {@link StateDigest.Aware}, is also given the digest of the ring's implementation state).
     *
     * @throws IllegalArgumentException for a threaded scenario: real threads take no chooser
     */
    public static RingRun run(RingScenario scenario, TraceSink sink, Chooser chooser) {
        if (scenario.threaded()) {
            throw new IllegalArgumentException("a threaded ring run takes no chooser");
        }
        return runStepped(scenario, sink, chooser);
    }

    private static RingRun runStepped(RingScenario s, TraceSink sink, Chooser chooser) {
        Object baton = new Object();
        BatonParty producerParty = new BatonParty("producer", PRODUCER_WAITS_FOR, baton);
        BatonParty consumerParty = new BatonParty("consumer", CONSUMER_WAITS_FOR, baton);
        RingMemory plain = ByteBufferRingMemory.allocate(s.dataLength());
        Footprint footprint = chooser instanceof Footprint.Aware ? new Footprint() : null;
        RingMemory memory = footprint == null ? plain : new FootprintRingMemory(plain, footprint);
        if (chooser instanceof Footprint.Aware aware) {
            // An explorer's sleep sets need each step's shared accesses: the ring memory and the doorbell latches.
            producerParty.recordInto(footprint, LATCHES);
            consumerParty.recordInto(footprint, LATCHES + 1);
            aware.footprintFrom(footprint);
        }
        RingTraceEmitter emitter = new RingTraceEmitter(sink, memory);
        // The VMM's save/restore points (run ring --restores): a third actor, only when asked for, so that a run
        // without restores schedules as it always did.
        HostRestorer host = s.restores() == 0 ? null : new HostRestorer(memory, producerParty, consumerParty, emitter,
                s.restores(), () -> chooser.choose(ChoiceKind.TIMING, restoreHorizon(s)),
                s.faults().contains(dev.enlightened.ring.RingFault.RESTORE_LOSES_SIGNALS));
        Runnable tick = host == null ? () -> { } : host::tick;
        RingProducer producer = new RingProducer(memory, new BatonDoorbell(producerParty, consumerParty),
                steppedObserver(emitter, producerParty, tick), s.faults());
        RingConsumer consumer = new RingConsumer(memory, new BatonDoorbell(consumerParty, producerParty),
                steppedObserver(emitter, consumerParty, tick), s.faults(), s.isolated(), s.idlePolls());
        List<Long> received = Collections.synchronizedList(new ArrayList<>());
        // The packet the producer writes now: its thread's loop index, kept where the digest can read it.
        java.util.concurrent.atomic.AtomicInteger writing = new java.util.concurrent.atomic.AtomicInteger();
        // The consumer's poll in progress: its budget and the packets received when it began (RingConsumer.poll counts
        // the packets it handled in a local against the budget), kept where the digest reads them.
        java.util.concurrent.atomic.AtomicInteger pollBudget = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger pollStart = new java.util.concurrent.atomic.AtomicInteger();
        Thread pt = party("ring-producer", () -> {
            producerParty.begin();
            writeAll(producer, s, writing);
        }, producerParty::finish);
        Thread ct = party("ring-consumer", () -> {
            consumerParty.begin();
            drainForever(consumer, received, s, chooser, pollBudget, pollStart);
        }, consumerParty::finish);
        pt.start();
        ct.start();
        List<BatonParty> parties = List.of(producerParty, consumerParty);
        List<Actor> actors = host == null ? List.of(producerParty, consumerParty)
                : List.of(producerParty, consumerParty, host);
        if (chooser instanceof StateDigest.Aware aware) {
            // Between steps both parties wait for the baton: their objects, the ring memory and the doorbell
            // latches are the whole state besides the parties' program points (which the spec state holds).
            // The producer's loop index (the packet being written: its trans_id and payload bytes) and the lengths
            // known so far of the packets not yet received (the consumer checks each against its length). Lengths
            // chosen while writing (ChosenLengths) are no state before their write starts: they are the choices of
            // the steps to come, which an explorer branches on; a fixed scenario's are the same in every schedule.
            // The host restorer's restores left are state too (a restore re-signals as the ring it meets says).
            aware.digestFrom(() -> {
                List<Integer> known = RingScenario.known(s.payloadLengths());
                int from = Math.min(received.size(), known.size());
                // What is left of the poll's budget decides whether it stops (RingConsumer.poll: count >= maxPackets);
                // beyond the packets still to come it cannot, so it is capped there (a 64-packet budget of a 4-packet
                // run digests as the packets left, which received.size() already says).
                int left = s.packets() - received.size();
                int budgetLeft = Math.min(pollBudget.get() - (received.size() - pollStart.get()), left + 1);
                return StateDigest.of(memory, producer, consumer, producerParty, consumerParty, received.size(),
                        writing.get(), known.subList(from, known.size()), budgetLeft,
                        host == null ? 0 : host.restores());
            });
        }
        try {
            // Each packet takes a bounded number of steps; a correct or faulty run ends far below this.
            RunOutcome outcome = new DeterministicScheduler(chooser, actors).run(1_000L * s.packets() + 10_000
                    + s.restores());
            for (BatonParty p : parties) {
                if (p.failure() instanceof dev.enlightened.sim.ReplayToken.Diverged d) {
                    throw d; // a replayed token that does not fit: the lengths are chosen on the parties' threads
                }
                if (p.failure() != null) {
                    throw new IllegalStateException("the " + p.name() + " failed: " + p.failure(), p.failure());
                }
            }
            if (outcome.budgetExhausted()) {
                throw new IllegalStateException("the run did not end within " + outcome.steps() + " steps: seed="
                        + s.seed());
            }
            List<String> quiescent = new ArrayList<>();
            for (Actor a : outcome.blocked()) {
                sink.emitQuiescent(a.name(), a.waitingFor());
                quiescent.add(a.name() + ": " + a.waitingFor());
            }
            return new RingRun(eventCount(sink), received, quiescent, outcome.steps());
        } finally {
            parties.forEach(BatonParty::stop);
            join(pt, ct);
        }
    }

    /**
     * Logs the step, then hands the baton back: one protocol step per grant. A signal is logged before the code rings
     * the doorbell; the spec's signal sets the peer's bit in the same step, so the doorbell's ring hands the baton back
     * instead (else the peer could consume an older ring in between, and the late ring would leave a bit the spec has
     * already cleared).
     */
    private static RingObserver steppedObserver(RingTraceEmitter emitter, BatonParty party, Runnable tick) {
        return (action, value, w, r, mask, pending) -> {
            if (party.stopped()) {
                throw new RunStopped(); // e.g. the producer's finally clearing pending_send_sz while unwinding
            }
            emitter.onStep(action, value, w, r, mask, pending);
            party.logged(action.ordinal(), value);
            tick.run();
            if (!isSignal(action)) {
                party.yieldStep();
            }
        };
    }

    /**
     * Logged steps between two restores of a random run are drawn below this. A packet takes about twenty logged
     * steps (its write, the signal decisions, its read, the re-checks, a blocked producer's wake-up: the default
     * 100-packet run logs about 2,200 events), so with the run's length divided among the restores the draws
     * average half a share each and the restores fall inside the run, not after its end (where a restore meets an
     * idle ring and re-signals nothing).
     */
    static int restoreHorizon(RingScenario s) {
        return Math.max(1, 22 * s.packets() / Math.max(1, s.restores()));
    }

    /** The steps that end with the code ringing the peer's doorbell. */
    static boolean isSignal(RingAction action) {
        return action == RingAction.PRODUCER_SIGNALS_CONSUMER || action == RingAction.CONSUMER_SIGNALS_PRODUCER;
    }

    private static RingRun runThreaded(RingScenario s, TraceSink sink) {
        ReentrantLock lock = new ReentrantLock();
        LockingRingMemory memory = new LockingRingMemory(ByteBufferRingMemory.allocate(s.dataLength()), lock);
        RingTraceEmitter emitter = new RingTraceEmitter(sink, memory);
        ThreadedDoorbells doorbells = new ThreadedDoorbells(memory);
        java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
        RingObserver observer = (action, value, w, r, mask, pending) -> {
            memory.beginStep();
            try {
                if (!stopped.get()) {
                    emitter.onStep(action, value, w, r, mask, pending);
                }
            } finally {
                if (!isSignal(action)) {
                    memory.endStep(); // a signal's step ends when its doorbell has rung (ThreadedDoorbells)
                }
            }
        };
        RingProducer producer = new RingProducer(memory, doorbells.end(0), observer, s.faults());
        RingConsumer consumer = new RingConsumer(memory, doorbells.end(1), observer, s.faults(), s.isolated(),
                s.idlePolls());
        memory.endStep(); // the constructors' accesses (feature bits, initial indices) took the lock
        List<Long> received = Collections.synchronizedList(new ArrayList<>());
        Thread pt = party("ring-producer", () -> writeAll(producer, s), e -> doorbells.finished(0, e));
        Thread ct = party("ring-consumer", () -> drainForever(consumer, received, s, null,
                new java.util.concurrent.atomic.AtomicInteger(), new java.util.concurrent.atomic.AtomicInteger()),
                e -> doorbells.finished(1, e));
        pt.start();
        ct.start();
        try {
            if (!doorbells.awaitQuiescence(THREADED_TIMEOUT_MILLIS + s.packets())) {
                throw new IllegalStateException("the threaded run did not end within "
                        + (THREADED_TIMEOUT_MILLIS + s.packets()) + " ms");
            }
            if (doorbells.failure() != null) {
                throw new IllegalStateException("a party failed: " + doorbells.failure(), doorbells.failure());
            }
            List<String> quiescent = new ArrayList<>();
            // Both asleep on doorbells nobody can ring: no step is running, so these are the last events.
            if (doorbells.blocked(0)) {
                sink.emitQuiescent("producer", PRODUCER_WAITS_FOR);
                quiescent.add("producer: " + PRODUCER_WAITS_FOR);
            }
            if (doorbells.blocked(1)) {
                sink.emitQuiescent("consumer", CONSUMER_WAITS_FOR);
                quiescent.add("consumer: " + CONSUMER_WAITS_FOR);
            }
            long events = eventCount(sink);
            return new RingRun(events, received, quiescent, events);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running the ring scenario", e);
        } finally {
            stopped.set(true);
            pt.interrupt();
            ct.interrupt();
            join(pt, ct);
        }
    }

    private static void writeAll(RingProducer producer, RingScenario s) throws InterruptedException {
        writeAll(producer, s, new java.util.concurrent.atomic.AtomicInteger());
    }

    private static void writeAll(RingProducer producer, RingScenario s, java.util.concurrent.atomic.AtomicInteger at)
            throws InterruptedException {
        for (int i = 0; i < s.packets(); i++) {
            at.set(i);
            int length = s.payloadLengths().get(i);
            byte[] payload = new byte[length];
            java.util.Arrays.fill(payload, (byte) (i + 1));
            WriteResult result = s.batch() == 1
                    ? producer.write(PacketDescriptor.TYPE_DATA_INBAND, 0, i + 1, payload, 0, length, Long.MAX_VALUE)
                    : producer.copy(PacketDescriptor.TYPE_DATA_INBAND, 0, i + 1, payload, 0, length, Long.MAX_VALUE);
            if (result != WriteResult.Written.INSTANCE) {
                throw new IllegalStateException("write of packet " + (i + 1) + " failed: " + result);
            }
            // A full batch, or the last packet: publish (a packet that did not fit already published the batch).
            if (producer.uncommitted() >= s.batch() || i == s.packets() - 1) {
                producer.commit();
            }
        }
        at.set(s.packets());
    }

    /**
     * The consumer of a channel, NAPI-style as netvsc's: asleep until signalled, then batched drains of at most
     * {@code budget} packets (§2.5; {@link RingScenario#budget()}). A drain that used its whole budget leaves the mask set and is polled
     * again at once without sleeping (netvsc_poll returning its budget); only a drain that found the ring empty
     * unmasks, re-checks and lets the consumer sleep. Forever. Each packet is checked byte for byte against what the
     * producer wrote ({@link #checkPayload}): a packet delivered with the wrong length or bytes fails the consumer.
     */
    private static void drainForever(RingConsumer consumer, List<Long> received, RingScenario s, Chooser chooser,
                                     java.util.concurrent.atomic.AtomicInteger pollBudget,
                                     java.util.concurrent.atomic.AtomicInteger pollStart)
            throws InterruptedException {
        List<Integer> budgets = pollBudgets(s);
        PacketHandler handler = view -> {
            checkPayload(view, s.payloadLengths());
            received.add(view.transId());
        };
        while (true) {
            if (!consumer.isMasked()) {
                consumer.awaitData(Long.MAX_VALUE);
            }
            // The poll's budget: the scenario's, unless an explorer varies it (ChoiceKind.POLL_BUDGET; a seeded
            // chooser takes option 0). Chosen in the poll's first step, on the baton's thread.
            int budget = chooser == null || budgets.size() == 1 ? budgets.get(0)
                    : budgets.get(chooser.choose(ChoiceKind.POLL_BUDGET, budgets.size()));
            pollBudget.set(budget);
            pollStart.set(received.size());
            consumer.poll(handler, budget);
            if (consumer.isBroken()) {
                throw new IllegalStateException("consumer found the ring corrupt: " + consumer.corruption());
            }
        }
    }

    /**
     * The budgets a stepped poll may take ({@link ChoiceKind#POLL_BUDGET}): the scenario's first, then every smaller
     * one that can stop a drain of this run (1 to the packet count): the spec's consumer may stop at its budget after
     * any packet read (ConsumerStopsAtBudget), and a Linux poll's budget is its caller's (the NAPI weight,
     * busy polling's BUSY_POLL_BUDGET, netpoll's 0). A budget of the packet count or more stops only a drain that
     * read every packet, so one such option is enough.
     */
    static List<Integer> pollBudgets(RingScenario s) {
        List<Integer> out = new ArrayList<>();
        out.add(s.budget());
        for (int b = 1; b < s.budget() && b <= s.packets(); b++) {
            out.add(b);
        }
        return List.copyOf(out);
    }

    /**
     * The packet's payload is what {@link #writeAll} wrote for its trans_id: {@code payloadLengths[id - 1]} bytes, each
     * the trans_id's low byte, then the zero padding to 8 bytes ({@link dev.enlightened.ring.PacketDescriptor}).
     *
     * @throws IllegalStateException naming the packet and the first wrong length or byte
     */
    static void checkPayload(dev.enlightened.ring.PacketView view, List<Integer> payloadLengths) {
        long id = view.transId();
        if (id < 1 || id > payloadLengths.size()) {
            throw new IllegalStateException("packet with trans_id=" + id + " was never written (packets="
                    + payloadLengths.size() + ")");
        }
        int want = payloadLengths.get((int) id - 1);
        int padded = (want + PacketDescriptor.UNIT - 1) / PacketDescriptor.UNIT * PacketDescriptor.UNIT;
        if (view.payloadLength() != padded) {
            throw new IllegalStateException("packet trans_id=" + id + " has payload_length=" + view.payloadLength()
                    + ", written=" + want + " padded=" + padded);
        }
        for (int i = 0; i < padded; i++) {
            byte expected = i < want ? (byte) id : 0;
            if (view.payloadByte(i) != expected) {
                throw new IllegalStateException("packet trans_id=" + id + " byte=" + i + " is "
                        + view.payloadByte(i) + ", written=" + expected);
            }
        }
    }

    /** Code a party thread runs; may be interrupted when the run ends. */
    @FunctionalInterface
    private interface PartyCode {
        void run() throws InterruptedException;
    }

    private static Thread party(String name, PartyCode code, java.util.function.Consumer<Throwable> done) {
        Thread t = new Thread(() -> {
            Throwable error = null;
            try {
                code.run();
            } catch (InterruptedException | RunStopped e) {
                // The run ended while this party slept: not a failure.
            } catch (Throwable e) {
                error = e;
            }
            done.accept(error);
        }, name);
        t.setDaemon(true);
        return t;
    }

    private static long eventCount(TraceSink sink) {
        return sink instanceof NdjsonTraceWriter w ? w.events() : -1;
    }

    private static void join(Thread... threads) {
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
