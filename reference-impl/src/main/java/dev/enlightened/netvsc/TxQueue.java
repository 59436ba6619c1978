package dev.enlightened.netvsc;

/**
 * One TX queue's stop/wake flow control, as Linux {@code netvsc_send_pkt} and {@code netvsc_send_tx_complete}
 * do it (spec NetvscDataPath: {@code stopped}, {@code pending}, {@code sendPc}, {@code compPc}). The sender
 * samples the ring's free bytes before each write; a write that saw fewer than the low watermark owes a stop
 * ({@link #stopOwed}); the stop then re-checks {@code queue_sends < 1} and owes its own wake (Linux
 * 93aa4792c390). A completion wakes a stopped queue when the free bytes exceed the high watermark or nothing
 * is pending. With {@link NetvscFault#LOST_TX_WAKE} only the watermark wakes.
 */
public final class TxQueue {
    private final int lowWater;
    private final int highWater;
    private final boolean watermarkOnly;
    private boolean stopped;
    private int pending;
    private boolean stopOwed;
    private boolean wakeOwed;

    /**
     * @param lowWater      stop when the free bytes before a write are below this
     * @param highWater     a completion wakes when the free bytes are above this
     * @param watermarkOnly the {@link NetvscFault#LOST_TX_WAKE} variant
     */
    public TxQueue(int lowWater, int highWater, boolean watermarkOnly) {
        this.lowWater = lowWater;
        this.highWater = highWater;
        this.watermarkOnly = watermarkOnly;
    }

    /**
     * Linux's thresholds in bytes for a ring of {@code ringBytes}: {@code avail * 100 / size < 10} stops and
     * {@code > 20} wakes ({@code RING_AVAIL_PERCENT_LOWATER}, {@code _HIWATER}); with integer division these are
     * {@code free < ceil(size / 10)} and {@code free > ceil(21 * size / 100) - 1}.
     *
     * @return {lowWater, highWater}
     */
    public static int[] linuxWatermarks(int ringBytes) {
        long low = (10L * ringBytes + 99) / 100;
        long high = (21L * ringBytes + 99) / 100 - 1;
        return new int[] {(int) low, (int) high};
    }

    /** @return true if the sender may write (not stopped, no stop or wake owed) */
    public boolean canSend() {
        return !stopped && !stopOwed && !wakeOwed;
    }

    /** A send went on the ring; {@code freeBefore} was sampled before the write (ring_avail in netvsc_send_pkt). */
    public void sent(int freeBefore) {
        pending++;
        stopOwed = freeBefore < lowWater;
    }

    /** @return true if the sender must stop the queue now (after a low-water send) */
    public boolean stopOwed() {
        return stopOwed;
    }

    /**
     * netif_tx_stop_queue, then the re-check: a low-water stop ({@code ringFull} false) re-checks only in the
     * correct guest; a ring-full stop always does (the -EAGAIN path, the same in every Linux version).
     *
     * @return true if the sender must wake the queue itself (nothing pending)
     */
    public boolean stop(boolean ringFull) {
        stopped = true;
        stopOwed = false;
        wakeOwed = (ringFull || !watermarkOnly) && pending < 1;
        return wakeOwed;
    }

    /** @return true if the sender's re-check owes a wake */
    public boolean wakeOwed() {
        return wakeOwed;
    }

    /** netif_tx_wake_queue by the sender's re-check. */
    public void wakeBySender() {
        stopped = false;
        wakeOwed = false;
    }

    /**
     * A TX completion: queue_sends--, then the wake decision of netvsc_send_tx_complete; the caller logs the
     * completion, then calls {@link #wakeByCompletion()} if this returned true.
     *
     * @param freeNow the ring's free bytes now
     * @return true if the completion must wake the queue
     */
    public boolean completed(int freeNow) {
        pending--;
        return stopped && (freeNow > highWater || !watermarkOnly && pending < 1);
    }

    /** netif_tx_wake_queue by the completion handler. */
    public void wakeByCompletion() {
        stopped = false;
    }

    /** @return true if the queue is stopped */
    public boolean stopped() {
        return stopped;
    }

    /** @return sends not yet completed (queue_sends) */
    public int pending() {
        return pending;
    }

    /** @return the stop threshold in bytes */
    public int lowWater() {
        return lowWater;
    }

    /** @return the wake threshold in bytes */
    public int highWater() {
        return highWater;
    }
}
