package dev.enlightened.validation.engine;

import org.junit.jupiter.api.Test;

/**
 * Witness from its contract ({@code enlightened-witness/1}, docs/trace-format.md): for an accepted trace, per event
 * its action, actor, parameters, the silent steps before it with their states, and the full spec state after it,
 * step 0 being the initial state; nothing for a rejected trace. On Relay, in a forked JVM ({@link WitnessProbe}).
 */
class WitnessTest {
    @Test
    void anAcceptedTracesWitnessKeepsEveryStepSilentStepAndState() throws Exception {
        RelayProbe.fork(WitnessProbe.class, 12);
    }
}
