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

    /**
     * The consumer validates in one branch and asks {@code checkDescriptor} for the reason only when that branch
     * fails, so the reason must name the field at fault even at each limit: len8 = 2 with offset8 = 2 (a packet with
     * no payload), offset8 = len8, and len8 * 8 = the largest packet are all valid, and one unit past any of them
     * is refused naming that field.
     */
    @Test
    void checkDescriptorAcceptsEachLimitAndNamesTheFieldOnePast() {
        int data = 256;
        int max8 = PacketDescriptor.maxPacketLength(data) / PacketDescriptor.UNIT;
        assertNull(PacketDescriptor.checkDescriptor(PacketDescriptor.firstWord(6, 2, 2, 0), 24, data), "empty");
        assertNull(PacketDescriptor.checkDescriptor(PacketDescriptor.firstWord(6, 5, 5, 0), 48, data), "offset8=len8");
        assertNull(PacketDescriptor.checkDescriptor(PacketDescriptor.firstWord(6, 2, max8, 0), data - 8, data),
                "largest");
        String offsetPast = PacketDescriptor.checkDescriptor(PacketDescriptor.firstWord(6, 3, 2, 0), 24, data);
        assertTrue(offsetPast.startsWith("offset8 inconsistent with len8: offset8=3 len8=2"), offsetPast);
        String offsetBelow = PacketDescriptor.checkDescriptor(PacketDescriptor.firstWord(6, 1, 2, 0), 24, data);
        assertTrue(offsetBelow.startsWith("offset8 inconsistent with len8: offset8=1"), offsetBelow);
        String larger = PacketDescriptor.checkDescriptor(PacketDescriptor.firstWord(6, 2, max8 + 1, 0), data, data);
        assertTrue(larger.startsWith("packet larger than the ring: len8=" + (max8 + 1)), larger);
        String shortLen = PacketDescriptor.checkDescriptor(PacketDescriptor.firstWord(6, 1, 1, 0), 24, data);
        assertTrue(shortLen.startsWith("len8 below descriptor size: len8=1"), shortLen);
    }
}
