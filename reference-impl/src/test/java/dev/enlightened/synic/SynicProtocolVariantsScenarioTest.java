package dev.enlightened.synic;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The faulty variants of {@code SynicMessageSlot.tla}, re-created in Java: each loses the wakeup of a queued message
 * at the interleaving the model checker reports, while the correct protocol survives the same interleaving. The
 * interleaving is forced on one thread by running the other party from inside an observer callback, that is,
 * exactly between two steps.
 */
class SynicProtocolVariantsScenarioTest {
    private static final SynicMessage M1 = new SynicMessage(1, 1, new byte[] {1});
    private static final SynicMessage M2 = new SynicMessage(1, 2, new byte[] {2});

    private final SynicMessageSlot slot = new SynicMessageSlot(
            ByteBuffer.allocateDirect(SynicMessageDescriptor.PAGE_LENGTH), SynicMessageDescriptor.VMBUS_MESSAGE_SINT);

    /** Calls {@code action} once, at the first callback of the chosen kind. */
    private static final class InjectAt implements SynicSlotObserver {
        private final String at;
        private final AtomicBoolean done = new AtomicBoolean();
        private Runnable action = () -> { };

        InjectAt(String at) {
            this.at = at;
        }

        private void maybe(String step) {
            if (step.equals(at) && done.compareAndSet(false, true)) {
                action.run();
            }
        }

        @Override
        public void guestReadsMessagePending(boolean msgPending) {
            maybe("GuestReadsMessagePending");
        }

        @Override
        public void guestClearsSlot() {
            maybe("GuestClearsSlot");
        }

        @Override
        public void hostFindsSlotFull() {
            maybe("HostFindsSlotFull");
        }
    }

    /** M1 in the slot; the host posts M2 at {@code at} while the guest consumes M1. @return M2 reached the slot */
    private boolean postDuringGuestStep(SynicProtocol protocol, String at) {
        InjectAt inject = new InjectAt(at);
        SynicHost host = new SynicHost(slot, 4, inject, protocol);
        SynicGuest guest = new SynicGuest(slot, host, inject, protocol);
        host.post(M1);
        inject.action = () -> host.post(M2);
        assertEquals(new SlotRead.Received(M1), guest.poll());
        SlotRead next = guest.poll();
        assertEquals(new SlotRead.Empty(), guest.poll());
        return next.equals(new SlotRead.Received(M2));
    }

    @Test
    void guestThatNeverWritesEomStrandsTheQueuedMessage() {
        SynicHost host = new SynicHost(slot, 4, SynicSlotObserver.NONE, SynicProtocol.GUEST_NEVER_EOMS);
        SynicGuest guest = new SynicGuest(slot, host, SynicSlotObserver.NONE, SynicProtocol.GUEST_NEVER_EOMS);
        host.post(M1);
        host.post(M2);
        assertEquals(new SlotRead.Received(M1), guest.poll());
        assertEquals(new SlotRead.Empty(), guest.poll());
        assertTrue(host.isAwaitingEom());
        assertEquals(1, host.queued(), "M2 is never delivered");
    }

    @Test
    void guestLoadingMsgPendingBeforeTheClearMissesAFlagSetInBetween() {
        assertFalse(postDuringGuestStep(SynicProtocol.GUEST_CHECKS_PENDING_FIRST, "GuestReadsMessagePending"));
    }

    @Test
    void linuxGuestSurvivesAPostBetweenItsClearAndItsLoad() {
        assertTrue(postDuringGuestStep(SynicProtocol.CORRECT, "GuestClearsSlot"));
    }

    @Test
    void linuxGuestSurvivesAPostAfterItsLoad() {
        assertTrue(postDuringGuestStep(SynicProtocol.CORRECT, "GuestReadsMessagePending"));
    }

    /** M1 in the slot and M2 posted; the guest consumes M1 at {@code HostFindsSlotFull}. @return M2 arrived */
    private boolean guestRunsWhenHostFindsSlotFull(SynicProtocol protocol) {
        InjectAt inject = new InjectAt("HostFindsSlotFull");
        SynicHost host = new SynicHost(slot, 4, inject, protocol);
        SynicGuest guest = new SynicGuest(slot, host, inject, protocol);
        host.post(M1);
        inject.action = () -> assertEquals(new SlotRead.Received(M1), guest.poll());
        host.post(M2);
        SlotRead next = guest.poll();
        return next.equals(new SlotRead.Received(M2));
    }

    @Test
    void hostCheckingBeforeSettingMsgPendingStrandsTheMessage() {
        assertFalse(guestRunsWhenHostFindsSlotFull(SynicProtocol.HOST_CHECKS_FIRST));
    }

    @Test
    void tlfsOrderHostSurvivesTheGuestRunningAfterItsCheck() {
        assertTrue(guestRunsWhenHostFindsSlotFull(SynicProtocol.CORRECT));
    }
}
