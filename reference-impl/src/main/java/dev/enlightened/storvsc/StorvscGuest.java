package dev.enlightened.storvsc;

import dev.enlightened.clock.Clock;
import dev.enlightened.clock.WaitTimeout;
import dev.enlightened.ring.ChannelRings;
import dev.enlightened.ring.PacketDescriptor;
import dev.enlightened.ring.PacketView;
import dev.enlightened.ring.ReadError;
import dev.enlightened.ring.ReadResult;
import dev.enlightened.ring.WriteResult;
import dev.enlightened.trace.Fields;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.vstor.VstorCodec;
import dev.enlightened.wire.vstor.VstorDecodeError;
import dev.enlightened.wire.vstor.VstorDecodeResult;
import dev.enlightened.wire.vstor.VstorMember;
import dev.enlightened.wire.vstor.VstorOperation;
import dev.enlightened.wire.vstor.VstorPacket;
import dev.enlightened.wire.vstor.VstorPayload;
import dev.enlightened.wire.vstor.VstorStatus;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The storvsc guest driver's handshake (Linux {@code storvsc_channel_init}, {@code handle_multichannel_storage},
 * {@code handle_sc_creation}): one request at a time with COMPLETION_REQUESTED over the primary channel, then the
 * sub-channel opens. Each public step is one StorvscHandshake action and emits one trace event of that name.
 *
 * <p>Requests carry trans_ids 1, 2, ... (Linux reuses VMBUS_RQST_INIT, sound because at most one is outstanding),
 * so that a stale or duplicated completion is caught. Everything read from the host is checked; a bad packet is a
 * {@link StorvscError} and the device {@link GuestPc#FAILED}, never an exception.
 */
public final class StorvscGuest {
    private static final String ACTOR = "guest";

    private final StorvscGuestConfig config;
    /** Ring data area per direction for the handshake alone: room for far more than one 64-byte request. */
    public static final int HANDSHAKE_RING_BYTES = 4096;
    /** Linux {@code storvsc_execute_vstor_op}: {@code wait_for_completion_timeout(..., 5*HZ)} per init request. */
    public static final long INIT_TIMEOUT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    /** Linux {@code handle_multichannel_storage}: {@code wait_for_completion_timeout(..., 10*HZ)}. */
    public static final long SUB_CHANNEL_TIMEOUT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

    private final ChannelRings channel;
    private final TraceSink trace;
    private final Clock clock;
    private final PacketView view = new PacketView();
    private final byte[] packetBytes = new byte[VstorPacket.LENGTH];

    private GuestPc pc = GuestPc.START;
    /** The request outstanding (null before the first) and when it was sent, in {@link #clock}'s time. */
    private VstorOperation outstandingOp;
    private long waitSince;
    /** 1-based index in the version list of the version last queried (0 before). */
    private int verIdx;
    private int version;
    private int requested;
    /**
     * The sub-channels asked for by a CREATE_SUB_CHANNELS whose wait timed out (0 otherwise): the host may still
     * create them, and their late offers are opened, as Linux's {@code sc_creation_callback}, registered before the
     * request, opens them ({@code handle_multichannel_storage}).
     */
    private int askedBeforeTimeout;
    /** The trans_id of the CREATE_SUB_CHANNELS request whose wait timed out (0 if none): its completion may be late. */
    private long lateTid;
    private long nextTid = 1;
    /** sc_list: sub-channels whose offer was processed. */
    private final Set<Integer> scList = new TreeSet<>();
    /** Queued vmbus_open calls, in the order queued (the workqueue). */
    private final Set<PendingOpen> pendingOpens = new LinkedHashSet<>();
    /** Picks which queued open runs next when several are queued; null: the oldest. */
    private dev.enlightened.sim.Chooser openOrder;
    /** vmbus_open calls made per sub-channel index. */
    private final Map<Integer, Integer> opens = new TreeMap<>();
    private final List<StorvscError> errors = new ArrayList<>();

    /**
     * @param config  versions, wanted sub-channels, fault switch
     * @param channel the open primary channel
     * @param trace   where steps are logged
     */
    public StorvscGuest(StorvscGuestConfig config, ChannelRings channel, TraceSink trace) {
        this(config, channel, trace, Clock.FROZEN);
    }

    /**
     * @param config  versions, wanted sub-channels, fault switch
     * @param channel the open primary channel
     * @param trace   where steps are logged
     * @param clock   what each wait for a completion is measured against ({@link Clock#FROZEN}: never times out)
     */
    public StorvscGuest(StorvscGuestConfig config, ChannelRings channel, TraceSink trace, Clock clock) {
        this.config = config;
        this.channel = channel;
        this.trace = trace;
        this.clock = clock;
    }

    /** StorvscHandshake {@code GuestSendsBeginInitialization}. */
    public void sendBeginInitialization() {
        if (pc != GuestPc.START) {
            throw new IllegalStateException("BEGIN_INITIALIZATION already sent: pc=" + pc);
        }
        long tid = nextTid;
        send(VstorOperation.BEGIN_INITIALIZATION, VstorPayload.None.INSTANCE, GuestPc.AWAIT_BEGIN);
        if (trace.enabled()) {
            trace.emit(ACTOR, "GuestSendsBeginInitialization", Fields.of("tid", (int) tid),
                    Fields.of("guestPc", pc.specName(), "nextTid", (int) nextTid));
        }
    }

    /** @return true if the probe context can take a step: send BEGIN, read a waiting packet, or time out */
    public boolean canStep() {
        return pc == GuestPc.START || pc.awaiting() && (channel.guestHasInput() || timedOut());
    }

    /**
     * @return when the wait for the outstanding request's completion times out, or {@link Long#MAX_VALUE} if no
     *         request is outstanding or a packet waits to be read
     */
    public long deadline() {
        if (!pc.awaiting() || channel.guestHasInput()) {
            return Long.MAX_VALUE;
        }
        return Clock.deadline(waitSince, pc == GuestPc.AWAIT_CREATE_SUB_CHANNELS ? SUB_CHANNEL_TIMEOUT_NANOS
                : INIT_TIMEOUT_NANOS);
    }

    /**
     * @return the wait for a completion the guest is in, as its step and the request's trans_id (distinct for each
     *         request, so a second QUERY_PROTOCOL_VERSION is another wait), or null when it waits for none
     */
    public String awaitedRequest() {
        return pc.awaiting() ? pc.specName() + " tid=" + (nextTid - 1) : null;
    }

    /**
     * @return the trans_id of the CREATE_SUB_CHANNELS request whose wait timed out, whose completion the host may
     *         still send on the primary after the device went Ready (0 if none)
     */
    public long lateTid() {
        return lateTid;
    }

    /** @return true if the outstanding request's wait has run out with nothing to read */
    public boolean timedOut() {
        return clock.nanos() >= deadline();
    }

    /**
     * Ends a wait that ran out ({@link #timedOut()}): an init request fails the device with
     * {@link StorvscError.Timeout} ({@code storvsc_execute_vstor_op}: {@code -ETIMEDOUT}); CREATE_SUB_CHANNELS
     * leaves the device Ready on its primary, as a refusal does ({@code handle_multichannel_storage} logs "Failed to
     * create sub-channel: timed out" and returns). StorvscHandshake {@code GuestTimesOutWaitingFor*}, one action per
     * wait ({@link #timeoutAction}), traced under that name. A late completion is not read by this context (the
     * device is Failed, or the I/O path owns the ring and drops the stale trans_id); no further init request is
     * sent, so the request's trans_id is never reused while the host may still answer it.
     */
    public void timeOut() {
        if (!pc.awaiting() || !timedOut()) {
            throw new IllegalStateException("no wait has run out: pc=" + pc);
        }
        String action = timeoutAction(pc);
        errors.add(new StorvscError.Timeout(pc.specName(),
                new WaitTimeout("COMPLETE_IO for " + outstandingOp, clock.nanos() - waitSince)));
        if (pc == GuestPc.AWAIT_CREATE_SUB_CHANNELS) {
            askedBeforeTimeout = requested;
            lateTid = nextTid - 1;
            requested = 0;
            pc = GuestPc.READY;
        } else {
            pc = GuestPc.FAILED;
        }
        if (trace.enabled()) {
            trace.emit(ACTOR, action, Fields.of("tid", (int) (nextTid - 1)),
                    Fields.of("guestPc", pc.specName(), "requested", requested));
        }
    }

    /**
     * @param waiting a step that waits for a completion
     * @return the StorvscHandshake action that ends that wait in its timeout
     */
    public static String timeoutAction(GuestPc waiting) {
        return switch (waiting) {
            case AWAIT_BEGIN -> "GuestTimesOutWaitingForBeginInitialization";
            case AWAIT_VERSION -> "GuestTimesOutWaitingForProtocolVersion";
            case AWAIT_PROPERTIES -> "GuestTimesOutWaitingForProperties";
            case AWAIT_END -> "GuestTimesOutWaitingForEndInitialization";
            case AWAIT_CREATE_SUB_CHANNELS -> "GuestTimesOutWaitingForSubChannels";
            default -> throw new IllegalArgumentException("no wait in " + waiting);
        };
    }

    /**
     * StorvscHandshake {@code GuestReceivesCompletion}: reads one packet, checks it is the outstanding request's
     * COMPLETE_IO, and reacts (the next request, Ready or Failed).
     */
    public void receiveCompletion() {
        ReadResult r = channel.guestIn().next(view);
        if (r instanceof ReadError.Empty) {
            return;
        }
        if (r instanceof ReadError.Corrupt c) {
            fail(new StorvscError.RingCorrupt(c));
            return;
        }
        int type = view.type();
        long transId = view.transId();
        int length = Math.min(view.payloadLength(), VstorPacket.LENGTH);
        view.copyPayload(0, packetBytes, 0, length);
        channel.guestIn().release();
        if (!pc.awaiting()) {
            fail(new StorvscError.WrongTransId(transId, -1));
            return;
        }
        if (type != PacketDescriptor.TYPE_COMP) {
            fail(new StorvscError.UnexpectedPacket("type=" + type + " expected=" + PacketDescriptor.TYPE_COMP));
            return;
        }
        if (transId != nextTid - 1) {
            fail(new StorvscError.WrongTransId(transId, nextTid - 1));
            return;
        }
        VstorMember member = pc == GuestPc.AWAIT_PROPERTIES ? VstorMember.CHANNEL_PROPERTIES : VstorMember.NONE;
        VstorDecodeResult d = VstorCodec.decodeCompletion(packetBytes, 0, length, member);
        if (d instanceof VstorDecodeError e) {
            fail(new StorvscError.BadPacket(e));
            return;
        }
        VstorPacket p = ((VstorDecodeResult.Decoded) d).packet();
        if (p.operation() != VstorOperation.COMPLETE_IO) {
            fail(new StorvscError.UnexpectedPacket("operation=" + p.operation() + " expected=COMPLETE_IO"));
            return;
        }
        handle(p, transId);
    }

    private void handle(VstorPacket p, long tid) {
        int maxSub = 0;
        boolean multi = false;
        if (p.payload() instanceof VstorPayload.ChannelProperties props) {
            maxSub = props.maxChannelCount();
            multi = props.supportsMultiChannel();
        }
        GuestPc awaited = pc;
        react(p.status(), maxSub, multi);
        if (awaited == GuestPc.AWAIT_CREATE_SUB_CHANNELS && config.probePathOpens()) {
            // Fault H10 (Linux before c967590457ca): vmbus_are_subchannels_present -> handle_sc_creation for every
            // sub-channel already on sc_list, although the offer handler queued its open too.
            for (int i : scList) {
                pendingOpens.add(new PendingOpen(OpenPath.PROBE_PATH, i));
            }
        }
        if (trace.enabled()) {
            trace.emit(ACTOR, "GuestReceivesCompletion",
                    Fields.of("tid", (int) tid, "status", VstorStatus.specName(p.status()), "maxSub", maxSub,
                            "multi", multi),
                    Fields.of("guestPc", pc.specName(), "verIdx", verIdx, "version", version, "requested",
                            requested, "nextTid", (int) nextTid, "pending", pendingOpens.size()));
        }
    }

    /** The reaction to the outstanding request's completion (the spec's GuestHandles). */
    private void react(int status, int maxSub, boolean multi) {
        boolean ok = status == VstorStatus.SUCCESS;
        switch (pc) {
            case AWAIT_BEGIN -> {
                if (ok) {
                    tryVersion(1);
                } else {
                    refuse(status);
                }
            }
            case AWAIT_VERSION -> {
                if (ok) {
                    version = config.versions().get(verIdx - 1);
                    send(VstorOperation.QUERY_PROPERTIES, VstorPayload.None.INSTANCE, GuestPc.AWAIT_PROPERTIES);
                } else if (status == VstorStatus.REVISION_MISMATCH) {
                    tryVersion(verIdx + 1);
                } else {
                    refuse(status);
                }
            }
            case AWAIT_PROPERTIES -> {
                if (ok) {
                    // Multi-channel needs the flag and a version from Win8 on (Linux checks both).
                    requested = multi && version >= config.multiChannelVersion()
                            ? Math.min(config.wantedSubChannels(), maxSub) : 0;
                    send(VstorOperation.END_INITIALIZATION, VstorPayload.None.INSTANCE, GuestPc.AWAIT_END);
                } else {
                    refuse(status);
                }
            }
            case AWAIT_END -> {
                if (!ok) {
                    refuse(status);
                } else if (requested > 0) {
                    send(VstorOperation.CREATE_SUB_CHANNELS, new VstorPayload.SubChannelCount(requested),
                            GuestPc.AWAIT_CREATE_SUB_CHANNELS);
                } else {
                    pc = GuestPc.READY;
                }
            }
            case AWAIT_CREATE_SUB_CHANNELS -> {
                // A refusal leaves the device on its primary (handle_multichannel_storage only logs it).
                pc = GuestPc.READY;
                if (!ok) {
                    requested = 0;
                }
            }
            default -> throw new IllegalStateException("no request outstanding: pc=" + pc);
        }
    }

    private void tryVersion(int i) {
        if (i > config.versions().size()) {
            pc = GuestPc.FAILED; // No version left: storvsc_channel_init fails.
            return;
        }
        verIdx = i;
        send(VstorOperation.QUERY_PROTOCOL_VERSION, new VstorPayload.ProtocolVersion(config.versions().get(i - 1), 0),
                GuestPc.AWAIT_VERSION);
    }

    private void refuse(int status) {
        errors.add(new StorvscError.Refused(pc.specName(), status));
        pc = GuestPc.FAILED;
    }

    private void send(VstorOperation op, VstorPayload payload, GuestPc next) {
        byte[] bytes = VstorPacket.request(op, payload).encode();
        WriteResult w = channel.guestOut().tryWrite(PacketDescriptor.TYPE_DATA_INBAND,
                PacketDescriptor.FLAG_COMPLETION_REQUESTED, nextTid, bytes, 0, bytes.length);
        if (w instanceof dev.enlightened.ring.WriteError e) {
            fail(new StorvscError.SendFailed(e));
            return;
        }
        nextTid++;
        pc = next;
        outstandingOp = op;
        waitSince = clock.nanos();
    }

    private void fail(StorvscError e) {
        errors.add(e);
        pc = GuestPc.FAILED;
    }

    /**
     * StorvscHandshake {@code GuestProcessesOffer}: vmbus_onoffer -> vmbus_process_offer for a sub-channel of this
     * device: it joins sc_list and sc_creation_callback queues its open. An offer the guest did not ask for (index
     * outside 1..requested, or offered twice) fails the device instead; after a CREATE_SUB_CHANNELS timeout the
     * number asked for bounds the index (the host may still create them).
     *
     * @param index the offer's {@code sub_channel_index}
     */
    public void processOffer(int index) {
        int granted = pc == GuestPc.AWAIT_CREATE_SUB_CHANNELS || pc == GuestPc.READY
                ? Math.max(requested, askedBeforeTimeout) : 0;
        if (index < 1 || index > granted) {
            fail(new StorvscError.UnexpectedOffer(index, granted, "outside"));
            return;
        }
        if (!scList.add(index)) {
            fail(new StorvscError.UnexpectedOffer(index, granted, "duplicate"));
            return;
        }
        pendingOpens.add(new PendingOpen(OpenPath.OFFER_HANDLER, index));
        if (trace.enabled()) {
            trace.emit(ACTOR, "GuestProcessesOffer", Fields.of("index", index),
                    Fields.of("listed", scList.size(), "pending", pendingOpens.size()));
        }
    }

    /** @return true if a queued open can run */
    public boolean hasPendingOpen() {
        return !pendingOpens.isEmpty();
    }

    /**
     * Lets {@code chooser} pick which queued open runs next ({@link dev.enlightened.sim.ChoiceKind#WORK_ORDER}):
     * Linux runs each sub-channel offer's handle_sc_creation from vmbus's {@code hv_sub_chan} work queue, a
     * {@code create_workqueue} (per-CPU, unordered; {@code vmbus_connect} in {@code connection.c}), so queued opens
     * may run in any order, as the spec's {@code GuestOpensSubChannel} takes any queued one (as netvsc's guest,
     * {@code NetvscGuest.chooseOpenOrderWith}).
     */
    public void chooseOpenOrderWith(dev.enlightened.sim.Chooser chooser) {
        this.openOrder = chooser;
    }

    /**
     * StorvscHandshake {@code GuestOpensSubChannel}: runs a queued open (handle_sc_creation -> vmbus_open), the
     * oldest unless {@link #chooseOpenOrderWith} picks. The open itself (OPENCHANNEL exchange) belongs to the channel
     * layer; here it is counted.
     */
    public void openSubChannel() {
        Iterator<PendingOpen> it = pendingOpens.iterator();
        if (!it.hasNext()) {
            throw new IllegalStateException("no open queued");
        }
        int skip = openOrder == null || pendingOpens.size() == 1 ? 0
                : openOrder.choose(dev.enlightened.sim.ChoiceKind.WORK_ORDER, pendingOpens.size());
        PendingOpen w = it.next();
        for (int k = 0; k < skip; k++) {
            w = it.next();
        }
        it.remove();
        int n = opens.merge(w.index(), 1, Integer::sum);
        if (trace.enabled()) {
            trace.emit(ACTOR, "GuestOpensSubChannel", Fields.of("path", w.path().specName(), "index", w.index()),
                    Fields.of("opened", n, "pending", pendingOpens.size()));
        }
    }

    /** @return the handshake step */
    public GuestPc pc() {
        return pc;
    }

    /** @return the negotiated version, 0 before */
    public int version() {
        return version;
    }

    /** @return n of CREATE_SUB_CHANNELS (0 if none sent or refused) */
    public int requested() {
        return requested;
    }

    /** @return sub-channel indexes whose offer was processed */
    public Set<Integer> scList() {
        return Set.copyOf(scList);
    }

    /** @return vmbus_open calls per sub-channel index */
    public Map<Integer, Integer> opens() {
        return Map.copyOf(opens);
    }

    /** @return why the device failed, or which wait ran out, if any (in order) */
    public List<StorvscError> errors() {
        return List.copyOf(errors);
    }
}
