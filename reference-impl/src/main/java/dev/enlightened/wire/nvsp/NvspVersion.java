package dev.enlightened.wire.nvsp;

import java.util.List;
import java.util.Optional;

/**
 * NVSP protocol versions, {@code (major << 16) | minor} (openvmm {@code protocol::Version}, Linux
 * {@code NVSP_PROTOCOL_VERSION_*}). Linux proposes them newest first ({@code netvsc_connect_vsp}).
 */
public enum NvspVersion {
    /** {@code NVSP_PROTOCOL_VERSION_1}, 0.2. */
    V1(0x2),
    /** {@code NVSP_PROTOCOL_VERSION_2}, 3.2: the guest then sends SEND_NDIS_CONFIG. */
    V2(0x30002),
    /** {@code NVSP_PROTOCOL_VERSION_4}. */
    V4(0x40000),
    /** {@code NVSP_PROTOCOL_VERSION_5}: SUBCHANNEL (vRSS) and NDIS 6.30. */
    V5(0x50000),
    /** {@code NVSP_PROTOCOL_VERSION_6}. */
    V6(0x60000),
    /** {@code NVSP_PROTOCOL_VERSION_61}. */
    V61(0x60001);

    private final int value;

    NvspVersion(int value) {
        this.value = value;
    }

    /** @return the u32 on the wire */
    public int value() {
        return value;
    }

    /** @return true if SUBCHANNEL (133) exists in this version */
    public boolean hasSubchannels() {
        return compareTo(V5) >= 0;
    }

    /** @return every version, newest first: the order Linux proposes them in */
    public static List<NvspVersion> newestFirst() {
        return List.of(V61, V6, V5, V4, V2, V1);
    }

    /** @return the version with this wire value, if any */
    public static Optional<NvspVersion> of(int value) {
        for (NvspVersion v : values()) {
            if (v.value == value) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
