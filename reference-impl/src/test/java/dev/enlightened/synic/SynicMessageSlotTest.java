package dev.enlightened.synic;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SynicMessageSlotTest {
    private final ByteBuffer page = ByteBuffer.allocateDirect(SynicMessageDescriptor.PAGE_LENGTH)
            .order(ByteOrder.LITTLE_ENDIAN);
    private final SynicMessageSlot slot = new SynicMessageSlot(page, SynicMessageDescriptor.VMBUS_MESSAGE_SINT);
    private final int base = SynicMessageDescriptor.slotOffset(SynicMessageDescriptor.VMBUS_MESSAGE_SINT);

    @Test
    void publishWritesTheHvMessageFieldsOfItsOwnSintOnly() {
        page.put(base + SynicMessageDescriptor.MESSAGE_FLAGS_OFFSET, (byte) SynicMessageDescriptor.MSG_PENDING);
        slot.publish(new SynicMessage(SynicMessageDescriptor.VMBUS_MESSAGE_TYPE, 0x1122L, new byte[] {9, 8, 7}));
        assertEquals(1, page.getInt(base + SynicMessageDescriptor.MESSAGE_TYPE_OFFSET));
        assertEquals(3, page.get(base + SynicMessageDescriptor.PAYLOAD_SIZE_OFFSET));
        assertEquals(0, page.get(base + SynicMessageDescriptor.MESSAGE_FLAGS_OFFSET), "a fresh header");
        assertEquals(0, page.getShort(base + SynicMessageDescriptor.RESERVED_OFFSET));
        assertEquals(0x1122L, page.getLong(base + SynicMessageDescriptor.SENDER_OFFSET));
        assertEquals(9, page.get(base + SynicMessageDescriptor.PAYLOAD_OFFSET));
        assertEquals(7, page.get(base + SynicMessageDescriptor.PAYLOAD_OFFSET + 2));
        for (int i = 0; i < SynicMessageDescriptor.PAGE_LENGTH; i++) {
            if (i < base || i >= base + SynicMessageDescriptor.SLOT_LENGTH) {
                assertEquals(0, page.get(i), "byte outside the slot: offset=" + i);
            }
        }
    }

    @Test
    void setMessagePendingSetsOnlyBitZeroOfTheFlags() {
        slot.publish(SynicMessage.vmbus(new byte[200]));
        slot.setMessagePendingAndFence();
        assertEquals(200, page.get(base + SynicMessageDescriptor.PAYLOAD_SIZE_OFFSET) & 0xFF);
        assertEquals(SynicMessageDescriptor.MSG_PENDING, page.get(base + SynicMessageDescriptor.MESSAGE_FLAGS_OFFSET));
        assertEquals(1, slot.messageTypeAcquire());
    }

    @Test
    void clearAndFenceFreesTheSlotAndLeavesMsgPendingForTheGuestToLoad() {
        slot.publish(SynicMessage.vmbus(new byte[1]));
        assertFalse(slot.loadMessagePending());
        slot.setMessagePendingAndFence();
        assertTrue(slot.clearAndFence(1));
        assertTrue(slot.isEmpty());
        assertEquals(SynicMessageDescriptor.HVMSG_NONE, page.getInt(base));
        assertTrue(slot.loadMessagePending(), "the clear writes message_type only");
    }

    @Test
    void clearAndFenceLeavesAMessageOfAnotherTypeAlone() {
        slot.publish(new SynicMessage(5, 0, new byte[0]));
        assertFalse(slot.clearAndFence(1));
        assertEquals(5, slot.messageTypeAcquire());
    }

    @Test
    void copyOutReturnsWhatWasPublished() {
        SynicMessage m = new SynicMessage(1, 77L, new byte[] {1, 2, 3, 4, 5});
        slot.publish(m);
        assertEquals(m, slot.copyOut(slot.messageTypeAcquire(), slot.payloadSize()));
    }
}
