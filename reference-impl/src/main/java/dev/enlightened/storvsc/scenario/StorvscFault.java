package dev.enlightened.storvsc.scenario;

/** Fault switches of a storvsc run: historical bugs, to show that trace validation rejects them. */
public enum StorvscFault {
    /**
     * Bug H10 (Linux before c967590457ca): after the CREATE_SUB_CHANNELS completion the probe path also opens every
     * sub-channel already on sc_list, so one whose offer came first is opened twice. Rejected at the guest's
     * GuestReceivesCompletion of CREATE_SUB_CHANNELS when an offer was processed before it (post.pending).
     */
    H10,
    /**
     * The guest completes the oldest outstanding request with each completion instead of the one its trans_id names
     * ({@link dev.enlightened.storvsc.StorvscIo.Bug#MATCH_BY_ORDER}); the host completes out of order, so a read
     * hands its caller another request's buffer. Rejected at the {@code GuestReceivesIoCompletion} whose
     * {@code req} differs from its {@code tid}.
     */
    MATCH_BY_ORDER,
    /**
     * The guest counts a request as submitted when the ring was full and nothing was written
     * ({@link dev.enlightened.storvsc.StorvscIo.Bug#DROP_WHEN_FULL}): it is never completed. Shows with rings
     * small enough to fill ({@code --ring-bytes}); rejected at {@code GuestQuiesces} (outstanding &gt; 0).
     */
    DROP_WHEN_FULL;

    /** @return the guest I/O bugs among {@code faults} */
    public static java.util.Set<dev.enlightened.storvsc.StorvscIo.Bug> ioBugs(java.util.Set<StorvscFault> faults) {
        java.util.Set<dev.enlightened.storvsc.StorvscIo.Bug> b = java.util.EnumSet.noneOf(
                dev.enlightened.storvsc.StorvscIo.Bug.class);
        if (faults.contains(MATCH_BY_ORDER)) {
            b.add(dev.enlightened.storvsc.StorvscIo.Bug.MATCH_BY_ORDER);
        }
        if (faults.contains(DROP_WHEN_FULL)) {
            b.add(dev.enlightened.storvsc.StorvscIo.Bug.DROP_WHEN_FULL);
        }
        return b;
    }
}
