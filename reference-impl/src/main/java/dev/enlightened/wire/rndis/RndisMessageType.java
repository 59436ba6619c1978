package dev.enlightened.wire.rndis;

import static dev.enlightened.wire.Direction.GUEST_TO_HOST;
import static dev.enlightened.wire.Direction.HOST_TO_GUEST;

import dev.enlightened.wire.Direction;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The table of RNDIS messages this codec knows (Linux {@code include/linux/rndis.h} {@code RNDIS_MSG_*}, openvmm
 * {@code rndisprot.rs} {@code MESSAGE_TYPE_*}): number, wire name, record class, direction ({@code null}: both
 * ways) and the fixed length (header plus the fixed body struct). A completion's number is its request's with
 * bit 31 set. Quirks are commented on their row.
 */
public enum RndisMessageType {
    /** Both ways: guest TX and host RX. {@code struct rndis_packet} is 36 bytes; data and PPIs follow it. */
    PACKET_MSG(0x00000001, "RNDIS_MSG_PACKET", RndisMessage.Packet.class, null, 36),
    /** {@code struct rndis_initialize_request}; Linux sends version 1.0 and max_xfer_size 0x4000. */
    INITIALIZE_MSG(0x00000002, "RNDIS_MSG_INIT", RndisMessage.InitializeRequest.class, GUEST_TO_HOST, 16),
    /** {@code struct rndis_halt_request}: no completion (Linux rndis_filter_halt_device waits for nothing). */
    HALT_MSG(0x00000003, "RNDIS_MSG_HALT", RndisMessage.HaltRequest.class, GUEST_TO_HOST, 4),
    /** {@code struct rndis_query_request}; the info buffer (usually empty) follows at info_buf_offset. */
    QUERY_MSG(0x00000004, "RNDIS_MSG_QUERY", RndisMessage.QueryRequest.class, GUEST_TO_HOST, 20),
    /** {@code struct rndis_set_request}: same layout as the query. */
    SET_MSG(0x00000005, "RNDIS_MSG_SET", RndisMessage.SetRequest.class, GUEST_TO_HOST, 20),
    /** {@code struct rndis_indicate_status}: unsolicited (media connect/disconnect, link speed). */
    INDICATE_STATUS_MSG(0x00000007, "RNDIS_MSG_INDICATE", RndisMessage.IndicateStatus.class, HOST_TO_GUEST, 12),
    /** {@code struct rndis_initialize_complete}: 11 u32s; af_list is for call managers only (must be empty). */
    INITIALIZE_CMPLT(0x80000002, "RNDIS_MSG_INIT_C", RndisMessage.InitializeComplete.class, HOST_TO_GUEST, 44),
    /** {@code struct rndis_query_complete}; openvmm puts the info buffer right after it (offset 16). */
    QUERY_CMPLT(0x80000004, "RNDIS_MSG_QUERY_C", RndisMessage.QueryComplete.class, HOST_TO_GUEST, 16),
    /** {@code struct rndis_set_complete}. */
    SET_CMPLT(0x80000005, "RNDIS_MSG_SET_C", RndisMessage.SetComplete.class, HOST_TO_GUEST, 8);

    /** {@code RNDIS_HEADER_SIZE}: {@code u32 ndis_msg_type, u32 msg_len}. */
    public static final int HEADER_LENGTH = 8;
    /** Offset of {@code ndis_msg_type}. */
    public static final int MSG_TYPE_OFFSET = 0;
    /** Offset of {@code msg_len}: the whole message, header included. */
    public static final int MSG_LEN_OFFSET = 4;
    /** Offset of the body (the union {@code msg}); body-relative offsets in the messages count from here. */
    public static final int BODY_OFFSET = HEADER_LENGTH;
    /** Bit set in a completion's number. */
    public static final int COMPLETION_BIT = 0x80000000;

    private final int number;
    private final String wireName;
    private final Class<? extends RndisMessage> recordClass;
    private final Direction direction;
    private final int bodyLength;

    RndisMessageType(int number, String wireName, Class<? extends RndisMessage> recordClass, Direction direction,
                     int bodyLength) {
        this.number = number;
        this.wireName = wireName;
        this.recordClass = recordClass;
        this.direction = direction;
        this.bodyLength = bodyLength;
    }

    /** @return the u32 {@code ndis_msg_type} */
    public int number() {
        return number;
    }

    /** @return the Linux macro name */
    public String wireName() {
        return wireName;
    }

    /** @return the record this row decodes to */
    public Class<? extends RndisMessage> recordClass() {
        return recordClass;
    }

    /** @return the direction it travels, or empty if both */
    public Optional<Direction> direction() {
        return Optional.ofNullable(direction);
    }

    /** @return bytes of the fixed body struct */
    public int bodyLength() {
        return bodyLength;
    }

    /** @return header plus fixed body: the least msg_len accepted */
    public int minLength() {
        return HEADER_LENGTH + bodyLength;
    }

    /** @return true if a message of this type may travel in direction {@code d} */
    public boolean travels(Direction d) {
        return direction == null || direction == d;
    }

    RndisDecodeResult decodeBody(ByteBuffer m, int msgLen) {
        return switch (this) {
            case PACKET_MSG -> RndisMessage.Packet.decode(m, msgLen);
            case INITIALIZE_MSG -> RndisMessage.InitializeRequest.decode(m);
            case HALT_MSG -> RndisMessage.HaltRequest.decode(m);
            case QUERY_MSG -> RndisMessage.QueryRequest.decode(m, msgLen);
            case SET_MSG -> RndisMessage.SetRequest.decode(m, msgLen);
            case INDICATE_STATUS_MSG -> RndisMessage.IndicateStatus.decode(m, msgLen);
            case INITIALIZE_CMPLT -> RndisMessage.InitializeComplete.decode(m);
            case QUERY_CMPLT -> RndisMessage.QueryComplete.decode(m, msgLen);
            case SET_CMPLT -> RndisMessage.SetComplete.decode(m);
        };
    }

    /**
     * @param number   the u32 {@code ndis_msg_type}
     * @param arriving the direction it travelled
     * @return the row for that number and direction; empty if none
     */
    public static Optional<RndisMessageType> lookup(long number, Direction arriving) {
        for (RndisMessageType t : values()) {
            if (Integer.toUnsignedLong(t.number) == number && t.travels(arriving)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** @return true if some row has this number, in any direction */
    static boolean known(long number) {
        for (RndisMessageType t : values()) {
            if (Integer.toUnsignedLong(t.number) == number) {
                return true;
            }
        }
        return false;
    }
}
