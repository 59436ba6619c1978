package dev.enlightened.validation.engine;

import org.junit.jupiter.api.Test;

/**
 * TraceChecker from its contract: parse, bind, search, verdict. Accepted with its figures and under-logging
 * warnings (rejected AMBIGUOUS with {@code strict}); rejected at the first event no behaviour explains, with its
 * kind (no match, quiescence, invariant); bad input at the line for format defects, type errors, another batch's
 * constants and defects past the rejection; coverage only from accepted traces. On the Relay fixtures
 * (src/test/resources/traces/relay), in a forked JVM ({@link TraceCheckerProbe}).
 */
class TraceCheckerTest {
    @Test
    void eachTraceGetsTheVerdictItsContentDeserves() throws Exception {
        RelayProbe.fork(TraceCheckerProbe.class, 18);
    }
}
