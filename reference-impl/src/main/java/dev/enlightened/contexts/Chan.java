package dev.enlightened.contexts;

/** The device's two channels (ExecContexts.tla {@code Chans}): the primary and one sub-channel. */
public enum Chan {
    /** The primary channel, opened by the driver's probe on {@code handle_primary_chan_wq}. */
    PRIMARY("Primary", "PrimWq"),
    /** The sub-channel, opened by {@code sc_creation_callback} on {@code handle_sub_chan_wq}. */
    SUB("Sub", "SubWq");

    private final String specName;
    private final String workQueue;

    Chan(String specName, String workQueue) {
        this.specName = specName;
        this.workQueue = workQueue;
    }

    /** @return the spec's name of the channel */
    public String specName() {
        return specName;
    }

    /** @return the spec's name of the work queue that opens it ({@code WqOf}) */
    public String workQueue() {
        return workQueue;
    }
}
