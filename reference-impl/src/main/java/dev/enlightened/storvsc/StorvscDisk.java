package dev.enlightened.storvsc;

import dev.enlightened.wire.vstor.VstorScsi;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The simulated host's LUN 0: an in-memory disk of fixed-size blocks behind the commands a SCSI disk must answer
 * (TEST UNIT READY, INQUIRY, READ CAPACITY(10), READ(10), WRITE(10)), as openvmm's SCSI disk emulator does for
 * storvsp. Everything else, and any bad field, is CHECK CONDITION with ILLEGAL REQUEST sense: {@code srb_status}
 * SRB_STATUS_ERROR | AUTOSENSE_VALID, which Linux {@code storvsc_on_io_completion} needs before it copies sense.
 */
public final class StorvscDisk {
    /** Default size: 1 MiB. */
    public static final int DEFAULT_BLOCKS = 2048;
    /** Default block size. */
    public static final int DEFAULT_BLOCK_SIZE = 512;
    private static final byte[] VENDOR = "Msft    ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PRODUCT = "Virtual Disk    ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REVISION = "1.0 ".getBytes(StandardCharsets.US_ASCII);

    private final int blocks;
    private final int blockSize;
    private final byte[] data;

    /**
     * The outcome of one command.
     *
     * @param srbStatus   {@code srb_status}
     * @param scsiStatus  {@code scsi_status}
     * @param sense       sense data (empty unless CHECK CONDITION)
     * @param readData    bytes for the guest (DATA_IN), else empty
     * @param transferred {@code data_transfer_length} of the completion: bytes moved (0 on error, as Windows)
     */
    public record Result(int srbStatus, int scsiStatus, byte[] sense, byte[] readData, int transferred) {
        /** Copies the arrays. */
        public Result {
            sense = sense.clone();
            readData = readData.clone();
        }

        @Override
        public byte[] sense() {
            return sense.clone();
        }

        @Override
        public byte[] readData() {
            return readData.clone();
        }
    }

    /** @throws IllegalArgumentException unless both sizes are positive and the disk fits an int */
    public StorvscDisk(int blocks, int blockSize) {
        if (blocks <= 0 || blockSize <= 0 || (long) blocks * blockSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bad disk geometry: blocks=" + blocks + " block_size=" + blockSize);
        }
        this.blocks = blocks;
        this.blockSize = blockSize;
        this.data = new byte[blocks * blockSize];
    }

    /** @return a 1 MiB disk of 512-byte blocks */
    public static StorvscDisk defaultDisk() {
        return new StorvscDisk(DEFAULT_BLOCKS, DEFAULT_BLOCK_SIZE);
    }

    /**
     * Executes one SRB.
     *
     * @param lun            the LUN addressed
     * @param cdb            the CDB ({@code cdb_length} bytes)
     * @param dataIn         the SRB's {@code data_in}
     * @param transferLength the SRB's {@code data_transfer_length}
     * @param writeData      the bytes that came with it (DATA_OUT)
     * @return the completion's statuses, sense and data
     */
    public Result execute(int lun, byte[] cdb, int dataIn, int transferLength, byte[] writeData) {
        if (lun != 0) {
            return new Result(VstorScsi.SRB_INVALID_LUN, VstorScsi.SAM_GOOD, new byte[0], new byte[0], 0);
        }
        if (cdb.length == 0) {
            return new Result(VstorScsi.SRB_INVALID_REQUEST, VstorScsi.SAM_GOOD, new byte[0], new byte[0], 0);
        }
        int op = Byte.toUnsignedInt(cdb[0]);
        return switch (op) {
            case VstorScsi.TEST_UNIT_READY -> good(new byte[0]);
            case VstorScsi.INQUIRY -> inquiry(cdb, dataIn, transferLength);
            case VstorScsi.READ_CAPACITY_10 -> readCapacity(cdb, dataIn, transferLength);
            case VstorScsi.READ_10, VstorScsi.WRITE_10 -> readWrite(op, cdb, dataIn, transferLength, writeData);
            default -> illegal(VstorScsi.ASC_INVALID_OPCODE);
        };
    }

    private Result inquiry(byte[] cdb, int dataIn, int transferLength) {
        if (cdb.length < 6 || (cdb[1] & 0x01) != 0 || dataIn != VstorScsi.DATA_IN) {
            return illegal(VstorScsi.ASC_INVALID_FIELD_IN_CDB); // EVPD pages are not emulated.
        }
        byte[] d = new byte[VstorScsi.INQUIRY_LENGTH];
        d[2] = 0x05; // SPC-3
        d[3] = 0x02; // response data format 2
        d[4] = (byte) (VstorScsi.INQUIRY_LENGTH - 5); // additional length
        d[7] = 0x02; // CmdQue
        System.arraycopy(VENDOR, 0, d, 8, VENDOR.length);
        System.arraycopy(PRODUCT, 0, d, 16, PRODUCT.length);
        System.arraycopy(REVISION, 0, d, 32, REVISION.length);
        int alloc = (Byte.toUnsignedInt(cdb[3]) << 8) | Byte.toUnsignedInt(cdb[4]);
        return good(Arrays.copyOf(d, Math.min(Math.min(alloc, transferLength), d.length)));
    }

    private Result readCapacity(byte[] cdb, int dataIn, int transferLength) {
        if (cdb.length < 10 || dataIn != VstorScsi.DATA_IN || transferLength < VstorScsi.READ_CAPACITY_LENGTH) {
            return illegal(VstorScsi.ASC_INVALID_FIELD_IN_CDB);
        }
        byte[] d = new byte[VstorScsi.READ_CAPACITY_LENGTH];
        putBe32(d, 0, blocks - 1L);
        putBe32(d, 4, blockSize);
        return good(d);
    }

    private Result readWrite(int op, byte[] cdb, int dataIn, int transferLength, byte[] writeData) {
        if (cdb.length < 10) {
            return illegal(VstorScsi.ASC_INVALID_FIELD_IN_CDB);
        }
        long lba = getBe32(cdb, 2);
        int count = (Byte.toUnsignedInt(cdb[7]) << 8) | Byte.toUnsignedInt(cdb[8]);
        if (lba + count > blocks) {
            return illegal(VstorScsi.ASC_LBA_OUT_OF_RANGE);
        }
        boolean write = op == VstorScsi.WRITE_10;
        int bytes = count * blockSize;
        int wantDir = write ? VstorScsi.DATA_OUT : VstorScsi.DATA_IN;
        if (transferLength != bytes || dataIn != wantDir && count > 0 || write && writeData.length != bytes) {
            return illegal(VstorScsi.ASC_INVALID_FIELD_IN_CDB);
        }
        int at = (int) lba * blockSize;
        if (write) {
            System.arraycopy(writeData, 0, data, at, bytes);
            return new Result(VstorScsi.SRB_SUCCESS, VstorScsi.SAM_GOOD, new byte[0], new byte[0], bytes);
        }
        return good(Arrays.copyOfRange(data, at, at + bytes));
    }

    private static Result good(byte[] read) {
        return new Result(VstorScsi.SRB_SUCCESS, VstorScsi.SAM_GOOD, new byte[0], read, read.length);
    }

    private static Result illegal(int asc) {
        return new Result(VstorScsi.SRB_ERROR | VstorScsi.SRB_AUTOSENSE_VALID, VstorScsi.SAM_CHECK_CONDITION,
                VstorScsi.fixedSense(VstorScsi.KEY_ILLEGAL_REQUEST, asc, 0), new byte[0], 0);
    }

    private static void putBe32(byte[] b, int at, long v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (24 - 8 * i));
        }
    }

    private static long getBe32(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v = v << 8 | Byte.toUnsignedInt(b[at + i]);
        }
        return v;
    }

    /** @return number of blocks */
    public int blocks() {
        return blocks;
    }

    /** @return bytes per block */
    public int blockSize() {
        return blockSize;
    }

    /** @return a copy of the whole disk */
    public byte[] snapshot() {
        return data.clone();
    }
}
