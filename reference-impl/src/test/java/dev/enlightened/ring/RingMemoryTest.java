package dev.enlightened.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The field-by-field {@link RingMemory#putPacket} default (here through {@link RecordingRingMemory}, which does not
 * override it): the same packet the one-check fast path of {@link ByteBufferRingMemory} stores, and the same
 * refusal of a payload longer than its packet, before any store.
 */
class RingMemoryTest {

    @Test
    void theFieldByFieldPutPacketRefusesAPayloadLongerThanItsPacketBeforeAnyStore() {
        RecordingRingMemory memory = new RecordingRingMemory(128);
        byte[] payload = new byte[16];
        int tooShort = PacketDescriptor.LENGTH + 8;
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> memory.putPacket(0, 1L, 2L, payload, 0, 16, tooShort, 3L));
        assertTrue(e.getMessage().contains("packet_length=" + tooShort + " payload_length=16"), e.getMessage());
        assertEquals(List.of(), memory.log(), "nothing stored");
        // A payload that fills the packet exactly (no padding) is stored field by field.
        memory.putPacket(0, 1L, 2L, payload, 0, 16, PacketDescriptor.LENGTH + 16, 3L);
        assertEquals(List.of("data store", "data store", "data store", "data store"), memory.log());
        assertEquals(3L, memory.getLong(PacketDescriptor.LENGTH + 16));
    }
}
