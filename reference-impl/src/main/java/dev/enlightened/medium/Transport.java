package dev.enlightened.medium;

import dev.enlightened.synic.SlotRead;
import dev.enlightened.synic.SynicGuest;
import dev.enlightened.synic.SynicHost;
import dev.enlightened.synic.SynicMessage;
import dev.enlightened.synic.SynicMessageDescriptor;
import dev.enlightened.synic.SynicMessageSlot;
import dev.enlightened.synic.SynicSlotObserver;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The two message paths between guest and host, carrying encoded bytes. Host-to-guest messages go through the
 * SynIC message slot of {@code VMBUS_MESSAGE_SINT} (package synic: the hypervisor queues behind the slot, the guest
 * reads, frees the slot, and writes EOM when {@code msg_pending} is set), so they arrive in order, one at a time.
 * Guest-to-host messages are posted in order (HvPostMessage; Linux {@code vmbus_post_msg} retries until the
 * hypervisor accepts) to the host's message ports: a post on a connection id without a port fails at once with
 * {@link PostStatus#INVALID_CONNECTION_ID} and never reaches the host (the hypervisor's port table, openvmm
 * {@code virt::synic} {@code post_message}, QEMU {@code hyperv_hcall_post_message}). Not thread-safe: callers hold
 * the run's lock.
 */
public final class Transport {
    /** Linux {@code VMBUS_MESSAGE_CONNECTION_ID}: where guest messages go before protocol 5.0. */
    public static final int MESSAGE_CONNECTION_ID = 1;
    /**
     * Linux {@code VMBUS_MESSAGE_CONNECTION_ID_4}: where a guest posts INITIATE_CONTACT from protocol 5.0 on
     * (openvmm {@code MULTICLIENT_MESSAGE_CONNECTION_ID}).
     */
    public static final int MESSAGE_CONNECTION_ID_4 = 4;

    /**
     * A guest-to-host message with the connection id it was posted on (HvPostMessage's {@code connection_id}):
     * the hypervisor delivers it to the port registered for that id.
     *
     * @param connectionId the connection id
     * @param bytes        the message
     */
    public record Posted(int connectionId, byte[] bytes) {
        /** Copies the bytes. */
        public Posted {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    /** Messages the hypervisor may queue behind the slot; far more than a run keeps in flight. */
    private static final int SYNIC_QUEUE = 1 << 16;

    private final SynicMessageSlot slot = new SynicMessageSlot(
            ByteBuffer.allocateDirect(SynicMessageDescriptor.PAGE_LENGTH), SynicMessageDescriptor.VMBUS_MESSAGE_SINT);
    private final SynicHost hypervisor = new SynicHost(slot, SYNIC_QUEUE, SynicSlotObserver.NONE);
    private final SynicGuest guestSlot = new SynicGuest(slot, hypervisor, SynicSlotObserver.NONE);
    private final Deque<Posted> toHost = new ArrayDeque<>();
    /**
     * The connection ids the host has registered message ports for; until a host registers its own, those of
     * openvmm's VTL0 server (ports 1 and 4).
     */
    private Set<Integer> messagePorts = Set.of(MESSAGE_CONNECTION_ID, MESSAGE_CONNECTION_ID_4);

    /**
     * The host registers its message ports (openvmm {@code SynicPortAccess::add_message_port}, QEMU
     * {@code hyperv_set_msg_handler}); they replace the previous ones.
     *
     * @param connectionIds the connection ids the host listens on
     */
    public void registerMessagePorts(Set<Integer> connectionIds) {
        messagePorts = Set.copyOf(connectionIds);
    }

    /** @return the connection ids a guest post is accepted on */
    public Set<Integer> messagePorts() {
        return messagePorts;
    }

    /**
     * @param message bytes the host posts to the guest's message slot
     * @throws IllegalStateException if the hypervisor's queue is full (a run never has that many in flight)
     */
    public void sendToGuest(byte[] message) {
        if (!hypervisor.post(SynicMessage.vmbus(message))) {
            throw new IllegalStateException("SynIC message queue full: queued=" + hypervisor.queued());
        }
    }

    /**
     * @param message bytes the guest posts to the host on {@link #MESSAGE_CONNECTION_ID}
     * @return the hypervisor's status: the message is queued for the host only on {@link PostStatus#SUCCESS}
     */
    public PostStatus sendToHost(byte[] message) {
        return sendToHost(MESSAGE_CONNECTION_ID, message);
    }

    /**
     * HvPostMessage: synchronous; the status is the hypervisor's, before the host sees anything.
     *
     * @param connectionId the connection id the guest posts on (Linux {@code vmbus_connection.msg_conn_id})
     * @param message      bytes the guest posts to the host
     * @return {@link PostStatus#SUCCESS} if queued for the host, {@link PostStatus#INVALID_CONNECTION_ID} (nothing
     *         queued) if the host has no port on {@code connectionId}
     */
    public PostStatus sendToHost(int connectionId, byte[] message) {
        if (!messagePorts.contains(connectionId)) {
            return PostStatus.INVALID_CONNECTION_ID;
        }
        toHost.addLast(new Posted(connectionId, message));
        return PostStatus.SUCCESS;
    }

    /**
     * The guest's read of the slot. A slot the hypervisor filled with an impossible {@code payload_size} yields
     * an empty message, which the codec rejects as truncated (Linux WARNs and drops it).
     *
     * @return the oldest host-to-guest message, removed, or empty
     */
    public Optional<byte[]> takeForGuest() {
        SlotRead r = guestSlot.poll();
        if (r instanceof SlotRead.Received m) {
            return Optional.of(m.message().payload());
        }
        return r instanceof SlotRead.Corrupt ? Optional.of(new byte[0]) : Optional.empty();
    }

    /**
     * A kexec'd or kdump kernel starts with a fresh SynIC message page: what was in the slot or queued behind it
     * for the old kernel is gone (the spec's GuestKexecs sets h2g to the empty queue).
     *
     * @return the messages dropped, oldest first (bounded by the hypervisor's queue)
     */
    public List<byte[]> dropForGuest() {
        List<byte[]> dropped = new ArrayList<>();
        for (Optional<byte[]> m = takeForGuest(); m.isPresent(); m = takeForGuest()) {
            dropped.add(m.get());
        }
        return dropped;
    }

    /** @return the oldest guest-to-host message, removed, or empty */
    public Optional<byte[]> takeForHost() {
        return takePostedForHost().map(Posted::bytes);
    }

    /** @return the oldest guest-to-host message with its connection id, removed, or empty */
    public Optional<Posted> takePostedForHost() {
        return Optional.ofNullable(toHost.pollFirst());
    }

    /** @return true if a host-to-guest message waits in the slot */
    public boolean hasForGuest() {
        return !slot.isEmpty();
    }

    /** @return true if a guest-to-host message is waiting */
    public boolean hasForHost() {
        return !toHost.isEmpty();
    }

    /** @return messages waiting for the guest: in the slot and queued behind it */
    public int pendingForGuest() {
        return (slot.isEmpty() ? 0 : 1) + hypervisor.queued();
    }

    /** @return messages waiting for the host */
    public int pendingForHost() {
        return toHost.size();
    }
}
