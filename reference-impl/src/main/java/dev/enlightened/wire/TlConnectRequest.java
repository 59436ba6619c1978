package dev.enlightened.wire;

import java.nio.ByteBuffer;

/**
 * Guest asks for an hv_sock connection ({@code struct vmbus_channel_tl_connect_request}, 40 bytes; 56 bytes with
 * {@code silo_id} from 5.2). Fire-and-forget: the host answers with an offer flagged TLNPI_PROVIDER.
 *
 * <pre>
 *   8 guid guest_endpoint_id   24 guid host_service_id   40 end of V1   40 guid silo_id   56 end of V2
 * </pre>
 *
 * @param guestEndpointId {@code guest_endpoint_id}
 * @param hostServiceId   {@code host_service_id}
 * @param form            which layout is on the wire
 * @param siloId          V2 only, else {@link Guid#NIL}
 */
public record TlConnectRequest(Guid guestEndpointId, Guid hostServiceId, Form form, Guid siloId)
        implements ChannelMessage {

    /** Offset of {@code guid_t guest_endpoint_id}. */
    public static final int GUEST_ENDPOINT_ID_OFFSET = 8;
    /** Offset of {@code guid_t host_service_id}. */
    public static final int HOST_SERVICE_ID_OFFSET = 24;
    /** Offset of {@code guid_t silo_id} (5.2+). */
    public static final int SILO_ID_OFFSET = 40;

    /** The two layouts; some clients send V1 even on newer protocols, so length decides (openvmm). */
    public enum Form {
        /** Before 5.2. */
        V1(40),
        /** 5.2 and newer, with {@code silo_id}. */
        V2(56);

        private final int length;

        Form(int length) {
            this.length = length;
        }

        /** @return the encoded size of this layout */
        public int length() {
            return length;
        }
    }

    /** @throws IllegalArgumentException if a silo id is given in a V1 message */
    public TlConnectRequest {
        Fields.requireNonNull("guest_endpoint_id", guestEndpointId);
        Fields.requireNonNull("host_service_id", hostServiceId);
        Fields.requireNonNull("form", form);
        Fields.requireNonNull("silo_id", siloId);
        if (form == Form.V1 && !siloId.equals(Guid.NIL)) {
            throw new IllegalArgumentException("field needs the extended form: field=silo_id value=" + siloId);
        }
    }

    static DecodeResult decode(ByteBuffer m) {
        boolean v2 = m.limit() >= Form.V2.length();
        return new DecodeResult.Decoded(new TlConnectRequest(Guid.read(m, GUEST_ENDPOINT_ID_OFFSET),
                Guid.read(m, HOST_SERVICE_ID_OFFSET), v2 ? Form.V2 : Form.V1,
                v2 ? Guid.read(m, SILO_ID_OFFSET) : Guid.NIL));
    }

    @Override
    public MessageType type() {
        return MessageType.TL_CONNECT_REQUEST;
    }

    @Override
    public int encodedLength() {
        return form.length();
    }

    @Override
    public void writeBody(ByteBuffer message) {
        guestEndpointId.write(message, GUEST_ENDPOINT_ID_OFFSET);
        hostServiceId.write(message, HOST_SERVICE_ID_OFFSET);
        if (form == Form.V2) {
            siloId.write(message, SILO_ID_OFFSET);
        }
    }
}
