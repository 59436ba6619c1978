package dev.enlightened.modelcheck.result;

import java.util.List;
import java.util.OptionalInt;

/**
 * A behaviour TLC printed as evidence. A safety trace is a finite prefix. A liveness trace is a lasso: it
 * either loops back to state {@code loopsBackTo} through {@code loopAction}, or ends in infinite stuttering.
 *
 * @param states      the states in order, numbered from 1
 * @param loopsBackTo the 1-based state number the lasso returns to, when it is a loop
 * @param loopAction  the action closing the loop, or empty
 * @param stutters    whether the behaviour ends by stuttering forever
 */
public record Counterexample(List<TraceState> states, OptionalInt loopsBackTo, String loopAction,
                             boolean stutters) {
    /** Copies the state list. */
    public Counterexample {
        states = List.copyOf(states);
    }

    /** Whether this is a liveness lasso (a loop or final stuttering) rather than a finite prefix. */
    public boolean isLasso() {
        return loopsBackTo.isPresent() || stutters;
    }
}
