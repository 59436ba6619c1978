package dev.enlightened.storvsc;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Simulated guest physical memory for GPA_DIRECT transfers: {@code pages} pages of 4 KiB (Hyper-V's page size,
 * {@code HV_HYP_PAGE_SIZE}) at PFNs {@code basePfn .. basePfn + pages - 1}, with a free list the guest allocates
 * I/O buffers from. The host reaches it only through PFNs the guest listed in a packet and checks each one.
 */
public final class GuestMemory {
    /** {@code HV_HYP_PAGE_SIZE}. */
    public static final int PAGE_SIZE = 4096;

    private final ByteBuffer ram;
    private final long basePfn;
    private final int pages;
    private final Deque<Long> free = new ArrayDeque<>();

    /**
     * @param pages   number of pages
     * @param basePfn PFN of the first page (non-zero, so that a PFN is never mistaken for an index)
     */
    public GuestMemory(int pages, long basePfn) {
        if (pages <= 0 || pages > Integer.MAX_VALUE / PAGE_SIZE || basePfn < 0) {
            throw new IllegalArgumentException("bad guest memory: pages=" + pages + " base_pfn=" + basePfn);
        }
        // Direct, as guest RAM is to a host: the host's file reads land in it without a bounce buffer.
        this.ram = ByteBuffer.allocateDirect(pages * PAGE_SIZE);
        this.basePfn = basePfn;
        this.pages = pages;
        for (int i = 0; i < pages; i++) {
            free.addLast(basePfn + i);
        }
    }

    /** @return PFNs of {@code count} free pages (not contiguous in general), or null if too few are free */
    public long[] allocate(int count) {
        if (count > free.size()) {
            return null;
        }
        long[] p = new long[count];
        for (int i = 0; i < count; i++) {
            p[i] = free.pollFirst();
        }
        return p;
    }

    /**
     * Returns pages to the free list, at its head: the next allocation reuses the pages just freed, still in the
     * CPU's cache (a slab allocator's LIFO; FIFO cycled a 4 KiB read through all of guest RAM).
     */
    public void free(long[] pfns) {
        for (int i = pfns.length - 1; i >= 0; i--) {
            free.addFirst(pfns[i]);
        }
    }

    /** @return true if {@code pfn} is a page of this memory */
    public boolean contains(long pfn) {
        return pfn >= basePfn && pfn < basePfn + pages;
    }

    /** @return pages on the free list */
    public int freePages() {
        return free.size();
    }

    /**
     * Copies {@code src} into the buffer described by a page list, starting {@code byteOffset} into its first page.
     *
     * @throws IllegalArgumentException if a PFN is outside this memory or the list is too short
     */
    public void write(long[] pfns, int byteOffset, byte[] src) {
        copy(pfns, byteOffset, src, true);
    }

    /** @return {@code length} bytes of the buffer a page list describes, from {@code byteOffset} into its first page */
    public byte[] read(long[] pfns, int byteOffset, int length) {
        byte[] dst = new byte[length];
        copy(pfns, byteOffset, dst, false);
        return dst;
    }

    /**
     * Copies {@code length} bytes of the buffer a page list describes into {@code dst} at {@code dstOffset}.
     *
     * @throws IllegalArgumentException if a PFN is outside this memory, the list is too short or dst too small
     */
    public void readInto(long[] pfns, int byteOffset, byte[] dst, int dstOffset, int length) {
        if (dstOffset < 0 || length < 0 || (long) dstOffset + length > dst.length) {
            throw new IllegalArgumentException("destination too small: offset=" + dstOffset + " length=" + length
                    + " dst=" + dst.length);
        }
        copy(pfns, byteOffset, dst, dstOffset, length, false);
    }

    /**
     * The buffer a page list describes, as views of guest RAM, one per page it touches, for the host to read a
     * file into (DMA into the guest's buffer).
     *
     * @throws IllegalArgumentException if a PFN is outside this memory or the list is too short
     */
    ByteBuffer[] views(long[] pfns, int byteOffset, int length) {
        if (byteOffset < 0 || length < 0 || (long) byteOffset + length > (long) pfns.length * PAGE_SIZE) {
            throw new IllegalArgumentException("buffer beyond its pages: offset=" + byteOffset + " length="
                    + length + " pages=" + pfns.length);
        }
        int first = byteOffset / PAGE_SIZE;
        int last = length == 0 ? first - 1 : (byteOffset + length - 1) / PAGE_SIZE;
        ByteBuffer[] out = new ByteBuffer[last - first + 1];
        int done = 0;
        int pos = byteOffset;
        for (int i = 0; i < out.length; i++) {
            long pfn = pfns[pos / PAGE_SIZE];
            if (!contains(pfn)) {
                throw new IllegalArgumentException("pfn outside guest memory: pfn=0x" + Long.toHexString(pfn));
            }
            int in = pos % PAGE_SIZE;
            int n = Math.min(PAGE_SIZE - in, length - done);
            out[i] = ram.slice((int) (pfn - basePfn) * PAGE_SIZE + in, n);
            done += n;
            pos += n;
        }
        return out;
    }

    private void copy(long[] pfns, int byteOffset, byte[] buf, boolean toRam) {
        copy(pfns, byteOffset, buf, 0, buf.length, toRam);
    }

    private void copy(long[] pfns, int byteOffset, byte[] buf, int bufOffset, int length, boolean toRam) {
        if (byteOffset < 0 || (long) byteOffset + length > (long) pfns.length * PAGE_SIZE) {
            throw new IllegalArgumentException("buffer beyond its pages: offset=" + byteOffset + " length="
                    + length + " pages=" + pfns.length);
        }
        int done = 0;
        int pos = byteOffset;
        while (done < length) {
            long pfn = pfns[pos / PAGE_SIZE];
            if (!contains(pfn)) {
                throw new IllegalArgumentException("pfn outside guest memory: pfn=0x" + Long.toHexString(pfn));
            }
            int in = pos % PAGE_SIZE;
            int n = Math.min(PAGE_SIZE - in, length - done);
            int at = (int) (pfn - basePfn) * PAGE_SIZE + in;
            if (toRam) {
                ram.put(at, buf, bufOffset + done, n);
            } else {
                ram.get(at, buf, bufOffset + done, n);
            }
            done += n;
            pos += n;
        }
    }
}
