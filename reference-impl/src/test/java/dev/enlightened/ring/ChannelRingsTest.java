package dev.enlightened.ring;

import static dev.enlightened.ring.PacketDescriptor.TYPE_DATA_INBAND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.signal.InProcessDoorbell;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One channel's two rings as the storvsc and netvsc drivers use them: the reader mode a sibling (sub-channel)
 * inherits, and the last look before a side sleeps, which must fence before it loads {@code write_index}
 * (docs/mutation.md lists the mutants these kill; the ring tests reached none of these methods).
 */
class ChannelRingsTest {

    private static final int DATA_LENGTH = 256;

    @Test
    void aSubChannelIsReadAsItsPrimaryIs() {
        // Linux decides the isolated (copying) read per VM, hv_is_isolation_supported(), not per channel.
        ChannelRings isolated = ChannelRings.create(DATA_LENGTH, true);
        ChannelRings plain = ChannelRings.create(DATA_LENGTH, false);
        assertTrue(isolated.isolated());
        assertFalse(plain.isolated());
        ChannelRings isolatedSibling = isolated.sibling(DATA_LENGTH * 2);
        assertTrue(isolatedSibling.isolated());
        assertFalse(plain.sibling(DATA_LENGTH).isolated());
        assertEquals(DATA_LENGTH * 2, isolatedSibling.inbound().dataLength());
        assertNotSame(isolated.inbound(), isolatedSibling.inbound(), "a sibling has rings of its own");
    }

    @Test
    void eachSideSeesThePacketBeforeItSleepsAndNothingOnceItIsRead() {
        ChannelRings rings = ChannelRings.create(DATA_LENGTH);
        assertFalse(rings.guestHasInputBeforeSleep());
        assertFalse(rings.hostHasInputBeforeSleep());
        assertSame(WriteResult.Written.INSTANCE, rings.hostOut().tryWrite(TYPE_DATA_INBAND, 0, 1, new byte[8], 0, 8));
        assertTrue(rings.guestHasInputBeforeSleep(), "a completion waits: the guest must not sleep");
        assertFalse(rings.hostHasInputBeforeSleep());
        assertSame(WriteResult.Written.INSTANCE, rings.guestOut().tryWrite(TYPE_DATA_INBAND, 0, 2, new byte[8], 0, 8));
        assertTrue(rings.hostHasInputBeforeSleep(), "a request waits: the host must not sleep");
        assertEquals(1, rings.guestIn().poll(p -> { }, Integer.MAX_VALUE));
        assertEquals(1, rings.hostIn().poll(p -> { }, Integer.MAX_VALUE));
        assertFalse(rings.guestHasInputBeforeSleep());
        assertFalse(rings.hostHasInputBeforeSleep());
    }

    /**
     * StoreLoad before the last look: the reader's {@code read_index} stores, a full fence, then the
     * {@code write_index} load (pairs with the producer's store, fence, load in {@code hv_signal_on_write}).
     */
    @Test
    void theLastLookBeforeSleepFencesBeforeItLoadsTheWriteIndex() {
        RecordingRingMemory outbound = new RecordingRingMemory(DATA_LENGTH);
        RecordingRingMemory inbound = new RecordingRingMemory(DATA_LENGTH);
        InProcessDoorbell[] g2h = InProcessDoorbell.pair();
        InProcessDoorbell[] h2g = InProcessDoorbell.pair();
        ChannelRings rings = new ChannelRings(new RingProducer(outbound, g2h[0]), new RingConsumer(outbound, g2h[1]),
                new RingProducer(inbound, h2g[0]), new RingConsumer(inbound, h2g[1], RingObserver.NONE, Set.of()),
                outbound, inbound);
        inbound.clearLog();
        outbound.clearLog();
        assertFalse(rings.guestHasInputBeforeSleep());
        assertEquals(List.of("fence", "load write_index acquire 0"), inbound.controlLog());
        assertFalse(rings.hostHasInputBeforeSleep());
        assertEquals(List.of("fence", "load write_index acquire 0"), outbound.controlLog());
    }
}
