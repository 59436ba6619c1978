package dev.enlightened.netvsc;

import dev.enlightened.wire.nvsp.NvspVersion;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the guest driver is given: the sub-channels it asks for, the GPADL handles and sizes of its receive and
 * send buffers (established by the channel layer before NVSP starts), the versions it proposes and its faults.
 *
 * @param requested   n, sub-channels to ask for (Linux: num_chn - 1, from the CPU count and the RSS caps)
 * @param recvGpadl   GPADL handle of the receive buffer
 * @param recvBytes   receive buffer size
 * @param sendGpadl   GPADL handle of the send buffer
 * @param sendBytes   send buffer size
 * @param versions    versions proposed, newest first
 * @param faults      fault switches
 */
public record NetvscGuestConfig(int requested, int recvGpadl, int recvBytes, int sendGpadl, int sendBytes,
        List<NvspVersion> versions, Set<NetvscFault> faults) {

    /** Linux {@code NETVSC_MTU_MIN} (ETH_MIN_MTU): the smallest section either buffer may have. */
    public static final int SECTION_MIN = 68;
    /** The most sub-channels Linux asks for ({@code VRSS_CHANNEL_MAX} 64, minus the primary). */
    public static final int MAX_REQUESTED = 63;

    /** @throws IllegalArgumentException on an impossible configuration */
    public NetvscGuestConfig {
        versions = List.copyOf(versions);
        faults = faults.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(faults));
        if (requested < 1 || requested > MAX_REQUESTED) {
            throw new IllegalArgumentException("requested out of range 1.." + MAX_REQUESTED + ": requested="
                    + requested);
        }
        if (recvGpadl == 0 || sendGpadl == 0 || recvBytes < SECTION_MIN || sendBytes < SECTION_MIN) {
            throw new IllegalArgumentException("invalid buffers: recv_gpadl=" + recvGpadl + " recv_bytes="
                    + recvBytes + " send_gpadl=" + sendGpadl + " send_bytes=" + sendBytes);
        }
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("no NVSP version to propose");
        }
    }

    /** Linux defaults: every version, 16 MiB receive and 1 MiB send buffers, with the given handles. */
    public static NetvscGuestConfig linux(int requested, int recvGpadl, int sendGpadl, Set<NetvscFault> faults) {
        return new NetvscGuestConfig(requested, recvGpadl, 16 << 20, sendGpadl, 1 << 20, NvspVersion.newestFirst(),
                faults);
    }
}
