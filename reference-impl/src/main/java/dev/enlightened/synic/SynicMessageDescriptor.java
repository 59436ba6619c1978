package dev.enlightened.synic;

import java.nio.ByteBuffer;

/**
 * Layout of one SynIC message slot, {@code struct hv_message} (Linux {@code include/hyperv/hvgdk_mini.h},
 * formerly {@code include/asm-generic/hyperv-tlfs.h}), and of the message page that holds one slot per SINT.
 *
 * <pre>
 *  0                   4            5             6            8                      16                   256
 *  +-------------------+------------+-------------+------------+----------------------+--------------------+
 *  | u32 message_type  | u8 payload | u8 message  | u8 reserved| u64 sender / port id | u64 payload[30]    |
 *  | HVMSG_NONE = empty| _size      | _flags      | [2]        |                      | (240 bytes)        |
 *  +-------------------+------------+-------------+------------+----------------------+--------------------+
 *                                    bit 0 = msg_pending
 * </pre>
 * The {@code payload_size}, {@code message_flags} and reserved bytes form one aligned u32 at offset 4, which
 * {@link SynicMessageSlot} accesses as a whole.
 */
public final class SynicMessageDescriptor {
    /** Offset of {@code u32 message_type}. */
    public static final int MESSAGE_TYPE_OFFSET = 0;
    /** Offset of {@code u8 payload_size}. */
    public static final int PAYLOAD_SIZE_OFFSET = 4;
    /** Offset of {@code union hv_message_flags message_flags}. */
    public static final int MESSAGE_FLAGS_OFFSET = 5;
    /** Offset of {@code u8 reserved[2]}. */
    public static final int RESERVED_OFFSET = 6;
    /** Offset of {@code u64 sender} (union with {@code hv_port_id port}). */
    public static final int SENDER_OFFSET = 8;
    /** Offset of {@code u64 payload[HV_MESSAGE_PAYLOAD_QWORD_COUNT]}. */
    public static final int PAYLOAD_OFFSET = 16;
    /** {@code HV_MESSAGE_PAYLOAD_BYTE_COUNT} = 30 qwords. */
    public static final int PAYLOAD_MAX = 240;
    /** {@code HV_MESSAGE_SIZE} = {@code sizeof(struct hv_message)}. */
    public static final int SLOT_LENGTH = 256;
    /** {@code HV_SYNIC_SINT_COUNT}. */
    public static final int SINT_COUNT = 16;
    /** {@code sizeof(struct hv_message_page)}: one slot per SINT, one 4 KiB page. */
    public static final int PAGE_LENGTH = SINT_COUNT * SLOT_LENGTH;
    /** {@code VMBUS_MESSAGE_SINT}: the SINT on which VMBus channel messages arrive. */
    public static final int VMBUS_MESSAGE_SINT = 2;
    /** {@code HVMSG_NONE}: the slot is empty. */
    public static final int HVMSG_NONE = 0;
    /** Message type of VMBus channel messages: Linux {@code vmbus_post_msg} passes 1 to {@code hv_post_message}. */
    public static final int VMBUS_MESSAGE_TYPE = 1;
    /** {@code message_flags.msg_pending}: another message waits; the guest must write the EOM MSR. */
    public static final int MSG_PENDING = 0x1;

    private SynicMessageDescriptor() {
    }

    /**
     * @param sint a SINT number
     * @return byte offset of its slot in the message page
     */
    public static int slotOffset(int sint) {
        return sint * SLOT_LENGTH;
    }

    /**
     * Checks that {@code page} can hold the slot of {@code sint} with atomic, aligned access.
     *
     * @param page a message page (or a buffer holding at least the slots up to {@code sint})
     * @param sint the SINT
     * @throws IllegalArgumentException naming the offending value, if it cannot
     */
    public static void checkSlot(ByteBuffer page, int sint) {
        if (sint < 0 || sint >= SINT_COUNT) {
            throw new IllegalArgumentException("no such SINT: sint=" + sint + " count=" + SINT_COUNT);
        }
        if (!page.isDirect()) {
            throw new IllegalArgumentException("message page must be a direct buffer: direct=false");
        }
        int end = slotOffset(sint) + SLOT_LENGTH;
        if (page.capacity() < end) {
            throw new IllegalArgumentException("message page too small: capacity=" + page.capacity()
                    + " needed=" + end);
        }
        int misalignment = page.alignmentOffset(slotOffset(sint), Long.BYTES);
        if (misalignment != 0) {
            throw new IllegalArgumentException("message slot not 8-byte aligned: sint=" + sint
                    + " misalignment=" + misalignment);
        }
    }

    /**
     * @param payloadSize a {@code payload_size} read from the slot
     * @return true if it fits the payload area; a larger value comes from a broken or hostile host
     */
    public static boolean isValidPayloadSize(int payloadSize) {
        return payloadSize >= 0 && payloadSize <= PAYLOAD_MAX;
    }
}
