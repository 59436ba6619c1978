package dev.enlightened.ring.scenario;

import dev.enlightened.signal.Doorbell;

/**
 * The doorbells of a threaded run, under one monitor that also sees who is asleep: the run is quiescent, exactly,
 * when every party that has not finished is asleep on a doorbell nobody rang (then nobody can ring it any more).
 * Party 0 is the producer, party 1 the consumer.
 */
final class ThreadedDoorbells {
    private final boolean[] latched = new boolean[2];
    private final boolean[] asleep = new boolean[2];
    private final boolean[] finished = new boolean[2];
    private final LockingRingMemory memory;
    private Throwable failure;

    /** Doorbells whose wakeups take {@code memory}'s step lock, like every other step of the run. */
    ThreadedDoorbells(LockingRingMemory memory) {
        this.memory = memory;
    }

    /** The doorbell party {@code self} awaits and rings its peer with. */
    Doorbell end(int self) {
        return new Doorbell() {
            private long rings;

            /**
             * Sets the peer's latch, then ends the signal's step: its event was logged under the step lock, which is
             * still held, so logging and ringing are one step as in the spec.
             */
            @Override
            public void ring() {
                rings++;
                synchronized (ThreadedDoorbells.this) {
                    latched[1 - self] = true;
                    ThreadedDoorbells.this.notifyAll();
                }
                memory.endStep();
            }

            /**
             * Sleeps until rung, then consumes the latch under the step lock, which the caller's ...ConsumesDoorbell
             * event releases: consuming and logging are one step, so no peer signal is logged in between (the spec's
             * doorbell bit and the latch never disagree). Only this party clears its latch, so it stays set meanwhile.
             * Lock order everywhere: step lock, then this monitor (ring() holds the step lock too).
             */
            @Override
            public boolean await(long timeoutNanos) throws InterruptedException {
                synchronized (ThreadedDoorbells.this) {
                    asleep[self] = true;
                    ThreadedDoorbells.this.notifyAll();
                    try {
                        while (!latched[self]) {
                            ThreadedDoorbells.this.wait();
                        }
                    } finally {
                        asleep[self] = false;
                    }
                }
                memory.beginStep();
                synchronized (ThreadedDoorbells.this) {
                    latched[self] = false;
                }
                return true;
            }

            @Override
            public long rings() {
                return rings;
            }

            @Override
            public void close() {
                // Nothing held.
            }
        };
    }

    synchronized void finished(int party, Throwable error) {
        finished[party] = true;
        if (error != null && failure == null) {
            failure = error;
        }
        notifyAll();
    }

    /** True when party {@code p} sleeps on a doorbell nobody rang. */
    synchronized boolean blocked(int p) {
        return !finished[p] && asleep[p] && !latched[p];
    }

    /**
     * Waits until the run is quiescent (every unfinished party blocked) or a party failed.
     *
     * @return false on timeout
     */
    synchronized boolean awaitQuiescence(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (failure == null && !((finished[0] || blocked(0)) && (finished[1] || blocked(1)))) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    synchronized Throwable failure() {
        return failure;
    }
}
