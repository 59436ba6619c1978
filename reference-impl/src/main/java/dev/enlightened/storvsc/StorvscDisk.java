package dev.enlightened.storvsc;

import dev.enlightened.storvsc.lun.BlockStore;
import dev.enlightened.storvsc.lun.MemoryBlockStore;
import dev.enlightened.storvsc.lun.StoreResult;
import dev.enlightened.wire.vstor.VstorScsi;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The simulated host's LUN 0: the SCSI commands a disk must answer (TEST UNIT READY, INQUIRY, READ CAPACITY(10) and
 * (16), READ(10)/(16), WRITE(10)/(16), SYNCHRONIZE CACHE(10)/(16)) over a {@link BlockStore}, as openvmm's SCSI disk
 * emulator ({@code vm/devices/storage/scsidisk}) does for storvsp. Every CDB field is decoded as unsigned and checked
 * before any I/O: a range past the capacity (overflow included), a transfer length that disagrees with the CDB or a
 * wrong direction is CHECK CONDITION with ILLEGAL REQUEST sense, {@code srb_status} SRB_STATUS_ERROR |
 * AUTOSENSE_VALID, which Linux {@code storvsc_on_io_completion} needs before it copies sense. A failure of the
 * backing store is MEDIUM ERROR. Nothing here throws.
 */
public final class StorvscDisk {
    /** Default size: 1 MiB. */
    public static final int DEFAULT_BLOCKS = 2048;
    /** Default block size. */
    public static final int DEFAULT_BLOCK_SIZE = 512;
    private static final byte[] VENDOR = "Msft    ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PRODUCT = "Virtual Disk    ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REVISION = "1.0 ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NONE = new byte[0];

    private final BlockStore store;
    private final long blocks;
    private final int blockSize;
    /**
     * {@link #readDone}'s last result. Safe without a lock: a Result's fields are final, and a caller returns the
     * record it read only after checking that record's size, so a race costs at most one more record.
     */
    private Result lastReadDone;

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
        /**
         * Copies the sense; takes over {@code readData} without a copy (every read's payload passes here, and the
         * disk hands over a fresh array; {@link #readData()} still returns a copy).
         */
        public Result {
            sense = sense.length == 0 ? sense : sense.clone(); // empty cannot change: shared (every good read's)
        }

        /** The sense itself, for the host's encode of the completion (package-private: never handed out). */
        byte[] senseShared() {
            return sense;
        }

        @Override
        public byte[] sense() {
            return sense.clone();
        }

        @Override
        public byte[] readData() {
            return readData.clone();
        }

        /** The read data itself, for the host's copy into guest memory (package-private: never handed out). */
        byte[] readDataShared() {
            return readData;
        }
    }

    /**
     * An in-memory disk (a {@link MemoryBlockStore}).
     *
     * @throws IllegalArgumentException unless both sizes are positive and the disk fits an int
     */
    public StorvscDisk(int blocks, int blockSize) {
        this(new MemoryBlockStore(blocks, blockSize));
    }

    /** @param store what holds the blocks (the caller closes it) */
    public StorvscDisk(BlockStore store) {
        this.store = store;
        this.blocks = store.blocks();
        this.blockSize = store.blockSize();
    }

    /** @return a 1 MiB in-memory disk of 512-byte blocks */
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
        return execute(lun, cdb, dataIn, transferLength, writeData, null);
    }

    /**
     * Executes one SRB; a READ(10)/(16) whose data fits {@code readInto} exactly goes straight into it (the host's
     * DMA into guest memory) and its result carries no data; every other command is as
     * {@link #execute(int, byte[], int, int, byte[])}.
     *
     * @param readInto the guest's buffer for a read's data, or null
     */
    public Result execute(int lun, byte[] cdb, int dataIn, int transferLength, byte[] writeData,
                          java.nio.ByteBuffer[] readInto) {
        if (lun != 0) {
            return new Result(VstorScsi.SRB_INVALID_LUN, VstorScsi.SAM_GOOD, NONE, NONE, 0);
        }
        if (cdb.length == 0) {
            return new Result(VstorScsi.SRB_INVALID_REQUEST, VstorScsi.SAM_GOOD, NONE, NONE, 0);
        }
        int op = Byte.toUnsignedInt(cdb[0]);
        return switch (op) {
            case VstorScsi.TEST_UNIT_READY -> good(NONE);
            case VstorScsi.INQUIRY -> inquiry(cdb, dataIn, transferLength);
            case VstorScsi.READ_CAPACITY_10 -> readCapacity10(cdb, dataIn, transferLength);
            case VstorScsi.SERVICE_ACTION_IN_16 -> readCapacity16(cdb, dataIn, transferLength);
            case VstorScsi.READ_10, VstorScsi.WRITE_10, VstorScsi.READ_16, VstorScsi.WRITE_16 ->
                    readWrite(op, cdb, dataIn, transferLength, writeData, readInto);
            case VstorScsi.SYNCHRONIZE_CACHE_10, VstorScsi.SYNCHRONIZE_CACHE_16 -> synchronize(op, cdb, dataIn,
                    transferLength);
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
        int alloc = (int) getBe(cdb, 3, 2);
        return good(Arrays.copyOf(d, Math.min(Math.min(alloc, transferLength), d.length)));
    }

    /** SBC-3: a capacity whose last LBA does not fit 32 bits reports 0xFFFFFFFF, telling the guest to use (16). */
    private Result readCapacity10(byte[] cdb, int dataIn, int transferLength) {
        if (cdb.length < 10 || dataIn != VstorScsi.DATA_IN || transferLength < VstorScsi.READ_CAPACITY_LENGTH) {
            return illegal(VstorScsi.ASC_INVALID_FIELD_IN_CDB);
        }
        byte[] d = new byte[VstorScsi.READ_CAPACITY_LENGTH];
        putBe(d, 0, 4, Math.min(blocks - 1, 0xFFFF_FFFFL));
        putBe(d, 4, 4, blockSize);
        return good(d);
    }

    /** READ CAPACITY(16): allocation length at 10..13; the data is cut to it, as SPC says. */
    private Result readCapacity16(byte[] cdb, int dataIn, int transferLength) {
        if (cdb.length < 16 || (cdb[1] & 0x1F) != VstorScsi.SAI_READ_CAPACITY_16 || dataIn != VstorScsi.DATA_IN) {
            return illegal(cdb.length >= 2 && (cdb[1] & 0x1F) != VstorScsi.SAI_READ_CAPACITY_16
                    ? VstorScsi.ASC_INVALID_OPCODE : VstorScsi.ASC_INVALID_FIELD_IN_CDB);
        }
        long alloc = getBe(cdb, 10, 4);
        byte[] d = new byte[VstorScsi.READ_CAPACITY_16_LENGTH];
        putBe(d, 0, 8, blocks - 1);
        putBe(d, 8, 4, blockSize);
        return good(Arrays.copyOf(d, (int) Math.min(Math.min(alloc, Integer.toUnsignedLong(transferLength)),
                d.length)));
    }

    /** @return true if {@code op} is a (16) command (its LBA and count are 8 and 4 bytes) */
    private static boolean sixteen(int op) {
        return op == VstorScsi.READ_16 || op == VstorScsi.WRITE_16 || op == VstorScsi.SYNCHRONIZE_CACHE_16;
    }

    /** @return true if the CDB is long enough for its (10) or (16) opcode's LBA and count */
    private static boolean hasRange(int op, byte[] cdb) {
        return cdb.length >= (sixteen(op) ? 16 : 10);
    }

    /** The LBA of a (10) or (16) CDB ({@link #hasRange} checked; no array per command). */
    private static long lba(int op, byte[] cdb) {
        return sixteen(op) ? getBe(cdb, 2, 8) : getBe(cdb, 2, 4);
    }

    /** The block count of a (10) or (16) CDB ({@link #hasRange} checked). */
    private static long count(int op, byte[] cdb) {
        return sixteen(op) ? getBe(cdb, 10, 4) : getBe(cdb, 7, 2);
    }

    /** @return true if blocks {@code lba .. lba+count-1} lie on the disk; {@code lba} is a u64 (unsigned compare) */
    private boolean inside(long lba, long count) {
        return Long.compareUnsigned(lba, blocks) <= 0 && count <= blocks - lba;
    }

    private Result readWrite(int op, byte[] cdb, int dataIn, int transferLength, byte[] writeData,
                             java.nio.ByteBuffer[] readInto) {
        if (!hasRange(op, cdb)) {
            return illegal(VstorScsi.ASC_INVALID_FIELD_IN_CDB);
        }
        long lba = lba(op, cdb);
        long count = count(op, cdb);
        if (!inside(lba, count)) {
            return illegal(VstorScsi.ASC_LBA_OUT_OF_RANGE);
        }
        boolean write = op == VstorScsi.WRITE_10 || op == VstorScsi.WRITE_16;
        long bytes = count * blockSize; // count <= blocks, so no overflow
        if (bytes > Integer.MAX_VALUE - 8) {
            return illegal(VstorScsi.ASC_INVALID_FIELD_IN_CDB); // no transfer this large fits one request
        }
        int wantDir = write ? VstorScsi.DATA_OUT : VstorScsi.DATA_IN;
        if (Integer.toUnsignedLong(transferLength) != bytes || dataIn != wantDir && count > 0
                || write && writeData.length != bytes) {
            return illegal(VstorScsi.ASC_INVALID_FIELD_IN_CDB);
        }
        if (write) {
            StoreResult s = count == 0 ? StoreResult.Done.INSTANCE : store.write(lba, writeData);
            return s == StoreResult.Done.INSTANCE
                    ? new Result(VstorScsi.SRB_SUCCESS, VstorScsi.SAM_GOOD, NONE, NONE, (int) bytes)
                    : medium(VstorScsi.ASC_WRITE_ERROR);
        }
        if (readInto != null && count > 0 && remaining(readInto) == bytes) {
            return store.read(lba, readInto) == StoreResult.Done.INSTANCE ? readDone((int) bytes)
                    : medium(VstorScsi.ASC_UNRECOVERED_READ_ERROR);
        }
        byte[] d = new byte[(int) bytes];
        StoreResult s = count == 0 ? StoreResult.Done.INSTANCE : store.read(lba, d);
        return s == StoreResult.Done.INSTANCE ? good(d) : medium(VstorScsi.ASC_UNRECOVERED_READ_ERROR);
    }

    private static long remaining(java.nio.ByteBuffer[] bufs) {
        long n = 0;
        for (java.nio.ByteBuffer b : bufs) {
            n += b.remaining();
        }
        return n;
    }

    /** SYNCHRONIZE CACHE: the range is checked, then the whole store is flushed (a file has one cache). */
    private Result synchronize(int op, byte[] cdb, int dataIn, int transferLength) {
        if (!hasRange(op, cdb) || transferLength != 0) {
            return illegal(VstorScsi.ASC_INVALID_FIELD_IN_CDB);
        }
        if (!inside(lba(op, cdb), count(op, cdb))) {
            return illegal(VstorScsi.ASC_LBA_OUT_OF_RANGE);
        }
        return store.flush() == StoreResult.Done.INSTANCE ? good(NONE) : medium(VstorScsi.ASC_WRITE_ERROR);
    }

    /**
     * The result of a read that went into the guest's buffer: no data, {@code bytes} transferred. Records are
     * immutable, so the last one is reused while the size repeats (every 4 KiB read of a run: no record per read).
     */
    private Result readDone(int bytes) {
        Result r = lastReadDone;
        if (r == null || r.transferred() != bytes) {
            r = new Result(VstorScsi.SRB_SUCCESS, VstorScsi.SAM_GOOD, NONE, NONE, bytes);
            lastReadDone = r;
        }
        return r;
    }

    private static Result good(byte[] read) {
        return new Result(VstorScsi.SRB_SUCCESS, VstorScsi.SAM_GOOD, NONE, read, read.length);
    }

    private static Result illegal(int asc) {
        return checkCondition(VstorScsi.KEY_ILLEGAL_REQUEST, asc);
    }

    private static Result medium(int asc) {
        return checkCondition(VstorScsi.KEY_MEDIUM_ERROR, asc);
    }

    private static Result checkCondition(int key, int asc) {
        return new Result(VstorScsi.SRB_ERROR | VstorScsi.SRB_AUTOSENSE_VALID, VstorScsi.SAM_CHECK_CONDITION,
                VstorScsi.fixedSense(key, asc, 0), NONE, 0);
    }

    private static void putBe(byte[] b, int at, int n, long v) {
        for (int i = 0; i < n; i++) {
            b[at + i] = (byte) (v >>> (8 * (n - 1 - i)));
        }
    }

    private static long getBe(byte[] b, int at, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = v << 8 | Byte.toUnsignedInt(b[at + i]);
        }
        return v;
    }

    /** @return number of blocks */
    public long blocks() {
        return blocks;
    }

    /** @return bytes per block */
    public int blockSize() {
        return blockSize;
    }

    /** @return what holds the blocks */
    public BlockStore store() {
        return store;
    }

    /**
     * @return a copy of the whole disk, read from the store (tests and small disks: at most 64 MiB)
     * @throws IllegalStateException if the disk is larger or the store fails
     */
    public byte[] snapshot() {
        if (blocks * blockSize > 64L << 20) {
            throw new IllegalStateException("disk too large to snapshot: bytes=" + blocks * blockSize);
        }
        byte[] d = new byte[(int) (blocks * blockSize)];
        if (store.read(0, d) instanceof StoreResult.Failed f) {
            throw new IllegalStateException(f.describe());
        }
        return d;
    }
}
