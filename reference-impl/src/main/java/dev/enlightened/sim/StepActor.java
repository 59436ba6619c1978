package dev.enlightened.sim;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * An execution context made of the driver's own methods: the step it takes, when it can take it, what it waits for
 * and when its timer fires. The netvsc guest's and host's contexts (primary, offer work, sub-channel open, xmit,
 * NAPI, TX completion, RX) are all of this shape; an actor is finished once it cannot step and has no timer.
 *
 * @param name  the actor's name in traces and diagnoses
 * @param can   whether {@link #step()} may run now
 * @param body  one step
 * @param waits what it waits for while it cannot step
 * @param wake  when its next timeout fires (virtual nanoseconds), {@link Long#MAX_VALUE} without one
 */
public record StepActor(String name, BooleanSupplier can, Runnable body, Supplier<String> waits, LongSupplier wake)
        implements Actor {

    /** A context without a timer. */
    public StepActor(String name, BooleanSupplier can, Runnable body, Supplier<String> waits) {
        this(name, can, body, waits, () -> Long.MAX_VALUE);
    }

    @Override
    public long wakeAtNanos() {
        return wake.getAsLong();
    }

    @Override
    public boolean canStep() {
        return can.getAsBoolean();
    }

    @Override
    public void step() {
        body.run();
    }

    /**
     * Finished once it cannot step and no timer of its runs: a context that waits with a deadline is blocked, not
     * finished, so that the scheduler sees its deadline (a finished actor's was ignored, and the netvsc timeouts
     * never fired under the deterministic scheduler).
     */
    @Override
    public boolean finished() {
        return !canStep() && wakeAtNanos() == Long.MAX_VALUE;
    }

    @Override
    public String waitingFor() {
        return waits.get();
    }
}
