package dev.enlightened.fray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Phase 2 of -Pfray, in a plain JVM: every trace the Fray phase wrote is validated against the spec, in one engine
 * batch per family. The correct runs must all be ACCEPTED; the faulty ones must be REJECTED at least once (Fray
 * reached the race and the spec caught it). The counts go to target/fray-report.txt.
 */
class FrayTracesTest {

    @Test
    void everyCorrectRingIterationIsAccepted() throws IOException {
        for (String family : List.of("ring-pos", "ring-pct", "ring-idle-pos")) {
            Counts c = validate(family);
            assertEquals(RingFrayTest.ITERATIONS, c.total, family + ": one trace per iteration");
            assertEquals(c.total, c.accepted, family + ": every trace ACCEPTED");
        }
    }

    @Test
    void everyCorrectChannelsIterationIsAccepted() throws IOException {
        Counts c = validate("channels-pos");
        assertEquals(ChannelsFrayTest.ITERATIONS, c.total, "channels-pos: one trace per iteration");
        assertEquals(c.total, c.accepted, "channels-pos: every trace ACCEPTED");
    }

    @Test
    void someIterationOfEachRingFaultIsRejected() throws IOException {
        for (String family : List.of("ring-H1", "ring-H2", "ring-H3")) {
            assertSomeRejected(family, RingFrayTest.ITERATIONS);
        }
    }

    @Test
    void someIterationOfH8IsRejected() throws IOException {
        assertSomeRejected("channels-H8", ChannelsFrayTest.ITERATIONS);
    }

    private static void assertSomeRejected(String family, int iterations) throws IOException {
        Counts c = validate(family);
        assertEquals(iterations, c.total, family + ": one trace per iteration");
        assertEquals(0, c.badInput, family + ": no trace is bad input");
        assertTrue(c.rejected > 0, family + ": Fray must reach the race in some iteration: " + c);
    }

    private record Counts(String family, int total, int accepted, int rejected, int badInput, long wallMillis) {
    }

    private static Counts validate(String family) throws IOException {
        List<Path> traces = FrayTraces.list(family);
        TraceValidator.Report report = TraceValidator.forRepository().run(traces);
        int accepted = 0;
        int rejected = 0;
        int bad = 0;
        for (Verdict v : report.verdicts()) {
            if (v instanceof Verdict.Accepted) {
                accepted++;
            } else if (v instanceof Verdict.Rejected) {
                rejected++;
            } else {
                bad++;
            }
        }
        Counts c = new Counts(family, traces.size(), accepted, rejected, bad, report.wallMillis());
        Files.writeString(Path.of("target", "fray-report.txt"), c + System.lineSeparator(),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        System.out.println("fray " + c);
        return c;
    }
}
