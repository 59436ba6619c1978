package dev.enlightened.validation.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * TraceSearch from its contract: silent steps are bounded per gap by the module's {@code TraceSilent} (a positive
 * bound), each (event index, state) pair is explored once (a deterministic, fully logged trace costs one pair per event), an unlogged
 * choice is reported as an ambiguity, a rejection keeps the deepest matched states, and thinned stack chunks decide
 * as full ones. The clauses run in forked JVMs ({@link TraceSearchProbe}): a JVM can load one spec only.
 */
class TraceSearchTest {

    private static String probe(String bound) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Denlightened.root=" + System.getProperty("enlightened.root", ".."),
                TraceSearchProbe.class.getName(), bound)).redirectErrorStream(true).start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the probe JVM ended");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void theModulesBoundCrossesGapsAndTheSearchIsLinearOnAFullTrace() throws Exception {
        String out = probe("cap");
        assertTrue(out.contains("checked 13"), "every clause ran: " + out);
    }

    @Test
    void aBoundOfOneSilentStepCannotCrossAGapOfTwo() throws Exception {
        String out = probe("1");
        assertTrue(out.contains("checked 3"), "every clause ran: " + out);
    }

    @Test
    void aBoundOfZeroIsRefusedWhenTheModuleLoads() throws Exception {
        String out = probe("0");
        assertTrue(out.contains("checked 2"), "every clause ran: " + out);
    }
}
