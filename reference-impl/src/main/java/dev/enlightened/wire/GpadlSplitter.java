package dev.enlightened.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * Guest side of GPADL establishment (Linux {@code create_gpadl_header}): lays the ranges out as one u64 stream,
 * puts the first 27 u64s (one range: its header word and 26 PFNs) in the GPADL_HEADER and the rest in GPADL_BODY
 * messages of 28 u64s each, sent back-to-back after the header.
 */
public final class GpadlSplitter {

    private GpadlSplitter() {
    }

    /**
     * The messages of one GPADL, in sending order.
     *
     * @param header the GPADL_HEADER
     * @param bodies the GPADL_BODY messages, possibly none
     */
    public record GpadlMessages(GpadlHeader header, List<GpadlBody> bodies) {
        /** Copies the bodies. */
        public GpadlMessages {
            bodies = List.copyOf(bodies);
        }

        /** @return header then bodies */
        public List<ChannelMessage> inOrder() {
            List<ChannelMessage> all = new ArrayList<>(1 + bodies.size());
            all.add(header);
            all.addAll(bodies);
            return all;
        }
    }

    /**
     * @param childRelid the channel
     * @param gpadl      the handle the guest chose
     * @param pfns       the pages of a page-aligned buffer, as Linux describes ring and receive buffers
     * @return the messages
     * @throws IllegalArgumentException if there are no pages or the range buffer exceeds the u16
     *                                  {@code range_buflen} (more than 8190 pages)
     */
    public static GpadlMessages splitPages(int childRelid, int gpadl, List<Long> pfns) {
        return split(childRelid, gpadl, List.of(GpaRange.ofPages(pfns)));
    }

    /**
     * @param childRelid the channel
     * @param gpadl      the handle the guest chose
     * @param ranges     one or more ranges
     * @return the messages
     * @throws IllegalArgumentException if there are no ranges or the range buffer exceeds the u16
     *                                  {@code range_buflen}
     */
    public static GpadlMessages split(int childRelid, int gpadl, List<GpaRange> ranges) {
        Fields.requireRange("rangecount", ranges.size(), 1, Fields.U16_MAX);
        List<Long> values = GpaRange.flatten(ranges);
        long bufLen = 8L * values.size();
        Fields.requireRange("range_buflen", bufLen, GpadlHeader.MIN_RANGE_LENGTH, Fields.U16_MAX);
        int inHeader = Math.min(values.size(), GpadlHeader.MAX_VALUES);
        GpadlHeader header = new GpadlHeader(childRelid, gpadl, (int) bufLen, ranges.size(),
                values.subList(0, inHeader));
        List<GpadlBody> bodies = new ArrayList<>();
        for (int from = inHeader; from < values.size(); from += GpadlBody.MAX_VALUES) {
            int to = Math.min(values.size(), from + GpadlBody.MAX_VALUES);
            bodies.add(new GpadlBody(0, gpadl, values.subList(from, to)));
        }
        return new GpadlMessages(header, bodies);
    }
}
