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
 * @param faults          data-path fault switches
 * @param seed            scheduler and host seed
 */
public record NetworkScenario(int guests, int frames, int window, int ringBytes, int sendSectionSize,
        int sendSections, int recvSections, int maxRanges, Set<NetvscFault> faults, long seed) {

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
        return new NetworkScenario(guests, frames, 16, 1024, 1024, 32, 32, 2, faults, seed);
    }

    /** @return echo requests each guest sends so that all guests together send about {@link #frames} frames */
    public int requestsPerGuest() {
        return Math.max(1, (frames / guests - 2) / 2);
    }
}
