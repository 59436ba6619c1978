package dev.enlightened.netvsc.scenario;

import dev.enlightened.netvsc.GuestState;
import dev.enlightened.netvsc.NetvscError;
import java.util.List;

/**
 * How a netvsc run ended.
 *
 * @param steps         atomic steps taken
 * @param state         the guest's final state
 * @param stuck         what the guest waited for when every context stalled outside the setup waits (its wait
 *                      then ran out on virtual time, or never will), or null if it never stalled so
 * @param granted       m as the guest accepted it
 * @param opened        sub-channels opened by the end
 * @param openAtProceed sub-channels open when the guest proceeded (-1 if it never did)
 * @param guestErrors   host messages the guest refused
 * @param hostErrors    guest messages the host refused
 * @param events        trace events written (0 untraced)
 */
public record NetvscResult(long steps, GuestState state, String stuck, int granted, int opened, int openAtProceed,
        List<NetvscError> guestErrors, List<String> hostErrors, long events) {

    /** Copies the lists. */
    public NetvscResult {
        guestErrors = List.copyOf(guestErrors);
        hostErrors = List.copyOf(hostErrors);
    }

    /** @return true if the guest is blocked forever */
    public boolean deadlocked() {
        return stuck != null;
    }

    /** @return true if the guest proceeded with every granted sub-channel open (the spec's intent) */
    public boolean proceededWithAllOpen() {
        return state instanceof GuestState.Proceeded && openAtProceed == granted;
    }
}
