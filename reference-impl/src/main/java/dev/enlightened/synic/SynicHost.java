package dev.enlightened.synic;

import java.util.ArrayDeque;
import java.util.Objects;

/**
 * Hypervisor side of one SINT: a bounded FIFO of messages for the guest and the SynIC delivery rule in the TLFS
 * order (spec {@code SynicMessageSlot.tla}): an attempt stores {@code msg_pending := 1}, then loads
 * {@code message_type}; if the slot is empty it writes the head of the queue there with a fresh header, otherwise it
 * waits until the guest writes EOM. Messages therefore reach the guest in order, one at a time.
 *
 * <p>Thread-safe: {@link #post} (host threads) and {@link #endOfMessage} (the guest's EOM write, which traps into the
 * hypervisor) are serialised by this object's lock, as the hypervisor serialises work on one SINT. The guest's slot
 * accesses take no lock unless traced (see {@link SynicSlotObserver}).
 */
public final class SynicHost implements EndOfMessage {
    private final SynicMessageSlot slot;
    private final SynicSlotObserver observer;
    private final SlotSteps steps;
    private final SynicProtocol protocol;
    private final int capacity;
    private final ArrayDeque<SynicMessage> queue = new ArrayDeque<>();
    /** Spec {@code hostPc = "AwaitsEom"}: the last attempt found the slot full; only EOM restarts delivery. */
    private boolean awaitingEom;

    /**
     * The correct hypervisor ({@link SynicProtocol#CORRECT}).
     *
     * @param slot     the guest's slot for this SINT
     * @param capacity messages the hypervisor queues behind the slot, at least 1
     * @param observer step reporter, {@link SynicSlotObserver#NONE} for none; must be the guest's observer too
     * @throws IllegalArgumentException if {@code capacity < 1}
     */
    public SynicHost(SynicMessageSlot slot, int capacity, SynicSlotObserver observer) {
        this(slot, capacity, observer, SynicProtocol.CORRECT);
    }

    /**
     * @param slot     the guest's slot for this SINT
     * @param capacity messages the hypervisor queues behind the slot, at least 1
     * @param observer step reporter, {@link SynicSlotObserver#NONE} for none; must be the guest's observer too
     * @param protocol the correct protocol or a faulty variant (only {@code hostSetsPendingBeforeCheck} matters)
     * @throws IllegalArgumentException if {@code capacity < 1}
     */
    public SynicHost(SynicMessageSlot slot, int capacity, SynicSlotObserver observer, SynicProtocol protocol) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be positive: capacity=" + capacity);
        }
        this.slot = Objects.requireNonNull(slot, "slot");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.steps = SlotSteps.forObserver(observer, slot);
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.capacity = capacity;
    }

    /**
     * Queues a message for the guest and, unless the hypervisor is waiting for EOM, tries to deliver at once.
     *
     * @param message the message
     * @return false, queuing nothing, if the queue is full: back-pressure (the sender retries, as Linux does on
     *         {@code HV_STATUS_INSUFFICIENT_BUFFERS}), not an error
     */
    public synchronized boolean post(SynicMessage message) {
        Objects.requireNonNull(message, "message");
        if (queue.size() >= capacity) {
            return false;
        }
        queue.addLast(message);
        if (!awaitingEom) {
            deliverWhileSlotEmpty();
        }
        return true;
    }

    /**
     * The guest wrote the EOM MSR: if the hypervisor was waiting, it retries delivery; otherwise nothing changes
     * (spec {@code GuestWritesEom}). The MSR write traps into the hypervisor, so the step takes effect here, under
     * the hypervisor's lock, and is reported here: reported by the guest before the trap, a host attempt already
     * under way could slip between report and effect.
     */
    @Override
    public synchronized void endOfMessage() {
        steps.run(observer::guestWritesEom);
        if (awaitingEom) {
            awaitingEom = false;
            deliverWhileSlotEmpty();
        }
    }

    /** @return messages queued behind the slot */
    public synchronized int queued() {
        return queue.size();
    }

    /** @return true while the hypervisor waits for the guest's EOM before it tries again */
    public synchronized boolean isAwaitingEom() {
        return awaitingEom;
    }

    /** Delivery attempts, one after another, until the queue is empty or an attempt finds the slot full. */
    private void deliverWhileSlotEmpty() {
        while (!queue.isEmpty()) {
            if (protocol.hostSetsPendingBeforeCheck()) {
                steps.run(this::setPending);
            }
            if (!steps.call(this::deliverIfEmpty)) {
                if (!protocol.hostSetsPendingBeforeCheck()) {
                    // Variant: check-then-act; the guest may free the slot and load msg_pending = 0 in between.
                    steps.run(() -> {
                        setPending();
                        awaitingEom = true;
                    });
                }
                return;
            }
        }
    }

    /** HostSetsMessagePending. */
    private void setPending() {
        slot.setMessagePendingAndFence();
        observer.hostSetsMessagePending();
    }

    /**
     * HostDeliversMessage if the load of message_type sees HVMSG_NONE, else HostFindsSlotFull, which (with the flag
     * already set) starts the wait for EOM within the same step, as in the spec.
     */
    private boolean deliverIfEmpty() {
        if (!slot.isEmpty()) {
            awaitingEom = protocol.hostSetsPendingBeforeCheck();
            observer.hostFindsSlotFull();
            return false;
        }
        SynicMessage next = queue.removeFirst();
        slot.publish(next);
        observer.hostDeliversMessage(next);
        return true;
    }
}
