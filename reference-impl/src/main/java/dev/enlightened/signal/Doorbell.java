package dev.enlightened.signal;

/**
 * One party's end of a two-way signal link. Signals are edge events that coalesce, like a Hyper-V event flag: a
 * ring that arrives before {@link #await} is not lost, several rings before one await wake it once.
 */
public interface Doorbell extends AutoCloseable {

    /** Wakes the peer. Never blocks; counted in {@link #rings()}. */
    void ring();

    /**
     * Waits until the peer rang since the last successful await, or the timeout passes.
     *
     * @return true if woken by the peer, false on timeout or when the peer has gone
     * @throws InterruptedException if the waiting thread is interrupted
     */
    boolean await(long timeoutNanos) throws InterruptedException;

    /** Number of times this end rang the peer. */
    long rings();

    /** Releases the OS resources, if any. */
    @Override
    void close();
}
