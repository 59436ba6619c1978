package dev.enlightened.synic;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.enlightened.wire.ChannelMessageCodec;
import dev.enlightened.wire.RescindChannelOffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SynicGuestTest {
    private final ByteBuffer page = ByteBuffer.allocateDirect(SynicMessageDescriptor.PAGE_LENGTH)
            .order(ByteOrder.LITTLE_ENDIAN);
    private final SynicMessageSlot slot = new SynicMessageSlot(page, SynicMessageDescriptor.VMBUS_MESSAGE_SINT);
    private final RecordingObserver observer = new RecordingObserver();
    private final SynicHost host = new SynicHost(slot, 8, observer);
    private final SynicGuest guest = new SynicGuest(slot, host, observer);

    @Test
    void findsNothingInAnEmptySlot() {
        assertEquals(new SlotRead.Empty(), guest.poll());
        assertEquals(List.of(), observer.takeSteps());
    }

    @Test
    void readsClearsAndDoesNotSignalEomWhenNothingIsPending() {
        byte[] rescind = ChannelMessageCodec.encode(new RescindChannelOffer(5));
        host.post(SynicMessage.vmbus(rescind));
        observer.takeSteps();
        assertEquals(new SlotRead.Received(SynicMessage.vmbus(rescind)), guest.poll());
        assertEquals(List.of("GuestReadsMessage(size=12)", "GuestClearsSlot", "GuestReadsMessagePending(false)"),
                observer.takeSteps());
        assertTrue(slot.isEmpty());
    }

    @Test
    void signalsEomWhenMsgPendingWasSetSoTheHostDeliversTheNextInOrder() {
        host.post(SynicMessage.vmbus(new byte[] {1}));
        host.post(SynicMessage.vmbus(new byte[] {2, 2}));
        host.post(SynicMessage.vmbus(new byte[] {3, 3, 3}));
        assertEquals(List.of("HostSetsMessagePending", "HostDeliversMessage(size=1)", "HostSetsMessagePending",
                "HostFindsSlotFull"), observer.takeSteps());

        assertEquals(new SlotRead.Received(SynicMessage.vmbus(new byte[] {1})), guest.poll());
        assertEquals(List.of("GuestReadsMessage(size=1)", "GuestClearsSlot", "GuestReadsMessagePending(true)",
                "GuestWritesEom", "HostSetsMessagePending", "HostDeliversMessage(size=2)", "HostSetsMessagePending",
                "HostFindsSlotFull"), observer.takeSteps());

        assertEquals(new SlotRead.Received(SynicMessage.vmbus(new byte[] {2, 2})), guest.poll());
        assertEquals(List.of("GuestReadsMessage(size=2)", "GuestClearsSlot", "GuestReadsMessagePending(true)",
                "GuestWritesEom", "HostSetsMessagePending", "HostDeliversMessage(size=3)"), observer.takeSteps());

        assertEquals(new SlotRead.Received(SynicMessage.vmbus(new byte[] {3, 3, 3})), guest.poll());
        assertEquals(List.of("GuestReadsMessage(size=3)", "GuestClearsSlot", "GuestReadsMessagePending(false)"),
                observer.takeSteps());
        assertEquals(new SlotRead.Empty(), guest.poll());
    }

    @Test
    void reportsAnOversizedPayloadFromAHostileHostAndStillFreesTheSlot() {
        int base = SynicMessageDescriptor.slotOffset(SynicMessageDescriptor.VMBUS_MESSAGE_SINT);
        host.post(SynicMessage.vmbus(new byte[4]));
        host.post(SynicMessage.vmbus(new byte[5]));
        page.put(base + SynicMessageDescriptor.PAYLOAD_SIZE_OFFSET, (byte) 241);
        SlotRead r = guest.poll();
        assertEquals(new SlotRead.Corrupt(1, 241), r);
        assertEquals("corrupt SynIC message: message_type=1 payload_size=241 maximum=240",
                ((SlotRead.Corrupt) r).describe());
        assertEquals(new SlotRead.Received(SynicMessage.vmbus(new byte[5])), guest.poll(),
                "the queue keeps moving after a dropped message");
    }
}
