package dev.enlightened.host;

import dev.enlightened.medium.Transport;
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

    /**
     * The message ports the host registers. openvmm's VTL0 server: {@code MESSAGE_CONNECTION_ID} (1) and
     * {@code MULTICLIENT_MESSAGE_CONNECTION_ID} (4), whatever versions it accepts (vmbus_server lib.rs
     * {@code VmbusServerBuilder::build}). Hyper-V from 5.0: the same two. A Hyper-V host older than 5.0 (no
     * version from {@link ProtocolVersion#WIN10_V5} in its set) has only 1: Linux {@code vmbus_post_msg}, "on old
     * hosts that only support VMBus protocol 4.0 or lower, here we get HV_STATUS_INVALID_CONNECTION_ID" for the
     * INITIATE_CONTACT posted on 4.
     *
     * @return the connection ids guest posts are accepted on
     */
    public Set<Integer> messagePorts() {
        boolean pre5 = versions.stream().noneMatch(v -> v.isAtLeast(ProtocolVersion.WIN10_V5));
        return flavour == HostFlavour.HYPERV && pre5 ? Set.of(Transport.MESSAGE_CONNECTION_ID)
                : Set.of(Transport.MESSAGE_CONNECTION_ID, Transport.MESSAGE_CONNECTION_ID_4);
    }

    /** @return the boot devices */
    public List<HostDevice> boot() {
        return devices.subList(0, bootDevices);
    }
}
