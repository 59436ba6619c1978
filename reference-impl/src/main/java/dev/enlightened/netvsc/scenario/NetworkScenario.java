package dev.enlightened.netvsc.scenario;

import dev.enlightened.netvsc.NetvscFault;
import java.util.EnumSet;
import java.util.Set;

/**
 * One network run: guests with a netvsc NIC each, their VSPs joined by the host's virtual switch.
 *
 * @param guests          NICs on the switch, 2..8
 * @param frames          about how many frames the guests send in all (ARP, echo requests and replies)
 * @param window          echo requests a guest keeps outstanding
 * @param ringBytes       data bytes of each primary channel ring (small, so the TX queue stops and wakes)
 * @param sendSectionSize send section size the host chooses (small, so large frames go GPA direct)
 * @param sendSections    send sections per guest
 * @param recvSections    receive sections per guest
 * @param maxRanges       frames per transfer-page packet at most
 * @param queues          channels each guest's driver asks for, 1..64 (Linux {@code num_chn}: the guest requests
 *                        num_chn - 1 sub-channels)
 * @param hostQueues      queues the host's VSP supports, 1..64 (it grants at most hostQueues - 1 sub-channels, as
 *                        openvmm approves up to max_queues - 1); the granted count, not the requested one, is
 *                        what the device runs on
 * @param faults          data-path fault switches
 * @param seed            scheduler and host seed
 * @param rndisLate       0, or n: each VSP answers its n-th RNDIS request (1: INITIALIZE, 2..4: the QUERYs, then
 *                        the SETs) only after the guest's wait for it timed out ({@link
 *                        dev.enlightened.netvsc.HostDataPath#answerLate}; a hostile or slow host, issue 12)
 */
public record NetworkScenario(int guests, int frames, int window, int ringBytes, int sendSectionSize,
        int sendSections, int recvSections, int maxRanges, int queues, int hostQueues, Set<NetvscFault> faults,
        long seed, int rndisLate) {

    /** A scenario whose hosts answer every RNDIS request in time. */
    public NetworkScenario(int guests, int frames, int window, int ringBytes, int sendSectionSize, int sendSections,
                           int recvSections, int maxRanges, int queues, int hostQueues, Set<NetvscFault> faults,
                           long seed) {
        this(guests, frames, window, ringBytes, sendSectionSize, sendSections, recvSections, maxRanges, queues,
                hostQueues, faults, seed, 0);
    }

    /**
     * Queues Linux uses for a 2-vCPU guest: {@code rndis_filter_device_add} takes {@code num_chn = min(max_chn,
     * device_info->num_chn)} with {@code max_chn} bounded by {@code num_online_cpus()} and the host's RSS queues.
     */
    public static final int DEFAULT_QUEUES = 2;
    /** The host's default: VRSS_CHANNEL_MAX, so it grants what is asked. */
    public static final int DEFAULT_HOST_QUEUES = 64;

    /** Copies and checks ranges. */
    public NetworkScenario {
        faults = faults.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(faults));
        check("guests", guests, 2, 8);
        check("frames", frames, 1, 1_000_000);
        check("window", window, 1, 256);
        check("ring bytes", ringBytes, 1024, 1 << 20);
        check("send section size", sendSectionSize, 128, 65536);
        check("send sections", sendSections, 1, 4096);
        check("receive sections", recvSections, 1, 4096);
        check("ranges", maxRanges, 1, 64);
        check("queues", queues, 1, 64);
        check("host queues", hostQueues, 1, 64);
        check("late RNDIS answer", rndisLate, 0, 7);
        if (ringBytes % 8 != 0) {
            throw new IllegalArgumentException("ring bytes must be a multiple of 8: ring_bytes=" + ringBytes);
        }
    }

    private static void check(String what, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(what + " out of range " + min + ".." + max + ": value=" + v);
        }
    }

    /**
     * The default run: 1 KiB sections (frames over about 1 KiB go GPA direct), 32 send and 32 receive sections,
     * a 1 KiB ring (the queue stops below 103 free bytes and wakes above 215), two frames per transfer-page
     * packet, sixteen echo requests outstanding.
     */
    public static NetworkScenario basic(int guests, int frames, Set<NetvscFault> faults, long seed) {
        return basic(guests, frames, DEFAULT_QUEUES, DEFAULT_HOST_QUEUES, faults, seed);
    }

    /** {@link #basic(int, int, Set, long)} with the queues the guests ask for and the host supports. */
    public static NetworkScenario basic(int guests, int frames, int queues, int hostQueues, Set<NetvscFault> faults,
                                        long seed) {
        return new NetworkScenario(guests, frames, 16, 1024, 1024, 32, 32, 2, queues, hostQueues, faults, seed);
    }

    /** @return this scenario with its hosts answering their n-th RNDIS request late (0: none) */
    public NetworkScenario withRndisLate(int n) {
        return new NetworkScenario(guests, frames, window, ringBytes, sendSectionSize, sendSections, recvSections,
                maxRanges, queues, hostQueues, faults, seed, n);
    }

    /**
     * @return the queues each device runs on: 1 + the sub-channels granted, min(queues - 1, hostQueues - 1)
     *     (Linux {@code rndis_set_subchannel}: {@code num_chn = 1 + num_subchannels} of the completion)
     */
    public int grantedQueues() {
        return 1 + Math.min(queues - 1, hostQueues - 1);
    }

    /** @return echo requests each guest sends so that all guests together send about {@link #frames} frames */
    public int requestsPerGuest() {
        return Math.max(1, (frames / guests - 2) / 2);
    }
}
