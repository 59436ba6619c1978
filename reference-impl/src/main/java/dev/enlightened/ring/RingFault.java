package dev.enlightened.ring;

/**
 * Switches that re-create historical signaling bugs (vmbus-protocol.md §3), for trace validation to reject. Each
 * changes exactly the decision the buggy code made, nothing else. Production code passes none.
 */
public enum RingFault {
    /**
     * H1, Linux {@code hv_need_to_signal_on_read} before "Fix signaling logic" (2016): the consumer decides with a
     * free-space sample taken when its batch started ({@code prev_write_sz}) instead of recomputing it from the
     * {@code write_index} loaded after {@code pending_send_sz}; signals iff {@code prev < pending <= cur}.
     */
    H1_STALE_FREE_SPACE,
    /**
     * H2, Linux 03bad714a161 "vmbus: more host signalling avoidance" (2017), as in {@code hv_pkt_iter_close} at
     * a3b82f2a1bcc: the release path returns early when {@code interrupt_mask} is set, although that mask is the
     * consumer's own flag set for the whole drain; and it decides on {@code orig_write_sz}, sampled before
     * {@code read_index} is published, with "equal" counting as enough.
     */
    H2_CONSUMER_CHECKS_OWN_MASK,
    /**
     * Linux {@code hv_signal_on_read} between a389fcfd2cb5 (the H1 fix, which dropped {@code prev_write_sz}) and
     * 433e19cf33d3 "Drivers: hv: vmbus: finally fix hv_need_to_signal_on_read()" (2017; LIS/lis-next 6931ae48 to
     * a9bbf18d): after the {@code read_index} store, full barrier and {@code pending_send_sz} load, the consumer
     * signals whenever {@code cur_write_sz >= pending_sz}, without checking that the space was not enough before
     * this release. Every release while the producer still waits signals it again (the host throttles such a
     * guest). Spec Bugs "NoBeforeCheck".
     */
    NO_BEFORE_CHECK,
    /**
     * H3, Linux before "Base host signaling strictly on the ring state" (2016): the producer signals after every
     * write with the mask clear, not only on the empty to non-empty transition.
     */
    H3_SIGNAL_WHENEVER_UNMASKED,
    /** §2.5 contract broken: after clearing {@code interrupt_mask} the consumer does not re-check for data. */
    NO_RECHECK_AFTER_UNMASK,
    /**
     * openvmm before 7f9f66ad0 ("lost synic", PR #376, 2024): the VMM's save drops the latched signals (an interrupt
     * pending in the SynIC, a guest event not yet acted on) and the restored host re-signals nothing, so a side that
     * was about to be woken sleeps for good. The host side of a stepped run with {@code --restores}: the spec's
     * {@code RestoreResignals = "None"} (catalog model ring-restore-no-resignal); the correct host re-signals as
     * openvmm's {@code unstick_channels(force = false)} does ({@link dev.enlightened.ring.scenario.HostRestorer}).
     */
    RESTORE_LOSES_SIGNALS
}
