package dev.enlightened.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.enlightened.synic.SlotRead;
import dev.enlightened.synic.SynicGuest;
import dev.enlightened.synic.SynicHost;
import dev.enlightened.synic.SynicMessageDescriptor;
import dev.enlightened.synic.SynicMessageSlot;
import dev.enlightened.synic.SynicSlotObserver;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The guest's read of its SynIC message slot, whose 256 bytes the hypervisor writes: any {@code message_type},
 * {@code payload_size}, flags and payload, rewritten between polls.
 */
class SynicSlotFuzzTest {
    private static final int MAX_POLLS = 16;

    @FuzzTest
    void theGuestReadsAnySlotContentsToATypedResult(FuzzedDataProvider data) {
        ByteBuffer page = ByteBuffer.allocateDirect(SynicMessageDescriptor.PAGE_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        SynicMessageSlot slot = new SynicMessageSlot(page, SynicMessageDescriptor.VMBUS_MESSAGE_SINT);
        SynicHost hypervisor = new SynicHost(slot, 4, SynicSlotObserver.NONE);
        SynicGuest guest = new SynicGuest(slot, hypervisor, SynicSlotObserver.NONE);
        int base = SynicMessageDescriptor.VMBUS_MESSAGE_SINT * SynicMessageDescriptor.SLOT_LENGTH;
        for (int i = 0; i < MAX_POLLS && data.remainingBytes() > 0; i++) {
            byte[] bytes = data.consumeBytes(SynicMessageDescriptor.SLOT_LENGTH);
            for (int j = 0; j < bytes.length; j++) {
                page.put(base + j, bytes[j]);
            }
            SlotRead r = FuzzRules.holds(bytes.length, guest::poll);
            if (r instanceof SlotRead.Received m
                    && m.message().payload().length > SynicMessageDescriptor.PAYLOAD_MAX) {
                throw new AssertionError("payload beyond the slot: " + m.message().payload().length);
            }
        }
    }
}
