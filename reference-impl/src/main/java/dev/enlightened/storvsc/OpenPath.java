package dev.enlightened.storvsc;

/**
 * Who calls vmbus_open for a sub-channel (StorvscHandshake {@code OpenPaths}; bug H10's "path #1" and "path #2").
 */
public enum OpenPath {
    /** vmbus_onoffer -> vmbus_process_offer -> sc_creation_callback (handle_sc_creation): path #1. */
    OFFER_HANDLER("OfferHandler"),
    /** storvsc_probe -> ... -> vmbus_are_subchannels_present -> handle_sc_creation: path #2, removed by H10's fix. */
    PROBE_PATH("ProbePath");

    private final String specName;

    OpenPath(String specName) {
        this.specName = specName;
    }

    /** @return the spec's name of this path */
    public String specName() {
        return specName;
    }
}
