package dev.enlightened.validation.engine;

import org.junit.jupiter.api.Test;

/**
 * InvariantCheck from its contract: the invariants split into conjuncts, each with the variables it reads;
 * {@code holds} evaluates in full; {@code holdsAfter} skips a conjunct whose variables the step left untouched (the
 * source state held it) and evaluates the rest. On Relay, in a forked JVM ({@link InvariantCheckProbe}).
 */
class InvariantCheckTest {
    @Test
    void onlyConjunctsReadingChangedVariablesAreEvaluatedAgain() throws Exception {
        RelayProbe.fork(InvariantCheckProbe.class, 12);
    }
}
