package dev.enlightened.storvsc.scenario;

import dev.enlightened.storvsc.GuestPc;
import dev.enlightened.storvsc.StorvscError;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a storvsc run ended.
 *
 * @param steps        atomic steps taken
 * @param pc           the guest's final step (Ready or Failed when the handshake completed)
 * @param version      negotiated version, 0 if none
 * @param requested    sub-channels granted (n of a successful CREATE_SUB_CHANNELS), else 0
 * @param opens        vmbus_open calls per sub-channel index
 * @param stuck        contexts blocked forever, one line each (empty when the run completed)
 * @param guestErrors  why the guest failed the device, if it did
 * @param hostErrors   guest packets the host rejected
 * @param quiescentSeq seq of the trace's final Quiescent event, 0 if none (or untraced)
 */
public record StorvscRunResult(long steps, GuestPc pc, int version, int requested, Map<Integer, Integer> opens,
        List<String> stuck, List<StorvscError> guestErrors, List<String> hostErrors, long quiescentSeq) {
    /** Copies the collections. */
    public StorvscRunResult {
        opens = Collections.unmodifiableMap(new TreeMap<>(opens)); // printed in index order
        stuck = List.copyOf(stuck);
        guestErrors = List.copyOf(guestErrors);
        hostErrors = List.copyOf(hostErrors);
    }

    /** @return true if the handshake ended with nobody blocked */
    public boolean completed() {
        return stuck.isEmpty() && pc.done();
    }

    /** @return true if some sub-channel was opened more than once (H10's symptom) */
    public boolean openedTwice() {
        return opens.values().stream().anyMatch(n -> n > 1);
    }
}
