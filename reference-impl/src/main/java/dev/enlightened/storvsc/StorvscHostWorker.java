package dev.enlightened.storvsc;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The simulated host on a thread of its own, for real-thread runs (the block device, the benchmark): it serves the
 * given channels' {@link StorvscHostIo}s in turn, reading every request waiting and completing them in arrival
 * order (the scheduled runs cover the out-of-order case), and parks briefly when all are idle. {@link #stop}
 * ends it; the caller joins its thread with a timeout.
 */
public final class StorvscHostWorker implements Runnable {
    /** Most packets read from one channel per turn, so one busy channel cannot starve the others. */
    private static final int BUDGET = 64;
    private static final int SPINS = 200;
    private static final long PARK_NANOS = 50_000;

    private final List<StorvscHostIo> lanes;
    private volatile boolean stopped;
    /** Written by the serving thread only. */
    private volatile long served;

    /** @param lanes the channels to serve (one thread at a time may use each: this one, once started) */
    public StorvscHostWorker(List<StorvscHostIo> lanes) {
        this.lanes = List.copyOf(lanes);
    }

    @Override
    public void run() {
        int idle = 0;
        while (!stopped) {
            if (serveOnce()) {
                idle = 0;
            } else if (idle++ < SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(PARK_NANOS);
            }
        }
    }

    /**
     * One turn over every channel: held completions retried, waiting requests read, every request held completed.
     * Called by {@link #run}, or by a caller that runs guest and host on one thread.
     *
     * @return true if anything moved
     */
    public boolean serveOnce() {
        boolean progress = false;
        for (StorvscHostIo h : lanes) {
            if (h.hasHeld()) {
                progress |= h.sendHeld();
            }
            for (int i = 0; i < BUDGET && h.canReceive(); i++) {
                progress |= h.receive() != null;
            }
            while (h.canComplete()) {
                h.complete(0);
                served++;
                progress = true;
            }
        }
        return progress;
    }

    /** Asks the thread to end after its current turn. */
    public void stop() {
        stopped = true;
    }

    /** @return requests completed so far */
    public long served() {
        return served;
    }
}
