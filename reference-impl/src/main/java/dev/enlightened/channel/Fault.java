package dev.enlightened.channel;

import java.util.Locale;
import java.util.Optional;

/**
 * Fault switches that re-create historical channel-management bugs (vmbus-protocol digest section 3, H5-H9) in
 * the Java guest or host, named by their ids. A run with a fault produces a trace that validation against the
 * correct spec must reject.
 */
public enum Fault {
    /** Guest: offers, rescinds and the probe's open share one serialized worker (Linux before 54a66265d675). */
    H5("rescind queued behind the offer's probe on one worker: the open waits forever (deadlock)"),
    /** Guest: a rescind does not wake the driver waiting for OPENCHANNEL_RESULT (fixed by vmbus_rescind_cleanup). */
    H6("rescind does not wake the open waiter: blocked forever"),
    /** Guest: a duplicate RESCIND is handled again (no rescind_ref, Linux e4d221b42354). */
    H7("duplicate RESCIND processed twice: removal runs on a freed channel"),
    /** Guest: RELID_RELEASED sent before the relid is unmapped (hv_process_channel_removal order). */
    H8("RELID_RELEASED sent before the channel is unmapped: the host may reuse a relid still mapped"),
    /** Host: a GPADL_HEADER for a rescinded channel is dropped (openvmm before 822d4d4b2). */
    H9("host drops GPADL_HEADER for a rescinded channel: GPADL_CREATED never comes"),
    /**
     * Host: a host restored after INITIATE_CONTACT and before REQUESTOFFERS offers the channels it did not save
     * (openvmm before e7619ae5d, "Check if RequestOffers was received before sending offers during restore").
     */
    RESTORE_OFFERS("host restored between INITIATE_CONTACT and REQUESTOFFERS offers its channels unrequested"),
    /**
     * Guest: a driver wait that times out frees the ring GPADL's memory at once (no CLOSECHANNEL, no
     * GPADL_TEARDOWN, nothing withheld), as Linux {@code vmbus_open} did in 3.x on its 5 s OPENCHANNEL_RESULT
     * timeout ({@code -ETIMEDOUT}, {@code error0: free_pages}); the spec's TimeoutFreesGpadl variant.
     */
    TIMEOUT_FREES("a timed-out GPADL or open wait frees the ring's memory while the host may still reference it");

    private final String description;

    Fault(String description) {
        this.description = description;
    }

    /** @return one line saying what the fault does */
    public String description() {
        return description;
    }

    /**
     * @param name a fault id such as {@code H5} (case-insensitive)
     * @return the fault, or empty if no fault has that id
     */
    public static Optional<Fault> parse(String name) {
        for (Fault f : values()) {
            if (f.name().equals(name.toUpperCase(Locale.ROOT))) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
