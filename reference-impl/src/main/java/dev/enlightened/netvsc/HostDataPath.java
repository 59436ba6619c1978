package dev.enlightened.netvsc;

import dev.enlightened.sim.StepActor;
import dev.enlightened.bounded.ErrorLog;
import dev.enlightened.ring.ChannelRings;
import dev.enlightened.ring.PacketDescriptor;
import dev.enlightened.ring.WriteResult;
import dev.enlightened.sim.Actor;
import dev.enlightened.sim.ChoiceKind;
import dev.enlightened.sim.Chooser;
import dev.enlightened.trace.Fields;
import dev.enlightened.wire.Direction;
import dev.enlightened.wire.nvsp.NvspCodec;
import dev.enlightened.wire.nvsp.NvspDecodeError;
import dev.enlightened.wire.nvsp.NvspDecodeResult;
import dev.enlightened.wire.nvsp.NvspMessage;
import dev.enlightened.wire.nvsp.PageBufferArray;
import dev.enlightened.wire.nvsp.TransferPageSet;
import dev.enlightened.wire.rndis.PerPacketInfo;
import dev.enlightened.wire.rndis.RndisCodec;
import dev.enlightened.wire.rndis.RndisDecodeError;
import dev.enlightened.wire.rndis.RndisDecodeResult;
import dev.enlightened.wire.rndis.RndisMessage;
import dev.enlightened.wire.rndis.RndisOid;
import dev.enlightened.wire.rndis.RssParameters;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The simulated VSP's data path for one guest device (after openvmm {@code netvsp}): answers RNDIS control
 * requests through the receive buffer, reads the guest's frames out of send-buffer sections or guest pages and
 * hands them to the switch, completes them in an order the {@link Chooser} picks, and delivers frames the switch
 * queued for this port as transfer-page packets, one receive section per frame (openvmm {@code rx_bufs.rs}: the
 * packet's trans_id is its first sub-allocation id), recycling the sections when the guest completes the packet.
 * Every channel of the device is a queue: the primary (queue 0, whose packets {@link NetvscHost} hands over) and
 * each open sub-channel (read by {@link #subchannelReader()}); a TX completion goes back on the queue its request
 * came from, a received frame on the queue the guest's RSS picks for it ({@link RssSteering}: Toeplitz hash,
 * indirection table; queue 0 until the guest set RSS), with its hash as {@code NBL_HASH_VALUE}; RNDIS control
 * answers use queue 0.
 * Guest packets it cannot accept are recorded, never thrown; each step does at most a budget of work.
 */
public final class HostDataPath implements NetvscHost.GuestPacketHandler, VirtualSwitch.Port {
    /** What the host tells RNDIS INITIALIZE: 8 packets per message, 16 KiB transfers, 8-byte alignment. */
    static final int MAX_PACKETS_PER_MESSAGE = 8;
    static final int MAX_TRANSFER = 0x4000;
    static final int ALIGNMENT_SHIFT = 3;

    private final DataPathConfig config;
    private final ChannelRings primary;
    private Supplier<List<ChannelRings>> subchannels = List::of;
    private final byte[] sendBuffer;
    private final byte[] recvBuffer;
    private final int sendSectionSize;
    private final int recvSectionSize;
    private final GuestPages pages;
    private final byte[] mac;
    private final int mtu;
    private final DataPathTrace trace;
    private final Chooser chooser;
    private final TreeSet<Integer> recvFree = new TreeSet<>();
    private final List<HeldFrame> held = new ArrayList<>();
    private final Map<Long, RxOut> rxOutstanding = new HashMap<>();
    private final ArrayDeque<byte[]> controlOut = new ArrayDeque<>();
    /** {@link #answerLate}: which answer (0: none), by how much, on what clock; the answer held and until when. */
    private int lateNth;
    private long lateByNanos;
    private dev.enlightened.clock.Clock lateClock;
    private int answers;
    private byte[] lateAnswer;
    private long lateUntil;
    /** Frames the switch queued for the guest, per receive queue. */
    private final List<ArrayDeque<RxFrame>> rxQueues = new ArrayList<>();
    /** The RSS the guest set (openvmm {@code rss_state}), or null: off. */
    private RssSteering rss;
    /** Sections holding an RNDIS control answer, not yet completed by the guest. */
    private final java.util.Set<Integer> controlSections = new java.util.HashSet<>();
    private final ErrorLog<DataPathError> errors = ErrorLog.quiet(DataPathError::describe);
    private Consumer<byte[]> toSwitch = f -> { };
    private int packetFilter;
    private int rxNext;
    private boolean halted;
    /** RNDIS INITIALIZE was answered (spec NetvscRndis rnHost beyond "Uninitialized"). */
    private boolean rndisInitialized;
    private long dropped;
    private long framesDelivered;
    @dev.enlightened.sim.StateDigest.Ignored("the explorer's record of the step in progress, emptied at every step"
            + " boundary: not state")
    private dev.enlightened.sim.Footprint footprint;
    private long rxLocation;
    private long configLocation;

    /** A frame read from the guest on a queue, not yet completed (spec hostHeld). */
    private record HeldFrame(int queue, long transId, long frame, int section) {
    }

    /** A frame queued for the guest, with its RSS hash ({@link RssSteering#NO_HASH}: none). */
    private record RxFrame(byte[] frame, long hash) {
    }

    /** A transfer-page packet the guest has not completed: its queue and receive sections. */
    private record RxOut(int queue, List<Integer> sections) {
    }

    /**
     * @param config          tunables
     * @param rings           the primary channel
     * @param sendBuffer      the guest's send buffer (mapped through its GPADL)
     * @param sendSectionSize the section size the host chose
     * @param recvBuffer      the guest's receive buffer
     * @param recvSectionSize the receive sub-allocation size
     * @param pages           guest pages GPA-direct sends point into
     * @param mac             this port's MAC (what QUERY of the permanent address returns)
     * @param mtu             the MTU (OID_GEN_MAXIMUM_FRAME_SIZE)
     * @param trace           the device's data-path trace
     * @param chooser         picks the order of TX completions
     */
    public HostDataPath(DataPathConfig config, ChannelRings rings, byte[] sendBuffer, int sendSectionSize,
                        byte[] recvBuffer, int recvSectionSize, GuestPages pages, byte[] mac, int mtu,
                        DataPathTrace trace, Chooser chooser) {
        this.config = config;
        this.primary = rings;
        this.sendBuffer = sendBuffer;
        this.sendSectionSize = sendSectionSize;
        this.recvBuffer = recvBuffer;
        this.recvSectionSize = recvSectionSize;
        this.pages = pages;
        this.mac = mac.clone();
        this.mtu = mtu;
        this.trace = trace;
        this.chooser = chooser;
        for (int i = 0; i < recvBuffer.length / recvSectionSize; i++) {
            recvFree.add(i);
        }
        trace.bind(this);
    }

    /** Connects the port's uplink: frames the guest sends go there. */
    @Override
    public void connect(Consumer<byte[]> uplink) {
        this.toSwitch = uplink;
    }

    /**
     * The channel layer's view of the device's open sub-channels, in sub_channel_index order (queue q is element
     * q - 1); asked again on every use, since they open after the primary.
     */
    public void attachSubChannels(Supplier<List<ChannelRings>> open) {
        this.subchannels = open;
    }

    /** @return the queues the device has now: the primary and the open sub-channels */
    public int queueCount() {
        return 1 + subchannels.get().size();
    }

    private ChannelRings ring(int q) {
        return q == 0 ? primary : subchannels.get().get(q - 1);
    }

    /**
     * Records, in an explorer's footprint, the accesses of the part of this VSP that the switch reaches from another
     * guest's step: the receive queues and the drop counter ({@code rxAt}, read and written by a delivery and by the
     * receive context, cleared by HALT) and what a delivery reads to steer and filter (the RSS state, the packet
     * filter, the halt flag: {@code configAt}, written by the SETs and the HALT). A delivery touches nothing else of
     * this VSP, so it commutes with the guest's steps that do not receive (docs/exploring.md, network footprints).
     */
    public void recordInto(dev.enlightened.sim.Footprint f, long rxAt, long configAt) {
        this.footprint = f;
        this.rxLocation = rxAt;
        this.configLocation = configAt;
    }

    private void touchRx() {
        if (footprint != null) {
            footprint.read(rxLocation);
            footprint.write(rxLocation);
        }
    }

    private void readConfig() {
        if (footprint != null) {
            footprint.read(configLocation);
        }
    }

    private void writeConfig() {
        if (footprint != null) {
            footprint.write(configLocation);
        }
    }

    private ArrayDeque<RxFrame> rxQueue(int q) {
        while (rxQueues.size() <= q) {
            rxQueues.add(new ArrayDeque<>());
        }
        return rxQueues.get(q);
    }

    /** The switch delivers a frame to this port; dropped unless the guest's packet filter is set. */
    @Override
    public void deliver(byte[] frame) {
        readConfig();
        touchRx();
        int rndisOverhead = RndisMessage.Packet.STRUCT_LENGTH + 8 + 2 * (PerPacketInfo.HEADER_LENGTH + 4);
        long hash = rss == null ? RssSteering.NO_HASH : rss.hash(frame);
        int q = rss == null ? 0 : rss.queue(hash, config.faults().contains(NetvscFault.RSS_WRONG_QUEUE));
        // Every table entry was checked against queueCount() when the guest set it, and channels only open later.
        ArrayDeque<RxFrame> rx = rxQueue(q);
        if (packetFilter == 0 || halted || rx.size() >= config.backlog()
                || frame.length + rndisOverhead > recvSectionSize) {
            dropped++;
            return;
        }
        rx.add(new RxFrame(frame, hash));
    }

    /** @return the context that completes frames read from the guest (spec HostCompletesTx) */
    public Actor completer() {
        return new StepActor("host-txcomp", () -> !completable().isEmpty(), this::completeStep,
                () -> "guest packet");
    }

    /** @return the context that reads the sub-channels' outbound rings (the primary's is NetvscHost's) */
    public Actor subchannelReader() {
        return new StepActor("host-subch", this::subchannelsHaveInput, this::readSubchannels, () -> "guest packet");
    }

    private boolean subchannelsHaveInput() {
        for (ChannelRings r : subchannels.get()) {
            if (r.hostHasInput() && !r.hostIn().isBroken()) {
                return true;
            }
        }
        return false;
    }

    /** Each wake-up drains every sub-channel up to the budget, as the primary's reader does. */
    private void readSubchannels() {
        List<ChannelRings> subs = subchannels.get();
        for (int i = 0; i < subs.size(); i++) {
            ChannelRings r = subs.get(i);
            for (int n = 0; n < config.pollBudget() && r.hostHasInput() && !r.hostIn().isBroken(); n++) {
                readOne(i + 1, r);
            }
        }
    }

    private void readOne(int q, ChannelRings r) {
        long[] h = new long[3];
        byte[][] parts = new byte[2][];
        r.hostIn().poll(p -> {
            h[0] = p.type();
            h[1] = p.flags();
            h[2] = p.transId();
            parts[0] = new byte[p.payloadLength()];
            p.copyPayload(0, parts[0], 0, parts[0].length);
            parts[1] = new byte[p.extensionLength()];
            p.copyExtension(0, parts[1], 0, parts[1].length);
        }, 1);
        if (r.hostIn().isBroken()) {
            errors.add(new DataPathError.RingCorrupt(r.hostIn().corruption().reason()));
            return;
        }
        if (parts[0] != null) {
            onGuestPacket(q, (int) h[0], (int) h[1], h[2], parts[1], parts[0]);
        }
    }

    /** @return the context that delivers RNDIS messages through the receive buffer (spec HostSendsRxPacket) */
    public Actor receiver() {
        return new StepActor("host-rx", this::rxCanStep, this::rxStep, () -> "guest packet", this::lateDeadline);
    }

    /**
     * A host that answers its {@code nth} RNDIS request (1: INITIALIZE, then in the guest's order) only
     * {@code byNanos} after it read it, on {@code clock}: with more than the guest's timeout
     * ({@link GuestRndis#TIMEOUT_NANOS}) the guest's wait ends first and the answer arrives late (issue 12). The
     * answer is made (and traced, spec HostAnswersRndis) when the request is read; its delivery waits, and so do
     * the answers queued behind it.
     *
     * @return this
     */
    public HostDataPath answerLate(int nth, long byNanos, dev.enlightened.clock.Clock clock) {
        if (nth < 1 || byNanos < 0) {
            throw new IllegalArgumentException("nth=" + nth + " byNanos=" + byNanos);
        }
        lateNth = nth;
        lateByNanos = byNanos;
        lateClock = clock;
        return this;
    }

    /** @return when the late answer may go out, while it heads the control answers; else none */
    private long lateDeadline() {
        return lateAnswer != null && controlOut.peek() == lateAnswer ? lateUntil : Long.MAX_VALUE;
    }

    /** @return true while the late answer heads the control answers and its time has not come */
    private boolean holdingLate() {
        return lateAnswer != null && controlOut.peek() == lateAnswer && lateClock.nanos() < lateUntil;
    }

    // ---------------------------------------------------------------- guest packets (NetvscHost's reader)

    @Override
    public void onGuestPacket(int type, int flags, long transId, byte[] ext, byte[] payload) {
        onGuestPacket(0, type, flags, transId, ext, payload);
    }

    /** A guest packet read from queue q's outbound ring. */
    private void onGuestPacket(int q, int type, int flags, long transId, byte[] ext, byte[] payload) {
        if (type == PacketDescriptor.TYPE_COMP) {
            onRxCompletion(q, transId, payload);
            return;
        }
        NvspDecodeResult r = NvspCodec.decode(payload, Direction.GUEST_TO_HOST);
        if (r instanceof NvspDecodeError e) {
            errors.add(new DataPathError.BadNvsp(e));
            return;
        }
        if (!(((NvspDecodeResult.Decoded) r).message() instanceof NvspMessage.SendRndisPacket p)) {
            errors.add(new DataPathError.BadPacket(type, "not SEND_RNDIS_PKT"));
            return;
        }
        byte[] msg = type == PacketDescriptor.TYPE_DATA_USING_GPA_DIRECT ? fromPages(ext) : fromSection(p);
        if (msg == null) {
            completeNow(q, transId, NvspMessage.STATUS_FAILURE);
            return;
        }
        RndisDecodeResult rr = RndisCodec.decode(msg, Direction.GUEST_TO_HOST);
        if (rr instanceof RndisDecodeError e) {
            errors.add(new DataPathError.BadRndis(e));
            completeNow(q, transId, NvspMessage.STATUS_FAILURE);
            return;
        }
        RndisMessage m = ((RndisDecodeResult.Decoded) rr).message();
        if (m instanceof RndisMessage.Packet pkt && p.channelType() == GuestDataPath.CHANNEL_DATA) {
            long crc = GuestDataPath.crc(pkt.data());
            int section = p.sectionIndex();
            trace.emit(DataPathTrace.HOST, "HostReceivesFrame", q, Fields.of("queue", q, "frame", crc, "section",
                    Integer.toUnsignedLong(section)));
            held.add(new HeldFrame(q, transId, crc, section));
            toSwitch.accept(pkt.data());
        } else {
            control(m);
            completeNow(q, transId, NvspMessage.STATUS_SUCCESS);
        }
    }

    private byte[] fromSection(NvspMessage.SendRndisPacket p) {
        long index = Integer.toUnsignedLong(p.sectionIndex());
        long size = Integer.toUnsignedLong(p.sectionSize());
        long count = sendBuffer.length / sendSectionSize;
        if (index >= count || size == 0 || size > sendSectionSize) {
            errors.add(new DataPathError.BadPacket(PacketDescriptor.TYPE_DATA_INBAND, "send_buf_section_index="
                    + index + " send_buf_section_size=" + size + " sections=" + count + " section_size="
                    + sendSectionSize));
            return null;
        }
        byte[] b = new byte[(int) size];
        System.arraycopy(sendBuffer, (int) index * sendSectionSize, b, 0, (int) size);
        return b;
    }

    private byte[] fromPages(byte[] ext) {
        String[] why = new String[1];
        PageBufferArray a = PageBufferArray.decode(ext, why);
        if (a == null || a.totalLength() > MAX_TRANSFER) {
            errors.add(new DataPathError.BadPacket(PacketDescriptor.TYPE_DATA_USING_GPA_DIRECT,
                    a == null ? why[0] : "total_length=" + a.totalLength() + " max=" + MAX_TRANSFER));
            return null;
        }
        byte[] b = new byte[(int) a.totalLength()];
        int at = 0;
        for (PageBufferArray.PageBuffer pb : a.pages()) {
            if (!pages.contains(pb.pfn())) {
                errors.add(new DataPathError.BadPacket(PacketDescriptor.TYPE_DATA_USING_GPA_DIRECT,
                        "pfn outside guest memory: pfn=" + pb.pfn()));
                return null;
            }
            pages.read(pb.pfn(), pb.offset(), b, at, pb.len());
            at += pb.len();
        }
        return b;
    }

    /**
     * openvmm netvsp's RNDIS control handling (spec NetvscRndis HostAnswersRndis): every answer goes out through
     * the receive buffer, with the request's own request id.
     */
    private void control(RndisMessage m) {
        RndisMessage reply = null;
        if (m instanceof RndisMessage.InitializeRequest r) {
            rndisInitialized = true;
            reply = new RndisMessage.InitializeComplete(r.requestId(), RndisMessage.STATUS_SUCCESS, 1, 0,
                    RndisMessage.InitializeComplete.DF_CONNECTIONLESS, RndisMessage.InitializeComplete.MEDIUM_802_3,
                    MAX_PACKETS_PER_MESSAGE, MAX_TRANSFER, ALIGNMENT_SHIFT);
        } else if (m instanceof RndisMessage.QueryRequest q) {
            reply = query(q);
        } else if (m instanceof RndisMessage.SetRequest s) {
            reply = new RndisMessage.SetComplete(s.requestId(), set(s));
        } else if (m instanceof RndisMessage.HaltRequest) {
            writeConfig();
            touchRx();
            halted = true;
            rxQueues.forEach(ArrayDeque::clear);
        } else {
            errors.add(new DataPathError.BadPacket(PacketDescriptor.TYPE_DATA_INBAND, "unexpected control message "
                    + m.type().wireName()));
            return;
        }
        if (reply != null) {
            byte[] b = RndisCodec.encode(reply);
            controlOut.add(b);
            if (++answers == lateNth) {
                lateAnswer = b;
                lateUntil = lateClock.nanos() + lateByNanos;
            }
        }
        trace.rndisAnswer(m, reply);
    }

    /** A SET: the packet filter, or the RSS parameters; the RNDIS status of the answer. */
    int set(RndisMessage.SetRequest s) {
        writeConfig(); // the packet filter or the RSS state a delivery reads
        if (s.oid() == RndisOid.GEN_CURRENT_PACKET_FILTER.number() && s.info().length == 4) {
            packetFilter = ByteBuffer.wrap(s.info()).order(ByteOrder.LITTLE_ENDIAN).getInt();
            return RndisMessage.STATUS_SUCCESS;
        }
        if (s.oid() != RndisOid.GEN_RECEIVE_SCALE_PARAMETERS.number()) {
            return RndisMessage.STATUS_NOT_SUPPORTED;
        }
        // openvmm oid_set_rss_parameters; its OidError::InvalidInput goes back as RNDIS_STATUS_INVALID_DATA.
        RssParameters.Decode d = RssParameters.decode(s.info(), queueCount());
        if (d instanceof RssParameters.Invalid bad) {
            errors.add(new DataPathError.RssRefused(bad.describe()));
            return RndisMessage.STATUS_INVALID_DATA;
        }
        RssParameters p = ((RssParameters.Valid) d).params();
        if (p.disables()) {
            rss = null;
            return RndisMessage.STATUS_SUCCESS;
        }
        int n = p.table().length;
        if ((n & (n - 1)) != 0 || n > RssParameters.ITAB_NUM) {
            // openvmm repeats a shorter table up to its size; a table whose size is no power of 2 is not one.
            errors.add(new DataPathError.RssRefused("indirection table entries=" + n));
            return RndisMessage.STATUS_INVALID_DATA;
        }
        rss = new RssSteering(p);
        return RndisMessage.STATUS_SUCCESS;
    }

    /** @return true while the guest's RSS is on (openvmm rss_state is Some) */
    boolean rssOn() {
        return rss != null;
    }

    /** @return the host's RNDIS state as spec NetvscRndis names it ({@code rnHost}) */
    String rndisState() {
        if (halted) {
            return "Halted";
        }
        if (packetFilter != 0) {
            return "Up";
        }
        return rndisInitialized ? "Initialized" : "Uninitialized";
    }

    private RndisMessage query(RndisMessage.QueryRequest q) {
        ByteBuffer v = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        byte[] info = switch (RndisOid.of(q.oid()).orElse(RndisOid.GEN_CURRENT_PACKET_FILTER)) {
            case ETH_PERMANENT_ADDRESS, ETH_CURRENT_ADDRESS -> mac.clone();
            case GEN_MAXIMUM_FRAME_SIZE -> v.putInt(0, mtu).array();
            case GEN_MEDIA_CONNECT_STATUS -> v.putInt(0, RndisOid.MEDIA_CONNECTED).array();
            default -> null;
        };
        // The fault answers with the next request id: a completion the guest cannot match to its request.
        int id = config.faults().contains(NetvscFault.RNDIS_WRONG_ID) ? q.requestId() + 1 : q.requestId();
        return info == null ? new RndisMessage.QueryComplete(id, RndisMessage.STATUS_NOT_SUPPORTED,
                new byte[0]) : new RndisMessage.QueryComplete(id, RndisMessage.STATUS_SUCCESS, info);
    }

    /** The guest completed a transfer-page packet: its receive sections go back to the free set. */
    private void onRxCompletion(int q, long transId, byte[] payload) {
        NvspDecodeResult r = NvspCodec.decode(payload, Direction.GUEST_TO_HOST);
        if (!(r instanceof NvspDecodeResult.Decoded d && d.message() instanceof NvspMessage.SendRndisPacketComplete)) {
            errors.add(new DataPathError.BadPacket(PacketDescriptor.TYPE_COMP, "not RNDIS_PKT_COMPLETE"));
            return;
        }
        RxOut out = rxOutstanding.get(transId);
        if (out == null || out.queue() != q) {
            // A completion on another channel than its packet's is not one for that packet (per-channel ids).
            errors.add(new DataPathError.UnknownCompletion(transId));
            return;
        }
        rxOutstanding.remove(transId);
        List<Integer> secs = out.sections();
        recvFree.addAll(secs);
        if (!controlPacket(secs)) {
            trace.emit(DataPathTrace.HOST, "HostReceivesRxCompletion", q, Fields.of("queue", q, "sections", secs));
        }
    }

    /** Control answers are not data-path events: their sections come back untraced. */
    private boolean controlPacket(List<Integer> secs) {
        return secs.size() == 1 && controlSections.remove(secs.get(0));
    }

    // ---------------------------------------------------------------- completions and receive

    private int completionBytes() {
        return GuestDataPath.ringBytes(0, NvspCodec.PACKET_SIZE_V61);
    }

    private boolean fits(int q, int bytes) {
        return bytes < DataPathTrace.free(ring(q).inbound());
    }

    /** @return indices into held of the frames whose queue's inbound ring has room for the completion */
    private List<Integer> completable() {
        List<Integer> ok = new ArrayList<>();
        for (int i = 0; i < held.size(); i++) {
            if (fits(held.get(i).queue(), completionBytes())) {
                ok.add(i);
            }
        }
        return ok;
    }

    /** Completes held frames in an order the chooser picks, each on its queue, while that ring has room. */
    private void completeStep() {
        for (int i = 0; i < config.pollBudget(); i++) {
            List<Integer> ok = completable();
            if (ok.isEmpty()) {
                return;
            }
            HeldFrame f = held.remove((int) ok.get(chooser.choose(ChoiceKind.HOST_EVENT, ok.size())));
            completeNow(f.queue(), f.transId(), NvspMessage.STATUS_SUCCESS);
            trace.emit(DataPathTrace.HOST, "HostCompletesTx", f.queue(), Fields.of("queue", f.queue(), "frame",
                    f.frame(), "section", Integer.toUnsignedLong(f.section())));
        }
    }

    private void completeNow(int q, long transId, int status) {
        byte[] b = NvspCodec.encodePadded(new NvspMessage.SendRndisPacketComplete(status), NvspCodec.PACKET_SIZE_V61);
        WriteResult w = ring(q).hostOut().tryWrite(PacketDescriptor.TYPE_COMP, 0, transId, b, 0, b.length);
        if (!(w instanceof WriteResult.Written)) {
            errors.add(new DataPathError.BadPacket(PacketDescriptor.TYPE_COMP, "completion not written: " + w));
        }
    }

    private boolean rxCanStep() {
        return rxQueueReady() >= 0;
    }

    /**
     * @return the queue the receive path can serve next: 0 for a control answer, else the next queue in turn
     *     (round-robin from the one after the last served) with a frame and room on its inbound ring; -1 if none
     *     (or no receive section is free)
     */
    private int rxQueueReady() {
        if (recvFree.isEmpty()) {
            return -1;
        }
        if (!controlOut.isEmpty()) {
            return !holdingLate() && fits(0, xferBytes(1)) ? 0 : -1;
        }
        if (packetFilter == 0 || halted) {
            return -1;
        }
        for (int j = 0; j < rxQueues.size(); j++) {
            int q = (rxNext + j) % rxQueues.size();
            if (!rxQueues.get(q).isEmpty() && fits(q, xferBytes(1))) {
                return q;
            }
        }
        return -1;
    }

    private static int xferBytes(int ranges) {
        return GuestDataPath.ringBytes(TransferPageSet.RANGES_OFFSET + TransferPageSet.RANGE_LENGTH * ranges,
                NvspCodec.PACKET_SIZE_V61);
    }

    /**
     * Sends control answers first (queue 0), then up to the budget of data packets of up to maxRanges frames each,
     * each on the queue its frames were steered to.
     */
    private void rxStep() {
        readConfig();
        touchRx();
        for (int i = 0; i < config.pollBudget(); i++) {
            int q = rxQueueReady();
            if (q < 0) {
                return;
            }
            if (!controlOut.isEmpty()) {
                int s = recvFree.first();
                if (sendXfer(0, List.of(controlOut.peek()), false)) {
                    if (controlOut.poll() == lateAnswer) {
                        lateAnswer = null;
                    }
                    controlSections.add(s);
                }
                continue;
            }
            ArrayDeque<RxFrame> rxQueue = rxQueues.get(q);
            int k = Math.min(config.maxRanges(), Math.min(rxQueue.size(), recvFree.size()));
            while (k > 1 && !fits(q, xferBytes(k))) {
                k--;
            }
            List<byte[]> msgs = new ArrayList<>(k);
            java.util.Iterator<RxFrame> it = rxQueue.iterator();
            for (int j = 0; j < k; j++) {
                RxFrame f = it.next();
                List<PerPacketInfo> ppis = f.hash() == RssSteering.NO_HASH
                        ? List.of(PerPacketInfo.ofU32(PerPacketInfo.TCPIP_CHKSUM_PKTINFO, 0))
                        : List.of(PerPacketInfo.ofU32(PerPacketInfo.TCPIP_CHKSUM_PKTINFO, 0),
                                PerPacketInfo.ofU32(PerPacketInfo.NBL_HASH_VALUE, (int) f.hash()));
                msgs.add(RndisCodec.encode(new RndisMessage.Packet(ppis, f.frame())));
            }
            if (!sendXfer(q, msgs, true)) {
                return;
            }
            rxNext = q + 1;
        }
    }

    /** One transfer-page packet: each message copied into a free section, one range each. */
    private boolean sendXfer(int q, List<byte[]> msgs, boolean data) {
        List<Integer> secs = new ArrayList<>(msgs.size());
        List<TransferPageSet.Range> ranges = new ArrayList<>(msgs.size());
        for (byte[] m : msgs) {
            int s = recvFree.pollFirst();
            secs.add(s);
            System.arraycopy(m, 0, recvBuffer, s * recvSectionSize, m.length);
            ranges.add(new TransferPageSet.Range(m.length, s * recvSectionSize));
        }
        byte[] ext = new TransferPageSet(GuestDataPath.RECEIVE_BUFFER_ID, false, ranges).encode();
        byte[] nvsp = NvspCodec.encodePadded(new NvspMessage.SendRndisPacket(GuestDataPath.CHANNEL_DATA,
                NvspMessage.SendRndisPacket.NO_SECTION, 0), NvspCodec.PACKET_SIZE_V61);
        long tid = secs.get(0);
        WriteResult w = ring(q).hostOut().tryWrite(TransferPageSet.PACKET_TYPE,
                PacketDescriptor.FLAG_COMPLETION_REQUESTED, tid, ext, nvsp, 0, nvsp.length);
        if (!(w instanceof WriteResult.Written)) {
            recvFree.addAll(secs);
            return false;
        }
        rxOutstanding.put(tid, new RxOut(q, secs));
        if (data) {
            framesDelivered += msgs.size();
            List<Long> crcs = new ArrayList<>(msgs.size());
            List<List<Long>> hashes = new ArrayList<>(msgs.size()); // per frame: [] none, [hash]
            for (int j = 0; j < msgs.size(); j++) {
                RxFrame f = rxQueues.get(q).poll();
                crcs.add(GuestDataPath.crc(f.frame()));
                hashes.add(f.hash() == RssSteering.NO_HASH ? List.of() : List.of(f.hash()));
            }
            trace.emit(DataPathTrace.HOST, "HostSendsRxPacket", q, Fields.of("queue", q, "sections", secs,
                    "frames", crcs, "hashes", hashes));
        }
        return true;
    }

    // ---------------------------------------------------------------- views

    /** @return receive sections free at the host */
    public int recvFree() {
        return recvFree.size();
    }

    /** @return frames read and not yet completed */
    public int held() {
        return held.size();
    }

    /** @return true if nothing is owed to the guest: no held frame, queued answer or frame for this port */
    public boolean idle() {
        return held.isEmpty() && controlOut.isEmpty() && rxQueues.stream().allMatch(ArrayDeque::isEmpty);
    }

    /** @return frames delivered to the guest in transfer-page packets while the trace was logging */
    public long framesDelivered() {
        return framesDelivered;
    }

    /** @return frames the switch offered this port that it dropped (filter not set, or backlog full) */
    public long dropped() {
        return dropped;
    }

    /** @return the packet filter the guest set (0 before) */
    public int packetFilter() {
        return packetFilter;
    }

    /** @return guest packets refused, counted per kind, the last ones kept */
    public ErrorLog<DataPathError> errors() {
        return errors;
    }
}
