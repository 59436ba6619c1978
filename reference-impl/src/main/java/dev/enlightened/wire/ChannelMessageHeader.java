package dev.enlightened.wire;

/**
 * Layout of {@code struct vmbus_channel_message_header} and the limits every channel message shares.
 *
 * <pre>
 *  0               4               8
 *  +---------------+---------------+----------------------------
 *  | u32 msgtype   | u32 padding   | message body ...  (&lt;= 240 bytes in all)
 *  +---------------+---------------+----------------------------
 * </pre>
 * Field offsets of every message are absolute from the start of this header (vmbus-protocol digest §1.1).
 */
public final class ChannelMessageHeader {
    /** Offset of {@code u32 msgtype}. */
    public static final int MSGTYPE_OFFSET = 0;
    /** Offset of {@code u32 padding}; ignored on decode (Linux and openvmm never read it), zero on encode. */
    public static final int PADDING_OFFSET = 4;
    /** {@code sizeof(struct vmbus_channel_message_header)}. */
    public static final int LENGTH = 8;
    /** {@code MAX_SIZE_CHANNEL_MESSAGE = HV_MESSAGE_PAYLOAD_BYTE_COUNT}: a message fills at most one SynIC payload. */
    public static final int MAX_LENGTH = 240;
    /** {@code INVALID_RELID} (Linux {@code include/linux/hyperv.h}): never a valid child relid. */
    public static final int INVALID_RELID = 0xFFFF_FFFF;
    /** Hyper-V page size ({@code HV_HYP_PAGE_SIZE}); GPADL PFNs count pages of this size. */
    public static final int HV_PAGE_SIZE = 4096;

    private ChannelMessageHeader() {
    }

    /**
     * Whether a child relid may name a channel: relids start at 1 (relid 0 is skipped by Linux
     * {@code vmbus_chan_sched}) and {@link #INVALID_RELID} is reserved.
     *
     * @param relid the u32 relid
     * @return true if {@code relid} is neither 0 nor {@link #INVALID_RELID}
     */
    public static boolean isValidRelid(int relid) {
        return relid != 0 && relid != INVALID_RELID;
    }
}
