package dev.enlightened.validation.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A growable array of longs by int index, in pages, so growing to millions of entries never copies them (the
 * search's fingerprints of the states on its path: 8 bytes per event). The first page starts small and doubles up
 * to a full page: a full one is 512 KB, which G1 allocates as a humongous object (over half a 1 MB region), once
 * per trace of a batch of short traces that each need a few hundred entries (issue 15).
 */
final class LongColumn {
    private static final int PAGE_BITS = 16;
    private static final int PAGE = 1 << PAGE_BITS;
    private static final int FIRST = 1 << 10;
    private final List<long[]> pages = new ArrayList<>();

    void set(int index, long value) {
        int p = index >>> PAGE_BITS;
        int i = index & (PAGE - 1);
        if (pages.isEmpty()) {
            pages.add(new long[FIRST]);
        }
        long[] first = pages.get(0);
        if (first.length < PAGE && (p > 0 || i >= first.length)) {
            // Grow the first page (a full one once another page is needed): entries keep their indices.
            int n = p > 0 ? PAGE : Math.max(Integer.highestOneBit(i) << 1, first.length << 1);
            pages.set(0, Arrays.copyOf(first, Math.min(n, PAGE)));
        }
        while (pages.size() <= p) {
            pages.add(new long[PAGE]);
        }
        pages.get(p)[i] = value;
    }

    /** @return the value set at {@code index}, 0 if none was on an allocated page (a grown first page included) */
    long get(int index) {
        long[] page = pages.get(index >>> PAGE_BITS);
        int i = index & (PAGE - 1);
        return i < page.length ? page[i] : 0L;
    }
}
