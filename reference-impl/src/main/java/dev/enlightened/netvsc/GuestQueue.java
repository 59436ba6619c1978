package dev.enlightened.netvsc;

import dev.enlightened.ring.ChannelRings;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One queue of a netvsc device, the guest's half of one channel (Linux {@code struct netvsc_channel} plus its
 * netdev TX queue): queue q is the channel with {@code sub_channel_index} q, 0 the primary. Each has its own
 * rings, TX flow control ({@code queue_sends}, stopped), sends in flight, RX completion queue ({@code mrc}) and
 * qdisc backlog; the send and receive buffers are the device's and shared by all queues.
 */
final class GuestQueue {
    final int index;
    final ChannelRings rings;
    final TxQueue tx;
    final ArrayDeque<byte[]> backlog = new ArrayDeque<>();
    final Map<Long, PendingSend> pending = new HashMap<>();
    final ArrayDeque<RxCompletion> mrc = new ArrayDeque<>();
    long nextTransId = 1;
    long framesSent;
    long framesReceived;

    /** A send the host has not completed: its frame's CRC, section (or {@link SendSectionMap#NONE}), pages. */
    record PendingSend(boolean control, long frame, int section, long[] pfns) {
    }

    /**
     * A queued RX completion (the mrc slot): the transfer-page packet's trans_id and its sections; data is false
     * for a packet that carried an RNDIS control answer (its completion is no data-path event).
     */
    record RxCompletion(long transId, List<Integer> sections, int status, boolean data) {
    }

    GuestQueue(int index, ChannelRings rings, DataPathConfig config) {
        this.index = index;
        this.rings = rings;
        this.tx = new TxQueue(config.lowWater(), config.highWater(),
                config.faults().contains(NetvscFault.LOST_TX_WAKE));
    }

    /** @return free bytes of this queue's outbound ring (what the trace's ringFree reports) */
    int ringFree() {
        return DataPathTrace.free(rings.outbound());
    }

    /** @return true when nothing is in flight, queued or owed on this queue */
    boolean idle() {
        return backlog.isEmpty() && pending.isEmpty() && mrc.isEmpty();
    }
}
