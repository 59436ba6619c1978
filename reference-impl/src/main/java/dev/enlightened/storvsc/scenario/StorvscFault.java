package dev.enlightened.storvsc.scenario;

/** Fault switches of a storvsc run: historical bugs, to show that trace validation rejects them. */
public enum StorvscFault {
    /**
     * Bug H10 (Linux before c967590457ca): after the CREATE_SUB_CHANNELS completion the probe path also opens every
     * sub-channel already on sc_list, so one whose offer came first is opened twice. Rejected at the guest's
     * GuestReceivesCompletion of CREATE_SUB_CHANNELS when an offer was processed before it (post.pending).
     */
    H10
}
