package dev.enlightened.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class PacketDescriptorTest {

    @Test
    void firstWordLaysOutVmpacketDescriptorFieldsLittleEndian() {
        ByteBuffer bytes = ByteBuffer.allocate(PacketDescriptor.LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(0, PacketDescriptor.firstWord(0x0106, 0x0203, 0x0304, 0x0405));
        bytes.putLong(PacketDescriptor.TRANS_ID_OFFSET, 0x1122334455667788L);
        assertEquals(0x0106, bytes.getShort(PacketDescriptor.TYPE_OFFSET));
        assertEquals(0x0203, bytes.getShort(PacketDescriptor.OFFSET8_OFFSET));
        assertEquals(0x0304, bytes.getShort(PacketDescriptor.LEN8_OFFSET));
        assertEquals(0x0405, bytes.getShort(PacketDescriptor.FLAGS_OFFSET));
        assertEquals(0x88, bytes.get(PacketDescriptor.TRANS_ID_OFFSET) & 0xFF, "trans_id little-endian");
        assertEquals(PacketDescriptor.LENGTH, PacketDescriptor.TRANS_ID_OFFSET + Long.BYTES);
    }

    @Test
    void decodesEveryFieldBack() {
        long word = PacketDescriptor.firstWord(PacketDescriptor.TYPE_COMP, 2, 0xFFFF, 1);
        assertEquals(PacketDescriptor.TYPE_COMP, PacketDescriptor.type(word));
        assertEquals(2, PacketDescriptor.offset8(word));
        assertEquals(0xFFFF, PacketDescriptor.len8(word));
        assertEquals(1, PacketDescriptor.flags(word));
    }

    @Test
    void trailerHoldsStartIndexInHighHalf() {
        assertEquals(0x0000_0040_0000_0000L, PacketDescriptor.trailer(0x40));
    }

    @Test
    void packetLengthPadsPayloadToEightBytes() {
        assertEquals(PacketDescriptor.LENGTH, PacketDescriptor.packetLength(0));
        assertEquals(PacketDescriptor.LENGTH + 8, PacketDescriptor.packetLength(1));
        assertEquals(PacketDescriptor.LENGTH + 8, PacketDescriptor.packetLength(8));
    }

    @Test
    void maxPacketLeavesRoomForTrailerAndTheFullEmptyGap() {
        assertEquals(4096 - PacketDescriptor.TRAILER_LENGTH - RingDescriptor.ALIGNMENT,
                PacketDescriptor.maxPacketLength(4096));
        assertEquals(PacketDescriptor.U16_MAX * PacketDescriptor.UNIT, PacketDescriptor.maxPacketLength(1 << 20),
                "len8 is a u16");
    }

    @Test
    void checkDescriptorAcceptsAConsistentPacketAndNamesEveryInconsistency() {
        int len8 = 4;
        int available = len8 * PacketDescriptor.UNIT + PacketDescriptor.TRAILER_LENGTH;
        assertNull(PacketDescriptor.checkDescriptor(PacketDescriptor.firstWord(6, 2, len8, 0), available, 256));
        assertTrue(PacketDescriptor.checkDescriptor(PacketDescriptor.firstWord(6, 2, 1, 0), available, 256)
                .contains("len8=1"));
        assertTrue(PacketDescriptor.checkDescriptor(PacketDescriptor.firstWord(6, 5, len8, 0), available, 256)
                .contains("offset8=5 len8=4"));
        assertTrue(PacketDescriptor.checkDescriptor(PacketDescriptor.firstWord(6, 2, len8, 0), available - 8, 256)
                .contains("available=" + (available - 8)));
        assertTrue(PacketDescriptor.checkDescriptor(PacketDescriptor.firstWord(6, 2, 31, 0), 4096, 256)
                .contains("max_len8=30"));
    }
}
