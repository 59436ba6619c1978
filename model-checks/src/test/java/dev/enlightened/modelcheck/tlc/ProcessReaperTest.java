package dev.enlightened.modelcheck.tlc;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kills a whole tree, not just the direct child. */
class ProcessReaperTest {

    @Test
    void killsGrandchildrenToo() throws Exception {
        Process shell = ProcessReaper.register(new ProcessBuilder("sh", "-c", "sleep 300 & sleep 300 & wait")
                .start());
        List<ProcessHandle> grandchildren = List.of();
        for (int i = 0; i < 50 && grandchildren.size() < 2; i++) {
            Thread.sleep(100);
            grandchildren = shell.toHandle().descendants().toList();
        }
        assertTrue(grandchildren.size() >= 2, "the shell started its two sleeps");
        ProcessReaper.killTree(shell);
        assertFalse(shell.isAlive());
        grandchildren.forEach(g -> assertFalse(g.isAlive(), "orphan left: pid " + g.pid()));
    }
}
