package dev.enlightened.host;

import dev.enlightened.wire.ProtocolVersion;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * How the simulated host is configured.
 *
 * @param devices            every device it may offer; the first {@code bootDevices} are offered after
 *                           REQUESTOFFERS, the others only as hot-adds
 * @param bootDevices        how many devices are offered at boot, before ALLOFFERS_DELIVERED
 * @param maxSubChannels     sub-channels per device offered after a sub-channel request (indices 1..n)
 * @param versions           versions the host accepts
 * @param relids             relids 1..relids the host may assign (a small pool makes reuse happen)
 * @param gpadlFailPercent   chance that a GPADL is refused (creation_status != 0), 0..100
 * @param openFailPercent    chance that an OPENCHANNEL fails (status != 0), 0..100
 * @param dropGpadlOnRevoked H9: drop a GPADL_HEADER for a rescinded channel instead of answering it
 * @param offersAtRestoreUnrequested openvmm before e7619ae5d: a host restored after INITIATE_CONTACT and before
 *                           REQUESTOFFERS offers every channel it did not save "because the guest has connected"
 * @param flavour            the real host it plays where real hosts differ on the wire ({@link HostFlavour})
 */
public record HostConfig(List<HostDevice> devices, int bootDevices, int maxSubChannels,
        Set<ProtocolVersion> versions, int relids, int gpadlFailPercent, int openFailPercent,
        boolean dropGpadlOnRevoked, boolean offersAtRestoreUnrequested, HostFlavour flavour) {
    /** An openvmm host. */
    public HostConfig(List<HostDevice> devices, int bootDevices, int maxSubChannels, Set<ProtocolVersion> versions,
            int relids, int gpadlFailPercent, int openFailPercent, boolean dropGpadlOnRevoked,
            boolean offersAtRestoreUnrequested) {
        this(devices, bootDevices, maxSubChannels, versions, relids, gpadlFailPercent, openFailPercent,
                dropGpadlOnRevoked, offersAtRestoreUnrequested, HostFlavour.OPENVMM);
    }

    /** The correct restore (no e7619ae5d fault): the configuration of every run without restarts. */
    public HostConfig(List<HostDevice> devices, int bootDevices, int maxSubChannels, Set<ProtocolVersion> versions,
            int relids, int gpadlFailPercent, int openFailPercent, boolean dropGpadlOnRevoked) {
        this(devices, bootDevices, maxSubChannels, versions, relids, gpadlFailPercent, openFailPercent,
                dropGpadlOnRevoked, false);
    }

    /** Copies and checks. */
    public HostConfig {
        java.util.Objects.requireNonNull(flavour, "flavour");
        devices = List.copyOf(devices);
        versions = versions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(versions));
        check("bootDevices", bootDevices, 0, devices.size());
        check("maxSubChannels", maxSubChannels, 0, 64);
        check("relids", relids, 1, 2047);
        check("gpadlFailPercent", gpadlFailPercent, 0, 100);
        check("openFailPercent", openFailPercent, 0, 100);
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " out of range " + min + ".." + max + ": " + name + "="
                    + value);
        }
    }

    /** @return the boot devices */
    public List<HostDevice> boot() {
        return devices.subList(0, bootDevices);
    }
}
