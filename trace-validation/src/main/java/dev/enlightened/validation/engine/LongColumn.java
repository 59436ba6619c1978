package dev.enlightened.validation.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * A growable array of longs by int index, in pages, so growing to millions of entries never copies them (the
 * search's fingerprints of the states on its path: 8 bytes per event).
 */
final class LongColumn {
    private static final int PAGE_BITS = 16;
    private static final int PAGE = 1 << PAGE_BITS;
    private final List<long[]> pages = new ArrayList<>();

    void set(int index, long value) {
        int p = index >>> PAGE_BITS;
        while (pages.size() <= p) {
            pages.add(new long[PAGE]);
        }
        pages.get(p)[index & (PAGE - 1)] = value;
    }

    long get(int index) {
        return pages.get(index >>> PAGE_BITS)[index & (PAGE - 1)];
    }
}
