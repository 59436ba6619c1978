package dev.enlightened.synic;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SynicMessageDescriptorTest {

    @Test
    void matchesTheHvMessageLayout() {
        // struct hv_message_header: u32 message_type; u8 payload_size; u8 message_flags; u8 reserved[2]; u64 sender
        assertEquals(0, SynicMessageDescriptor.MESSAGE_TYPE_OFFSET);
        assertEquals(4, SynicMessageDescriptor.PAYLOAD_SIZE_OFFSET);
        assertEquals(5, SynicMessageDescriptor.MESSAGE_FLAGS_OFFSET);
        assertEquals(6, SynicMessageDescriptor.RESERVED_OFFSET);
        assertEquals(8, SynicMessageDescriptor.SENDER_OFFSET);
        // then u64 payload[HV_MESSAGE_PAYLOAD_QWORD_COUNT = 30]
        assertEquals(16, SynicMessageDescriptor.PAYLOAD_OFFSET);
        assertEquals(30 * 8, SynicMessageDescriptor.PAYLOAD_MAX);
        assertEquals(256, SynicMessageDescriptor.SLOT_LENGTH);
        assertEquals(4096, SynicMessageDescriptor.PAGE_LENGTH);
        assertEquals(2 * 256, SynicMessageDescriptor.slotOffset(SynicMessageDescriptor.VMBUS_MESSAGE_SINT));
    }

    @Test
    void acceptsEverySintOfAnAlignedDirectPage() {
        ByteBuffer page = ByteBuffer.allocateDirect(SynicMessageDescriptor.PAGE_LENGTH);
        for (int sint = 0; sint < SynicMessageDescriptor.SINT_COUNT; sint++) {
            SynicMessageDescriptor.checkSlot(page, sint);
        }
    }

    @Test
    void rejectsPagesThatCannotHoldTheSlot() {
        ByteBuffer page = ByteBuffer.allocateDirect(SynicMessageDescriptor.PAGE_LENGTH);
        assertEquals("no such SINT: sint=16 count=16", assertThrows(IllegalArgumentException.class,
                () -> SynicMessageDescriptor.checkSlot(page, 16)).getMessage());
        assertEquals("message page must be a direct buffer: direct=false", assertThrows(
                IllegalArgumentException.class, () -> SynicMessageDescriptor.checkSlot(ByteBuffer.allocate(4096), 2))
                .getMessage());
        assertEquals("message page too small: capacity=512 needed=768", assertThrows(IllegalArgumentException.class,
                () -> SynicMessageDescriptor.checkSlot(ByteBuffer.allocateDirect(512), 2)).getMessage());
        int shift = 8 - page.alignmentOffset(0, 8) + 4;
        ByteBuffer misaligned = page.slice(shift, 1024).slice();
        assertThrows(IllegalArgumentException.class, () -> SynicMessageDescriptor.checkSlot(misaligned, 0));
    }

    @Test
    void validPayloadSizesAreZeroTo240() {
        assertTrue(SynicMessageDescriptor.isValidPayloadSize(0));
        assertTrue(SynicMessageDescriptor.isValidPayloadSize(240));
        assertFalse(SynicMessageDescriptor.isValidPayloadSize(241));
        assertFalse(SynicMessageDescriptor.isValidPayloadSize(255));
    }
}
