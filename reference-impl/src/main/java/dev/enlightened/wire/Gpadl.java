package dev.enlightened.wire;

import java.util.List;

/**
 * A GPADL the host has received completely.
 *
 * @param childRelid the channel named in its GPADL_HEADER
 * @param gpadl      its handle
 * @param ranges     its ranges, validated
 */
public record Gpadl(int childRelid, int gpadl, List<GpaRange> ranges) {
    /** Copies the ranges. */
    public Gpadl {
        ranges = List.copyOf(ranges);
    }

    /** @return pages in all ranges */
    public int pageCount() {
        return ranges.stream().mapToInt(r -> r.pfns().size()).sum();
    }
}
