package dev.enlightened.ring.scenario;

import dev.enlightened.sim.Actor;
import dev.enlightened.sim.Footprint;
import dev.enlightened.sim.StateDigest;

/**
 * A party (producer or consumer) running its real code in a thread of its own that may only run while it holds the
 * baton. The scheduler grants the baton with {@link #step()}; the party hands it back at its next observer callback
 * (right after one protocol step), when it blocks on its doorbell, or when its code returns. So every grant runs
 * exactly one protocol step, or none when the party finishes or goes to sleep.
 *
 * <p>The doorbell latch lives here: {@link #ring()} by the peer sets it, {@link #awaitDoorbell()} consumes it. A
 * sleeping party can step only once its latch is set, as the spec's {@code ...ConsumesDoorbell} needs.
 */
final class BatonParty implements Actor {
    private enum State { READY, RUNNING, WAITING, FINISHED }

    private final String name;
    private final String waitingFor;
    private final Object baton;
    private State state = State.READY;
    private boolean latched;
    private boolean stopped;
    private Throwable failure;
    @StateDigest.Ignored("the explorer's record of the step in progress: emptied at every step boundary, not state")
    private Footprint footprint;
    private long latchLocation;
    /**
     * The step this party took last, as its event logged it (action and value). A step boundary falls inside the
     * party's code, right after its observer call, so the value the step logged may still be in a local of the party's
     * thread, used by its next step: {@code RingConsumer.loadWriteIndex} loads {@code write_index} into a local, logs
     * it, yields, and only then stores it in {@code knownWriteIndex}. The matched spec state does not pin that local
     * (the spec's consumer may re-read the write index silently, {@code ConsumerRereadsWriteIndex}), so without this
     * field two runs with equal keys went on differently (docs/exploring.md, the pruning argument).
     */
    private long lastStep;

    /**
     * @param name       the actor name, as the trace's {@code actor}
     * @param waitingFor what the party waits for when asleep, for its {@code Quiescent} event
     * @param baton      the monitor shared by all parties of the run
     */
    BatonParty(String name, String waitingFor, Object baton) {
        this.name = name;
        this.waitingFor = waitingFor;
        this.baton = baton;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean canStep() {
        synchronized (baton) {
            return state == State.READY || state == State.WAITING && latched;
        }
    }

    /**
     * Records this party's latch accesses in an explorer's footprint: the peer's ring writes it, the doorbell wait
     * reads and clears it, and every step reads it (whether the party can step depends on it: a ring by the peer can
     * wake it, so a ring never commutes with a step of this party).
     */
    void recordInto(Footprint f, long location) {
        this.footprint = f;
        this.latchLocation = location;
    }

    @Override
    public void step() {
        if (footprint != null) {
            footprint.read(latchLocation);
        }
        synchronized (baton) {
            state = State.RUNNING;
            baton.notifyAll();
            while (state == State.RUNNING) {
                waitUninterruptibly();
            }
        }
    }

    @Override
    public boolean finished() {
        synchronized (baton) {
            return state == State.FINISHED;
        }
    }

    @Override
    public String waitingFor() {
        return waitingFor;
    }

    /** Party side: blocks until the first grant. */
    void begin() {
        synchronized (baton) {
            awaitGrant();
        }
    }

    /** Party side, at an observer callback: hands the baton back and waits for the next grant. */
    void yieldStep() {
        synchronized (baton) {
            if (stopped) {
                throw new RunStopped();
            }
            state = State.READY;
            baton.notifyAll();
            awaitGrant();
        }
    }

    /** Party side, at an observer callback: records the step just logged (for the state digest, see {@link #lastStep}). */
    void logged(int action, int value) {
        lastStep = (long) action << 32 | (value & 0xFFFF_FFFFL);
    }

    /** Party side: true once the run has ended; later steps must not be logged. */
    boolean stopped() {
        synchronized (baton) {
            return stopped;
        }
    }

    /** Party side: the doorbell wait. Sleeps (handing the baton back) until the latch is set and a grant comes. */
    void awaitDoorbell() {
        if (footprint != null) {
            footprint.read(latchLocation);
            footprint.write(latchLocation);
        }
        synchronized (baton) {
            if (!latched) {
                state = State.WAITING;
                baton.notifyAll();
                awaitGrant();
            }
            latched = false;
        }
    }

    /** The peer's doorbell: sets this party's latch (coalescing, like a Hyper-V event flag). */
    void ring() {
        if (footprint != null) {
            footprint.write(latchLocation);
        }
        synchronized (baton) {
            latched = true;
        }
    }

    /**
     * The host's save and restore, between two steps: the latch is lost (a signal pending in the SynIC, or an event
     * the host had not acted on, is not in the saved state). {@link HostRestorer} then re-signals as its policy says.
     */
    void dropLatch() {
        if (footprint != null) {
            footprint.write(latchLocation);
        }
        synchronized (baton) {
            latched = false;
        }
    }

    /** Whether the latch is set: the spec's {@code doorbell[p]}, as the host's restore event logs it. */
    boolean latched() {
        synchronized (baton) {
            return latched;
        }
    }

    /** Party side: the code returned or failed; hands the baton back for good. */
    void finish(Throwable error) {
        synchronized (baton) {
            if (error != null && !(error instanceof RunStopped)) {
                failure = error;
            }
            state = State.FINISHED;
            baton.notifyAll();
        }
    }

    /** Ends the run: every party thread waiting for a grant unwinds with {@link RunStopped}. */
    void stop() {
        synchronized (baton) {
            stopped = true;
            baton.notifyAll();
        }
    }

    /** The exception the party's code died of, or null. */
    Throwable failure() {
        synchronized (baton) {
            return failure;
        }
    }

    private void awaitGrant() {
        while (state != State.RUNNING) {
            if (stopped) {
                throw new RunStopped();
            }
            waitUninterruptibly();
        }
    }

    private void waitUninterruptibly() {
        try {
            baton.wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunStopped();
        }
    }
}
