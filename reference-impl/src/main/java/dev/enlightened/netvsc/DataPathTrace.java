package dev.enlightened.netvsc;

import dev.enlightened.ring.RingMemory;
import dev.enlightened.trace.Fields;
import dev.enlightened.trace.TraceSink;
import java.util.Map;
import java.util.TreeMap;

/**
 * The trace of one netvsc device's data path (TraceNetvscDataPath, specs/devices/NETVSC_DATAPATH_EVENTS.md):
 * guest and host halves log through it, and every event carries the whole post view (ring free bytes, pending
 * sends, stopped, send sections in use, receive sections free, queued RX completions). Logging can be switched
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
    private final RingMemory outbound;
    private final Map<String, Long> counts = new TreeMap<>();
    private GuestDataPath guest;
    private HostDataPath host;
    private boolean on;

    /**
     * @param sink     where events go once {@link #start()} was called
     * @param outbound the guest-to-host ring (its free bytes are the post field ringFree)
     */
    public DataPathTrace(TraceSink sink, RingMemory outbound) {
        this.sink = sink;
        this.outbound = outbound;
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

    /** @return free bytes of the outbound ring: its size minus the bytes written and not yet read */
    public int ringFree() {
        int len = outbound.dataLength();
        int used = Math.floorMod(outbound.loadWriteIndexAcquire() - outbound.loadReadIndexAcquire(), len);
        return len - used;
    }

    void emit(String actor, String action, Map<String, Object> params) {
        if (!on) {
            return;
        }
        counts.merge(action, 1L, Long::sum);
        if (sink.enabled()) {
            sink.emit(actor, action, params, Fields.of("ringFree", ringFree(), "pending", guest.txQueue().pending(),
                    "stopped", guest.txQueue().stopped(), "sendInUse", guest.sendInUse(), "recvFree",
                    host.recvFree(), "rxCompQueued", guest.rxCompQueued()));
        }
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
