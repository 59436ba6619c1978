package dev.enlightened.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RingDescriptorTest {

    @Test
    void controlFieldsSitAtTheOffsetsOfLinuxHvRingBuffer() {
        // struct hv_ring_buffer { u32 write_index; u32 read_index; u32 interrupt_mask; u32 pending_send_sz;
        //   u32 reserved1[12]; union { struct { u32 feat_pending_send_sz:1; }; u32 value; } feature_bits; ... }
        assertEquals(0, RingDescriptor.WRITE_INDEX_OFFSET);
        assertEquals(RingDescriptor.WRITE_INDEX_OFFSET + Integer.BYTES, RingDescriptor.READ_INDEX_OFFSET);
        assertEquals(RingDescriptor.READ_INDEX_OFFSET + Integer.BYTES, RingDescriptor.INTERRUPT_MASK_OFFSET);
        assertEquals(RingDescriptor.INTERRUPT_MASK_OFFSET + Integer.BYTES, RingDescriptor.PENDING_SEND_SZ_OFFSET);
        assertEquals(RingDescriptor.PENDING_SEND_SZ_OFFSET + Integer.BYTES + 12 * Integer.BYTES,
                RingDescriptor.FEATURE_BITS_OFFSET);
        assertEquals(4096, RingDescriptor.DATA_OFFSET);
    }

    @Test
    void acceptsControlPagePlusAlignedDataOnly() {
        assertEquals(4096, RingDescriptor.checkRingLength(2 * 4096));
        assertEquals(RingDescriptor.MIN_DATA_LENGTH,
                RingDescriptor.checkRingLength(RingDescriptor.DATA_OFFSET + RingDescriptor.MIN_DATA_LENGTH));
        IllegalArgumentException unaligned = assertThrows(IllegalArgumentException.class,
                () -> RingDescriptor.checkRingLength(RingDescriptor.DATA_OFFSET + 100));
        assertTrue(unaligned.getMessage().contains("ring_length=" + (RingDescriptor.DATA_OFFSET + 100)));
        assertThrows(IllegalArgumentException.class, () -> RingDescriptor.checkRingLength(RingDescriptor.DATA_OFFSET));
    }

    @Test
    void checkIndexNamesFieldAndValue() {
        assertNull(RingDescriptor.checkIndex("read_index", 0, 64));
        assertNull(RingDescriptor.checkIndex("read_index", 56, 64));
        assertTrue(RingDescriptor.checkIndex("read_index", 64, 64).contains("read_index=64 data_size=64"));
        assertTrue(RingDescriptor.checkIndex("read_index", 12, 64).contains("read_index=12"));
        assertTrue(RingDescriptor.checkIndex("write_index", -8, 64).contains("write_index=4294967288"));
    }

    @Test
    void freeSpaceFollowsLinuxHvGetBytesToWrite() {
        assertEquals(64, RingDescriptor.bytesToWrite(0, 0, 64), "empty ring: all free");
        assertEquals(48, RingDescriptor.bytesToWrite(16, 0, 64));
        assertEquals(8, RingDescriptor.bytesToWrite(0, 8, 64), "writer just behind reader");
        assertEquals(56, RingDescriptor.bytesToRead(56, 0, 64));
        assertEquals(8, RingDescriptor.advance(56, 16, 64), "wraps at the end");
        assertEquals(24, RingDescriptor.align(17));
    }
}
