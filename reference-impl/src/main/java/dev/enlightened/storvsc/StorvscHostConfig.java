package dev.enlightened.storvsc;

import java.util.Set;

/**
 * The simulated host VSP's configuration (StorvscHandshake constants).
 *
 * @param acceptedVersions    versions the host accepts (one element of the spec's HostVersionSets)
 * @param multiChannelVersion oldest version with multi-channel (openvmm: Win8 0x0501)
 * @param maxSubChannels      {@code max_channel_cnt} (openvmm channel_control.max_subchannels)
 * @param refusePercent       chance that enable_subchannels fails: CREATE_SUB_CHANNELS answered INVALID_PARAMETER
 * @param seed                seed of that choice
 */
public record StorvscHostConfig(Set<Integer> acceptedVersions, int multiChannelVersion, int maxSubChannels,
        int refusePercent, long seed) {
    /** @throws IllegalArgumentException if a bound is out of range */
    public StorvscHostConfig {
        acceptedVersions = Set.copyOf(acceptedVersions);
        if (maxSubChannels < 0 || maxSubChannels > 0xFFFF) {
            throw new IllegalArgumentException("max sub-channels out of range 0..65535: max=" + maxSubChannels);
        }
        if (refusePercent < 0 || refusePercent > 100) {
            throw new IllegalArgumentException("refuse percent out of range 0..100: percent=" + refusePercent);
        }
    }
}
