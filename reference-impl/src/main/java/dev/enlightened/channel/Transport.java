package dev.enlightened.channel;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The two message paths between guest and host, carrying encoded bytes: host-to-guest through the SynIC message
 * slot of {@code VMBUS_MESSAGE_SINT}, abstracted to an ordered queue (the slot spec refines a FIFO, branch synic;
 * the synic package is not on main yet), and guest-to-host posted in order (HvPostMessage; Linux
 * {@code vmbus_post_msg} retries until the hypervisor accepts). Not thread-safe: callers hold the run's lock.
 */
public final class Transport {
    private final Deque<byte[]> toGuest = new ArrayDeque<>();
    private final Deque<byte[]> toHost = new ArrayDeque<>();

    /** @param message bytes the host posts to the guest's message slot */
    public void sendToGuest(byte[] message) {
        toGuest.addLast(message.clone());
    }

    /** @param message bytes the guest posts to the host */
    public void sendToHost(byte[] message) {
        toHost.addLast(message.clone());
    }

    /** @return the oldest host-to-guest message, removed, or empty */
    public Optional<byte[]> takeForGuest() {
        return Optional.ofNullable(toGuest.pollFirst());
    }

    /** @return the oldest guest-to-host message, removed, or empty */
    public Optional<byte[]> takeForHost() {
        return Optional.ofNullable(toHost.pollFirst());
    }

    /** @return true if a host-to-guest message is waiting */
    public boolean hasForGuest() {
        return !toGuest.isEmpty();
    }

    /** @return true if a guest-to-host message is waiting */
    public boolean hasForHost() {
        return !toHost.isEmpty();
    }

    /** @return messages waiting for the guest */
    public int pendingForGuest() {
        return toGuest.size();
    }

    /** @return messages waiting for the host */
    public int pendingForHost() {
        return toHost.size();
    }
}
