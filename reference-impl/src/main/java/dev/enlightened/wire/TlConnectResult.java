package dev.enlightened.wire;

import java.nio.ByteBuffer;

/**
 * Host reports a failed hv_sock connection ({@code struct vmbus_channel_tl_connect_result}, openvmm
 * {@code TlConnectResult}); Linux ignores it.
 *
 * <pre>
 *   8 guid endpoint_id   24 guid service_id   40 u32 status   44 end
 * </pre>
 *
 * @param endpointId {@code endpoint_id}
 * @param serviceId  {@code service_id}
 * @param status     NTSTATUS
 */
public record TlConnectResult(Guid endpointId, Guid serviceId, int status) implements ChannelMessage {
    /** Offset of {@code guid_t endpoint_id}. */
    public static final int ENDPOINT_ID_OFFSET = 8;
    /** Offset of {@code guid_t service_id}. */
    public static final int SERVICE_ID_OFFSET = 24;
    /** Offset of {@code u32 status}. */
    public static final int STATUS_OFFSET = 40;
    /** Encoded size. */
    public static final int LENGTH = 44;

    /** @throws IllegalArgumentException if a GUID is missing */
    public TlConnectResult {
        Fields.requireNonNull("endpoint_id", endpointId);
        Fields.requireNonNull("service_id", serviceId);
    }

    static DecodeResult decode(ByteBuffer m) {
        return new DecodeResult.Decoded(new TlConnectResult(Guid.read(m, ENDPOINT_ID_OFFSET),
                Guid.read(m, SERVICE_ID_OFFSET), m.getInt(STATUS_OFFSET)));
    }

    @Override
    public MessageType type() {
        return MessageType.TL_CONNECT_RESULT;
    }

    @Override
    public int encodedLength() {
        return LENGTH;
    }

    @Override
    public void writeBody(ByteBuffer message) {
        endpointId.write(message, ENDPOINT_ID_OFFSET);
        serviceId.write(message, SERVICE_ID_OFFSET);
        message.putInt(STATUS_OFFSET, status);
    }
}
