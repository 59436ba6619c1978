package dev.enlightened.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertDeletedWhenProbeEnds("INT");
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
            assertTrue(probe.waitFor(30, TimeUnit.SECONDS), "the probe ended");
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
                Thread.sleep(60_000);
            }
        }
    }
}
