package dev.enlightened.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The hooks switch: on by default; {@code -Denlightened.ring.hooks=false} removes them and refuses observers. */
class RingHooksTest {

    @Test
    void hooksAreOnByDefaultAndNoneMeansNoTracing() {
        assertTrue(RingHooks.ENABLED);
        assertFalse(RingHooks.tracing(RingObserver.NONE));
        assertTrue(RingHooks.tracing((a, v, w, r, m, p) -> { }));
    }

    @Test
    void compiledOutHooksStillMovePacketsButRefuseAnObserver() throws Exception {
        assertEquals("enabled=false untraced=Written[] traced=refused: a ring observer was given but"
                + " -Denlightened.ring.hooks=false compiled the hooks out; its trace would stay empty",
                probe("-D" + RingHooks.PROPERTY + "=false"));
        assertEquals("enabled=true untraced=Written[] traced=accepted", probe("-Dunrelated=1"));
    }

    private static String probe(String property) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), property, "-cp", classpath,
                RingHooksProbe.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe JVM finished");
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }
}
