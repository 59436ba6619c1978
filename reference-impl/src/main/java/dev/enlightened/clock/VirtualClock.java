package dev.enlightened.clock;

/**
 * The simulation's time. Steps take no virtual time; the deterministic scheduler advances the clock to the
 * earliest pending deadline when no context can step (every context waits), as a discrete-event simulation does.
 * So a run whose host answers never reaches a timeout, whatever the schedule, and a run whose host never answers
 * reaches it in one jump instead of by spinning. Not thread-safe: the scheduler's thread owns it.
 */
public final class VirtualClock implements Clock {
    private long nanos;

    @Override
    public long nanos() {
        return nanos;
    }

    /**
     * Moves time forward to {@code when}; never backwards.
     *
     * @param when the new time in nanoseconds
     * @throws IllegalArgumentException if {@code when} is before now
     */
    public void advanceTo(long when) {
        if (when < nanos) {
            throw new IllegalArgumentException("virtual time cannot go back: now=" + nanos + " when=" + when);
        }
        nanos = when;
    }

    /**
     * @param delta nanoseconds to add (non-negative)
     * @throws IllegalArgumentException if {@code delta} is negative
     */
    public void advance(long delta) {
        if (delta < 0) {
            throw new IllegalArgumentException("virtual time cannot go back: delta=" + delta);
        }
        advanceTo(Clock.deadline(nanos, delta));
    }
}
