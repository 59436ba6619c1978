package dev.enlightened.validation.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * EventBinder from its contract: an event becomes the record {@code [action, actor, params, post, seq]} its matcher
 * receives, the bound matcher yields exactly the successors that fit it (none when the spec contradicts the event),
 * and reading refuses, at the line, an unknown action, a post field outside {@code TraceView}, a quiescence claim by
 * a non-party or a second one by the same party, and a header for another spec or other constants. The clauses run
 * in a forked JVM ({@link EventBinderProbe}): a JVM can load one spec only.
 */
class EventBinderTest {

    @Test
    void everyClauseOfTheContractHolds() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Denlightened.root=" + System.getProperty("enlightened.root", ".."),
                EventBinderProbe.class.getName())).redirectErrorStream(true).start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the probe JVM ended");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("checked 14"), "every clause ran: " + out);
    }
}
