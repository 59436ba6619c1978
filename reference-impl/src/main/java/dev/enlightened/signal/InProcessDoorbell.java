package dev.enlightened.signal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A doorbell between threads of one JVM: a pending flag plus {@link LockSupport} park/unpark, allocation-free.
 * Create both ends with {@link #pair()}; each end has one waiting thread at a time and one ringing thread at a time
 * (calls to {@link #ring()} on one end ordered by happens-before, as a ring's one producer and one consumer are).
 */
public final class InProcessDoorbell implements Doorbell {

    private final Latch mine;
    private final Latch peers;
    @dev.enlightened.sim.StateDigest.Ignored("a statistic: read by rings() only, which no protocol decision uses")
    private long rings;

    private static final VarHandle RINGS;

    static {
        try {
            RINGS = MethodHandles.lookup().findVarHandle(InProcessDoorbell.class, "rings", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private InProcessDoorbell(Latch mine, Latch peers) {
        this.mine = mine;
        this.peers = peers;
    }

    /** Two connected ends: ringing one wakes a thread awaiting the other. */
    public static InProcessDoorbell[] pair() {
        Latch a = new Latch();
        Latch b = new Latch();
        return new InProcessDoorbell[] {new InProcessDoorbell(a, b), new InProcessDoorbell(b, a)};
    }

    @Override
    public void ring() {
        // One thread rings an end (the producer or the consumer of one ring, each one thread at a time), so a plain
        // increment counts exactly; opaque so a reader on another thread sees a whole value. An atomic increment was
        // a locked instruction per signal, as costly as a fence here.
        RINGS.setOpaque(this, (long) RINGS.getOpaque(this) + 1);
        peers.release();
    }

    @Override
    public boolean await(long timeoutNanos) throws InterruptedException {
        return mine.await(timeoutNanos);
    }

    @Override
    public long rings() {
        return (long) RINGS.getOpaque(this);
    }

    @Override
    public void close() {
        // Nothing held.
    }

    /** A binary semaphore with one waiter. */
    private static final class Latch {
        private final AtomicInteger pending = new AtomicInteger();
        private volatile Thread waiter;

        void release() {
            if (pending.get() == 1) {
                // Already pending: the waiter has not consumed the last ring, so it will see this one too (rings
                // coalesce). No waiter is parked with pending set: whoever set it read `waiter` afterwards and
                // unparked it, and a waiter that came later sees it in its compareAndSet. Skipping the volatile
                // store saves a locked instruction per ring while the peer is busy (a saturated ring).
                return;
            }
            pending.set(1);
            // Volatile store of pending, then volatile load of waiter; await does the opposite order, so either
            // the waiter sees pending or we see the waiter (sequentially consistent volatiles).
            Thread t = waiter;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }

        boolean await(long timeoutNanos) throws InterruptedException {
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
