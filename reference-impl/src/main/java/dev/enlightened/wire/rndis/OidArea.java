package dev.enlightened.wire.rndis;

import java.nio.ByteBuffer;

/**
 * The shared layout of QUERY_MSG and SET_MSG ({@code struct rndis_query_request}, {@code rndis_set_request}):
 * {@code req_id @8, oid @12, info_buflen @16, info_buf_offset @20, dev_vc_handle @24}.
 */
final class OidArea {
    /** Offset of {@code oid}. */
    static final int OID_OFFSET = 12;
    /** Offset of {@code info_buflen}. */
    static final int INFO_LEN_OFFSET = 16;
    /** Offset of {@code info_buf_offset}. */
    static final int INFO_OFFSET_OFFSET = 20;
    /** Offset of {@code dev_vc_handle} (0: connectionless). */
    static final int VC_HANDLE_OFFSET = 24;

    /** Builds the record from the decoded fields. */
    interface Factory {
        RndisMessage make(int requestId, int oid, byte[] info);
    }

    private OidArea() {
    }

    static RndisDecodeResult decode(RndisMessageType t, ByteBuffer m, int msgLen, Factory f) {
        byte[][] info = new byte[1][];
        RndisDecodeError e = RndisCodec.area(t, "info_buf_offset", m, INFO_OFFSET_OFFSET, INFO_LEN_OFFSET, msgLen,
                info);
        if (e != null) {
            return e;
        }
        return new RndisDecodeResult.Decoded(f.make(m.getInt(RndisMessage.REQ_ID_OFFSET), m.getInt(OID_OFFSET),
                info[0]));
    }

    /** Linux rndis_filter_query_device: the buffer right after the struct, info_buf_offset = sizeof = 20. */
    static void write(ByteBuffer m, int requestId, int oid, byte[] info, RndisMessageType t) {
        m.putInt(RndisMessage.REQ_ID_OFFSET, requestId).putInt(OID_OFFSET, oid).putInt(INFO_LEN_OFFSET, info.length)
                .putInt(INFO_OFFSET_OFFSET, t.bodyLength()).putInt(VC_HANDLE_OFFSET, 0).put(t.minLength(), info);
    }
}
