package dev.enlightened.synic;

/**
 * Hook called at each step of the slot protocol, one method per action of {@code specs/channel/SynicMessageSlot.tla}.
 * Every method defaults to doing nothing, so an untraced slot pays one empty call per step.
 *
 * <p>Host and guest run on different threads, so implementations must be thread-safe. Each callback is made just
 * <em>before</em> the store that makes its step visible to the other side (or, for a step that only reads, just
 * after the read): a step of one side that depends on a step of the other is therefore always reported after it,
 * and a global sequence number taken inside the callback gives a trace consistent with what happened.
 */
public interface SynicSlotObserver {

    /** An observer that reports nothing. */
    SynicSlotObserver NONE = new SynicSlotObserver() {
    };

    /**
     * HostDeliversMessage: the hypervisor writes the next queued message into the empty slot.
     *
     * @param messageType {@code message_type} written
     * @param payloadSize {@code payload_size} written
     * @param msgPending  whether {@code msg_pending} is set in it (more messages queued)
     */
    default void hostDeliversMessage(int messageType, int payloadSize, boolean msgPending) {
    }

    /** HostSetsMessagePending: the slot is full and a message is queued, so the hypervisor sets {@code msg_pending}. */
    default void hostSetsMessagePending() {
    }

    /**
     * GuestReadsMessage: the guest sees a message in the slot and copies it out.
     *
     * @param messageType {@code message_type} read
     * @param payloadSize {@code payload_size} read, unvalidated
     */
    default void guestReadsMessage(int messageType, int payloadSize) {
    }

    /** GuestClearsSlot: the guest writes {@code HVMSG_NONE} to {@code message_type}, then a full fence. */
    default void guestClearsSlot() {
    }

    /** GuestWritesEom: the guest saw {@code msg_pending} after clearing and writes the EOM MSR. */
    default void guestWritesEom() {
    }
}
