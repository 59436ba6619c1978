package dev.enlightened.ring;

/**
 * Layout of one packet in the data area: Linux {@code struct vmpacket_descriptor} (include/linux/hyperv.h), the
 * payload, padding to 8 bytes and the trailer (openvmm {@code Footer}).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |           u16 type            |         u16 offset8           |  0
 *  +-------------------------------+-------------------------------+
 *  |           u16 len8            |          u16 flags            |  4
 *  +-------------------------------+-------------------------------+
 *  |                         u64 trans_id                          |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |        payload from offset8 * 8, zero padding to 8           ...| 16
 *  +---------------------------------------------------------------+
 *  |   trailer u64 = (u64) start index << 32, at len8 * 8         ...|
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * {@code len8 * 8} covers descriptor, payload and padding; the packet occupies {@code len8 * 8 + 8} ring bytes.
 */
public final class PacketDescriptor {

    /** {@code u16 type}, {@code enum vmbus_packet_type}. */
    public static final int TYPE_OFFSET = 0;
    /** {@code u16 offset8}: payload offset from the descriptor, in 8-byte units. */
    public static final int OFFSET8_OFFSET = 2;
    /** {@code u16 len8}: packet length including descriptor and padding, in 8-byte units. */
    public static final int LEN8_OFFSET = 4;
    /** {@code u16 flags}: bit 0 {@code VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED}. */
    public static final int FLAGS_OFFSET = 6;
    /** {@code u64 trans_id}. */
    public static final int TRANS_ID_OFFSET = 8;
    /** {@code sizeof(struct vmpacket_descriptor)}. */
    public static final int LENGTH = 16;
    /** The u64 after each packet holding its start index in the high half. */
    public static final int TRAILER_LENGTH = 8;
    /** Unit of {@code offset8} and {@code len8}. */
    public static final int UNIT = 8;
    /** Largest value of a u16 field. */
    public static final int U16_MAX = 0xFFFF;
    /** {@code VM_PKT_DATA_INBAND}. */
    public static final int TYPE_DATA_INBAND = 6;
    /** {@code VM_PKT_DATA_USING_GPA_DIRECT}: a descriptor extension ({@code vmbus_packet_mpb_array}) lists pages. */
    public static final int TYPE_DATA_USING_GPA_DIRECT = 9;
    /** {@code VM_PKT_COMP}. */
    public static final int TYPE_COMP = 11;
    /** {@code VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED}. */
    public static final int FLAG_COMPLETION_REQUESTED = 1;

    private PacketDescriptor() {
    }

    /** The first u64 of a descriptor, little-endian: type, offset8, len8, flags from low to high. */
    public static long firstWord(int type, int offset8, int len8, int flags) {
        return (type & 0xFFFFL) | (offset8 & 0xFFFFL) << 16 | (len8 & 0xFFFFL) << 32 | (flags & 0xFFFFL) << 48;
    }

    /** {@code type} from the first u64 of a descriptor. */
    public static int type(long firstWord) {
        return (int) (firstWord >>> (TYPE_OFFSET * Byte.SIZE)) & U16_MAX;
    }

    /** {@code offset8} from the first u64 of a descriptor. */
    public static int offset8(long firstWord) {
        return (int) (firstWord >>> (OFFSET8_OFFSET * Byte.SIZE)) & U16_MAX;
    }

    /** {@code len8} from the first u64 of a descriptor. */
    public static int len8(long firstWord) {
        return (int) (firstWord >>> (LEN8_OFFSET * Byte.SIZE)) & U16_MAX;
    }

    /** {@code flags} from the first u64 of a descriptor. */
    public static int flags(long firstWord) {
        return (int) (firstWord >>> (FLAGS_OFFSET * Byte.SIZE)) & U16_MAX;
    }

    /** The trailer value for a packet starting at {@code startIndex}: {@code (u64) start << 32}. */
    public static long trailer(int startIndex) {
        return (long) startIndex << 32;
    }

    /** Packet length (descriptor, payload, padding) for a payload of {@code payloadLength} bytes. */
    public static int packetLength(int payloadLength) {
        return LENGTH + RingDescriptor.align(payloadLength);
    }

    /**
     * Validates a descriptor read from a hostile ring.
     *
     * @param available bytes between the packet start and the producer's write index
     * @param dataLength length of the data area
     * @return null if the packet fits, else the reason with the offending values
     */
    public static String checkDescriptor(long firstWord, int available, int dataLength) {
        int len8 = len8(firstWord);
        int offset8 = offset8(firstWord);
        int length = len8 * UNIT;
        if (length < LENGTH) {
            return "len8 below descriptor size: len8=" + len8 + " min_len8=" + LENGTH / UNIT;
        }
        if (offset8 * UNIT < LENGTH || offset8 > len8) {
            return "offset8 inconsistent with len8: offset8=" + offset8 + " len8=" + len8;
        }
        if (length > maxPacketLength(dataLength)) {
            return "packet larger than the ring: len8=" + len8 + " max_len8=" + maxPacketLength(dataLength) / UNIT;
        }
        if (length + TRAILER_LENGTH > available) {
            return "packet beyond write_index: len8=" + len8 + " available=" + available;
        }
        return null;
    }

    /**
     * The refusal of a payload of {@code payloadLength} bytes that does not fit a packet of {@code packetLength}
     * bytes (descriptor included); built out of line, as the callers' checks are on every packet's path.
     */
    static IndexOutOfBoundsException longerThanPacket(int packetLength, int payloadLength) {
        return new IndexOutOfBoundsException("payload longer than the packet: packet_length=" + packetLength
                + " payload_length=" + payloadLength);
    }

    /**
     * Largest packet (descriptor, payload, padding) a ring can carry: the data length minus the trailer minus the
     * 8 bytes that keep a full ring distinct from an empty one (openvmm {@code maximum_packet_size}).
     */
    public static int maxPacketLength(int dataLength) {
        return Math.min(dataLength - TRAILER_LENGTH - RingDescriptor.ALIGNMENT, U16_MAX * UNIT);
    }
}
