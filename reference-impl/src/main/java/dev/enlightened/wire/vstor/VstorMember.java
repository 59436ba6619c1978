package dev.enlightened.wire.vstor;

/** Which member of the vstor_packet union (offset 12, 52 bytes) a packet carries. */
public enum VstorMember {
    /** The union is not read (written as zeros). */
    NONE,
    /** {@code vmstorage_protocol_version}. */
    PROTOCOL_VERSION,
    /** {@code vmstorage_channel_properties}. */
    CHANNEL_PROPERTIES,
    /** {@code u16 sub_channel_count}. */
    SUB_CHANNEL_COUNT,
    /** {@code vmscsi_request}. */
    SCSI_REQUEST
}
