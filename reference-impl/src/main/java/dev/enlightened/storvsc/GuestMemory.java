package dev.enlightened.storvsc;

import java.nio.ByteBuffer;

/**
 * Simulated guest physical memory for GPA_DIRECT transfers: {@code pages} pages of 4 KiB (Hyper-V's page size,
 * {@code HV_HYP_PAGE_SIZE}) at PFNs {@code basePfn .. basePfn + pages - 1}, with a free list the guest allocates
 * I/O buffers from. The host reaches it only through PFNs the guest listed in a packet and checks each one.
 *
 * <p>Nothing on the I/O path allocates: the free list is a {@code long[]} stack (no boxed PFNs), pages are taken
 * into and freed from the caller's arrays, and {@link #views} hands out one {@code ByteBuffer} per page made once
 * (the guest's driver thread allocates and frees; the host's one serving thread takes views).
 */
public final class GuestMemory {
    /** {@code HV_HYP_PAGE_SIZE}. */
    public static final int PAGE_SIZE = 4096;

    private final ByteBuffer ram;
    private final long basePfn;
    private final int pages;
    /** Free PFNs, a stack: {@code free[freeCount - 1]} is the head, the page the next allocation takes first. */
    private final long[] free;
    private int freeCount;
    /** One view per page, made once: {@link #views} resets its bounds instead of slicing per page per request. */
    private final ByteBuffer[] pageViews;
    /** {@link #views}' result arrays, one per length (a read of {@code n} pages gets {@code viewArrays[n]}). */
    private final ByteBuffer[][] viewArrays = new ByteBuffer[8][];

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
        this.free = new long[pages];
        for (int i = pages - 1; i >= 0; i--) {
            free[freeCount++] = basePfn + i; // basePfn on top: allocated first, as before
        }
        this.pageViews = new ByteBuffer[pages];
        for (int i = 0; i < pages; i++) {
            pageViews[i] = ram.slice(i * PAGE_SIZE, PAGE_SIZE);
        }
    }

    /** @return PFNs of {@code count} free pages (not contiguous in general), or null if too few are free */
    public long[] allocate(int count) {
        if (count < 0 || count > freeCount) {
            return null;
        }
        long[] p = new long[count];
        allocate(count, p);
        return p;
    }

    /**
     * Takes {@code count} free pages into {@code into[0 .. count)} (the caller's reused array: no allocation).
     *
     * @return false (nothing taken) if too few are free or {@code into} is too short
     */
    public boolean allocate(int count, long[] into) {
        if (count < 0 || count > freeCount || count > into.length) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            into[i] = free[--freeCount];
        }
        return true;
    }

    /**
     * Returns pages to the free list, at its head: the next allocation reuses the pages just freed, still in the
     * CPU's cache (a slab allocator's LIFO; FIFO cycled a 4 KiB read through all of guest RAM).
     */
    public void free(long[] pfns) {
        free(pfns, pfns.length);
    }

    /**
     * Returns {@code pfns[0 .. count)} to the free list as {@link #free(long[])} does.
     *
     * @throws IllegalStateException if more pages come back than this memory has (a page freed twice)
     */
    public void free(long[] pfns, int count) {
        if (count > free.length - freeCount) {
            throw new IllegalStateException("more pages freed than exist: freeing=" + count + " free=" + freeCount
                    + " pages=" + pages);
        }
        for (int i = count - 1; i >= 0; i--) {
            free[freeCount++] = pfns[i];
        }
    }

    /** @return true if {@code pfn} is a page of this memory */
    public boolean contains(long pfn) {
        return pfn >= basePfn && pfn < basePfn + pages;
    }

    /** @return pages on the free list */
    public int freePages() {
        return freeCount;
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
     * file into (DMA into the guest's buffer). The views and the array are this memory's own, reused by the next
     * call: the caller (the host's one serving thread) fills them before it asks again.
     *
     * @throws IllegalArgumentException if a PFN is outside this memory or the list is too short
     */
    ByteBuffer[] views(long[] pfns, int byteOffset, int length) {
        return views(pfns, null, pfns.length, byteOffset, length);
    }

    /** As {@link #views(long[], int, int)} for a GPA range's pages, read without a copy of its PFN array. */
    ByteBuffer[] views(dev.enlightened.wire.vstor.VmbusMpbArray range, int length) {
        return views(null, range, range.pageCount(), range.offset(), length);
    }

    /** The pages are {@code pfns} if not null, else {@code range}'s. */
    private ByteBuffer[] views(long[] pfns, dev.enlightened.wire.vstor.VmbusMpbArray range, int pageCount,
            int byteOffset, int length) {
        if (byteOffset < 0 || length < 0 || (long) byteOffset + length > (long) pageCount * PAGE_SIZE) {
            throw new IllegalArgumentException("buffer beyond its pages: offset=" + byteOffset + " length="
                    + length + " pages=" + pageCount);
        }
        int first = byteOffset / PAGE_SIZE;
        int last = length == 0 ? first - 1 : (byteOffset + length - 1) / PAGE_SIZE;
        int count = last - first + 1;
        ByteBuffer[] out = count < viewArrays.length ? viewArrays[count] : new ByteBuffer[count];
        if (out == null) {
            out = new ByteBuffer[count];
            viewArrays[count] = out;
        }
        int done = 0;
        int pos = byteOffset;
        for (int i = 0; i < out.length; i++) {
            long pfn = pfns != null ? pfns[pos / PAGE_SIZE] : range.pfn(pos / PAGE_SIZE);
            if (!contains(pfn)) {
                throw new IllegalArgumentException("pfn outside guest memory: pfn=0x" + Long.toHexString(pfn));
            }
            int in = pos % PAGE_SIZE;
            int n = Math.min(PAGE_SIZE - in, length - done);
            out[i] = pageViews[(int) (pfn - basePfn)].limit(in + n).position(in);
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
