package dev.enlightened.host;

/**
 * The host's record of a bound relid (the spec's {@code hRel[r].st}; openvmm {@code ChannelState} collapsed to
 * what the guest can observe). A relid absent from the host's table is Free.
 */
public enum HostChannelState {
    /** Offered to the guest, not open (openvmm Closed). */
    OFFERED("Offered"),
    /** Open: OPENCHANNEL_RESULT with success sent. */
    OPEN("Open"),
    /** Rescinded; the relid stays bound until RELID_RELEASED. */
    REVOKED("Revoked");

    private final String specName;

    HostChannelState(String specName) {
        this.specName = specName;
    }

    /** @return the spec's name */
    public String specName() {
        return specName;
    }
}
