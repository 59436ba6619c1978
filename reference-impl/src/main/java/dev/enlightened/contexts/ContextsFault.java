package dev.enlightened.contexts;

/**
 * Fault switches of the execution-context run: each re-creates a historical Linux behaviour that TraceExecContexts
 * (the correct guest) must reject.
 */
public enum ContextsFault {
    /**
     * Linux before 37c2578c0c40 ("Drivers: hv: vmbus: Offload the handling of channels to two workqueues", 2018):
     * {@code vmbus_process_offer} calls the driver's {@code sc_creation_callback} on the connection work queue, so
     * the sub-channel's {@code vmbus_open} blocks there for OPENCHANNEL_RESULT before {@code offer_in_progress} is
     * decremented. A rescind of that sub-channel waits for {@code offer_in_progress} to reach 0 and the host ignores
     * an OPENCHANNEL for a revoked channel: neither wait ends (spec variant exec-contexts-sub-open-in-offer-work).
     */
    SUB_OPEN_IN_OFFER_WORK("opens the sub-channel inside the offer work, before offer_in_progress drops (a rescind "
            + "then waits for it forever)");

    private final String description;

    ContextsFault(String description) {
        this.description = description;
    }

    /** @return one line saying what the fault does */
    public String description() {
        return description;
    }
}
