package dev.enlightened.synic;

import java.util.Objects;

/**
 * Guest side of one SINT slot (Linux {@code vmbus_on_msg_dpc} then {@code vmbus_signal_eom}): read the message,
 * free the slot, full fence, load {@code msg_pending}, and write EOM if it was set so the hypervisor delivers the
 * next one. A {@code payload_size} above 240 is reported as {@link SlotRead.Corrupt}, never used. The step
 * GuestWritesEom is reported by the {@link EndOfMessage} receiver ({@link SynicHost#endOfMessage}), where the MSR
 * write takes effect.
 *
 * <p>Single consumer: one guest thread (the CPU's message DPC) polls a slot.
 */
public final class SynicGuest {
    private static final SlotRead EMPTY = new SlotRead.Empty();

    private final SynicMessageSlot slot;
    private final EndOfMessage eom;
    private final SynicSlotObserver observer;
    private final SlotSteps steps;
    private final SynicProtocol protocol;

    /**
     * The Linux guest ({@link SynicProtocol#CORRECT}).
     *
     * @param slot     this CPU's slot for the SINT
     * @param eom      the EOM MSR write
     * @param observer step reporter, {@link SynicSlotObserver#NONE} for none; must be the host's observer too
     */
    public SynicGuest(SynicMessageSlot slot, EndOfMessage eom, SynicSlotObserver observer) {
        this(slot, eom, observer, SynicProtocol.CORRECT);
    }

    /**
     * @param slot     this CPU's slot for the SINT
     * @param eom      the EOM MSR write
     * @param observer step reporter, {@link SynicSlotObserver#NONE} for none; must be the host's observer too
     * @param protocol the correct protocol or a faulty variant (its two guest flags matter)
     */
    public SynicGuest(SynicMessageSlot slot, EndOfMessage eom, SynicSlotObserver observer, SynicProtocol protocol) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.slot = Objects.requireNonNull(slot, "slot");
        this.eom = Objects.requireNonNull(eom, "eom");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.steps = SlotSteps.forObserver(observer, slot);
    }

    /**
     * Takes the message in the slot, if any: GuestReadsMessage, GuestClearsSlot, GuestReadsMessagePending, and
     * GuestWritesEom when the hypervisor flagged a queued message.
     *
     * @return {@link SlotRead.Empty}, {@link SlotRead.Received} or {@link SlotRead.Corrupt}
     */
    public SlotRead poll() {
        SlotRead read = steps.call(this::readMessage);
        int type;
        if (read instanceof SlotRead.Received r) {
            type = r.message().messageType();
        } else if (read instanceof SlotRead.Corrupt c) {
            type = c.messageType();
        } else {
            return read;
        }
        boolean pending;
        if (protocol.guestChecksPendingBeforeClear()) {
            // Variant: the load of msg_pending passes the clear (no barrier); a flag set in between is missed.
            pending = steps.call(this::loadPending);
            steps.run(() -> clear(type));
        } else {
            steps.run(() -> clear(type));
            pending = steps.call(this::loadPending);
        }
        if (pending && protocol.guestEomOnPending()) {
            // GuestWritesEom is reported by the receiver of the write (SynicHost), where it takes effect.
            eom.endOfMessage();
        }
        return read;
    }

    /** GuestClearsSlot. */
    private void clear(int type) {
        slot.clearAndFence(type);
        observer.guestClearsSlot();
    }

    /** GuestReadsMessagePending. */
    private boolean loadPending() {
        boolean p = slot.loadMessagePending();
        observer.guestReadsMessagePending(p);
        return p;
    }

    private SlotRead readMessage() {
        int type = slot.messageTypeAcquire();
        if (type == SynicMessageDescriptor.HVMSG_NONE) {
            return EMPTY;
        }
        int size = slot.payloadSize();
        SlotRead read = SynicMessageDescriptor.isValidPayloadSize(size)
                ? new SlotRead.Received(slot.copyOut(type, size))
                : new SlotRead.Corrupt(type, size);
        observer.guestReadsMessage(read);
        return read;
    }
}
