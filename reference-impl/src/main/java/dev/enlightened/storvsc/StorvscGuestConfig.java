package dev.enlightened.storvsc;

import java.util.List;

/**
 * The guest's side of the handshake (StorvscHandshake constants).
 *
 * @param versions            protocol versions, newest first, {@code (major << 8) | minor} (Linux: 0x0602, 0x0600,
 *                            0x0501)
 * @param multiChannelVersion oldest version with multi-channel (Win8 0x0501)
 * @param wantedSubChannels   sub-channels wanted (Linux: online CPUs - 1)
 * @param probePathOpens      fault H10: the probe path also opens every sub-channel on sc_list after the
 *                            CREATE_SUB_CHANNELS completion (Linux before c967590457ca)
 */
public record StorvscGuestConfig(List<Integer> versions, int multiChannelVersion, int wantedSubChannels,
        boolean probePathOpens) {
    /** Linux's list: WIN10 6.2, WIN8_1 6.0, WIN8 5.1. */
    public static final List<Integer> LINUX_VERSIONS = List.of(0x0602, 0x0600, 0x0501);
    /** Win8 5.1. */
    public static final int WIN8 = 0x0501;

    /** @throws IllegalArgumentException unless the versions are distinct u16s, newest first, and bounds fit */
    public StorvscGuestConfig {
        versions = List.copyOf(versions);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("guest needs at least one version");
        }
        for (int i = 0; i < versions.size(); i++) {
            int v = versions.get(i);
            if (v < 0 || v > 0xFFFF || i > 0 && v >= versions.get(i - 1)) {
                throw new IllegalArgumentException("versions must be u16s, strictly newest first: versions="
                        + versions);
            }
        }
        if (wantedSubChannels < 0 || wantedSubChannels > 0xFFFF) {
            throw new IllegalArgumentException("wanted sub-channels out of range 0..65535: wanted="
                    + wantedSubChannels);
        }
    }
}
