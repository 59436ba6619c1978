package dev.enlightened.validation.engine.compile;

/**
 * A compiled action, evaluated as TLC's {@code getNextStates} does: conjuncts left to right, each {@code x' = e}
 * assigning an unassigned {@code x'} (comparing an assigned one), every way the action can hold going on to the
 * continuation with the assignments it made, which it undoes afterwards.
 */
@FunctionalInterface
interface Act {
    void run(Frame f, Cont k);

    /** What follows an action: the rest of the conjunction, at the end the successor's completion. */
    @FunctionalInterface
    interface Cont {
        void go(Frame f);
    }
}
