package dev.enlightened.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code struct gpa_range { u32 byte_count; u32 byte_offset; u64 pfn_array[]; }} of a GPADL: a buffer of
 * {@code byte_count} bytes starting {@code byte_offset} bytes into the first of its pages. On the wire the two
 * u32s form one little-endian u64 ({@code byte_count} in the low half), followed by the PFNs.
 *
 * @param byteCount  {@code byte_count}, u32, not 0
 * @param byteOffset {@code byte_offset}, below the page size
 * @param pfns       exactly {@link #pageCount(int, int)} page frame numbers
 */
public record GpaRange(int byteCount, int byteOffset, List<Long> pfns) {
    /** Size of the {@code byte_count, byte_offset} pair. */
    public static final int HEADER_LENGTH = 8;
    /** Size of one PFN. */
    public static final int PFN_LENGTH = 8;

    /** @throws IllegalArgumentException if the PFN count does not match the byte range */
    public GpaRange {
        pfns = List.copyOf(Fields.requireNonNull("pfn_array", pfns));
        String problem = problem(byteCount, byteOffset, pfns.size());
        if (problem != null) {
            throw new IllegalArgumentException("invalid gpa_range: " + problem);
        }
    }

    /**
     * A page-aligned buffer as Linux {@code create_gpadl_header} describes it: {@code byte_offset = 0},
     * {@code byte_count = pages * 4096}.
     *
     * @param pfns the pages, at least one
     * @return the range
     */
    public static GpaRange ofPages(List<Long> pfns) {
        long bytes = (long) pfns.size() * ChannelMessageHeader.HV_PAGE_SIZE;
        Fields.requireRange("byte_count", bytes, ChannelMessageHeader.HV_PAGE_SIZE, 0xFFFF_FFFFL);
        return new GpaRange((int) bytes, 0, pfns);
    }

    /**
     * @param byteCount  u32 byte count
     * @param byteOffset u32 offset into the first page
     * @return pages spanned: {@code ceil((byte_offset + byte_count) / 4096)}
     */
    public static long pageCount(int byteCount, int byteOffset) {
        long end = Integer.toUnsignedLong(byteOffset) + Integer.toUnsignedLong(byteCount);
        return (end + ChannelMessageHeader.HV_PAGE_SIZE - 1) / ChannelMessageHeader.HV_PAGE_SIZE;
    }

    /** @return bytes this range takes in the GPADL range buffer */
    public int encodedLength() {
        return HEADER_LENGTH + PFN_LENGTH * pfns.size();
    }

    private static String problem(int byteCount, int byteOffset, int pfnCount) {
        if (byteCount == 0) {
            return "field=byte_count value=0 rule=byte_count>0";
        }
        if (Integer.toUnsignedLong(byteOffset) >= ChannelMessageHeader.HV_PAGE_SIZE) {
            return "field=byte_offset value=" + Integer.toUnsignedLong(byteOffset) + " rule=byte_offset<4096";
        }
        long pages = pageCount(byteCount, byteOffset);
        if (pages != pfnCount) {
            return "field=pfn_count value=" + pfnCount + " rule=pfn_count==" + pages;
        }
        return null;
    }

    /** The u64 stream of ranges: header word, then PFNs, range after range. */
    static List<Long> flatten(List<GpaRange> ranges) {
        List<Long> values = new ArrayList<>();
        for (GpaRange r : ranges) {
            values.add((Integer.toUnsignedLong(r.byteOffset) << 32) | Integer.toUnsignedLong(r.byteCount));
            values.addAll(r.pfns);
        }
        return values;
    }

    /** Result of {@link #parse}: the ranges, or the broken rule as field, value and rule. */
    record Parsed(List<GpaRange> ranges, String field, long value, String rule) {
        boolean ok() {
            return ranges != null;
        }

        boolean isLengthRule() {
            return !field.equals("byte_count") && !field.equals("byte_offset");
        }

        String describe() {
            return "field=" + field + " value=" + value + " rule=" + rule;
        }
    }

    /**
     * Splits a complete u64 stream into {@code rangeCount} ranges that must fill it exactly. Never throws.
     */
    static Parsed parse(List<Long> values, int rangeCount) {
        List<GpaRange> ranges = new ArrayList<>(rangeCount);
        int i = 0;
        for (int r = 0; r < rangeCount; r++) {
            if (i >= values.size()) {
                return new Parsed(null, "rangecount", rangeCount, "ranges fit in range_buflen");
            }
            long header = values.get(i++);
            int count = (int) header;
            int offset = (int) (header >>> 32);
            if (count == 0) {
                return new Parsed(null, "byte_count", 0, "byte_count>0");
            }
            if (Integer.toUnsignedLong(offset) >= ChannelMessageHeader.HV_PAGE_SIZE) {
                return new Parsed(null, "byte_offset", Integer.toUnsignedLong(offset), "byte_offset<4096");
            }
            long pages = pageCount(count, offset);
            if (pages > values.size() - i) {
                return new Parsed(null, "pfn_count", pages, "pfns of range " + r + " fit in range_buflen");
            }
            ranges.add(new GpaRange(count, offset, values.subList(i, i + (int) pages)));
            i += (int) pages;
        }
        if (i != values.size()) {
            return new Parsed(null, "range_buflen", 8L * values.size(), "ranges fill range_buflen exactly, used="
                    + 8L * i);
        }
        return new Parsed(List.copyOf(ranges), null, 0, null);
    }
}
