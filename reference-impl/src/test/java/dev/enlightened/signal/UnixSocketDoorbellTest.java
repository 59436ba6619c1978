package dev.enlightened.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketDoorbellTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private static UnixSocketDoorbell[] connectedPair(Path dir) throws Exception {
        Path socket = dir.resolve("bell.sock");
        CompletableFuture<UnixSocketDoorbell> server = CompletableFuture.supplyAsync(() -> {
            try {
                return UnixSocketDoorbell.accept(socket, 10 * SECOND);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        UnixSocketDoorbell client = UnixSocketDoorbell.connect(socket, 10 * SECOND);
        return new UnixSocketDoorbell[] {server.get(10, TimeUnit.SECONDS), client};
    }

    @Test
    void ringCrossesTheSocketAndCoalesces(@TempDir Path dir) throws Exception {
        UnixSocketDoorbell[] ends = connectedPair(dir);
        try (UnixSocketDoorbell server = ends[0]; UnixSocketDoorbell client = ends[1]) {
            client.ring();
            client.ring();
            assertTrue(server.await(SECOND));
            assertFalse(server.await(TimeUnit.MILLISECONDS.toNanos(20)), "two rings, one wakeup");
            server.ring();
            assertTrue(client.await(SECOND));
            assertEquals(2, client.rings());
            assertEquals(1, server.rings());
        }
    }

    @Test
    void removesTheSocketFileOnceConnected(@TempDir Path dir) throws Exception {
        UnixSocketDoorbell[] ends = connectedPair(dir);
        ends[0].close();
        ends[1].close();
        assertFalse(Files.exists(dir.resolve("bell.sock")));
    }

    @Test
    void awaitReturnsFalseWhenThePeerHasGone(@TempDir Path dir) throws Exception {
        UnixSocketDoorbell[] ends = connectedPair(dir);
        ends[1].close();
        assertFalse(ends[0].await(SECOND));
        assertTrue(ends[0].peerGone());
        ends[0].close();
    }

    @Test
    void acceptFailsWithTheSocketNamedWhenNoPeerComes(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class,
                () -> UnixSocketDoorbell.accept(dir.resolve("lonely.sock"), TimeUnit.MILLISECONDS.toNanos(20)));
        assertTrue(e.getMessage().contains("socket="), e.getMessage());
    }
}
