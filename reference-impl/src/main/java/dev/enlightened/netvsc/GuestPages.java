package dev.enlightened.netvsc;

import java.util.ArrayDeque;

/**
 * Guest pages the data path sends GPA direct from (frames too large for a send section, and RNDIS control
 * messages, as Linux sends them from the skb's or the request's pages). In-process stand-in for guest memory the
 * host reads by PFN: the host checks every PFN against {@link #contains(long)} before reading.
 */
public final class GuestPages implements dev.enlightened.sim.StateDigest.Self {
    /** {@code HV_HYP_PAGE_SIZE}. */
    public static final int PAGE_SIZE = 4096;
    private final byte[] memory;
    private final long basePfn;
    private final ArrayDeque<Long> free = new ArrayDeque<>();
    /**
     * Per page, the digest of its bytes, valid while {@link #hashed} is set: every write goes through {@link #write},
     * which clears it, so an explorer's digest at each step rehashes only the pages written since (a network run
     * digests its 48 pages per guest at every step boundary).
     */
    private final long[] pageHash;
    private final boolean[] hashed;

    /**
     * @param pages   pages in the pool
     * @param basePfn PFN of the first
     */
    public GuestPages(int pages, long basePfn) {
        this.memory = new byte[pages * PAGE_SIZE];
        this.basePfn = basePfn;
        this.pageHash = new long[pages];
        this.hashed = new boolean[pages];
        for (int i = 0; i < pages; i++) {
            free.add(basePfn + i);
        }
    }

    /** @return {@code count} free pages, or null if too few are free */
    public long[] allocate(int count) {
        if (count > free.size()) {
            return null;
        }
        long[] pfns = new long[count];
        for (int i = 0; i < count; i++) {
            pfns[i] = free.poll();
        }
        return pfns;
    }

    /** Returns pages to the pool. */
    public void free(long[] pfns) {
        for (long p : pfns) {
            free.add(p);
        }
    }

    /** @return true if {@code pfn} is a page of this pool */
    public boolean contains(long pfn) {
        return pfn >= basePfn && pfn < basePfn + memory.length / PAGE_SIZE;
    }

    /** @return pages free */
    public int freePages() {
        return free.size();
    }

    /** Writes {@code src} at {@code offset} into page {@code pfn} (the caller keeps it inside the page). */
    public void write(long pfn, int offset, byte[] src, int from, int length) {
        System.arraycopy(src, from, memory, (int) (pfn - basePfn) * PAGE_SIZE + offset, length);
        hashed[(int) (pfn - basePfn)] = false;
    }

    /** Reads {@code length} bytes at {@code offset} of page {@code pfn} into {@code dst}. */
    public void read(long pfn, int offset, byte[] dst, int at, int length) {
        System.arraycopy(memory, (int) (pfn - basePfn) * PAGE_SIZE + offset, dst, at, length);
    }

    /** The pool's whole state: its base PFN, the free list in order, and every page's bytes (hashed per page). */
    @Override
    public long stateDigest() {
        long h = dev.enlightened.sim.StateDigest.combine(basePfn, free.size());
        for (long p : free) {
            h = dev.enlightened.sim.StateDigest.combine(h, p);
        }
        for (int i = 0; i < pageHash.length; i++) {
            if (!hashed[i]) {
                pageHash[i] = dev.enlightened.sim.StateDigest.bytes(memory, i * PAGE_SIZE, PAGE_SIZE);
                hashed[i] = true;
            }
            h = dev.enlightened.sim.StateDigest.combine(h, pageHash[i]);
        }
        return h;
    }
}
