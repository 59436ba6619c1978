package dev.enlightened.wire.vstor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The descriptor extension of a GPA_DIRECT packet with one multi-page range: Linux {@code struct
 * vmbus_packet_mpb_array} after its {@code vmpacket_descriptor} (vmbus-protocol digest §2.2), as
 * {@code storvsc_queuecommand} fills it (one range, PFNs of 4 KiB pages). Offsets below are from the packet start;
 * the extension starts at 16 and the payload (the vstor_packet) at {@code offset8 * 8} right after the PFNs.
 *
 * <pre>
 *  16 u32 reserved   20 u32 rangecount (1)   24 u32 range.len   28 u32 range.offset   32 u64 pfn_array[n]
 *  n = ceil((offset + len) / 4096)
 * </pre>
 *
 * @param length bytes of the buffer ({@code range.len})
 * @param offset offset of the buffer into its first page ({@code range.offset}, below 4096)
 * @param pfns   the pages
 */
public record VmbusMpbArray(int length, int offset, long[] pfns) {
    /** Offset of {@code reserved} in the packet. */
    public static final int RESERVED_OFFSET = 16;
    /** Offset of {@code rangecount}. */
    public static final int RANGE_COUNT_OFFSET = 20;
    /** Offset of {@code range.len}. */
    public static final int RANGE_LEN_OFFSET = 24;
    /** Offset of {@code range.offset}. */
    public static final int RANGE_OFFSET_OFFSET = 28;
    /** Offset of {@code range.pfn_array}. */
    public static final int PFN_ARRAY_OFFSET = 32;
    /** Where the extension starts: right after the 16-byte descriptor. */
    public static final int EXTENSION_START = 16;
    /** {@code HV_HYP_PAGE_SIZE}. */
    public static final int PAGE_SIZE = 4096;

    /** Copies the PFNs. */
    public VmbusMpbArray {
        pfns = pfns.clone();
    }

    /** @return the PFNs (a copy) */
    @Override
    public long[] pfns() {
        return pfns.clone();
    }

    /** @return pages a buffer of {@code length} bytes at {@code offset} spans ({@code HVPFN_UP(offset + len)}) */
    public static int pageCount(int offset, int length) {
        return (int) (((long) offset + length + PAGE_SIZE - 1) / PAGE_SIZE);
    }

    /** @return the extension bytes (from packet offset 16 up to the payload) */
    public byte[] encode() {
        byte[] ext = new byte[extensionLength(pfns.length)];
        encodeInto(ext, length, offset, pfns, pfns.length);
        return ext;
    }

    /** @return bytes of the extension of a range over {@code pages} pages */
    public static int extensionLength(int pages) {
        return PFN_ARRAY_OFFSET - EXTENSION_START + 8 * pages;
    }

    /**
     * Writes the extension of a range in place (the guest's I/O path: the caller's reused array, no record), the same
     * bytes as {@code new VmbusMpbArray(length, offset, pfns[0 .. pages)).encode()}.
     *
     * @param ext    exactly {@link #extensionLength(int) extensionLength(pages)} bytes
     * @param length {@code range.len}
     * @param offset {@code range.offset}
     * @param pfns   the pages, the first {@code pages} of them used
     * @param pages  how many
     * @throws IllegalArgumentException if {@code ext} is not that long
     */
    public static void encodeInto(byte[] ext, int length, int offset, long[] pfns, int pages) {
        if (ext.length != extensionLength(pages) || pages > pfns.length) {
            throw new IllegalArgumentException("extension does not fit the range: ext=" + ext.length + " pages="
                    + pages + " pfns=" + pfns.length);
        }
        encodeAt(ext, 0, length, offset, pfns, pages);
    }

    /**
     * As {@link #encodeInto(byte[], int, int, long[], int)} into {@code buf} from index {@code at} (the extension
     * then, in the same buffer, the packet's payload: one run for
     * {@link dev.enlightened.ring.RingProducer#tryCopyExtended}).
     *
     * @throws IllegalArgumentException if the extension does not fit {@code buf} from {@code at}
     */
    public static void encodeAt(byte[] buf, int at, int length, int offset, long[] pfns, int pages) {
        if (at < 0 || pages < 0 || pages > pfns.length || at > buf.length - extensionLength(pages)) {
            throw new IllegalArgumentException("extension does not fit the buffer: buffer=" + buf.length + " at="
                    + at + " pages=" + pages + " pfns=" + pfns.length);
        }
        ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(at, 0); // reserved
        b.putInt(at + RANGE_COUNT_OFFSET - EXTENSION_START, 1);
        b.putInt(at + RANGE_LEN_OFFSET - EXTENSION_START, length);
        b.putInt(at + RANGE_OFFSET_OFFSET - EXTENSION_START, offset);
        for (int i = 0; i < pages; i++) {
            b.putLong(at + PFN_ARRAY_OFFSET - EXTENSION_START + 8 * i, pfns[i]);
        }
    }

    /** @return how many PFNs the range lists */
    public int pageCount() {
        return pfns.length;
    }

    /** @return the {@code i}-th PFN (no copy of the array) */
    public long pfn(int i) {
        return pfns[i];
    }

    /**
     * Checks and decodes an extension from an untrusted peer.
     *
     * @param ext the bytes between descriptor and payload
     * @return the range, or null with the reason in {@code why[0]}
     */
    public static VmbusMpbArray decode(byte[] ext, String[] why) {
        return decode(ext, ext.length, why);
    }

    /**
     * As {@link #decode(byte[], String[])} for the first {@code length} bytes of {@code ext} (a reused buffer).
     *
     * @param ext    holds the extension from index 0
     * @param length the extension's length as received, at most {@code ext.length}
     * @param why    gets the reason when null is returned
     * @return the range, or null with the reason in {@code why[0]}
     */
    public static VmbusMpbArray decode(byte[] ext, int length, String[] why) {
        int head = PFN_ARRAY_OFFSET - EXTENSION_START;
        if (length < 0 || length > ext.length) {
            throw new IllegalArgumentException("extension length beyond its buffer: length=" + length + " buffer="
                    + ext.length);
        }
        if (length < head) {
            why[0] = "GPA_DIRECT extension too short: length=" + length + " minimum=" + head;
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(ext).order(ByteOrder.LITTLE_ENDIAN);
        int ranges = b.getInt(RANGE_COUNT_OFFSET - EXTENSION_START);
        long len = Integer.toUnsignedLong(b.getInt(RANGE_LEN_OFFSET - EXTENSION_START));
        long off = Integer.toUnsignedLong(b.getInt(RANGE_OFFSET_OFFSET - EXTENSION_START));
        if (ranges != 1 || off >= PAGE_SIZE || len > Integer.MAX_VALUE - PAGE_SIZE) {
            why[0] = "unsupported GPA range: rangecount=" + Integer.toUnsignedLong(ranges) + " offset=" + off
                    + " len=" + len;
            return null;
        }
        int n = pageCount((int) off, (int) len);
        if (length < head + 8L * n) {
            why[0] = "GPA range lists too few pfns: pfns=" + (length - head) / 8 + " needed=" + n;
            return null;
        }
        long[] pfns = new long[n];
        for (int i = 0; i < n; i++) {
            pfns[i] = b.getLong(head + 8 * i);
        }
        return new VmbusMpbArray((int) len, (int) off, pfns);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VmbusMpbArray m && length == m.length && offset == m.offset
                && java.util.Arrays.equals(pfns, m.pfns);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(pfns) * 31 + length;
    }

    @Override
    public String toString() {
        return "VmbusMpbArray[len=" + length + ", offset=" + offset + ", pfns=" + java.util.Arrays.toString(pfns)
                + "]";
    }
}
