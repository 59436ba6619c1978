package dev.enlightened.validation.engine;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ValueCodec from its contract: every JSON kind of a trace maps to one TLA+ kind and back, TLC's 32-bit bounds hold
 * at both ends, null and fractions are errors naming their path, and spec-only values (sets, functions) render as
 * documented. The clauses run in a forked JVM ({@link ValueCodecProbe}): TLC values touch TLC's global state.
 */
class ValueCodecContractTest {

    @Test
    void everyClauseOfTheContractHolds() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                ValueCodecProbe.class.getName())).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the probe JVM ended");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("checked 30"), "every clause ran: " + out);
    }
}
