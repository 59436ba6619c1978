package dev.enlightened.ring;

/**
 * Layout of the ring's control page and data area: Linux {@code struct hv_ring_buffer} (include/linux/hyperv.h),
 * openvmm {@code vmbus_ring::Control}.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  write_index (producer only)                  |  0
 *  +---------------------------------------------------------------+
 *  |                  read_index (consumer only)                   |  4
 *  +---------------------------------------------------------------+
 *  |          interrupt_mask (consumer: 1 = do not signal)         |  8
 *  +---------------------------------------------------------------+
 *  |      pending_send_sz (producer: bytes it waits for, 0)        | 12
 *  +---------------------------------------------------------------+
 *  |                       reserved1[12]                          ...| 16
 *  +---------------------------------------------------------------+
 *  |         feature_bits (bit 0: feat_pending_send_sz)            | 64
 *  +---------------------------------------------------------------+
 *  |                   reserved2, to 4096 bytes                   ...| 68
 *  +---------------------------------------------------------------+
 *  |              data[], indices are offsets into it             ...| 4096
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * All fields are little-endian u32. Indices are byte offsets into the data area, 8-aligned, below its length.
 * Empty is {@code write_index == read_index}; a writer never fills the ring completely (§2.3), so a packet needs
 * strictly more free bytes than its length plus trailer.
 */
public final class RingDescriptor {

    /** {@code u32 write_index}, written by the producer only. */
    public static final int WRITE_INDEX_OFFSET = 0;
    /** {@code u32 read_index}, written by the consumer only. */
    public static final int READ_INDEX_OFFSET = 4;
    /** {@code u32 interrupt_mask}, written by the consumer: non-zero asks the producer not to signal. */
    public static final int INTERRUPT_MASK_OFFSET = 8;
    /** {@code u32 pending_send_sz}, written by a blocked producer: the free bytes it waits for, 0 when not blocked. */
    public static final int PENDING_SEND_SZ_OFFSET = 12;
    /** {@code u32 feature_bits}, following {@code u32 reserved1[12]}. */
    public static final int FEATURE_BITS_OFFSET = 64;
    /** Bit of {@code feature_bits}: the consumer honours {@code pending_send_sz} ({@code feat_pending_send_sz}). */
    public static final int FEAT_PENDING_SEND_SZ = 1;
    /** Length of the control page: Hyper-V uses the first 4 KiB of the header page. */
    public static final int CONTROL_PAGE_LENGTH = 4096;
    /** Offset of {@code data[]} from the start of the ring. */
    public static final int DATA_OFFSET = CONTROL_PAGE_LENGTH;
    /** Every packet starts and ends on this boundary (indices are multiples of 8). */
    public static final int ALIGNMENT = 8;
    /**
     * Smallest data area we accept: one empty packet (descriptor and trailer) plus the byte that keeps the ring from
     * filling up, rounded to the alignment. Linux uses whole pages; tiny rings serve models and traces.
     */
    public static final int MIN_DATA_LENGTH = 4 * ALIGNMENT;

    private RingDescriptor() {
    }

    /**
     * Validates the total length of a ring (control page plus data area) chosen by its creator.
     *
     * @return the data length
     * @throws IllegalArgumentException naming the offending value if it is not a valid ring
     */
    public static int checkRingLength(long ringLength) {
        long dataLength = ringLength - DATA_OFFSET;
        if (dataLength < MIN_DATA_LENGTH || dataLength % ALIGNMENT != 0 || ringLength > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("ring length must be " + DATA_OFFSET + " + a multiple of "
                    + ALIGNMENT + " >= " + MIN_DATA_LENGTH + ": ring_length=" + ringLength);
        }
        return (int) dataLength;
    }

    /**
     * Validates an index read from shared memory (openvmm {@code validate}: below the data length, 8-aligned).
     *
     * @return null if valid, else the reason with the offending value, for a {@code Corrupt} error
     */
    public static String checkIndex(String field, int index, int dataLength) {
        if (index < 0 || index >= dataLength) {
            return field + " out of range: " + field + "=" + Integer.toUnsignedString(index)
                    + " data_size=" + dataLength;
        }
        if (index % ALIGNMENT != 0) {
            return field + " unaligned: " + field + "=" + index + " alignment=" + ALIGNMENT;
        }
        return null;
    }

    /** Free bytes for the producer, Linux {@code hv_get_bytes_to_write}: never 0, a full ring still has 8 or more. */
    public static int bytesToWrite(int writeIndex, int readIndex, int dataLength) {
        return writeIndex >= readIndex ? dataLength - (writeIndex - readIndex) : readIndex - writeIndex;
    }

    /** Bytes written but not yet consumed, Linux {@code hv_get_bytes_to_read}. */
    public static int bytesToRead(int writeIndex, int readIndex, int dataLength) {
        return dataLength - bytesToWrite(writeIndex, readIndex, dataLength);
    }

    /** The index {@code length} bytes after {@code index}, wrapping at the end of the data area. */
    public static int advance(int index, int length, int dataLength) {
        int next = index + length;
        return next >= dataLength ? next - dataLength : next;
    }

    /** Rounds a length up to the packet alignment. */
    public static int align(int length) {
        return (length + ALIGNMENT - 1) & -ALIGNMENT;
    }
}
