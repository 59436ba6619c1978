package dev.enlightened.channel;

/** The guest's view of a channel's ring GPADL (the spec's {@code gCh[i].gpadl}). */
public enum GpadlState {
    /** No GPADL. */
    NONE("None"),
    /** GPADL_HEADER (and bodies) sent, GPADL_CREATED not received. */
    CREATING("Creating"),
    /** GPADL_CREATED with success received. */
    CREATED("Created"),
    /** GPADL_TEARDOWN sent, GPADL_TORNDOWN not received. */
    TEARING_DOWN("TearingDown"),
    /**
     * A wait for GPADL_CREATED or GPADL_TORNDOWN timed out: the host may still create or hold the GPADL, so its
     * pages are withheld for good (handed-out PFNs only grow) and the object never opens again (Linux
     * {@code vmbus_close_internal}: "If we failed to teardown gpadl, it is perhaps better to leak memory").
     */
    LEAKED("Leaked");

    private final String specName;

    GpadlState(String specName) {
        this.specName = specName;
    }

    /** @return the spec's name */
    public String specName() {
        return specName;
    }
}
