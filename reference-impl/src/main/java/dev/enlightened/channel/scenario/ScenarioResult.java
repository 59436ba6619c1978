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
 */
public record ScenarioResult(long steps, boolean completed, boolean budgetExhausted, List<String> stuckWaiters,
        List<HostMessageError> guestErrors, List<GuestMessageError> hostErrors, long events) {
    /** Copies the lists. */
    public ScenarioResult {
        stuckWaiters = List.copyOf(stuckWaiters);
        guestErrors = List.copyOf(guestErrors);
        hostErrors = List.copyOf(hostErrors);
    }

    /** @return true if the run stopped with contexts blocked forever */
    public boolean deadlocked() {
        return !stuckWaiters.isEmpty();
    }
}
