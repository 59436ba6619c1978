package dev.enlightened.netvsc;

import dev.enlightened.ring.RingMemory;
import dev.enlightened.trace.Fields;
import dev.enlightened.trace.TraceSink;
import java.util.Map;
import java.util.TreeMap;

/**
 * The trace of one netvsc device's data path (TraceNetvscDataPath, specs/devices/NETVSC_DATAPATH_EVENTS.md):
 * guest and host halves log through it, and every event carries the whole post view (ring free bytes, pending
 * sends, stopped, send sections in use, receive sections free, queued RX completions), the per-queue ones of
 * the event's queue (the spec's {@code lastQueue}). Logging can be switched
 * on once the device is up, so the bring-up (NVSP, RNDIS) stays out of the data-path trace. Counts every event
 * it logs, per action.
 */
public final class DataPathTrace {
    /** Actor of guest events. */
    public static final String GUEST = "guest";
    /** Actor of host events. */
    public static final String HOST = "host";
    /** The trace value of "no section" ({@code NETVSC_INVALID_INDEX} as an unsigned u32). */
    public static final long NO_SECTION = 0xFFFFFFFFL;

    private final TraceSink sink;
    private final Map<String, Long> counts = new TreeMap<>();
    private final java.util.BitSet queuesUsed = new java.util.BitSet();
    private GuestDataPath guest;
    private HostDataPath host;
    private boolean on;

    /** @param sink where events go once {@link #start()} was called */
    public DataPathTrace(TraceSink sink) {
        this.sink = sink;
    }

    void bind(GuestDataPath g) {
        this.guest = g;
    }

    void bind(HostDataPath h) {
        this.host = h;
    }

    /** Starts logging (the device is up and settled). */
    public void start() {
        on = true;
    }

    /** Stops logging (before the close, HALT, which no data-path event describes). */
    public void stop() {
        on = false;
    }

    /** @return true while events are logged */
    public boolean logging() {
        return on && sink.enabled();
    }

    /** @return free bytes of a ring: its size minus the bytes written and not yet read */
    public static int free(RingMemory ring) {
        int len = ring.dataLength();
        int used = Math.floorMod(ring.loadWriteIndexAcquire() - ring.loadReadIndexAcquire(), len);
        return len - used;
    }

    /** Logs an event of {@code queue} (its params carry "queue" too); the post view is that queue's. */
    void emit(String actor, String action, int queue, Map<String, Object> params) {
        if (!on) {
            return;
        }
        counts.merge(action, 1L, Long::sum);
        queuesUsed.set(queue);
        if (sink.enabled()) {
            TxQueue tx = guest.txQueue(queue);
            sink.emit(actor, action, params, Fields.of("ringFree", guest.ringFree(queue), "pending", tx.pending(),
                    "stopped", tx.stopped(), "sendInUse", guest.sendInUse(), "recvFree", host.recvFree(),
                    "rxCompQueued", guest.rxCompQueued(queue)));
        }
    }

    /** @return the queues some logged event acted on */
    public java.util.BitSet queuesUsed() {
        return (java.util.BitSet) queuesUsed.clone();
    }

    /** Logs the final Quiescent claim of {@code actor}. */
    public void quiescent(String actor, String waitingFor) {
        if (on) {
            counts.merge("Quiescent", 1L, Long::sum);
            if (sink.enabled()) {
                sink.emitQuiescent(actor, waitingFor);
            }
        }
    }

    /** @return events logged per action, sorted by action */
    public Map<String, Long> counts() {
        return Map.copyOf(counts);
    }
}
