package dev.enlightened.netvsc;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalInt;

/**
 * The sub-channel offers in flight: OFFERCHANNEL messages with {@code sub_channel_index} 1..m travel as SynIC
 * messages, a transport other than the primary ring, so they and the SUBCHANNEL completion arrive in either
 * order (digest §1.9). Abstracted to a FIFO of indices, as the spec's {@code offerQ}.
 */
public final class SubchannelOffers {
    private final Deque<Integer> queue = new ArrayDeque<>();

    /** Host side: sends the offer of sub-channel {@code index}. */
    public void offer(int index) {
        queue.addLast(index);
    }

    /** Guest side: the next offer, if any. */
    public OptionalInt take() {
        Integer i = queue.pollFirst();
        return i == null ? OptionalInt.empty() : OptionalInt.of(i);
    }

    /** @return offers not yet processed */
    public int size() {
        return queue.size();
    }
}
