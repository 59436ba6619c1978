package dev.enlightened.synic;

import java.util.ArrayDeque;
import java.util.Objects;

/**
 * Hypervisor side of one SINT: a bounded FIFO of messages for the guest and the delivery rule of the SynIC
 * (vmbus-protocol digest §0): deliver the next queued message when the slot is empty, otherwise set
 * {@code msg_pending} and wait for the guest's end-of-message (EOM) write. Messages therefore reach the guest in
 * order, one at a time.
 *
 * <p>Thread-safe: {@link #post} (host threads) and {@link #endOfMessage} (the guest's EOM write, which traps into the
 * hypervisor) are serialised by this object's lock, as the hypervisor serialises work on one SINT. The guest's own
 * slot accesses take no lock.
 */
public final class SynicHost implements EndOfMessage {
    private final SynicMessageSlot slot;
    private final SynicSlotObserver observer;
    private final int capacity;
    private final ArrayDeque<SynicMessage> queue = new ArrayDeque<>();

    /**
     * @param slot     the guest's slot for this SINT
     * @param capacity messages the hypervisor queues behind the slot, at least 1
     * @param observer step reporter, {@link SynicSlotObserver#NONE} for none
     * @throws IllegalArgumentException if {@code capacity < 1}
     */
    public SynicHost(SynicMessageSlot slot, int capacity, SynicSlotObserver observer) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be positive: capacity=" + capacity);
        }
        this.slot = Objects.requireNonNull(slot, "slot");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.capacity = capacity;
    }

    /**
     * Queues a message for the guest and delivers it at once if the slot is empty.
     *
     * @param message the message
     * @return false, queuing nothing, if the queue is full: back-pressure (Linux sees
     *         {@code HV_STATUS_INSUFFICIENT_BUFFERS} and retries), not an error
     */
    public synchronized boolean post(SynicMessage message) {
        Objects.requireNonNull(message, "message");
        if (queue.size() >= capacity) {
            return false;
        }
        queue.addLast(message);
        deliverOrMarkPending();
        return true;
    }

    /** The guest wrote the EOM MSR: rescan the queue and deliver the next message if the slot is empty. */
    @Override
    public synchronized void endOfMessage() {
        deliverOrMarkPending();
    }

    /** @return messages queued behind the slot */
    public synchronized int queued() {
        return queue.size();
    }

    private void deliverOrMarkPending() {
        if (queue.isEmpty()) {
            return;
        }
        if (!slot.isEmpty()) {
            observer.hostSetsMessagePending();
            slot.setMessagePendingAndFence();
            // Re-check after the fence: if the guest freed the slot before our flag store, it may have missed the
            // flag, and no EOM would come (a lost wakeup). Then the slot is empty and we deliver now.
            if (!slot.isEmpty()) {
                return;
            }
        }
        SynicMessage next = queue.removeFirst();
        boolean pending = !queue.isEmpty();
        observer.hostDeliversMessage(next.messageType(), next.payloadSize(), pending);
        slot.publish(next, pending);
    }
}
