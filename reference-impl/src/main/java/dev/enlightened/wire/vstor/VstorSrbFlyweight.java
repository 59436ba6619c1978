package dev.enlightened.wire.vstor;

/**
 * A flyweight over a 64-byte {@code struct vstor_packet} carrying a {@code vmscsi_request} (EXECUTE_SRB and its
 * COMPLETE_IO), read and written in place in a caller's byte array: the I/O path's encode and decode without a
 * {@link VstorPacket}, a {@link VstorPayload.ScsiRequest}, a {@code ByteBuffer} or a CDB array per packet (Agrona's
 * flyweight habit, e.g. its {@code MessageFlyweight}; Linux storvsc fills its {@code vstor_packet} in place too).
 * Offsets are {@link VstorPacket}'s and {@link VstorPayload.ScsiRequest}'s; the layout is theirs, little-endian.
 *
 * <p>Reading untrusted bytes: {@link #checkCompletion(int)} and {@link #checkRequest(int)} give the same
 * {@link VstorDecodeError}s as {@link VstorCodec} (and allocate only then); the getters return u8/u16 fields
 * unsigned and u32 fields as the raw int, which a caller must widen with {@link Integer#toUnsignedLong(int)} before
 * comparing (a length of {@code 0x8000_0000} is not negative). One instance serves one thread.
 */
public final class VstorSrbFlyweight {
    private byte[] buf;
    private int base;

    /**
     * Points the flyweight at a packet.
     *
     * @param bytes  the buffer, at least {@link VstorPacket#LENGTH} bytes from {@code offset} (the caller's own;
     *               {@link #checkCompletion(int)} says whether the bytes received fill them)
     * @param offset where the packet starts
     * @return this
     * @throws IllegalArgumentException if the buffer holds no 64 bytes at {@code offset} (a caller's bug)
     */
    public VstorSrbFlyweight wrap(byte[] bytes, int offset) {
        if (offset < 0 || offset > bytes.length - VstorPacket.LENGTH) {
            throw new IllegalArgumentException("no vstor_packet there: offset=" + offset + " buffer=" + bytes.length);
        }
        this.buf = bytes;
        this.base = offset;
        return this;
    }

    /**
     * Checks a packet the guest expects to complete one of its SRBs, as
     * {@code VstorCodec.decodeCompletion(bytes, offset, length, SCSI_REQUEST)} does: long enough, a known operation,
     * only REQUEST_COMPLETION_FLAG set. The operation itself (COMPLETE_IO or not) is the caller's to check.
     *
     * @param length bytes received from the wrapped offset
     * @return null if the SRB fields can be read, else the decode error
     */
    public VstorDecodeError checkCompletion(int length) {
        return check(length);
    }

    /**
     * Checks a request from the guest as {@code VstorCodec.decodeRequest} does (length, operation, flags).
     *
     * @param length bytes received from the wrapped offset
     * @return null if the packet's fields can be read, else the decode error
     */
    public VstorDecodeError checkRequest(int length) {
        return check(length);
    }

    private VstorDecodeError check(int length) {
        if (length < VstorPacket.LENGTH) {
            return new VstorDecodeError.Truncated(Math.max(length, 0), VstorPacket.LENGTH);
        }
        long code = Integer.toUnsignedLong(getInt(VstorPacket.OPERATION_OFFSET));
        if (VstorOperation.fromCode(code) == null) {
            return new VstorDecodeError.UnknownOperation(code);
        }
        int flags = getInt(VstorPacket.FLAGS_OFFSET);
        if ((flags & ~VstorPacket.REQUEST_COMPLETION_FLAG) != 0) {
            return new VstorDecodeError.InvalidFlags(Integer.toUnsignedLong(flags));
        }
        return null;
    }

    /** @return the operation (call after a check passed: it is then a known one) */
    public VstorOperation operation() {
        return VstorOperation.fromCode(Integer.toUnsignedLong(getInt(VstorPacket.OPERATION_OFFSET)));
    }

    /** @return {@code status} (NTSTATUS), raw */
    public int status() {
        return getInt(VstorPacket.STATUS_OFFSET);
    }

    /** @return {@code srb_status} (u8) */
    public int srbStatus() {
        return u8(VstorPayload.ScsiRequest.SRB_STATUS_OFFSET);
    }

    /** @return {@code scsi_status} (u8) */
    public int scsiStatus() {
        return u8(VstorPayload.ScsiRequest.SCSI_STATUS_OFFSET);
    }

    /** @return {@code sense_info_length} (u8) */
    public int senseInfoLength() {
        return u8(VstorPayload.ScsiRequest.SENSE_INFO_LENGTH_OFFSET);
    }

    /** @return {@code data_in} (u8) */
    public int dataIn() {
        return u8(VstorPayload.ScsiRequest.DATA_IN_OFFSET);
    }

    /** @return {@code data_transfer_length}: a u32 as the raw int (widen with {@link Integer#toUnsignedLong}) */
    public int dataTransferLength() {
        return getInt(VstorPayload.ScsiRequest.DATA_TRANSFER_LENGTH_OFFSET);
    }

    /**
     * @return the {@code vmscsi_request} as the record {@link VstorCodec} decodes (the host keeps it with the request
     *     in flight), read straight from the bytes: no {@code ByteBuffer}, {@link VstorPacket} or decode result
     */
    public VstorPayload.ScsiRequest scsiRequest() {
        return new VstorPayload.ScsiRequest(u16(VstorPayload.ScsiRequest.LENGTH_OFFSET), srbStatus(), scsiStatus(),
                u8(VstorPayload.ScsiRequest.SRB_STATUS_OFFSET + 2), u8(VstorPayload.ScsiRequest.SRB_STATUS_OFFSET + 3),
                u8(VstorPayload.ScsiRequest.SRB_STATUS_OFFSET + 4), u8(VstorPayload.ScsiRequest.SRB_STATUS_OFFSET + 5),
                u8(VstorPayload.ScsiRequest.SRB_STATUS_OFFSET + 6), senseInfoLength(), dataIn(), dataTransferLength(),
                cdbOrSense(), u8(VstorPayload.ScsiRequest.QUEUE_TAG_OFFSET),
                u8(VstorPayload.ScsiRequest.QUEUE_ACTION_OFFSET), getInt(VstorPayload.ScsiRequest.SRB_FLAGS_OFFSET),
                getInt(VstorPayload.ScsiRequest.TIME_OUT_VALUE_OFFSET),
                getInt(VstorPayload.ScsiRequest.QUEUE_SORT_KEY_OFFSET));
    }

    /** @return a copy of the 20-byte CDB / sense union (the error path's: it allocates) */
    public byte[] cdbOrSense() {
        byte[] out = new byte[VstorPayload.ScsiRequest.CDB_LENGTH];
        System.arraycopy(buf, base + VstorPayload.ScsiRequest.CDB_OFFSET, out, 0, out.length);
        return out;
    }

    /**
     * Writes an EXECUTE_SRB request in place, every byte of the 64 (the union bytes the request does not cover zero),
     * exactly as {@code VstorPacket.request(EXECUTE_SRB, srb).encode()} would for the same fields.
     *
     * @param srbLength          {@code length} (u16)
     * @param targetId           target id (u8)
     * @param lun                LUN (u8)
     * @param cdb                the CDB, at most {@link VstorPayload.ScsiRequest#CDB_LENGTH} bytes, the rest zero
     * @param senseInfoLength    sense buffer length (u8)
     * @param dataIn             0 write, 1 read, 2 unknown (u8)
     * @param dataTransferLength bytes to transfer (u32)
     * @param srbFlags           SRB flags
     * @param timeOutValue       timeout
     */
    public void writeRequest(int srbLength, int targetId, int lun, byte[] cdb, int senseInfoLength, int dataIn,
            int dataTransferLength, int srbFlags, int timeOutValue) {
        java.util.Arrays.fill(buf, base, base + VstorPacket.LENGTH, (byte) 0);
        putInt(VstorPacket.OPERATION_OFFSET, VstorOperation.EXECUTE_SRB.code());
        putInt(VstorPacket.FLAGS_OFFSET, VstorPacket.REQUEST_COMPLETION_FLAG);
        putInt(VstorPacket.STATUS_OFFSET, VstorStatus.SUCCESS);
        putShort(VstorPayload.ScsiRequest.LENGTH_OFFSET, srbLength);
        // srb_status, scsi_status, port, path_id stay 0; target_id @18, lun @19, cdb_length @20 follow them.
        putU8(VstorPayload.ScsiRequest.SRB_STATUS_OFFSET + 4, targetId);
        putU8(VstorPayload.ScsiRequest.SRB_STATUS_OFFSET + 5, lun);
        putU8(VstorPayload.ScsiRequest.SRB_STATUS_OFFSET + 6, cdb.length);
        putU8(VstorPayload.ScsiRequest.SENSE_INFO_LENGTH_OFFSET, senseInfoLength);
        putU8(VstorPayload.ScsiRequest.DATA_IN_OFFSET, dataIn);
        putInt(VstorPayload.ScsiRequest.DATA_TRANSFER_LENGTH_OFFSET, dataTransferLength);
        System.arraycopy(cdb, 0, buf, base + VstorPayload.ScsiRequest.CDB_OFFSET,
                Math.min(cdb.length, VstorPayload.ScsiRequest.CDB_LENGTH));
        putInt(VstorPayload.ScsiRequest.SRB_FLAGS_OFFSET, srbFlags);
        putInt(VstorPayload.ScsiRequest.TIME_OUT_VALUE_OFFSET, timeOutValue);
    }

    /**
     * Writes the COMPLETE_IO of {@code request} in place, every byte of the 64, exactly as
     * {@code VstorPacket.completion(SUCCESS, reply).encode()} would for a reply that keeps the request's fields and
     * sets these (as openvmm storvsp answers): flags 0, status SUCCESS.
     *
     * @param request            the request answered
     * @param srbStatus          SRB status (u8)
     * @param scsiStatus         SCSI status (u8)
     * @param sense              sense data, at most {@link VstorPayload.ScsiRequest#CDB_LENGTH} bytes kept (the
     *                           rest of the union zero); its length is {@code sense_info_length}
     * @param dataTransferLength bytes transferred (u32)
     */
    public void writeCompletion(VstorPayload.ScsiRequest request, int srbStatus, int scsiStatus, byte[] sense,
            int dataTransferLength) {
        java.util.Arrays.fill(buf, base, base + VstorPacket.LENGTH, (byte) 0);
        putInt(VstorPacket.OPERATION_OFFSET, VstorOperation.COMPLETE_IO.code());
        putInt(VstorPacket.STATUS_OFFSET, VstorStatus.SUCCESS);
        putShort(VstorPayload.ScsiRequest.LENGTH_OFFSET, request.length());
        putU8(VstorPayload.ScsiRequest.SRB_STATUS_OFFSET, srbStatus);
        putU8(VstorPayload.ScsiRequest.SCSI_STATUS_OFFSET, scsiStatus);
        putU8(VstorPayload.ScsiRequest.SRB_STATUS_OFFSET + 2, request.port());
        putU8(VstorPayload.ScsiRequest.SRB_STATUS_OFFSET + 3, request.pathId());
        putU8(VstorPayload.ScsiRequest.SRB_STATUS_OFFSET + 4, request.targetId());
        putU8(VstorPayload.ScsiRequest.SRB_STATUS_OFFSET + 5, request.lun());
        putU8(VstorPayload.ScsiRequest.SRB_STATUS_OFFSET + 6, request.cdbLength());
        putU8(VstorPayload.ScsiRequest.SENSE_INFO_LENGTH_OFFSET, sense.length);
        putU8(VstorPayload.ScsiRequest.DATA_IN_OFFSET, request.dataIn());
        putInt(VstorPayload.ScsiRequest.DATA_TRANSFER_LENGTH_OFFSET, dataTransferLength);
        System.arraycopy(sense, 0, buf, base + VstorPayload.ScsiRequest.CDB_OFFSET,
                Math.min(sense.length, VstorPayload.ScsiRequest.CDB_LENGTH));
        putU8(VstorPayload.ScsiRequest.QUEUE_TAG_OFFSET, request.queueTag());
        putU8(VstorPayload.ScsiRequest.QUEUE_ACTION_OFFSET, request.queueAction());
        putInt(VstorPayload.ScsiRequest.SRB_FLAGS_OFFSET, request.srbFlags());
        putInt(VstorPayload.ScsiRequest.TIME_OUT_VALUE_OFFSET, request.timeOutValue());
        putInt(VstorPayload.ScsiRequest.QUEUE_SORT_KEY_OFFSET, request.queueSortKey());
    }

    private int u8(int off) {
        return buf[base + off] & 0xFF;
    }

    private int u16(int off) {
        return (buf[base + off] & 0xFF) | (buf[base + off + 1] & 0xFF) << 8;
    }

    private int getInt(int off) {
        int at = base + off;
        return (buf[at] & 0xFF) | (buf[at + 1] & 0xFF) << 8 | (buf[at + 2] & 0xFF) << 16 | (buf[at + 3] & 0xFF) << 24;
    }

    private void putU8(int off, int v) {
        buf[base + off] = (byte) v;
    }

    private void putShort(int off, int v) {
        buf[base + off] = (byte) v;
        buf[base + off + 1] = (byte) (v >>> 8);
    }

    private void putInt(int off, int v) {
        int at = base + off;
        buf[at] = (byte) v;
        buf[at + 1] = (byte) (v >>> 8);
        buf[at + 2] = (byte) (v >>> 16);
        buf[at + 3] = (byte) (v >>> 24);
    }
}
