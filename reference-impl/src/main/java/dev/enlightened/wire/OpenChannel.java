package dev.enlightened.wire;

import java.nio.ByteBuffer;

/**
 * Guest opens a channel ({@code struct vmbus_channel_open_channel}, 148 bytes; openvmm {@code OpenChannel2},
 * 156 bytes, when 6.0 feature flags allow guest-specified signal parameters or interrupt redirection).
 *
 * <pre>
 *   8 u32 child_relid   12 u32 openid   16 u32 ringbuffer_gpadlhandle   20 u32 target_vp
 *  24 u32 downstream_ringbuffer_pageoffset   28 userdata[120]   148 end of V1
 * 148 u32 connection_id   152 u16 event_flag   154 u16 flags   156 end of V2
 * </pre>
 *
 * @param childRelid           the channel, valid
 * @param openId               {@code openid}; Linux uses the relid
 * @param ringBufferGpadl      GPADL handle of the send + receive rings
 * @param targetVp             VP that receives the channel's interrupts (honoured from Win8)
 * @param downstreamPageOffset page offset of the host-to-guest ring inside the GPADL
 * @param userData             device-specific open parameters
 * @param form                 which layout is on the wire
 * @param connectionId         V2 only, else 0: guest-chosen connection id
 * @param eventFlag            V2 only, else 0 (u16): guest-chosen event flag
 * @param flags                V2 only, else 0 (u16): bit 0 {@code REDIRECT_INTERRUPT}
 */
public record OpenChannel(int childRelid, int openId, int ringBufferGpadl, int targetVp, int downstreamPageOffset,
        UserData userData, Form form, int connectionId, int eventFlag, int flags) implements ChannelMessage {

    /** Offset of {@code u32 child_relid}. */
    public static final int CHILD_RELID_OFFSET = 8;
    /** Offset of {@code u32 openid}. */
    public static final int OPENID_OFFSET = 12;
    /** Offset of {@code u32 ringbuffer_gpadlhandle}. */
    public static final int RINGBUFFER_GPADLHANDLE_OFFSET = 16;
    /** Offset of {@code u32 target_vp}. */
    public static final int TARGET_VP_OFFSET = 20;
    /** Offset of {@code u32 downstream_ringbuffer_pageoffset}. */
    public static final int DOWNSTREAM_RINGBUFFER_PAGEOFFSET_OFFSET = 24;
    /** Offset of {@code unsigned char userdata[MAX_USER_DEFINED_BYTES]}. */
    public static final int USERDATA_OFFSET = 28;
    /** Offset of openvmm {@code OpenChannel2.connection_id}. */
    public static final int CONNECTION_ID_OFFSET = 148;
    /** Offset of openvmm {@code OpenChannel2.event_flag} (u16). */
    public static final int EVENT_FLAG_OFFSET = 152;
    /** Offset of openvmm {@code OpenChannel2.flags} (u16). */
    public static final int FLAGS_OFFSET = 154;

    /** The two layouts, told apart by length. */
    public enum Form {
        /** {@code sizeof(struct vmbus_channel_open_channel)}. */
        V1(148),
        /** openvmm {@code OpenChannel2}. */
        V2(156);

        private final int length;

        Form(int length) {
            this.length = length;
        }

        /** @return the encoded size of this layout */
        public int length() {
            return length;
        }
    }

    /** @throws IllegalArgumentException if the relid is invalid or a V2 field is set in a V1 message */
    public OpenChannel {
        Fields.requireRelid("child_relid", childRelid);
        Fields.requireNonNull("userdata", userData);
        Fields.requireNonNull("form", form);
        boolean v2 = form == Form.V2;
        Fields.requireZeroUnlessExtended("connection_id", connectionId, v2);
        Fields.requireZeroUnlessExtended("event_flag", eventFlag, v2);
        Fields.requireZeroUnlessExtended("flags", flags, v2);
        Fields.requireRange("event_flag", eventFlag, 0, Fields.U16_MAX);
        Fields.requireRange("flags", flags, 0, Fields.U16_MAX);
    }

    /**
     * The 148-byte message Linux {@code __vmbus_open} sends.
     *
     * @param childRelid           the channel
     * @param openId               {@code openid}
     * @param ringBufferGpadl      GPADL of the rings
     * @param targetVp             interrupt VP
     * @param downstreamPageOffset host-to-guest ring offset in pages
     * @param userData             open parameters
     * @return the V1 message
     */
    public static OpenChannel of(int childRelid, int openId, int ringBufferGpadl, int targetVp,
            int downstreamPageOffset, UserData userData) {
        return new OpenChannel(childRelid, openId, ringBufferGpadl, targetVp, downstreamPageOffset, userData,
                Form.V1, 0, 0, 0);
    }

    static DecodeResult decode(ByteBuffer m) {
        int relid = m.getInt(CHILD_RELID_OFFSET);
        DecodeError e = Fields.checkRelid(MessageType.OPENCHANNEL, "child_relid", relid);
        if (e != null) {
            return e;
        }
        boolean v2 = m.limit() >= Form.V2.length();
        return new DecodeResult.Decoded(new OpenChannel(relid, m.getInt(OPENID_OFFSET),
                m.getInt(RINGBUFFER_GPADLHANDLE_OFFSET), m.getInt(TARGET_VP_OFFSET),
                m.getInt(DOWNSTREAM_RINGBUFFER_PAGEOFFSET_OFFSET), UserData.read(m, USERDATA_OFFSET),
                v2 ? Form.V2 : Form.V1, v2 ? m.getInt(CONNECTION_ID_OFFSET) : 0,
                v2 ? Short.toUnsignedInt(m.getShort(EVENT_FLAG_OFFSET)) : 0,
                v2 ? Short.toUnsignedInt(m.getShort(FLAGS_OFFSET)) : 0));
    }

    @Override
    public MessageType type() {
        return MessageType.OPENCHANNEL;
    }

    @Override
    public int encodedLength() {
        return form.length();
    }

    @Override
    public void writeBody(ByteBuffer message) {
        message.putInt(CHILD_RELID_OFFSET, childRelid);
        message.putInt(OPENID_OFFSET, openId);
        message.putInt(RINGBUFFER_GPADLHANDLE_OFFSET, ringBufferGpadl);
        message.putInt(TARGET_VP_OFFSET, targetVp);
        message.putInt(DOWNSTREAM_RINGBUFFER_PAGEOFFSET_OFFSET, downstreamPageOffset);
        userData.write(message, USERDATA_OFFSET);
        if (form == Form.V2) {
            message.putInt(CONNECTION_ID_OFFSET, connectionId);
            message.putShort(EVENT_FLAG_OFFSET, (short) eventFlag);
            message.putShort(FLAGS_OFFSET, (short) flags);
        }
    }
}
