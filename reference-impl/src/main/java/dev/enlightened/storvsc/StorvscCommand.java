package dev.enlightened.storvsc;

import dev.enlightened.wire.vstor.VstorPayload;
import dev.enlightened.wire.vstor.VstorScsi;
import dev.enlightened.wire.vstor.VstorSrbFlyweight;
import java.util.Arrays;

/**
 * One SCSI command as the guest submits it (Linux {@code storvsc_queuecommand}): the CDB, the direction and the
 * length of its data, and for a write the data itself. {@link #toSrb()} builds the {@code vmscsi_request} as
 * Linux fills it.
 *
 * @param targetId       {@code target_id}
 * @param lun            {@code lun}
 * @param cdb            the CDB, 1..16 bytes; copied
 * @param dataIn         {@link VstorScsi#DATA_IN}, {@link VstorScsi#DATA_OUT} or {@link VstorScsi#DATA_NONE}
 * @param transferLength bytes to move ({@code data_transfer_length}); 0 for DATA_NONE
 * @param writeData      the bytes to write (DATA_OUT: exactly {@code transferLength}), else empty; copied
 */
public record StorvscCommand(int targetId, int lun, byte[] cdb, int dataIn, int transferLength, byte[] writeData) {

    /** @throws IllegalArgumentException if a field is out of range or the data does not fit the direction */
    public StorvscCommand {
        if (targetId < 0 || targetId > 0xFF || lun < 0 || lun > 0xFF) {
            throw new IllegalArgumentException("target/lun must be u8s: target=" + targetId + " lun=" + lun);
        }
        if (cdb == null || cdb.length < 1 || cdb.length > VstorScsi.MAX_CDB_LENGTH) {
            throw new IllegalArgumentException("cdb must be 1.." + VstorScsi.MAX_CDB_LENGTH + " bytes: length="
                    + (cdb == null ? "null" : cdb.length));
        }
        if (dataIn < VstorScsi.DATA_OUT || dataIn > VstorScsi.DATA_NONE || transferLength < 0
                || dataIn == VstorScsi.DATA_NONE && transferLength != 0) {
            throw new IllegalArgumentException("bad direction/length: data_in=" + dataIn + " length="
                    + transferLength);
        }
        writeData = writeData == null || writeData.length == 0 ? NO_DATA : writeData.clone();
        int want = dataIn == VstorScsi.DATA_OUT ? transferLength : 0;
        if (writeData.length != want) {
            throw new IllegalArgumentException("write data must match the transfer: data=" + writeData.length
                    + " expected=" + want);
        }
        cdb = cdb.clone();
    }

    /** The write data of every command without any: empty, so shared (never handed out: {@link #writeData()} copies). */
    private static final byte[] NO_DATA = new byte[0];

    /** @return TEST UNIT READY to LUN 0 */
    public static StorvscCommand testUnitReady() {
        return new StorvscCommand(0, 0, new byte[6], VstorScsi.DATA_NONE, 0, null);
    }

    /** @return a standard INQUIRY (EVPD 0) for 36 bytes to LUN 0 */
    public static StorvscCommand inquiry() {
        byte[] cdb = {(byte) VstorScsi.INQUIRY, 0, 0, 0, (byte) VstorScsi.INQUIRY_LENGTH, 0};
        return new StorvscCommand(0, 0, cdb, VstorScsi.DATA_IN, VstorScsi.INQUIRY_LENGTH, null);
    }

    /** @return READ CAPACITY(10) to LUN 0 */
    public static StorvscCommand readCapacity() {
        byte[] cdb = new byte[10];
        cdb[0] = (byte) VstorScsi.READ_CAPACITY_10;
        return new StorvscCommand(0, 0, cdb, VstorScsi.DATA_IN, VstorScsi.READ_CAPACITY_LENGTH, null);
    }

    /** @return READ(10) of {@code blocks} blocks from {@code lba} on LUN 0 */
    public static StorvscCommand read10(long lba, int blocks, int blockSize) {
        return new StorvscCommand(0, 0, rw10(VstorScsi.READ_10, lba, blocks), VstorScsi.DATA_IN, blocks * blockSize,
                null);
    }

    /** @return WRITE(10) of {@code data} (whole blocks) at {@code lba} on LUN 0 */
    public static StorvscCommand write10(long lba, byte[] data, int blockSize) {
        if (data.length % blockSize != 0) {
            throw new IllegalArgumentException("write must be whole blocks: length=" + data.length + " block="
                    + blockSize);
        }
        return new StorvscCommand(0, 0, rw10(VstorScsi.WRITE_10, lba, data.length / blockSize), VstorScsi.DATA_OUT,
                data.length, data);
    }

    /** @return READ(16) of {@code blocks} blocks from {@code lba} on LUN 0 */
    public static StorvscCommand read16(long lba, int blocks, int blockSize) {
        return new StorvscCommand(0, 0, rw16(VstorScsi.READ_16, lba, blocks), VstorScsi.DATA_IN, blocks * blockSize,
                null);
    }

    /** @return WRITE(16) of {@code data} (whole blocks) at {@code lba} on LUN 0 */
    public static StorvscCommand write16(long lba, byte[] data, int blockSize) {
        if (data.length % blockSize != 0) {
            throw new IllegalArgumentException("write must be whole blocks: length=" + data.length + " block="
                    + blockSize);
        }
        return new StorvscCommand(0, 0, rw16(VstorScsi.WRITE_16, lba, data.length / blockSize), VstorScsi.DATA_OUT,
                data.length, data);
    }

    /** @return READ CAPACITY(16) (SERVICE ACTION IN(16), allocation length 32) to LUN 0 */
    public static StorvscCommand readCapacity16() {
        byte[] cdb = new byte[16];
        cdb[0] = (byte) VstorScsi.SERVICE_ACTION_IN_16;
        cdb[1] = (byte) VstorScsi.SAI_READ_CAPACITY_16;
        cdb[13] = (byte) VstorScsi.READ_CAPACITY_16_LENGTH;
        return new StorvscCommand(0, 0, cdb, VstorScsi.DATA_IN, VstorScsi.READ_CAPACITY_16_LENGTH, null);
    }

    /** @return SYNCHRONIZE CACHE(10) of the whole LUN 0 (LBA 0, 0 blocks: "to the end", as Linux sd_sync_cache) */
    public static StorvscCommand synchronizeCache() {
        byte[] cdb = new byte[10];
        cdb[0] = (byte) VstorScsi.SYNCHRONIZE_CACHE_10;
        return new StorvscCommand(0, 0, cdb, VstorScsi.DATA_NONE, 0, null);
    }

    /** A 16-byte CDB: opcode, LBA big-endian u64 at 2..9, transfer length in blocks big-endian u32 at 10..13. */
    private static byte[] rw16(int opcode, long lba, int blocks) {
        if (lba < 0 || blocks < 0) {
            throw new IllegalArgumentException("READ/WRITE(16) fields out of range: lba=" + lba + " blocks="
                    + blocks);
        }
        byte[] c = new byte[16];
        c[0] = (byte) opcode;
        for (int i = 0; i < 8; i++) {
            c[2 + i] = (byte) (lba >>> (56 - 8 * i));
        }
        for (int i = 0; i < 4; i++) {
            c[10 + i] = (byte) (blocks >>> (24 - 8 * i));
        }
        return c;
    }

    /** A 10-byte CDB: opcode, LBA big-endian at 2..5, transfer length in blocks big-endian at 7..8. */
    private static byte[] rw10(int opcode, long lba, int blocks) {
        if (lba < 0 || lba > 0xFFFF_FFFFL || blocks < 0 || blocks > 0xFFFF) {
            throw new IllegalArgumentException("READ/WRITE(10) fields out of range: lba=" + lba + " blocks="
                    + blocks);
        }
        byte[] c = new byte[10];
        c[0] = (byte) opcode;
        for (int i = 0; i < 4; i++) {
            c[2 + i] = (byte) (lba >>> (24 - 8 * i));
        }
        c[7] = (byte) (blocks >>> 8);
        c[8] = (byte) blocks;
        return c;
    }

    /** @return the opcode (CDB byte 0) */
    public int opcode() {
        return Byte.toUnsignedInt(cdb[0]);
    }

    @Override
    public byte[] cdb() {
        return cdb.clone();
    }

    @Override
    public byte[] writeData() {
        return writeData.clone();
    }

    /**
     * @return the {@code vmscsi_request} of EXECUTE_SRB as Linux {@code storvsc_queuecommand}/{@code storvsc_do_io}
     *     fill it: length 0x34, sense_info_length 0x14, time_out_value 60, SRB_FLAGS_DISABLE_SYNCH_TRANSFER plus
     *     the direction flag; port and path 0 (one controller)
     */
    public VstorPayload.ScsiRequest toSrb() {
        byte[] area = Arrays.copyOf(cdb, VstorPayload.ScsiRequest.CDB_LENGTH);
        return new VstorPayload.ScsiRequest(VstorPayload.ScsiRequest.SIZE, 0, 0, 0, 0, targetId, lun, cdb.length,
                VstorScsi.SENSE_BUFFER_SIZE, dataIn, transferLength, area, 0, 0, srbFlags(),
                VstorScsi.TIME_OUT_SECONDS, 0);
    }

    /**
     * Writes the EXECUTE_SRB vstor_packet of {@link #toSrb()} in place (the I/O path's encode: no record, no copy of
     * the CDB); the bytes equal {@code VstorPacket.request(EXECUTE_SRB, toSrb()).encode()}.
     */
    void encodeRequest(VstorSrbFlyweight packet) {
        packet.writeRequest(VstorPayload.ScsiRequest.SIZE, targetId, lun, cdb, VstorScsi.SENSE_BUFFER_SIZE, dataIn,
                transferLength, srbFlags(), VstorScsi.TIME_OUT_SECONDS);
    }

    /** The write data itself (package-private: the I/O path copies it into guest pages and never keeps it). */
    byte[] writeDataShared() {
        return writeData;
    }

    private int srbFlags() {
        return VstorScsi.SRB_FLAGS_DISABLE_SYNCH_TRANSFER | switch (dataIn) {
            case VstorScsi.DATA_IN -> VstorScsi.SRB_FLAGS_DATA_IN;
            case VstorScsi.DATA_OUT -> VstorScsi.SRB_FLAGS_DATA_OUT;
            default -> 0;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StorvscCommand c && targetId == c.targetId && lun == c.lun && Arrays.equals(cdb, c.cdb)
                && dataIn == c.dataIn && transferLength == c.transferLength && Arrays.equals(writeData, c.writeData);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(cdb) * 31 + transferLength;
    }

    @Override
    public String toString() {
        return "StorvscCommand[opcode=0x" + Integer.toHexString(opcode()) + ", lun=" + lun + ", data_in=" + dataIn
                + ", length=" + transferLength + "]";
    }
}
