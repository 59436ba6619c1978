package dev.enlightened.netvsc;

import dev.enlightened.sim.StepActor;
import dev.enlightened.bounded.ErrorLog;
import dev.enlightened.clock.Clock;
import dev.enlightened.ring.ChannelRings;
import dev.enlightened.ring.PacketDescriptor;
import dev.enlightened.ring.WriteResult;
import dev.enlightened.sim.Actor;
import dev.enlightened.sim.ChoiceKind;
import dev.enlightened.sim.Chooser;
import dev.enlightened.trace.Fields;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.Direction;
import dev.enlightened.wire.nvsp.NvspCodec;
import dev.enlightened.wire.nvsp.NvspDecodeError;
import dev.enlightened.wire.nvsp.NvspDecodeResult;
import dev.enlightened.wire.nvsp.NvspMessage;
import dev.enlightened.wire.nvsp.NvspVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The netvsc guest driver from channel open to "sub-channels open": NVSP version negotiation (newest first),
 * NDIS version, receive and send buffers, then the sub-channel allocation of NetvscSubchannels.tla. Three guest
 * contexts step it: the primary channel's callback with the probe thread it wakes ({@link #primary()}), the
 * offer handler ({@link #offerHandler()}, vmbus_onoffer) and the sub-channel open work ({@link #openWorker()},
 * netvsc_sc_open). Everything read from the host is validated; an error is recorded, never thrown.
 */
public final class NetvscGuest {
    /** Trace actor of every guest context (TraceNetvscSubchannels' party "guest"). */
    public static final String ACTOR = "guest";
    /** Data bytes per ring of a sub-channel opened here. */
    static final int SUBCHANNEL_RING_BYTES = 16 * 1024;
    /** Default Ethernet MTU and header length: Linux sends mtu + ETH_HLEN in SEND_NDIS_CONFIG. */
    static final int ETH_MTU = 1500;
    static final int ETH_HLEN = 14;
    /** {@code struct nvsp_2_vsc_capability} bits (digest §4.2: vmq 0, chimney 1, sriov 2, ieee8021q 3, ...). */
    static final long CAP_SRIOV = 1L << 2;
    static final long CAP_IEEE8021Q = 1L << 3;
    static final long CAP_TEAMING = 1L << 5;
    static final long CAP_RSC = 1L << 7;
    /**
     * How long each setup completion and the sub-channel opens may take (Linux waited 5 s for the NVSP and RNDIS
     * completions in its earlier releases, {@code wait_for_completion_timeout(..., 5*HZ)}; today it waits without
     * a bound, trusting the host).
     */
    public static final long DEFAULT_TIMEOUT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

    private final NetvscGuestConfig config;
    private final ChannelRings primary;
    private final SubchannelOffers offers;
    private final TraceSink trace;
    private final Clock clock;
    private final long timeoutNanos;
    /** When the current wait (a setup completion, or the sub-channel opens) started. */
    private long waitSince;
    private GuestState waitingIn;
    private final ErrorLog<NetvscError> errors = ErrorLog.quiet(NetvscError::describe);
    /** True once SUBCHANNEL's completion told how many sub-channels exist ({@link #granted}). */
    private boolean grantKnown;
    private final TreeSet<Integer> seenOffers = new TreeSet<>();
    private final TreeSet<Integer> pendingOpens = new TreeSet<>();
    /** Picks which queued open runs next when several are queued; null: the lowest index. */
    private Chooser openOrder;
    private final TreeMap<Integer, ChannelRings> opened = new TreeMap<>();
    /**
     * The sub-channels the device proceeded with when the opens' wait timed out (null otherwise): the set of
     * opened indices then, which may have holes since opens run in any order. Fixed from then on, so that a late
     * open does not renumber the queues (queue q is its q-th element) under the data path and the host.
     */
    private TreeMap<Integer, ChannelRings> openAtTimeout;
    private int subchannelRingBytes = SUBCHANNEL_RING_BYTES;
    private GuestState state = new GuestState.Connecting();
    private NvspVersion version;
    private int granted;
    private int openAtProceed = -1;
    private long nextTransId = 1;
    private int recvSections;
    private int sendSections;
    private int recvSectionSize;
    private int sendSectionSize;
    private boolean dataPathAttached;

    /**
     * @param config  what the driver is given
     * @param primary the open primary channel
     * @param offers  where the host's sub-channel offers arrive
     * @param trace   the event sink
     */
    public NetvscGuest(NetvscGuestConfig config, ChannelRings primary, SubchannelOffers offers, TraceSink trace) {
        this(config, primary, offers, trace, Clock.FROZEN, DEFAULT_TIMEOUT_NANOS);
    }

    /**
     * @param config       what the driver is given
     * @param primary      the open primary channel
     * @param offers       where the host's sub-channel offers arrive
     * @param trace        the event sink
     * @param clock        what the waits are measured against ({@link Clock#FROZEN}: they never time out)
     * @param timeoutNanos how long each wait may last (positive)
     */
    public NetvscGuest(NetvscGuestConfig config, ChannelRings primary, SubchannelOffers offers, TraceSink trace,
                       Clock clock, long timeoutNanos) {
        if (timeoutNanos <= 0) {
            throw new IllegalArgumentException("timeout must be positive: timeoutNanos=" + timeoutNanos);
        }
        this.clock = clock;
        this.timeoutNanos = timeoutNanos;
        this.config = config;
        this.primary = primary;
        this.offers = offers;
        this.trace = trace;
    }

    /** @return the primary channel context: sends, and handles what arrives on the ring */
    public Actor primary() {
        return new StepActor("guest-primary", this::primaryCanStep, this::primaryStep, this::primaryWaitsFor,
                this::deadline);
    }

    /** @return the offer handler: vmbus_onoffer for sub-channels, queueing netvsc_sc_open (GuestProcessesOffer) */
    public Actor offerHandler() {
        return new StepActor("guest-offers", () -> alive() && offers.size() > 0, this::processOffer, () -> "offer",
                () -> Long.MAX_VALUE);
    }

    /** @return the sub-channel open work (GuestOpensSubChannel) */
    public Actor openWorker() {
        return new StepActor("guest-subchan-open", () -> alive() && !pendingOpens.isEmpty(), this::openSubChannel,
                () -> "queued open", () -> Long.MAX_VALUE);
    }

    // ---------------------------------------------------------------- primary context

    private boolean alive() {
        return !(state instanceof GuestState.Failed);
    }

    /** @return true in a state that waits for the host: a setup completion, or the sub-channel opens */
    private boolean waits() {
        return state instanceof GuestState.NegotiatingVersion || state instanceof GuestState.AwaitReceiveBuffer
                || state instanceof GuestState.AwaitSendBuffer || state instanceof GuestState.AwaitCompletion
                || state instanceof GuestState.AwaitOpens;
    }

    /**
     * @return when the current wait times out, or {@link Long#MAX_VALUE} if the guest does not wait or what it
     *         waits for is there (a packet to read, or every granted sub-channel open)
     */
    public long deadline() {
        if (!waits() || primary.guestHasInput()
                || state instanceof GuestState.AwaitOpens w && openedGranted() == w.target()) {
            return Long.MAX_VALUE;
        }
        if (waitingIn != state) {
            // A wait is one state object: a new state (even of the same kind) starts a new wait.
            waitingIn = state;
            waitSince = clock.nanos();
        }
        return Clock.deadline(waitSince, timeoutNanos);
    }

    private boolean timedOut() {
        return clock.nanos() >= deadline();
    }

    /**
     * The wait ran out: a setup request fails the device with {@link NetvscError.Timeout} (NetvscSubchannels
     * {@code GuestTimesOutWaitingFor*}, one action per wait, {@link #timeoutAction}, traced under that name, issue
     * 12; the host may still answer, and a failed device reads nothing more and sends nothing more). The
     * sub-channel opens' wait proceeds with the channels open then, by their indices ({@link #openAtTimeout}: a
     * device on fewer queues beats none; NetvscSubchannels {@code GuestTimesOutWaitingForSubChannelOpens}).
     */
    private void timeOut() {
        boolean setup = !(state instanceof GuestState.AwaitOpens);
        String action = timeoutAction(state);
        NetvscError.Timeout t = new NetvscError.Timeout(setup ? "completion in state "
                + state.getClass().getSimpleName() : "sub-channel opens", clock.nanos() - waitSince, setup);
        fail(t);
        if (!setup) {
            openAtTimeout = new TreeMap<>(opened.headMap(granted, true));
            proceed(1 + openAtTimeout.size());
        }
        emit(action, Map.of());
    }

    /**
     * @param waiting a state that waits for a setup completion or the sub-channel opens
     * @return the NetvscSubchannels action that ends that wait in its timeout
     */
    public static String timeoutAction(GuestState waiting) {
        if (waiting instanceof GuestState.NegotiatingVersion) {
            // negotiate_nvsp_ver: INIT_COMPLETE (each INIT of the version walk is one wait of this kind).
            return "GuestTimesOutWaitingForInitComplete";
        } else if (waiting instanceof GuestState.AwaitReceiveBuffer) {
            // netvsc_init_buf: RECV_BUF_COMPLETE, then SEND_BUF_COMPLETE.
            return "GuestTimesOutWaitingForRecvBuf";
        } else if (waiting instanceof GuestState.AwaitSendBuffer) {
            return "GuestTimesOutWaitingForSendBuf";
        } else if (waiting instanceof GuestState.AwaitCompletion) {
            // rndis_set_subchannel: channel_init_wait.
            return "GuestTimesOutWaitingForSubChannelCompletion";
        } else if (waiting instanceof GuestState.AwaitOpens) {
            // wait_event(subchan_open, open_chn == num_chn), given a timeout here.
            return "GuestTimesOutWaitingForSubChannelOpens";
        }
        throw new IllegalArgumentException("no setup wait in " + waiting);
    }

    private boolean primaryCanStep() {
        if (state instanceof GuestState.Connecting || state instanceof GuestState.Start) {
            return true;
        }
        if (waits() && timedOut()) {
            return true;
        }
        if (state instanceof GuestState.AwaitOpens w) {
            return openedGranted() == w.target() || primary.guestHasInput();
        }
        if (dataPathAttached && state instanceof GuestState.Proceeded) {
            return false; // the data path's NAPI context reads the ring from here on
        }
        return alive() && primary.guestHasInput();
    }

    /** Once the device proceeded, the primary context leaves the ring to the data path (netvsc_poll). */
    public void attachDataPath() {
        dataPathAttached = true;
    }

    private String primaryWaitsFor() {
        if (state instanceof GuestState.AwaitOpens w) {
            return "subchan_open: open_chn=" + (1 + openedGranted()) + " num_chn=" + (1 + w.target());
        }
        if (state instanceof GuestState.Proceeded p) {
            return "nothing: proceeded with num_chn=" + p.numChannels();
        }
        return "completion in state " + state.getClass().getSimpleName();
    }

    private void primaryStep() {
        if (waits() && timedOut()) {
            timeOut();
        } else if (state instanceof GuestState.Connecting) {
            long t = send(NvspMessage.Init.of(config.versions().get(0)), true);
            if (alive()) {
                state = new GuestState.NegotiatingVersion(0, t);
                emitInit(null, List.of("NVSP_MSG_TYPE_INIT"));
            }
        } else if (state instanceof GuestState.Start) {
            sendAllocate();
        } else if (state instanceof GuestState.AwaitOpens w && openedGranted() == w.target()
                && !primary.guestHasInput()) {
            proceed(1 + w.granted());
            emit("GuestSeesSubChannelsOpen", Map.of());
        } else {
            receiveOne();
        }
    }

    /** Spec GuestSendsAllocate: SUBCHANNEL(ALLOCATE, n) with COMPLETION_REQUESTED (rndis_set_subchannel). */
    private void sendAllocate() {
        long t = send(NvspMessage.SubchannelRequest.allocate(config.requested()), true);
        if (alive()) {
            state = new GuestState.AwaitCompletion(t);
            emit("GuestSendsAllocate", Fields.of("num", config.requested()));
        }
    }

    private void receiveOne() {
        List<byte[]> payload = new ArrayList<>(1);
        long[] header = new long[3];
        primary.guestIn().poll(p -> {
            header[0] = p.type();
            header[1] = p.transId();
            header[2] = p.flags();
            byte[] b = new byte[p.payloadLength()];
            p.copyPayload(0, b, 0, b.length);
            payload.add(b);
        }, 1);
        if (primary.guestIn().isBroken()) {
            fail(new NetvscError.RingCorrupt(primary.guestIn().corruption().reason()));
            return;
        }
        if (payload.isEmpty()) {
            return;
        }
        if (header[0] != PacketDescriptor.TYPE_COMP) {
            fail(new NetvscError.BadPacket((int) header[0], "only completions are expected during setup"));
            return;
        }
        if (header[2] != 0) {
            // A completion defines no flag (COMPLETION_REQUESTED means nothing on it; bits 1-15 are reserved).
            fail(new NetvscError.BadPacket((int) header[0], "completion with flags=0x" + Long.toHexString(header[2])));
            return;
        }
        NvspDecodeResult r = NvspCodec.decode(payload.get(0), Direction.HOST_TO_GUEST);
        if (r instanceof NvspDecodeError e) {
            fail(new NetvscError.Malformed(e));
            return;
        }
        onCompletion(header[1], ((NvspDecodeResult.Decoded) r).message());
    }

    private void onCompletion(long transId, NvspMessage m) {
        long expected = 0;
        if (state instanceof GuestState.NegotiatingVersion s) {
            expected = s.transId();
        } else if (state instanceof GuestState.AwaitReceiveBuffer s) {
            expected = s.transId();
        } else if (state instanceof GuestState.AwaitSendBuffer s) {
            expected = s.transId();
        } else if (state instanceof GuestState.AwaitCompletion s) {
            expected = s.transId();
        }
        if (expected == 0) {
            fail(new NetvscError.Unsolicited(transId, m.type().wireName()));
        } else if (transId != expected) {
            fail(new NetvscError.WrongTransId(expected, transId));
        } else if (state instanceof GuestState.NegotiatingVersion s) {
            onInitComplete(s, m);
        } else if (state instanceof GuestState.AwaitReceiveBuffer s) {
            onReceiveBuffer(s, m);
        } else if (state instanceof GuestState.AwaitSendBuffer s) {
            onSendBuffer(s, m);
        } else {
            onSubchannelComplete(m);
        }
    }

    private boolean expect(Class<? extends NvspMessage> type, NvspMessage m, String expected) {
        if (!type.isInstance(m)) {
            fail(new NetvscError.UnexpectedMessage(expected, m.type().wireName()));
            return false;
        }
        return true;
    }

    /** negotiate_nvsp_ver: on refusal try the next older version; on success NDIS config and version, RECV_BUF. */
    private void onInitComplete(GuestState.NegotiatingVersion s, NvspMessage m) {
        if (!expect(NvspMessage.InitComplete.class, m, "NVSP_MSG_TYPE_INIT_COMPLETE")) {
            return;
        }
        String got = m.type().wireName();
        if (((NvspMessage.InitComplete) m).status() != NvspMessage.STATUS_SUCCESS) {
            int next = s.candidate() + 1;
            if (next >= config.versions().size()) {
                fail(new NetvscError.NoCommonVersion(next));
                return;
            }
            long t = send(NvspMessage.Init.of(config.versions().get(next)), true);
            state = new GuestState.NegotiatingVersion(next, t);
            emitInit(got, List.of("NVSP_MSG_TYPE_INIT"));
            return;
        }
        version = config.versions().get(s.candidate());
        List<String> sent = new ArrayList<>();
        if (version.compareTo(NvspVersion.V2) >= 0) {
            send(new NvspMessage.SendNdisConfig(ETH_MTU + ETH_HLEN, ndisCapabilities(version)), false);
            sent.add("NVSP_MSG2_TYPE_SEND_NDIS_CONFIG");
        }
        send(NvspMessage.SendNdisVersion.linux(version), false);
        long t = send(new NvspMessage.SendReceiveBuffer(config.recvGpadl(),
                NvspMessage.SendReceiveBuffer.LINUX_ID), true);
        sent.add("NVSP_MSG1_TYPE_SEND_NDIS_VER");
        sent.add("NVSP_MSG1_TYPE_SEND_RECV_BUF");
        if (alive()) {
            state = new GuestState.AwaitReceiveBuffer(version, t);
            emitInit(got, sent);
        }
    }

    /**
     * negotiate_nvsp_ver's SEND_NDIS_CONFIG capabilities: ieee8021q; from V5 sriov and teaming (teaming brings
     * link speed updates); from V6.1 rsc.
     */
    static long ndisCapabilities(NvspVersion v) {
        long caps = CAP_IEEE8021Q;
        if (v.hasSubchannels()) {
            caps |= CAP_SRIOV | CAP_TEAMING;
        }
        if (v == NvspVersion.V61) {
            caps |= CAP_RSC;
        }
        return caps;
    }

    /** netvsc_init_buf, receive half: one section that fits the buffer, sections at least NETVSC_MTU_MIN. */
    private void onReceiveBuffer(GuestState.AwaitReceiveBuffer s, NvspMessage m) {
        if (!expect(NvspMessage.SendReceiveBufferComplete.class, m, "NVSP_MSG1_TYPE_SEND_RECV_BUF_COMPLETE")) {
            return;
        }
        NvspMessage.SendReceiveBufferComplete c = (NvspMessage.SendReceiveBufferComplete) m;
        if (c.status() != NvspMessage.STATUS_SUCCESS) {
            fail(new NetvscError.Refused(m.type().wireName(), c.status()));
            return;
        }
        long size = Integer.toUnsignedLong(c.subAllocSize());
        long count = Integer.toUnsignedLong(c.numSubAllocs());
        if (size < NetvscGuestConfig.SECTION_MIN || size * count > config.recvBytes()) {
            fail(new NetvscError.BufferLayout("sub_alloc_size", size, "sub_alloc_size>=" + NetvscGuestConfig.SECTION_MIN
                    + " and sub_alloc_size*num_sub_allocs<=" + config.recvBytes()));
            return;
        }
        recvSections = (int) count;
        recvSectionSize = (int) size;
        long t = send(new NvspMessage.SendSendBuffer(config.sendGpadl(), 0), true);
        if (alive()) {
            state = new GuestState.AwaitSendBuffer(s.version(), t);
            emitInit(m.type().wireName(), List.of("NVSP_MSG1_TYPE_SEND_SEND_BUF"));
        }
    }

    /** netvsc_init_buf, send half: the host's section size must fit the buffer. */
    private void onSendBuffer(GuestState.AwaitSendBuffer s, NvspMessage m) {
        if (!expect(NvspMessage.SendSendBufferComplete.class, m, "NVSP_MSG1_TYPE_SEND_SEND_BUF_COMPLETE")) {
            return;
        }
        NvspMessage.SendSendBufferComplete c = (NvspMessage.SendSendBufferComplete) m;
        if (c.status() != NvspMessage.STATUS_SUCCESS) {
            fail(new NetvscError.Refused(m.type().wireName(), c.status()));
            return;
        }
        long size = Integer.toUnsignedLong(c.sectionSize());
        if (size < NetvscGuestConfig.SECTION_MIN || size > config.sendBytes()) {
            fail(new NetvscError.BufferLayout("section_size", size, "section_size>=" + NetvscGuestConfig.SECTION_MIN
                    + " and section_size<=" + config.sendBytes()));
            return;
        }
        sendSections = (int) (config.sendBytes() / size);
        sendSectionSize = (int) size;
        // Without V5 there is no vRSS: the device keeps its primary channel (rndis_filter_device_add).
        state = s.version().hasSubchannels() ? new GuestState.Start(s.version()) : new GuestState.Proceeded(1);
        emitInit(m.type().wireName(), List.of());
    }

    /**
     * Spec GuestReceivesCompletion. A refusal or m &gt; n leaves the device on its primary channel; otherwise
     * the guest waits for 1 + m channels (732e49850c5e), unless a fault makes it wait for something else.
     */
    private void onSubchannelComplete(NvspMessage m) {
        if (!expect(NvspMessage.SubchannelComplete.class, m, "NVSP_MSG5_TYPE_SUBCHANNEL")) {
            return;
        }
        NvspMessage.SubchannelComplete c = (NvspMessage.SubchannelComplete) m;
        long count = Integer.toUnsignedLong(c.count());
        boolean ok = c.status() == NvspMessage.STATUS_SUCCESS;
        if (!ok) {
            errors.add(new NetvscError.AllocationRefused(c.status()));
            proceed(1);
        } else if (count > config.requested()) {
            errors.add(new NetvscError.GrantAboveRequest(config.requested(), count));
            proceed(1);
        } else {
            granted = (int) count;
            grantKnown = true;
            // Offers queued before the grant was known whose index the host did not grant are dropped now.
            for (int i : List.copyOf(pendingOpens.tailSet(granted, false))) {
                pendingOpens.remove(i);
                errors.add(new NetvscError.BadOffer(i, "1<=sub_channel_index<=granted=" + granted));
            }
            if (config.faults().contains(NetvscFault.H11)) {
                proceed(1 + granted); // H11: the completion did the wakeup, not the opens.
            } else {
                int target = config.faults().contains(NetvscFault.WAIT_REQUESTED) ? config.requested() : granted;
                state = new GuestState.AwaitOpens(granted, target);
            }
        }
        emit("GuestReceivesCompletion", Fields.of("status", ok ? "Success" : "Failure", "num", c.count()));
    }

    /** @return sub-channels opened whose index the host granted (all of them, from a correct host) */
    private int openedGranted() {
        return grantKnown ? opened.headMap(granted, true).size() : opened.size();
    }

    private void proceed(int numChannels) {
        state = new GuestState.Proceeded(numChannels);
        openAtProceed = opened.size();
    }

    // ---------------------------------------------------------------- offers and opens

    /** Spec GuestProcessesOffer: sc_creation_callback queues the open; an index outside 1..n is dropped. */
    private void processOffer() {
        OptionalInt next = offers.take();
        if (next.isEmpty()) {
            return;
        }
        int i = next.getAsInt();
        // netvsc_sc_open ignores chn_index >= nvdev->num_chn: the bound is what the host granted once its
        // completion is in, and what we requested before (issue 12: 3 requested, 2 granted, index 3 was opened).
        int bound = grantKnown ? granted : config.requested();
        if (i < 1 || i > bound) {
            errors.add(new NetvscError.BadOffer(i, "1<=sub_channel_index<=" + (grantKnown ? "granted=" : "")
                    + bound));
            return;
        }
        if (!seenOffers.add(i)) {
            errors.add(new NetvscError.BadOffer(i, "offered once"));
            return;
        }
        pendingOpens.add(i);
        emit("GuestProcessesOffer", Fields.of("index", i));
    }

    /**
     * @param index a sub-channel index
     * @return the rings of that open sub-channel, or null if it is not open
     */
    public ChannelRings subChannelRings(int index) {
        return opened.get(index);
    }

    /**
     * Lets {@code chooser} pick which queued sub-channel open runs next. Linux queues each sub-channel offer's
     * work on hv_sub_chan, a create_workqueue (per-CPU, not ordered: vmbus_connect in connection.c), so the
     * netvsc_sc_open calls may run in any order, as the spec's GuestOpensSubChannel (any i in pendingOpens) allows.
     */
    public void chooseOpenOrderWith(Chooser chooser) {
        this.openOrder = chooser;
    }

    /** Spec GuestOpensSubChannel: netvsc_sc_open opens the channel, increments open_chn, wakes subchan_open. */
    private void openSubChannel() {
        int i;
        if (openOrder == null || pendingOpens.size() == 1) {
            i = pendingOpens.pollFirst();
        } else {
            int k = openOrder.choose(ChoiceKind.WORK_ORDER, pendingOpens.size());
            i = pendingOpens.stream().skip(k).findFirst().orElseThrow();
            pendingOpens.remove(i);
        }
        opened.put(i, primary.sibling(subchannelRingBytes)); // read as the primary is (isolated or not)
        emit("GuestOpensSubChannel", Fields.of("index", i));
    }

    // ---------------------------------------------------------------- sending, errors, trace

    /** Writes one NVSP message (Linux's 40-byte form); returns its trans_id, 0 if it failed the device. */
    private long send(NvspMessage m, boolean completion) {
        long t = completion ? nextTransId++ : 0;
        byte[] b = NvspCodec.encode(m);
        WriteResult w = primary.guestOut().tryWrite(PacketDescriptor.TYPE_DATA_INBAND,
                completion ? PacketDescriptor.FLAG_COMPLETION_REQUESTED : 0, t, b, 0, b.length);
        if (!(w instanceof WriteResult.Written)) {
            // At most four requests are in flight, each under 100 bytes: no correct host leaves the ring full.
            fail(new NetvscError.SendFailed(w.toString()));
            return 0;
        }
        return t;
    }

    private void fail(NetvscError e) {
        errors.add(e);
        if (e.fatal()) {
            state = new GuestState.Failed(e);
        }
    }

    private void emitInit(String received, List<String> sent) {
        emit("GuestNegotiatesNvsp", Fields.of("received", received == null ? "" : received, "sent", sent));
    }

    private void emit(String action, Map<String, Object> params) {
        if (trace.enabled()) {
            trace.emit(ACTOR, action, params, Fields.of("guestPc", state.specPc(), "granted", granted, "openChn",
                    opened.size(), "pending", pendingOpens.size(), "offers", offers.size()));
        }
    }

    /** @return the driver's state */
    public GuestState state() {
        return state;
    }

    /** @return the last {@link ErrorLog#DEFAULT_KEEP} host messages refused, oldest first */
    public List<NetvscError> errors() {
        return errors.recent();
    }

    /** @return every refusal counted per kind, and the last ones kept */
    public ErrorLog<NetvscError> errorLog() {
        return errors;
    }

    /** @return the negotiated version, or null before INIT_COMPLETE */
    public NvspVersion version() {
        return version;
    }

    /** @return m as accepted (0 until then, or after a refusal) */
    public int granted() {
        return granted;
    }

    /**
     * Sets the ring size of the sub-channels this guest opens (Linux gives every channel of a device the same
     * {@code netvsc_ring_bytes}); call before the run.
     *
     * @return this
     */
    public NetvscGuest subchannelRingBytes(int bytes) {
        if (bytes < 64 || bytes % 8 != 0) {
            throw new IllegalArgumentException("sub-channel ring bytes must be a multiple of 8, at least 64: bytes="
                    + bytes);
        }
        this.subchannelRingBytes = bytes;
        return this;
    }

    /**
     * @return the rings of the sub-channels the device uses, in sub_channel_index order: the open ones up to the
     *     granted count (netvsc_sc_open ignores indices at or above num_chn); after the opens' timeout, those
     *     open then (a late open is not one of the device's queues)
     */
    public List<ChannelRings> subChannelRings() {
        if (openAtTimeout != null) {
            return List.copyOf(openAtTimeout.values());
        }
        return List.copyOf(opened.headMap(granted, true).values());
    }

    /** @return sub-channel indices opened so far */
    public List<Integer> openedSubChannels() {
        return List.copyOf(opened.keySet());
    }

    /** @return sub-channels open when the guest proceeded, -1 before */
    public int openAtProceed() {
        return openAtProceed;
    }

    /** @return receive sections and send sections the buffers were cut into (0 before) */
    public int[] sections() {
        return new int[] {recvSections, sendSections};
    }

    /** @return receive and send section sizes in bytes (0 before the buffers are set up) */
    public int[] sectionSizes() {
        return new int[] {recvSectionSize, sendSectionSize};
    }
}
