package dev.enlightened.synic;

/**
 * Hook called at each step of the slot protocol, one method per action of
 * {@code specs/channel/SynicMessageSlot.tla}, named after it. Every method defaults to doing nothing.
 *
 * <p>With {@link #NONE} the protocol runs lock-free. With any other observer, host and guest run each step together
 * with its callback under a lock on the slot, so steps are atomic as in the spec and callbacks arrive in step
 * order, from both threads: an implementation must be thread-safe, and a global sequence number taken inside the
 * callback orders a trace consistently with what happened.
 */
public interface SynicSlotObserver {

    /** An observer that reports nothing; host and guest then take no lock. */
    SynicSlotObserver NONE = new SynicSlotObserver() {
    };

    /** HostSetsMessagePending: first step of a delivery attempt, store {@code msg_pending := 1} (TLFS order). */
    default void hostSetsMessagePending() {
    }

    /**
     * HostDeliversMessage: the hypervisor's load of {@code message_type} saw {@code HVMSG_NONE}; it wrote the head
     * of its queue into the slot with a fresh header ({@code msg_pending = 0}).
     *
     * @param message the message delivered
     */
    default void hostDeliversMessage(SynicMessage message) {
    }

    /** HostFindsSlotFull: the hypervisor's load of {@code message_type} saw a message; it waits for EOM. */
    default void hostFindsSlotFull() {
    }

    /**
     * GuestReadsMessage: the guest saw a message in the slot and copied it out (or found it corrupt).
     *
     * @param read {@link SlotRead.Received} or {@link SlotRead.Corrupt}
     */
    default void guestReadsMessage(SlotRead read) {
    }

    /** GuestClearsSlot: the guest stored {@code message_type := HVMSG_NONE}, then a full fence. */
    default void guestClearsSlot() {
    }

    /**
     * GuestReadsMessagePending: the guest loaded {@code msg_pending} after clearing the slot.
     *
     * @param msgPending the value loaded
     */
    default void guestReadsMessagePending(boolean msgPending) {
    }

    /**
     * GuestWritesEom: the guest's EOM MSR write reaches the hypervisor, which retries delivery if it was waiting.
     * Reported by {@link SynicHost#endOfMessage}, where the write takes effect.
     */
    default void guestWritesEom() {
    }
}
