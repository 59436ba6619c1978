package dev.enlightened.netvsc;

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
import dev.enlightened.wire.nvsp.NvspMessageType;
import dev.enlightened.wire.nvsp.NvspVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated host VSP (after openvmm {@code netvsp}): answers INIT per its newest version, takes the NDIS
 * version and config, accepts the receive and send buffers, and handles SUBCHANNEL(ALLOCATE, n) by granting
 * m = min(n, capacity): it writes the completion on the primary ring and sends the m offers on the message
 * transport in one step (spec HostAllocatesSubChannels). Completions are padded to openvmm's packet size for the
 * negotiated version (0x1c, 0x28 from V6.1), and guest messages shorter than it are refused, as openvmm does.
 * Guest packets it cannot accept are recorded as errors, never thrown.
 */
public final class NetvscHost implements Actor {
    /** Trace actor (TraceNetvscSubchannels' party "host"). */
    public static final String ACTOR = "host";

    private final NetvscHostConfig config;
    private final ChannelRings primary;
    private final SubchannelOffers offers;
    private final TraceSink trace;
    private final List<String> errors = new ArrayList<>();
    private NvspVersion version;
    private int allocations;
    private GuestPacketHandler dataPath;
    /** When set, the answer to SUBCHANNEL is this chooser's decision (explore); null: the configured answer. */
    private Chooser grants;

    /**
     * @param config  behaviour
     * @param primary the primary channel
     * @param offers  where sub-channel offers go
     * @param trace   the event sink
     */
    public NetvscHost(NetvscHostConfig config, ChannelRings primary, SubchannelOffers offers, TraceSink trace) {
        this.config = config;
        this.primary = primary;
        this.offers = offers;
        this.trace = trace;
    }

    /**
     * What the host's data path takes over once attached: RNDIS packets (SEND_RNDIS_PKT, inband or GPA direct)
     * and the guest's completions of receive packets. NVSP setup messages stay here.
     */
    public interface GuestPacketHandler {
        /** Handles one guest packet copied out of the ring (ext: the bytes between descriptor and payload). */
        void onGuestPacket(int type, int flags, long transId, byte[] ext, byte[] payload);
    }

    /**
     * Lets {@code chooser} pick the answer to SUBCHANNEL(ALLOCATE, n) among every answer the spec's
     * HostAllocatesSubChannels allows: a grant m in 0..min(n, capacity) or FAILURE. Option 0 is the configured
     * answer (min(n, capacity)), so a chooser's default run is the plain host's.
     */
    public void chooseGrantsWith(Chooser chooser) {
        this.grants = chooser;
    }

    /** Hands RNDIS packets and completions to {@code handler} (openvmm netvsp's data path half). */
    public void attachDataPath(GuestPacketHandler handler) {
        this.dataPath = handler;
    }

    @Override
    public String name() {
        return ACTOR;
    }

    @Override
    public boolean canStep() {
        return !primary.hostIn().isBroken() && primary.hostHasInput();
    }

    @Override
    public boolean finished() {
        return !canStep();
    }

    @Override
    public String waitingFor() {
        return "guest packet";
    }

    /** Reads one guest packet and answers it. */
    @Override
    public void step() {
        long[] header = new long[3];
        List<byte[]> payload = new ArrayList<>(2);
        primary.hostIn().poll(p -> {
            header[0] = p.type();
            header[1] = p.flags();
            header[2] = p.transId();
            byte[] b = new byte[p.payloadLength()];
            p.copyPayload(0, b, 0, b.length);
            payload.add(b);
            byte[] ext = new byte[p.extensionLength()];
            p.copyExtension(0, ext, 0, ext.length);
            payload.add(ext);
        }, 1);
        if (primary.hostIn().isBroken()) {
            errors.add("ring corrupt: " + primary.hostIn().corruption().reason());
            return;
        }
        if (payload.isEmpty()) {
            return;
        }
        if (dataPath != null && isDataPath((int) header[0], payload.get(0))) {
            dataPath.onGuestPacket((int) header[0], (int) header[1], header[2], payload.get(1), payload.get(0));
            return;
        }
        if (header[0] != PacketDescriptor.TYPE_DATA_INBAND) {
            errors.add("unexpected packet: type=" + header[0]);
            return;
        }
        if (payload.get(0).length < packetSize()) {
            errors.add("NVSP message shorter than the packet size: length=" + payload.get(0).length + " minimum="
                    + packetSize());
            return;
        }
        NvspDecodeResult r = NvspCodec.decode(payload.get(0), Direction.GUEST_TO_HOST);
        if (r instanceof NvspDecodeError e) {
            errors.add(e.describe());
            return;
        }
        boolean wantsCompletion = (header[1] & PacketDescriptor.FLAG_COMPLETION_REQUESTED) != 0;
        answer(((NvspDecodeResult.Decoded) r).message(), wantsCompletion, header[2]);
    }

    /** RNDIS packets (inband or GPA direct) and completions belong to the data path. */
    private static boolean isDataPath(int type, byte[] payload) {
        if (type == PacketDescriptor.TYPE_COMP || type == PacketDescriptor.TYPE_DATA_USING_GPA_DIRECT) {
            return true;
        }
        return type == PacketDescriptor.TYPE_DATA_INBAND && payload.length >= NvspMessageType.HEADER_LENGTH
                && java.nio.ByteBuffer.wrap(payload).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0)
                == NvspMessageType.SEND_RNDIS_PKT.number();
    }

    private void answer(NvspMessage m, boolean wantsCompletion, long transId) {
        String received = m.type().wireName();
        if (m instanceof NvspMessage.SubchannelRequest req) {
            allocate(req, wantsCompletion, transId);
            return;
        }
        NvspMessage reply = null;
        if (m instanceof NvspMessage.Init init) {
            boolean ok = NvspVersion.of(init.maxVersion()).filter(v -> v.compareTo(config.maxVersion()) <= 0)
                    .isPresent();
            if (ok) {
                version = NvspVersion.of(init.maxVersion()).orElseThrow();
            }
            reply = new NvspMessage.InitComplete(0, 0, ok ? NvspMessage.STATUS_SUCCESS : NvspMessage.STATUS_FAILURE);
        } else if (m instanceof NvspMessage.SendReceiveBuffer rb) {
            reply = receiveBuffer(rb);
        } else if (m instanceof NvspMessage.SendSendBuffer sb) {
            boolean known = config.gpadlBytes().containsKey(sb.gpadlHandle());
            reply = new NvspMessage.SendSendBufferComplete(known ? NvspMessage.STATUS_SUCCESS
                    : NvspMessage.STATUS_FAILURE, known ? config.sendSectionSize() : 0);
        }
        if (reply != null && !wantsCompletion) {
            errors.add("request without COMPLETION_REQUESTED: message=" + received);
            reply = null;
        }
        if (reply != null) {
            complete(transId, reply);
        }
        if (trace.enabled()) {
            trace.emit(ACTOR, "HostAnswersNvsp", Fields.of("received", received, "sent",
                    reply == null ? "" : reply.type().wireName()), Fields.of("offers", offers.size()));
        }
    }

    private NvspMessage receiveBuffer(NvspMessage.SendReceiveBuffer rb) {
        Integer bytes = config.gpadlBytes().get(rb.gpadlHandle());
        if (bytes == null || bytes < config.recvSectionSize()) {
            errors.add("unknown or small receive buffer GPADL: gpadl_handle=" + rb.gpadlHandle());
            return new NvspMessage.SendReceiveBufferComplete(NvspMessage.STATUS_FAILURE, 0, 0, 0, 0, 0);
        }
        return NvspMessage.SendReceiveBufferComplete.success(config.recvSectionSize(),
                bytes / config.recvSectionSize());
    }

    /** Spec HostAllocatesSubChannels: completion on the ring and m offers, in one step. */
    private void allocate(NvspMessage.SubchannelRequest req, boolean wantsCompletion, long transId) {
        allocations++;
        long n = Integer.toUnsignedLong(req.count());
        boolean ok = !config.refusesAllocate() && version != null && version.hasSubchannels() && wantsCompletion;
        if (!wantsCompletion) {
            errors.add("SUBCHANNEL without COMPLETION_REQUESTED");
        }
        int m = ok ? (int) Math.min(n, config.capacity()) : 0;
        if (ok && grants != null) {
            // Options 0..m grant m, m-1, ..., 0; option m+1 refuses (spec HostAllocatesSubChannels' disjuncts).
            int pick = grants.choose(ChoiceKind.HOST_CAPACITY, m + 2);
            ok = pick <= m;
            m = ok ? m - pick : 0;
        }
        complete(transId, new NvspMessage.SubchannelComplete(ok ? NvspMessage.STATUS_SUCCESS
                : NvspMessage.STATUS_FAILURE, m));
        for (int i = 1; i <= m; i++) {
            offers.offer(i);
        }
        if (trace.enabled()) {
            trace.emit(ACTOR, "HostAllocatesSubChannels", Fields.of("status", ok ? "Success" : "Failure", "num", m),
                    Fields.of("offers", offers.size()));
        }
    }

    /** openvmm's packet_size: PACKET_SIZE_V61 once V6.1 is negotiated, else PACKET_SIZE_V1. */
    private int packetSize() {
        return version == NvspVersion.V61 ? NvspCodec.PACKET_SIZE_V61 : NvspCodec.PACKET_SIZE_V1;
    }

    private void complete(long transId, NvspMessage reply) {
        byte[] b = NvspCodec.encodePadded(reply, packetSize());
        WriteResult w = primary.hostOut().tryWrite(PacketDescriptor.TYPE_COMP, 0, transId, b, 0, b.length);
        if (!(w instanceof WriteResult.Written)) {
            errors.add("completion not written: " + w);
        }
    }

    /** @return guest packets refused so far, one line each */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** @return SUBCHANNEL requests handled */
    public int allocations() {
        return allocations;
    }

    /** @return the negotiated version, or null */
    public NvspVersion version() {
        return version;
    }
}
