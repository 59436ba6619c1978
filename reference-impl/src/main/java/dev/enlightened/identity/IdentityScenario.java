package dev.enlightened.identity;

import java.util.EnumSet;
import java.util.Set;

/**
 * One identity run.
 *
 * @param seed      scheduler, host and owner seed
 * @param offerIds  the host's offer slots, 1 to 8 (numbered 1..offerIds)
 * @param relids    relids the host may assign, at least {@code offerIds}, at most 16 (numbered 1..relids)
 * @param instances offer instances over the run (the spec's MaxInsts), 1 to 32
 * @param faults    fault switches
 */
public record IdentityScenario(long seed, int offerIds, int relids, int instances, Set<IdentityFault> faults) {
    public IdentityScenario {
        if (offerIds < 1 || offerIds > 8 || relids < offerIds || relids > 16 || instances < 1 || instances > 32) {
            throw new IllegalArgumentException("need 1 <= offerIds <= 8, offerIds <= relids <= 16, 1 <= instances <= "
                    + "32: offerIds=" + offerIds + " relids=" + relids + " instances=" + instances);
        }
        faults = faults.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(faults));
    }

    /** One slot, two relids, two instances: the catalog model's bounds, where reuse is forced. */
    public static IdentityScenario basic(long seed, int instances) {
        return new IdentityScenario(seed, 1, 2, instances, Set.of());
    }

    /** @return this scenario with {@code f} switched on */
    public IdentityScenario withFaults(Set<IdentityFault> f) {
        return new IdentityScenario(seed, offerIds, relids, instances, f);
    }

    /** @return true if {@code f} is switched on */
    public boolean has(IdentityFault f) {
        return faults.contains(f);
    }
}
