package dev.enlightened.validation.engine;

import org.junit.jupiter.api.Test;

/**
 * Conjuncts from its contract: an action is split into the conjuncts TLC evaluates in turn, through {@code /\}
 * lists, LETs and defined operators whose body splits further (a call whose body does not split stays whole), each
 * with the context it is evaluated in, so the first FALSE one can be found; each conjunct's source text and
 * location come from its module. On Relay, in a forked JVM ({@link ConjunctsProbe}).
 */
class ConjunctsTest {
    @Test
    void anActionSplitsIntoItsConjunctsInEvaluationOrderWithTheirSource() throws Exception {
        RelayProbe.fork(ConjunctsProbe.class, 8);
    }
}
