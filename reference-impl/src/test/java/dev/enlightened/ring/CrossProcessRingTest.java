package dev.enlightened.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.signal.UnixSocketDoorbell;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVM processes share one ring through a memory-mapped file and ring each other over a Unix domain socket:
 * the child produces, this JVM consumes and verifies.
 */
class CrossProcessRingTest {

    private static final int DATA_LENGTH = 4096;
    private static final long COUNT = 100_000;
    private static final long SEED = 20261123;
    private static final int MAX_PAYLOAD = 512;
    private static final Pattern SUMMARY = Pattern.compile(
            "producer packets=(\\d+) signals=(\\d+) wraps=(\\d+) blocked=(\\d+) doorbell_rings=(\\d+)");

    @Test
    @Timeout(value = 50, unit = TimeUnit.SECONDS)
    void exchangesChecksummedPacketsWithAnotherProcessThroughWrapAndBackPressure(@TempDir Path dir)
            throws Exception {
        Path ringFile = dir.resolve("ring");
        Files.write(ringFile, new byte[RingDescriptor.DATA_OFFSET + DATA_LENGTH]);
        Path socket = dir.resolve("doorbell.sock");
        Process child = startProducer(ringFile, socket);
        try (UnixSocketDoorbell doorbell = UnixSocketDoorbell.accept(socket, TimeUnit.SECONDS.toNanos(20))) {
            RingConsumer consumer = new RingConsumer(ByteBufferRingMemory.map(ringFile, DATA_LENGTH), doorbell);
            StreamingConsumer stream = new StreamingConsumer(consumer, new PacketStream(SEED, MAX_PAYLOAD));
            stream.run(COUNT, TimeUnit.SECONDS.toNanos(40));
            assertTrue(child.waitFor(20, TimeUnit.SECONDS), "producer process exited");
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, child.exitValue(), output);
            assertNull(stream.failure());
            assertEquals(COUNT, stream.received());
            assertEquals(0, stream.lostWakeups());
            Matcher summary = SUMMARY.matcher(output);
            assertTrue(summary.find(), output);
            assertEquals(COUNT, Long.parseLong(summary.group(1)));
            assertTrue(Long.parseLong(summary.group(3)) > 0, "wrap-around happened: " + output);
            assertTrue(Long.parseLong(summary.group(4)) > 0, "the producer blocked: " + output);
            assertTrue(consumer.signals() > 0, "the consumer woke the blocked producer");
            System.out.println(output.trim() + " | consumer packets=" + consumer.packetsRead() + " signals="
                    + consumer.signals() + " batches=" + consumer.batches());
        } finally {
            child.destroyForcibly();
        }
    }

    private static Process startProducer(Path ringFile, Path socket) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", classpath,
                CrossProcessProducer.class.getName(), ringFile.toString(), socket.toString(),
                String.valueOf(DATA_LENGTH), String.valueOf(COUNT), String.valueOf(SEED),
                String.valueOf(MAX_PAYLOAD)));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }
}
