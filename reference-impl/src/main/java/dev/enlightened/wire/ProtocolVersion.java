package dev.enlightened.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * VMBus protocol versions, {@code (major << 16) | minor}, as named in Linux {@code include/linux/hyperv.h}
 * ({@code VERSION_WS2008} ... {@code VERSION_WIN10_V5_3}, plus 6.0) with openvmm's names in the comments
 * (vmbus-protocol digest §1.2). Declared oldest first, so {@link #compareTo} orders by protocol age.
 */
public enum ProtocolVersion {
    /** 0.13, Windows Server 2008 (openvmm {@code V1}). */
    WS2008(0, 13),
    /** 1.1, Windows 7 / WS2008 R2 (openvmm {@code Win7}). */
    WIN7(1, 1),
    /** 2.4, Windows 8 / WS2012 (openvmm {@code Win8}); the oldest version modern Linux offers. */
    WIN8(2, 4),
    /** 3.0, Windows 8.1 / WS2012 R2 (openvmm {@code Win8_1}). */
    WIN8_1(3, 0),
    /** 4.0, Windows 10 (openvmm {@code Win10}). */
    WIN10(4, 0),
    /** 4.1, Windows 10 RS3 (openvmm {@code Win10Rs3_0}). */
    WIN10_V4_1(4, 1),
    /** 5.0, newer Windows 10 (openvmm {@code Win10Rs3_1}). */
    WIN10_V5(5, 0),
    /** 5.1, Windows 10 RS4 (openvmm {@code Win10Rs4}). */
    WIN10_V5_1(5, 1),
    /** 5.2, Windows Server 2019 (openvmm {@code Win10Rs5}). */
    WIN10_V5_2(5, 2),
    /** 5.3, Windows Server 2022 (openvmm {@code Iron}). */
    WIN10_V5_3(5, 3),
    /** 6.0, newer hosts (openvmm {@code Copper}); adds feature-flag negotiation. */
    WIN10_V6_0(6, 0);

    private final int major;
    private final int minor;

    ProtocolVersion(int major, int minor) {
        this.major = major;
        this.minor = minor;
    }

    /** @return the major number (high 16 bits of the wire value) */
    public int major() {
        return major;
    }

    /** @return the minor number (low 16 bits of the wire value) */
    public int minor() {
        return minor;
    }

    /** @return the wire value {@code (major << 16) | minor}, as in INITIATE_CONTACT {@code version_requested} */
    public int value() {
        return (major << 16) | minor;
    }

    /**
     * @param value a wire version value
     * @return the named version, or empty for a value no host or guest defines
     */
    public static Optional<ProtocolVersion> fromValue(int value) {
        for (ProtocolVersion v : values()) {
            if (v.value() == value) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** @return the newest version, the first one a guest proposes */
    public static ProtocolVersion newest() {
        ProtocolVersion[] all = values();
        return all[all.length - 1];
    }

    /**
     * @param other a version
     * @return true if this version is {@code other} or newer
     */
    public boolean isAtLeast(ProtocolVersion other) {
        return compareTo(other) >= 0;
    }

    /**
     * @param feature a protocol feature
     * @return true if a connection at this version may use {@code feature}
     */
    public boolean supports(Feature feature) {
        return isAtLeast(feature.minVersion());
    }

    @Override
    public String toString() {
        return name() + "(" + major + "." + minor + ")";
    }

    /**
     * @param names comma-separated {@code M.m} names ((major << 16) | minor), e.g. {@code 5.3,4.0}
     * @return the versions in the order given
     * @throws IllegalArgumentException for a name that is no known version, or one given twice
     */
    public static List<ProtocolVersion> parseList(String names) {
        List<ProtocolVersion> out = new ArrayList<>();
        for (String n : names.split(",", -1)) {
            String[] mm = n.trim().split("\\.", -1);
            ProtocolVersion v = mm.length != 2 || !mm[0].matches("\\d{1,2}") || !mm[1].matches("\\d{1,2}") ? null
                    : fromValue((Integer.parseInt(mm[0]) << 16) | Integer.parseInt(mm[1])).orElse(null);
            if (v == null || out.contains(v)) {
                throw new IllegalArgumentException("unknown or repeated VMBus version (M.m, e.g. 5.3 or 1.1): version="
                        + n.trim());
            }
            out.add(v);
        }
        return out;
    }

    /** What each version gates, from code gating in Linux and openvmm (vmbus-protocol digest §1.2). */
    public enum Feature {
        /** Offer {@code is_dedicated_interrupt} and {@code connection_id} are honoured (ignored for WS2008). */
        OFFER_SIGNAL_PARAMETERS(WIN7),
        /** UNLOAD_RESPONSE exists. */
        UNLOAD_RESPONSE(WIN7),
        /** Multi-channel: offer {@code sub_channel_index}. */
        SUB_CHANNELS(WIN8),
        /** OPENCHANNEL {@code target_vp} honoured (before, all interrupts go to CPU 0). */
        TARGET_VP(WIN8),
        /** Host-to-guest signals set bit {@code relid} in the SINT2 event flags. */
        PER_CHANNEL_EVENT_FLAGS(WIN8),
        /** UNLOAD usable for reconnect (Linux {@code vmbus_initiate_unload} returns early below 3.0). */
        UNLOAD_RECONNECT(WIN8_1),
        /** TL_CONNECT_REQUEST (hv_sock). */
        TL_CONNECT(WIN10),
        /** Reserved (debugger) channels, messages 18-20. */
        RESERVED_CHANNELS(WIN10),
        /** MODIFYCHANNEL (not acknowledged before 5.3). */
        MODIFY_CHANNEL(WIN10_V4_1),
        /** TL_CONNECT_RESULT. */
        TL_CONNECT_RESULT(WIN10_V4_1),
        /** INITIATE_CONTACT on connection id 4 with {@code msg_sint}; later messages on {@code msg_conn_id}. */
        MESSAGE_CONNECTION_ID(WIN10_V5),
        /** TL_CONNECT_REQUEST carries {@code silo_id}. */
        TL_CONNECT_SILO_ID(WIN10_V5_2),
        /** Linux requires this version for isolated (confidential) guests. */
        ISOLATED_GUESTS(WIN10_V5_2),
        /** MODIFYCHANNEL acknowledged by MODIFYCHANNEL_RESPONSE. */
        MODIFY_CHANNEL_RESPONSE(WIN10_V5_3),
        /** Feature flags in VERSION_RESPONSE {@code supported_features} (openvmm {@code FeatureFlags}). */
        FEATURE_FLAGS(WIN10_V6_0);

        private final ProtocolVersion minVersion;

        Feature(ProtocolVersion minVersion) {
            this.minVersion = minVersion;
        }

        /** @return the oldest version that has this feature */
        public ProtocolVersion minVersion() {
            return minVersion;
        }
    }
}
