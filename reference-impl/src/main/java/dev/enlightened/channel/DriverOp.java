package dev.enlightened.channel;

/**
 * Where a channel's driver context is (the spec's {@code gCh[i].op}): idle, in the middle of a message sequence,
 * or blocked in a wait for a host reply (Linux {@code wait_for_completion} in {@code __vmbus_open},
 * {@code vmbus_establish_gpadl}, {@code vmbus_teardown_gpadl}, a device's sub-channel request).
 */
public enum DriverOp {
    /** Nothing in progress. */
    IDLE("Idle", false),
    /** GPADL_HEADER sent, GPADL_BODY messages still to send. */
    SEND_BODIES("SendBodies", false),
    /** Waiting for GPADL_CREATED. */
    WAIT_GPADL("WaitGpadl", true),
    /** GPADL created, OPENCHANNEL to send. */
    SEND_OPEN("SendOpen", false),
    /** Waiting for OPENCHANNEL_RESULT (or the rescind that wakes it). */
    WAIT_OPEN("WaitOpen", true),
    /** Closed or failed open: the ring GPADL is to be torn down. */
    TEARDOWN("Teardown", false),
    /** Waiting for GPADL_TORNDOWN. */
    WAIT_TORNDOWN("WaitTorndown", true),
    /** Waiting for the device's completion of a sub-channel request (or a rescind). */
    WAIT_SUBS("WaitSubs", true),
    /** Relid unmapped, RELID_RELEASED to send (hv_process_channel_removal). */
    RELEASE("Release", false),
    /** H8 only: RELID_RELEASED sent before the relid was unmapped. */
    UNMAP("Unmap", false);

    private final String specName;
    private final boolean waiting;

    DriverOp(String specName, boolean waiting) {
        this.specName = specName;
        this.waiting = waiting;
    }

    /** @return the spec's name */
    public String specName() {
        return specName;
    }

    /** @return true if the driver context is blocked on a host reply */
    public boolean isWait() {
        return waiting;
    }
}
