package dev.enlightened.sim;

/**
 * A party of a simulated run (producer, consumer, guest dispatcher, host, ...) that takes one atomic protocol
 * step at a time. {@link #step()} is only called when {@link #canStep()} returned true in the same tick.
 */
public interface Actor {
    /** Stable name, used as the trace event's actor. */
    String name();

    /** True iff the actor has a step it can take now (not blocked, not finished). */
    boolean canStep();

    /** Takes exactly one atomic step (and logs it). */
    void step();

    /** True once the actor has nothing more to do; a finished actor is not blocked. */
    boolean finished();

    /** When neither finished nor able to step: what it waits for (e.g. "doorbell", "space"). */
    String waitingFor();

    /**
     * When the actor waits with a timeout: the time (in the run's {@link dev.enlightened.clock.Clock}) at which the
     * wait expires and the actor can step again, to end it with a typed failure.
     *
     * @return the deadline in nanoseconds, or {@link Long#MAX_VALUE} for none (the default)
     */
    default long wakeAtNanos() {
        return Long.MAX_VALUE;
    }
}
