package dev.enlightened.validation.engine;

import org.junit.jupiter.api.Test;

/**
 * Gaps from its contract: one more silent step from each frontier state, within each silent action's bound per gap
 * (a bound reached stops the gap although the action is still enabled), skipping states already seen in the gap and
 * dropping states that fail the invariants, asking the caller's source predicate only where a step is within bound;
 * and the variables in which equally fitting states differ. On Relay, in a forked JVM ({@link GapsProbe}).
 */
class GapsTest {
    @Test
    void silentStepsAreBoundedPerGapAndDifferingVariablesAreNamed() throws Exception {
        RelayProbe.fork(GapsProbe.class, 19);
    }
}
