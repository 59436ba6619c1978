package dev.enlightened.signal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When a waiter on an {@link InProcessDoorbell.WakeLine} spins instead of parking: while the peer it waits for runs
 * and makes progress, as Linux's {@code mutex_spin_on_owner} spins while the lock's owner is on a CPU and parks
 * when it is not. The peer is the thread that owns the other side's line (it sleeps on that line and calls
 * {@link InProcessDoorbell.WakeLine#beat()} as it works); a spin ends, and the waiter parks, as soon as
 * <ul>
 *   <li>the peer sleeps on its line with nothing pending (it is idle: nothing it does will ring us),</li>
 *   <li>the peer's heartbeat is older than {@code staleNanos} while it is awake (it is off its CPU, the machine is
 *       loaded: spinning would take CPU it needs), or</li>
 *   <li>the spin has lasted its budget: at most {@code maxNanos}, halved by every spin that ended without a ring
 *       while the peer was awake, down to none, and back to {@code maxNanos} after a spin that caught one (HotSpot's
 *       adaptive spinning on a monitor, {@code ObjectMonitor::TrySpin}'s {@code _SpinDuration}). With no budget,
 *       every {@link #PROBE_EVERY}th wait still spins, so the budget comes back when the machine frees up.</li>
 * </ul>
 * A peer rung but not yet running again (parked with its line pending) counts as running: it is on its way.
 * A spin that ends because the peer went idle leaves the budget as it was (it says nothing about the machine).
 *
 * <p>Why: the storvsc guest and host hand a ring's packets back and forth; every park costs a futex wake-up and a
 * context switch, tens of microseconds on a VM whose idle vCPU halts, while the peer answers within a few. With a
 * CPU each, a waiter that spins sees the peer's signal without parking and the two run pipelined, not in lockstep
 * (docs/benchmarks.md, storvsc). On a loaded machine spinning without bound collapsed (the same page): the
 * heartbeat stops spins whose peer is descheduled. No {@link Thread#yield()} phase: on this machine's kernel
 * (autogroups) a yielding thread is charged the CPU it burns between looks, measured as a loss (the same page).
 *
 * <p>One waiting thread at a time uses it; the counters are statistics, read opaque from any thread.
 */
public final class PeerSpin {
    /**
     * A default longest spin: a peer's wake-up on the idle 2-vCPU VM plus a batch of its work. There the storvsc
     * pair in lockstep spent about 110 us per 32 reads of which about 60 us were work (docs/benchmarks.md,
     * storvsc: 287,000 reads/s on two threads, a read costing 1.4 us on one), so a wake-up took about 25 us, and
     * a batch of 8 host completions takes about 11 us. Well under a scheduler tick.
     */
    public static final long DEFAULT_MAX_NANOS = 100_000;
    /** A default longest spin without the awake peer's heartbeat: a few of its units of work. */
    public static final long DEFAULT_STALE_NANOS = 20_000;
    /**
     * Waits with no budget between two probes: rare enough that probes which keep failing (a loaded machine) cost
     * about {@code maxNanos / PROBE_EVERY} per wait, 3 us at the default bound.
     */
    static final int PROBE_EVERY = 32;
    /** A halved budget below this is none (a spin shorter than a few looks at the peer finds nothing). */
    static final long MIN_NANOS = 1_000;

    private final InProcessDoorbell.WakeLine peer;
    private final long maxNanos;
    private final long staleNanos;
    private long budgetNanos;
    private int sinceProbe;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    /** Spins ended because the peer was idle, because its heartbeat went stale (each also a miss). */
    private final AtomicLong idleEnds = new AtomicLong();
    private final AtomicLong staleEnds = new AtomicLong();

    /**
     * @param peer       the line the peer thread sleeps on and beats (null: never spin)
     * @param maxNanos   longest spin before a park
     * @param staleNanos longest spin without a heartbeat of an awake peer
     */
    public PeerSpin(InProcessDoorbell.WakeLine peer, long maxNanos, long staleNanos) {
        if (maxNanos < 0 || staleNanos < 0) {
            throw new IllegalArgumentException("spin bounds must not be negative: max_nanos=" + maxNanos
                    + " stale_nanos=" + staleNanos);
        }
        this.peer = peer;
        this.maxNanos = peer == null ? 0 : maxNanos;
        this.staleNanos = staleNanos;
        this.budgetNanos = this.maxNanos;
    }

    /**
     * @param peer the line the peer thread sleeps on and beats
     * @return a policy with the default bounds
     */
    public static PeerSpin watching(InProcessDoorbell.WakeLine peer) {
        return new PeerSpin(peer, DEFAULT_MAX_NANOS, DEFAULT_STALE_NANOS);
    }

    /** @return a policy that never spins: the waiter parks at once (the behaviour before this class) */
    public static PeerSpin never() {
        return new PeerSpin(null, 0, 0);
    }

    /** @return the longest spin, nanoseconds (0: never spins) */
    public long maxNanos() {
        return maxNanos;
    }

    /**
     * Spins on {@code pending} until it is set (then clears it), or a rule of the class ends the spin.
     *
     * @param pending the waiter's own line's pending flag
     * @param bound   the wait's own bound (its timeout), nanoseconds
     * @return nanoseconds spent if the flag was caught, or -1 - nanoseconds spent if the spin ended without it
     */
    long spin(AtomicInteger pending, long bound) {
        long limit = budgetNanos;
        if (limit == 0 && maxNanos > 0 && ++sinceProbe >= PROBE_EVERY) {
            sinceProbe = 0;
            limit = maxNanos; // a probe: has the machine freed up?
        }
        limit = Math.min(limit, bound);
        long start = System.nanoTime();
        if (limit <= 0) {
            return -1;
        }
        long beat = peer.beats();
        long fresh = start;
        long now = start;
        for (int i = 1;; i++) {
            // A volatile load, plain on x86 (no locked instruction per look): the flag's line is written only by
            // rings, so it stays in this CPU's cache until one comes.
            if (pending.get() == 1 && pending.compareAndSet(1, 0)) {
                hits.setOpaque(hits.getOpaque() + 1);
                budgetNanos = maxNanos;
                return System.nanoTime() - start;
            }
            Thread.onSpinWait();
            if ((i & 15) == 0) { // the clock and the peer every 16 looks: a look costs less than either
                now = System.nanoTime();
                long b = peer.beats();
                if (b != beat || peer.isWaking()) {
                    beat = b;
                    fresh = now;
                }
                if (peer.isIdle()) {
                    idleEnds.setOpaque(idleEnds.getOpaque() + 1);
                    break; // nothing is coming: no lesson for the budget
                }
                boolean stale = now - fresh >= staleNanos;
                if (now - start >= limit || stale) {
                    if (stale) {
                        staleEnds.setOpaque(staleEnds.getOpaque() + 1);
                    }
                    long half = budgetNanos / 2; // the peer ran late or was off its CPU: spin less next time
                    budgetNanos = half < MIN_NANOS ? 0 : half;
                    break;
                }
            }
        }
        misses.setOpaque(misses.getOpaque() + 1);
        return -1 - (now - start);
    }

    /** @return the current spin budget, nanoseconds (the waiting thread's; a statistic for others) */
    public long budgetNanos() {
        return budgetNanos;
    }

    /** @return waits a spin ended (no park) */
    public long hits() {
        return hits.getOpaque();
    }

    /** @return spins that ended without a ring (the waiter parked) */
    public long misses() {
        return misses.getOpaque();
    }

    /** @return misses because the peer slept on its line with nothing pending */
    public long idleEnds() {
        return idleEnds.getOpaque();
    }

    /** @return misses because the awake peer's heartbeat went stale (off its CPU) */
    public long staleEnds() {
        return staleEnds.getOpaque();
    }
}
