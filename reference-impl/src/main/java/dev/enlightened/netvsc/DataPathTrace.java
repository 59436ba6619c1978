package dev.enlightened.netvsc;

import dev.enlightened.ring.RingMemory;
import dev.enlightened.trace.Fields;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.rndis.RndisMessage;
import dev.enlightened.wire.rndis.RndisOid;
import dev.enlightened.wire.rndis.RssParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The trace of one netvsc device (TraceNetvscDevice: every phase; or TraceNetvscDataPath, the data path only,
 * specs/devices/NETVSC_DATAPATH_EVENTS.md): guest and host halves log through it. Every data-path event carries
 * the whole post view (ring free bytes, pending sends, stopped, send sections in use, receive sections free,
 * queued RX completions), the per-queue ones of the event's queue (the spec's {@code lastQueue}); RNDIS control
 * events carry the two RNDIS states ({@link #emitControl}); the NVSP and sub-channel events of NetvscGuest and
 * NetvscHost go through {@link #setupSink()}. Logging is switched on from the start (every phase) or once the
 * device is up (data path only). Counts every event it logs, per action.
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
    @dev.enlightened.sim.StateDigest.Ignored("a statistic: only the run's result reads it (queuesUsed()), no step; the"
            + " digest would otherwise see the BitSet by its class alone and list it as opaque")
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

    /**
     * Logs an RNDIS control event (spec NetvscRndis, composed in TraceNetvscDevice) with the guest's and the
     * host's RNDIS state as its post view.
     */
    void emitControl(String actor, String action, Map<String, Object> params) {
        if (!on) {
            return;
        }
        counts.merge(action, 1L, Long::sum);
        if (sink.enabled()) {
            sink.emit(actor, action, params, Fields.of("rndis", guest.rndis().specState(), "hostRndis",
                    host.rndisState()));
        }
    }

    /**
     * @return the sink for the device's NVSP and sub-channel events (NetvscGuest, NetvscHost): it logs while this
     *     trace is on, into the same file and sequence, and counts them with the rest
     */
    public TraceSink setupSink() {
        return new TraceSink() {
            @Override
            public boolean enabled() {
                return on;
            }

            @Override
            public long emit(String actor, String action, Map<String, Object> params, Map<String, Object> post) {
                if (!on) {
                    return 0;
                }
                counts.merge(action, 1L, Long::sum);
                return sink.enabled() ? sink.emit(actor, action, params, post) : 0;
            }

            @Override
            public void close() {
                // the file belongs to the caller that made the sink this trace writes to
            }
        };
    }

    /** Spec NetvscRndis GuestSendsRndis{Init,Query,Set,Halt}: the request the guest just sent, with its id. */
    void rndisRequest(RndisMessage m, int requestId) {
        long id = Integer.toUnsignedLong(requestId);
        if (m instanceof RndisMessage.QueryRequest q) {
            emitControl(GUEST, "GuestSendsRndisQuery", Fields.of("id", id, "oid", oid(q.oid())));
            return;
        }
        if (m instanceof RndisMessage.SetRequest s) {
            emitControl(GUEST, "GuestSendsRndisSet", setParams(s, id));
            return;
        }
        emitControl(GUEST, kind(m).equals("INITIALIZE") ? "GuestSendsRndisInit" : "GuestSendsRndisHalt",
                Fields.of("id", id));
    }

    /**
     * A SET's params: its id and OID as NetvscRndis names it; an RSS SET is "RssOff" (DISABLE_RSS) or "Rss", and
     * the enabling one carries its indirection table (TraceNetvscDevice steers received frames by it).
     */
    private static Map<String, Object> setParams(RndisMessage.SetRequest s, long id) {
        if (s.oid() != RndisOid.GEN_RECEIVE_SCALE_PARAMETERS.number()) {
            return Fields.of("id", id, "oid", oid(s.oid()));
        }
        RssParameters.Decode d = RssParameters.decode(s.info(), Integer.MAX_VALUE);
        if (!(d instanceof RssParameters.Valid v) || v.params().disables()) {
            return Fields.of("id", id, "oid", "RssOff");
        }
        List<Integer> table = new ArrayList<>();
        for (int q : v.params().table()) {
            table.add(q);
        }
        return Fields.of("id", id, "oid", "Rss", "table", table);
    }

    /** Spec NetvscRndis GuestReceivesRndisCompletion: the completion the guest just handled (others: nothing). */
    void rndisCompletion(RndisMessage m) {
        if (m instanceof RndisMessage.InitializeComplete || m instanceof RndisMessage.QueryComplete
                || m instanceof RndisMessage.SetComplete) {
            emitControl(GUEST, "GuestReceivesRndisCompletion", Fields.of("kind", kind(m), "id",
                    Integer.toUnsignedLong(requestId(m)), "status", status(completionStatus(m))));
        }
    }

    /**
     * Spec NetvscRndis GuestTimesOutWaitingForRndis{Init,Query,Set}: the wait for request {@code id} (of the
     * spec's kind INITIALIZE, QUERY or SET) ended in its timeout.
     */
    void rndisTimeout(String kind, int id) {
        String action = switch (kind) {
            case "INITIALIZE" -> "GuestTimesOutWaitingForRndisInit";
            case "QUERY" -> "GuestTimesOutWaitingForRndisQuery";
            default -> "GuestTimesOutWaitingForRndisSet";
        };
        emitControl(GUEST, action, Fields.of("id", Integer.toUnsignedLong(id)));
    }

    /** Spec NetvscRndis GuestDropsLateRndisCompletion: the late answer the guest just dropped. */
    void rndisLateDrop(RndisMessage m) {
        emitControl(GUEST, "GuestDropsLateRndisCompletion", Fields.of("kind", kind(m), "id",
                Integer.toUnsignedLong(requestId(m)), "status", status(completionStatus(m))));
    }

    /** Spec NetvscRndis HostAnswersRndis: the request read and, but for HALT, its completion's id and status. */
    void rndisAnswer(RndisMessage request, RndisMessage reply) {
        long id = Integer.toUnsignedLong(requestId(request));
        if (reply == null) {
            emitControl(HOST, "HostAnswersRndis", Fields.of("kind", kind(request), "id", id));
            return;
        }
        emitControl(HOST, "HostAnswersRndis", Fields.of("kind", kind(request), "id", id, "answer",
                Integer.toUnsignedLong(requestId(reply)), "status", status(completionStatus(reply))));
    }

    private static int completionStatus(RndisMessage c) {
        if (c instanceof RndisMessage.InitializeComplete i) {
            return i.status();
        }
        return c instanceof RndisMessage.QueryComplete q ? q.status() : ((RndisMessage.SetComplete) c).status();
    }

    private static int requestId(RndisMessage m) {
        if (m instanceof RndisMessage.InitializeRequest r) {
            return r.requestId();
        } else if (m instanceof RndisMessage.QueryRequest r) {
            return r.requestId();
        } else if (m instanceof RndisMessage.SetRequest r) {
            return r.requestId();
        } else if (m instanceof RndisMessage.HaltRequest r) {
            return r.requestId();
        } else if (m instanceof RndisMessage.InitializeComplete c) {
            return c.requestId();
        } else if (m instanceof RndisMessage.QueryComplete c) {
            return c.requestId();
        }
        return ((RndisMessage.SetComplete) m).requestId();
    }

    /** @return the RNDIS message type as spec NetvscRndis names its request kinds ("" for none of them) */
    static String kind(RndisMessage m) {
        if (m instanceof RndisMessage.InitializeRequest || m instanceof RndisMessage.InitializeComplete) {
            return "INITIALIZE";
        }
        if (m instanceof RndisMessage.QueryRequest || m instanceof RndisMessage.QueryComplete) {
            return "QUERY";
        }
        if (m instanceof RndisMessage.SetRequest || m instanceof RndisMessage.SetComplete) {
            return "SET";
        }
        return m instanceof RndisMessage.HaltRequest ? "HALT" : "";
    }

    /** @return the OID as spec NetvscRndis names it (its Oids, "PacketFilter"), else its number in hex */
    static String oid(int number) {
        return RndisOid.of(number).map(o -> switch (o) {
            case ETH_PERMANENT_ADDRESS -> "MAC";
            case GEN_MAXIMUM_FRAME_SIZE -> "MTU";
            case GEN_MEDIA_CONNECT_STATUS -> "Link";
            case GEN_CURRENT_PACKET_FILTER -> "PacketFilter";
            default -> o.name();
        }).orElse("0x" + Integer.toHexString(number));
    }

    /** @return an RNDIS status as the spec names it: RNDIS_STATUS_SUCCESS is "Success", anything else "Failure" */
    static String status(int status) {
        return status == RndisMessage.STATUS_SUCCESS ? "Success" : "Failure";
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
