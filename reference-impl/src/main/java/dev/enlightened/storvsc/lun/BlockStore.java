package dev.enlightened.storvsc.lun;

import java.nio.ByteBuffer;

/**
 * LUN 0's storage: {@link #blocks()} blocks of {@link #blockSize()} bytes. Callers (the SCSI layer,
 * {@link dev.enlightened.storvsc.StorvscDisk}) have already checked that every range lies inside the store and is
 * whole blocks; a store re-checks nothing but the I/O itself. Operations from several host threads are allowed
 * (positional I/O has no shared file position).
 */
public sealed interface BlockStore extends AutoCloseable permits FileBlockStore, MemoryBlockStore {

    /** @return number of blocks */
    long blocks();

    /** @return bytes per block */
    int blockSize();

    /**
     * Reads {@code dst.length} bytes (whole blocks) from block {@code lba}.
     *
     * @param lba first block
     * @param dst where the bytes go
     * @return done, or why not
     */
    StoreResult read(long lba, byte[] dst);

    /**
     * Reads whole blocks from block {@code lba} straight into {@code dsts}, each filled from its position to its
     * limit, in order: the host's DMA into the guest's buffer, with no array in between. This default reads into
     * an array and copies; a file store reads into the buffers themselves.
     *
     * @param lba  first block
     * @param dsts where the bytes go (their remaining bytes add up to whole blocks)
     * @return done, or why not (the buffers may then hold part of the data)
     */
    default StoreResult read(long lba, ByteBuffer[] dsts) {
        int total = 0;
        for (ByteBuffer b : dsts) {
            total += b.remaining();
        }
        byte[] d = new byte[total];
        StoreResult r = read(lba, d);
        if (r == StoreResult.Done.INSTANCE) {
            int at = 0;
            for (ByteBuffer b : dsts) {
                int n = b.remaining();
                b.put(d, at, n);
                at += n;
            }
        }
        return r;
    }

    /**
     * Writes {@code src} (whole blocks) at block {@code lba}.
     *
     * @param lba first block
     * @param src the bytes
     * @return done, or why not
     */
    StoreResult write(long lba, byte[] src);

    /** @return done once every write acknowledged before it is on stable storage (SYNCHRONIZE CACHE) */
    StoreResult flush();

    /** Releases the file, if any. */
    @Override
    void close();
}
