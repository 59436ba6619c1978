package dev.enlightened.storvsc.lun;

/**
 * A {@link BlockStore} in a heap array: the default LUN of handshake-only runs (1 MiB) and a test double. A flush
 * has nothing to do.
 */
public final class MemoryBlockStore implements BlockStore {
    private final int blockSize;
    private final byte[] data;

    /**
     * @param blocks    number of blocks
     * @param blockSize bytes per block
     * @throws IllegalArgumentException unless both are positive and the store fits an array
     */
    public MemoryBlockStore(int blocks, int blockSize) {
        if (blocks <= 0 || blockSize <= 0 || (long) blocks * blockSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("bad disk geometry: blocks=" + blocks + " block_size=" + blockSize);
        }
        this.blockSize = blockSize;
        this.data = new byte[blocks * blockSize];
    }

    @Override
    public long blocks() {
        return data.length / blockSize;
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public synchronized StoreResult read(long lba, byte[] dst) {
        System.arraycopy(data, Math.toIntExact(lba * blockSize), dst, 0, dst.length);
        return StoreResult.Done.INSTANCE;
    }

    @Override
    public synchronized StoreResult write(long lba, byte[] src) {
        System.arraycopy(src, 0, data, Math.toIntExact(lba * blockSize), src.length);
        return StoreResult.Done.INSTANCE;
    }

    @Override
    public StoreResult flush() {
        return StoreResult.Done.INSTANCE;
    }

    /** @return a copy of every byte */
    public synchronized byte[] snapshot() {
        return data.clone();
    }

    @Override
    public void close() {
    }
}
