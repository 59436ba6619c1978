package dev.enlightened.netvsc.scenario;

import dev.enlightened.netvsc.NetvscFault;
import dev.enlightened.netvsc.NetvscGuestConfig;
import java.util.EnumSet;
import java.util.Set;

/**
 * One netvsc run.
 *
 * @param requested       n, sub-channels the guest asks for
 * @param hostCapacity    sub-channels the host can give; it grants min(n, capacity)
 * @param hostRefuses     the host answers SUBCHANNEL with FAILURE
 * @param faults          guest fault switches
 * @param seed            scheduler seed
 * @param grantChosen     the host's answer to SUBCHANNEL is a decision of the run's chooser
 *                        ({@link dev.enlightened.sim.ChoiceKind#HOST_CAPACITY}): any grant m in
 *                        0..min(n, capacity), or FAILURE, which is every answer the spec's
 *                        HostAllocatesSubChannels allows ({@code --host-capacity any}; explore's default, so that
 *                        one exploration covers every grant instead of the one a seed fixed)
 * @param hostSilences    how many of the guest's setup waits the host may leave unanswered until the guest times
 *                        out ({@link dev.enlightened.sim.SilentHost}, each a
 *                        {@link dev.enlightened.sim.ChoiceKind#HOST_SILENCE} decision); 0: the host always answers
 */
public record NetvscScenario(int requested, int hostCapacity, boolean hostRefuses, Set<NetvscFault> faults,
        long seed, boolean grantChosen, int hostSilences) {

    /** A run whose host grants min(n, capacity), or refuses. */
    public NetvscScenario(int requested, int hostCapacity, boolean hostRefuses, Set<NetvscFault> faults, long seed) {
        this(requested, hostCapacity, hostRefuses, faults, seed, false, 0);
    }

    /** A run whose host always answers. */
    public NetvscScenario(int requested, int hostCapacity, boolean hostRefuses, Set<NetvscFault> faults, long seed,
            boolean grantChosen) {
        this(requested, hostCapacity, hostRefuses, faults, seed, grantChosen, 0);
    }

    /** Copies and checks ranges. */
    public NetvscScenario {
        faults = faults.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(faults));
        if (requested < 1 || requested > NetvscGuestConfig.MAX_REQUESTED) {
            throw new IllegalArgumentException("requested out of range 1.." + NetvscGuestConfig.MAX_REQUESTED
                    + ": requested=" + requested);
        }
        if (hostSilences < 0) {
            throw new IllegalArgumentException("host silences must not be negative: hostSilences=" + hostSilences);
        }
        if (hostCapacity < 0 || hostCapacity > NetvscGuestConfig.MAX_REQUESTED) {
            throw new IllegalArgumentException("host capacity out of range 0.." + NetvscGuestConfig.MAX_REQUESTED
                    + ": capacity=" + hostCapacity);
        }
    }

    /**
     * The default run: the guest asks for three sub-channels; the host's capacity comes from the seed
     * (0..4, so the grant is 0, 1, 2 or 3 = n), so that seeds cover m = 0, m &lt; n and m = n.
     */
    public static NetvscScenario basic(long seed) {
        return new NetvscScenario(3, (int) Math.floorMod(seed, 5L), false, Set.of(), seed);
    }

    /**
     * A run that shows the fault: H11 needs sub-channels to wait for (capacity n), wait-requested a grant below
     * the request (capacity n - 1).
     */
    public static NetvscScenario showing(NetvscFault fault, long seed) {
        int n = 3;
        return new NetvscScenario(n, fault == NetvscFault.WAIT_REQUESTED ? n - 1 : n, false, Set.of(fault), seed);
    }

    /** @return this scenario with a host that refuses the allocation */
    public NetvscScenario refused() {
        return new NetvscScenario(requested, hostCapacity, true, faults, seed, grantChosen, hostSilences);
    }

    /** @return this scenario with other faults */
    public NetvscScenario withFaults(Set<NetvscFault> f) {
        return new NetvscScenario(requested, hostCapacity, hostRefuses, f, seed, grantChosen, hostSilences);
    }

    /**
     * @return this scenario with a host whose answer is chosen: capacity n (so every grant 0..n is possible) and
     *         FAILURE one more option
     */
    public NetvscScenario anyGrant() {
        return new NetvscScenario(requested, requested, false, faults, seed, true, hostSilences);
    }

    /** @return this scenario with a host that may leave up to {@code n} of the guest's setup waits unanswered */
    public NetvscScenario withHostSilences(int n) {
        return new NetvscScenario(requested, hostCapacity, hostRefuses, faults, seed, grantChosen, n);
    }
}
