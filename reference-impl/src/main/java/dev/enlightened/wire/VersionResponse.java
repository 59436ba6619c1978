package dev.enlightened.wire;

import java.nio.ByteBuffer;

/**
 * Host answers INITIATE_CONTACT ({@code struct vmbus_channel_version_response}, 16 bytes; 20 bytes with 6.0
 * {@code supported_features}; 40 bytes when the host also chooses the monitor pages, openvmm
 * {@code server_specified_monitor_pages}).
 *
 * <pre>
 *   8 u8 version_supported (bool)   9 u8 connection_state   10 u16 padding   12 u32 msg_conn_id   16 end of V1
 *  16 u32 supported_features   20 end of V2
 *  20 u32 padding   24 u64 parent-to-child monitor page GPA   32 u64 child-to-parent monitor page GPA   40 end of V3
 * </pre>
 *
 * @param versionSupported    whether the host accepts the version requested
 * @param connectionState     0 successful, 1 failed (low resources), 2 failed (unknown failure)
 * @param messageConnectionId {@code msg_conn_id}: connection id for later guest messages (5.0+)
 * @param form                which layout is on the wire
 * @param supportedFeatures   V2 and V3, else 0: 6.0 feature flags
 * @param monitorPage1        V3 only, else 0: host-chosen parent-to-child monitor page
 * @param monitorPage2        V3 only, else 0: host-chosen child-to-parent monitor page
 */
public record VersionResponse(boolean versionSupported, int connectionState, int messageConnectionId, Form form,
        int supportedFeatures, long monitorPage1, long monitorPage2) implements ChannelMessage {

    /** Offset of {@code u8 version_supported}. */
    public static final int VERSION_SUPPORTED_OFFSET = 8;
    /** Offset of {@code u8 connection_state}. */
    public static final int CONNECTION_STATE_OFFSET = 9;
    /** Offset of {@code u16 padding}. */
    public static final int PADDING_OFFSET = 10;
    /** Offset of {@code u32 msg_conn_id}. */
    public static final int MSG_CONN_ID_OFFSET = 12;
    /** Offset of openvmm {@code VersionResponse2.supported_features}. */
    public static final int SUPPORTED_FEATURES_OFFSET = 16;
    /** Offset of the host-chosen parent-to-child monitor page (V3). */
    public static final int MONITOR_PAGE1_OFFSET = 24;
    /** Offset of the host-chosen child-to-parent monitor page (V3). */
    public static final int MONITOR_PAGE2_OFFSET = 32;

    /** openvmm {@code ConnectionState::SUCCESSFUL}. */
    public static final int CONNECTION_SUCCESSFUL = 0;
    /** openvmm {@code ConnectionState::FAILED_LOW_RESOURCES}. */
    public static final int CONNECTION_FAILED_LOW_RESOURCES = 1;
    /** openvmm {@code ConnectionState::FAILED_UNKNOWN_FAILURE}, the largest defined state. */
    public static final int CONNECTION_FAILED_UNKNOWN_FAILURE = 2;

    /** The three layouts, told apart by length (openvmm {@code check_size:true}). */
    public enum Form {
        /** {@code sizeof(struct vmbus_channel_version_response)}. */
        V1(16),
        /** openvmm {@code VersionResponse2}. */
        V2(20),
        /** With host-chosen monitor pages. */
        V3(40);

        private final int length;

        Form(int length) {
            this.length = length;
        }

        /** @return the encoded size of this layout */
        public int length() {
            return length;
        }
    }

    /** @throws IllegalArgumentException if the state is not a u8 or a field is set that its form lacks */
    public VersionResponse {
        Fields.requireNonNull("form", form);
        Fields.requireRange("connection_state", connectionState, 0, Fields.U8_MAX);
        Fields.requireZeroUnlessExtended("supported_features", supportedFeatures, form != Form.V1);
        Fields.requireZeroUnlessExtended("monitor_page1", monitorPage1, form == Form.V3);
        Fields.requireZeroUnlessExtended("monitor_page2", monitorPage2, form == Form.V3);
    }

    /**
     * @param versionSupported    accepted or not
     * @param messageConnectionId {@code msg_conn_id}
     * @return the 16-byte message a pre-6.0 host sends, connection state successful
     */
    public static VersionResponse of(boolean versionSupported, int messageConnectionId) {
        return new VersionResponse(versionSupported, CONNECTION_SUCCESSFUL, messageConnectionId, Form.V1, 0, 0, 0);
    }

    static DecodeResult decode(ByteBuffer m) {
        MessageType t = MessageType.VERSION_RESPONSE;
        // Linux vmbus_negotiate_version tests version_supported as a C truth value and never reads
        // connection_state; openvmm's client reads version_supported as non-zero too. So any u8 decodes: non-zero
        // is true, and connection_state is kept raw for the guest to judge (issue 12: stricter than both).
        int supported = Byte.toUnsignedInt(m.get(VERSION_SUPPORTED_OFFSET));
        int state = Byte.toUnsignedInt(m.get(CONNECTION_STATE_OFFSET));
        Form form = m.limit() >= Form.V3.length() ? Form.V3 : m.limit() >= Form.V2.length() ? Form.V2 : Form.V1;
        boolean v3 = form == Form.V3;
        return new DecodeResult.Decoded(new VersionResponse(supported != 0, state, m.getInt(MSG_CONN_ID_OFFSET),
                form, form == Form.V1 ? 0 : m.getInt(SUPPORTED_FEATURES_OFFSET),
                v3 ? m.getLong(MONITOR_PAGE1_OFFSET) : 0, v3 ? m.getLong(MONITOR_PAGE2_OFFSET) : 0));
    }

    @Override
    public MessageType type() {
        return MessageType.VERSION_RESPONSE;
    }

    @Override
    public int encodedLength() {
        return form.length();
    }

    @Override
    public void writeBody(ByteBuffer message) {
        message.put(VERSION_SUPPORTED_OFFSET, (byte) (versionSupported ? 1 : 0));
        message.put(CONNECTION_STATE_OFFSET, (byte) connectionState);
        message.putInt(MSG_CONN_ID_OFFSET, messageConnectionId);
        if (form != Form.V1) {
            message.putInt(SUPPORTED_FEATURES_OFFSET, supportedFeatures);
        }
        if (form == Form.V3) {
            message.putLong(MONITOR_PAGE1_OFFSET, monitorPage1);
            message.putLong(MONITOR_PAGE2_OFFSET, monitorPage2);
        }
    }
}
