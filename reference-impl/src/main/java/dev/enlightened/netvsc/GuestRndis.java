package dev.enlightened.netvsc;

import dev.enlightened.clock.Clock;
import dev.enlightened.clock.WaitTimeout;
import dev.enlightened.wire.rndis.RndisMessage;
import dev.enlightened.wire.rndis.RndisOid;
import dev.enlightened.wire.rndis.RssParameters;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The guest's RNDIS bring-up after NVSP init, one request at a time as Linux {@code rndis_filter_device_add}
 * does: INITIALIZE ({@code rndis_filter_init_device}), QUERY the permanent MAC
 * ({@code rndis_filter_query_device_mac}), the MTU ({@code OID_GEN_MAXIMUM_FRAME_SIZE}) and the link status
 * ({@code rndis_filter_query_device_link_status}); on a device with more than one queue the RSS parameters,
 * twice as Linux {@code rndis_filter_set_rss_param} sends them (first with {@code NDIS_RSS_PARAM_FLAG_DISABLE_RSS},
 * then enabled), which Linux does in {@code rndis_set_subchannel} only after every sub-channel is open (here the
 * whole bring-up runs after that); then SET the packet filter ({@code rndis_filter_open}); HALT
 * on close ({@code rndis_filter_halt_device}, no completion). Every answer is checked: its type and request id
 * must be the outstanding request's, its status success and its value the OID's length. Each wait for an answer
 * ends after {@link #TIMEOUT_NANOS} on the given clock ({@link #timeOut()}), as Linux's did with 5*HZ: the
 * bring-up fails, but for an RSS SET, whose timeout is ignored as a refusal is. A late answer to a request that
 * timed out is dropped ({@link #late}, {@link #dropLate}), as Linux {@code rndis_filter_receive_response} drops
 * an answer it finds no request for; request ids come from one counter, so a late answer never matches a later
 * request (spec NetvscRndis {@code NoIdReuseInv}).
 */
public final class GuestRndis {
    /** Linux rndis_filter (INIT, QUERY, SET): {@code wait_for_completion_timeout(..., 5*HZ)}, then -ETIMEDOUT. */
    public static final long TIMEOUT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

    /** Linux's filter when the device opens: directed, broadcast, all multicast. */
    public static final int FILTER = RndisOid.FILTER_DIRECTED | RndisOid.FILTER_BROADCAST
            | RndisOid.FILTER_ALL_MULTICAST;

    /** Where the bring-up is. */
    public enum Phase {
        IDLE, INITIALIZING, QUERY_MAC, QUERY_MTU, QUERY_LINK, SETTING_RSS_OFF, SETTING_RSS, SETTING_FILTER, UP,
        HALTED, FAILED
    }

    private Phase phase = Phase.IDLE;
    private boolean awaiting;
    private int nextRequestId = 1;
    private int outstanding;
    private byte[] mac;
    private int mtu;
    private int linkStatus = -1;
    private DataPathError failure;
    private final Clock clock;
    /** When the outstanding request was sent, and its name (for the timeout's record). */
    private long waitSince;
    private String outstandingName;
    /** Queues of the device (1 + the sub-channels open), known once it proceeded; 0 before. */
    private int queues;
    /** The RSS parameters the host accepted (the enabling SET), or null. */
    private RssParameters rss;
    /** RSS SETs the host refused (Linux: "ignore failures from setting rss parameters, still have channels"). */
    private int rssRefused;
    /** The ids of the requests whose wait timed out (at most one per request of the bring-up: seven). */
    private final Set<Integer> timedOutIds = new TreeSet<>();
    /** The RSS SET timeouts the bring-up went on after (at most two). */
    private final List<DataPathError.RndisTimeout> ignoredTimeouts = new ArrayList<>();
    /** Late answers dropped (spec NetvscRndis GuestDropsLateRndisCompletion). */
    private int lateDropped;

    /** A bring-up whose waits never time out ({@link Clock#FROZEN}). */
    public GuestRndis() {
        this(Clock.FROZEN);
    }

    /** @param clock what each wait for an answer is measured against */
    public GuestRndis(Clock clock) {
        this.clock = clock;
    }

    /** @return when the outstanding request's wait times out, or {@link Long#MAX_VALUE} if none is outstanding */
    public long deadline() {
        return awaiting ? Clock.deadline(waitSince, TIMEOUT_NANOS) : Long.MAX_VALUE;
    }

    /** @return true if the outstanding request's wait has run out */
    public boolean timedOut() {
        return awaiting && clock.nanos() >= deadline();
    }

    /**
     * Ends a wait that ran out (spec NetvscRndis {@code GuestTimesOutWaitingForRndis{Init,Query,Set}}): the bring-up
     * fails with {@link DataPathError.RndisTimeout}, but for an RSS SET, after which it goes on as after a refusal
     * (the timeout is kept in {@link #ignoredTimeouts()}). Either way the request's id is remembered, so that its
     * late answer is dropped ({@link #late}).
     *
     * @return the id of the request whose wait ended
     */
    public int timeOut() {
        if (!timedOut()) {
            throw new IllegalStateException("no RNDIS wait has run out: phase=" + phase);
        }
        int id = outstanding;
        timedOutIds.add(id);
        DataPathError.RndisTimeout t = new DataPathError.RndisTimeout(new WaitTimeout(outstandingName
                + " completion", clock.nanos() - waitSince));
        if (phase == Phase.SETTING_RSS_OFF || phase == Phase.SETTING_RSS) {
            ignoredTimeouts.add(t);
            advance(phase == Phase.SETTING_RSS_OFF ? Phase.SETTING_RSS : Phase.SETTING_FILTER);
        } else {
            fail(t);
        }
        return id;
    }

    /**
     * @return true if m answers a request whose wait timed out and is not the request awaited now: Linux
     *     {@code rndis_filter_receive_response} finds no request for it ("no rndis request found")
     */
    boolean late(RndisMessage m) {
        int id = completionId(m);
        return id != 0 && timedOutIds.contains(id) && !(awaiting && id == outstanding);
    }

    /** Drops a {@link #late} answer: counted, nothing else changes. */
    void dropLate(RndisMessage m) {
        if (!late(m)) {
            throw new IllegalStateException("not a late answer: " + m.type().wireName());
        }
        lateDropped++;
    }

    /** @return the request id of an INITIALIZE, QUERY or SET completion, 0 for any other message */
    static int completionId(RndisMessage m) {
        if (m instanceof RndisMessage.InitializeComplete c) {
            return c.requestId();
        } else if (m instanceof RndisMessage.QueryComplete c) {
            return c.requestId();
        } else if (m instanceof RndisMessage.SetComplete c) {
            return c.requestId();
        }
        return 0;
    }

    /** @return the spec's name of the wait outstanding: "INITIALIZE", "QUERY" or "SET" ("" if none) */
    String awaitedKind() {
        if (!awaiting) {
            return "";
        }
        return switch (phase) {
            case INITIALIZING -> "INITIALIZE";
            case QUERY_MAC, QUERY_MTU, QUERY_LINK -> "QUERY";
            default -> "SET";
        };
    }

    /** @return true if a request is due (none outstanding, bring-up not over) */
    boolean ready() {
        return !awaiting && (phase == Phase.IDLE || phase == Phase.QUERY_MAC || phase == Phase.QUERY_MTU
                || phase == Phase.QUERY_LINK || phase == Phase.SETTING_RSS_OFF || phase == Phase.SETTING_RSS
                || phase == Phase.SETTING_FILTER);
    }

    /** @return the next request to send, or null while one is outstanding or the bring-up is over */
    RndisMessage next() {
        if (awaiting) {
            return null;
        }
        RndisMessage m = switch (phase) {
            case IDLE -> RndisMessage.InitializeRequest.linux(nextRequestId);
            case QUERY_MAC -> query(RndisOid.ETH_PERMANENT_ADDRESS);
            case QUERY_MTU -> query(RndisOid.GEN_MAXIMUM_FRAME_SIZE);
            case QUERY_LINK -> query(RndisOid.GEN_MEDIA_CONNECT_STATUS);
            case SETTING_RSS_OFF -> rssSet(RssParameters.FLAG_DISABLE_RSS);
            case SETTING_RSS -> rssSet(0);
            case SETTING_FILTER -> RndisMessage.SetRequest.ofU32(nextRequestId, RndisOid.GEN_CURRENT_PACKET_FILTER,
                    FILTER);
            default -> null;
        };
        if (m != null) {
            if (phase == Phase.IDLE) {
                phase = Phase.INITIALIZING;
            }
            outstanding = nextRequestId++;
            awaiting = true;
            waitSince = clock.nanos();
            outstandingName = m.type().wireName() + (m instanceof RndisMessage.QueryRequest q
                    ? " oid=0x" + Integer.toHexString(q.oid()) : "");
        }
        return m;
    }

    /** rndis_set_rss_param_msg: Linux's table for the device's queues and {@code netvsc_hash_key}. */
    private RndisMessage rssSet(int flag) {
        return new RndisMessage.SetRequest(nextRequestId, RndisOid.GEN_RECEIVE_SCALE_PARAMETERS.number(),
                rssParameters(flag).encode());
    }

    private RssParameters rssParameters(int flag) {
        return RssParameters.linux(flag, queues, Toeplitz.linuxKey());
    }

    /**
     * Tells the bring-up how many queues the device has (once it proceeded, before the first request): more than
     * one and it sets the RSS parameters after the link query.
     */
    void queues(int n) {
        if (n < 1 || phase != Phase.IDLE) {
            throw new IllegalStateException("queues are set once, before the bring-up: n=" + n + " phase=" + phase);
        }
        queues = n;
    }

    private RndisMessage query(RndisOid oid) {
        return new RndisMessage.QueryRequest(nextRequestId, oid.number(), new byte[0]);
    }

    /** @return the HALT request (the device stops receiving; no completion follows) */
    RndisMessage halt() {
        phase = Phase.HALTED;
        awaiting = false;
        return new RndisMessage.HaltRequest(nextRequestId++);
    }

    /** Handles a completion the host sent through the receive buffer; a wrong one fails the bring-up. */
    void onResponse(RndisMessage m) {
        if (!awaiting) {
            fail(new DataPathError.RndisRefused("unsolicited " + m.type().wireName(), 0));
            return;
        }
        switch (phase) {
            case INITIALIZING -> {
                if (m instanceof RndisMessage.InitializeComplete c && ok(c.requestId(), c.status(), "INITIALIZE")) {
                    advance(Phase.QUERY_MAC);
                } else {
                    wrong(m, "RNDIS_MSG_INIT_C");
                }
            }
            case QUERY_MAC, QUERY_MTU, QUERY_LINK -> onQuery(m);
            case SETTING_RSS_OFF, SETTING_RSS -> onRssComplete(m);
            case SETTING_FILTER -> {
                if (m instanceof RndisMessage.SetComplete c && ok(c.requestId(), c.status(), "SET packet filter")) {
                    advance(Phase.UP);
                } else {
                    wrong(m, "RNDIS_MSG_SET_C");
                }
            }
            default -> fail(new DataPathError.RndisRefused("unexpected " + m.type().wireName(), 0));
        }
    }

    private void onQuery(RndisMessage m) {
        if (!(m instanceof RndisMessage.QueryComplete c) || !ok(c.requestId(), c.status(), "QUERY " + phase)) {
            wrong(m, "RNDIS_MSG_QUERY_C");
            return;
        }
        RndisOid oid = phase == Phase.QUERY_MAC ? RndisOid.ETH_PERMANENT_ADDRESS
                : phase == Phase.QUERY_MTU ? RndisOid.GEN_MAXIMUM_FRAME_SIZE : RndisOid.GEN_MEDIA_CONNECT_STATUS;
        byte[] v = c.info();
        if (v.length != oid.infoLength()) {
            fail(new DataPathError.RndisRefused("QUERY " + oid + " info_buflen=" + v.length, 0));
            return;
        }
        if (phase == Phase.QUERY_MAC) {
            mac = v;
            advance(Phase.QUERY_MTU);
        } else if (phase == Phase.QUERY_MTU) {
            mtu = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getInt();
            advance(Phase.QUERY_LINK);
        } else {
            linkStatus = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getInt();
            advance(queues > 1 ? Phase.SETTING_RSS_OFF : Phase.SETTING_FILTER);
        }
    }

    /**
     * rndis_set_rss_param_msg's completion: a refusal is logged and the bring-up goes on (Linux ignores it: the
     * device keeps its channels, unsteered); the enabling SET's success makes {@link #rss()} the parameters.
     */
    private void onRssComplete(RndisMessage m) {
        if (!(m instanceof RndisMessage.SetComplete c)) {
            wrong(m, "RNDIS_MSG_SET_C");
            return;
        }
        if (c.requestId() != outstanding) {
            ok(c.requestId(), c.status(), "SET RSS");
            return;
        }
        if (c.status() != RndisMessage.STATUS_SUCCESS) {
            rssRefused++;
        } else if (phase == Phase.SETTING_RSS) {
            rss = rssParameters(0);
        }
        advance(phase == Phase.SETTING_RSS_OFF ? Phase.SETTING_RSS : Phase.SETTING_FILTER);
    }

    private boolean ok(int requestId, int status, String what) {
        if (requestId != outstanding) {
            fail(new DataPathError.RndisRefused(what + " req_id=" + Integer.toUnsignedString(requestId)
                    + " expected=" + outstanding, status));
            return false;
        }
        if (status != RndisMessage.STATUS_SUCCESS) {
            fail(new DataPathError.RndisRefused(what, status));
            return false;
        }
        return true;
    }

    private void wrong(RndisMessage m, String expected) {
        if (phase != Phase.FAILED) {
            fail(new DataPathError.RndisRefused("expected " + expected + " got " + m.type().wireName(), 0));
        }
    }

    private void advance(Phase p) {
        phase = p;
        awaiting = false;
    }

    private void fail(DataPathError e) {
        if (failure == null) {
            failure = e;
        }
        phase = Phase.FAILED;
        awaiting = false;
    }

    /**
     * @return the bring-up state as spec NetvscRndis names it ({@code rnGuest}): a phase that waits for its
     *     completion is {@code Await*}, one whose request is due is {@code Query} or {@code Set}
     */
    public String specState() {
        return switch (phase) {
            case IDLE -> "Idle";
            case INITIALIZING -> "AwaitInit";
            case QUERY_MAC, QUERY_MTU, QUERY_LINK -> awaiting ? "AwaitQuery" : "Query";
            case SETTING_RSS_OFF, SETTING_RSS, SETTING_FILTER -> awaiting ? "AwaitSet" : "Set";
            case UP -> "Up";
            case HALTED -> "Halted";
            case FAILED -> "Failed";
        };
    }

    /** @return the id of the request last sent (0 before any) */
    int lastRequestId() {
        return nextRequestId - 1;
    }

    /** @return where the bring-up is */
    public Phase phase() {
        return phase;
    }

    /** @return the permanent MAC the host reported, or null before */
    public byte[] mac() {
        return mac == null ? null : mac.clone();
    }

    /** @return the MTU the host reported (0 before) */
    public int mtu() {
        return mtu;
    }

    /** @return 0 connected, 1 disconnected, -1 before the query */
    public int linkStatus() {
        return linkStatus;
    }

    /** @return the RSS parameters the host accepted, or null (one queue, or refused) */
    public RssParameters rss() {
        return rss;
    }

    /** @return RSS SETs the host refused */
    public int rssRefused() {
        return rssRefused;
    }

    /** @return the RSS SET timeouts the bring-up went on after */
    public List<DataPathError.RndisTimeout> ignoredTimeouts() {
        return List.copyOf(ignoredTimeouts);
    }

    /** @return late answers dropped */
    public int lateDropped() {
        return lateDropped;
    }

    /** @return why the bring-up failed, or null */
    public DataPathError failure() {
        return failure;
    }
}
