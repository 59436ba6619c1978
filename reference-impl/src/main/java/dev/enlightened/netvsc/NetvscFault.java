package dev.enlightened.netvsc;

import java.util.Arrays;
import java.util.Optional;

/**
 * Fault switches of the netvsc guest: H11 and wait-requested re-create a wrong wait of NetvscSubchannels' GuestWaitsFor
 * variants; section-reuse and lost-tx-wake the data-path bug classes of NetvscDataPath; rndis-wrong-id (a host
 * fault) NetvscRndis' HostIds = "Shifted"; rss-wrong-queue (a host fault) breaks TraceNetvscDevice's RSS steering
 * rule.
 */
public enum NetvscFault {
    /**
     * H11 (Linux before 732e49850c5e): the guest proceeds as soon as the SUBCHANNEL completion wakes it, with
     * sub-channels not yet opened (spec GuestWaitsFor = "Completion").
     */
    H11("H11"),
    /**
     * The guest waits until n sub-channels are open, n being what it asked for, not the m the host granted
     * (spec GuestWaitsFor = "Requested"): it hangs whenever m &lt; n.
     */
    WAIT_REQUESTED("wait-requested"),
    /**
     * The data path frees a send-buffer section as soon as the send is on the ring, not on its completion (spec
     * NetvscDataPath SectionFreedOn = "Send"): the next frame reuses the section while the host may still read
     * it, so the host reads the wrong frame.
     */
    SECTION_REUSED_BEFORE_COMPLETION("section-reuse"),
    /**
     * The TX queue is woken only on the high watermark (spec WakeRule = "WatermarkOnly", and no re-check after
     * a low-water stop as Linux before 93aa4792c390): a stop that races the last completion leaves the queue
     * stopped with nothing pending, and nothing ever wakes it.
     */
    LOST_TX_WAKE("lost-tx-wake"),
    /**
     * The simulated host answers an RNDIS QUERY with the next request id instead of the request's own (spec
     * NetvscRndis HostIds = "Shifted"): a completion matched to the wrong request. The guest refuses it and the
     * bring-up fails, as Linux rndis_filter_receive_response finds no request for that id.
     */
    RNDIS_WRONG_ID("rndis-wrong-id"),
    /**
     * The simulated host indexes the guest's RSS indirection table with the hash's top bits instead of its low
     * bits (NDIS: {@code hash & (entries - 1)}): a received frame lands on another queue than the one the
     * guest's table names for its hash. TraceNetvscDevice's steering rule rejects the HostSendsRxPacket.
     */
    RSS_WRONG_QUEUE("rss-wrong-queue");

    private final String cliName;

    NetvscFault(String cliName) {
        this.cliName = cliName;
    }

    /** @return the name on the command line ({@code --fault NAME}) */
    public String cliName() {
        return cliName;
    }

    /** @return the fault with this command-line name (case-insensitive), if any */
    public static Optional<NetvscFault> byName(String name) {
        return Arrays.stream(values()).filter(f -> f.cliName.equalsIgnoreCase(name)).findFirst();
    }
}
