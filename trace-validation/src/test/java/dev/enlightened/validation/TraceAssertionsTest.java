package dev.enlightened.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The test helper fails with the rendered diagnosis and keeps the failing trace under target/. */
class TraceAssertionsTest {
    private static final Path RELAY = Path.of("src/test/resources/traces/relay");

    @Test
    void passesAnAcceptedTraceAndReturnsItsVerdict() {
        assertEquals(8, TraceAssertions.assertAccepted(ExampleModules.validator(), RELAY.resolve("accepted-full.ndjson")).events());
    }

    @Test
    void failsARejectedTraceWithItsDiagnosisAndKeepsIt() throws Exception {
        Path trace = RELAY.resolve("rejected-impossible-order.ndjson");
        AssertionError e = assertThrows(AssertionError.class, () -> TraceAssertions.assertAccepted(ExampleModules.validator(), trace));
        assertTrue(e.getMessage().contains("REJECTED") && e.getMessage().contains("inbox /= <<>>"), e.getMessage());
        Path kept = Path.of("target/failed-traces/rejected-impossible-order.ndjson");
        assertTrue(Files.isRegularFile(kept), "kept under target/failed-traces");
        assertEquals(Files.readString(trace), Files.readString(kept));
    }

    @Test
    void assertRejectedAtChecksTheEventIndex() {
        assertEquals(5, TraceAssertions.assertRejectedAt(ExampleModules.validator(), RELAY.resolve("rejected-wrong-post.ndjson"), 5).seq());
        assertThrows(AssertionError.class,
                () -> TraceAssertions.assertRejectedAt(ExampleModules.validator(), RELAY.resolve("rejected-wrong-post.ndjson"), 4));
    }
}
