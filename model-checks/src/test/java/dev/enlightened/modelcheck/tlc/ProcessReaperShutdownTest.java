package dev.enlightened.modelcheck.tlc;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When the JVM running the harness is terminated (Ctrl-C, a killed build), its TLC JVMs die with it. */
class ProcessReaperShutdownTest {

    @Test
    void terminatingTheHarnessJvmKillsItsTlcJvm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process harness = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ShutdownProbe.class.getName()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Optional<ProcessHandle> tlc = Optional.empty();
        try {
            for (int i = 0; i < 300 && tlc.isEmpty(); i++) {
                Thread.sleep(100);
                tlc = harness.descendants()
                        .filter(p -> p.info().commandLine().orElse("").contains("tlc2.TLC")).findFirst();
            }
            assertTrue(tlc.isPresent(), "the harness JVM started TLC");
            harness.destroy(); // SIGTERM: shutdown hooks run
            assertTrue(harness.waitFor(30, TimeUnit.SECONDS));
            // Throws TimeoutException, failing the test, if the TLC JVM outlives the harness.
            tlc.get().onExit().get(20, TimeUnit.SECONDS);
            assertFalse(tlc.get().isAlive(), "TLC JVM " + tlc.get().pid() + " outlived the harness");
        } finally {
            ProcessReaper.killTree(harness);
            tlc.ifPresent(ProcessReaper::killTree); // an orphan, if the test failed
        }
    }
}
