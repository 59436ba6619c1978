package dev.enlightened.netvsc;

import dev.enlightened.wire.nvsp.NvspVersion;
import java.util.Map;

/**
 * The simulated VSP's behaviour.
 *
 * @param maxVersion      newest NVSP version it accepts (openvmm: V61)
 * @param capacity        sub-channels it can give (openvmm: its queue count minus the primary); it grants
 *                        m = min(n, capacity)
 * @param refusesAllocate answers SUBCHANNEL with FAILURE
 * @param recvSectionSize receive section size it cuts the receive buffer into
 * @param sendSectionSize send section size it chooses
 * @param gpadlBytes      sizes of the GPADLs the guest established, by handle (what the channel layer told it)
 */
public record NetvscHostConfig(NvspVersion maxVersion, int capacity, boolean refusesAllocate, int recvSectionSize,
        int sendSectionSize, Map<Integer, Integer> gpadlBytes) {

    /** Linux's NETVSC_SEND_SECTION_SIZE, used as the host's choice. */
    public static final int DEFAULT_SEND_SECTION = 6144;
    /** A receive section big enough for one jumbo-less frame plus RNDIS header. */
    public static final int DEFAULT_RECV_SECTION = 1728;

    /** @throws IllegalArgumentException on a negative capacity or section sizes of 0 */
    public NetvscHostConfig {
        gpadlBytes = Map.copyOf(gpadlBytes);
        if (capacity < 0 || recvSectionSize <= 0 || sendSectionSize <= 0) {
            throw new IllegalArgumentException("invalid host config: capacity=" + capacity + " recv_section="
                    + recvSectionSize + " send_section=" + sendSectionSize);
        }
    }
}
