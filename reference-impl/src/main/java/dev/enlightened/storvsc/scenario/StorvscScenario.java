package dev.enlightened.storvsc.scenario;

import dev.enlightened.storvsc.StorvscGuestConfig;
import dev.enlightened.storvsc.StorvscHostConfig;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One storvsc run's configuration.
 *
 * @param guestVersions       guest versions, newest first
 * @param hostVersions        versions the host accepts
 * @param multiChannelVersion oldest version with multi-channel
 * @param hostMaxSubChannels  host {@code max_channel_cnt}
 * @param guestWanted         sub-channels the guest wants
 * @param refusePercent       chance the host refuses CREATE_SUB_CHANNELS
 * @param faults              fault switches
 * @param seed                scheduler and host seed
 * @param hostSilences        how many of the guest's waits the host may leave unanswered until the guest times out
 *                            ({@link dev.enlightened.sim.SilentHost}; each a
 *                            {@link dev.enlightened.sim.ChoiceKind#HOST_SILENCE} decision); 0: the host always
 *                            answers
 */
public record StorvscScenario(List<Integer> guestVersions, Set<Integer> hostVersions, int multiChannelVersion,
        int hostMaxSubChannels, int guestWanted, int refusePercent, Set<StorvscFault> faults, long seed,
        int hostSilences) {

    /** Copies the collections. */
    public StorvscScenario {
        guestVersions = List.copyOf(guestVersions);
        hostVersions = Set.copyOf(hostVersions);
        faults = faults.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(faults));
        if (hostSilences < 0) {
            throw new IllegalArgumentException("host silences must not be negative: hostSilences=" + hostSilences);
        }
    }

    /** A scenario whose host always answers. */
    public StorvscScenario(List<Integer> guestVersions, Set<Integer> hostVersions, int multiChannelVersion,
            int hostMaxSubChannels, int guestWanted, int refusePercent, Set<StorvscFault> faults, long seed) {
        this(guestVersions, hostVersions, multiChannelVersion, hostMaxSubChannels, guestWanted, refusePercent, faults,
                seed, 0);
    }

    /**
     * Linux's versions against a host that speaks WIN8_1 and WIN8 (one REVISION_MISMATCH first), two sub-channels
     * granted of three wanted, no refusal: the quick model's shape (MCStorvscHandshake).
     *
     * @param seed the seed
     * @return the scenario
     */
    public static StorvscScenario basic(long seed) {
        return new StorvscScenario(StorvscGuestConfig.LINUX_VERSIONS, Set.of(0x0600, 0x0501), StorvscGuestConfig.WIN8,
                2, 3, 0, Set.of(), seed);
    }

    /** @return this scenario with another seed */
    public StorvscScenario withSeed(long s) {
        return new StorvscScenario(guestVersions, hostVersions, multiChannelVersion, hostMaxSubChannels, guestWanted,
                refusePercent, faults, s, hostSilences);
    }

    /** @return this scenario with these fault switches */
    public StorvscScenario withFaults(Set<StorvscFault> f) {
        return new StorvscScenario(guestVersions, hostVersions, multiChannelVersion, hostMaxSubChannels, guestWanted,
                refusePercent, f, seed, hostSilences);
    }

    /** @return this scenario with another host */
    public StorvscScenario withHost(Set<Integer> versions, int maxSub, int refuse) {
        return new StorvscScenario(guestVersions, versions, multiChannelVersion, maxSub, guestWanted, refuse, faults,
                seed, hostSilences);
    }

    /** @return this scenario with another sub-channel wish */
    public StorvscScenario withGuestWanted(int wanted) {
        return new StorvscScenario(guestVersions, hostVersions, multiChannelVersion, hostMaxSubChannels, wanted,
                refusePercent, faults, seed, hostSilences);
    }

    /** @return this scenario with a host that may leave up to {@code n} of the guest's waits unanswered */
    public StorvscScenario withHostSilences(int n) {
        return new StorvscScenario(guestVersions, hostVersions, multiChannelVersion, hostMaxSubChannels, guestWanted,
                refusePercent, faults, seed, n);
    }

    /** @return the guest's configuration */
    public StorvscGuestConfig guestConfig() {
        return new StorvscGuestConfig(guestVersions, multiChannelVersion, guestWanted,
                faults.contains(StorvscFault.H10));
    }

    /** @return the host's configuration */
    public StorvscHostConfig hostConfig() {
        return new StorvscHostConfig(hostVersions, multiChannelVersion, hostMaxSubChannels, refusePercent, seed);
    }
}
