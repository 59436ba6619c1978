package dev.enlightened.sim;

import java.util.List;

/**
 * How a scheduled run ended.
 *
 * @param steps   steps taken
 * @param blocked actors that could not step and were not finished when the run ended (empty if all finished)
 * @param budgetExhausted true iff the run stopped because it reached its step budget
 */
public record RunOutcome(long steps, List<Actor> blocked, boolean budgetExhausted) {
    public RunOutcome {
        blocked = List.copyOf(blocked);
    }

    /** True iff every actor finished. */
    public boolean completed() {
        return blocked.isEmpty() && !budgetExhausted;
    }
}
