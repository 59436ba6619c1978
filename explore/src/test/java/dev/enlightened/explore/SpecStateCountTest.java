package dev.enlightened.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SpecStateCount} counts a trace module that composes protocol specs by INSTANCE (TraceStorvscIo: no
 * {@code Init}/{@code Next} of its own) by its config's {@code TraceInit}/{@code TraceNext}, at the header's
 * constants (explore storvsc --io N --spec-coverage), in a forked TLC.
 */
class SpecStateCountTest {

    /**
     * The storvsc data path at its smallest: no sub-channel, one slot, depth 1, one I/O request
     * ({@code MaxIoRequests}, which bounds the spec at a run's constants). TLC's count, by hand with the same config:
     * see the expected value.
     */
    @Test
    void countsTheComposedStorvscDataPathByItsTraceInitAndTraceNext(@TempDir Path work) throws Exception {
        Path root = ExploreMain.repoRoot();
        Path module = root.resolve("trace-validation/src/main/tla/devices/TraceStorvscIo.tla");
        Path effective = work.resolve("effective.cfg");
        Files.writeString(effective, String.join("\n", "CONSTANTS",
                "    GuestVersionSet = {1538, 1536, 1281}",
                "    HostVersionSet = {1536, 1281}",
                "    MultiChannelVersion = 1281",
                "    HostMaxSubChannels = 0",
                "    GuestWantedSubChannels = 0",
                "    Slots = 1",
                "    SectorsPerSlot = 8",
                "    QueueDepth = 1",
                "    FirstTid = 256",
                "    MaxIoRequests = 1",
                "INIT TraceInit",
                "NEXT TraceNext",
                "INVARIANTS",
                "    TraceTypeOK", ""), StandardCharsets.UTF_8);
        long states = SpecStateCount.count(module, effective, ExploreMain.libraryDirs(root), work, 300);
        assertEquals(EXPECTED, states);
    }

    private static final long EXPECTED = 72;
}
