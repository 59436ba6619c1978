package dev.enlightened.validation.engine;

import org.junit.jupiter.api.Test;

/**
 * A RECURSIVE definition in an invariant conjunct evaluates by compiled code to TLC's value, on Relay in a forked JVM
 * ({@link CompiledRecursionProbe}).
 */
class CompiledRecursionTest {
    @Test
    void aRecursiveSumInAnInvariantIsTlcsValue() throws Exception {
        RelayProbe.fork(CompiledRecursionProbe.class, 13);
    }
}
