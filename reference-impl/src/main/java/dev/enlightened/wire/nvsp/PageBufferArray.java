package dev.enlightened.wire.nvsp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The descriptor extension of netvsc's GPA-direct send ({@code VM_PKT_DATA_USING_GPA_DIRECT}, Linux
 * {@code vmbus_sendpacket_pagebuffer}, {@code struct vmbus_channel_packet_page_buffer} after its descriptor):
 * {@code u32 reserved @0, u32 rangecount @4}, then {@code struct hv_page_buffer {u32 len; u32 offset; u64 pfn}}
 * per page at {@code 8 + 16 i}. Used for frames that do not fit a send-buffer section.
 *
 * @param pages the page buffers, at least one
 */
public record PageBufferArray(List<PageBuffer> pages) {
    /** Offset of {@code rangecount}. */
    public static final int RANGE_COUNT_OFFSET = 4;
    /** Offset of {@code range[0]}. */
    public static final int RANGES_OFFSET = 8;
    /** {@code sizeof(struct hv_page_buffer)}. */
    public static final int PAGE_BUFFER_LENGTH = 16;
    /** {@code HV_HYP_PAGE_SIZE}. */
    public static final int PAGE_SIZE = 4096;
    /** Linux {@code MAX_PAGE_BUFFER_COUNT}: the most page buffers one packet may carry. */
    public static final int MAX_PAGE_BUFFERS = 32;

    /**
     * One {@code struct hv_page_buffer}: {@code len} bytes at {@code offset} into page {@code pfn}.
     *
     * @param len    u32, 1..4096 - offset
     * @param offset u32, below 4096
     * @param pfn    the guest page frame number
     */
    public record PageBuffer(int len, int offset, long pfn) {
    }

    /** Copies the list. */
    public PageBufferArray {
        pages = List.copyOf(pages);
        NvspCodec.requireRange("rangecount", pages.size(), 1, MAX_PAGE_BUFFERS);
    }

    /** @return total bytes described */
    public long totalLength() {
        long n = 0;
        for (PageBuffer p : pages) {
            n += Integer.toUnsignedLong(p.len());
        }
        return n;
    }

    /** @return the extension bytes */
    public byte[] encode() {
        byte[] b = new byte[RANGES_OFFSET + PAGE_BUFFER_LENGTH * pages.size()];
        ByteBuffer m = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        m.putInt(RANGE_COUNT_OFFSET, pages.size());
        for (int i = 0; i < pages.size(); i++) {
            int at = RANGES_OFFSET + PAGE_BUFFER_LENGTH * i;
            m.putInt(at, pages.get(i).len()).putInt(at + 4, pages.get(i).offset()).putLong(at + 8, pages.get(i).pfn());
        }
        return b;
    }

    /**
     * Decodes and checks: 1..32 page buffers that fit the extension, each inside its page and not empty.
     *
     * @param why receives the reason (key=value) when the result is null
     * @return the array, or null
     */
    public static PageBufferArray decode(byte[] ext, String[] why) {
        if (ext.length < RANGES_OFFSET) {
            why[0] = "page buffer extension too short: length=" + ext.length;
            return null;
        }
        ByteBuffer m = ByteBuffer.wrap(ext).order(ByteOrder.LITTLE_ENDIAN);
        long count = Integer.toUnsignedLong(m.getInt(RANGE_COUNT_OFFSET));
        if (count < 1 || count > MAX_PAGE_BUFFERS || RANGES_OFFSET + PAGE_BUFFER_LENGTH * count > ext.length) {
            why[0] = "bad rangecount: rangecount=" + count + " extension_length=" + ext.length;
            return null;
        }
        List<PageBuffer> pages = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            int at = RANGES_OFFSET + PAGE_BUFFER_LENGTH * i;
            long len = Integer.toUnsignedLong(m.getInt(at));
            long off = Integer.toUnsignedLong(m.getInt(at + 4));
            if (off >= PAGE_SIZE || len == 0 || len > PAGE_SIZE - off) {
                why[0] = "page buffer outside its page: index=" + i + " len=" + len + " offset=" + off;
                return null;
            }
            pages.add(new PageBuffer((int) len, (int) off, m.getLong(at + 8)));
        }
        return new PageBufferArray(pages);
    }
}
