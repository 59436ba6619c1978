package dev.enlightened.validation.engine;

import org.junit.jupiter.api.Test;

/**
 * Quiescence from its contract: a party is blocked only if none of its actions (per {@code TraceParties}) can take a
 * real step, now or after the silent steps a gap allows; otherwise the step is described, saying after how many
 * silent steps of which actions. On Relay, in a forked JVM ({@link QuiescenceProbe}).
 */
class QuiescenceTest {
    @Test
    void aPartyIsBlockedOnlyWhenNoneOfItsActionsCanStepEvenAfterSilentSteps() throws Exception {
        RelayProbe.fork(QuiescenceProbe.class, 7);
    }
}
