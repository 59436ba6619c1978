package dev.enlightened.wire.vstor;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The vstor_packet union at offset {@value VstorPacket#UNION_OFFSET} (0x34 bytes). Offsets below are relative to
 * the packet start. Each record checks its ranges when built by our own code; {@link VstorCodec} decodes them.
 */
public sealed interface VstorPayload {

    /** @return which union member this is */
    VstorMember member();

    /** Writes the member into a zeroed 64-byte little-endian buffer. */
    void write(ByteBuffer packet);

    /** No member: the union is zero on the wire and ignored on receipt. */
    record None() implements VstorPayload {
        /** The one instance. */
        public static final None INSTANCE = new None();

        @Override
        public VstorMember member() {
            return VstorMember.NONE;
        }

        @Override
        public void write(ByteBuffer packet) {
        }
    }

    /**
     * {@code struct vmstorage_protocol_version}: {@code u16 major_minor @12; u16 revision @14} (Linux sends 0).
     *
     * @param majorMinor {@code (major << 8) | minor}, e.g. 0x0602 WIN10
     * @param revision   revision (0)
     */
    record ProtocolVersion(int majorMinor, int revision) implements VstorPayload {
        /** Offset of {@code major_minor}. */
        public static final int MAJOR_MINOR_OFFSET = 12;
        /** Offset of {@code revision}. */
        public static final int REVISION_OFFSET = 14;

        /** @throws IllegalArgumentException if a field does not fit a u16 */
        public ProtocolVersion {
            VstorPacket.requireU16("major_minor", majorMinor);
            VstorPacket.requireU16("revision", revision);
        }

        @Override
        public VstorMember member() {
            return VstorMember.PROTOCOL_VERSION;
        }

        @Override
        public void write(ByteBuffer packet) {
            packet.putShort(MAJOR_MINOR_OFFSET, (short) majorMinor);
            packet.putShort(REVISION_OFFSET, (short) revision);
        }
    }

    /**
     * {@code struct vmstorage_channel_properties}: {@code u32 reserved @12; u16 max_channel_cnt @16; u16 reserved1
     * @18; u32 flags @20; u32 max_transfer_bytes @24; u64 reserved2 @28} (ends at 36).
     *
     * @param maxChannelCount  sub-channels the host can create (openvmm {@code max_subchannels})
     * @param flags            0x1 SUPPORTS_MULTI_CHANNEL
     * @param maxTransferBytes largest transfer per request
     */
    record ChannelProperties(int maxChannelCount, int flags, int maxTransferBytes) implements VstorPayload {
        /** Offset of {@code reserved}. */
        public static final int RESERVED_OFFSET = 12;
        /** Offset of {@code max_channel_cnt}. */
        public static final int MAX_CHANNEL_CNT_OFFSET = 16;
        /** Offset of {@code reserved1}. */
        public static final int RESERVED1_OFFSET = 18;
        /** Offset of {@code flags}. */
        public static final int FLAGS_OFFSET = 20;
        /** Offset of {@code max_transfer_bytes}. */
        public static final int MAX_TRANSFER_BYTES_OFFSET = 24;
        /** Offset of {@code reserved2}. */
        public static final int RESERVED2_OFFSET = 28;
        /** {@code STORAGE_CHANNEL_SUPPORTS_MULTI_CHANNEL}. */
        public static final int SUPPORTS_MULTI_CHANNEL = 0x1;

        /** @throws IllegalArgumentException if max_channel_cnt does not fit a u16 */
        public ChannelProperties {
            VstorPacket.requireU16("max_channel_cnt", maxChannelCount);
        }

        /** @return true if the host offers multi-channel */
        public boolean supportsMultiChannel() {
            return (flags & SUPPORTS_MULTI_CHANNEL) != 0;
        }

        @Override
        public VstorMember member() {
            return VstorMember.CHANNEL_PROPERTIES;
        }

        @Override
        public void write(ByteBuffer packet) {
            packet.putShort(MAX_CHANNEL_CNT_OFFSET, (short) maxChannelCount);
            packet.putInt(FLAGS_OFFSET, flags);
            packet.putInt(MAX_TRANSFER_BYTES_OFFSET, maxTransferBytes);
        }
    }

    /**
     * {@code u16 sub_channel_count @12} of CREATE_SUB_CHANNELS.
     *
     * @param count sub-channels asked for
     */
    record SubChannelCount(int count) implements VstorPayload {
        /** Offset of {@code sub_channel_count}. */
        public static final int COUNT_OFFSET = 12;

        /** @throws IllegalArgumentException if the count does not fit a u16 */
        public SubChannelCount {
            VstorPacket.requireU16("sub_channel_count", count);
        }

        @Override
        public VstorMember member() {
            return VstorMember.SUB_CHANNEL_COUNT;
        }

        @Override
        public void write(ByteBuffer packet) {
            packet.putShort(COUNT_OFFSET, (short) count);
        }
    }

    /**
     * {@code struct vmscsi_request} (Win8 layout, 0x34 bytes): {@code u16 length @12; u8 srb_status @14; u8
     * scsi_status @15; u8 port_number @16; u8 path_id @17; u8 target_id @18; u8 lun @19; u8 cdb_length @20; u8
     * sense_info_length @21; u8 data_in @22; u8 reserved @23; u32 data_transfer_length @24; u8 cdb/sense[20] @28;
     * u16 reserve @48; u8 queue_tag @50; u8 queue_action @51; u32 srb_flags @52; u32 time_out_value @56; u32
     * queue_sort_key @60}. EXECUTE_SRB's request and its COMPLETE_IO both carry it.
     *
     * @param length             {@code length} (Linux: sizeof the request)
     * @param srbStatus          SRB status (completion)
     * @param scsiStatus         SCSI status (completion)
     * @param port               port number
     * @param pathId             path id
     * @param targetId           target id
     * @param lun                LUN
     * @param cdbLength          CDB length
     * @param senseInfoLength    sense buffer length
     * @param dataIn             0 write, 1 read, 2 unknown
     * @param dataTransferLength bytes to transfer
     * @param cdbOrSense         the 20-byte CDB (request) or sense data (completion); copied
     * @param queueTag           queue tag
     * @param queueAction        queue action
     * @param srbFlags           SRB flags
     * @param timeOutValue       timeout
     * @param queueSortKey       sort key
     */
    record ScsiRequest(int length, int srbStatus, int scsiStatus, int port, int pathId, int targetId, int lun,
            int cdbLength, int senseInfoLength, int dataIn, int dataTransferLength, byte[] cdbOrSense, int queueTag,
            int queueAction, int srbFlags, int timeOutValue, int queueSortKey) implements VstorPayload {
        /** {@code sizeof(struct vmscsi_request)} with the Win8 extension: Linux's {@code length}. */
        public static final int SIZE = 0x34;
        /** Offset of {@code length}. */
        public static final int LENGTH_OFFSET = 12;
        /** Offset of {@code scsi_status}. */
        public static final int SCSI_STATUS_OFFSET = 15;
        /** Offset of {@code sense_info_length}. */
        public static final int SENSE_INFO_LENGTH_OFFSET = 21;
        /** Offset of {@code data_in}. */
        public static final int DATA_IN_OFFSET = 22;
        /** Offset of {@code srb_status}; the u8 fields follow one per byte up to {@code reserved @23}. */
        public static final int SRB_STATUS_OFFSET = 14;
        /** Offset of {@code data_transfer_length}. */
        public static final int DATA_TRANSFER_LENGTH_OFFSET = 24;
        /** Offset of the CDB / sense union. */
        public static final int CDB_OFFSET = 28;
        /** Size of the CDB / sense union ({@code STORVSC_MAX_CMD_LEN} 0x10 / sense 0x14: the larger). */
        public static final int CDB_LENGTH = 20;
        /** Offset of {@code reserve} (start of the Win8 extension). */
        public static final int RESERVE_OFFSET = 48;
        /** Offset of {@code queue_tag}. */
        public static final int QUEUE_TAG_OFFSET = 50;
        /** Offset of {@code queue_action}. */
        public static final int QUEUE_ACTION_OFFSET = 51;
        /** Offset of {@code srb_flags}. */
        public static final int SRB_FLAGS_OFFSET = 52;
        /** Offset of {@code time_out_value}. */
        public static final int TIME_OUT_VALUE_OFFSET = 56;
        /** Offset of {@code queue_sort_key}. */
        public static final int QUEUE_SORT_KEY_OFFSET = 60;

        /** @throws IllegalArgumentException if a field does not fit its width or the CDB is not 20 bytes */
        public ScsiRequest {
            VstorPacket.requireU16("length", length);
            // Checked one by one, not through an int[] per record (every decoded SRB passes here).
            requireU8(srbStatus);
            requireU8(scsiStatus);
            requireU8(port);
            requireU8(pathId);
            requireU8(targetId);
            requireU8(lun);
            requireU8(cdbLength);
            requireU8(senseInfoLength);
            requireU8(dataIn);
            requireU8(queueTag);
            requireU8(queueAction);
            if (cdbOrSense == null || cdbOrSense.length != CDB_LENGTH) {
                throw new IllegalArgumentException("cdb must be " + CDB_LENGTH + " bytes: length="
                        + (cdbOrSense == null ? "null" : cdbOrSense.length));
            }
            cdbOrSense = cdbOrSense.clone();
        }

        private static void requireU8(int v) {
            if (v < 0 || v > 0xFF) {
                throw new IllegalArgumentException("vmscsi_request u8 field out of range: value=" + v);
            }
        }

        @Override
        public byte[] cdbOrSense() {
            return cdbOrSense.clone();
        }

        @Override
        public VstorMember member() {
            return VstorMember.SCSI_REQUEST;
        }

        @Override
        public void write(ByteBuffer p) {
            p.putShort(LENGTH_OFFSET, (short) length);
            p.put(SRB_STATUS_OFFSET, (byte) srbStatus);
            p.put(SRB_STATUS_OFFSET + 1, (byte) scsiStatus);
            p.put(SRB_STATUS_OFFSET + 2, (byte) port);
            p.put(SRB_STATUS_OFFSET + 3, (byte) pathId);
            p.put(SRB_STATUS_OFFSET + 4, (byte) targetId);
            p.put(SRB_STATUS_OFFSET + 5, (byte) lun);
            p.put(SRB_STATUS_OFFSET + 6, (byte) cdbLength);
            p.put(SENSE_INFO_LENGTH_OFFSET, (byte) senseInfoLength);
            p.put(DATA_IN_OFFSET, (byte) dataIn);
            p.putInt(DATA_TRANSFER_LENGTH_OFFSET, dataTransferLength);
            p.put(CDB_OFFSET, cdbOrSense, 0, CDB_LENGTH);
            p.put(QUEUE_TAG_OFFSET, (byte) queueTag);
            p.put(QUEUE_ACTION_OFFSET, (byte) queueAction);
            p.putInt(SRB_FLAGS_OFFSET, srbFlags);
            p.putInt(TIME_OUT_VALUE_OFFSET, timeOutValue);
            p.putInt(QUEUE_SORT_KEY_OFFSET, queueSortKey);
        }

        static ScsiRequest read(ByteBuffer p) {
            byte[] cdb = new byte[CDB_LENGTH];
            p.get(CDB_OFFSET, cdb, 0, CDB_LENGTH);
            // The u8s from srb_status @14 to data_in @22, one per byte, read without an int[] per packet.
            return new ScsiRequest(Short.toUnsignedInt(p.getShort(LENGTH_OFFSET)), u8(p, SRB_STATUS_OFFSET),
                    u8(p, SRB_STATUS_OFFSET + 1), u8(p, SRB_STATUS_OFFSET + 2), u8(p, SRB_STATUS_OFFSET + 3),
                    u8(p, SRB_STATUS_OFFSET + 4), u8(p, SRB_STATUS_OFFSET + 5), u8(p, SRB_STATUS_OFFSET + 6),
                    u8(p, SENSE_INFO_LENGTH_OFFSET), u8(p, DATA_IN_OFFSET), p.getInt(DATA_TRANSFER_LENGTH_OFFSET), cdb,
                    Byte.toUnsignedInt(p.get(QUEUE_TAG_OFFSET)), Byte.toUnsignedInt(p.get(QUEUE_ACTION_OFFSET)),
                    p.getInt(SRB_FLAGS_OFFSET), p.getInt(TIME_OUT_VALUE_OFFSET), p.getInt(QUEUE_SORT_KEY_OFFSET));
        }

        private static int u8(ByteBuffer p, int off) {
            return Byte.toUnsignedInt(p.get(off));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ScsiRequest s && length == s.length && srbStatus == s.srbStatus
                    && scsiStatus == s.scsiStatus && port == s.port && pathId == s.pathId && targetId == s.targetId
                    && lun == s.lun && cdbLength == s.cdbLength && senseInfoLength == s.senseInfoLength
                    && dataIn == s.dataIn && dataTransferLength == s.dataTransferLength
                    && Arrays.equals(cdbOrSense, s.cdbOrSense) && queueTag == s.queueTag
                    && queueAction == s.queueAction && srbFlags == s.srbFlags && timeOutValue == s.timeOutValue
                    && queueSortKey == s.queueSortKey;
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(cdbOrSense) + dataTransferLength * 17 + srbFlags + lun;
        }

        @Override
        public String toString() {
            return "ScsiRequest[length=" + length + ", srb_status=" + srbStatus + ", scsi_status=" + scsiStatus
                    + ", lun=" + lun + ", cdb_length=" + cdbLength + ", data_in=" + dataIn
                    + ", data_transfer_length=" + dataTransferLength + ", cdb=" + Arrays.toString(cdbOrSense) + "]";
        }
    }
}
