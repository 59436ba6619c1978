package dev.enlightened.channel;

import dev.enlightened.bounded.ErrorLog;
import dev.enlightened.clock.Clock;
import dev.enlightened.clock.WaitTimeout;
import dev.enlightened.medium.ChannelKey;
import dev.enlightened.medium.PostStatus;
import dev.enlightened.medium.SubChannelDevice;
import dev.enlightened.medium.Transport;
import dev.enlightened.trace.Fields;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.AllOffersDelivered;
import dev.enlightened.wire.ChannelMessage;
import dev.enlightened.wire.ChannelMessageCodec;
import dev.enlightened.wire.DecodeError;
import dev.enlightened.wire.DecodeResult;
import dev.enlightened.wire.Direction;
import dev.enlightened.wire.GpadlCreated;
import dev.enlightened.wire.GpadlTorndown;
import dev.enlightened.wire.InitiateContact;
import dev.enlightened.wire.OfferChannel;
import dev.enlightened.wire.OpenChannelResult;
import dev.enlightened.wire.ProtocolVersion;
import dev.enlightened.wire.RequestOffers;
import dev.enlightened.wire.RescindChannelOffer;
import dev.enlightened.wire.Unload;
import dev.enlightened.wire.UnloadResponse;
import dev.enlightened.wire.VersionResponse;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The guest's channel manager: the bus context (version negotiation, REQUESTOFFERS, UNLOAD; Linux
 * {@code vmbus_connect}, {@code vmbus_initiate_unload}) and the message-dispatch context (Linux
 * {@code vmbus_on_msg_dpc}: one host message per step, never blocking). The per-channel driver context is
 * {@link ChannelDriver}. Each public step method implements one spec action of VMBusChannels.tla, named in its
 * javadoc, and emits one trace event of that name. Not thread-safe: every step runs under the run's lock, which
 * makes it atomic and orders its trace event.
 */
public final class ChannelManager {
    private static final System.Logger LOG = System.getLogger(ChannelManager.class.getName());
    static final String BUS = "guest-bus";
    static final String DISPATCH = "guest-dispatch";
    /** The actor of the hypervisor's answer to a post, which the host side's ports decide. */
    static final String HOST = "host";
    /** First GPADL handle, as Linux {@code next_gpadl_handle} starts (digest 1.4). */
    static final int FIRST_GPADL_HANDLE = 0xE1E10;
    /** {@code VMBUS_MESSAGE_SINT}: the SINT host messages arrive on. */
    private static final int MESSAGE_SINT = 2;
    /** GPA of the (simulated) interrupt page, sent in INITIATE_CONTACT before 5.0. */
    static final long INTERRUPT_PAGE = 0x2000_2000L;
    /** Linux {@code MAX_CHANNEL_RELIDS}: the size of the relid table; an offer at or above it maps nothing. */
    public static final int MAX_CHANNEL_RELIDS = 2048;

    final GuestConfig config;
    final Transport transport;
    final TraceSink trace;
    final SubChannelDevice devices;
    /** Real time on threads, virtual time under the deterministic scheduler: every wait is measured against it. */
    final Clock clock;
    /** When the bus context's wait (VERSION_RESPONSE or UNLOAD_RESPONSE) started. */
    private long busWaitSince;
    ConnectionState conn = ConnectionState.DISCONNECTED;
    private int versionIndex;
    private Boolean busReply;
    /**
     * The post of this proposal's INITIATE_CONTACT failed (the spec's gBusReply = "Rejected"): nothing is waited
     * for, {@link #fallBackAfterRejectedPost()} is next.
     */
    private boolean postRejected;
    /** Guest posts other than INITIATE_CONTACT that the hypervisor failed: counters and the last records. */
    private final ErrorLog<String> postFailures =
            new ErrorLog<>(LOG, "hypervisor failed a guest post", s -> s, ErrorLog.DEFAULT_KEEP);
    /** The {@code msg_conn_id} of the VERSION_RESPONSE the bus context is about to wake from. */
    private int offeredMsgConnId;
    private ProtocolVersion agreed;
    /**
     * Linux {@code vmbus_connection.msg_conn_id}: the connection id guest messages are posted on. Set per proposed
     * version by {@code vmbus_negotiate_version} (4 from 5.0 on, else 1) and, from 5.0 on, replaced by the
     * VERSION_RESPONSE's {@code msg_conn_id} once the host accepts.
     */
    private int msgConnId = Transport.MESSAGE_CONNECTION_ID;
    private boolean requestSent;
    private boolean allOffersDelivered;
    private int unloads;
    /**
     * The live channel objects (offered, not yet released), by object number, in offer order. A released object is
     * dropped from every table, so memory follows the live channels, not the offers ever made (issue 12: 3,000
     * offer/rescind/release cycles left 3,000 objects).
     */
    final Map<Integer, GuestChannel> channels = new LinkedHashMap<>();
    /** The live object of each key: O(1) duplicate checks (the host binds one relid per key). */
    private final Map<ChannelKey, GuestChannel> liveByKey = new HashMap<>();
    /**
     * OFFERCHANNEL messages decoded so far, discarded ones included. A channel object's number is this count at
     * its offer: host-to-guest delivery is in order and loses nothing, so it equals the host's offer count, which
     * is what the spec's Inst numbers (a ghost the wire does not carry).
     */
    private int offersSeen;
    final Map<Integer, GuestChannel> byRelid = new HashMap<>();
    final Map<Integer, GuestChannel> byGpadlHandle = new HashMap<>();
    /** Counters and the last records; rate-limited log lines (a hostile host must not flood the log). */
    private final ErrorLog<HostMessageError> errors =
            new ErrorLog<>(LOG, "guest rejected host message", HostMessageError::describe, ErrorLog.DEFAULT_KEEP);
    private int stale;
    /**
     * True from a reconnect without UNLOAD ({@link #kexec()}) until this connection's VERSION_RESPONSE arrives. The
     * host resets only when our INITIATE_CONTACT reaches it (openvmm {@code handle_initiate_contact} on a connected
     * server), and host-to-guest delivery is in order, so everything it sent before that VERSION_RESPONSE was meant
     * for the previous kernel: answers to what the old kernel posted, offers and rescinds of the old connection.
     */
    private boolean previousKernelTraffic;
    /** Waits that ran out because the host never answered: counters and the last records. */
    final ErrorLog<WaitTimeout> timeouts =
            new ErrorLog<>(LOG, "guest gave up waiting for the host", WaitTimeout::describe, ErrorLog.DEFAULT_KEEP);
    int nextGpadlHandle = FIRST_GPADL_HANDLE;
    long nextPfn = 0x10000;
    /** H5 only: the serialized offer/rescind worker's queue and the object whose probe holds it (0: idle). */
    final Deque<Object> workQueue = new ArrayDeque<>();
    int workerBusyWith;

    /**
     * @param config    versions, ring size, faults
     * @param transport the message paths
     * @param devices   where sub-channel requests go (the primary's ring)
     * @param trace     the event sink
     */
    public ChannelManager(GuestConfig config, Transport transport, SubChannelDevice devices, TraceSink trace) {
        this(config, transport, devices, trace, Clock.FROZEN);
    }

    /**
     * @param config    versions, ring size, faults, timeouts
     * @param transport the message paths
     * @param devices   where sub-channel requests go (the primary's ring)
     * @param trace     the event sink
     * @param clock     what every wait for a host reply is measured against ({@link Clock#FROZEN}: never times out)
     */
    public ChannelManager(GuestConfig config, Transport transport, SubChannelDevice devices, TraceSink trace,
                          Clock clock) {
        this.config = config;
        this.transport = transport;
        this.devices = devices;
        this.trace = trace;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- bus context

    /** @return true if {@link #sendInitiateContact()} is enabled */
    public boolean canSendInitiateContact() {
        return conn == ConnectionState.DISCONNECTED;
    }

    /**
     * GuestSendsInitiateContact: propose the next version, newest first (L-conn vmbus_negotiate_version), or, if
     * the hypervisor fails the post, HostRejectsPostOnConnection4. The hypercall returns its status inside this
     * step (it runs on the guest's VP), so the one event of the step is the host side's in that case: a host with
     * no port on connection 4 (a pre-5.0 Hyper-V) never sees the message. Linux {@code vmbus_post_msg} returns
     * {@code -EINVAL} at once for an INITIATE_CONTACT that gets {@code HV_STATUS_INVALID_CONNECTION_ID} (other
     * messages retry it as {@code -EAGAIN}), and {@code vmbus_connect} then tries the next version.
     */
    public void sendInitiateContact() {
        require(canSendInitiateContact(), "GuestSendsInitiateContact");
        ProtocolVersion v = config.versions().get(versionIndex);
        conn = ConnectionState.CONTACTING;
        busReply = null;
        busWaitSince = clock.nanos();
        msgConnId = v.isAtLeast(ProtocolVersion.WIN10_V5) ? Transport.MESSAGE_CONNECTION_ID_4
                : Transport.MESSAGE_CONNECTION_ID;
        // The union at offset 16 per version, as vmbus_negotiate_version writes it: msg_sint from 5.0, the
        // interrupt page's GPA before (issue 12: it was always written the 5.0 way).
        InitiateContact contact = InitiateContact.forVersion(v, 0, MESSAGE_SINT, INTERRUPT_PAGE, 0x2000_0000L,
                0x2000_1000L);
        if (transport.sendToHost(msgConnId, ChannelMessageCodec.encode(contact)) == PostStatus.SUCCESS) {
            emit(BUS, "GuestSendsInitiateContact", Fields.of("version", v.value()), busPost());
        } else {
            postRejected = true;
            emit(HOST, "HostRejectsPostOnConnection4",
                    Fields.of("version", v.value(), "connectionId", msgConnId), busPost());
        }
    }

    /** @return true if {@link #fallBackAfterRejectedPost()} is enabled */
    public boolean canFallBackAfterRejectedPost() {
        return conn == ConnectionState.CONTACTING && postRejected;
    }

    /**
     * GuestFallsBackAfterRejectedPost: the post of INITIATE_CONTACT failed, so no VERSION_RESPONSE will come; try
     * the next older version at once, or FAIL past the last one (Linux {@code vmbus_connect}: {@code -EDOM}).
     */
    public void fallBackAfterRejectedPost() {
        require(canFallBackAfterRejectedPost(), "GuestFallsBackAfterRejectedPost");
        postRejected = false;
        if (versionIndex + 1 < config.versions().size()) {
            versionIndex++;
            conn = ConnectionState.DISCONNECTED;
        } else {
            conn = ConnectionState.FAILED;
        }
        emit(BUS, "GuestFallsBackAfterRejectedPost", Map.of(), busPost());
    }

    /** @return true if {@link #wakeFromVersionResponse()} is enabled */
    public boolean canWakeFromVersionResponse() {
        return conn == ConnectionState.CONTACTING && busReply != null;
    }

    /** GuestWakesFromVersionResponse: adopt the version, or fall back to the next older one. */
    public void wakeFromVersionResponse() {
        require(canWakeFromVersionResponse(), "GuestWakesFromVersionResponse");
        boolean hostSupports = busReply;
        boolean supported = hostSupports;
        busReply = null;
        ProtocolVersion proposed = config.versions().get(versionIndex);
        if (supported && config.isolated() && !proposed.supports(ProtocolVersion.Feature.ISOLATED_GUESTS)) {
            // vmbus_connect: an isolated guest refuses a host below 5.2 (-EINVAL, "Invalid VMBus version ... from
            // the host supporting isolation"); the connection fails, no other version is tried.
            supported = false;
            versionIndex = config.versions().size() - 1;
        }
        if (supported) {
            conn = ConnectionState.CONNECTED;
            agreed = proposed;
            if (agreed.isAtLeast(ProtocolVersion.WIN10_V5)) {
                msgConnId = offeredMsgConnId; // vmbus_negotiate_version adopts the host's, from 5.0 on
            }
        } else if (versionIndex + 1 < config.versions().size()) {
            versionIndex++;
            conn = ConnectionState.DISCONNECTED;
        } else {
            conn = ConnectionState.FAILED;
        }
        emit(BUS, "GuestWakesFromVersionResponse", Fields.of("supported", hostSupports), busPost());
    }

    /** @return true once this connection's REQUESTOFFERS has been sent (SaveRestore's gReq # "No") */
    public boolean requestSent() {
        return requestSent;
    }

    /** @return true if {@link #sendRequestOffers()} is enabled */
    public boolean canSendRequestOffers() {
        return conn == ConnectionState.CONNECTED && !requestSent;
    }

    /** GuestSendsRequestOffers: once per connection (digest 1.3). */
    public void sendRequestOffers() {
        require(canSendRequestOffers(), "GuestSendsRequestOffers");
        requestSent = true;
        post(new RequestOffers());
        emit(BUS, "GuestSendsRequestOffers", Map.of(), busPost());
    }

    /** @return true if {@link #sendUnload()} is enabled */
    public boolean canSendUnload() {
        return conn == ConnectionState.CONNECTED && requestSent;
    }

    /** GuestSendsUnload: disconnect (kexec, kdump); the driver contexts stop until reconnected. */
    public void sendUnload() {
        require(canSendUnload(), "GuestSendsUnload");
        conn = ConnectionState.UNLOADING;
        busWaitSince = clock.nanos();
        unloads++;
        post(new Unload());
        emit(BUS, "GuestSendsUnload", Map.of(), busPost());
    }

    /**
     * @return true if {@link #kexec()} is enabled: the connection is up (a kernel replaced while Contacting would
     *         leave an INITIATE_CONTACT whose answer the next kernel cannot tell from its own; the spec leaves
     *         that window out)
     */
    public boolean canKexec() {
        return conn == ConnectionState.CONNECTED;
    }

    /**
     * GuestKexecs: a kexec'd or kdump kernel (or an OS after firmware) takes over without UNLOAD. It has no channel
     * state and a fresh SynIC message page, so messages queued for the old kernel are gone; it will send
     * INITIATE_CONTACT to a host that still believes it is connected, which resets (openvmm
     * handle_initiate_contact). What the old kernel posted still reaches the host.
     */
    public void kexec() {
        require(canKexec(), "GuestKexecs");
        for (byte[] dropped : transport.dropForGuest()) {
            // The object number is a ghost equal to the host's offer count: offers lost with the old page count.
            if (ChannelMessageCodec.decodeFrom(Direction.HOST_TO_GUEST, dropped) instanceof DecodeResult.Decoded d
                    && d.message() instanceof OfferChannel) {
                offersSeen++;
            }
        }
        unloads++;
        busReply = null;
        previousKernelTraffic = true;
        forgetConnection();
        emit(BUS, "GuestKexecs", Map.of(), busPost());
    }

    /** @return true if driver contexts may step (the connection is up): their waits run only then */
    boolean connectedForDrivers() {
        return conn == ConnectionState.CONNECTED;
    }

    /** @return true while the bus context waits for VERSION_RESPONSE or UNLOAD_RESPONSE */
    public boolean busWaiting() {
        return conn == ConnectionState.CONTACTING && busReply == null && !postRejected
                || conn == ConnectionState.UNLOADING;
    }

    /** @return the time at which the bus context's wait times out, or {@link Long#MAX_VALUE} if it does not wait */
    public long busDeadline() {
        if (!busWaiting()) {
            return Long.MAX_VALUE;
        }
        long bound = conn == ConnectionState.UNLOADING ? config.timeouts().unloadNanos()
                : config.timeouts().contactNanos();
        return Clock.deadline(busWaitSince, bound);
    }

    /** @return true if the bus context's wait ran out: {@link #timeOutBus()} is enabled */
    public boolean canTimeOutBus() {
        return busWaiting() && clock.nanos() >= busDeadline();
    }

    /**
     * The bus context gives up its wait with a {@link WaitTimeout}. No VERSION_RESPONSE: the connection FAILS, no
     * older version is tried (Linux {@code vmbus_connect}: {@code -ETIMEDOUT} from {@code vmbus_negotiate_version}
     * goes to cleanup, where a refusal tries the next version): {@code GuestTimesOut}. No UNLOAD_RESPONSE
     * ({@code GuestTimesOutWaitingForUnloadResponse}): the connection is dropped ({@code vmbus_initiate_unload}
     * returns after its wait and the kexec goes on); the host may not have handled the UNLOAD yet, and the pages of
     * every GPADL stay withheld (handed-out PFNs only grow); a late UNLOAD_RESPONSE is dropped.
     */
    public void timeOutBus() {
        require(canTimeOutBus(), "GuestTimesOut");
        boolean unloading = conn == ConnectionState.UNLOADING;
        WaitTimeout t = new WaitTimeout(unloading ? "UNLOAD_RESPONSE" : "VERSION_RESPONSE",
                clock.nanos() - busWaitSince);
        timeouts.add(t);
        if (unloading) {
            forgetConnection();
        } else {
            busReply = null;
            conn = ConnectionState.FAILED;
        }
        if (unloading) {
            emit(BUS, "GuestTimesOutWaitingForUnloadResponse", Fields.of("waitedMs", t.waitedMillis()), busPost());
        } else {
            emit(BUS, "GuestTimesOut", Fields.of("wait", t.what(), "waitedMs", t.waitedMillis()), busPost());
        }
    }

    // ---------------------------------------------------------------- dispatch context

    /** @return true if a host message waits for the dispatch context */
    public boolean canDispatch() {
        return transport.hasForGuest();
    }

    /**
     * Takes one host message from the SynIC slot, decodes it as untrusted and handles it: one of
     * GuestReceivesVersionResponse, GuestReceivesOffer, GuestReceivesAllOffersDelivered, GuestReceivesRescind,
     * GuestReceivesGpadlCreated, GuestReceivesOpenChannelResult, GuestReceivesGpadlTorndown,
     * GuestReceivesUnloadResponse, or GuestDiscardsMessage with a typed error.
     */
    public void dispatchOne() {
        byte[] bytes = transport.takeForGuest().orElseThrow(() -> new IllegalStateException("no host message"));
        DecodeResult r = ChannelMessageCodec.decodeFrom(Direction.HOST_TO_GUEST, bytes);
        if (r instanceof DecodeError e) {
            discard(new HostMessageError.Malformed(e), Fields.of("type", "Malformed"));
            return;
        }
        ChannelMessage m = ((DecodeResult.Decoded) r).message();
        if (m instanceof OfferChannel) {
            offersSeen++;
        }
        if (conn == ConnectionState.UNLOADING && !(m instanceof UnloadResponse)) {
            // Sent by the host before it saw our UNLOAD: stale, dropped (the spec's GuestDiscardsMessage).
            discardStale(m, "connection=Unloading");
            return;
        }
        if (previousKernelTraffic && !(m instanceof VersionResponse)) {
            // Sent before the host saw this kernel's INITIATE_CONTACT: the previous kernel's traffic, stale like the
            // messages that cross an UNLOAD, not a host error (the spec's GuestDiscardsMessage after GuestKexecs).
            discardStale(m, "connection=" + conn.specName() + " sent-before=INITIATE_CONTACT");
            return;
        }
        Optional<HostMessageError> unexpected = checkConnection(m);
        if (unexpected.isPresent()) {
            discard(unexpected.get(), SpecMessages.of(m));
            return;
        }
        if (m instanceof VersionResponse v) {
            receiveVersionResponse(v);
        } else if (m instanceof OfferChannel o) {
            receiveOffer(o);
        } else if (m instanceof RescindChannelOffer rc) {
            receiveRescind(rc);
        } else if (m instanceof GpadlCreated g) {
            receiveGpadlCreated(g);
        } else if (m instanceof OpenChannelResult o) {
            receiveOpenResult(o);
        } else if (m instanceof GpadlTorndown t) {
            receiveGpadlTorndown(t);
        } else if (m instanceof AllOffersDelivered) {
            allOffersDelivered = true;
            emit(DISPATCH, "GuestReceivesAllOffersDelivered", Map.of(), busPost());
        } else if (m instanceof UnloadResponse) {
            receiveUnloadResponse();
        } else {
            // TL_CONNECT_RESULT, MODIFYCHANNEL_RESPONSE: this guest never asks for them.
            discard(new HostMessageError.UnexpectedMessage(m.type(), conn), SpecMessages.of(m));
        }
    }

    /** Which connection state each host message needs (the spec's Expected, by type). */
    private Optional<HostMessageError> checkConnection(ChannelMessage m) {
        boolean ok = switch (m.type()) {
            // Not after a failed post: that INITIATE_CONTACT never reached the host.
            case VERSION_RESPONSE -> conn == ConnectionState.CONTACTING && busReply == null && !postRejected;
            case UNLOAD_RESPONSE -> conn == ConnectionState.UNLOADING;
            // Once per connection, and only as the answer to our REQUESTOFFERS (vmbus_onoffers_delivered completes
            // the REQUESTOFFERS waiter): a second one, or one before we asked, is dropped.
            case ALLOFFERS_DELIVERED -> conn == ConnectionState.CONNECTED && requestSent && !allOffersDelivered;
            default -> conn == ConnectionState.CONNECTED;
        };
        return ok ? Optional.empty() : Optional.of(new HostMessageError.UnexpectedMessage(m.type(), conn));
    }

    /** GuestReceivesVersionResponse: record the reply for the bus waiter. */
    private void receiveVersionResponse(VersionResponse v) {
        previousKernelTraffic = false; // the host has reset: what follows belongs to this connection
        // Linux vmbus_negotiate_version looks only at version_supported (connection_state is never read); openvmm's
        // client also fails on connection_state != SUCCESSFUL. We follow Linux, the guest this models.
        busReply = v.versionSupported();
        offeredMsgConnId = v.messageConnectionId();
        emit(DISPATCH, "GuestReceivesVersionResponse", Fields.of("supported", busReply), busPost());
    }

    /** GuestReceivesOffer: a new channel object, relid mapped (vmbus_onoffer, vmbus_process_offer). */
    private void receiveOffer(OfferChannel o) {
        ChannelKey key = ChannelKey.of(o);
        if (Integer.toUnsignedLong(o.childRelid()) >= MAX_CHANNEL_RELIDS) {
            // vmbus_channel_map_relid WARNs and maps nothing: the relid indexes a table of MAX_CHANNEL_RELIDS.
            discard(new HostMessageError.RelidOutOfRange(o.childRelid(), MAX_CHANNEL_RELIDS), SpecMessages.of(o));
            return;
        }
        if (byRelid.containsKey(o.childRelid()) || liveChannel(key).isPresent()) {
            discard(new HostMessageError.DuplicateOffer(o.childRelid(), key), SpecMessages.of(o));
            return;
        }
        if (!key.isPrimary() && liveChannel(key.primary()).isEmpty()) {
            discard(new HostMessageError.OrphanSubChannel(o.childRelid(), key), SpecMessages.of(o));
            return;
        }
        GuestChannel c = new GuestChannel(offersSeen, o);
        channels.put(c.inst(), c);
        liveByKey.put(key, c);
        byRelid.put(c.relid(), c);
        if (config.has(Fault.H5) && key.isPrimary()) {
            workQueue.addLast(new Probe(c.inst())); // H5: the probe runs on the offer worker
        }
        emit(DISPATCH, "GuestReceivesOffer", Fields.of("key", key.toTrace(), "relid", c.relid(), "inst", c.inst()),
                c.post());
    }

    /** GuestReceivesRescind (or, with H5, its hand-off to the serialized worker, which logs nothing). */
    private void receiveRescind(RescindChannelOffer rc) {
        if (config.has(Fault.H5)) {
            // H5: queued behind the probe on the same worker; the spec sees the message still undelivered.
            workQueue.addLast(rc);
            return;
        }
        handleRescind(rc.childRelid());
    }

    /** vmbus_onoffer_rescind + vmbus_rescind_cleanup: mark, wake the opener, queue the removal. */
    void handleRescind(int relid) {
        GuestChannel c = byRelid.get(relid);
        if (c == null) {
            // Already released (or never offered): Linux returns; nothing maps the relid.
            reject(new HostMessageError.UnknownRelid(relid));
            emit(DISPATCH, "GuestReceivesRescind", Fields.of("relid", relid), Map.of());
            return;
        }
        if (c.rescind && !config.has(Fault.H7)) {
            reject(new HostMessageError.DuplicateRescind(relid)); // rescind_ref: handled once
        } else {
            c.rescind = true;
            c.removePending++;
            boolean wakes = c.op == DriverOp.WAIT_OPEN || c.op == DriverOp.WAIT_SUBS;
            if (wakes && c.woken == Reply.NONE && !config.has(Fault.H6)) {
                c.woken = Reply.RESCIND; // the host never answers an OPENCHANNEL after a rescind (digest 1.6)
            }
        }
        emit(DISPATCH, "GuestReceivesRescind", Fields.of("relid", relid, "inst", c.inst()), c.post());
    }

    /** GuestReceivesGpadlCreated: matched by (child_relid, gpadl) like chn_msg_list. */
    private void receiveGpadlCreated(GpadlCreated g) {
        GuestChannel c = byGpadlHandle.get(g.gpadl());
        if (c == null || !c.mapped || c.relid() != g.childRelid() || c.gpadl != GpadlState.CREATING
                || c.op != DriverOp.WAIT_GPADL) {
            discard(new HostMessageError.NoWaiter(g.type(), g.childRelid(), g.gpadl()), SpecMessages.of(g));
            return;
        }
        boolean ok = g.creationStatus() == 0;
        c.gpadl = ok ? GpadlState.CREATED : GpadlState.NONE;
        if (!ok) {
            byGpadlHandle.remove(g.gpadl());
        }
        c.woken = ok ? Reply.OK : Reply.FAIL;
        emit(DISPATCH, "GuestReceivesGpadlCreated",
                Fields.of("relid", c.relid(), "gpadl", c.gpadlId(), "ok", ok, "inst", c.inst()), c.post());
    }

    /** GuestReceivesOpenChannelResult: matched by (child_relid, openid = child_relid). */
    private void receiveOpenResult(OpenChannelResult o) {
        GuestChannel c = byRelid.get(o.childRelid());
        if (c == null || o.openId() != c.relid() || c.op != DriverOp.WAIT_OPEN || c.woken != Reply.NONE) {
            discard(new HostMessageError.NoWaiter(o.type(), o.childRelid(), -1), SpecMessages.of(o));
            return;
        }
        boolean ok = o.status() == 0;
        c.woken = ok ? Reply.OK : Reply.FAIL;
        emit(DISPATCH, "GuestReceivesOpenChannelResult",
                Fields.of("relid", c.relid(), "ok", ok, "inst", c.inst()), c.post());
    }

    /** GuestReceivesGpadlTorndown: matched by gpadl only. */
    private void receiveGpadlTorndown(GpadlTorndown t) {
        GuestChannel c = byGpadlHandle.get(t.gpadl());
        if (c == null || c.gpadl != GpadlState.TEARING_DOWN) {
            discard(new HostMessageError.NoWaiter(t.type(), -1, t.gpadl()), SpecMessages.of(t));
            return;
        }
        byGpadlHandle.remove(t.gpadl());
        c.gpadl = GpadlState.NONE;
        c.woken = Reply.OK;
        emit(DISPATCH, "GuestReceivesGpadlTorndown", Fields.of("gpadl", c.gpadlId(), "inst", c.inst()), c.post());
    }

    /** GuestReceivesUnloadResponse: nothing of the connection survives (digest 1.7, rule 1.12.9). */
    private void receiveUnloadResponse() {
        forgetConnection();
        emit(DISPATCH, "GuestReceivesUnloadResponse", Map.of(), busPost());
    }

    /** Disconnected, every channel object freed: after UNLOAD_RESPONSE, and in a kernel booted by kexec. */
    private void forgetConnection() {
        conn = ConnectionState.DISCONNECTED;
        versionIndex = 0;
        agreed = null;
        requestSent = false;
        allOffersDelivered = false;
        for (GuestChannel c : channels.values()) {
            c.state = new ChannelState.Free();
            c.mapped = false;
            c.rescind = false;
            c.removePending = 0;
            c.gpadl = GpadlState.NONE;
            c.bodiesToSend.clear();
            c.op = DriverOp.IDLE;
            c.woken = Reply.NONE;
            c.subChannelsRequested = false;
        }
        byRelid.clear();
        byGpadlHandle.clear();
        channels.clear();
        liveByKey.clear();
        workQueue.clear();
        workerBusyWith = 0;
    }

    /** Counts, keeps among the last records and (rate-limited) logs a rejected host message (Linux WARNs, drops). */
    private void reject(HostMessageError error) {
        errors.add(error);
    }

    /**
     * Forgets a released object (its state just became Free): nothing maps its relid or its GPADL any more, and
     * the spec's Free object is never touched again, so the guest keeps no memory of it.
     */
    void release(GuestChannel c) {
        channels.remove(c.inst(), c);
        liveByKey.remove(c.key(), c);
    }

    /**
     * GuestDiscardsMessage for a message the host sent in good faith for a connection that has ended (it crossed
     * our UNLOAD, or it was meant for the kernel before a kexec): counted as stale, not as a host error.
     */
    private void discardStale(ChannelMessage m, String why) {
        stale++;
        emit(DISPATCH, "GuestDiscardsMessage", Fields.of("msg", SpecMessages.of(m), "error", "stale: type="
                + m.type().wireName() + " " + why), Map.of());
    }

    /** GuestDiscardsMessage: logged with its typed error, dropped; the host is untrusted. */
    private void discard(HostMessageError error, Map<String, Object> msg) {
        reject(error);
        emit(DISPATCH, "GuestDiscardsMessage", Fields.of("msg", msg, "error", error.describe()), Map.of());
    }

    // ---------------------------------------------------------------- H5 worker (fault only)

    /** H5: the probe of a newly offered primary, queued on the serialized offer worker. */
    record Probe(int inst) {
    }

    /** @return true if the H5 worker has a step: take the next work item, or return from a finished probe */
    public boolean canWork() {
        if (workerBusyWith != 0) {
            GuestChannel c = channels.get(workerBusyWith);
            if (c == null) {
                return true; // released: nothing holds the worker any more
            }
            return c.op == DriverOp.IDLE && !(c.state instanceof ChannelState.Opening) && (c.opens > 0 || c.rescind)
                    || !c.live();
        }
        return !workQueue.isEmpty();
    }

    /**
     * One step of the H5 worker. Its queueing and probe bookkeeping are not spec actions of the correct protocol
     * and log nothing; the rescind it finally handles logs GuestReceivesRescind.
     */
    public void work() {
        require(canWork(), "H5 worker step");
        if (workerBusyWith != 0) {
            workerBusyWith = 0;
            return;
        }
        Object item = workQueue.pollFirst();
        if (item instanceof Probe p) {
            workerBusyWith = p.inst();
        } else {
            handleRescind(((RescindChannelOffer) item).childRelid());
        }
    }

    /** @return true if the H5 worker is blocked in a probe that has not finished */
    public boolean workerWaiting() {
        return workerBusyWith != 0 && !canWork();
    }

    /** @return what the H5 worker waits for */
    public String workerWaitDescription() {
        return "probe of inst=" + workerBusyWith + " (queued: " + workQueue.size() + ")";
    }

    // ---------------------------------------------------------------- queries

    /** @return the live object of {@code key}, if any (at most one: the host binds one relid per key) */
    public Optional<GuestChannel> liveChannel(ChannelKey key) {
        return Optional.ofNullable(liveByKey.get(key));
    }

    /** @return the live channel object numbered {@code inst}, if the guest created it and has not released it */
    public Optional<GuestChannel> channel(int inst) {
        return Optional.ofNullable(channels.get(inst));
    }

    /** @return the live channel objects (released ones are forgotten), in offer order */
    public List<GuestChannel> channels() {
        return List.copyOf(channels.values());
    }

    /** @return the channel the relid maps to, if any */
    public Optional<GuestChannel> channelByRelid(int relid) {
        return Optional.ofNullable(byRelid.get(relid));
    }

    /** @return the bus connection state */
    public ConnectionState connection() {
        return conn;
    }

    /** @return the version agreed on this connection, if any */
    public Optional<ProtocolVersion> agreedVersion() {
        return Optional.ofNullable(agreed);
    }

    /** @return true once ALLOFFERS_DELIVERED arrived on this connection */
    public boolean allOffersDelivered() {
        return allOffersDelivered;
    }

    /** @return UNLOADs sent so far */
    public int unloads() {
        return unloads;
    }

    /**
     * @return host messages dropped as stale (not errors of the host): they crossed our UNLOAD, or the host sent them
     *         before it saw the INITIATE_CONTACT of a kernel that reconnected without UNLOAD
     */
    public int staleDiscards() {
        return stale;
    }

    /** @return the last {@link ErrorLog#DEFAULT_KEEP} host messages rejected, oldest first */
    public List<HostMessageError> errors() {
        return errors.recent();
    }

    /** @return the guest's waits that ran out (the host never answered): counters and the last records */
    public ErrorLog<WaitTimeout> timeouts() {
        return timeouts;
    }

    /** @return the clock the guest's waits are measured against */
    public Clock clock() {
        return clock;
    }

    /** @return every rejection counted, per kind, and the last ones kept */
    public ErrorLog<HostMessageError> errorLog() {
        return errors;
    }

    // ---------------------------------------------------------------- helpers

    /**
     * vmbus_post_msg: on {@code vmbus_connection.msg_conn_id}. A post the hypervisor fails is recorded and lost:
     * the hosts simulated here have a port on every id the guest posts on after negotiation, so only a host that
     * answered a {@code msg_conn_id} it has no port for gets here (Linux retries {@code
     * HV_STATUS_INVALID_CONNECTION_ID} as {@code -EAGAIN} 100 times with backoff, then fails the caller; the
     * caller's wait here ends in its timeout instead).
     */
    void post(ChannelMessage m) {
        PostStatus s = transport.sendToHost(msgConnId, ChannelMessageCodec.encode(m));
        if (s != PostStatus.SUCCESS) {
            postFailures.add("post failed: type=" + m.type().name() + " connection_id=" + msgConnId
                    + " status=0x" + Integer.toHexString(s.hvStatus()));
        }
    }

    /** @return guest posts (other than INITIATE_CONTACT) the hypervisor failed: counters and the last records */
    public ErrorLog<String> postFailures() {
        return postFailures;
    }

    /** @return the connection id guest messages are posted on (Linux {@code vmbus_connection.msg_conn_id}) */
    public int messageConnectionId() {
        return msgConnId;
    }

    void emit(String actor, String action, Map<String, Object> params, Map<String, Object> post) {
        if (trace.enabled()) {
            trace.emit(actor, action, params, post);
        }
    }

    private Map<String, Object> busPost() {
        return Fields.of("gConn", conn.specName());
    }

    static void require(boolean enabled, String action) {
        if (!enabled) {
            throw new IllegalStateException("step not enabled: action=" + action);
        }
    }
}
