package dev.enlightened.synic;

import java.util.Objects;

/**
 * Guest side of one SINT slot (Linux {@code vmbus_on_msg_dpc} then {@code vmbus_signal_eom}): read the message,
 * free the slot, full fence, and write EOM if {@code msg_pending} was set so the hypervisor delivers the next one.
 * The host is untrusted: a {@code payload_size} above 240 is reported as {@link SlotRead.Corrupt}, never used.
 *
 * <p>Single consumer: one guest thread (the CPU's message DPC) polls a slot.
 */
public final class SynicGuest {
    private static final SlotRead EMPTY = new SlotRead.Empty();

    private final SynicMessageSlot slot;
    private final EndOfMessage eom;
    private final SynicSlotObserver observer;

    /**
     * @param slot     this CPU's slot for the SINT
     * @param eom      the EOM MSR write
     * @param observer step reporter, {@link SynicSlotObserver#NONE} for none
     */
    public SynicGuest(SynicMessageSlot slot, EndOfMessage eom, SynicSlotObserver observer) {
        this.slot = Objects.requireNonNull(slot, "slot");
        this.eom = Objects.requireNonNull(eom, "eom");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /**
     * Takes the message in the slot, if any: GuestReadsMessage, GuestClearsSlot, and GuestWritesEom when the host
     * flagged a queued message.
     *
     * @return {@link SlotRead.Empty}, {@link SlotRead.Received} or {@link SlotRead.Corrupt}
     */
    public SlotRead poll() {
        int type = slot.messageTypeAcquire();
        if (type == SynicMessageDescriptor.HVMSG_NONE) {
            return EMPTY;
        }
        int size = slot.payloadSize();
        observer.guestReadsMessage(type, size);
        SlotRead result = SynicMessageDescriptor.isValidPayloadSize(size)
                ? new SlotRead.Received(slot.copyOut(type, size))
                : new SlotRead.Corrupt(type, size);
        observer.guestClearsSlot();
        if (slot.clearAndFence(type)) {
            observer.guestWritesEom();
            eom.endOfMessage();
        }
        return result;
    }
}
