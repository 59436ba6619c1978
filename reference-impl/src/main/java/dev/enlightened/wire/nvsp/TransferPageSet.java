package dev.enlightened.wire.nvsp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The descriptor extension of a {@code VM_PKT_DATA_USING_XFER_PAGES} packet (type 7), Linux
 * {@code struct vmtransfer_page_packet_header} after its {@code vmpacket_descriptor}: the receive path's way of
 * saying "the data is in the receive buffer you gave me, at these ranges". Offsets count from the end of the
 * 16-byte descriptor:
 *
 * <pre>
 *  +-----------------------+-----------+-----------+
 *  | u16 xfer_pageset_id   | u8 owns   | u8 rsvd   |  0   (Linux NETVSC_RECEIVE_BUFFER_ID 0xCAFE)
 *  +-----------------------+-----------+-----------+
 *  |                 u32 range_cnt                 |  4
 *  +-----------------------------------------------+
 *  |  ranges[i]: u32 byte_count, u32 byte_offset   |  8 + 8 i   (offsets into the receive buffer)
 *  +-----------------------------------------------+
 * </pre>
 *
 * The NVSP SEND_RNDIS_PKT message follows as the packet's payload; each range is one RNDIS PACKET_MSG.
 *
 * @param pageSetId  {@code xfer_pageset_id}, the id the guest gave SEND_RECV_BUF
 * @param senderOwns {@code sender_owns_set}
 * @param ranges     the ranges, at least one
 */
public record TransferPageSet(int pageSetId, boolean senderOwns, List<Range> ranges) implements TransferPageDecode {
    /** {@code VM_PKT_DATA_USING_XFER_PAGES}. */
    public static final int PACKET_TYPE = 7;
    /** Offset of {@code xfer_pageset_id}. */
    public static final int PAGESET_ID_OFFSET = 0;
    /** Offset of {@code sender_owns_set}. */
    public static final int SENDER_OWNS_OFFSET = 2;
    /** Offset of {@code range_cnt}. */
    public static final int RANGE_COUNT_OFFSET = 4;
    /** Offset of {@code ranges[0]}. */
    public static final int RANGES_OFFSET = 8;
    /** {@code sizeof(struct vmtransfer_page_range)}. */
    public static final int RANGE_LENGTH = 8;

    /**
     * One {@code struct vmtransfer_page_range}.
     *
     * @param byteCount  {@code byte_count}, u32
     * @param byteOffset {@code byte_offset}, u32, into the receive buffer
     */
    public record Range(int byteCount, int byteOffset) {
    }

    /** Copies the ranges. */
    public TransferPageSet {
        ranges = List.copyOf(ranges);
        NvspCodec.requireU16("xfer_pageset_id", pageSetId);
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("range_cnt out of range: range_cnt=0 min=1");
        }
    }

    /** @return the extension bytes (a multiple of 8, so offset8 stays whole) */
    public byte[] encode() {
        byte[] b = new byte[RANGES_OFFSET + RANGE_LENGTH * ranges.size()];
        ByteBuffer m = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        m.putShort(PAGESET_ID_OFFSET, (short) pageSetId).put(SENDER_OWNS_OFFSET, (byte) (senderOwns ? 1 : 0))
                .putInt(RANGE_COUNT_OFFSET, ranges.size());
        for (int i = 0; i < ranges.size(); i++) {
            m.putInt(RANGES_OFFSET + RANGE_LENGTH * i, ranges.get(i).byteCount())
                    .putInt(RANGES_OFFSET + RANGE_LENGTH * i + 4, ranges.get(i).byteOffset());
        }
        return b;
    }

    /**
     * Validates the extension as Linux {@code netvsc_receive} does: the header fits {@code offset8}, the page set
     * is the one the guest registered, {@code NETVSC_XFER_HEADER_SIZE(range_cnt) <= offset8 * 8}, and each range
     * lies inside the receive buffer ({@code offset <= size && count <= size - offset}, as unsigned). Work is
     * bounded by the extension's length (at most one step per 8 bytes).
     *
     * @param ext           the bytes between the descriptor and the payload
     * @param expectedSetId the id the guest sent with SEND_RECV_BUF
     * @param recvBufSize   the receive buffer's size in bytes
     * @return the set, or the first rule broken
     */
    public static TransferPageDecode decode(byte[] ext, int expectedSetId, long recvBufSize) {
        if (ext.length < RANGES_OFFSET) {
            return new TransferPageError("offset8", ext.length + 16L, "offset8*8>=24");
        }
        ByteBuffer m = ByteBuffer.wrap(ext).order(ByteOrder.LITTLE_ENDIAN);
        int id = Short.toUnsignedInt(m.getShort(PAGESET_ID_OFFSET));
        if (id != expectedSetId) {
            return new TransferPageError("xfer_pageset_id", id, "xfer_pageset_id=" + expectedSetId);
        }
        long count = Integer.toUnsignedLong(m.getInt(RANGE_COUNT_OFFSET));
        if (count == 0 || RANGES_OFFSET + RANGE_LENGTH * count > ext.length) {
            return new TransferPageError("range_cnt", count, "1<=range_cnt and 8+8*range_cnt<="
                    + ext.length);
        }
        List<Range> ranges = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            long len = Integer.toUnsignedLong(m.getInt(RANGES_OFFSET + RANGE_LENGTH * i));
            long off = Integer.toUnsignedLong(m.getInt(RANGES_OFFSET + RANGE_LENGTH * i + 4));
            if (off > recvBufSize || len > recvBufSize - off || len == 0) {
                return new TransferPageError("ranges[" + i + "]", off, "0<byte_count<=recv_buf_size-byte_offset"
                        + " (byte_count=" + len + " recv_buf_size=" + recvBufSize + ")");
            }
            ranges.add(new Range((int) len, (int) off));
        }
        return new TransferPageSet(id, m.get(SENDER_OWNS_OFFSET) != 0, ranges);
    }
}
