package dev.enlightened.channel;

import dev.enlightened.ring.ByteBufferRingMemory;
import dev.enlightened.ring.RingDescriptor;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * The single GPADL that holds a channel's two rings (vmbus-protocol digest 1.4): the guest-to-host ring first,
 * then the host-to-guest ring at {@code downstreamPageOffset} pages (OPENCHANNEL
 * {@code downstream_ringbuffer_pageoffset}). The memory behind it is allocated here, one page per PFN, and each
 * half is a ring of package ring (control page, then data), zeroed as {@code __vmbus_open} initializes them.
 *
 * @param handle               the GPADL handle the guest chose
 * @param pfns                 the pages, upstream ring first
 * @param downstreamPageOffset pages of the guest-to-host ring
 * @param upstream             the guest-to-host ring, in the first {@code downstreamPageOffset} pages
 * @param downstream           the host-to-guest ring, in the remaining pages
 */
public record RingGpadl(int handle, List<Long> pfns, int downstreamPageOffset, ByteBufferRingMemory upstream,
        ByteBufferRingMemory downstream) {
    /** The page size behind each PFN: the ring's control page is one page. */
    public static final int PAGE = RingDescriptor.CONTROL_PAGE_LENGTH;

    /** Copies the pages and checks the split. */
    public RingGpadl {
        pfns = List.copyOf(pfns);
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(downstream, "downstream");
        if (downstreamPageOffset <= 0 || downstreamPageOffset >= pfns.size()) {
            throw new IllegalArgumentException("downstream ring offset outside the GPADL: downstreamPageOffset="
                    + downstreamPageOffset + " pages=" + pfns.size());
        }
    }

    /**
     * Allocates the memory of two rings of {@code ringPages} pages each and names its pages.
     *
     * @param handle    the GPADL handle
     * @param pfns      2 * ringPages page numbers
     * @param ringPages pages per ring, at least 2 (control page and data)
     * @return the ring GPADL
     */
    public static RingGpadl allocate(int handle, List<Long> pfns, int ringPages) {
        if (pfns.size() != 2 * ringPages) {
            throw new IllegalArgumentException("need two rings of pages: pfns=" + pfns.size() + " ringPages="
                    + ringPages);
        }
        ByteBuffer memory = ByteBuffer.allocateDirect(2 * ringPages * PAGE);
        ByteBuffer up = memory.slice(0, ringPages * PAGE);
        ByteBuffer down = memory.slice(ringPages * PAGE, ringPages * PAGE);
        return new RingGpadl(handle, pfns, ringPages, ByteBufferRingMemory.wrap(up), ByteBufferRingMemory.wrap(down));
    }
}
