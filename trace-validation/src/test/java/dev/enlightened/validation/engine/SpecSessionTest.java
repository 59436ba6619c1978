package dev.enlightened.validation.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SpecSession from its contract: it reads a trace module's conventions (matchers {@code Is<Event>}, {@code TraceView},
 * {@code TraceSilent} bounds, {@code TraceParties}, the config's invariants), substitutes the header's constants into
 * the config, and refuses with one line: constants TLC cannot hold (before parsing), constants that break an ASSUME,
 * a missing config, a config naming a liveness property. Forked JVMs ({@link SpecSessionProbe}): one spec per JVM.
 */
class SpecSessionTest {

    private static String probe(String mode) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Denlightened.root=" + System.getProperty("enlightened.root", ".."),
                SpecSessionProbe.class.getName(), mode)).redirectErrorStream(true).start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the probe JVM ended");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void readsTheModulesConventionsAndRefusesConstantsTlcCannotHold() throws Exception {
        assertTrue(probe("ok").contains("checked 12"));
    }

    @Test
    void refusesConstantsThatBreakAnAssume() throws Exception {
        assertTrue(probe("assume").contains("checked 1"));
    }

    @Test
    void refusesAConfigNamingALivenessProperty() throws Exception {
        assertTrue(probe("liveness").contains("checked 1"));
    }
}
