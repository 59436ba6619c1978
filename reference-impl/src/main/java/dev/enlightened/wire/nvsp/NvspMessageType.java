package dev.enlightened.wire.nvsp;

import static dev.enlightened.wire.Direction.GUEST_TO_HOST;
import static dev.enlightened.wire.Direction.HOST_TO_GUEST;

import dev.enlightened.wire.Direction;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.Function;

/**
 * The table of NVSP messages this codec knows (Linux {@code enum nvsp_message_type}, openvmm
 * {@code protocol::MESSAGE*_TYPE_*}): number, wire name, record class, direction ({@code null}: both ways), the
 * version that introduced it and the body length after the 4-byte header. Quirks are commented on their row.
 */
public enum NvspMessageType {
    /** Linux sends min = max = the candidate version; it is the only message valid before negotiation. */
    INIT(1, "NVSP_MSG_TYPE_INIT", NvspMessage.Init.class, GUEST_TO_HOST, NvspVersion.V1, 8,
            NvspMessage.Init::decode),
    /** {@code negotiated} is deprecated (Win6 wrote 2 there); only {@code status} decides. */
    INIT_COMPLETE(2, "NVSP_MSG_TYPE_INIT_COMPLETE", NvspMessage.InitComplete.class, HOST_TO_GUEST, NvspVersion.V1,
            12, NvspMessage.InitComplete::decode),
    /** No completion: Linux sends it without COMPLETION_REQUESTED. */
    SEND_NDIS_VER(100, "NVSP_MSG1_TYPE_SEND_NDIS_VER", NvspMessage.SendNdisVersion.class, GUEST_TO_HOST,
            NvspVersion.V1, 8, NvspMessage.SendNdisVersion::decode),
    /** gpadl_handle u32, id u16 (Linux 0xCAFE), u16 reserved. */
    SEND_RECV_BUF(101, "NVSP_MSG1_TYPE_SEND_RECV_BUF", NvspMessage.SendReceiveBuffer.class, GUEST_TO_HOST,
            NvspVersion.V1, 8, NvspMessage.SendReceiveBuffer::decode),
    /** One section only: Linux rejects num_sections != 1 or a section offset != 0 ({@code netvsc_init_buf}). */
    SEND_RECV_BUF_COMPLETE(102, "NVSP_MSG1_TYPE_SEND_RECV_BUF_COMPLETE", NvspMessage.SendReceiveBufferComplete.class,
            HOST_TO_GUEST, NvspVersion.V1, 24, NvspMessage.SendReceiveBufferComplete::decode),
    /** gpadl_handle u32, id u16 (Linux 0), u16 reserved. */
    SEND_SEND_BUF(104, "NVSP_MSG1_TYPE_SEND_SEND_BUF", NvspMessage.SendSendBuffer.class, GUEST_TO_HOST,
            NvspVersion.V1, 8, NvspMessage.SendSendBuffer::decode),
    /** The host chooses the section size; the guest derives the section count from it. */
    SEND_SEND_BUF_COMPLETE(105, "NVSP_MSG1_TYPE_SEND_SEND_BUF_COMPLETE", NvspMessage.SendSendBufferComplete.class,
            HOST_TO_GUEST, NvspVersion.V1, 8, NvspMessage.SendSendBufferComplete::decode),
    /** Both ways: guest TX and host RX (the latter in an XFER_PAGES packet). */
    SEND_RNDIS_PKT(107, "NVSP_MSG1_TYPE_SEND_RNDIS_PKT", NvspMessage.SendRndisPacket.class, null, NvspVersion.V1,
            12, NvspMessage.SendRndisPacket::decode),
    /** Both ways: each side completes the other's RNDIS packets. */
    SEND_RNDIS_PKT_COMPLETE(108, "NVSP_MSG1_TYPE_SEND_RNDIS_PKT_COMPLETE", NvspMessage.SendRndisPacketComplete.class,
            null, NvspVersion.V1, 4, NvspMessage.SendRndisPacketComplete::decode),
    /** Sent by Linux right after INIT_COMPLETE for V2+, without completion. */
    SEND_NDIS_CONFIG(125, "NVSP_MSG2_TYPE_SEND_NDIS_CONFIG", NvspMessage.SendNdisConfig.class, GUEST_TO_HOST,
            NvspVersion.V2, 16, NvspMessage.SendNdisConfig::decode),
    /** Same number as the completion: the direction tells them apart. */
    SUBCHANNEL_REQUEST(133, "NVSP_MSG5_TYPE_SUBCHANNEL", NvspMessage.SubchannelRequest.class, GUEST_TO_HOST,
            NvspVersion.V5, 8, NvspMessage.SubchannelRequest::decode),
    /** The count is the host's grant m, which may be below the request (Linux 732e49850c5e). */
    SUBCHANNEL_COMPLETE(133, "NVSP_MSG5_TYPE_SUBCHANNEL", NvspMessage.SubchannelComplete.class, HOST_TO_GUEST,
            NvspVersion.V5, 8, NvspMessage.SubchannelComplete::decode);

    /** Size of {@code struct nvsp_message_header} ({@code u32 msg_type}). */
    public static final int HEADER_LENGTH = 4;
    /** Offset of the first body field. */
    public static final int BODY_OFFSET = HEADER_LENGTH;

    private final int number;
    private final String wireName;
    private final Class<? extends NvspMessage> recordClass;
    private final Direction direction;
    private final NvspVersion since;
    private final int bodyLength;
    private final Function<ByteBuffer, NvspDecodeResult> decoder;

    NvspMessageType(int number, String wireName, Class<? extends NvspMessage> recordClass, Direction direction,
                    NvspVersion since, int bodyLength, Function<ByteBuffer, NvspDecodeResult> decoder) {
        this.number = number;
        this.wireName = wireName;
        this.recordClass = recordClass;
        this.direction = direction;
        this.since = since;
        this.bodyLength = bodyLength;
        this.decoder = decoder;
    }

    /** @return the u32 {@code msg_type} */
    public int number() {
        return number;
    }

    /** @return the Linux enumerator name */
    public String wireName() {
        return wireName;
    }

    /** @return the record this row decodes to */
    public Class<? extends NvspMessage> recordClass() {
        return recordClass;
    }

    /** @return the direction it travels, or empty if both */
    public Optional<Direction> direction() {
        return Optional.ofNullable(direction);
    }

    /** @return the protocol version that introduced it */
    public NvspVersion since() {
        return since;
    }

    /** @return body bytes after the header */
    public int bodyLength() {
        return bodyLength;
    }

    /** @return header plus body: the shortest form accepted (openvmm writes exactly this) */
    public int minLength() {
        return HEADER_LENGTH + bodyLength;
    }

    NvspDecodeResult decodeBody(ByteBuffer message) {
        return decoder.apply(message);
    }

    /** @return true if a message of this type may travel in direction {@code d} */
    public boolean travels(Direction d) {
        return direction == null || direction == d;
    }

    /**
     * @param number   the u32 {@code msg_type}
     * @param arriving the direction it travelled
     * @return the row for that number and direction; empty if none
     */
    public static Optional<NvspMessageType> lookup(long number, Direction arriving) {
        for (NvspMessageType t : values()) {
            if (t.number == number && t.travels(arriving)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** @return true if some row has this number, in any direction */
    static boolean known(long number) {
        for (NvspMessageType t : values()) {
            if (t.number == number) {
                return true;
            }
        }
        return false;
    }
}
