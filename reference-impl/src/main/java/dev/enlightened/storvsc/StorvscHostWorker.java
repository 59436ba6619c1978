package dev.enlightened.storvsc;

import dev.enlightened.signal.InProcessDoorbell;
import dev.enlightened.signal.PeerSpin;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The simulated host on a thread of its own, for real-thread runs (the block device, the benchmark): it serves the
 * given channels' {@link StorvscHostIo}s in turn, reading every request waiting and completing them in arrival
 * order (the scheduled runs cover the out-of-order case), each lane's requests read as one batch and its
 * completions published {@link #CHUNK} per commit. When all are idle it sleeps (after a last look): on the
 * channels' shared wake line if it has one (the guest's signal, Linux {@code hv_signal_on_write}'s empty to
 * non-empty transition, wakes it; its {@link PeerSpin} may spin on the line first while the guest's thread runs),
 * else in short parks after spinning briefly. {@link #stop} ends it; the caller joins its thread with a timeout.
 */
public final class StorvscHostWorker implements Runnable {
    /** Most packets read from one channel per turn, so one busy channel cannot starve the others. */
    private static final int BUDGET = 64;
    /**
     * Most completions published by one commit: the guest sees the first of a lane's requests done while this
     * thread completes the rest, and sends new ones meanwhile (pipelined, not in lockstep with the whole queue).
     * Each commit costs one StoreLoad fence and one signal decision.
     */
    static final int CHUNK = 8;
    /**
     * Spins before each timed park, without a wake line; with one the thread waits on the line after its last look,
     * spinning first only while the guest's thread runs ({@link PeerSpin}: a blindly spinning or yielding idle host
     * takes CPU its guest thread would use, StorvscBlockDevice#SPINS says what was measured).
     */
    private static final int SPINS = 200;
    /** A park without a wake line, or with a completion waiting for ring space (no signal is owed for that). */
    private static final long PARK_NANOS = 50_000;
    /**
     * Longest sleep on the wake line: the guest's signal wakes it sooner; the bound is the timeout every wait has
     * (and {@link #stop} takes effect within it).
     */
    private static final long SLEEP_NANOS = 1_000_000;

    /** The channels, indexed: every turn walks them, and an idle turn allocates no iterator. */
    private final StorvscHostIo[] lanes;
    /** Where the guest's signals on every lane wake this thread, or null (timed parks). */
    private final InProcessDoorbell.WakeLine wake;
    /** The guest's line, whose wake-ups a turn holds to its end, or null (each signal unparks at once). */
    private final InProcessDoorbell.WakeLine guest;
    private volatile boolean stopped;
    /** Written by the serving thread only. */
    private volatile long served;
    /**
     * Sleeps on the wake line that a guest signal ended (not the timeout, not a spin); written by the serving
     * thread only.
     */
    private volatile long wakeups;
    /** How long the serving thread spins on its wake line before it parks. */
    private final PeerSpin spin;

    /** @param lanes the channels to serve (one thread at a time may use each: this one, once started) */
    public StorvscHostWorker(List<StorvscHostIo> lanes) {
        this(lanes, null);
    }

    /**
     * @param lanes the channels to serve (one thread at a time may use each: this one, once started)
     * @param wake  the line every lane's guest-to-host doorbell rings (StorvscSystem#hostWakeLine), or null
     */
    public StorvscHostWorker(List<StorvscHostIo> lanes, InProcessDoorbell.WakeLine wake) {
        this(lanes, wake, null);
    }

    /**
     * A worker that also holds the guest's wake-ups to the end of each turn: every signal its completions make
     * still sets the guest's line at once (the ring's signal rule and the line's pending flag are untouched), but a
     * guest thread already asleep is unparked once, when the turn over every lane ends
     * ({@link InProcessDoorbell.WakeLine#hold()}), not once per lane. Measured (docs/benchmarks.md, storvsc IOPS):
     * the guest slept once per 16 reads with per-lane wake-ups, each a futex wake for this thread that the woken
     * guest then often preempted on the same CPU, and once per 32 with the hold.
     *
     * @param lanes the channels to serve (one thread at a time may use each: this one, once started)
     * @param wake  the line every lane's guest-to-host doorbell rings (StorvscSystem#hostWakeLine), or null
     * @param guest the line every lane's host-to-guest doorbell rings (StorvscSystem#guestWakeLine), or null
     */
    public StorvscHostWorker(List<StorvscHostIo> lanes, InProcessDoorbell.WakeLine wake,
            InProcessDoorbell.WakeLine guest) {
        this(lanes, wake, guest, PeerSpin.never());
    }

    /**
     * As {@link #StorvscHostWorker(List, InProcessDoorbell.WakeLine, InProcessDoorbell.WakeLine)}, with the wake
     * line's spin policy given: {@link PeerSpin#watching} the guest's line spins while the guest's thread runs
     * (the block device beats it), {@link PeerSpin#never()} parks at once after the last look. This worker beats
     * {@code wake} as it completes requests, for the guest's spin.
     *
     * @param spin when to spin on the line before parking (this worker's own)
     */
    public StorvscHostWorker(List<StorvscHostIo> lanes, InProcessDoorbell.WakeLine wake,
            InProcessDoorbell.WakeLine guest, PeerSpin spin) {
        this.spin = spin;
        this.lanes = List.copyOf(lanes).toArray(new StorvscHostIo[0]);
        this.wake = wake;
        this.guest = guest;
    }

    @Override
    public void run() {
        int idle = 0;
        while (!stopped) {
            if (serveOnce()) {
                idle = 0;
            } else if (wake == null && idle++ < SPINS) {
                Thread.onSpinWait();
            } else if (!sleep()) {
                return; // interrupted: the caller wants the thread back
            }
        }
    }

    /**
     * Sleeps until the guest signals, after a last look at every lane: the fence in
     * {@link StorvscHostIo#hasInputBeforeSleep()} orders this thread's {@code read_index} stores before its
     * {@code write_index} loads, so a request published after the look found the ring empty and its producer rings
     * the line (the wake line keeps a ring that comes before the await).
     *
     * @return false if interrupted
     */
    private boolean sleep() {
        boolean held = false;
        for (StorvscHostIo h : lanes) {
            held |= h.hasHeld();
        }
        if (wake == null || held) {
            LockSupport.parkNanos(PARK_NANOS); // a held completion waits for space nobody signals: look again soon
            return !Thread.currentThread().isInterrupted();
        }
        for (StorvscHostIo h : lanes) {
            if (h.hasInputBeforeSleep()) {
                return true;
            }
        }
        try {
            if (wake.await(SLEEP_NANOS, spin) == InProcessDoorbell.WakeLine.Wait.WOKEN) {
                wakeups++;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * One turn over every channel: held completions retried, waiting requests read, every request held completed.
     * Called by {@link #run}, or by a caller that runs guest and host on one thread.
     *
     * @return true if anything moved
     */
    public boolean serveOnce() {
        if (guest == null) {
            return turn();
        }
        guest.hold(); // this thread rings the guest's line (every lane's completions and freed space) during the turn
        try {
            return turn();
        } finally {
            guest.flush(); // one unpark for the whole turn, if a signal came and the guest sleeps
        }
    }

    private boolean turn() {
        boolean progress = false;
        for (StorvscHostIo h : lanes) {
            if (h.hasHeld()) {
                progress |= h.sendHeld();
            }
            // One read_index publish per lane per turn, and one write_index publish per CHUNK completions.
            progress |= h.canReceive() && h.receiveBatch(BUDGET) > 0;
            for (int done; h.canComplete() && (done = h.completeAll(CHUNK)) > 0;) {
                served += done;
                progress = true;
                if (wake != null) {
                    wake.beat(); // this thread runs: a guest spinning for our completions keeps spinning
                }
            }
        }
        return progress;
    }

    /** Asks the thread to end after its current turn. */
    public void stop() {
        stopped = true;
    }

    /** @return sleeps on the wake line that a guest's signal ended */
    public long wakeups() {
        return wakeups;
    }

    /** @return the wake line's spin policy and its counts */
    public PeerSpin spin() {
        return spin;
    }

    /** @return requests completed so far */
    public long served() {
        return served;
    }
}
