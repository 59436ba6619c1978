package dev.enlightened.wire.rndis;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One RNDIS message: a record per row of {@link RndisMessageType}. Offsets named here are absolute (from the
 * start of the message, header included); the offset fields on the wire count from the body
 * ({@link RndisMessageType#BODY_OFFSET}), as Linux computes {@code (void *)&msg->msg + offset}. Records built by
 * our code are checked on construction (they throw {@link IllegalArgumentException}); decoding never throws.
 */
public sealed interface RndisMessage {
    /** {@code RNDIS_STATUS_SUCCESS}. */
    int STATUS_SUCCESS = 0;
    /** {@code RNDIS_STATUS_FAILURE}. */
    int STATUS_FAILURE = 0xC0000001;
    /** {@code RNDIS_STATUS_INVALID_DATA}: the answer to a SET whose value is refused. */
    int STATUS_INVALID_DATA = 0xC0010015;
    /** {@code RNDIS_STATUS_NOT_SUPPORTED}: openvmm's answer to an OID it does not know. */
    int STATUS_NOT_SUPPORTED = 0xC00000BB;
    /** {@code RNDIS_STATUS_MEDIA_CONNECT} (INDICATE_STATUS). */
    int STATUS_MEDIA_CONNECT = 0x4001000B;
    /** {@code RNDIS_STATUS_MEDIA_DISCONNECT} (INDICATE_STATUS). */
    int STATUS_MEDIA_DISCONNECT = 0x4001000C;

    /** @return the table row */
    RndisMessageType type();

    /** @return {@code msg_len}: header, fixed body and variable part */
    int encodedLength();

    /** Writes the body (and variable part) into {@code m}, which starts at the message header. */
    void writeBody(ByteBuffer m);

    /** Offset of {@code req_id} in every request and completion that has one. */
    int REQ_ID_OFFSET = 8;

    /**
     * INITIALIZE_MSG: {@code req_id @8, major_ver @12, minor_ver @16, max_xfer_size @20}.
     *
     * @param requestId       request id echoed by the completion
     * @param major           RNDIS major version (1)
     * @param minor           RNDIS minor version (0)
     * @param maxTransferSize largest message the guest accepts (Linux 0x4000)
     */
    record InitializeRequest(int requestId, int major, int minor, int maxTransferSize) implements RndisMessage {
        /** Offset of {@code major_ver}. */
        public static final int MAJOR_OFFSET = 12;
        /** Offset of {@code minor_ver}. */
        public static final int MINOR_OFFSET = 16;
        /** Offset of {@code max_xfer_size}. */
        public static final int MAX_XFER_OFFSET = 20;
        /** Linux {@code RNDIS_MAJOR_VERSION}. */
        public static final int MAJOR_VERSION = 1;
        /** Linux rndis_filter_init_device's {@code max_xfer_size}. */
        public static final int LINUX_MAX_XFER = 0x4000;

        /** @return Linux's request: version 1.0, max_xfer_size 0x4000 */
        public static InitializeRequest linux(int requestId) {
            return new InitializeRequest(requestId, MAJOR_VERSION, 0, LINUX_MAX_XFER);
        }

        static RndisDecodeResult decode(ByteBuffer m) {
            return ok(new InitializeRequest(m.getInt(REQ_ID_OFFSET), m.getInt(MAJOR_OFFSET), m.getInt(MINOR_OFFSET),
                    m.getInt(MAX_XFER_OFFSET)));
        }

        @Override
        public RndisMessageType type() {
            return RndisMessageType.INITIALIZE_MSG;
        }

        @Override
        public int encodedLength() {
            return type().minLength();
        }

        @Override
        public void writeBody(ByteBuffer m) {
            m.putInt(REQ_ID_OFFSET, requestId).putInt(MAJOR_OFFSET, major).putInt(MINOR_OFFSET, minor)
                    .putInt(MAX_XFER_OFFSET, maxTransferSize);
        }
    }

    /**
     * INITIALIZE_CMPLT: {@code req_id @8, status @12, major_ver @16, minor_ver @20, dev_flags @24, medium @28,
     * max_pkt_per_msg @32, max_xfer_size @36, pkt_alignment_factor @40, af_list_offset @44, af_list_size @48}.
     * The decoder requires medium 802.3 and an empty af_list (no call manager); Linux reads
     * max_pkt_per_msg and pkt_alignment_factor (a power-of-two shift below 32) for send batching.
     *
     * @param requestId            the request's id
     * @param status               RNDIS status
     * @param major                device's major version
     * @param minor                device's minor version
     * @param deviceFlags          {@code DF_CONNECTIONLESS} (1)
     * @param medium               {@code RNDIS_MEDIUM_802_3} (0)
     * @param maxPacketsPerMessage batching limit
     * @param maxTransferSize      largest message the device accepts
     * @param alignmentShift       pkt_alignment_factor: packets aligned to 1 &lt;&lt; shift
     */
    record InitializeComplete(int requestId, int status, int major, int minor, int deviceFlags, int medium,
                              int maxPacketsPerMessage, int maxTransferSize, int alignmentShift)
            implements RndisMessage {
        /** Offset of {@code status}. */
        public static final int STATUS_OFFSET = 12;
        /** Offset of {@code major_ver}. */
        public static final int MAJOR_OFFSET = 16;
        /** Offset of {@code minor_ver}. */
        public static final int MINOR_OFFSET = 20;
        /** Offset of {@code dev_flags}. */
        public static final int DEV_FLAGS_OFFSET = 24;
        /** Offset of {@code medium}. */
        public static final int MEDIUM_OFFSET = 28;
        /** Offset of {@code max_pkt_per_msg}. */
        public static final int MAX_PKT_OFFSET = 32;
        /** Offset of {@code max_xfer_size}. */
        public static final int MAX_XFER_OFFSET = 36;
        /** Offset of {@code pkt_alignment_factor}. */
        public static final int ALIGNMENT_OFFSET = 40;
        /** Offset of {@code af_list_offset}. */
        public static final int AF_LIST_OFFSET_OFFSET = 44;
        /** Offset of {@code af_list_size}. */
        public static final int AF_LIST_SIZE_OFFSET = 48;
        /** {@code RNDIS_DF_CONNECTIONLESS}. */
        public static final int DF_CONNECTIONLESS = 1;
        /** {@code RNDIS_MEDIUM_802_3}. */
        public static final int MEDIUM_802_3 = 0;
        /** Alignment shifts at or above this would overflow a u32 shift. */
        public static final int MAX_ALIGNMENT_SHIFT = 31;

        static RndisDecodeResult decode(ByteBuffer m) {
            RndisMessageType t = RndisMessageType.INITIALIZE_CMPLT;
            int medium = m.getInt(MEDIUM_OFFSET);
            if (medium != MEDIUM_802_3) {
                return new RndisDecodeError.InvalidField(t, "medium", u32(medium), "medium=0 (802.3)");
            }
            int shift = m.getInt(ALIGNMENT_OFFSET);
            if (Integer.compareUnsigned(shift, MAX_ALIGNMENT_SHIFT) > 0) {
                return new RndisDecodeError.InvalidField(t, "pkt_alignment_factor", u32(shift),
                        "pkt_alignment_factor<=" + MAX_ALIGNMENT_SHIFT);
            }
            int afSize = m.getInt(AF_LIST_SIZE_OFFSET);
            if (afSize != 0) {
                return new RndisDecodeError.InvalidField(t, "af_list_size", u32(afSize), "af_list_size=0");
            }
            return ok(new InitializeComplete(m.getInt(REQ_ID_OFFSET), m.getInt(STATUS_OFFSET), m.getInt(MAJOR_OFFSET),
                    m.getInt(MINOR_OFFSET), m.getInt(DEV_FLAGS_OFFSET), medium, m.getInt(MAX_PKT_OFFSET),
                    m.getInt(MAX_XFER_OFFSET), shift));
        }

        @Override
        public RndisMessageType type() {
            return RndisMessageType.INITIALIZE_CMPLT;
        }

        @Override
        public int encodedLength() {
            return type().minLength();
        }

        @Override
        public void writeBody(ByteBuffer m) {
            m.putInt(REQ_ID_OFFSET, requestId).putInt(STATUS_OFFSET, status).putInt(MAJOR_OFFSET, major)
                    .putInt(MINOR_OFFSET, minor).putInt(DEV_FLAGS_OFFSET, deviceFlags).putInt(MEDIUM_OFFSET, medium)
                    .putInt(MAX_PKT_OFFSET, maxPacketsPerMessage).putInt(MAX_XFER_OFFSET, maxTransferSize)
                    .putInt(ALIGNMENT_OFFSET, alignmentShift).putInt(AF_LIST_OFFSET_OFFSET, 0)
                    .putInt(AF_LIST_SIZE_OFFSET, 0);
        }
    }

    /**
     * QUERY_MSG: {@code req_id @8, oid @12, info_buflen @16, info_buf_offset @20, dev_vc_handle @24}; the info
     * buffer at body offset {@code info_buf_offset} (Linux: 20, right after the struct).
     *
     * @param requestId request id
     * @param oid       the u32 OID
     * @param info      input buffer (empty for the OIDs netvsc queries at bring-up)
     */
    record QueryRequest(int requestId, int oid, byte[] info) implements RndisMessage {
        /** Copies the buffer. */
        public QueryRequest {
            info = info.clone();
        }

        static RndisDecodeResult decode(ByteBuffer m, int msgLen) {
            return OidArea.decode(RndisMessageType.QUERY_MSG, m, msgLen, (id, oid, info) ->
                    new QueryRequest(id, oid, info));
        }

        @Override
        public byte[] info() {
            return info.clone();
        }

        @Override
        public RndisMessageType type() {
            return RndisMessageType.QUERY_MSG;
        }

        @Override
        public int encodedLength() {
            return type().minLength() + info.length;
        }

        @Override
        public void writeBody(ByteBuffer m) {
            OidArea.write(m, requestId, oid, info, type());
        }
    }

    /**
     * SET_MSG: the layout of {@link QueryRequest}; the info buffer carries the value.
     *
     * @param requestId request id
     * @param oid       the u32 OID
     * @param info      the value
     */
    record SetRequest(int requestId, int oid, byte[] info) implements RndisMessage {
        /** Copies the buffer. */
        public SetRequest {
            info = info.clone();
        }

        /** @return a set of a u32 value (OID_GEN_CURRENT_PACKET_FILTER) */
        public static SetRequest ofU32(int requestId, RndisOid oid, int value) {
            return new SetRequest(requestId, oid.number(), ByteBuffer.allocate(4)
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0, value).array());
        }

        static RndisDecodeResult decode(ByteBuffer m, int msgLen) {
            return OidArea.decode(RndisMessageType.SET_MSG, m, msgLen, (id, oid, info) ->
                    new SetRequest(id, oid, info));
        }

        @Override
        public byte[] info() {
            return info.clone();
        }

        @Override
        public RndisMessageType type() {
            return RndisMessageType.SET_MSG;
        }

        @Override
        public int encodedLength() {
            return type().minLength() + info.length;
        }

        @Override
        public void writeBody(ByteBuffer m) {
            OidArea.write(m, requestId, oid, info, type());
        }
    }

    /**
     * QUERY_CMPLT: {@code req_id @8, status @12, info_buflen @16, info_buf_offset @20}; the value at body offset
     * {@code info_buf_offset} (16 when written here, as openvmm does).
     *
     * @param requestId the request's id
     * @param status    RNDIS status
     * @param info      the value
     */
    record QueryComplete(int requestId, int status, byte[] info) implements RndisMessage {
        /** Offset of {@code status}. */
        public static final int STATUS_OFFSET = 12;
        /** Offset of {@code info_buflen}. */
        public static final int INFO_LEN_OFFSET = 16;
        /** Offset of {@code info_buf_offset}. */
        public static final int INFO_OFFSET_OFFSET = 20;

        /** Copies the buffer. */
        public QueryComplete {
            info = info.clone();
        }

        static RndisDecodeResult decode(ByteBuffer m, int msgLen) {
            RndisMessageType t = RndisMessageType.QUERY_CMPLT;
            byte[][] info = new byte[1][];
            RndisDecodeError e = RndisCodec.area(t, "info_buf_offset", m, INFO_OFFSET_OFFSET, INFO_LEN_OFFSET, msgLen,
                    info);
            return e != null ? e : ok(new QueryComplete(m.getInt(REQ_ID_OFFSET), m.getInt(STATUS_OFFSET), info[0]));
        }

        @Override
        public byte[] info() {
            return info.clone();
        }

        @Override
        public RndisMessageType type() {
            return RndisMessageType.QUERY_CMPLT;
        }

        @Override
        public int encodedLength() {
            return type().minLength() + info.length;
        }

        @Override
        public void writeBody(ByteBuffer m) {
            m.putInt(REQ_ID_OFFSET, requestId).putInt(STATUS_OFFSET, status).putInt(INFO_LEN_OFFSET, info.length)
                    .putInt(INFO_OFFSET_OFFSET, type().bodyLength()).put(type().minLength(), info);
        }
    }

    /**
     * SET_CMPLT: {@code req_id @8, status @12}.
     *
     * @param requestId the request's id
     * @param status    RNDIS status
     */
    record SetComplete(int requestId, int status) implements RndisMessage {
        /** Offset of {@code status}. */
        public static final int STATUS_OFFSET = 12;

        static RndisDecodeResult decode(ByteBuffer m) {
            return ok(new SetComplete(m.getInt(REQ_ID_OFFSET), m.getInt(STATUS_OFFSET)));
        }

        @Override
        public RndisMessageType type() {
            return RndisMessageType.SET_CMPLT;
        }

        @Override
        public int encodedLength() {
            return type().minLength();
        }

        @Override
        public void writeBody(ByteBuffer m) {
            m.putInt(REQ_ID_OFFSET, requestId).putInt(STATUS_OFFSET, status);
        }
    }

    /**
     * HALT_MSG: {@code req_id @8}; no completion.
     *
     * @param requestId request id
     */
    record HaltRequest(int requestId) implements RndisMessage {
        static RndisDecodeResult decode(ByteBuffer m) {
            return ok(new HaltRequest(m.getInt(REQ_ID_OFFSET)));
        }

        @Override
        public RndisMessageType type() {
            return RndisMessageType.HALT_MSG;
        }

        @Override
        public int encodedLength() {
            return type().minLength();
        }

        @Override
        public void writeBody(ByteBuffer m) {
            m.putInt(REQ_ID_OFFSET, requestId);
        }
    }

    /**
     * INDICATE_STATUS_MSG: {@code status @8, status_buflen @12, status_buf_offset @16}; the buffer at body offset
     * {@code status_buf_offset}.
     *
     * @param status the indication ({@link #STATUS_MEDIA_CONNECT}, ...)
     * @param buffer its payload
     */
    record IndicateStatus(int status, byte[] buffer) implements RndisMessage {
        /** Offset of {@code status}. */
        public static final int STATUS_OFFSET = 8;
        /** Offset of {@code status_buflen}. */
        public static final int BUF_LEN_OFFSET = 12;
        /** Offset of {@code status_buf_offset}. */
        public static final int BUF_OFFSET_OFFSET = 16;

        /** Copies the buffer. */
        public IndicateStatus {
            buffer = buffer.clone();
        }

        static RndisDecodeResult decode(ByteBuffer m, int msgLen) {
            byte[][] buf = new byte[1][];
            RndisDecodeError e = RndisCodec.area(RndisMessageType.INDICATE_STATUS_MSG, "status_buf_offset", m,
                    BUF_OFFSET_OFFSET, BUF_LEN_OFFSET, msgLen, buf);
            return e != null ? e : ok(new IndicateStatus(m.getInt(STATUS_OFFSET), buf[0]));
        }

        @Override
        public byte[] buffer() {
            return buffer.clone();
        }

        @Override
        public RndisMessageType type() {
            return RndisMessageType.INDICATE_STATUS_MSG;
        }

        @Override
        public int encodedLength() {
            return type().minLength() + buffer.length;
        }

        @Override
        public void writeBody(ByteBuffer m) {
            m.putInt(STATUS_OFFSET, status).putInt(BUF_LEN_OFFSET, buffer.length)
                    .putInt(BUF_OFFSET_OFFSET, type().bodyLength()).put(type().minLength(), buffer);
        }
    }

    /**
     * PACKET_MSG: {@code struct rndis_packet} = {@code data_offset @8, data_len @12, oob_data_offset @16,
     * oob_data_len @20, num_oob_data_elements @24, per_pkt_info_offset @28, per_pkt_info_len @32, vc_handle @36,
     * reserved @40}, then the per-packet-info area, then the frame. Written as Linux netvsc_xmit does:
     * {@code per_pkt_info_offset = 36}, {@code data_offset = 36 + per_pkt_info_len}, no OOB data.
     *
     * @param ppis the per-packet infos, in order
     * @param data the Ethernet frame
     */
    record Packet(List<PerPacketInfo> ppis, byte[] data) implements RndisMessage {
        /** Offset of {@code data_offset}. */
        public static final int DATA_OFFSET_OFFSET = 8;
        /** Offset of {@code data_len}. */
        public static final int DATA_LEN_OFFSET = 12;
        /** Offset of {@code oob_data_offset}. */
        public static final int OOB_OFFSET_OFFSET = 16;
        /** Offset of {@code oob_data_len}. */
        public static final int OOB_LEN_OFFSET = 20;
        /** Offset of {@code num_oob_data_elements}. */
        public static final int NUM_OOB_OFFSET = 24;
        /** Offset of {@code per_pkt_info_offset}. */
        public static final int PPI_OFFSET_OFFSET = 28;
        /** Offset of {@code per_pkt_info_len}. */
        public static final int PPI_LEN_OFFSET = 32;
        /** Offset of {@code vc_handle}. */
        public static final int VC_HANDLE_OFFSET = 36;
        /** {@code sizeof(struct rndis_packet)}. */
        public static final int STRUCT_LENGTH = 36;

        /** Copies the list and the frame. */
        public Packet {
            ppis = List.copyOf(ppis);
            data = data.clone();
        }

        /** @return a packet with no per-packet info */
        public static Packet of(byte[] frame) {
            return new Packet(List.of(), frame);
        }

        /** @return bytes of the per-packet-info area */
        public int ppiLength() {
            int n = 0;
            for (PerPacketInfo p : ppis) {
                n += p.encodedLength();
            }
            return n;
        }

        static RndisDecodeResult decode(ByteBuffer m, int msgLen) {
            RndisMessageType t = RndisMessageType.PACKET_MSG;
            byte[][] data = new byte[1][];
            RndisDecodeError e = RndisCodec.area(t, "data_offset", m, DATA_OFFSET_OFFSET, DATA_LEN_OFFSET, msgLen,
                    data);
            if (e != null) {
                return e;
            }
            if (data[0].length == 0) {
                return new RndisDecodeError.InvalidField(t, "data_len", 0, "data_len>0");
            }
            byte[][] oob = new byte[1][];
            e = RndisCodec.area(t, "oob_data_offset", m, OOB_OFFSET_OFFSET, OOB_LEN_OFFSET, msgLen, oob);
            if (e != null) {
                return e;
            }
            byte[][] ppiArea = new byte[1][];
            e = RndisCodec.area(t, "per_pkt_info_offset", m, PPI_OFFSET_OFFSET, PPI_LEN_OFFSET, msgLen, ppiArea);
            if (e != null) {
                return e;
            }
            List<PerPacketInfo> ppis = new ArrayList<>();
            e = PerPacketInfo.decodeAll(ppiArea[0], ppis);
            return e != null ? e : ok(new Packet(ppis, data[0]));
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        /** @return the frame length without copying it */
        public int dataLength() {
            return data.length;
        }

        @Override
        public RndisMessageType type() {
            return RndisMessageType.PACKET_MSG;
        }

        @Override
        public int encodedLength() {
            return type().minLength() + ppiLength() + data.length;
        }

        @Override
        public void writeBody(ByteBuffer m) {
            int ppiLen = ppiLength();
            m.putInt(DATA_OFFSET_OFFSET, STRUCT_LENGTH + ppiLen).putInt(DATA_LEN_OFFSET, data.length)
                    .putInt(OOB_OFFSET_OFFSET, 0).putInt(OOB_LEN_OFFSET, 0).putInt(NUM_OOB_OFFSET, 0)
                    .putInt(PPI_OFFSET_OFFSET, STRUCT_LENGTH).putInt(PPI_LEN_OFFSET, ppiLen)
                    .putInt(VC_HANDLE_OFFSET, 0).putInt(VC_HANDLE_OFFSET + 4, 0);
            int at = type().minLength();
            for (PerPacketInfo p : ppis) {
                p.write(m, at);
                at += p.encodedLength();
            }
            m.put(at, data);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Packet p && ppis.equals(p.ppis) && Arrays.equals(data, p.data);
        }

        @Override
        public int hashCode() {
            return 31 * ppis.hashCode() + Arrays.hashCode(data);
        }
    }

    private static RndisDecodeResult ok(RndisMessage m) {
        return new RndisDecodeResult.Decoded(m);
    }

    private static long u32(int v) {
        return Integer.toUnsignedLong(v);
    }
}
