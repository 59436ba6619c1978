package dev.enlightened.wire.vstor;

/** The NTSTATUS values of {@code vstor_packet.status} that the handshake uses (openvmm storvsp). */
public final class VstorStatus {
    /** STATUS_SUCCESS. */
    public static final int SUCCESS = 0;
    /** STATUS_REVISION_MISMATCH: the host does not speak the queried version. */
    public static final int REVISION_MISMATCH = 0xC0000059;
    /** STATUS_INVALID_DEVICE_STATE: a packet out of the init order. */
    public static final int INVALID_DEVICE_STATE = 0xC0000184;
    /** STATUS_INVALID_PARAMETER: CREATE_SUB_CHANNELS refused (enable_subchannels failed). */
    public static final int INVALID_PARAMETER = 0xC000000D;

    private VstorStatus() {
    }

    /** @return the spec's name of a status (StorvscHandshake {@code Statuses}), or {@code Other(0x..)} */
    public static String specName(int status) {
        return switch (status) {
            case SUCCESS -> "Success";
            case REVISION_MISMATCH -> "RevisionMismatch";
            case INVALID_DEVICE_STATE -> "InvalidDeviceState";
            case INVALID_PARAMETER -> "InvalidParameter";
            default -> "Other(0x" + Integer.toHexString(status) + ")";
        };
    }
}
