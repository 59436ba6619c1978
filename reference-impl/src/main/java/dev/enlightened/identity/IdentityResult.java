package dev.enlightened.identity;

import java.util.List;
import java.util.Set;

/**
 * How an identity run ended.
 *
 * @param steps              steps taken
 * @param completed          every actor finished within the step budget
 * @param objects            the guest's channel objects at the end (the spec's gCh[i].st, i = 1..instances)
 * @param revokedUnrequested instances the server revoked although their owner never asked (empty when correct)
 * @param guestErrors        host messages the guest refused
 */
public record IdentityResult(long steps, boolean completed, List<String> objects, Set<Integer> revokedUnrequested,
                             List<String> guestErrors) {
    public IdentityResult {
        objects = List.copyOf(objects);
        revokedUnrequested = Set.copyOf(revokedUnrequested);
        guestErrors = List.copyOf(guestErrors);
    }
}
