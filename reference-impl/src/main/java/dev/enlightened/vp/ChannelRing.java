package dev.enlightened.vp;

/**
 * The channel's host-to-guest ring as VpDelivery.tla has it: the number of unread packets. The ring's own protocol
 * (indices, masks, barriers) is {@code dev.enlightened.ring}'s, checked by RingBuffer.tla; what matters here is only
 * the empty -> non-empty transition on which the host signals ({@code hv_signal_on_write}'s rule).
 */
final class ChannelRing {
    private int unread;

    /** @return whether the ring was empty before this packet (the host must signal) */
    boolean write() {
        return unread++ == 0;
    }

    /** The guest's callback reads every packet ({@code vmbus_on_event} draining the ring). */
    int drain() {
        int n = unread;
        unread = 0;
        return n;
    }

    int unread() {
        return unread;
    }
}
