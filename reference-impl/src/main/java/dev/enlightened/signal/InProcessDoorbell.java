package dev.enlightened.signal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A doorbell between threads of one JVM: a pending flag plus {@link LockSupport} park/unpark, allocation-free.
 * Create both ends with {@link #pair()}; each end has one waiting thread at a time and one ringing thread at a time
 * (calls to {@link #ring()} on one end ordered by happens-before, as a ring's one producer and one consumer are).
 * With {@link #pair(WakeLine, WakeLine)} several doorbells wake one {@link WakeLine}, as a Hyper-V SynIC SINT carries
 * the event flags of every channel of a device to one handler (Linux {@code vmbus_isr} then scans them all): a
 * thread serving several channels sleeps on its line and is woken by whichever channel signals.
 */
public final class InProcessDoorbell implements Doorbell {

    private final WakeLine mine;
    private final WakeLine peers;
    @dev.enlightened.sim.StateDigest.Ignored("a statistic: read by rings() only, which no protocol decision uses")
    private final AtomicLong rings = new AtomicLong();

    private InProcessDoorbell(WakeLine mine, WakeLine peers) {
        this.mine = mine;
        this.peers = peers;
    }

    /** Two connected ends: ringing one wakes a thread awaiting the other. */
    public static InProcessDoorbell[] pair() {
        return pair(new WakeLine(), new WakeLine());
    }

    /**
     * Two connected ends that wake the given lines: ringing the first releases {@code bWaits}, ringing the second
     * releases {@code aWaits}; awaiting an end waits on its own line. A line shared with other pairs wakes its
     * thread for any of them, so an await may return for another channel's signal (a spurious wake-up for this
     * one): every caller re-checks its ring after an await, as Linux's channel callbacks re-read theirs.
     *
     * @param aWaits the line the first end's owner sleeps on
     * @param bWaits the line the second end's owner sleeps on
     */
    public static InProcessDoorbell[] pair(WakeLine aWaits, WakeLine bWaits) {
        return new InProcessDoorbell[] {new InProcessDoorbell(aWaits, bWaits), new InProcessDoorbell(bWaits, aWaits)};
    }

    @Override
    public void ring() {
        // One thread rings an end (the producer or the consumer of one ring, each one thread at a time), so a plain
        // increment counts exactly; opaque so a reader on another thread sees a whole value. An atomic increment was
        // a locked instruction per signal, as costly as a fence here. (AtomicLong's opaque accessors, not a
        // VarHandle: only the memory accessor classes hold VarHandles, ArchitectureTest.)
        rings.setOpaque(rings.getOpaque() + 1);
        peers.release();
    }

    @Override
    public boolean await(long timeoutNanos) throws InterruptedException {
        return mine.await(timeoutNanos);
    }

    @Override
    public long rings() {
        return rings.getOpaque();
    }

    @Override
    public void close() {
        // Nothing held.
    }

    /**
     * Where one thread sleeps until a doorbell rings it: a binary semaphore with one waiter (a SynIC SINT's
     * pending flag). Rings before an await are not lost; several coalesce into one wake-up.
     */
    public static final class WakeLine {
        private final AtomicInteger pending = new AtomicInteger();
        /** The owner's heartbeat ({@link #beat()}); written by the owner only. */
        private final AtomicLong beats = new AtomicLong();
        private volatile Thread waiter;
        /** Set by {@link #hold()}, cleared by {@link #flush()}: the ringing thread's own (plain fields). */
        private boolean holding;
        /** A ring came while holding: {@link #flush()} unparks. */
        private boolean owed;

        /** A line nothing has rung yet. */
        public WakeLine() {
            // Fields start clear.
        }

        /**
         * Until {@link #flush()}, rings of this line set its pending flag at once but leave a parked waiter parked:
         * the ringing thread finishes its turn first and wakes the waiter once at its end (as an interrupt
         * controller coalesces the interrupts of one burst). Nothing is lost: a waiter that looks sees the flag, and
         * one already parked is unparked by the flush. Only for a line every ring of which comes from the thread
         * that holds it (the storvsc host's worker rings the guest's line for every lane's completions and freed
         * space); the flush is bounded by that thread's turn.
         */
        public void hold() {
            holding = true;
        }

        /** Ends {@link #hold()}: unparks the waiter if a ring came meanwhile. */
        public void flush() {
            holding = false;
            if (owed) {
                owed = false;
                Thread t = waiter;
                if (t != null) {
                    LockSupport.unpark(t);
                }
            }
        }

        void release() {
            if (pending.get() == 1) {
                // Already pending: the waiter has not consumed the last ring, so it will see this one too (rings
                // coalesce). No waiter is parked with pending set: whoever set it read `waiter` afterwards and
                // unparked it, and a waiter that came later sees it in its compareAndSet. Skipping the volatile
                // store saves a locked instruction per ring while the peer is busy (a saturated ring).
                return;
            }
            pending.set(1);
            if (holding) {
                owed = true; // unparked by flush, after the pending store above (the same order as below)
                return;
            }
            // Volatile store of pending, then volatile load of waiter; await does the opposite order, so either
            // the waiter sees pending or we see the waiter (sequentially consistent volatiles).
            Thread t = waiter;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }

        /** How {@link #await(long, PeerSpin)} ended. */
        public enum Wait {
            /** A ring came while the waiter spun: no park, no unpark. */
            SPUN,
            /** A ring ended a park (or had come before the wait). */
            WOKEN,
            /** Neither within the timeout. */
            TIMED_OUT
        }

        /**
         * As {@link #await(long)}, spinning on the pending flag first for as long as {@code spin} allows (bounded;
         * while the peer runs), then parking for the rest of the timeout. The flag is the one a park waits for, set
         * by the same rings, so the caller's last look before waiting (the fenced look at its rings) keeps its
         * meaning: a packet published after it rings this line whether the waiter spins or parks; the ring's
         * signal rule is untouched. A spinning waiter has no {@code waiter} thread set, so a ring meanwhile costs
         * its ringer no unpark system call.
         *
         * @param timeoutNanos longest wait in all, spin included
         * @param spin         when to spin (the waiting thread's own)
         * @return how the wait ended
         * @throws InterruptedException if the waiting thread is interrupted
         */
        public Wait await(long timeoutNanos, PeerSpin spin) throws InterruptedException {
            long spent = spin.spin(pending, timeoutNanos);
            if (spent >= 0) {
                return Wait.SPUN;
            }
            long left = timeoutNanos - (-1 - spent);
            if (left <= 0) {
                return pending.compareAndSet(1, 0) ? Wait.WOKEN : Wait.TIMED_OUT;
            }
            return await(left) ? Wait.WOKEN : Wait.TIMED_OUT;
        }

        /**
         * Marks progress of the thread that sleeps on this line (its heartbeat, which a peer's {@link PeerSpin}
         * watches): called by that thread only, as it works. An opaque store, plain on x86.
         */
        public void beat() {
            beats.setOpaque(beats.getOpaque() + 1);
        }

        long beats() {
            return beats.getOpaque();
        }

        /** @return true if the owner is parked on this line and nothing has rung it: it is idle */
        boolean isIdle() {
            return waiter != null && pending.get() == 0;
        }

        /** @return true if the owner is parked on this line and a ring is pending: it is being woken */
        boolean isWaking() {
            return waiter != null && pending.get() == 1;
        }

        /**
         * Waits until a doorbell rang this line since the last successful await, or the timeout passes. One
         * thread at a time.
         *
         * @return true if rung, false on timeout
         * @throws InterruptedException if the waiting thread is interrupted
         */
        public boolean await(long timeoutNanos) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutNanos;
            waiter = Thread.currentThread();
            try {
                while (!pending.compareAndSet(1, 0)) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException("interrupted while awaiting a doorbell");
                    }
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        return false;
                    }
                    LockSupport.parkNanos(this, remaining);
                }
                return true;
            } finally {
                waiter = null;
            }
        }
    }
}
