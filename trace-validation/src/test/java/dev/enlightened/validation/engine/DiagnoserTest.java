package dev.enlightened.validation.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Diagnoser from its contract: for an event no state fits, the matcher's conjuncts are evaluated in order up to the
 * first FALSE one (with its source location), and each step the spec allows is diffed field by field against the
 * event; a step that fits but breaks an invariant is named as such; a Quiescent claim for a party the spec lets step
 * names the enabled step. The clauses run in a forked JVM ({@link DiagnoserProbe}): a JVM can load one spec only.
 */
class DiagnoserTest {

    @Test
    void everyClauseOfTheContractHolds() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Denlightened.root=" + System.getProperty("enlightened.root", ".."),
                DiagnoserProbe.class.getName())).redirectErrorStream(true).start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the probe JVM ended");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("checked 13"), "every clause ran: " + out);
    }
}
