package dev.enlightened.channel.scenario;

import dev.enlightened.channel.HostMessageError;
import dev.enlightened.host.GuestMessageError;
import java.util.List;

/**
 * How a scenario run ended.
 *
 * @param steps           atomic steps taken
 * @param completed       true if every context ended with nothing left to do and nobody waiting
 * @param budgetExhausted true if the run hit its step budget
 * @param stuckWaiters    one line per context blocked forever (who, and on what); empty unless deadlocked
 * @param guestErrors     host messages the guest rejected
 * @param hostErrors      guest messages the host rejected
 * @param events          trace events written (0 with tracing off)
 * @param guestTimeouts   waits the guest gave up because the host never answered (issue 12)
 * @param guestTimeoutRecords the last of those, one line each
 */
public record ScenarioResult(long steps, boolean completed, boolean budgetExhausted, List<String> stuckWaiters,
        List<HostMessageError> guestErrors, List<GuestMessageError> hostErrors, long events, long guestTimeouts,
        List<String> guestTimeoutRecords) {
    /** Copies the lists. */
    public ScenarioResult {
        stuckWaiters = List.copyOf(stuckWaiters);
        guestTimeoutRecords = List.copyOf(guestTimeoutRecords);
        guestErrors = List.copyOf(guestErrors);
        hostErrors = List.copyOf(hostErrors);
    }

    /**
     * @return true if the run stalled with contexts blocked: for ever, or (the stuck waiters of the first stall)
     *         until their timeouts ended the waits
     */
    public boolean deadlocked() {
        return !stuckWaiters.isEmpty();
    }
}
