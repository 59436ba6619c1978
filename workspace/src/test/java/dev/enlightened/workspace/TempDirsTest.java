package dev.enlightened.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Temporary directories never outlive the JVM: deleted when done, on exit, on SIGTERM and on Ctrl-C (SIGINT). */
class TempDirsTest {

    @Test
    void createsAnEnlightenedNamedDirectoryAndDeletesItsWholeTree() throws Exception {
        Path dir = TempDirs.create("test");
        assertTrue(dir.getFileName().toString().startsWith("enlightened-test"));
        Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(dir.resolve("a/b/c.txt"), "x");
        assertTrue(TempDirs.live().contains(dir));
        TempDirs.delete(dir);
        assertFalse(Files.exists(dir));
        assertFalse(TempDirs.live().contains(dir));
        TempDirs.delete(dir); // twice is fine
    }

    @Test
    void aNormalExitDeletesWhatIsLeft() throws Exception {
        assertDeletedWhenProbeEnds(null);
    }

    @Test
    void sigtermDeletesWhatIsLeft() throws Exception {
        assertDeletedWhenProbeEnds("TERM");
    }

    @Test
    void ctrlCDeletesWhatIsLeft() throws Exception {
        // A JVM that inherits SIGINT ignored (any background job of a non-interactive shell, e.g. 'mvn ... &')
        // keeps it ignored and installs no handler, so Ctrl-C cannot reach it: then there is nothing to test.
        assumeFalse(sigintIgnoredHere(), "SIGINT is ignored in this process and would be in the probe too");
        assertDeletedWhenProbeEnds("INT");
    }

    /** @return true if this process ignores SIGINT (bit 2 of SigIgn in /proc/self/status) */
    private static boolean sigintIgnoredHere() throws java.io.IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & 2L) != 0;
            }
        }
        return false;
    }

    private static void assertDeletedWhenProbeEnds(String signal) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process probe = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Probe.class.getName(),
                signal == null ? "exit" : "wait").redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(probe.getInputStream(),
                    StandardCharsets.UTF_8));
            Path dir = Path.of(out.readLine());
            if (signal != null) {
                assertTrue(Files.isRegularFile(dir.resolve("file")), "the probe made " + dir);
                Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(probe.pid())).start();
                assertEquals(0, kill.waitFor());
            }
            // Generous: a loaded 2-core machine takes seconds to start and stop a JVM.
            assertTrue(probe.waitFor(120, TimeUnit.SECONDS), "the probe ended");
            assertFalse(Files.exists(dir), dir + " outlived the JVM that made it (signal " + signal + ")");
        } finally {
            probe.destroyForcibly();
        }
    }

    /** Makes a temp dir with a file in it, prints its path, then exits or waits to be signalled. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            Path dir = TempDirs.create("probe");
            Files.writeString(dir.resolve("file"), "x");
            System.out.println(dir);
            System.out.flush();
            if (args[0].equals("wait")) {
                Thread.sleep(300_000); // longer than the test waits: only the signal may end it
            }
        }
    }
}
