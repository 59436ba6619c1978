package dev.enlightened.synic;

import java.nio.ByteBuffer;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SynicHostTest {
    private final SynicMessageSlot slot = new SynicMessageSlot(
            ByteBuffer.allocateDirect(SynicMessageDescriptor.PAGE_LENGTH), SynicMessageDescriptor.VMBUS_MESSAGE_SINT);
    private final RecordingObserver observer = new RecordingObserver();
    private final SynicHost host = new SynicHost(slot, 2, observer);

    @Test
    void setsMessagePendingThenDeliversIntoAnEmptySlotWithAFreshHeader() {
        assertTrue(host.post(SynicMessage.vmbus(new byte[12])));
        assertEquals(List.of("HostSetsMessagePending", "HostDeliversMessage(size=12)"), observer.takeSteps());
        assertFalse(slot.isEmpty());
        assertFalse(slot.loadMessagePending());
        assertFalse(host.isAwaitingEom());
    }

    @Test
    void waitsForEomWhenItFindsTheSlotFull() {
        host.post(SynicMessage.vmbus(new byte[12]));
        host.post(SynicMessage.vmbus(new byte[16]));
        assertEquals(List.of("HostSetsMessagePending", "HostDeliversMessage(size=12)", "HostSetsMessagePending",
                "HostFindsSlotFull"), observer.takeSteps());
        assertTrue(host.isAwaitingEom());
        assertTrue(slot.loadMessagePending());
        assertEquals(1, host.queued());
        assertEquals(12, slot.payloadSize());
    }

    @Test
    void takesNoStepOnPostWhileWaitingForEom() {
        host.post(SynicMessage.vmbus(new byte[12]));
        host.post(SynicMessage.vmbus(new byte[16]));
        observer.takeSteps();
        host.post(SynicMessage.vmbus(new byte[20]));
        assertEquals(List.of(), observer.takeSteps());
        assertEquals(2, host.queued());
    }

    @Test
    void retriesOnEomAndWaitsAgainIfTheSlotIsStillFull() {
        host.post(SynicMessage.vmbus(new byte[12]));
        host.post(SynicMessage.vmbus(new byte[16]));
        observer.takeSteps();
        host.endOfMessage();
        assertEquals(List.of("GuestWritesEom", "HostSetsMessagePending", "HostFindsSlotFull"), observer.takeSteps());
        assertTrue(host.isAwaitingEom());
    }

    @Test
    void ignoresAnEomWhileNotWaiting() {
        host.post(SynicMessage.vmbus(new byte[12]));
        observer.takeSteps();
        host.endOfMessage();
        assertEquals(List.of("GuestWritesEom"), observer.takeSteps(), "the write is reported, nothing follows");
        assertFalse(host.isAwaitingEom());
    }

    @Test
    void refusesMessagesBeyondItsQueueCapacity() {
        host.post(SynicMessage.vmbus(new byte[1]));
        host.post(SynicMessage.vmbus(new byte[2]));
        host.post(SynicMessage.vmbus(new byte[3]));
        assertFalse(host.post(SynicMessage.vmbus(new byte[4])), "back-pressure, not an error");
        assertEquals(2, host.queued());
    }

    @Test
    void rejectsANonPositiveCapacity() {
        assertEquals("queue capacity must be positive: capacity=0", assertThrows(IllegalArgumentException.class,
                () -> new SynicHost(slot, 0, SynicSlotObserver.NONE)).getMessage());
    }
}
