package dev.enlightened.wire.vstor;

/**
 * {@code enum vstor_packet_operation} (Linux storvsc_drv.c; openvmm {@code Operation}), with the union member each
 * request carries. EVENT_NOTIFICATION (14) is openvmm-only.
 */
public enum VstorOperation {
    /** Completion of a request; its union is the member of the request it answers. */
    COMPLETE_IO(1, VstorMember.NONE),
    /** Host: a LUN was removed (trans_id 0). */
    REMOVE_DEVICE(2, VstorMember.NONE),
    /** A SCSI request ({@code vmscsi_request}). */
    EXECUTE_SRB(3, VstorMember.SCSI_REQUEST),
    /** Reset one LUN. */
    RESET_LUN(4, VstorMember.NONE),
    /** Reset the adapter. */
    RESET_ADAPTER(5, VstorMember.NONE),
    /** Reset the bus (Linux trans_id VMBUS_RQST_RESET). */
    RESET_BUS(6, VstorMember.NONE),
    /** First init step. */
    BEGIN_INITIALIZATION(7, VstorMember.NONE),
    /** Last init step. */
    END_INITIALIZATION(8, VstorMember.NONE),
    /** Proposes one protocol version ({@code vmstorage_protocol_version}). */
    QUERY_PROTOCOL_VERSION(9, VstorMember.PROTOCOL_VERSION),
    /** Asks for {@code vmstorage_channel_properties} (answered in the completion's union). */
    QUERY_PROPERTIES(10, VstorMember.NONE),
    /** Host: rescan the bus (trans_id 0). */
    ENUMERATE_BUS(11, VstorMember.NONE),
    /** Fibre Channel HBA data (FC only; not modelled). */
    FCHBA_DATA(12, VstorMember.NONE),
    /** Asks the host for {@code sub_channel_count} sub-channels. */
    CREATE_SUB_CHANNELS(13, VstorMember.SUB_CHANNEL_COUNT),
    /** openvmm only. */
    EVENT_NOTIFICATION(14, VstorMember.NONE);

    private static final VstorOperation[] BY_CODE = new VstorOperation[15];

    static {
        for (VstorOperation o : values()) {
            BY_CODE[o.code] = o;
        }
    }

    private final int code;
    private final VstorMember requestMember;

    VstorOperation(int code, VstorMember requestMember) {
        this.code = code;
        this.requestMember = requestMember;
    }

    /** @return the u32 on the wire */
    public int code() {
        return code;
    }

    /** @return the union member a packet with this operation carries (COMPLETE_IO: decided by the caller) */
    public VstorMember requestMember() {
        return requestMember;
    }

    /** @return the operation with this code, or null if undefined */
    public static VstorOperation fromCode(long code) {
        return code >= 1 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }
}
