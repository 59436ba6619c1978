package dev.enlightened.clock;

/**
 * A monotonic time source in nanoseconds. The guest measures every wait for a host reply against it, so that a
 * host that never answers ends the wait with a {@link WaitTimeout} instead of blocking the guest for ever.
 */
@FunctionalInterface
public interface Clock {
    /** A clock that never advances: waits measured against it never time out (for code that runs no waits). */
    Clock FROZEN = () -> 0L;

    /** @return the current time in nanoseconds; only differences are meaningful */
    long nanos();

    /** @return real time ({@link System#nanoTime()}), for runs on real threads */
    static Clock system() {
        return System::nanoTime;
    }

    /**
     * @param since   when the wait started, in this clock's nanoseconds
     * @param timeout the wait's bound in nanoseconds (non-negative)
     * @return the time at which a wait that started at {@code since} times out, saturating at
     *         {@link Long#MAX_VALUE}
     */
    static long deadline(long since, long timeout) {
        long d = since + timeout;
        return d < since ? Long.MAX_VALUE : d;
    }
}
