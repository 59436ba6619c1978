package dev.enlightened.wire.rndis;

import java.util.Optional;

/**
 * The NDIS object identifiers netvsc queries and sets during bring-up (Linux {@code include/linux/rndis.h}
 * {@code RNDIS_OID_*}, openvmm {@code rndisprot.rs} {@code Oid}), each with the info-buffer length it carries.
 */
public enum RndisOid {
    /** u32: largest frame without the Ethernet header; Linux rndis_filter_query_device reads it as the MTU. */
    GEN_MAXIMUM_FRAME_SIZE(0x00010106, 4),
    /** u32 filter bits ({@code NDIS_PACKET_TYPE_*}); Linux rndis_filter_set_packet_filter. */
    GEN_CURRENT_PACKET_FILTER(0x0001010E, 4),
    /** u32: 0 connected, 1 disconnected (Linux rndis_filter_query_device_link_status). */
    GEN_MEDIA_CONNECT_STATUS(0x00010114, 4),
    /**
     * {@link RssParameters}: the RSS key, hash types and indirection table (Linux hyperv_net.h
     * {@code OID_GEN_RECEIVE_SCALE_PARAMETERS}, set by rndis_set_rss_param_msg; its length is Linux's).
     */
    GEN_RECEIVE_SCALE_PARAMETERS(0x00010204, RssParameters.LINUX_LENGTH),
    /** 6 bytes: the burned-in MAC (Linux rndis_filter_query_device_mac reads the permanent address). */
    ETH_PERMANENT_ADDRESS(0x01010101, 6),
    /** 6 bytes: the MAC in use. */
    ETH_CURRENT_ADDRESS(0x01010102, 6);

    /** {@code NDIS_PACKET_TYPE_DIRECTED}. */
    public static final int FILTER_DIRECTED = 0x1;
    /** {@code NDIS_PACKET_TYPE_ALL_MULTICAST}. */
    public static final int FILTER_ALL_MULTICAST = 0x4;
    /** {@code NDIS_PACKET_TYPE_BROADCAST}. */
    public static final int FILTER_BROADCAST = 0x8;
    /** {@code NDIS_PACKET_TYPE_PROMISCUOUS}. */
    public static final int FILTER_PROMISCUOUS = 0x20;
    /** {@code NdisMediaStateConnected}. */
    public static final int MEDIA_CONNECTED = 0;
    /** {@code NdisMediaStateDisconnected}. */
    public static final int MEDIA_DISCONNECTED = 1;

    private final int number;
    private final int infoLength;

    RndisOid(int number, int infoLength) {
        this.number = number;
        this.infoLength = infoLength;
    }

    /** @return the u32 OID */
    public int number() {
        return number;
    }

    /** @return bytes of the value a query returns or a set carries */
    public int infoLength() {
        return infoLength;
    }

    /** @return the row for a u32 OID, if any */
    public static Optional<RndisOid> of(int number) {
        for (RndisOid o : values()) {
            if (o.number == number) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }
}
