package dev.enlightened.netvsc;

import dev.enlightened.sim.StepActor;
import dev.enlightened.bounded.ErrorLog;
import dev.enlightened.ring.ChannelRings;
import dev.enlightened.ring.PacketDescriptor;
import dev.enlightened.ring.WriteError;
import dev.enlightened.ring.WriteResult;
import dev.enlightened.sim.Actor;
import dev.enlightened.trace.Fields;
import dev.enlightened.wire.Direction;
import dev.enlightened.wire.nvsp.NvspCodec;
import dev.enlightened.wire.nvsp.NvspDecodeResult;
import dev.enlightened.wire.nvsp.NvspMessage;
import dev.enlightened.wire.nvsp.PageBufferArray;
import dev.enlightened.wire.nvsp.TransferPageDecode;
import dev.enlightened.wire.nvsp.TransferPageError;
import dev.enlightened.wire.nvsp.TransferPageSet;
import dev.enlightened.wire.rndis.RndisCodec;
import dev.enlightened.wire.rndis.RndisDecodeError;
import dev.enlightened.wire.rndis.RndisDecodeResult;
import dev.enlightened.wire.rndis.RndisMessage;
import dev.enlightened.wire.rndis.PerPacketInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * The netvsc guest's data path, after NVSP init, on every queue the device has: queue 0 is the primary channel,
 * queue q the sub-channel with {@code sub_channel_index} q, as many as the host granted (Linux
 * {@code rndis_set_subchannel}: {@code num_chn = 1 + num_subchannels} of the completion), each a
 * {@link GuestQueue}. The RNDIS bring-up ({@link GuestRndis}, on queue 0 as {@code rndis_filter_send_request}),
 * transmit ({@code netvsc_send}: a send-buffer section when the RNDIS message fits one, GPA
 * direct otherwise; the {@link TxQueue} stop/wake) and the NAPI poll ({@code netvsc_poll}: TX completions,
 * transfer-page packets whose ranges are RNDIS PACKET_MSGs, the RX completions that return the host's receive
 * sections), per queue. A frame's queue is its flow's ({@link FlowHash}, Linux {@code netvsc_pick_tx}); stop and
 * wake are per queue ({@code netif_tx_stop_queue} / {@code netif_tx_wake_queue} of that index). Two contexts per
 * queue: {@link #xmit(int)} and {@link #napi(int)}. Everything from the host is validated as
 * unsigned; a bad packet is dropped and recorded, never thrown; each step does at most a budget of work.
 */
public final class GuestDataPath {
    /** Linux {@code NETVSC_RECEIVE_BUFFER_ID}: the transfer page set id of the receive buffer. */
    public static final int RECEIVE_BUFFER_ID = 0xCAFE;
    /** RMC_DATA / RMC_CONTROL ({@code nvsp_1_message_send_rndis_packet.channel_type}). */
    static final int CHANNEL_DATA = 0;
    static final int CHANNEL_CONTROL = 1;

    private final DataPathConfig config;
    private final NetvscGuest setup;
    private final ChannelRings primary;
    private final byte[] sendBuffer;
    private final byte[] recvBuffer;
    private final GuestPages pages;
    private final DataPathTrace trace;
    private final GuestRndis rndis;
    private final List<GuestQueue> queues = new ArrayList<>();
    private final ErrorLog<DataPathError> errors = ErrorLog.quiet(DataPathError::describe);
    private SendSectionMap sections;
    private int sendSectionSize;
    private int recvSectionSize;
    private boolean closing;
    private boolean halted;
    private Consumer<byte[]> receiver = f -> { };
    /** The guest's view of the RSS it set (once RNDIS accepted it), to check where frames land. */
    private RssSteering steering;
    private long framesSent;
    private long framesReceived;

    /**
     * @param config     tunables
     * @param setup      the NVSP driver (the data path starts once it proceeded)
     * @param rings      the primary channel (the sub-channels come from {@code setup} once it proceeded)
     * @param sendBuffer the send buffer the host maps (its GPADL)
     * @param recvBuffer the receive buffer the host writes
     * @param pages      guest pages for GPA-direct sends
     * @param trace      the device's data-path trace
     */
    public GuestDataPath(DataPathConfig config, NetvscGuest setup, ChannelRings rings, byte[] sendBuffer,
                         byte[] recvBuffer, GuestPages pages, DataPathTrace trace) {
        this(config, setup, rings, sendBuffer, recvBuffer, pages, trace, dev.enlightened.clock.Clock.FROZEN);
    }

    /**
     * @param config     tunables
     * @param setup      the NVSP driver (the data path starts once it proceeded)
     * @param rings      the primary channel
     * @param sendBuffer the send buffer the host maps (its GPADL)
     * @param recvBuffer the receive buffer the host writes
     * @param pages      guest pages for GPA-direct sends
     * @param trace      the device's data-path trace
     * @param clock      what the RNDIS bring-up's waits are measured against (the run's virtual time)
     */
    public GuestDataPath(DataPathConfig config, NetvscGuest setup, ChannelRings rings, byte[] sendBuffer,
                         byte[] recvBuffer, GuestPages pages, DataPathTrace trace, dev.enlightened.clock.Clock clock) {
        this.rndis = new GuestRndis(clock);
        this.config = config;
        this.setup = setup;
        this.primary = rings;
        this.sendBuffer = sendBuffer;
        this.recvBuffer = recvBuffer;
        this.pages = pages;
        this.trace = trace;
        setup.attachDataPath();
        trace.bind(this);
    }

    /** @return queue 0's transmit context */
    public Actor xmit() {
        return xmit(0);
    }

    /**
     * @return when the RNDIS request outstanding times out, or {@link Long#MAX_VALUE} if none is, or a packet
     *         (perhaps its answer) waits in the primary's ring for the NAPI context
     */
    private long rndisDeadline() {
        return !started() || halted || primary.guestHasInput() ? Long.MAX_VALUE : rndis.deadline();
    }

    private boolean rndisTimedOut() {
        return rndisDeadline() != Long.MAX_VALUE && rndis.timedOut();
    }

    /** @return queue 0's NAPI context */
    public Actor napi() {
        return napi(0);
    }

    /**
     * @param q the queue (it may open later; until then, or if the host grants fewer, the context never steps)
     * @return queue q's transmit context: (queue 0 only) RNDIS requests and HALT, frames, the stop and the
     *     sender's wake
     */
    public Actor xmit(int q) {
        if (q == 0) { // queue 0 also runs the RNDIS bring-up, whose waits have a deadline
            return new StepActor("guest-xmit", () -> xmitCanStep(0), () -> xmitStep(0), this::waitingFor,
                    this::rndisDeadline);
        }
        return new StepActor("guest-xmit-" + q, () -> xmitCanStep(q), () -> xmitStep(q), this::waitingFor);
    }

    /** @return queue q's NAPI context: reads its inbound ring and writes its queued RX completions */
    public Actor napi(int q) {
        return new StepActor(q == 0 ? "guest-napi" : "guest-napi-" + q, () -> napiCanStep(q), () -> napiStep(q),
                () -> "host packet");
    }

    /**
     * Queues a frame for transmission on its flow's queue (the qdisc of that netdev TX queue); false if the device
     * is not up yet or that backlog is full.
     */
    public boolean transmit(byte[] frame) {
        if (!ensureQueues()) {
            return false;
        }
        GuestQueue q = queues.get(FlowHash.txQueue(frame, queues.size()));
        if (q.backlog.size() >= config.backlog()) {
            return false;
        }
        q.backlog.add(frame.clone());
        return true;
    }

    /** Sets where received frames go (the stack above). */
    public void onReceive(Consumer<byte[]> r) {
        this.receiver = r;
    }

    /** Starts the close: the transmit context sends HALT once the backlog is empty. */
    public void close() {
        closing = true;
    }

    // ---------------------------------------------------------------- transmit context

    private boolean started() {
        return setup.state() instanceof GuestState.Proceeded;
    }

    private boolean xmitCanStep(int qi) {
        if (!ensureQueues() || qi >= queues.size() || halted || rndis.phase() == GuestRndis.Phase.FAILED) {
            return false;
        }
        if (rndis.phase() != GuestRndis.Phase.UP) {
            return qi == 0 && (rndis.ready() || rndisTimedOut());
        }
        GuestQueue q = queues.get(qi);
        if (q.tx.stopOwed() || q.tx.wakeOwed()) {
            return true;
        }
        if (qi == 0 && closing && allIdle()) {
            return true;
        }
        return q.tx.canSend() && !q.backlog.isEmpty();
    }

    private void xmitStep(int qi) {
        if (!ensureQueues() || qi >= queues.size()) {
            return;
        }
        if (qi == 0 && rndisTimedOut()) {
            String kind = rndis.awaitedKind();
            int id = rndis.timeOut(); // the host never answered: the bring-up fails, but for an RSS SET
            trace.rndisTimeout(kind, id);
            return;
        }
        GuestQueue q = queues.get(qi);
        if (rndis.phase() != GuestRndis.Phase.UP) {
            RndisMessage m = qi == 0 ? rndis.next() : null;
            if (m != null && !sendControl(m)) {
                errors.add(new DataPathError.RndisRefused("send " + m.type().wireName() + " (ring or pages full)",
                        0));
            } else if (m != null) {
                trace.rndisRequest(m, rndis.lastRequestId());
            }
            return;
        }
        if (q.tx.stopOwed()) {
            stopQueue(q, false, 0);
            return;
        }
        if (q.tx.wakeOwed()) {
            wakeBySender(q);
            return;
        }
        if (qi == 0 && closing && allIdle()) {
            RndisMessage halt = rndis.halt();
            if (sendControl(halt)) {
                trace.rndisRequest(halt, rndis.lastRequestId());
            }
            halted = true;
            return;
        }
        for (int i = 0; i < config.xmitBurst() && q.tx.canSend() && !q.backlog.isEmpty(); i++) {
            sendFrame(q, q.backlog.peek());
        }
    }

    /** HALT waits for this (netvsc_close empties the rings first; spec TraceNetvscDevice Drained). */
    private boolean allIdle() {
        return queues.stream().allMatch(q -> q.backlog.isEmpty() && q.pending.isEmpty() && !q.tx.stopped()
                && !q.tx.stopOwed() && !q.tx.wakeOwed());
    }

    /**
     * Once the device proceeded: the section layout NVSP negotiated (netvsc_init_buf) and the queues, the primary
     * and every sub-channel it opened up to the grant (num_chn = 1 + granted).
     *
     * @return false before the device proceeded
     */
    private boolean ensureQueues() {
        if (!started()) {
            return false;
        }
        if (sections == null) {
            int[] sizes = setup.sectionSizes();
            recvSectionSize = sizes[0];
            sendSectionSize = sizes[1];
            sections = new SendSectionMap(Math.max(1, sendBuffer.length / sendSectionSize));
            queues.add(new GuestQueue(0, primary, config));
            for (ChannelRings sub : setup.subChannelRings()) {
                queues.add(new GuestQueue(queues.size(), sub, config));
            }
            rndis.queues(queues.size());
        }
        return true;
    }

    /** netvsc_send + netvsc_send_pkt for one frame on its queue: section or GPA direct, then the stop decision. */
    private void sendFrame(GuestQueue q, byte[] frame) {
        RndisMessage.Packet p = RndisMessage.Packet.of(frame);
        int len = p.encodedLength();
        int section = len <= sendSectionSize ? sections.allocate() : SendSectionMap.NONE;
        PageBufferArray pb = null;
        long[] pfns = null;
        byte[] ext = new byte[0];
        long tid = q.nextTransId;
        long crc = crc(frame);
        if (section == SendSectionMap.NONE) {
            byte[] msg = RndisCodec.encode(p);
            int offset = (int) (crc % 64) * 64; // where the skb's data happens to sit in its first page
            int count = (offset + len + GuestPages.PAGE_SIZE - 1) / GuestPages.PAGE_SIZE;
            pfns = pages.allocate(count);
            if (pfns == null) {
                return; // no page: back-pressure, retried on the next step (the pool outnumbers the ring)
            }
            pb = pageBuffers(msg, offset, pfns);
            ext = pb.encode();
        } else {
            RndisCodec.encodeInto(p, sendBuffer, section * sendSectionSize);
        }
        byte[] nvsp = NvspCodec.encode(new NvspMessage.SendRndisPacket(CHANNEL_DATA,
                section == SendSectionMap.NONE ? NvspMessage.SendRndisPacket.NO_SECTION : section,
                section == SendSectionMap.NONE ? 0 : len));
        int bytes = ringBytes(ext.length, nvsp.length);
        int freeBefore = q.ringFree();
        WriteResult w = bytes < freeBefore ? q.rings.guestOut().tryWrite(section == SendSectionMap.NONE
                ? PacketDescriptor.TYPE_DATA_USING_GPA_DIRECT : PacketDescriptor.TYPE_DATA_INBAND,
                PacketDescriptor.FLAG_COMPLETION_REQUESTED, tid, ext, nvsp, 0, nvsp.length) : WriteError.Full.INSTANCE;
        if (!(w instanceof WriteResult.Written)) {
            // -EAGAIN: netvsc_send frees the section again; the frame stays queued (NETDEV_TX_BUSY).
            if (section != SendSectionMap.NONE) {
                sections.free(section);
            }
            if (pfns != null) {
                pages.free(pfns);
            }
            stopQueue(q, true, bytes);
            return;
        }
        q.nextTransId++;
        q.backlog.poll();
        framesSent++;
        q.framesSent++;
        q.tx.sent(freeBefore);
        q.pending.put(tid, new GuestQueue.PendingSend(false, crc, section, pfns));
        if (section != SendSectionMap.NONE && config.faults().contains(NetvscFault.SECTION_REUSED_BEFORE_COMPLETION)) {
            sections.free(section); // the fault: freed on send, not on completion
        }
        trace.emit(DataPathTrace.GUEST, "GuestSendsFrame", q.index, Fields.of("queue", q.index, "frame", crc,
                "section",
                traceSection(section), "len", len, "bytes", bytes));
    }

    /** A control message (channel_type RMC_CONTROL) on queue 0 from its own pages, as rndis_filter_send_request. */
    private boolean sendControl(RndisMessage m) {
        GuestQueue q = queues.get(0);
        byte[] msg = RndisCodec.encode(m);
        long[] pfns = pages.allocate(1);
        if (pfns == null || msg.length > GuestPages.PAGE_SIZE) {
            return false;
        }
        PageBufferArray pb = pageBuffers(msg, 0, pfns);
        byte[] nvsp = NvspCodec.encode(new NvspMessage.SendRndisPacket(CHANNEL_CONTROL,
                NvspMessage.SendRndisPacket.NO_SECTION, 0));
        long tid = q.nextTransId++;
        byte[] ext = pb.encode();
        WriteResult w = q.rings.guestOut().tryWrite(PacketDescriptor.TYPE_DATA_USING_GPA_DIRECT,
                PacketDescriptor.FLAG_COMPLETION_REQUESTED, tid, ext, nvsp, 0, nvsp.length);
        if (!(w instanceof WriteResult.Written)) {
            pages.free(pfns);
            return false;
        }
        q.pending.put(tid, new GuestQueue.PendingSend(true, 0, SendSectionMap.NONE, pfns));
        return true;
    }

    private PageBufferArray pageBuffers(byte[] msg, int offset, long[] pfns) {
        List<PageBufferArray.PageBuffer> list = new ArrayList<>(pfns.length);
        int done = 0;
        int off = offset;
        for (long pfn : pfns) {
            int n = Math.min(msg.length - done, GuestPages.PAGE_SIZE - off);
            pages.write(pfn, off, msg, done, n);
            list.add(new PageBufferArray.PageBuffer(n, off, pfn));
            done += n;
            off = 0;
        }
        return new PageBufferArray(list);
    }

    /** Ring bytes of a packet: descriptor, extension, payload padded to 8, trailer. */
    static int ringBytes(int extLength, int payloadLength) {
        return PacketDescriptor.LENGTH + extLength + ((payloadLength + 7) & ~7) + PacketDescriptor.TRAILER_LENGTH;
    }

    /** netif_tx_stop_queue of this queue's index, then the re-check. */
    private void stopQueue(GuestQueue q, boolean ringFull, int bytes) {
        q.tx.stop(ringFull);
        trace.emit(DataPathTrace.GUEST, "GuestStopsTxQueue", q.index, ringFull
                ? Fields.of("queue", q.index, "reason", "ringFull", "bytes", bytes)
                : Fields.of("queue", q.index, "reason", "lowWater"));
        if (q.tx.wakeOwed()) {
            wakeBySender(q);
        }
    }

    private void wakeBySender(GuestQueue q) {
        q.tx.wakeBySender();
        trace.emit(DataPathTrace.GUEST, "GuestWakesTxQueue", q.index, Fields.of("queue", q.index, "by", "sender"));
    }

    // ---------------------------------------------------------------- NAPI context

    private boolean napiCanStep(int qi) {
        if (!ensureQueues() || qi >= queues.size()) {
            return false;
        }
        GuestQueue q = queues.get(qi);
        if (q.rings.guestIn().isBroken()) {
            return false;
        }
        return q.rings.guestHasInput() || !q.mrc.isEmpty() && ringBytes(0, 8) < q.ringFree();
    }

    /** netvsc_poll of one channel: at most the budget of packets, then send_recv_completions. */
    private void napiStep(int qi) {
        if (!ensureQueues() || qi >= queues.size()) {
            return;
        }
        GuestQueue q = queues.get(qi);
        for (int i = 0; i < config.pollBudget() && q.rings.guestHasInput(); i++) {
            if (!receiveOne(q)) {
                break;
            }
        }
        sendRecvCompletions(q);
    }

    /** One inbound packet of queue q; false if the ring broke. */
    private boolean receiveOne(GuestQueue q) {
        ChannelRings rings = q.rings;
        long[] h = new long[3];
        byte[][] parts = new byte[2][];
        rings.guestIn().poll(p -> {
            h[0] = p.type();
            h[1] = p.transId();
            h[2] = p.flags();
            parts[0] = new byte[p.payloadLength()];
            p.copyPayload(0, parts[0], 0, parts[0].length);
            parts[1] = new byte[p.extensionLength()];
            p.copyExtension(0, parts[1], 0, parts[1].length);
        }, 1);
        if (rings.guestIn().isBroken()) {
            errors.add(new DataPathError.RingCorrupt(rings.guestIn().corruption().reason()));
            return false;
        }
        if (parts[0] == null) {
            return true;
        }
        int type = (int) h[0];
        if (type == PacketDescriptor.TYPE_COMP) {
            onCompletion(q, h[1], parts[0]);
        } else if (type == TransferPageSet.PACKET_TYPE) {
            onTransferPages(q, h[1], parts[1], parts[0]);
        } else {
            errors.add(new DataPathError.BadPacket(type, "data path expects VM_PKT_COMP or XFER_PAGES"));
        }
        return true;
    }

    /** netvsc_send_completion → netvsc_send_tx_complete: free the section, queue_sends--, maybe wake. */
    private void onCompletion(GuestQueue q, long transId, byte[] payload) {
        NvspDecodeResult r = NvspCodec.decode(payload, Direction.HOST_TO_GUEST);
        if (r instanceof dev.enlightened.wire.nvsp.NvspDecodeError e) {
            errors.add(new DataPathError.BadNvsp(e));
            return;
        }
        if (!(((NvspDecodeResult.Decoded) r).message() instanceof NvspMessage.SendRndisPacketComplete)) {
            errors.add(new DataPathError.BadPacket(PacketDescriptor.TYPE_COMP, "completion is not RNDIS_PKT_COMPLETE"));
            return;
        }
        // A completion belongs to the channel its request went out on: trans_ids are per queue.
        GuestQueue.PendingSend s = q.pending.remove(transId);
        if (s == null) {
            errors.add(new DataPathError.UnknownCompletion(transId));
            return;
        }
        if (s.pfns() != null) {
            pages.free(s.pfns());
        }
        if (s.control()) {
            return;
        }
        if (s.section() != SendSectionMap.NONE
                && !config.faults().contains(NetvscFault.SECTION_REUSED_BEFORE_COMPLETION)) {
            sections.free(s.section());
        }
        boolean wake = q.tx.completed(q.ringFree());
        trace.emit(DataPathTrace.GUEST, "GuestReceivesTxCompletion", q.index, Fields.of("queue", q.index, "frame",
                s.frame(), "section", traceSection(s.section())));
        if (wake) {
            q.tx.wakeByCompletion();
            trace.emit(DataPathTrace.GUEST, "GuestWakesTxQueue", q.index, Fields.of("queue", q.index, "by",
                    "completion"));
        }
    }

    /** netvsc_receive: every range is one RNDIS message in the receive buffer; then enq_receive_complete. */
    private void onTransferPages(GuestQueue q, long transId, byte[] ext, byte[] payload) {
        TransferPageDecode d = TransferPageSet.decode(ext, RECEIVE_BUFFER_ID, recvBuffer.length);
        if (d instanceof TransferPageError e) {
            errors.add(new DataPathError.BadTransferPages(e));
            return; // Linux drops the packet without a completion: the header cannot be trusted
        }
        NvspDecodeResult r = NvspCodec.decode(payload, Direction.HOST_TO_GUEST);
        if (!(r instanceof NvspDecodeResult.Decoded dec && dec.message() instanceof NvspMessage.SendRndisPacket)) {
            errors.add(new DataPathError.BadPacket(TransferPageSet.PACKET_TYPE, "payload is not SEND_RNDIS_PKT"));
            return;
        }
        TransferPageSet set = (TransferPageSet) d;
        List<Integer> secs = new ArrayList<>();
        List<Long> crcs = new ArrayList<>();
        List<byte[]> frames = new ArrayList<>();
        int status = NvspMessage.STATUS_SUCCESS;
        for (TransferPageSet.Range range : set.ranges()) {
            secs.add(range.byteOffset() / recvSectionSize);
            RndisDecodeResult rr = RndisCodec.decode(recvBuffer, range.byteOffset(), range.byteCount(),
                    Direction.HOST_TO_GUEST);
            if (rr instanceof RndisDecodeError e) {
                errors.add(new DataPathError.BadRndis(e));
                status = NvspMessage.STATUS_FAILURE;
                crcs.add(DataPathTrace.NO_SECTION);
                continue;
            }
            RndisMessage m = ((RndisDecodeResult.Decoded) rr).message();
            if (m instanceof RndisMessage.Packet pkt) {
                byte[] f = pkt.data();
                crcs.add(crc(f));
                frames.add(f);
                checkSteering(q, pkt);
            } else if (rndis.late(m)) { // rndis_filter_receive_response: no request found for its id
                rndis.dropLate(m);
                trace.rndisLateDrop(m);
            } else {
                rndis.onResponse(m);
                trace.rndisCompletion(m);
            }
        }
        if (q.mrc.size() < config.recvCompSlots()) {
            q.mrc.add(new GuestQueue.RxCompletion(transId, secs, status, !frames.isEmpty()));
        } else {
            errors.add(new DataPathError.BadPacket(TransferPageSet.PACKET_TYPE, "Recv_comp full buf: trans_id="
                    + transId));
        }
        if (!frames.isEmpty()) {
            framesReceived += frames.size();
            // Logged after enq_receive_complete: the spec's step reads the ranges and queues the completion.
            trace.emit(DataPathTrace.GUEST, "GuestReceivesRxPacket", q.index, Fields.of("queue", q.index,
                    "sections", secs, "frames", crcs));
        }
        for (byte[] f : frames) {
            receiver.accept(f);
        }
    }

    /**
     * Records which queue a frame arrived on and, once RSS is set, checks it: the host's {@code NBL_HASH_VALUE}
     * (Linux rndis_filter_receive_data hands it to skb_set_hash) must be the Toeplitz hash of the frame under the
     * key the guest sent, and the queue the one the guest's indirection table names for that hash.
     */
    private void checkSteering(GuestQueue q, RndisMessage.Packet pkt) {
        q.framesReceived++;
        if (rndis.rss() == null) {
            return;
        }
        if (steering == null) {
            steering = new RssSteering(rndis.rss());
        }
        long expected = steering.hash(pkt.data());
        long reported = RssSteering.NO_HASH;
        for (PerPacketInfo ppi : pkt.ppis()) {
            byte[] v = ppi.value();
            if (ppi.type() == PerPacketInfo.NBL_HASH_VALUE && v.length == 4) {
                reported = Integer.toUnsignedLong(ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getInt());
            }
        }
        int want = steering.queue(expected, false);
        if (reported != expected || want != q.index) {
            errors.add(new DataPathError.MisSteered(q.index, want, expected, reported));
        }
    }

    /** send_recv_completions: the oldest queued completions, while they fit (rx_comp_busy otherwise). */
    private void sendRecvCompletions(GuestQueue q) {
        while (!q.mrc.isEmpty()) {
            GuestQueue.RxCompletion c = q.mrc.peek();
            byte[] b = NvspCodec.encode(new NvspMessage.SendRndisPacketComplete(c.status()), NvspCodec.Form.COMPACT);
            int bytes = ringBytes(0, b.length);
            if (bytes >= q.ringFree()) {
                return;
            }
            WriteResult w = q.rings.guestOut().tryWrite(PacketDescriptor.TYPE_COMP, 0, c.transId(), b, 0, b.length);
            if (!(w instanceof WriteResult.Written)) {
                return;
            }
            q.mrc.poll();
            if (c.data()) { // a control answer's completion is below NetvscRndis (TraceNetvscDevice's header)
                trace.emit(DataPathTrace.GUEST, "GuestSendsRxCompletion", q.index, Fields.of("queue", q.index,
                        "sections", c.sections(), "bytes", bytes));
            }
        }
    }

    // ---------------------------------------------------------------- views

    static long crc(byte[] frame) {
        CRC32 c = new CRC32();
        c.update(frame);
        return c.getValue();
    }

    private static long traceSection(int section) {
        return section == SendSectionMap.NONE ? DataPathTrace.NO_SECTION : section;
    }

    /** @return what a blocked guest waits for (the trace's Quiescent claim), over all queues */
    public String waitingFor() {
        if (rndis.specState().startsWith("Await")) {
            return "rndisCompletion";
        }
        if (queues.stream().anyMatch(q -> q.tx.pending() > 0)) {
            return "txCompletion";
        }
        if (queues.stream().anyMatch(q -> q.tx.stopped())) {
            return "txWake";
        }
        return "nothing";
    }

    /** @return queue 0's TX flow control */
    public TxQueue txQueue() {
        return txQueue(0);
    }

    /** @return queue q's TX flow control */
    public TxQueue txQueue(int q) {
        ensureQueues();
        return queues.get(q).tx;
    }

    /** @return the queues the device runs on (1 + the sub-channels granted and opened; 0 before it proceeded) */
    public int queueCount() {
        ensureQueues();
        return queues.size();
    }

    /** @return free bytes of queue q's outbound ring */
    public int ringFree(int q) {
        ensureQueues();
        return queues.get(q).ringFree();
    }

    /** @return frames received on each queue so far, by queue */
    public long[] framesReceivedPerQueue() {
        return queues.stream().mapToLong(q -> q.framesReceived).toArray();
    }

    /** @return frames put on each queue's ring so far, by queue */
    public long[] framesSentPerQueue() {
        return queues.stream().mapToLong(q -> q.framesSent).toArray();
    }

    /** @return send sections in use */
    public int sendInUse() {
        return sections == null ? 0 : sections.inUse();
    }

    /** @return queue q's RX completions queued, not yet on the ring */
    public int rxCompQueued(int q) {
        ensureQueues();
        return queues.get(q).mrc.size();
    }

    /** @return the RNDIS bring-up */
    public GuestRndis rndis() {
        return rndis;
    }

    /** @return true once RNDIS is up and no control message is outstanding */
    public boolean up() {
        return rndis.phase() == GuestRndis.Phase.UP && queues.stream().allMatch(GuestQueue::idle);
    }

    /** @return true once HALT went out and its send completed */
    public boolean closed() {
        return halted && queues.stream().allMatch(q -> q.pending.isEmpty());
    }

    /** @return frames waiting in the backlogs of all queues */
    public int backlog() {
        return queues.stream().mapToInt(q -> q.backlog.size()).sum();
    }

    /** @return frames put on the ring, and frames received */
    public long[] frameCounts() {
        return new long[] {framesSent, framesReceived};
    }

    /** @return host packets refused, counted per kind, the last ones kept */
    public ErrorLog<DataPathError> errors() {
        return errors;
    }
}
