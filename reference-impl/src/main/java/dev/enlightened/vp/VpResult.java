package dev.enlightened.vp;

import java.util.List;

/**
 * How a per-VP run ended.
 *
 * @param steps       steps taken
 * @param completed   every context finished (none blocked, the step budget not exhausted)
 * @param stuck       contexts blocked at the end, with what they wait for
 * @param targetCpu   the guest's {@code target_cpu} at the end
 * @param hostTarget  the VP the host signals at the end
 * @param refused     offline attempts {@code hv_synic_cleanup} refused
 * @param guestErrors host messages the guest rejected
 * @param hostErrors  guest messages the host rejected
 */
public record VpResult(long steps, boolean completed, List<String> stuck, int targetCpu, int hostTarget, int refused,
                       List<VpError> guestErrors, List<VpError> hostErrors) {
    public VpResult {
        stuck = List.copyOf(stuck);
        guestErrors = List.copyOf(guestErrors);
        hostErrors = List.copyOf(hostErrors);
    }
}
