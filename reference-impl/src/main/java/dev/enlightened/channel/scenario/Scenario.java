package dev.enlightened.channel.scenario;

import dev.enlightened.channel.Fault;
import dev.enlightened.host.HostFlavour;
import dev.enlightened.wire.ProtocolVersion;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One run's configuration: what the host offers, what the guest's drivers do, which spontaneous host events
 * happen (at seeded random points), and which fault switches are on.
 *
 * @param bootDevices        devices offered after REQUESTOFFERS
 * @param hotAddDevices      further devices the host may hot-add later
 * @param subChannels        sub-channels per device the host offers after a request (0: none)
 * @param guestVersions      versions the guest proposes, newest first
 * @param hostVersions       versions the host accepts
 * @param opensPerChannel    open/close cycles each channel key's driver makes
 * @param rescinds           rescinds the host makes at random points
 * @param hotAdds            hot-add offers (new or re-offered devices) at random points
 * @param unloads            UNLOAD + reconnect cycles at random points
 * @param restores           host save/restart/restore cycles at random points (VMM servicing)
 * @param reconnects         guest reconnects without UNLOAD (kexec, kdump) at random points
 * @param duplicateRescinds  repeated RESCINDs an untrusted host sends (H7's trigger)
 * @param ringPages          pages per ring (the ring GPADL holds twice as many)
 * @param relids             size of the host's relid pool
 * @param gpadlFailPercent   host refuses a GPADL with this chance
 * @param openFailPercent    host fails an OPENCHANNEL with this chance
 * @param faults             fault switches
 * @param seed               scheduler and host seed
 * @param isolated           an isolated (confidential) guest ({@code GuestConfig.isolated}): it refuses an agreed
 *                           version without {@code ISOLATED_GUESTS} (5.2), as Linux {@code vmbus_connect} does
 * @param hostFlavour        the real host the simulated host plays where real hosts differ ({@link HostFlavour})
 */
public record Scenario(int bootDevices, int hotAddDevices, int subChannels, List<ProtocolVersion> guestVersions,
        Set<ProtocolVersion> hostVersions, int opensPerChannel, int rescinds, int hotAdds, int unloads,
        int restores, int reconnects, int duplicateRescinds, int ringPages, int relids, int gpadlFailPercent,
        int openFailPercent, Set<Fault> faults, long seed, boolean isolated, HostFlavour hostFlavour) {

    /** An openvmm host. */
    public Scenario(int bootDevices, int hotAddDevices, int subChannels, List<ProtocolVersion> guestVersions,
            Set<ProtocolVersion> hostVersions, int opensPerChannel, int rescinds, int hotAdds, int unloads,
            int restores, int reconnects, int duplicateRescinds, int ringPages, int relids, int gpadlFailPercent,
            int openFailPercent, Set<Fault> faults, long seed, boolean isolated) {
        this(bootDevices, hotAddDevices, subChannels, guestVersions, hostVersions, opensPerChannel, rescinds, hotAdds,
                unloads, restores, reconnects, duplicateRescinds, ringPages, relids, gpadlFailPercent, openFailPercent,
                faults, seed, isolated, HostFlavour.OPENVMM);
    }

    /** A guest that is not isolated. */
    public Scenario(int bootDevices, int hotAddDevices, int subChannels, List<ProtocolVersion> guestVersions,
            Set<ProtocolVersion> hostVersions, int opensPerChannel, int rescinds, int hotAdds, int unloads,
            int restores, int reconnects, int duplicateRescinds, int ringPages, int relids, int gpadlFailPercent,
            int openFailPercent, Set<Fault> faults, long seed) {
        this(bootDevices, hotAddDevices, subChannels, guestVersions, hostVersions, opensPerChannel, rescinds, hotAdds,
                unloads, restores, reconnects, duplicateRescinds, ringPages, relids, gpadlFailPercent, openFailPercent,
                faults, seed, false, HostFlavour.OPENVMM);
    }

    /** Copies and checks ranges; the guest and host configs check the rest. */
    public Scenario {
        java.util.Objects.requireNonNull(hostFlavour, "hostFlavour");
        guestVersions = List.copyOf(guestVersions);
        hostVersions = Set.copyOf(hostVersions);
        faults = faults.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(faults));
        check("devices", bootDevices, 0, 64);
        check("hotAddDevices", hotAddDevices, 0, 64);
        check("subChannels", subChannels, 0, 8);
        check("opensPerChannel", opensPerChannel, 0, 100);
        check("rescinds", rescinds, 0, 1000);
        check("hotAdds", hotAdds, 0, 1000);
        check("unloads", unloads, 0, 100);
        check("restores", restores, 0, 100);
        check("reconnects", reconnects, 0, 100);
        check("duplicateRescinds", duplicateRescinds, 0, 1000);
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " out of range " + min + ".." + max + ": " + name + "="
                    + value);
        }
    }

    /**
     * A plain run: {@code devices} boot devices opened and closed once, no host events, both sides speaking
     * Windows Server 2019 and 2022 versions, rings of 16 pages (one GPADL_BODY per ring GPADL).
     *
     * @param devices boot devices
     * @param seed    the seed
     * @return the scenario
     */
    public static Scenario basic(int devices, long seed) {
        return new Scenario(devices, 0, 0, List.of(ProtocolVersion.WIN10_V5_3, ProtocolVersion.WIN10_V5_2),
                Set.of(ProtocolVersion.WIN10_V5_2, ProtocolVersion.WIN10_V5_3), 1, 0, 0, 0, 0, 0, 0, 16, 16, 0, 0,
                Set.of(), seed);
    }

    /** @return this scenario with another seed */
    public Scenario withSeed(long s) {
        return new Scenario(bootDevices, hotAddDevices, subChannels, guestVersions, hostVersions, opensPerChannel,
                rescinds, hotAdds, unloads, restores, reconnects, duplicateRescinds, ringPages, relids,
                gpadlFailPercent, openFailPercent, faults, s, isolated, hostFlavour);
    }

    /** @return this scenario with host events */
    public Scenario withEvents(int rescindCount, int hotAddCount, int unloadCount) {
        return new Scenario(bootDevices, hotAddDevices, subChannels, guestVersions, hostVersions, opensPerChannel,
                rescindCount, hotAddCount, unloadCount, restores, reconnects, duplicateRescinds, ringPages, relids,
                gpadlFailPercent, openFailPercent, faults, seed, isolated, hostFlavour);
    }

    /** @return this scenario with host restarts and guest reconnects without UNLOAD */
    public Scenario withEnvironment(int restoreCount, int reconnectCount) {
        return new Scenario(bootDevices, hotAddDevices, subChannels, guestVersions, hostVersions, opensPerChannel,
                rescinds, hotAdds, unloads, restoreCount, reconnectCount, duplicateRescinds, ringPages, relids,
                gpadlFailPercent, openFailPercent, faults, seed, isolated, hostFlavour);
    }

    /** @return this scenario with sub-channels and hot-add devices */
    public Scenario withDevices(int hotAdd, int subs) {
        return new Scenario(bootDevices, hotAdd, subs, guestVersions, hostVersions, opensPerChannel, rescinds,
                hotAdds, unloads, restores, reconnects, duplicateRescinds, ringPages, relids, gpadlFailPercent,
                openFailPercent, faults, seed, isolated, hostFlavour);
    }

    /** @return this scenario with other version sets */
    public Scenario withVersions(List<ProtocolVersion> guest, Set<ProtocolVersion> host) {
        return new Scenario(bootDevices, hotAddDevices, subChannels, guest, host, opensPerChannel, rescinds,
                hotAdds, unloads, restores, reconnects, duplicateRescinds, ringPages, relids, gpadlFailPercent,
                openFailPercent, faults, seed, isolated, hostFlavour);
    }

    /** @return this scenario with other open cycles, failure rates and ring size */
    public Scenario withOpens(int opens, int gpadlFail, int openFail, int pages) {
        return new Scenario(bootDevices, hotAddDevices, subChannels, guestVersions, hostVersions, opens, rescinds,
                hotAdds, unloads, restores, reconnects, duplicateRescinds, pages, relids, gpadlFail, openFail,
                faults, seed, isolated, hostFlavour);
    }

    /** @return this scenario with faults and duplicate rescinds */
    public Scenario withFaults(Set<Fault> f, int duplicates) {
        return new Scenario(bootDevices, hotAddDevices, subChannels, guestVersions, hostVersions, opensPerChannel,
                rescinds, hotAdds, unloads, restores, reconnects, duplicates, ringPages, relids, gpadlFailPercent,
                openFailPercent, f, seed, isolated, hostFlavour);
    }

    /** @return this scenario with an isolated (confidential) guest, or not */
    public Scenario withIsolated(boolean on) {
        return new Scenario(bootDevices, hotAddDevices, subChannels, guestVersions, hostVersions, opensPerChannel,
                rescinds, hotAdds, unloads, restores, reconnects, duplicateRescinds, ringPages, relids,
                gpadlFailPercent, openFailPercent, faults, seed, on, hostFlavour);
    }

    /** @return this scenario with a host of another flavour ({@link HostFlavour}) */
    public Scenario withHostFlavour(HostFlavour flavour) {
        return new Scenario(bootDevices, hotAddDevices, subChannels, guestVersions, hostVersions, opensPerChannel,
                rescinds, hotAdds, unloads, restores, reconnects, duplicateRescinds, ringPages, relids,
                gpadlFailPercent, openFailPercent, faults, seed, isolated, flavour);
    }

    /** @return true if the fault is on */
    public boolean has(Fault f) {
        return faults.contains(f);
    }
}
