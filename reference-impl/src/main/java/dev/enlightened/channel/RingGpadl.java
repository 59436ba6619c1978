package dev.enlightened.channel;

import java.util.List;

/**
 * The single GPADL that holds a channel's two rings (vmbus-protocol digest 1.4): the guest-to-host ring first,
 * then the host-to-guest ring at {@code downstreamPageOffset} pages (OPENCHANNEL
 * {@code downstream_ringbuffer_pageoffset}). The ring package is not on main yet, so the rings are the page
 * numbers only: no ring memory is allocated behind them.
 *
 * @param handle               the GPADL handle the guest chose
 * @param pfns                 the pages, upstream ring first
 * @param downstreamPageOffset pages of the guest-to-host ring
 */
public record RingGpadl(int handle, List<Long> pfns, int downstreamPageOffset) {
    /** Copies the pages. */
    public RingGpadl {
        pfns = List.copyOf(pfns);
        if (downstreamPageOffset <= 0 || downstreamPageOffset >= pfns.size()) {
            throw new IllegalArgumentException("downstream ring offset outside the GPADL: downstreamPageOffset="
                    + downstreamPageOffset + " pages=" + pfns.size());
        }
    }
}
